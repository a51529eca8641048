#include "io/folderscan.h"

#include "io/inputfile.h"
#include "io/localpath.h"

#include <algorithm>
#include <cerrno>
#include <vector>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

namespace mapline {
namespace {

QString typeName(unsigned char type)
{
    switch (type) {
    case DT_FIFO: return QStringLiteral("a named pipe");
    case DT_CHR: return QStringLiteral("a character device");
    case DT_BLK: return QStringLiteral("a block device");
    case DT_SOCK: return QStringLiteral("a socket");
    default: return QStringLiteral("not a regular file");
    }
}

template <typename Text>
Text joined(const Text &folder, const Text &name)
{
    if (folder.endsWith('/'))
        return folder + name;
    return folder + '/' + name;
}

struct Folder {
    QByteArray native;
    QString path;
};

// Walks `root` (a folder), appending what it finds to `files` and `problems`.
void walk(const QString &root, const std::function<bool(const QString &)> &wanted, QStringList &files,
          QList<FolderScan::Problem> &problems)
{
    std::vector<Folder> pending{{encodeFileName(root), root}};
    while (!pending.empty()) {
        const Folder folder = std::move(pending.back());
        pending.pop_back();
        DIR *dir = ::opendir(folder.native.constData());
        if (!dir) {
            problems.append({folder.path, QStringLiteral("cannot read the folder: %1").arg(errnoText(errno))});
            continue;
        }
        for (;;) {
            errno = 0;
            const dirent *entry = ::readdir(dir);
            if (!entry) {
                if (errno != 0)
                    problems.append({folder.path, QStringLiteral("cannot read the folder: %1").arg(errnoText(errno))});
                break;
            }
            if (entry->d_name[0] == '.') // ".", ".." and hidden entries
                continue;
            const QByteArray nativeName(entry->d_name);
            const QString name = decodeFileName(nativeName);
            unsigned char type = entry->d_type;
            const bool link = type == DT_LNK;
            if (link || type == DT_UNKNOWN) {
                // The folder does not say (some file systems) or it is a link: what it leads to.
                struct stat st {};
                if (::fstatat(::dirfd(dir), entry->d_name, &st, 0) != 0) {
                    const int error = errno;
                    if (wanted(name))
                        problems.append({joined(folder.path, name),
                                         link && error == ENOENT
                                             ? QStringLiteral("a link to a file that does not exist")
                                             : QStringLiteral("cannot read: %1").arg(errnoText(error))});
                    continue;
                }
                type = IFTODT(st.st_mode);
            }
            if (type == DT_DIR) {
                if (!link)
                    pending.push_back({joined(folder.native, nativeName), joined(folder.path, name)});
                continue;
            }
            if (!wanted(name))
                continue;
            if (type == DT_REG)
                files.append(joined(folder.path, name));
            else
                problems.append({joined(folder.path, name),
                                 QStringLiteral("%1, not a file: inside a folder only regular files are read "
                                                "(name it on its own to read it)")
                                     .arg(typeName(type))});
        }
        ::closedir(dir);
    }
}

} // namespace

FolderScan FolderScan::scan(const QStringList &paths, const std::function<bool(const QString &name)> &wanted)
{
    FolderScan out;
    for (const QString &path : paths) {
        struct stat st {};
        if (::stat(encodeFileName(path).constData(), &st) != 0) {
            const int error = errno;
            if (error == ENOENT || error == ENOTDIR)
                out.missing.append(path);
            else
                out.problems.append({path, QStringLiteral("cannot read: %1").arg(errnoText(error))});
            continue;
        }
        if (!S_ISDIR(st.st_mode)) {
            out.files.append({path, true});
            continue;
        }
        QStringList found;
        QList<Problem> problems;
        walk(path, wanted, found, problems);
        // readdir() gives no order: sorted, the import and its messages are the same every time.
        found.sort();
        std::sort(problems.begin(), problems.end(),
                  [](const Problem &a, const Problem &b) { return a.path < b.path; });
        for (const QString &file : found)
            out.files.append({file, false});
        out.problems += problems;
    }
    return out;
}

} // namespace mapline
