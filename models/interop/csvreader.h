#pragma once

#include "interop/chunkedfile.h"

#include <QByteArrayList>

namespace mapline {

// Records of a CSV file (RFC 4180), streamed: quoted fields may hold separators, doubled quotes
// and line breaks (ACLED's notes do); LF or CRLF endings; a UTF-8 byte-order mark dropped; blank
// lines skipped. Lenient where real files are sloppy: a quote inside an unquoted field is kept as
// it is, text after a closing quote is appended to the field.
class CsvReader {
public:
    enum class Next { Record, End, Malformed, Failed };
    // Longest record accepted, its fields together, each counted with what it costs to hold
    // (kFieldOverhead): memory stays bounded whatever the input, an endless field or an endless
    // row of commas alike.
    static constexpr qsizetype kMaxRecordBytes = 64 * 1024 * 1024;
    static constexpr qsizetype kFieldOverhead = 32;

    explicit CsvReader(char separator = ',')
        : mSeparator(separator)
    {
    }
    Status open(const QString &path) { return mFile.open(path); }
    Status open(InputFile file) { return mFile.open(std::move(file)); }

    // Malformed: a quoted field is never closed (the rest of the file was read into it); the
    // fields read so far are returned and reading stops.
    Next next(QByteArrayList &fields);

    qint64 recordLine() const { return mRecordLine; } // line where the last record started (1-based)
    const ChunkedFile &file() const { return mFile; }
    const QString &error() const { return mError.isEmpty() ? mFile.error() : mError; }

private:
    bool ensure(); // false at the end of the file or on failure (mFailed)
    void countLines(const char *from, qsizetype length);

    char mSeparator;
    ChunkedFile mFile;
    QByteArray mBuffer;
    qsizetype mPos = 0;
    qint64 mLine = 1;
    qint64 mRecordLine = 0;
    bool mEnd = false;
    bool mFailed = false;
    bool mStarted = false;
    QString mError;
};

} // namespace mapline
