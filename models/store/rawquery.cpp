#include "store/rawquery.h"

#include <sqlite3.h>

namespace mapline {

RawQuery::~RawQuery()
{
    sqlite3_finalize(mStmt);
}

Status RawQuery::prepare(sqlite3 *db, const QString &sql)
{
    sqlite3_finalize(mStmt);
    mStmt = nullptr;
    mDb = db;
    mError.clear();
    if (!db)
        return Status::failure(QStringLiteral("not a SQLite connection"));
    const QByteArray text = sql.toUtf8();
    if (sqlite3_prepare_v2(db, text.constData(), int(text.size()), &mStmt, nullptr) != SQLITE_OK)
        return Status::failure(QStringLiteral("cannot prepare \"%1\": %2").arg(sql.left(80), QString::fromUtf8(sqlite3_errmsg(db))));
    return {};
}

void RawQuery::bind(int parameter, qint64 value)
{
    sqlite3_bind_int64(mStmt, parameter, value);
}

void RawQuery::bindText(int parameter, const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    sqlite3_bind_text(mStmt, parameter, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
}

bool RawQuery::next()
{
    const int rc = sqlite3_step(mStmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc != SQLITE_DONE)
        mError = QString::fromUtf8(sqlite3_errmsg(mDb));
    return false;
}

void RawQuery::reset()
{
    sqlite3_reset(mStmt);
    sqlite3_clear_bindings(mStmt);
    mError.clear();
}

bool RawQuery::isNull(int column) const
{
    return sqlite3_column_type(mStmt, column) == SQLITE_NULL;
}

qint64 RawQuery::int64(int column) const
{
    return sqlite3_column_int64(mStmt, column);
}

double RawQuery::real(int column) const
{
    return sqlite3_column_double(mStmt, column);
}

std::string_view RawQuery::text(int column) const
{
    const auto *p = reinterpret_cast<const char *>(sqlite3_column_text(mStmt, column));
    return p ? std::string_view(p, size_t(sqlite3_column_bytes(mStmt, column))) : std::string_view();
}

QString RawQuery::string(int column) const
{
    const std::string_view t = text(column);
    return QString::fromUtf8(t.data(), qsizetype(t.size()));
}

} // namespace mapline
