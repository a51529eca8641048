#pragma once

#include "io/inputfile.h"
#include "result.h"

#include <QByteArray>
#include <QCryptographicHash>
#include <QString>

namespace mapline {

// A file read front to back in fixed-size chunks, hashing every byte on the way (SHA-256, the
// dataset's identity) and counting bytes for progress. The base of LineReader and CsvReader:
// whatever the file's size, at most a few chunks are in memory.
class ChunkedFile {
public:
    static constexpr qsizetype kChunkBytes = 1 << 20;

    Status open(const QString &path);
    // Reads `file`, opened already (a pipe whose first bytes were peeked at loses none).
    Status open(InputFile file);
    // Appends the next chunk to `buffer`: the number of bytes appended, 0 at the end of the file,
    // -1 when reading failed (error() says why).
    qsizetype appendChunk(QByteArray &buffer);

    const QString &path() const { return mPath; }
    qint64 size() const { return mFile.size(); } // -1 for a pipe or a device
    qint64 bytesRead() const { return mBytesRead; }
    const QString &error() const { return mError; }
    // SHA-256 (hex) of the bytes read so far: the whole file's once appendChunk() returned 0.
    QString contentHash() const;

private:
    QString mPath;
    InputFile mFile;
    QCryptographicHash mHash{QCryptographicHash::Sha256};
    qint64 mBytesRead = 0;
    QString mError;
};

} // namespace mapline
