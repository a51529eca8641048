#include "store/pg/pgcopy.h"

#include "store/copy/sqlitecopy.h"
#include "store/pg/pgbulkload.h"
#include "store/pg/pgconnection.h"
#include "store/pg/pgschema.h"

#include <charconv>

namespace mapline::storecopy {
namespace {

constexpr qsizetype kSendBytes = 256 * 1024; // COPY data is sent in pieces of about this size

Value::Kind kindOf(const QString &dataType)
{
    if (dataType == u"bigint" || dataType == u"integer" || dataType == u"smallint")
        return Value::Kind::Integer;
    if (dataType == u"double precision" || dataType == u"real" || dataType == u"numeric")
        return Value::Kind::Real;
    return Value::Kind::Text; // text, and date (ISO, as the session's DateStyle writes it)
}

// Columns a row can be given (generated ones, such as geom, are computed), with their types.
Result<pg::PgResult> columnRows(pg::PgConnection &c, const QString &table)
{
    return c.query(QStringLiteral("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = $1 "
                                  "AND table_name = $2 AND is_generated = 'NEVER' ORDER BY ordinal_position"),
                   {QString::fromLatin1(pg::pgschema::kSchema), table}, QStringLiteral("reading the columns of %1").arg(table));
}

QStringList namesOf(const pg::PgResult &rows)
{
    QStringList out;
    for (int i = 0; i < rows.rows(); ++i)
        out << rows.string(i, 0);
    return out;
}

void appendEscaped(QByteArray &out, const std::string &text)
{
    for (const char ch : text) {
        switch (ch) {
        case '\\': out += "\\\\"; break;
        case '\t': out += "\\t"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        default: out += ch; break;
        }
    }
}

} // namespace

void unescapeCopyField(std::string_view field, std::string &out)
{
    out.clear();
    for (size_t i = 0; i < field.size(); ++i) {
        const char ch = field[i];
        if (ch != '\\' || i + 1 == field.size()) {
            out += ch;
            continue;
        }
        const char next = field[++i];
        switch (next) {
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'v': out += '\v'; break;
        case 'x': {
            int value = 0, digits = 0;
            while (digits < 2 && i + 1 < field.size() && std::isxdigit(static_cast<unsigned char>(field[i + 1]))) {
                const char h = field[++i];
                value = value * 16 + (h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
                ++digits;
            }
            out += digits ? char(value) : 'x';
            break;
        }
        default:
            if (next >= '0' && next <= '7') {
                int value = next - '0', digits = 1;
                while (digits < 3 && i + 1 < field.size() && field[i + 1] >= '0' && field[i + 1] <= '7') {
                    value = value * 8 + (field[++i] - '0');
                    ++digits;
                }
                out += char(value);
            } else {
                out += next; // \\ and any other character stand for themselves
            }
        }
    }
}

bool appendCopyLine(QByteArray &out, const Row &row)
{
    char number[32];
    for (size_t i = 0; i < row.size(); ++i) {
        if (i > 0)
            out += '\t';
        const Value &v = row[i];
        switch (v.kind) {
        case Value::Kind::Null:
            out += "\\N";
            break;
        case Value::Kind::Integer: {
            const auto r = std::to_chars(number, number + sizeof number, v.integer);
            out.append(number, r.ptr - number);
            break;
        }
        case Value::Kind::Real: { // the shortest text that reads back as the same double
            const auto r = std::to_chars(number, number + sizeof number, v.real);
            out.append(number, r.ptr - number);
            break;
        }
        case Value::Kind::Text:
            if (v.text.find('\0') != std::string::npos)
                return false;
            appendEscaped(out, v.text);
            break;
        }
    }
    out += '\n';
    return true;
}

bool parseCopyLine(std::string_view line, const std::vector<Value::Kind> &kinds, Row &row)
{
    if (!line.empty() && line.back() == '\n')
        line.remove_suffix(1);
    size_t start = 0;
    for (size_t column = 0; column < kinds.size(); ++column) {
        if (start > line.size())
            return false; // fewer fields than columns
        size_t end = line.find('\t', start);
        if (end == std::string_view::npos)
            end = line.size();
        const std::string_view field = line.substr(start, end - start);
        start = end + 1;
        Value &v = row[column];
        if (field == "\\N") {
            v.kind = Value::Kind::Null;
            continue;
        }
        v.kind = kinds[column];
        if (v.kind == Value::Kind::Integer) {
            if (std::from_chars(field.data(), field.data() + field.size(), v.integer).ec != std::errc())
                return false;
        } else if (v.kind == Value::Kind::Real) {
            if (std::from_chars(field.data(), field.data() + field.size(), v.real).ec != std::errc())
                return false;
        } else {
            unescapeCopyField(field, v.text);
        }
    }
    return start == line.size() + 1; // no field left over
}

// ---- reading ----

Result<std::unique_ptr<PgSource>> PgSource::open(const QString &url)
{
    using R = Result<std::unique_ptr<PgSource>>;
    auto c = pg::PgConnection::open(url);
    if (!c)
        return R::failure(c.error());
    if (Result<int> v = pg::pgschema::prepare(*c.value(), pg::pgschema::Mode::ReadOnly); !v)
        return R::failure(v.error());
    std::unique_ptr<PgSource> source(new PgSource);
    source->mConnection = std::move(c).value();
    return source;
}

PgSource::~PgSource() = default; // closing the connection ends the read-only transaction

QString PgSource::name() const { return mConnection->url(); }

Status PgSource::begin()
{
    return mConnection->exec(QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY"), QStringLiteral("starting the copy"));
}

Result<QStringList> PgSource::columns(const QString &table)
{
    const Result<pg::PgResult> rows = columnRows(*mConnection, table);
    if (!rows)
        return Result<QStringList>::failure(rows.error());
    for (int i = 0; i < rows->rows(); ++i)
        mKinds.insert(table + QLatin1Char('.') + rows->string(i, 0), kindOf(rows->string(i, 1)));
    return namesOf(*rows);
}

Result<QStringList> PgSource::foreignTables(const QStringList &known)
{
    const Result<pg::PgResult> rows =
        mConnection->query(QStringLiteral("SELECT table_name FROM information_schema.tables WHERE table_schema = $1 "
                                          "AND table_type = 'BASE TABLE' ORDER BY 1"),
                           {QString::fromLatin1(pg::pgschema::kSchema)}, QStringLiteral("listing the tables"));
    if (!rows)
        return Result<QStringList>::failure(rows.error());
    QStringList out;
    for (const QString &t : namesOf(*rows))
        if (!known.contains(t))
            out << t;
    return out;
}

Status PgSource::read(const QString &table, const QStringList &columns, const QString &where, const QString &orderBy,
                      const std::function<Status(const Row &)> &row)
{
    std::vector<Value::Kind> kinds;
    for (const QString &c : columns)
        kinds.push_back(mKinds.value(table + QLatin1Char('.') + c, Value::Kind::Text));
    Row values(kinds.size());
    qint64 line = 0;
    return mConnection->copyOut(
        QStringLiteral("COPY (SELECT %1 FROM %2%3 ORDER BY %4) TO STDOUT")
            .arg(quotedNames(columns), quotedName(table), where.isEmpty() ? QString() : QStringLiteral(" WHERE ") + where,
                 orderBy),
        QStringLiteral("reading %1").arg(table), [&](std::string_view text, QString *why) {
            ++line;
            if (!parseCopyLine(text, kinds, values)) {
                *why = QStringLiteral("row %1 of %2 cannot be read").arg(line).arg(table);
                return false;
            }
            const Status s = row(values);
            if (!s)
                *why = s.error();
            return s.ok();
        });
}

// ---- writing ----

Result<std::unique_ptr<PgTarget>> PgTarget::open(const QString &url)
{
    using R = Result<std::unique_ptr<PgTarget>>;
    auto c = pg::PgConnection::open(url);
    if (!c)
        return R::failure(c.error());
    if (Result<int> v = pg::pgschema::prepare(*c.value(), pg::pgschema::Mode::Create); !v)
        return R::failure(v.error());
    std::unique_ptr<PgTarget> target(new PgTarget);
    target->mConnection = std::move(c).value();
    return target;
}

PgTarget::~PgTarget()
{
    rollback();
}

QString PgTarget::name() const { return mConnection->url(); }

Result<QStringList> PgTarget::columns(const QString &table)
{
    const Result<pg::PgResult> rows = columnRows(*mConnection, table);
    if (!rows)
        return Result<QStringList>::failure(rows.error());
    return namesOf(*rows);
}

Result<QString> PgTarget::begin(const QStringList &tables, const QStringList &seeded)
{
    using R = Result<QString>;
    // Nobody else writes until the copy is committed or rolled back.
    if (Status s = mConnection->exec(QStringLiteral("BEGIN; SET LOCAL jit = off; LOCK TABLE %1 IN EXCLUSIVE MODE").arg(quotedNames(tables)),
                                     QStringLiteral("starting the copy"));
        !s)
        return R::failure(s.error());
    mInTransaction = true;
    mTables = tables;
    for (const QString &table : tables) {
        if (seeded.contains(table))
            continue;
        const Result<pg::PgResult> any = mConnection->query(QStringLiteral("SELECT 1 FROM %1 LIMIT 1").arg(quotedName(table)),
                                                            QStringLiteral("reading %1").arg(table));
        if (!any)
            return R::failure(any.error());
        if (any->rows() > 0)
            return table;
    }
    for (auto t = tables.crbegin(); t != tables.crend(); ++t) {
        const QString keep = *t == u"settings" ? QStringLiteral(" WHERE key <> '%1'").arg(QLatin1String(pg::pgschema::kVersionKey))
                                                : QString();
        if (Status s = mConnection->exec(QStringLiteral("DELETE FROM %1%2").arg(quotedName(*t), keep),
                                         QStringLiteral("emptying %1").arg(*t));
            !s)
            return R::failure(s.error());
    }
    if (Status s = dropForLoad(); !s)
        return R::failure(s.error());
    return QString();
}

// An empty store is filled fastest without its secondary indexes and foreign keys (pgbulkload.h),
// built again at commit.
Status PgTarget::dropForLoad()
{
    Result<QStringList> restore = pg::dropForLoad(*mConnection);
    if (!restore)
        return Status::failure(restore.error());
    mRestore = *restore;
    return {};
}

Status PgTarget::beginTable(const QString &table, const QStringList &columns)
{
    mTable = table;
    mRow = 0;
    mBuffer.clear();
    mInCopy = true;
    return mConnection->copyInBegin(QStringLiteral("COPY %1 (%2) FROM STDIN").arg(quotedName(table), quotedNames(columns)),
                                    QStringLiteral("writing %1").arg(table));
}

Status PgTarget::flush()
{
    if (mBuffer.isEmpty())
        return {};
    const Status s = mConnection->copyInSend(mBuffer);
    mBuffer.clear();
    return s;
}

Status PgTarget::write(const Row &row)
{
    ++mRow;
    if (!appendCopyLine(mBuffer, row))
        return Status::failure(QStringLiteral("%1: row %2 of %3 holds a NUL character, which PostgreSQL's text cannot store")
                                   .arg(name())
                                   .arg(mRow)
                                   .arg(mTable));
    return mBuffer.size() >= kSendBytes ? flush() : Status();
}

Status PgTarget::endTable()
{
    const Status sent = flush();
    const Status ended = mConnection->copyInEnd();
    mInCopy = false;
    return sent ? ended : sent;
}

Status PgTarget::commit()
{
    if (Status s = pg::restoreAfterLoad(*mConnection, mRestore); !s)
        return s;
    // New rows (imports) take ids after the copied ones.
    for (const QString &table : mTables) {
        if (table == u"settings" || table == u"event_actors")
            continue;
        if (Status s = mConnection->exec(
                QStringLiteral("SELECT setval(pg_get_serial_sequence('%1.%2', 'id'), GREATEST(max(id), 1), max(id) IS NOT NULL) "
                               "FROM %2; ANALYZE %2")
                    .arg(QLatin1String(pg::pgschema::kSchema), table),
                QStringLiteral("setting the next id of %1").arg(table));
            !s)
            return s;
    }
    if (Status s = mConnection->exec(QStringLiteral("COMMIT"), QStringLiteral("committing the copy")); !s)
        return s;
    mInTransaction = false;
    return {};
}

void PgTarget::rollback()
{
    if (mInCopy && mConnection)
        mConnection->copyInAbort();
    mInCopy = false;
    if (mInTransaction && mConnection)
        mConnection->exec(QStringLiteral("ROLLBACK"), QString());
    mInTransaction = false;
}

} // namespace mapline::storecopy
