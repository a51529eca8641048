#pragma once

// The SQLite ends of `mapline copy`: a store file read (opened read-only, never changed) and one
// written (created when missing, through EventStore, so its schema, full-text and spatial indexes
// are the store's own). Internal to models/store.
#include "store/copy/copyendpoint.h"

#include <memory>

struct sqlite3;
struct sqlite3_stmt;

namespace mapline {
class EventStore;
}

namespace mapline::storecopy {

class SqliteSource final : public Source {
public:
    // Refuses a store older than this program (it would have to be migrated, which a copy does not
    // do to its source) and one it cannot open.
    static Result<std::unique_ptr<SqliteSource>> open(const QString &path);
    ~SqliteSource() override;

    QString name() const override { return mPath; }
    Status begin() override;
    Result<QStringList> columns(const QString &table) override;
    Result<QStringList> foreignTables(const QStringList &known) override;
    Status read(const QString &table, const QStringList &columns, const QString &where, const QString &orderBy,
                const std::function<Status(const Row &)> &row) override;

private:
    SqliteSource() = default;
    QString mPath;
    std::unique_ptr<EventStore> mStore;
    sqlite3 *mDb = nullptr;
};

class SqliteTarget final : public Target {
public:
    static Result<std::unique_ptr<SqliteTarget>> open(const QString &path);
    ~SqliteTarget() override;

    QString name() const override { return mPath; }
    Result<QStringList> columns(const QString &table) override;
    Result<QString> begin(const QStringList &tables, const QStringList &seeded) override;
    Status beginTable(const QString &table, const QStringList &columns) override;
    Status write(const Row &row) override;
    Status endTable() override;
    Status commit() override;
    void rollback() override;

private:
    SqliteTarget() = default;
    Status run(const QString &sql, const QString &what);
    QString mPath;
    bool mCreated = false; // the file did not exist: a failed copy removes it again
    bool mInTransaction = false;
    std::unique_ptr<EventStore> mStore;
    sqlite3 *mDb = nullptr;
    sqlite3_stmt *mInsert = nullptr;
    QString mTable;
    qint64 mRow = 0;
};

// "name" with its quotes doubled: an identifier for SQLite and PostgreSQL alike.
QString quotedName(const QString &identifier);
QString quotedNames(const QStringList &identifiers);

} // namespace mapline::storecopy
