#pragma once

// How a message names the type of a path that is not a regular file ("it is a named pipe
// (FIFO), not a regular file"): one wording for the outputs (StagedOutput) and the database
// checks (DatabaseProbe).
#include <QString>

#include <sys/stat.h>

namespace mapline {

inline QString fileTypeName(mode_t mode)
{
    if (S_ISDIR(mode))
        return QStringLiteral("a folder");
    if (S_ISFIFO(mode))
        return QStringLiteral("a named pipe (FIFO)");
    if (S_ISCHR(mode))
        return QStringLiteral("a character device");
    if (S_ISBLK(mode))
        return QStringLiteral("a block device");
    if (S_ISSOCK(mode))
        return QStringLiteral("a socket");
    if (S_ISLNK(mode))
        return QStringLiteral("a symbolic link");
    return QStringLiteral("not a regular file");
}

} // namespace mapline
