#pragma once

// A SQLite connection of its own through SQLite's C API, for the checks that must not go through
// the store's connection: the probe before a database is accepted (databaseprobe.cpp) and
// `mapline check` (storecheck.cpp). It never checkpoints on close (SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE),
// so closing it writes nothing into the database. One thread. Internal to models/store.
#include <QString>
#include <QStringList>

struct sqlite3;
struct sqlite3_file;

namespace mapline {

class RawConnection {
public:
    RawConnection() = default;
    ~RawConnection();
    RawConnection(const RawConnection &) = delete;
    RawConnection &operator=(const RawConnection &) = delete;

    // Opens an existing file (never creates one); returns SQLite's code.
    int open(const QString &path, bool writable);
    QString error() const;
    // The connection could open the file for writing (SQLite falls back to read-only by itself).
    bool writable() const;
    void setBusyTimeout(int ms);

    // Bytes of the database file as they are on disk, through SQLite's own descriptor (a
    // descriptor of our own would drop this process's locks on the file when closed).
    bool read(char *buffer, int n, qint64 offset) const;
    qint64 fileSize() const;
    // Some connection, of this process or another, holds the RESERVED lock (or a stronger one)
    // on the database file: it is writing in rollback-journal mode (SQLite's xCheckReservedLock).
    bool reservedByAnyone() const;

    // Runs `sql` (one statement); the first column of each row goes to `rows` (optional).
    // Returns SQLite's code (SQLITE_OK when the statement ran to its end).
    int run(const char *sql, QStringList *rows = nullptr);

private:
    sqlite3 *mDb = nullptr;
    sqlite3_file *mFile = nullptr;
};

} // namespace mapline
