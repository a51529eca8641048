#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace mapline {

// The files this process reads and must never write over: an open database (with its -wal,
// -shm and -journal), the basemap and the layers of a map. Every output is checked against them
// by device and inode before anything is written (StagedOutput), so a name that reaches one of
// them by another spelling, a symbolic link or a hard link is refused as well: `cp a a` says
// "are the same file", Mapline says which input the output would have replaced.
// Registrations last as long as the process. Thread-safe.
class ProtectedFiles {
public:
    // `role` says what the file is to the user: "the database", "the basemap", "the layer".
    static void add(const QString &path, const QString &role);

    struct Clash {
        QString output; // the name among `outputs` (or its -wal/-shm/-journal) that is an input
        QString input;  // the input's name (or its -wal/-shm/-journal)
        QString role;
        // "it is the database events.sqlite (the same file)", for "cannot write OUT: ...".
        QString describe() const;
    };
    // The first of `outputs`, or of their -wal, -shm and -journal names, that is the same file
    // as a protected one or one of its -wal, -shm and -journal files (by device and inode, and
    // by name for those that do not exist yet); nullopt when none is.
    static std::optional<Clash> clash(const QStringList &outputs);
};

} // namespace mapline
