#pragma once

#include "interop/chunkedfile.h"

#include <QByteArrayView>

namespace mapline {

// Lines of a text file, streamed: LF or CRLF endings, a UTF-8 byte-order mark dropped, the last
// line with or without an ending. Used for the tab-separated datasets (GDELT, GeoNames), whose
// fields never hold line breaks.
class LineReader {
public:
    // Longest line accepted; a longer one means the file is not a line-oriented dataset.
    static constexpr qsizetype kMaxLineBytes = 64 * 1024 * 1024;

    Status open(const QString &path) { return mFile.open(path); }
    Status open(InputFile file) { return mFile.open(std::move(file)); }
    // The next line without its ending; the view stays valid until the next call.
    // False at the end of the file or when reading failed (error() is then set).
    bool next(QByteArrayView &line);

    qint64 lineNumber() const { return mLine; } // 1-based number of the line last returned
    const ChunkedFile &file() const { return mFile; }
    const QString &error() const { return mError.isEmpty() ? mFile.error() : mError; }

private:
    ChunkedFile mFile;
    QByteArray mBuffer;
    qsizetype mPos = 0;
    qint64 mLine = 0;
    bool mEnd = false;
    bool mFailed = false;
    QString mError;
};

} // namespace mapline
