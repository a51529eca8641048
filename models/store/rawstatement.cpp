#include "store/rawstatement.h"

#include <QSqlDriver>
#include <QVariant>

#include <sqlite3.h>

namespace mapline {
namespace {

// QString's UTF-16 as UTF-8 into `out`, reusing its capacity. Unpaired surrogates become U+FFFD,
// as QString::toUtf8 does. Written through a pointer into a buffer sized for the worst case
// (three bytes a UTF-16 unit) and cut to size after: a push_back a byte was 1.7 % of an import.
void utf8Into(std::string &out, QStringView text)
{
    const qsizetype n = text.size();
    out.resize(size_t(n) * 3);
    char *o = out.data();
    const char16_t *s = text.utf16();
    for (qsizetype i = 0; i < n; ++i) {
        char32_t c = s[i];
        if (c < 0x80) {
            *o++ = char(c);
            continue;
        }
        if (c >= 0xD800 && c <= 0xDBFF && i + 1 < n && s[i + 1] >= 0xDC00 && s[i + 1] <= 0xDFFF) {
            c = 0x10000 + ((c - 0xD800) << 10) + (s[i + 1] - 0xDC00);
            ++i; // two units in, four bytes out: within the worst case
        } else if (c >= 0xD800 && c <= 0xDFFF) {
            c = 0xFFFD;
        }
        if (c < 0x800) {
            *o++ = char(0xC0 | (c >> 6));
        } else if (c < 0x10000) {
            *o++ = char(0xE0 | (c >> 12));
            *o++ = char(0x80 | ((c >> 6) & 0x3F));
        } else {
            *o++ = char(0xF0 | (c >> 18));
            *o++ = char(0x80 | ((c >> 12) & 0x3F));
            *o++ = char(0x80 | ((c >> 6) & 0x3F));
        }
        *o++ = char(0x80 | (c & 0x3F));
    }
    out.resize(size_t(o - out.data()));
}

} // namespace

sqlite3 *sqliteHandle(const QSqlDatabase &db)
{
    const QVariant handle = db.driver() ? db.driver()->handle() : QVariant();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(handle.constData());
}

RawStatement::~RawStatement()
{
    sqlite3_finalize(mStmt);
}

Status RawStatement::prepare(sqlite3 *db, const char *sql)
{
    sqlite3_finalize(mStmt);
    mStmt = nullptr;
    mDb = db;
    if (!db)
        return Status::failure(QStringLiteral("not an SQLite connection"));
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &mStmt, nullptr) != SQLITE_OK)
        return Status::failure(QStringLiteral("cannot prepare \"%1\": %2")
                                   .arg(QString::fromUtf8(sql).left(80), QString::fromUtf8(sqlite3_errmsg(db))));
    mText.assign(size_t(sqlite3_bind_parameter_count(mStmt)) + 1, std::string());
    return {};
}

void RawStatement::bindNull(int parameter)
{
    sqlite3_bind_null(mStmt, parameter);
}

void RawStatement::bind(int parameter, qint64 value)
{
    sqlite3_bind_int64(mStmt, parameter, value);
}

void RawStatement::bind(int parameter, double value)
{
    sqlite3_bind_double(mStmt, parameter, value);
}

void RawStatement::bindText(int parameter, QStringView text)
{
    std::string &buffer = mText[size_t(parameter)];
    utf8Into(buffer, text);
    sqlite3_bind_text(mStmt, parameter, buffer.data(), int(buffer.size()), SQLITE_STATIC);
}

void RawStatement::bindAscii(int parameter, std::string_view text)
{
    std::string &buffer = mText[size_t(parameter)];
    buffer.assign(text);
    sqlite3_bind_text(mStmt, parameter, buffer.data(), int(buffer.size()), SQLITE_STATIC);
}

bool RawStatement::step(QString *why, bool *row)
{
    const int rc = sqlite3_step(mStmt);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        *why = QString::fromUtf8(sqlite3_errmsg(mDb)); // before the reset
    if (row)
        *row = rc == SQLITE_ROW;
    sqlite3_reset(mStmt);
    return rc == SQLITE_DONE || rc == SQLITE_ROW;
}

qint64 RawStatement::lastInsertId() const
{
    return sqlite3_last_insert_rowid(mDb);
}

} // namespace mapline
