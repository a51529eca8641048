#include "io/stagedoutput.h"

#include "io/displaypath.h"
#include "io/filetypename.h"
#include "io/protectedfiles.h"
#include "io/tempfiles.h"
#include "io/writefailure.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace mapline {
namespace {

const QStringList &sqliteSideFiles()
{
    static const QStringList names = {QStringLiteral("-wal"), QStringLiteral("-journal"), QStringLiteral("-shm")};
    return names;
}

QByteArray encoded(const QString &path)
{
    return QFile::encodeName(path);
}

bool isSqlite(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) && file.read(16) == QByteArray("SQLite format 3", 16);
}

// The process that holds a POSIX lock on `path` (SQLite's locks on a database and on its -shm
// included: a connection holds one for as long as it has the file open in WAL mode), 0 when
// none. The descriptor opened here is closed again, which drops any POSIX lock *this* process
// holds on the file; there is none, as the target is no input of ours (ProtectedFiles was
// checked first).
pid_t lockHolder(const QString &path)
{
    const int fd = ::open(encoded(path).constData(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return 0;
    struct flock lock {};
    lock.l_type = F_WRLCK;
    lock.l_whence = SEEK_SET;
    lock.l_start = 0;
    lock.l_len = 0; // the whole file, SQLite's lock bytes at 1 GB included
    const pid_t holder = ::fcntl(fd, F_GETLK, &lock) == 0 && lock.l_type != F_UNLCK ? lock.l_pid : 0;
    ::close(fd);
    return holder;
}

// Whether the first `bytes` of `path` exist and are not all zero: a rollback journal with a
// header (SQLite zeroes it to end a transaction) or a WAL with frames after its 32-byte header.
bool hasContent(const QString &path, qint64 atLeast, qint64 header)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly) || file.size() < atLeast)
        return false;
    const QByteArray start = file.read(header);
    return start.count('\0') != start.size();
}

// rename(2): replaces an existing file atomically, which QFile::rename refuses to do.
int moveOver(const QString &from, const QString &to)
{
    return std::rename(encoded(from).constData(), encoded(to).constData()) == 0 ? 0 : errno;
}

int syncFile(const QString &path, int flags = O_RDONLY)
{
    const int fd = ::open(encoded(path).constData(), flags | O_CLOEXEC);
    if (fd < 0)
        return errno;
    // EINVAL: a file system that cannot sync (some FUSE ones); nothing to do about it.
    const int error = ::fsync(fd) != 0 && errno != EINVAL ? errno : 0;
    ::close(fd);
    return error;
}

} // namespace

StagedOutput::StagedOutput(QString target, Options options)
    : mTarget(std::move(target))
    , mOptions(std::move(options))
{
}

StagedOutput::~StagedOutput()
{
    if (!mCommitted && !mStaging.isEmpty())
        removeStaged();
    TempFiles::untrack(mTrackSlot);
}

Status StagedOutput::refuse(const QString &why) const
{
    return Status::failure(QStringLiteral("cannot write %1: %2").arg(displayPath(mTarget), why));
}

QString StagedOutput::failure(const QString &libraryText) const
{
    QString text = libraryText;
    // The library names the hidden file; the user knows the file they asked for.
    if (!mStaging.isEmpty()) {
        text.replace(mStaging + QStringLiteral(": "), QString());
        text.replace(mStaging, mTarget);
    }
    return QStringLiteral("cannot write %1: %2")
        .arg(displayPath(mTarget), WriteFailure::explain(text, mTarget, stagedFiles()));
}

QString StagedOutput::companion(const QString &path, const QString &extension) const
{
    // A temporary name's companions share its stem (".x.mapline-...tmp.dbf"); a target's, its
    // base name ("events.dbf").
    if (path == mStaging)
        return TempFiles::stemOf(mStaging) + QLatin1Char('.') + extension;
    const QFileInfo info(path);
    return info.dir().filePath(info.completeBaseName() + QLatin1Char('.') + extension);
}

QStringList StagedOutput::stagedFiles() const
{
    QStringList files;
    if (mStaging.isEmpty())
        return files;
    QStringList candidates = {mStaging};
    for (const QString &ext : mOptions.companions)
        candidates << companion(mStaging, ext);
    for (const QString &side : sqliteSideFiles())
        candidates << mStaging + side;
    for (const QString &file : std::as_const(candidates))
        if (QFileInfo::exists(file))
            files << file;
    return files;
}

