#pragma once

#include "result.h"

#include <QByteArray>
#include <QString>

namespace mapline {

// A file opened for reading the way every reader of Mapline opens its input (articles, sidecars,
// datasets, GeoNames dumps, the user's gazetteer):
// - it never waits: the open is non-blocking, and a named pipe with no program writing to it is
//   refused with a message rather than waited for (a pipe whose writer is there is read as usual);
// - pipes, character devices and sockets are read like files; what peek() looked at is read again
//   by read(), so a pipe is read once and loses nothing to format detection;
// - readAll() stops at a limit whatever size the file reports (0 for /dev/zero and pipes);
// - the name may hold bytes that are not UTF-8 (io/localpath.h);
// - every failure is a message naming the file and the reason, in the words `mapline import`
//   prints ("no such file", "cannot read: Permission denied").
// Move-only; closes its descriptor when destroyed.
class InputFile {
public:
    InputFile() = default;
    ~InputFile();
    InputFile(InputFile &&other) noexcept;
    InputFile &operator=(InputFile &&other) noexcept;
    InputFile(const InputFile &) = delete;
    InputFile &operator=(const InputFile &) = delete;

    Status open(const QString &path);
    void close();
    bool isOpen() const { return mFd >= 0; }
    // errno of the open() that failed last (ENOENT: no such file), 0 when it did not fail there.
    int openErrno() const { return mOpenErrno; }

    const QString &path() const { return mPath; }
    // A regular file (not a pipe, device or socket): its size is known and it can be opened again.
    bool isRegular() const { return mRegular; }
    // "a pipe", "a character device"...: what a file that is not regular is, for messages.
    QString kindName() const;
    // The size the system reports for a regular file; -1 for the others.
    qint64 size() const { return mRegular ? mSize : -1; }
    // Bytes handed out by read() and readAll() so far.
    qint64 position() const { return mPosition; }

    // The first `n` bytes from the current position (fewer at the end of the file), kept so that
    // read() returns them again. Fails (error()) when reading fails.
    Result<QByteArray> peek(qint64 n);
    // Up to `n` bytes into `data`: the number read, 0 at the end of the file, -1 when reading
    // failed (error() says why). Waits for a pipe's writer like any reader of a pipe.
    qint64 read(char *data, qint64 n);
    // Everything from the current position to the end, when that is at most `limit` bytes;
    // otherwise fails with `tooLarge` as the message (after reading limit + 1 bytes at most).
    Result<QByteArray> readAll(qint64 limit, const QString &tooLarge);
    // What went wrong with the last read, as "<path>: read error after N bytes: <reason>".
    const QString &error() const { return mError; }

private:
    qint64 readFromFile(char *data, qint64 n);

    int mFd = -1;
    QString mPath;
    bool mRegular = false;
    unsigned mMode = 0; // st_mode
    qint64 mSize = 0;
    qint64 mPosition = 0;
    int mOpenErrno = 0;
    QByteArray mPeeked;      // read from the file, not yet handed out
    qsizetype mPeekedAt = 0; // first byte of mPeeked not yet handed out
    QString mError;
};

// The system's words for an errno value ("Permission denied"), as strerror gives them.
QString errnoText(int error);

} // namespace mapline
