#include "interop/chunkedfile.h"

#include <QFileInfo>

namespace mapline {

Status ChunkedFile::open(const QString &path)
{
    mPath = path;
    mFile.setFileName(path);
    const QFileInfo info(path);
    if (!info.exists())
        return Status::failure(QStringLiteral("%1: no such file").arg(path));
    if (info.isDir())
        return Status::failure(QStringLiteral("%1: is a folder, not a file").arg(path));
    if (!mFile.open(QIODevice::ReadOnly))
        return Status::failure(QStringLiteral("%1: cannot read: %2").arg(path, mFile.errorString()));
    mSize = mFile.size();
    return {};
}

qsizetype ChunkedFile::appendChunk(QByteArray &buffer)
{
    const qsizetype before = buffer.size();
    buffer.resize(before + kChunkBytes);
    const qint64 n = mFile.read(buffer.data() + before, kChunkBytes);
    if (n < 0) {
        buffer.resize(before);
        mError = QStringLiteral("%1: read error after %2 bytes: %3")
                     .arg(mPath)
                     .arg(mBytesRead)
                     .arg(mFile.errorString());
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
