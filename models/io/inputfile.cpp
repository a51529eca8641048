#include "io/inputfile.h"

#include "io/localpath.h"

#include <cerrno>
#include <cstring>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace mapline {

QString errnoText(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

InputFile::~InputFile()
{
    close();
}

InputFile::InputFile(InputFile &&other) noexcept
{
    *this = std::move(other);
}

InputFile &InputFile::operator=(InputFile &&other) noexcept
{
    if (this != &other) {
        close();
        mFd = std::exchange(other.mFd, -1);
        mPath = std::move(other.mPath);
        mRegular = other.mRegular;
        mMode = other.mMode;
        mSize = other.mSize;
        mPosition = other.mPosition;
        mOpenErrno = other.mOpenErrno;
        mPeeked = std::move(other.mPeeked);
        mPeekedAt = std::exchange(other.mPeekedAt, 0);
        mError = std::move(other.mError);
    }
    return *this;
}

Status InputFile::open(const QString &path)
{
    close();
    mPath = path;
    mPosition = 0;
    mOpenErrno = 0;
    mError.clear();
    const QByteArray native = encodeFileName(path);
    // O_NONBLOCK: opening a named pipe waits for a writer otherwise. O_NOCTTY: a terminal named
    // as input does not become our controlling terminal.
    const int fd = ::open(native.constData(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) {
        const int e = errno;
        mOpenErrno = e;
        if (e == ENOENT)
            return Status::failure(QStringLiteral("%1: no such file").arg(path));
        if (e == ENXIO) // open() of a Unix socket
            return Status::failure(QStringLiteral("%1: a socket, not a file").arg(path));
        return Status::failure(QStringLiteral("%1: cannot read: %2").arg(path, errnoText(e)));
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        const int e = errno;
        ::close(fd);
        return Status::failure(QStringLiteral("%1: cannot read: %2").arg(path, errnoText(e)));
    }
    mFd = fd;
    mMode = st.st_mode;
    mRegular = S_ISREG(st.st_mode);
    mSize = st.st_size;
    if (S_ISDIR(st.st_mode)) {
        close();
        return Status::failure(QStringLiteral("%1: is a folder, not a file").arg(path));
    }
    if (mRegular)
        return {}; // O_NONBLOCK means nothing to a regular file
    if (S_ISFIFO(st.st_mode)) {
        // A pipe with nothing in it reads 0 (the end) when no program has it open for writing,
        // and fails with EAGAIN while one has: a writer that is not there yet is not waited for.
        char first[4096];
        const ssize_t n = ::read(fd, first, sizeof first);
        if (n == 0) {
            close();
            return Status::failure(
                QStringLiteral("%1: a pipe with no program writing to it (start the program that writes "
                               "to it first)")
                    .arg(path));
        }
        if (n > 0)
            mPeeked = QByteArray(first, qsizetype(n));
        else if (errno != EAGAIN && errno != EWOULDBLOCK) {
            const int e = errno;
            close();
            return Status::failure(QStringLiteral("%1: cannot read: %2").arg(path, errnoText(e)));
        }
    }
    // From here on a read waits for data, as reading any pipe or device does.
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags < 0 || ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0) {
        const int e = errno;
        close();
        return Status::failure(QStringLiteral("%1: cannot read: %2").arg(path, errnoText(e)));
    }
    return {};
}

void InputFile::close()
{
    if (mFd >= 0)
        ::close(mFd);
    mFd = -1;
    mPeeked.clear();
    mPeekedAt = 0;
}

QString InputFile::kindName() const
{
    if (S_ISREG(mMode))
        return QStringLiteral("a file");
    if (S_ISFIFO(mMode))
        return QStringLiteral("a pipe");
    if (S_ISCHR(mMode))
        return QStringLiteral("a character device");
    if (S_ISBLK(mMode))
        return QStringLiteral("a block device");
    if (S_ISSOCK(mMode))
        return QStringLiteral("a socket");
    return QStringLiteral("not a regular file");
}

qint64 InputFile::readFromFile(char *data, qint64 n)
{
    for (;;) {
        const ssize_t got = ::read(mFd, data, size_t(n));
        if (got >= 0)
            return qint64(got);
        if (errno == EINTR)
            continue;
        mError = QStringLiteral("%1: read error after %2 bytes: %3").arg(mPath).arg(mPosition).arg(errnoText(errno));
        return -1;
    }
}

Result<QByteArray> InputFile::peek(qint64 n)
{
    if (mFd < 0)
        return Result<QByteArray>::failure(QStringLiteral("%1: not open").arg(mPath));
    if (mPeekedAt > 0) {
        mPeeked.remove(0, mPeekedAt);
        mPeekedAt = 0;
    }
    while (mPeeked.size() < n) {
        // A regular file read up to the size it reported is at its end: no read() to see that.
        if (mRegular && mPosition + mPeeked.size() >= mSize)
            break;
        const qsizetype before = mPeeked.size();
        mPeeked.resize(qsizetype(n));
        const qint64 got = readFromFile(mPeeked.data() + before, n - before);
        mPeeked.resize(before + qsizetype(std::max<qint64>(got, 0)));
        if (got < 0)
            return Result<QByteArray>::failure(mError);
        if (got == 0)
            break;
    }
    return mPeeked.left(qsizetype(n));
}

qint64 InputFile::read(char *data, qint64 n)
{
    if (mFd < 0)
        return -1;
    if (mPeekedAt < mPeeked.size()) {
        const qint64 take = std::min<qint64>(n, mPeeked.size() - mPeekedAt);
        std::memcpy(data, mPeeked.constData() + mPeekedAt, size_t(take));
        mPeekedAt += qsizetype(take);
        if (mPeekedAt == mPeeked.size()) {
            mPeeked.clear();
            mPeekedAt = 0;
        }
        mPosition += take;
        return take;
    }
    const qint64 got = readFromFile(data, n);
    if (got > 0)
        mPosition += got;
    return got;
}

Result<QByteArray> InputFile::readAll(qint64 limit, const QString &tooLarge)
{
    using R = Result<QByteArray>;
    if (mFd < 0)
        return R::failure(QStringLiteral("%1: not open").arg(mPath));
    // What peek() kept first, then the file: a regular file in one read at the size it reported
    // (plus a byte, to see it did not grow past the limit), anything else in growing chunks,
    // never past the limit.
    QByteArray bytes = mPeeked.mid(mPeekedAt);
    mPosition += bytes.size();
    mPeeked.clear();
    mPeekedAt = 0;
    qint64 chunk = mRegular ? std::max<qint64>(mSize - mPosition, 0) + 1 : 64 * 1024;
    for (bool first = true;; first = false) {
        const qint64 room = limit + 1 - bytes.size();
        if (room <= 0)
            return R::failure(tooLarge);
        const qint64 want = std::min(chunk, room);
        const qsizetype before = bytes.size();
        bytes.resize(before + qsizetype(want));
        const qint64 got = readFromFile(bytes.data() + before, want);
        if (got < 0)
            return R::failure(mError);
        bytes.resize(before + qsizetype(got));
        mPosition += got;
        // A regular file gives less than asked only at its end.
        if (got == 0 || (mRegular && got < want))
            break;
        // Past the size a regular file reported: it is growing; read on in small steps.
        chunk = mRegular && first ? 4096 : std::min<qint64>(chunk * 2, 8 * 1024 * 1024);
    }
    if (bytes.size() > limit)
        return R::failure(tooLarge);
    return bytes;
}

} // namespace mapline