Status StagedOutput::prepare()
{
    if (mTarget.isEmpty())
        return Status::failure(QStringLiteral("no file name given to write"));
    struct stat st {};
    mDestination = mTarget;
    if (::lstat(encoded(mTarget).constData(), &st) == 0 && S_ISLNK(st.st_mode)) {
        // As cp: write through the link to the file it names, and keep the link.
        const QString resolved = QFileInfo(mTarget).canonicalFilePath();
        if (resolved.isEmpty())
            return refuse(QStringLiteral("it is a symbolic link to %1, which does not exist (cp does not write "
                                         "through such a link either)")
                              .arg(displayPath(QFileInfo(mTarget).symLinkTarget())));
        mDestination = resolved;
    }
    const QFileInfo destination(mDestination);
    const QDir folder = destination.absoluteDir();
    if (!folder.exists())
        return refuse(QStringLiteral("the folder %1 does not exist")
                          .arg(displayPath(QDir::toNativeSeparators(folder.path()))));
    if (::stat(encoded(mDestination).constData(), &st) == 0) {
        if (S_ISDIR(st.st_mode))
            return refuse(QStringLiteral("it is a folder"));
        if (!S_ISREG(st.st_mode))
            return refuse(QStringLiteral("it is %1, not a regular file; Mapline writes only regular files")
                              .arg(fileTypeName(st.st_mode)));
        // As cp, which opens the file for writing: a read-only file stays as it is (root may).
        if (::access(encoded(mDestination).constData(), W_OK) != 0)
            return refuse(QStringLiteral("it is read-only (permission denied); nothing was written"));
        mReplacing = true;
        mMode = st.st_mode & 07777;
        mOwner = st.st_uid;
        mGroup = st.st_gid;
    } else if (errno != ENOENT) {
        return refuse(WriteFailure::fromErrno(errno, mTarget));
    }
    // A place where one of the files must go that a file cannot replace: say so now, before
    // anything is written (rename(2) would move a folder aside and leave it behind).
    QStringList outputs = {mDestination};
    for (const QString &ext : std::as_const(mOptions.companions)) {
        const QString other = companion(mDestination, ext);
        if (::lstat(encoded(other).constData(), &st) == 0 && !S_ISREG(st.st_mode))
            return refuse(QStringLiteral("%1 is %2").arg(displayPath(other), fileTypeName(st.st_mode)));
        outputs << other;
    }
    if (const auto clash = ProtectedFiles::clash(outputs))
        return refuse(clash->describe());
    if (mOptions.sqlite || (mReplacing && isSqlite(mDestination))) {
        // SQLite finds a database's -wal and -journal by name: renamed under them, the new file
        // would get another program's changes applied or rolled back into it (d08, QGIS).
        const QString shown = displayPath(mDestination);
        if (const pid_t holder = mReplacing ? lockHolder(mDestination) : 0; holder != 0)
            return refuse(QStringLiteral("another program (process %1) has it open; close it there (in QGIS, remove "
                                         "the layer) and write again, or choose another name")
                              .arg(holder));
        if (const pid_t holder = lockHolder(mDestination + QStringLiteral("-shm")); holder != 0)
            return refuse(QStringLiteral("another program (process %1) has it open (it holds %2-shm); close it there "
                                         "(in QGIS, remove the layer) and write again, or choose another name")
                              .arg(holder)
                              .arg(shown));
        const QString reopen = QStringLiteral("; open and close it once in the program that wrote it (or with "
                                              "sqlite3) and write again, or choose another name");
        if (hasContent(mDestination + QStringLiteral("-wal"), 33, 32))
            return refuse(QStringLiteral("%1-wal beside it holds changes another program has not written into it yet "
                                         "(it stopped without closing the file?), and SQLite would apply them to the "
                                         "new file and damage it")
                              .arg(shown) +
                          reopen);
        if (hasContent(mDestination + QStringLiteral("-journal"), 28, 28))
            return refuse(QStringLiteral("%1-journal beside it holds an unfinished transaction of another program, and "
                                         "SQLite would roll it back into the new file and damage it")
                              .arg(shown) +
                          reopen);
    }
    TempFiles::removeStale(folder.path());
    const QString extension = mOptions.stagingExtension.isEmpty() ? destination.suffix() : mOptions.stagingExtension;
    do {
        mStaging = TempFiles::makeName(folder.path(), destination.fileName(),
                                       extension.isEmpty() ? QString() : QLatin1Char('.') + extension);
    } while (QFileInfo::exists(mStaging));
    mTrackSlot = TempFiles::track(TempFiles::stemOf(mStaging));
    return {};
}

