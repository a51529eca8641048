#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace mapline {

// The paths a user names for import, walked: the files named (whatever they are: a pipe or a
// device named on purpose is read too), the files found in folders that `wanted` accepts, and
// every path that could not be used, with the reason (a folder that cannot be read, a pipe or a
// broken link inside a folder). Nothing is skipped without a word except hidden entries
// (".name"), links to folders (not followed, so a loop cannot happen) and files `wanted` does not
// want. Folders are read with the POSIX calls in one pass, with no stat() for the entries whose
// type the folder reports; names that are not UTF-8 are kept (io/localpath.h).
struct FolderScan {
    struct Problem {
        QString path;
        QString reason; // "cannot read the folder: Permission denied"
    };
    struct File {
        QString path;
        bool named = false; // named by the user rather than found in a folder
    };

    QList<File> files;       // in the order of the paths; each folder's files sorted by path
    QStringList missing;     // named paths that do not exist
    QList<Problem> problems; // in the order found

    // `wanted` gets the name of a file found in a folder (not the path) and says whether it is
    // one to import; files named by the user are always taken.
    static FolderScan scan(const QStringList &paths, const std::function<bool(const QString &name)> &wanted);
};

} // namespace mapline
