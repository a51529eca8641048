#include "interop/csvreader.h"

#include <algorithm>
#include <cstring>

namespace mapline {

bool CsvReader::ensure()
{
    while (mPos >= mBuffer.size()) {
        if (mEnd || mFailed)
            return false;
        mBuffer.resize(0); // keeps the capacity: fields are copied out, so the chunk can go
        mPos = 0;
        const qsizetype n = mFile.appendChunk(mBuffer);
        if (n < 0) {
            mFailed = true;
            return false;
        }
        if (n == 0) {
            mEnd = true;
            return false;
        }
        if (!mStarted) {
            mStarted = true;
            if (mBuffer.startsWith("\xEF\xBB\xBF"))
                mPos = 3;
        }
    }
    return true;
}

void CsvReader::countLines(const char *from, qsizetype length)
{
    mLine += std::count(from, from + length, '\n');
}

CsvReader::Next CsvReader::next(QByteArrayList &fields)
{
    fields.clear();
    if (mFailed)
        return Next::Failed;
    QByteArray field;
    bool quoted = false;   // the current field began with a quote
    bool inQuotes = false; // inside the quoted part
    bool any = false;      // something of this record was read
    qsizetype recordBytes = 0; // the fields read so far, with their overhead
    mRecordLine = mLine;
    for (;;) {
        if (!ensure()) {
            if (mFailed)
                return Next::Failed;
            if (inQuotes) {
                fields.append(field);
                mError = QStringLiteral("%1: line %2: a quoted field is never closed")
                             .arg(mFile.path())
                             .arg(mRecordLine);
                mFailed = true;
                return Next::Malformed;
            }
            if (!any)
                return Next::End;
            fields.append(field);
            return Next::Record;
        }
        const char *data = mBuffer.constData();
        const qsizetype size = mBuffer.size();
        if (recordBytes + field.size() > kMaxRecordBytes) {
            mError = QStringLiteral("%1: line %2: a record longer than %3 MB; not a CSV dataset")
                         .arg(mFile.path())
                         .arg(mRecordLine)
                         .arg(kMaxRecordBytes / (1024 * 1024));
            mFailed = true;
            return Next::Failed;
        }
        if (inQuotes) {
            const void *q = std::memchr(data + mPos, '"', size_t(size - mPos));
            const qsizetype stop = q ? static_cast<const char *>(q) - data : size;
            field.append(data + mPos, stop - mPos);
            countLines(data + mPos, stop - mPos);
            mPos = stop;
            if (!q)
                continue;
            ++mPos; // past the quote: a doubled quote is a literal one, else the quoted part ends
            if (ensure() && mBuffer.at(mPos) == '"') {
                field.append('"');
                ++mPos;
            } else {
                inQuotes = false;
            }
            continue;
        }
        const char c = data[mPos];
        any = true;
        if (c == mSeparator) {
            fields.append(field);
            recordBytes += field.size() + kFieldOverhead;
            field.clear();
            quoted = false;
            ++mPos;
        } else if (c == '\n') {
            ++mPos;
            ++mLine;
            if (fields.isEmpty() && field.isEmpty() && !quoted) {
                any = false; // a blank line
                mRecordLine = mLine;
                continue;
            }
            fields.append(field);
            return Next::Record;
        } else if (c == '\r') {
            ++mPos;
        } else if (c == '"' && field.isEmpty() && !quoted) {
            quoted = inQuotes = true;
            ++mPos;
        } else {
            qsizetype stop = mPos;
            while (stop < size && data[stop] != mSeparator && data[stop] != '\n' && data[stop] != '\r')
                ++stop;
            field.append(data + mPos, stop - mPos);
            mPos = stop;
        }
    }
}

} // namespace mapline
