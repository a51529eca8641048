#pragma once

// Where a SQLite writer is, seen from another process: in WAL mode the connection that holds a
// write transaction holds an exclusive POSIX lock on byte 120 of the "-shm" file (WAL_WRITE_LOCK,
// the first lock byte after the two 48-byte WAL-index headers and the 24-byte checkpoint info;
// see SQLite's wal.c, WALINDEX_LOCK_OFFSET). F_GETLK on that byte names the holder's pid.
// Header-only so that several test executables can use it.
#include <QString>

#include <fcntl.h>
#include <sys/types.h>
#include <unistd.h>

namespace mapline::test {

// The pid holding the write lock of the WAL database `dbPath`, 0 when nobody does (or there is
// no -shm file yet), -1 when the -shm file cannot be opened.
inline pid_t sqliteWalWriter(const QString &dbPath)
{
    const QByteArray shm = (dbPath + QStringLiteral("-shm")).toLocal8Bit();
    if (::access(shm.constData(), F_OK) != 0)
        return 0;
    const int fd = ::open(shm.constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    struct flock probe = {};
    probe.l_type = F_WRLCK;
    probe.l_whence = SEEK_SET;
    probe.l_start = 120; // WALINDEX_LOCK_OFFSET + WAL_WRITE_LOCK
    probe.l_len = 1;
    pid_t holder = 0;
    if (::fcntl(fd, F_GETLK, &probe) == 0 && probe.l_type != F_UNLCK)
        holder = probe.l_pid;
    ::close(fd); // this process holds no lock on the file, so closing it releases nothing
    return holder;
}

// The pid holding the RESERVED lock on the database file `dbPath` (a writer in rollback-journal
// mode, from BEGIN IMMEDIATE to the end of its commit: byte PENDING_BYTE + 1 = 0x40000001 of the
// file, SQLite's os_unix.c), 0 when nobody does, -1 when the file cannot be opened. The caller
// must hold no SQLite connection to that file (closing this descriptor would drop its locks).
inline pid_t sqliteRollbackWriter(const QString &dbPath)
{
    const int fd = ::open(dbPath.toLocal8Bit().constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    struct flock probe = {};
    probe.l_type = F_WRLCK;
    probe.l_whence = SEEK_SET;
    probe.l_start = 0x40000001;
    probe.l_len = 1;
    pid_t holder = 0;
    if (::fcntl(fd, F_GETLK, &probe) == 0 && probe.l_type != F_UNLCK)
        holder = probe.l_pid;
    ::close(fd);
    return holder;
}

} // namespace mapline::test
