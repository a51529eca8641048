#include "store/eventstore.h"

#include "control/sidetable.h"
#include "io/protectedfiles.h"
#include "store/changecounter.h"
#include "store/databaseprobe.h"
#include "store/rawstatement.h"
#include "store/schema.h"
#include "store/storecheck.h"
#include "store/storeindexes.h"
#include "store/sqlutil.h"
#include "store/writecache.h"
#include "store/writescope.h"

#include <QAtomicInteger>
#include <QDir>
#include <QDateTime>
#include <QFileInfo>
#include <QSqlRecord>
#include <QThread>

#include <algorithm>

#include <sqlite3.h>

namespace mapline {
namespace {

// Set (in `settings`) when an index was replaced on open and its old pages stay unused in the file
// until `mapline repair` rewrites it.
constexpr char kUnusedPagesSetting[] = "unused_index_pages";

QString nextConnectionName()
{
    static QAtomicInteger<quint64> counter;
    return QStringLiteral("mapline-store-%1").arg(counter.fetchAndAddRelaxed(1));
}

Result<int> pragmaInt(const QSqlDatabase &db, const QString &pragma, const QString &path)
{
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("PRAGMA ") + pragma) || !query.next())
        return Result<int>::failure(QStringLiteral("%1: cannot read %2: %3")
                                        .arg(path, pragma, query.lastError().text()));
    return query.value(0).toInt();
}

} // namespace

EventStore::EventStore(QString path, QString connection, Mode mode)
    : mPath(std::move(path))
    , mConnection(std::move(connection))
    , mMode(mode)
{
}

