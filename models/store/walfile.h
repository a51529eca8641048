#pragma once

// A database's write-ahead log (its "-wal" file) read byte by byte as SQLite's file format
// documentation describes it (https://sqlite.org/fileformat2.html#walformat), without SQLite:
// which frames SQLite would apply when it next opens the database (salts and checksums valid,
// up to the last commit). DatabaseProbe uses it to tell a WAL that belongs to its database from
// a foreign or stale one before SQLite replays it. Internal to models/store.
//
// Only the -wal file is opened here, never the database or its -shm: SQLite takes no POSIX
// locks on the -wal, so closing this descriptor cannot drop a lock held by a connection of this
// process (closing any descriptor of a file drops all of the process's locks on that file).
#include "result.h"

#include <QByteArray>
#include <QFile>
#include <QHash>
#include <QList>
#include <QString>

namespace mapline {

class WalFile {
public:
    explicit WalFile(const QString &path) : mFile(path) {}

    // Reads the header and every frame; fails only when the file cannot be read. A file that
    // is not a WAL leaves validHeader() false with the reason in headerProblem().
    Status read();

    bool validHeader() const { return mValidHeader; }
    const QString &headerProblem() const { return mHeaderProblem; }
    quint32 pageSize() const { return mPageSize; }
    qint64 size() const { return mSize; }
    qint64 committedFrames() const { return mCommittedFrames; }
    // The database's size in pages after the last commit; 0 when the log holds no commit.
    quint32 databasePages() const { return mDatabasePages; }
    // Each page a committed frame writes, with the file offsets of its frames' data, oldest first.
    const QHash<quint32, QList<qint64>> &pageFrames() const { return mPageFrames; }
    // One frame's page (pageSize() bytes) at an offset of pageFrames().
    Result<QByteArray> frameData(qint64 offset);

private:
    QFile mFile;
    bool mValidHeader = false;
    QString mHeaderProblem;
    quint32 mPageSize = 0;
    qint64 mSize = 0;
    qint64 mCommittedFrames = 0;
    quint32 mDatabasePages = 0;
    QHash<quint32, QList<qint64>> mPageFrames;
};

} // namespace mapline
