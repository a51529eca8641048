#include "io/protectedfiles.h"

#include "io/displaypath.h"

#include <QFile>
#include <QFileInfo>
#include <QList>
#include <QMutex>

#include <sys/stat.h>

namespace mapline {
namespace {

struct Entry {
    QString path;
    QString role;
};

QMutex gMutex;
QList<Entry> gEntries; // guarded by gMutex

// The names SQLite keeps beside a database; an output on any of them damages the database.
const QStringList &sideNames()
{
    static const QStringList names = {QString(), QStringLiteral("-wal"), QStringLiteral("-shm"),
                                      QStringLiteral("-journal")};
    return names;
}

bool identity(const QString &path, dev_t &device, ino_t &inode)
{
    struct stat st {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return false;
    device = st.st_dev;
    inode = st.st_ino;
    return true;
}

// The path with its folder resolved (symbolic links, "..", "."), for names that may not exist yet.
QString normalized(const QString &path)
{
    const QFileInfo info(path);
    const QString folder = QFileInfo(info.absolutePath()).canonicalFilePath();
    return folder.isEmpty() ? info.absoluteFilePath() : folder + QLatin1Char('/') + info.fileName();
}

QString sideRole(const QString &suffix)
{
    if (suffix == u"-wal")
        return QStringLiteral("the write-ahead log of ");
    if (suffix == u"-shm")
        return QStringLiteral("the shared-memory file of ");
    if (suffix == u"-journal")
        return QStringLiteral("the rollback journal of ");
    return {};
}

} // namespace

void ProtectedFiles::add(const QString &path, const QString &role)
{
    if (path.isEmpty())
        return;
    const QMutexLocker lock(&gMutex);
    for (const Entry &e : std::as_const(gEntries))
        if (e.path == path)
            return;
    gEntries.append({path, role});
}

std::optional<ProtectedFiles::Clash> ProtectedFiles::clash(const QStringList &outputs)
{
    QList<Entry> entries;
    {
        const QMutexLocker lock(&gMutex);
        entries = gEntries;
    }
    for (const QString &output : outputs) {
        // By name first: a -wal or -journal that does not exist yet is still the database's.
        const QString name = normalized(output);
        for (const Entry &e : std::as_const(entries))
            for (const QString &inSuffix : sideNames())
                if (name == normalized(e.path + inSuffix))
                    return Clash{output, e.path + inSuffix, sideRole(inSuffix) + e.role};
        for (const QString &outSuffix : sideNames()) {
            dev_t outDevice = 0;
            ino_t outInode = 0;
            if (!identity(output + outSuffix, outDevice, outInode))
                continue;
            for (const Entry &e : std::as_const(entries)) {
                for (const QString &inSuffix : sideNames()) {
                    dev_t device = 0;
                    ino_t inode = 0;
                    if (identity(e.path + inSuffix, device, inode) && device == outDevice && inode == outInode)
                        return Clash{output + outSuffix, e.path + inSuffix, sideRole(inSuffix) + e.role};
                }
            }
        }
    }
    return std::nullopt;
}

QString ProtectedFiles::Clash::describe() const
{
    const QString what = QFileInfo(output).absoluteFilePath() == QFileInfo(input).absoluteFilePath()
                             ? QStringLiteral("it is %1 being read").arg(role)
                             : QStringLiteral("%1 is %2 %3 (the same file)").arg(displayPath(output), role, displayPath(input));
    return what + QStringLiteral("; nothing was written: choose another name");
}

} // namespace mapline
