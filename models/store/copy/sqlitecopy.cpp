#include "store/copy/sqlitecopy.h"

#include "store/eventstore.h"
#include "store/rawstatement.h"
#include "store/schema.h"
#include "store/storeindexes.h"

#include <QFile>
#include <QFileInfo>

#include <sqlite3.h>

namespace mapline::storecopy {
namespace {

QString sqliteError(sqlite3 *db) { return QString::fromUtf8(sqlite3_errmsg(db)); }

// The names of a table's columns, in order (empty when there is no such table).
Result<QStringList> tableColumns(sqlite3 *db, const QString &path, const QString &table)
{
    sqlite3_stmt *stmt = nullptr;
    const QByteArray sql = QStringLiteral("SELECT name FROM pragma_table_info(?) ORDER BY cid").toUtf8();
    const QByteArray name = table.toUtf8();
    QStringList out;
    int rc = sqlite3_prepare_v2(db, sql.constData(), -1, &stmt, nullptr);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_text(stmt, 1, name.constData(), int(name.size()), SQLITE_STATIC);
    if (rc == SQLITE_OK)
        while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
            out << QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(stmt, 0)));
    const QString why = sqliteError(db);
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE)
        return Result<QStringList>::failure(QStringLiteral("%1: reading the columns of %2: %3").arg(path, table, why));
    return out;
}

// The tables SQLite keeps the full-text and spatial indexes in: derived, rebuilt by the target.
// Tables Mapline derives or keeps for itself, not copied and not reported as foreign: the full-text
// and R*Tree indexes (rebuilt at the destination) and the change counter the persistent index
// checks (store/changecounter.h; the destination has its own).
QStringList indexTables()
{
    QStringList out{QStringLiteral("mapline_changes")};
    for (const schema::IndexDefinition &d : schema::indexDefinitions())
        out << d.name << d.shadows;
    return out;
}

} // namespace

QString quotedName(const QString &identifier)
{
    return QLatin1Char('"') + QString(identifier).replace(QLatin1Char('"'), QStringLiteral("\"\"")) + QLatin1Char('"');
}

QString quotedNames(const QStringList &identifiers)
{
    QStringList out;
    for (const QString &i : identifiers)
        out << quotedName(i);
    return out.join(QStringLiteral(", "));
}

// ---- reading ----

Result<std::unique_ptr<SqliteSource>> SqliteSource::open(const QString &path)
{
    using R = Result<std::unique_ptr<SqliteSource>>;
    if (!QFileInfo::exists(path))
        return R::failure(QStringLiteral("%1: no such file").arg(path));
    auto store = EventStore::open(path, EventStore::Mode::ReadOnly);
    if (!store)
        return R::failure(store.error());
    if (store.value()->schemaVersion() < schema::latestVersion())
        return R::failure(QStringLiteral("%1: the database's schema version %2 is older than this Mapline's (%3), and a "
                                         "copy does not change its source: migrate it first (`mapline repair --db %1`), "
                                         "then copy")
                              .arg(path)
                              .arg(store.value()->schemaVersion())
                              .arg(schema::latestVersion()));
    std::unique_ptr<SqliteSource> source(new SqliteSource);
    source->mPath = path;
    source->mDb = sqliteHandle(store.value()->database());
    source->mStore = std::move(store).value();
    if (!source->mDb)
        return R::failure(QStringLiteral("%1: no SQLite connection").arg(path));
    return source;
}

SqliteSource::~SqliteSource()
{
    if (mDb && !sqlite3_get_autocommit(mDb))
        sqlite3_exec(mDb, "ROLLBACK", nullptr, nullptr, nullptr);
}

Status SqliteSource::begin()
{
    // A read transaction, started by its first read: every table then comes from one snapshot,
    // whatever other programs write meanwhile (WAL).
    if (sqlite3_exec(mDb, "BEGIN; SELECT count(*) FROM settings", nullptr, nullptr, nullptr) != SQLITE_OK)
        return Status::failure(QStringLiteral("%1: %2").arg(mPath, sqliteError(mDb)));
    return {};
}

Result<QStringList> SqliteSource::columns(const QString &table) { return tableColumns(mDb, mPath, table); }

