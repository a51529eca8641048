#pragma once

// Every check that may refuse a database file, run before any connection that could write to
// it (or replay its write-ahead log into it) is opened. Internal to models/store; EventStore::open
// runs it first.
//
// Why a probe of its own: SQLite writes to a database as soon as a read-write connection closes
// (it checkpoints the -wal into the file), and any connection rebuilds the -shm index when it is
// the first one; so a file refused after SQLite has opened it normally is no longer the file it
// was. The probe reads through SQLite's own file handle (SQLITE_FCNTL_FILE_POINTER), never
// through a descriptor of its own: closing any descriptor of a file drops all of the process's
// POSIX locks on it, including those of a connection this process holds (the viewer's), and
// another program would then checkpoint and delete the -wal and -shm under it.
//
// What it checks, without writing a byte and without creating any file:
// - the path is a regular file (or absent): a FIFO would block the open forever, a device
//   would get a -journal beside it;
// - the header is SQLite's, the file is as long as the header (or its -wal) says, the schema
//   is Mapline's and not newer than this program;
// - a -wal that no other connection holds (left by a crash, or copied beside the file) belongs
//   to this database: a valid header, the database's page size, a first page of the same
//   database, every page past the end of the file present, not older than the file unless it
//   was being checkpointed into it; and the database as SQLite would see it with the -wal
//   applied passes PRAGMA integrity_check (quick_check past 64 MB). That view is read in a
//   private connection in exclusive locking mode, whose WAL index lives in its own memory (no
//   -shm is created or touched), with SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE set so that closing it
//   writes nothing. It costs a read of the whole database, once: the next writing connection
//   checkpoints the -wal into the file and deletes it.
#include "result.h"

#include <QString>
#include <QStringList>

namespace mapline {

class DatabaseProbe {
public:
    enum class State {
        Absent, // no file: a new database
        Empty,  // a file of 0 bytes and no -wal: a new database
        Existing,
    };
    struct Outcome {
        State state = State::Absent;
        bool walInUse = false; // another connection holds the database: its -wal is live
        QStringList warnings;  // said to the user, nothing refused
    };

    // `forWriting`: the caller will write (EventStore::Mode::ReadWrite).
    static Result<Outcome> run(const QString &path, bool forWriting);
};

} // namespace mapline
