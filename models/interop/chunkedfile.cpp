#include "interop/chunkedfile.h"

namespace mapline {

Status ChunkedFile::open(const QString &path)
{
    InputFile file;
    if (Status s = file.open(path); !s)
        return s;
    return open(std::move(file));
}

Status ChunkedFile::open(InputFile file)
{
    mPath = file.path();
    mFile = std::move(file);
    mHash.reset();
    mBytesRead = 0;
    mError.clear();
    return {};
}

qsizetype ChunkedFile::appendChunk(QByteArray &buffer)
{
    const qsizetype before = buffer.size();
    buffer.resize(before + kChunkBytes);
    const qint64 n = mFile.read(buffer.data() + before, kChunkBytes);
    if (n < 0) {
        buffer.resize(before);
        mError = mFile.error();
        return -1;
    }
    buffer.resize(before + n);
    mHash.addData(QByteArrayView(buffer.constData() + before, n));
    mBytesRead += n;
    return qsizetype(n);
}

QString ChunkedFile::contentHash() const
{
    return QString::fromLatin1(mHash.resultView().toByteArray().toHex());
}

} // namespace mapline
