#include "animation/pngframewriter.h"

#include "io/pngencoding.h"
#include "io/tempfiles.h"
#include "io/writefailure.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImageWriter>

#include <cerrno>
#include <cstdio>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace mapline::animation {
namespace {

QByteArray encoded(const QString &path)
{
    return QFile::encodeName(path);
}

int moveOver(const QString &from, const QString &to)
{
    return std::rename(encoded(from).constData(), encoded(to).constData()) == 0 ? 0 : errno;
}

} // namespace

QString PngFrameWriter::frameName(int number)
{
    return QStringLiteral("frame-%1.png").arg(number, 4, 10, QLatin1Char('0'));
}

Status PngFrameWriter::start(int)
{
    const QFileInfo target(path());
    struct stat st {};
    if (::stat(encoded(path()).constData(), &st) == 0 && !S_ISDIR(st.st_mode))
        return failure(QStringLiteral("exists and is not a folder"));
    // Through a symbolic link to a folder: the frames go into the folder it names, staged beside it.
    mFolder = target.exists() ? target.canonicalFilePath() : target.absoluteFilePath();
    const QFileInfo folder(mFolder);
    const QDir parent = folder.absoluteDir();
    if (!parent.exists())
        return failure(QStringLiteral("the folder %1 does not exist").arg(displayPath(parent.path())));
    TempFiles::removeStale(parent.path());
    mStaging = TempFiles::makeName(parent.path(), folder.fileName(), QString());
    mTrackSlot = TempFiles::track(mStaging); // before it exists: a stop signal never misses it
    if (::mkdir(encoded(mStaging).constData(), 0777) != 0) {
        const int error = errno;
        abort();
        return failure(QStringLiteral("cannot write in %1: %2")
                           .arg(displayPath(parent.path()), WriteFailure::fromErrno(error, path())));
    }
    return {};
}

Status PngFrameWriter::write(const QImage &frame)
{
    const QString name = frameName(frameCount() + 1);
    // Encoded in memory first: QImageWriter on a file does not report a write that failed.
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, "png");
    setPngCompression(writer);
    if (!writer.write(frame))
        return failure(QStringLiteral("cannot encode %1: %2").arg(name, writer.errorString()));
    const QString shown = QDir(path()).filePath(name);
    // Synced once for the whole set in complete(), not frame by frame.
    if (const QString error = WriteFailure::writeNewFile(QDir(mStaging).filePath(name), bytes, shown, 0666, false);
        !error.isEmpty())
        return Status::failure(QStringLiteral("cannot write %1: %2").arg(displayPath(shown), error));
    return {};
}

Status PngFrameWriter::complete()
{
    // Every frame on disk before any has its name.
    if (const int dir = ::open(encoded(mStaging).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir >= 0) {
        const int synced = ::syncfs(dir);
        const int error = errno;
        ::close(dir);
        if (synced != 0)
            return failure(WriteFailure::fromErrno(error, path()));
    }
    struct stat st {};
    if (::stat(encoded(mFolder).constData(), &st) == 0)
        return swapInto(mFolder);
    // The usual case: the whole folder appears at once.
    const TempFiles::Deferral noStopDuringTheMove;
    if (const int error = moveOver(mStaging, mFolder))
        return failure(QStringLiteral("cannot create the folder: %1").arg(WriteFailure::fromErrno(error, path())));
    TempFiles::untrack(mTrackSlot);
    mTrackSlot = -1;
    mStaging.clear();
    return {};
}

Status PngFrameWriter::swapInto(const QString &folder)
{
    const QDir target(folder);
    const QDir staging(mStaging);
    const QString asidePath = mStaging + QStringLiteral(".old");
    if (::mkdir(encoded(asidePath).constData(), 0700) != 0)
        return failure(QStringLiteral("cannot replace the old frames: %1").arg(WriteFailure::fromErrno(errno, path())));
    const QDir aside(asidePath);
    const QStringList old = target.entryList({QStringLiteral("frame-*.png")}, QDir::Files | QDir::Hidden);
    QStringList setAside, movedIn;
    const TempFiles::Deferral noStopDuringTheSwap;
    const auto undo = [&](const QString &what, int error) {
        for (const QString &name : std::as_const(movedIn))
            moveOver(target.filePath(name), staging.filePath(name));
        for (const QString &name : std::as_const(setAside))
            moveOver(aside.filePath(name), target.filePath(name));
        QDir(asidePath).removeRecursively();
        return failure(QStringLiteral("%1: %2").arg(what, WriteFailure::fromErrno(error, path())));
    };
    for (const QString &name : old) {
        if (const int error = moveOver(target.filePath(name), aside.filePath(name)))
            return undo(QStringLiteral("cannot replace %1").arg(name), error);
        setAside << name;
    }
    for (int i = 1; i <= frameCount(); ++i) {
        const QString name = frameName(i);
        if (const int error = moveOver(staging.filePath(name), target.filePath(name)))
            return undo(QStringLiteral("cannot move %1 into it").arg(name), error);
        movedIn << name;
    }
    QDir(asidePath).removeRecursively();
    QDir(mStaging).removeRecursively(); // now empty
    TempFiles::untrack(mTrackSlot);
    mTrackSlot = -1;
    mStaging.clear();
    return {};
}

void PngFrameWriter::abort()
{
    if (!mStaging.isEmpty()) {
        QDir(mStaging).removeRecursively();
        mStaging.clear();
    }
    TempFiles::untrack(mTrackSlot);
    mTrackSlot = -1;
}

} // namespace mapline::animation
