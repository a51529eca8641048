#include "store/walfile.h"

#include <QtEndian>

namespace mapline {
namespace {

constexpr quint32 kWalMagic = 0x377f0682; // the low bit says the byte order of the checksums
constexpr quint32 kWalVersion = 3007000;
constexpr int kWalHeaderSize = 32;
constexpr int kFrameHeaderSize = 24;

quint32 be32(const char *p)
{
    return qFromBigEndian<quint32>(p);
}

// SQLite's WAL checksum: the data as 32-bit words (big- or little-endian as the magic number
// says), two running sums. `n` is a multiple of 8.
void addChecksum(const char *data, qsizetype n, bool bigEndian, quint32 &s0, quint32 &s1)
{
    for (qsizetype i = 0; i + 8 <= n; i += 8) {
        const quint32 a = bigEndian ? qFromBigEndian<quint32>(data + i) : qFromLittleEndian<quint32>(data + i);
        const quint32 b = bigEndian ? qFromBigEndian<quint32>(data + i + 4) : qFromLittleEndian<quint32>(data + i + 4);
        s0 += a + s1;
        s1 += b + s0;
    }
}

} // namespace

Status WalFile::read()
{
    if (!mFile.open(QIODevice::ReadOnly))
        return Status::failure(QStringLiteral("%1: cannot read: %2").arg(mFile.fileName(), mFile.errorString()));
    mSize = mFile.size();
    const QByteArray header = mFile.read(kWalHeaderSize);
    if (header.size() < kWalHeaderSize) {
        mHeaderProblem = QStringLiteral("shorter than a WAL header (%1 bytes)").arg(mSize);
        return {};
    }
    const char *h = header.constData();
    const quint32 magic = be32(h);
    if ((magic & 0xFFFFFFFEu) != kWalMagic) {
        mHeaderProblem = QStringLiteral("not a SQLite write-ahead log (no WAL magic number)");
        return {};
    }
    if (be32(h + 4) != kWalVersion) {
        mHeaderProblem = QStringLiteral("a write-ahead log of an unknown version (%1)").arg(be32(h + 4));
        return {};
    }
    const quint32 pageSize = be32(h + 8);
    if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) != 0) {
        mHeaderProblem = QStringLiteral("a write-ahead log with an impossible page size (%1)").arg(pageSize);
        return {};
    }
    const bool bigEndian = (magic & 1) != 0;
    quint32 s0 = 0, s1 = 0;
    addChecksum(h, 24, bigEndian, s0, s1);
    if (s0 != be32(h + 24) || s1 != be32(h + 28)) {
        mHeaderProblem = QStringLiteral("a write-ahead log whose header checksum is wrong");
        return {};
    }
    mValidHeader = true;
    mPageSize = pageSize;
    const quint32 salt1 = be32(h + 16), salt2 = be32(h + 20);

    // Frames as SQLite's recovery reads them: each must carry the header's salts and continue
    // the running checksum; the first that does not ends the log. Frames after the last commit
    // belong to a transaction that never committed: SQLite ignores them, and so does this.
    QList<QPair<quint32, qint64>> pending;
    QByteArray frame(kFrameHeaderSize + qsizetype(pageSize), Qt::Uninitialized);
    qint64 offset = kWalHeaderSize;
    qint64 frames = 0;
    while (offset + frame.size() <= mSize) {
        if (mFile.read(frame.data(), frame.size()) != frame.size())
            return Status::failure(QStringLiteral("%1: cannot read: %2").arg(mFile.fileName(), mFile.errorString()));
        const char *f = frame.constData();
        const quint32 page = be32(f);
        if (page == 0 || be32(f + 8) != salt1 || be32(f + 12) != salt2)
            break;
        quint32 t0 = s0, t1 = s1;
        addChecksum(f, 8, bigEndian, t0, t1);
        addChecksum(f + kFrameHeaderSize, pageSize, bigEndian, t0, t1);
        if (t0 != be32(f + 16) || t1 != be32(f + 20))
            break;
        s0 = t0;
        s1 = t1;
        ++frames;
        pending.append({page, offset + kFrameHeaderSize});
        if (const quint32 commitPages = be32(f + 4); commitPages != 0) {
            for (const auto &[p, at] : pending)
                mPageFrames[p].append(at);
            pending.clear();
            mCommittedFrames = frames;
            mDatabasePages = commitPages;
        }
        offset += frame.size();
    }
    return {};
}

Result<QByteArray> WalFile::frameData(qint64 offset)
{
    QByteArray data;
    if (mFile.seek(offset))
        data = mFile.read(mPageSize);
    if (data.size() != qsizetype(mPageSize))
        return Result<QByteArray>::failure(QStringLiteral("%1: cannot read: %2").arg(mFile.fileName(), mFile.errorString()));
    return data;
}

} // namespace mapline
