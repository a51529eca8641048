#include "io/writefailure.h"

#include "io/displaypath.h"

#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStorageInfo>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/resource.h>
#include <unistd.h>

namespace mapline {
namespace {

constexpr qint64 kNearLimit = 64 * 1024; // a write that failed this close to the limit hit it
constexpr qint64 kNearlyFull = 1024 * 1024;

// A library's message without what only its authors can read: SQL, "sqlite3_exec(...) failed:".
QString cleaned(QString text)
{
    text = text.simplified();
    static const QRegularExpression sqliteExec(QStringLiteral("sqlite3_exec\\(.*\\) failed:\\s*"),
                                               QRegularExpression::DotMatchesEverythingOption);
    text.replace(sqliteExec, QString());
    static const QRegularExpression sql(
        QStringLiteral("\\b(CREATE|INSERT|UPDATE|DELETE|SELECT|DROP|ALTER)\\b[^;:]*(;|$)"));
    text.replace(sql, QString());
    text = text.simplified();
    if (text.isEmpty() || text.compare(QStringLiteral("Unknown error"), Qt::CaseInsensitive) == 0)
        return QStringLiteral("the library writing it gave no reason");
    if (text.size() > 300)
        text = text.left(300) + QStringLiteral("...");
    return text;
}

} // namespace

QString WriteFailure::fileSizeLimit(const QString &shownPath, const QStringList &files)
{
    struct rlimit limit = {};
    if (::getrlimit(RLIMIT_FSIZE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY)
        return {};
    for (const QString &file : files) {
        if (QFileInfo(file).size() + kNearLimit >= qint64(limit.rlim_cur))
            return QStringLiteral("%1 reached the file size limit of this process (%2 bytes, ulimit -f)")
                .arg(displayPath(shownPath))
                .arg(qint64(limit.rlim_cur));
    }
    return {};
}

QString WriteFailure::diskFull(const QString &shownPath)
{
    const QStorageInfo disk(QFileInfo(shownPath).absolutePath());
    if (disk.isValid() && disk.bytesAvailable() < kNearlyFull)
        return QStringLiteral("the disk holding %1 is full (%2 bytes free)")
            .arg(displayPath(shownPath))
            .arg(disk.bytesAvailable());
    return {};
}

QString WriteFailure::fromErrno(int error, const QString &shownPath)
{
    switch (error) {
    case EFBIG: {
        struct rlimit limit = {};
        if (::getrlimit(RLIMIT_FSIZE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY)
            return QStringLiteral("%1 reached the file size limit of this process (%2 bytes, ulimit -f)")
                .arg(displayPath(shownPath))
                .arg(qint64(limit.rlim_cur));
        return QStringLiteral("%1 is larger than the file system allows").arg(displayPath(shownPath));
    }
    case ENOSPC: {
        const QStorageInfo disk(QFileInfo(shownPath).absolutePath());
        return QStringLiteral("the disk holding %1 is full (%2 bytes free)")
            .arg(displayPath(shownPath))
            .arg(disk.isValid() ? disk.bytesAvailable() : 0);
    }
    case EDQUOT: return QStringLiteral("the disk quota for %1 is used up").arg(displayPath(shownPath));
    case ENOMEM: return QStringLiteral("not enough memory to write %1").arg(displayPath(shownPath));
    case EROFS: return QStringLiteral("the disk holding %1 is read-only").arg(displayPath(shownPath));
    case EACCES:
    case EPERM: return QStringLiteral("permission denied");
    case EIO:
        return QStringLiteral("the disk holding %1 reported an input/output error (a failing disk, or a "
                              "removed drive?)")
            .arg(displayPath(shownPath));
    default: return QString::fromLocal8Bit(std::strerror(error));
    }
}

QString WriteFailure::explain(const QString &libraryText, const QString &shownPath, const QStringList &writtenFiles)
{
    if (const QString limit = fileSizeLimit(shownPath, writtenFiles); !limit.isEmpty())
        return limit;
    if (const QString full = diskFull(shownPath); !full.isEmpty())
        return full;
    static const QRegularExpression full(QStringLiteral("disk is full|no space left"),
                                         QRegularExpression::CaseInsensitiveOption);
    if (libraryText.contains(full))
        return QStringLiteral("the disk holding %1 is full").arg(displayPath(shownPath));
    static const QRegularExpression quota(QStringLiteral("quota"), QRegularExpression::CaseInsensitiveOption);
    if (libraryText.contains(quota))
        return QStringLiteral("the disk quota for %1 is used up").arg(displayPath(shownPath));
    static const QRegularExpression memory(QStringLiteral("out of memory|cannot allocate|bad_alloc"),
                                           QRegularExpression::CaseInsensitiveOption);
    if (libraryText.contains(memory))
        return QStringLiteral("not enough memory to write %1").arg(displayPath(shownPath));
    return cleaned(libraryText);
}

QString WriteFailure::writeNewFile(const QString &path, const QByteArray &bytes, const QString &shownPath,
                                   unsigned mode, bool sync)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode_t(mode));
    if (fd < 0)
        return fromErrno(errno, shownPath);
    const auto failed = [&](int error) {
        ::close(fd);
        return fromErrno(error, shownPath);
    };
    // A full disk or a size limit first gives a short write; the next one says why.
    for (qint64 done = 0; done < bytes.size();) {
        const ssize_t n = ::write(fd, bytes.constData() + done, size_t(bytes.size() - done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return failed(n < 0 ? errno : ENOSPC);
        done += n;
    }
    if (sync && ::fsync(fd) != 0 && errno != EINVAL)
        return failed(errno);
    if (::close(fd) != 0)
        return fromErrno(errno, shownPath);
    return {};
}

} // namespace mapline
