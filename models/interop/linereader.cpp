#include "interop/linereader.h"

#include <cstring>

namespace mapline {

bool LineReader::next(QByteArrayView &line)
{
    if (mFailed)
        return false;
    for (;;) {
        const char *data = mBuffer.constData();
        const qsizetype size = mBuffer.size();
        const void *found = mPos < size ? std::memchr(data + mPos, '\n', size_t(size - mPos)) : nullptr;
        qsizetype end = -1;
        qsizetype next = -1;
        if (found) {
            end = static_cast<const char *>(found) - data;
            next = end + 1;
        } else if (mEnd && mPos < size) {
            end = size; // the last line has no ending
            next = size;
        } else if (mEnd) {
            return false;
        }
        if (end >= 0) {
            qsizetype begin = mPos;
            qsizetype length = end - begin;
            if (length > 0 && data[end - 1] == '\r')
                --length;
            if (mLine == 0 && length >= 3 && std::memcmp(data + begin, "\xEF\xBB\xBF", 3) == 0) {
                begin += 3;
                length -= 3;
            }
            line = QByteArrayView(data + begin, length);
            mPos = next;
            ++mLine;
            return true;
        }
        // No line ending in what is buffered: keep the partial line and read on.
        if (size - mPos > kMaxLineBytes) {
            mError = QStringLiteral("%1: line %2 is longer than %3 MB; not a line-oriented dataset")
                         .arg(mFile.path())
                         .arg(mLine + 1)
                         .arg(kMaxLineBytes / (1024 * 1024));
            mFailed = true;
            return false;
        }
        mBuffer.remove(0, mPos);
        mPos = 0;
        const qsizetype n = mFile.appendChunk(mBuffer);
        if (n < 0) {
            mFailed = true;
            return false;
        }
        if (n == 0)
            mEnd = true;
    }
}

} // namespace mapline