void StagedOutput::removeStaged() const
{
    // The writer may have left journals or companions we did not list: everything under the
    // temporary stem goes.
    const QFileInfo staging(mStaging);
    QDir folder = staging.absoluteDir();
    const QString stem = QFileInfo(TempFiles::stemOf(mStaging)).fileName();
    const QStringList ours = folder.entryList({QStringLiteral(".*.mapline-*")},
                                              QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
    for (const QString &name : ours) {
        if (!name.startsWith(stem))
            continue;
        const QString path = folder.filePath(name);
        if (QFileInfo(path).isDir() && !QFileInfo(path).isSymLink())
            QDir(path).removeRecursively();
        else
            folder.remove(name);
    }
}

Status StagedOutput::writeBytes(const QByteArray &bytes)
{
    if (const QString error = WriteFailure::writeNewFile(mStaging, bytes, mTarget, mReplacing ? mMode : 0666);
        !error.isEmpty())
        return refuse(error);
    return {};
}

void StagedOutput::applyMode() const
{
    if (!mReplacing)
        return;
    for (const QString &file : stagedFiles()) {
        ::chmod(encoded(file).constData(), mMode);
        // Only root may give a file to another owner; otherwise the new file is the writer's.
        if (::chown(encoded(file).constData(), mOwner, mGroup) != 0)
            errno = 0;
    }
}

Status StagedOutput::commit()
{
    if (mStaging.isEmpty())
        return refuse(QStringLiteral("nothing was written (internal error: not prepared)"));
    // On disk before it has the name: a power cut after the rename must not leave an empty file
    // where the old one was.
    applyMode();
    for (const QString &file : stagedFiles())
        if (const int error = syncFile(file))
            return refuse(WriteFailure::fromErrno(error, mTarget));
    struct Move {
        QString staged, target, backup;
    };
    QList<Move> moves;
    moves.append({mStaging, mDestination, mStaging + QStringLiteral(".old")});
    for (const QString &ext : std::as_const(mOptions.companions))
        moves.append({companion(mStaging, ext), companion(mDestination, ext),
                      companion(mStaging, ext) + QStringLiteral(".old")});

    const TempFiles::Deferral noStopDuringMoves;
    if (moves.size() == 1) {
        if (const int error = moveOver(mStaging, mDestination))
            return refuse(WriteFailure::fromErrno(error, mTarget));
    } else {
        // Several files: set the old ones aside, move the new ones in, then drop the old ones.
        QList<const Move *> setAside, movedIn;
        auto undo = [&] {
            for (const Move *m : std::as_const(movedIn))
                QFile::remove(m->target);
            for (const Move *m : std::as_const(setAside))
                moveOver(m->backup, m->target);
        };
        for (const Move &m : std::as_const(moves)) {
            if (!QFileInfo::exists(m.target))
                continue;
            if (const int error = moveOver(m.target, m.backup)) {
                undo();
                return refuse(WriteFailure::fromErrno(error, m.target));
            }
            setAside.append(&m);
        }
        for (const Move &m : std::as_const(moves)) {
            if (!QFileInfo::exists(m.staged))
                continue; // a companion this writer does not make (a stale one was set aside above)
            if (const int error = moveOver(m.staged, m.target)) {
                undo();
                return refuse(WriteFailure::fromErrno(error, m.target));
            }
            movedIn.append(&m);
        }
        for (const Move *m : std::as_const(setAside))
            QFile::remove(m->backup);
    }
    syncFile(QFileInfo(mDestination).absolutePath(), O_RDONLY | O_DIRECTORY); // the renames themselves
    mCommitted = true;
    TempFiles::untrack(mTrackSlot);
    mTrackSlot = -1;
    return {};
}

} // namespace mapline
