#pragma once

#include "result.h"

#include <QString>

#include <memory>
#include <string_view>
#include <utility>

struct sqlite3;
struct sqlite3_stmt;

namespace mapline {

// A read-only connection of its own to a SQLite file through SQLite's C API, for the bulk
// reads where QSqlQuery's per-row QVariant and QString copies cost more than the read itself
// (the EventIndex load: a million rows). Text comes back as UTF-8 views into SQLite's row
// buffer, valid until the statement steps again. Only the index loader uses it; everything
// else goes through EventStore. One thread, like a QSqlDatabase connection.
class SqliteReader {
public:
    class Statement;

    // Opens `path` read-only (the caller has already checked it is a Mapline database, e.g. by
    // EventStore::open); the message names the file and SQLite's reason.
    static Result<std::unique_ptr<SqliteReader>> open(const QString &path);
    ~SqliteReader();
    SqliteReader(const SqliteReader &) = delete;
    SqliteReader &operator=(const SqliteReader &) = delete;

    const QString &path() const { return mPath; }
    Result<Statement> prepare(const char *sql) const;
    Status exec(const char *sql) const; // statements without results ("BEGIN")
    // "PATH: what: SQLite's message", for a failure on this connection.
    QString failure(const QString &what) const;

private:
    SqliteReader(QString path, sqlite3 *db) : mPath(std::move(path)), mDb(db) {}

    QString mPath;
    sqlite3 *mDb;
};

// One prepared statement; several may step at once on one connection, and they then read the
// same snapshot of the database (one implicit read transaction).
class SqliteReader::Statement {
public:
    Statement(Statement &&other) noexcept : mReader(other.mReader), mStmt(std::exchange(other.mStmt, nullptr)) {}
    Statement &operator=(Statement &&) = delete;
    ~Statement();

    void bind(int parameter, qint64 value); // 1-based, before the first next()
    void bind(int parameter, const QString &value); // as UTF-8 text (copied)
    bool reset();                           // to step again (with new bindings); false on an error
    // Steps to the next row: false at the end and on an error (then failed() is true).
    bool next();
    bool failed() const { return mFailed; }
    QString error(const QString &what) const { return mReader->failure(what); }

    bool isNull(int column) const;
    int type(int column) const; // SQLite's storage class (SQLITE_INTEGER, ...)
    qint64 int64(int column) const;
    double real(int column) const;
    std::string_view text(int column) const; // empty for NULL

private:
    friend class SqliteReader;
    Statement(const SqliteReader *reader, sqlite3_stmt *stmt) : mReader(reader), mStmt(stmt) {}

    const SqliteReader *mReader;
    sqlite3_stmt *mStmt;
    bool mFailed = false;
};

} // namespace mapline