Result<QStringList> SqliteSource::foreignTables(const QStringList &known)
{
    sqlite3_stmt *stmt = nullptr;
    QStringList out;
    const QStringList derived = indexTables();
    int rc = sqlite3_prepare_v2(mDb, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' "
                                     "ESCAPE '\\' ORDER BY name", -1, &stmt, nullptr);
    if (rc == SQLITE_OK) {
        while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
            const QString name = QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(stmt, 0)));
            if (!known.contains(name) && !derived.contains(name))
                out << name;
        }
    }
    const QString why = sqliteError(mDb);
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE)
        return Result<QStringList>::failure(QStringLiteral("%1: listing the tables: %2").arg(mPath, why));
    return out;
}

Status SqliteSource::read(const QString &table, const QStringList &columns, const QString &where, const QString &orderBy,
                          const std::function<Status(const Row &)> &row)
{
    const QString sql = QStringLiteral("SELECT %1 FROM %2%3 ORDER BY %4")
                            .arg(quotedNames(columns), quotedName(table),
                                 where.isEmpty() ? QString() : QStringLiteral(" WHERE ") + where, orderBy);
    sqlite3_stmt *stmt = nullptr;
    if (sqlite3_prepare_v2(mDb, sql.toUtf8().constData(), -1, &stmt, nullptr) != SQLITE_OK)
        return Status::failure(QStringLiteral("%1: reading %2: %3").arg(mPath, table, sqliteError(mDb)));
    Row values(size_t(columns.size()));
    int rc;
    Status status;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        for (int i = 0; i < int(values.size()); ++i) {
            Value &v = values[size_t(i)];
            switch (sqlite3_column_type(stmt, i)) {
            case SQLITE_NULL:
                v.kind = Value::Kind::Null;
                break;
            case SQLITE_INTEGER:
                v.kind = Value::Kind::Integer;
                v.integer = sqlite3_column_int64(stmt, i);
                break;
            case SQLITE_FLOAT:
                v.kind = Value::Kind::Real;
                v.real = sqlite3_column_double(stmt, i);
                break;
            case SQLITE_TEXT:
                v.kind = Value::Kind::Text;
                v.text.assign(reinterpret_cast<const char *>(sqlite3_column_text(stmt, i)), size_t(sqlite3_column_bytes(stmt, i)));
                break;
            default: // a BLOB: no Mapline column holds one, and PostgreSQL's text columns cannot
                status = Status::failure(QStringLiteral("%1: %2.%3 holds binary data (a BLOB), which Mapline does not write "
                                                        "and cannot copy")
                                             .arg(mPath, table, columns[i]));
                break;
            }
        }
        if (status)
            status = row(values);
        if (!status)
            break;
    }
    if (status && rc != SQLITE_DONE)
        status = Status::failure(QStringLiteral("%1: reading %2: %3").arg(mPath, table, sqliteError(mDb)));
    sqlite3_finalize(stmt);
    return status;
}

// ---- writing ----

Result<std::unique_ptr<SqliteTarget>> SqliteTarget::open(const QString &path)
{
    using R = Result<std::unique_ptr<SqliteTarget>>;
    std::unique_ptr<SqliteTarget> target(new SqliteTarget);
    target->mPath = path;
    target->mCreated = !QFileInfo::exists(path);
    auto store = EventStore::open(path, EventStore::Mode::ReadWrite);
    if (!store)
        return R::failure(store.error());
    target->mDb = sqliteHandle(store.value()->database());
    target->mStore = std::move(store).value();
    if (!target->mDb)
        return R::failure(QStringLiteral("%1: no SQLite connection").arg(path));
    return target;
}

SqliteTarget::~SqliteTarget()
{
    rollback();
}

Status SqliteTarget::run(const QString &sql, const QString &what)
{
    if (sqlite3_exec(mDb, sql.toUtf8().constData(), nullptr, nullptr, nullptr) != SQLITE_OK)
        return Status::failure(QStringLiteral("%1: %2: %3").arg(mPath, what, sqliteError(mDb)));
    return {};
}

Result<QStringList> SqliteTarget::columns(const QString &table) { return tableColumns(mDb, mPath, table); }

