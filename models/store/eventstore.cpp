#include "store/eventstore.h"

#include "store/schema.h"
#include "store/sqlutil.h"

#include <QAtomicInteger>
#include <QDir>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QSqlRecord>

namespace mapline {
namespace {

QString nextConnectionName()
{
    static QAtomicInteger<quint64> counter;
    return QStringLiteral("mapline-store-%1").arg(counter.fetchAndAddRelaxed(1));
}

// A database that is not SQLite is refused before Qt or SQLite touch it (SQLite would
// happily treat an empty or foreign file as a new database on first write).
Status checkHeader(const QString &path)
{
    QFile file(path);
    if (!file.exists() || file.size() == 0)
        return {};
    if (!file.open(QIODevice::ReadOnly))
        return Status::failure(QStringLiteral("%1: cannot read: %2").arg(path, file.errorString()));
    const QByteArray header = file.read(16);
    if (header != QByteArrayLiteral("SQLite format 3\0"))
        return Status::failure(QStringLiteral("%1: not a SQLite database; it was left untouched").arg(path));
    if (file.size() < 512)
        return Status::failure(QStringLiteral("%1: the file is truncated (%2 bytes); it was left untouched")
                                   .arg(path).arg(file.size()));
    return {};
}

Result<int> pragmaInt(const QSqlDatabase &db, const QString &pragma, const QString &path)
{
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("PRAGMA ") + pragma) || !query.next())
        return Result<int>::failure(QStringLiteral("%1: cannot read %2: %3")
                                        .arg(path, pragma, query.lastError().text()));
    return query.value(0).toInt();
}

// Rolls back unless committed: every early return leaves the database as it was.
class Transaction {
public:
    explicit Transaction(QSqlDatabase db) : mDb(std::move(db)) {}
    ~Transaction()
    {
        if (mActive)
            QSqlQuery(mDb).exec(QStringLiteral("ROLLBACK"));
    }
    Status begin()
    {
        QSqlQuery query(mDb);
        // IMMEDIATE takes the write lock now, so a second writer waits (busy timeout) instead of
        // failing half way through.
        if (!query.exec(QStringLiteral("BEGIN IMMEDIATE")))
            return Status::failure(QStringLiteral("cannot start a transaction: %1").arg(query.lastError().text()));
        mActive = true;
        return {};
    }
    Status commit()
    {
        QSqlQuery query(mDb);
        if (!query.exec(QStringLiteral("COMMIT")))
            return Status::failure(QStringLiteral("cannot commit: %1").arg(query.lastError().text()));
        mActive = false;
        return {};
    }

private:
    QSqlDatabase mDb;
    bool mActive = false;
};

} // namespace

EventStore::EventStore(QString path, QString connection, Mode mode)
    : mPath(std::move(path))
    , mConnection(std::move(connection))
    , mMode(mode)
{
}

EventStore::~EventStore()
{
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
    const QFileInfo info(path);
    if (info.exists() && info.isDir())
        return R::failure(QStringLiteral("%1: is a folder, not a database file").arg(path));
    if (!info.exists()) {
        if (mode == Mode::ReadOnly)
            return R::failure(QStringLiteral("%1: no such database (the file does not exist)").arg(path));
        if (!info.absoluteDir().exists())
            return R::failure(QStringLiteral("%1: the folder %2 does not exist")
                                  .arg(path, QDir::toNativeSeparators(info.absolutePath())));
    }
    if (Status s = checkHeader(path); !s)
        return R::failure(s.error());
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

    // Nothing is written before the file is known to be ours and not newer than us.
    const Result<int> version = pragmaInt(db, QStringLiteral("user_version"), path);
    if (!version)
        return R::failure(version.error());
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
        if (!tables.exec(QStringLiteral("SELECT count(*) FROM sqlite_master")) || !tables.next())
            return R::failure(QStringLiteral("%1: cannot read: %2").arg(path, tables.lastError().text()));
        if (tables.value(0).toInt() > 0)
            return R::failure(QStringLiteral("%1: a SQLite database of another program, not a Mapline "
                                             "database; it was left untouched").arg(path));
        if (mode == Mode::ReadOnly)
            return R::failure(QStringLiteral("%1: an empty database cannot be opened read-only").arg(path));
    }

    if (mode == Mode::ReadWrite) {
        // WAL: readers never block the writer and a crash never corrupts the file.
        // synchronous=NORMAL is safe in WAL mode (a power cut may lose the last commits, never consistency).
        for (const char *pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL"}) {
            if (Status s = sql::exec(db, QString::fromLatin1(pragma), path); !s)
                return R::failure(s.error());
        }
        if (Status s = store->migrate(); !s)
            return R::failure(s.error());
    }
    if (Status s = sql::exec(db, QStringLiteral("PRAGMA foreign_keys=ON"), path); !s)
        return R::failure(s.error());
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
        Transaction tx(db);
        if (Status s = tx.begin(); !s)
            return Status::failure(QStringLiteral("%1: %2").arg(mPath, s.error()));
        for (const QString &statement : migration.statements) {
            const QString what = QStringLiteral("%1: migration to version %2").arg(mPath).arg(migration.version);
            if (Status s = sql::exec(db, statement, what); !s)
                return s;
        }
        const QString stamp = QStringLiteral("PRAGMA user_version=%1").arg(migration.version);
        if (Status s = sql::exec(db, stamp, mPath); !s)
            return s;
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