EventStore::~EventStore()
{
    rollbackBatch(); // an uncommitted batch was not asked for: it is not kept
    mWriteCache.reset(); // its statements before the connection
    {
        QSqlDatabase db = QSqlDatabase::database(mConnection, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(mConnection);
}

Result<std::unique_ptr<EventStore>> EventStore::open(const QString &path, Mode mode)
{
    using R = Result<std::unique_ptr<EventStore>>;
    if (path.isEmpty())
        return R::failure(QStringLiteral("no database file given"));
    // [reliability] Every check that may refuse the file runs before a connection that could
    // write to it opens (databaseprobe.h says why). See tst_walsafety.
    const Result<DatabaseProbe::Outcome> probe = DatabaseProbe::run(path, mode == Mode::ReadWrite);
    if (!probe)
        return R::failure(probe.error());
    const QFileInfo info(path);
    if (probe->state == DatabaseProbe::State::Absent) {
        if (mode == Mode::ReadOnly)
            return R::failure(QStringLiteral("%1: no such database (the file does not exist)").arg(path));
        if (!info.absoluteDir().exists())
            return R::failure(QStringLiteral("%1: the folder %2 does not exist")
                                  .arg(path, QDir::toNativeSeparators(info.absolutePath())));
        // [reliability] Else SQLite says only "unable to open database file". See tst_dbfaults readOnlyFolder.
        if (!QFileInfo(info.absolutePath()).isWritable())
            return R::failure(QStringLiteral("%1: cannot create the database: the folder %2 is not writable")
                                  .arg(path, QDir::toNativeSeparators(info.absolutePath())));
    } else if (probe->state == DatabaseProbe::State::Empty && mode == Mode::ReadOnly) {
        return R::failure(QStringLiteral("%1: an empty database cannot be opened read-only").arg(path));
    }
    // [reliability] SQLite opens a read-only file read-only without a word and every write then
    // fails as "attempt to write a readonly database" under the article's name: say it once,
    // naming the database. See tst_dbfaults readOnlyFile.
    if (mode == Mode::ReadWrite && probe->state != DatabaseProbe::State::Absent && !info.isWritable())
        return R::failure(QStringLiteral("%1: the file is read-only (check its permissions, or open it read-only); "
                                         "it was left untouched").arg(path));
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE")))
        return R::failure(QStringLiteral("the Qt SQLite driver (QSQLITE) is not installed"));

    const QString connection = nextConnectionName();
    std::unique_ptr<EventStore> store(new EventStore(path, connection, mode));
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
    db.setDatabaseName(path);
    db.setConnectOptions(mode == Mode::ReadOnly ? QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=10000")
                                                : QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
    if (!db.open())
        return R::failure(QStringLiteral("%1: cannot open: %2").arg(path, db.lastError().text()));
    store->mWarnings = probe->warnings;
    // [reliability] Until the checks below accept the file, closing this connection must not
    // checkpoint (write) anything into it. See tst_walsafety.
    sqlite3 *handle = sqliteHandle(db);
    if (!handle)
        return R::failure(QStringLiteral("%1: the Qt SQLite driver does not give its SQLite connection").arg(path));
    sqlite3_db_config(handle, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);

    // Nothing is written before the file is known to be ours and not newer than us.
    const Result<int> version = pragmaInt(db, QStringLiteral("user_version"), path);
    if (!version) {
        // [reliability] A WAL database needs its -shm file beside it, even to be read: in a folder
        // this process cannot write, SQLite says "attempt to write a readonly database". Say why.
        // See tst_dbfaults readOnlyFolder.
        if (version.error().contains(QStringLiteral("readonly")) && !QFileInfo::exists(path + QStringLiteral("-shm")) &&
            !QFileInfo(info.absolutePath()).isWritable())
            return R::failure(QStringLiteral("%1: cannot be opened: the folder %2 is not writable, and SQLite needs to "
                                             "create %3-shm beside the database (copy it to a writable folder); "
                                             "it was left untouched")
                                  .arg(path, QDir::toNativeSeparators(info.absolutePath()), info.fileName()));
        return R::failure(version.error());
    }
    if (*version > schema::latestVersion())
        return R::failure(QStringLiteral("%1: the database has schema version %2, newer than this program "
                                         "knows (%3); use a newer Mapline. The file was left untouched.")
                              .arg(path).arg(*version).arg(schema::latestVersion()));
    const Result<int> appId = pragmaInt(db, QStringLiteral("application_id"), path);
    if (!appId)
        return R::failure(appId.error());
    if (*version > 0 && *appId != schema::kApplicationId)
        return R::failure(QStringLiteral("%1: a SQLite database of another program, not a Mapline database; "
                                         "it was left untouched").arg(path));
    if (*version == 0) {
        QSqlQuery tables(db);
        // [reliability] The tables and the version in one statement (one snapshot): another Mapline
        // may have created the schema since user_version was read above (two imports starting on a
        // new file), which is not "another program's database". See tst_dbfaults concurrentImports.
        if (!tables.exec(QStringLiteral("SELECT (SELECT count(*) FROM sqlite_master), "
                                        "(SELECT user_version FROM pragma_user_version), "
                                        "(SELECT application_id FROM pragma_application_id)")) ||
            !tables.next())
            return R::failure(QStringLiteral("%1: cannot read: %2").arg(path, tables.lastError().text()));
        const bool justCreated = tables.value(1).toInt() > 0 && tables.value(1).toInt() <= schema::latestVersion() &&
                                 tables.value(2).toInt() == schema::kApplicationId;
        if (tables.value(0).toInt() > 0 && !justCreated)
            return R::failure(QStringLiteral("%1: a SQLite database of another program, not a Mapline "
                                             "database; it was left untouched").arg(path));
        if (mode == Mode::ReadOnly && !justCreated)
            return R::failure(QStringLiteral("%1: an empty database cannot be opened read-only").arg(path));
    }

    if (mode == Mode::ReadWrite) {
        sqlite3_db_config(handle, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, nullptr); // ours: checkpoint on close
        // WAL: readers never block the writer and a crash never corrupts the file.
        // synchronous=NORMAL is safe in WAL mode (a power cut may lose the last commits, never consistency).
        for (const char *pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL"}) {
            // [reliability] Switching a new file to WAL takes an exclusive lock that SQLite does not
            // wait for through the busy handler: two imports starting on one new file saw "database
            // is locked". Retry within the busy timeout. See tst_dbfaults concurrentImports.
            Status s;
            for (int attempt = 0; attempt < 100; ++attempt) {
                s = sql::exec(db, QString::fromLatin1(pragma), path);
                if (s.ok() || !s.error().contains(QStringLiteral("locked")))
                    break;
                QThread::msleep(100);
            }
            if (!s)
                return R::failure(s.error());
        }
        if (Status s = store->migrate(); !s)
            return R::failure(s.error());
        // The counter that tells a persistent index copy it is stale (store/changecounter.h).
        if (Status s = ChangeCounter::install(db, path); !s)
            return R::failure(s.error());
        if (Status s = store->checkIndexesOnOpen(); !s)
            return R::failure(s.error());
        // Speed of writes, with no effect on what reaches the file (so safe with WAL):
        // - temp_store=MEMORY: the journals of savepoints (one per article in a batch) and of
        //   statements that fire triggers hold the pages they change; in a file (the default)
        //   that was ~100 write() calls per article, the larger part of an import's time. They
        //   live no longer than the statement or the article. (Sorts that spill go to memory too;
        //   the viewer keeps what it sorts in memory anyway.)
        // - cache_size: a batch or a dataset file is one transaction; with the default 2 MB its
        //   index pages (FTS, R*Tree, events by date) spill to the WAL and are written again and
        //   again. Up to 64 MB, taken only as an import needs it.
        for (const char *pragma : {"PRAGMA temp_store=MEMORY", "PRAGMA cache_size=-65536"}) {
            if (Status s = sql::exec(db, QString::fromLatin1(pragma), path); !s)
                return R::failure(s.error());
        }
    }
    if (Status s = sql::exec(db, QStringLiteral("PRAGMA foreign_keys=ON"), path); !s)
        return R::failure(s.error());
    {
        QSqlQuery q(db);
        if (!q.exec(QStringLiteral("SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'happenings')")) ||
            !q.next())
            return R::failure(QStringLiteral("%1: cannot read: %2").arg(path, q.lastError().text()));
        store->mHasHappenings = q.value(0).toBool();
        if (!q.exec(QStringLiteral("SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND "
                                   "name = 'correction_history')")) ||
            !q.next())
            return R::failure(QStringLiteral("%1: cannot read: %2").arg(path, q.lastError().text()));
        store->mHasHistory = q.value(0).toBool();
    }
    if (Status s = store->updateFusion(); !s)
        return R::failure(s.error());
    if (mode == Mode::ReadOnly) {
        if (Status s = store->checkIndexesOnOpen(); !s)
            return R::failure(s.error());
    }
    // No output of this process may ever replace an open database (`export --out` naming it).
    ProtectedFiles::add(path, QStringLiteral("the database"));
    return R(std::move(store));
}

int EventStore::schemaVersion() const
{
    const Result<int> v = pragmaInt(database(), QStringLiteral("user_version"), mPath);
    return v ? *v : -1;
}

Status EventStore::migrate()
{
    QSqlDatabase db = database();
    const Result<int> current = pragmaInt(db, QStringLiteral("user_version"), mPath);
    if (!current)
        return Status::failure(current.error());
    for (const schema::Migration &migration : schema::migrations()) {
        if (migration.version <= *current)
            continue;
        WriteScope tx(*this);
        if (Status s = tx.begin(); !s)
            return Status::failure(QStringLiteral("%1: %2").arg(mPath, s.error()));
        // [reliability] Another process may have run this migration while this one waited for the
        // write lock (two imports starting on a new file): read the version again under the lock.
        // See tst_dbfaults concurrentImports.
        const Result<int> now = pragmaInt(db, QStringLiteral("user_version"), mPath);
        if (!now)
            return Status::failure(now.error());
        if (*now >= migration.version)
            continue; // nothing written; the transaction rolls back
        for (const QString &statement : migration.statements) {
            const QString what = QStringLiteral("%1: migration to version %2").arg(mPath).arg(migration.version);
            if (Status s = sql::exec(db, statement, what); !s)
                return s;
        }
        if (migration.fuse) {
            mHasHappenings = true;
            if (Status s = fuseEverything(nullptr); !s)
                return Status::failure(QStringLiteral("%1: migration to version %2: %3").arg(mPath).arg(migration.version).arg(s.error()));
        }
        const QString stamp = QStringLiteral("PRAGMA user_version=%1").arg(migration.version);
        if (Status s = sql::exec(db, stamp, mPath); !s)
            return s;
        if (migration.version == schema::kSidesVersion) {
            // The shipped side lexicon, copied into the new tables. A lexicon that cannot be read
            // leaves them empty (the control command then reads the files itself): no reason to
            // refuse the database.
            if (const Result<SideTable> sides = SideTable::shipped(); sides) {
                if (Status s = sides->writeTo(db); !s)
                    return Status::failure(QStringLiteral("%1: migration to version %2: %3")
                                               .arg(mPath).arg(migration.version).arg(s.error()));
            }
        }
        if (migration.version == 1) {
            const QString appId = QStringLiteral("PRAGMA application_id=%1").arg(schema::kApplicationId);
            if (Status s = sql::exec(db, appId, mPath); !s)
                return s;
        }
        if (Status s = tx.commit(); !s)
            return Status::failure(QStringLiteral("%1: %2").arg(mPath, s.error()));
    }
    return {};
}

// [reliability] A dropped index trigger made searches by place silently miss the events added
// since, and a dropped index table made every import fail with "Parameter count mismatch". One
// look at the schema on every open. See tst_dbrepair.
Status EventStore::checkIndexesOnOpen()
{
    const Result<QList<StoreIndexes::Missing>> missing = StoreIndexes::missing(database());
    if (!missing)
        return Status::failure(QStringLiteral("%1: cannot read the schema: %2").arg(mPath, missing.error()));
    if (missing->isEmpty())
        return {};
    QStringList what, names;
    bool tables = false;
    for (const StoreIndexes::Missing &m : *missing) {
        what << StoreIndexes::describe(m);
        names << m.index;
        tables = tables || m.tables;
    }
    if (mMode == Mode::ReadOnly) {
        mWarnings << QStringLiteral("%1: %2, so %3; opening it for writing (an import, the viewer) or `mapline repair "
                                    "--db %1` restores it")
                         .arg(mPath, what.join(QStringLiteral("; ")),
                              tables ? QStringLiteral("searches that need it fail")
                                     : QStringLiteral("it may lack what was added since, and searches by text or place "
                                                      "may miss events"));
        return {};
    }
    WriteScope tx(*this);
    if (Status s = tx.begin(); !s)
        return Status::failure(QStringLiteral("%1: %2").arg(mPath, s.error()));
    bool orphaned = false;
    Status rebuilt = StoreIndexes::rebuild(database(), names, {}, &orphaned);
    // The replaced index's pages are in no table: `mapline repair` rewrites the file without them.
    if (rebuilt && orphaned)
        rebuilt = setSetting(QString::fromLatin1(kUnusedPagesSetting), QStringLiteral("1"));
    if (!rebuilt)
        return Status::failure(QStringLiteral("%1: %2, and it could not be rebuilt: %3. The file was left as it was; "
                                              "`mapline check --db %1` says more")
                                   .arg(mPath, what.join(QStringLiteral("; ")), rebuilt.error()));
    if (Status s = tx.commit(); !s)
        return Status::failure(QStringLiteral("%1: %2").arg(mPath, s.error()));
    mWarnings << QStringLiteral("%1: %2: rebuilt from the tables, with its triggers%3")
                     .arg(mPath, what.join(QStringLiteral("; ")),
                          orphaned ? QStringLiteral("; the old index's pages stay unused in the file until `mapline "
                                                    "repair --db %1` rewrites it").arg(mPath)
                                   : QString());
    return {};
}

Result<QList<CheckItem>> EventStore::check() const
{
    return StoreCheck::run(mPath);
}

Status EventStore::repairIndexes(bool *rewritten)
{
    if (mMode == Mode::ReadOnly)
        return Status::failure(QStringLiteral("the database %1 is open read-only").arg(mPath));
    // Which indexes are damaged, each checked on its own before the transaction (see healthy()).
    const Result<QList<StoreIndexes::Missing>> missing = StoreIndexes::missing(database());
    if (!missing)
        return Status::failure(QStringLiteral("%1: cannot read the schema: %2").arg(mPath, missing.error()));
    QStringList damaged;
    for (const schema::IndexDefinition &d : schema::indexDefinitions()) {
        const bool tablesMissing = std::any_of(missing->begin(), missing->end(),
                                               [&](const StoreIndexes::Missing &m) { return m.index == d.name && m.tables; });
        if (!tablesMissing && !StoreIndexes::healthy(database(), d.name))
            damaged << d.name;
    }
    bool orphaned = false;
    {
        WriteScope tx(*this);
        if (Status s = tx.begin(); !s)
            return Status::failure(QStringLiteral("%1: %2").arg(mPath, s.error()));
        if (Status s = StoreIndexes::rebuild(database(), {}, damaged, &orphaned); !s)
            return Status::failure(QStringLiteral("%1: %2; nothing was changed").arg(mPath, s.error()));
        if (Status s = tx.commit(); !s)
            return Status::failure(QStringLiteral("%1: %2").arg(mPath, explainWriteFailure(mPath, s.error())));
    }
    const Result<QString> unused = setting(QString::fromLatin1(kUnusedPagesSetting));
    if (orphaned || (unused && !unused->isEmpty())) {
        // The replaced index's pages are in no table: VACUUM writes the database anew without them.
        if (Status s = sql::exec(database(), QStringLiteral("VACUUM"), mPath); !s)
            return Status::failure(QStringLiteral("%1; the indexes are rebuilt, but the file could not be rewritten "
                                                  "without the old index's pages (they stay unused)")
                                       .arg(explainWriteFailure(mPath, s.error())));
        QSqlQuery forget(database());
        forget.prepare(QStringLiteral("DELETE FROM settings WHERE key = ?"));
        forget.addBindValue(QString::fromLatin1(kUnusedPagesSetting));
        if (Status s = sql::exec(forget, mPath); !s)
            return s;
        if (rewritten)
            *rewritten = true;
    }
    return {};
}

Result<QString> EventStore::setting(const QString &key) const
{
    QSqlQuery query(database());
    query.prepare(QStringLiteral("SELECT value FROM settings WHERE key = ?"));
    query.addBindValue(key);
    if (Status s = sql::exec(query, mPath); !s)
        return Result<QString>::failure(s.error());
    return query.next() ? query.value(0).toString() : QString();
}

Status EventStore::setSetting(const QString &key, const QString &value)
{
    QSqlQuery query(database());
    query.prepare(QStringLiteral("INSERT INTO settings (key, value) VALUES (?, ?) "
                                 "ON CONFLICT(key) DO UPDATE SET value = excluded.value"));
    query.addBindValue(key);
    query.addBindValue(value);
    return sql::exec(query, QStringLiteral("%1: cannot save setting %2").arg(mPath, key));
}

Status EventStore::checkConsistency() const
{
    QSqlQuery query(database());
    if (!query.exec(QStringLiteral("PRAGMA integrity_check")))
        return Status::failure(QStringLiteral("%1: %2").arg(mPath, query.lastError().text()));
    QStringList problems;
    while (query.next()) {
        const QString line = query.value(0).toString();
        if (line != u"ok")
            problems << line;
    }
    QSqlQuery fk(database());
    if (!fk.exec(QStringLiteral("PRAGMA foreign_key_check")))
        return Status::failure(QStringLiteral("%1: %2").arg(mPath, fk.lastError().text()));
    while (fk.next())
        problems << QStringLiteral("foreign key violation in %1 row %2").arg(fk.value(0).toString(), fk.value(1).toString());
    if (!problems.isEmpty())
        return Status::failure(QStringLiteral("%1: %2").arg(mPath, problems.join(QStringLiteral("; "))));
    return {};
}

} // namespace mapline