Result<QString> SqliteTarget::begin(const QStringList &tables, const QStringList &seeded)
{
    using R = Result<QString>;
    if (Status s = run(QStringLiteral("BEGIN IMMEDIATE"), QStringLiteral("starting the copy")); !s)
        return R::failure(s.error());
    mInTransaction = true;
    for (const QString &table : tables) {
        if (seeded.contains(table))
            continue;
        sqlite3_stmt *stmt = nullptr;
        const QByteArray sql = QStringLiteral("SELECT 1 FROM %1 LIMIT 1").arg(quotedName(table)).toUtf8();
        int rc = sqlite3_prepare_v2(mDb, sql.constData(), -1, &stmt, nullptr);
        if (rc == SQLITE_OK)
            rc = sqlite3_step(stmt);
        sqlite3_finalize(stmt);
        if (rc == SQLITE_ROW)
            return table;
        if (rc != SQLITE_DONE)
            return R::failure(QStringLiteral("%1: reading %2: %3").arg(mPath, table, sqliteError(mDb)));
    }
    for (auto t = tables.crbegin(); t != tables.crend(); ++t)
        if (Status s = run(QStringLiteral("DELETE FROM %1").arg(quotedName(*t)), QStringLiteral("emptying %1").arg(*t)); !s)
            return R::failure(s.error());
    // The full-text and spatial indexes are rebuilt once at the end (commit), as `mapline repair`
    // does, instead of row by row through their triggers.
    for (const schema::IndexDefinition &d : schema::indexDefinitions())
        for (const schema::IndexDefinition::Trigger &t : d.triggers)
            if (Status s = run(QStringLiteral("DROP TRIGGER IF EXISTS %1").arg(t.name), QStringLiteral("starting the copy")); !s)
                return R::failure(s.error());
    return QString();
}

Status SqliteTarget::beginTable(const QString &table, const QStringList &columns)
{
    QStringList marks(columns.size(), QStringLiteral("?"));
    const QString sql = QStringLiteral("INSERT INTO %1 (%2) VALUES (%3)")
                            .arg(quotedName(table), quotedNames(columns), marks.join(QLatin1Char(',')));
    mTable = table;
    mRow = 0;
    if (sqlite3_prepare_v2(mDb, sql.toUtf8().constData(), -1, &mInsert, nullptr) != SQLITE_OK)
        return Status::failure(QStringLiteral("%1: writing %2: %3").arg(mPath, table, sqliteError(mDb)));
    return {};
}

Status SqliteTarget::write(const Row &row)
{
    ++mRow;
    for (int i = 0; i < int(row.size()); ++i) {
        const Value &v = row[size_t(i)];
        switch (v.kind) {
        case Value::Kind::Null:
            sqlite3_bind_null(mInsert, i + 1);
            break;
        case Value::Kind::Integer:
            sqlite3_bind_int64(mInsert, i + 1, v.integer);
            break;
        case Value::Kind::Real:
            sqlite3_bind_double(mInsert, i + 1, v.real);
            break;
        case Value::Kind::Text:
            sqlite3_bind_text(mInsert, i + 1, v.text.data(), int(v.text.size()), SQLITE_TRANSIENT);
            break;
        }
    }
    const int rc = sqlite3_step(mInsert);
    sqlite3_reset(mInsert);
    if (rc != SQLITE_DONE)
        return Status::failure(QStringLiteral("%1: writing row %2 of %3: %4").arg(mPath).arg(mRow).arg(mTable, sqliteError(mDb)));
    return {};
}

Status SqliteTarget::endTable()
{
    sqlite3_finalize(mInsert);
    mInsert = nullptr;
    return {};
}

Status SqliteTarget::commit()
{
    bool orphaned = false;
    if (Status s = StoreIndexes::rebuild(mStore->database(), {}, {}, &orphaned); !s)
        return Status::failure(QStringLiteral("%1: %2").arg(mPath, s.error()));
    if (Status s = run(QStringLiteral("COMMIT"), QStringLiteral("committing the copy")); !s)
        return s;
    mInTransaction = false;
    mCreated = false;
    return {};
}

void SqliteTarget::rollback()
{
    if (mInsert) {
        sqlite3_finalize(mInsert);
        mInsert = nullptr;
    }
    if (mInTransaction && mDb && !sqlite3_get_autocommit(mDb))
        sqlite3_exec(mDb, "ROLLBACK", nullptr, nullptr, nullptr);
    mInTransaction = false;
    if (mCreated) { // a file this copy created and did not fill holds nothing worth keeping
        mStore.reset();
        mDb = nullptr;
        for (const char *suffix : {"", "-wal", "-shm"})
            QFile::remove(mPath + QLatin1String(suffix));
        mCreated = false;
    }
}

} // namespace mapline::storecopy
