#include "index/persistentindex.h"

#include "index/eventindexbuilder.h"
#include "index/indexlog.h"
#include "index/sqlitereader.h"
#include "io/wholeio.h"
#include "store/changecounter.h"

#include <QFile>
#include <QHash>
#include <QSaveFile>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <type_traits>

#ifdef __linux__
#include <sys/mman.h>
#include <unistd.h>
#endif

Q_LOGGING_CATEGORY(lcIndex, "mapline.index", QtWarningMsg)

namespace mapline {
// Named, not anonymous: StreamWriter::Private (a member of a class with linkage) holds a FileHeader.
namespace persistentformat {

// The sections of the file (PersistentIndex::Section), in this order.
using Section = PersistentIndex::Section;
constexpr quint32 kSectionCount = PersistentIndex::kSectionCount;
// The sections checked block by block (every one but the block checksums themselves).
constexpr quint32 kDataSections = PersistentIndex::SecBlockSums;

constexpr char kMagic[16] = {'M', 'a', 'p', 'l', 'i', 'n', 'e', ' ', 'i', 'n', 'd', 'e', 'x', '\r', '\n', '\x1a'};
constexpr quint32 kByteOrder = 0x01020304;
constexpr quint64 kAlign = 64;

struct SectionEntry {
    quint64 offset;
    quint64 bytes;
    quint64 checksum;
};

// Written and read as raw bytes (little-endian on every machine Mapline builds for; a file from
// a machine of the other order fails the byteOrder check and is rebuilt).
struct FileHeader {
    char magic[16];
    quint32 format;
    quint32 byteOrder;
    quint32 headerBytes;
    quint32 sectionCount;
    quint64 fileBytes;
    char databaseId[32]; // hex of the 16-byte id
    qint64 generation;
    qint64 schemaCookie;
    qint64 userVersion;
    qint64 maxEventId;
    quint64 positionsFingerprint;
    quint64 rows;
    quint64 actorLinks;
    quint64 happenings;
    quint64 longRows;
    quint64 typeNames;
    quint64 actorNames;
    quint64 placeNames;
    qint32 maxShortSpan;
    qint32 lastDay;
    quint32 hasBounds;
    quint32 idBits;       // 32: the ids section holds offsets from idBase; 64: the ids
    qint64 idBase;
    quint64 unfusedHappenings; // happenings [0, this) are events of no happening: no id stored
    quint32 happeningIdBits; // as idBits, for the happening ids section
    quint32 blockBytes;      // the data sections are checksummed in blocks of this many bytes
    qint64 happeningIdBase;
    double bounds[4]; // left, top, width, height (metres)
    // Per section: where, how long, and for the block checksums section its checksum (0 for the
    // data sections: they are checked block by block against SecBlockSums).
    SectionEntry sections[kSectionCount];
    quint64 headerChecksum; // of every byte above
};
static_assert(std::is_trivially_copyable_v<FileHeader>);
static_assert(sizeof(FileHeader) % 8 == 0);

quint64 rotl(quint64 v, int r) { return (v << r) | (v >> (64 - r)); }

// A 64-bit checksum of `bytes`, four independent lanes of multiply-rotate rounds (several GB/s):
// it finds damage, it is no defence against someone forging a file.
quint64 checksum(const void *data, size_t bytes)
{
    constexpr quint64 k1 = 0x9E3779B185EBCA87ull, k2 = 0xC2B2AE3D27D4EB4Full, k3 = 0x165667B19E3779F9ull;
    const auto *p = static_cast<const unsigned char *>(data);
    const auto word = [](const unsigned char *at) {
        quint64 w;
        std::memcpy(&w, at, 8);
        return w;
    };
    const auto round = [](quint64 h, quint64 w) { return rotl(h + w * k2, 31) * k1; };
    quint64 a = k1 + k2, b = k2, c = 0, d = 0 - k1;
    size_t i = 0;
    for (; i + 32 <= bytes; i += 32) {
        a = round(a, word(p + i));
        b = round(b, word(p + i + 8));
        c = round(c, word(p + i + 16));
        d = round(d, word(p + i + 24));
    }
    quint64 h = rotl(a, 1) + rotl(b, 7) + rotl(c, 12) + rotl(d, 18) + bytes;
    for (; i + 8 <= bytes; i += 8)
        h = rotl(h ^ round(0, word(p + i)), 27) * k1 + k3;
    for (; i < bytes; ++i)
        h = rotl(h ^ (p[i] * k3), 11) * k1;
    h ^= h >> 33;
    h *= k2;
    h ^= h >> 29;
    h *= k3;
    return h ^ (h >> 32);
}

// A list of names as [count][count + 1 offsets][UTF-8 bytes] (32-bit little-endian integers).
QByteArray encodeNames(const QStringList &names)
{
    QByteArray text;
    std::vector<quint32> offsets{0};
    for (const QString &name : names) {
        text += name.toUtf8();
        offsets.push_back(quint32(text.size()));
    }
    const auto count = quint32(names.size());
    QByteArray out;
    out.append(reinterpret_cast<const char *>(&count), sizeof count);
    out.append(reinterpret_cast<const char *>(offsets.data()), qsizetype(offsets.size() * sizeof(quint32)));
    out += text;
    return out;
}

std::optional<QStringList> decodeNames(const char *data, quint64 bytes, quint64 expected)
{
    quint32 count = 0;
    if (bytes < sizeof count)
        return std::nullopt;
    std::memcpy(&count, data, sizeof count);
    const quint64 table = (quint64(count) + 1) * sizeof(quint32) + sizeof count;
    if (count != expected || table > bytes)
        return std::nullopt;
    const char *text = data + table;
    const quint64 textBytes = bytes - table;
    QStringList names;
    names.reserve(qsizetype(count));
    quint32 from = 0;
    std::memcpy(&from, data + sizeof count, sizeof from);
    if (from != 0)
        return std::nullopt;
    for (quint32 i = 0; i < count; ++i) {
        quint32 to = 0;
        std::memcpy(&to, data + sizeof count + (quint64(i) + 1) * sizeof(quint32), sizeof to);
        if (to < from || to > textBytes)
            return std::nullopt;
        names << QString::fromUtf8(text + from, qsizetype(to - from));
        from = to;
    }
    return names;
}

// What a mapped index owns: the open file and its mapping (QFile unmaps when destroyed).
struct MappedFile {
    QFile file;
    uchar *data = nullptr;
};

template <typename T> std::span<const T> columnAt(const uchar *base, const SectionEntry &s)
{
    return {reinterpret_cast<const T *>(base + s.offset), size_t(s.bytes / sizeof(T))};
}

// The header of a copy of `shape` whose data sections hold `bytes` bytes each (the block
// checksums' size is counted here from them), its sections placed one after the other, 64-byte
// aligned: everything but what sealHeader() adds once the columns are written.
FileHeader headerFor(const PersistentIndex::Shape &shape, const IndexStamp &stamp, quint64 positionsFingerprint,
                     quint32 blockBytes, std::array<quint64, kSectionCount> bytes)
{
    quint64 blocks = 0;
    for (quint32 i = 0; i < kDataSections; ++i)
        blocks += (bytes[i] + blockBytes - 1) / blockBytes;
    bytes[PersistentIndex::SecBlockSums] = blocks * sizeof(quint64);
    FileHeader h;
    std::memset(&h, 0, sizeof h);
    std::memcpy(h.magic, kMagic, sizeof kMagic);
    h.format = PersistentIndex::kFormat;
    h.byteOrder = kByteOrder;
    h.headerBytes = sizeof h;
    h.sectionCount = kSectionCount;
    std::memcpy(h.databaseId, stamp.databaseId.constData(), 32);
    h.generation = stamp.generation;
    h.schemaCookie = stamp.schemaCookie;
    h.userVersion = stamp.userVersion;
    h.maxEventId = stamp.maxEventId;
    h.positionsFingerprint = positionsFingerprint;
    h.rows = shape.rows;
    h.actorLinks = shape.actorLinks;
    h.happenings = shape.happenings;
    h.unfusedHappenings = shape.unfusedHappenings;
    h.idBits = shape.idBits;
    h.idBase = shape.idBase;
    h.happeningIdBits = shape.happeningIdBits;
    h.happeningIdBase = shape.happeningIdBase;
    h.blockBytes = blockBytes;
    h.longRows = shape.longRows;
    h.typeNames = quint64(shape.typeNames.size());
    h.actorNames = quint64(shape.actorNames.size());
    h.placeNames = quint64(shape.placeNames.size());
    quint64 at = (sizeof h + kAlign - 1) / kAlign * kAlign;
    for (quint32 i = 0; i < kSectionCount; ++i) {
        h.sections[i] = {at, bytes[i], 0};
        at = (at + bytes[i] + kAlign - 1) / kAlign * kAlign;
    }
    h.fileBytes = at;
    return h;
}

// What only the written columns tell: the extent, the block checksums' checksum, then the
// header's own checksum.
void sealHeader(FileHeader &h, const PersistentIndex::Extent &extent, quint64 blockSumsChecksum)
{
    h.maxShortSpan = extent.maxShortSpan;
    h.lastDay = extent.lastDay;
    h.hasBounds = extent.bounds.isValid() ? 1 : 0;
    const QRectF &b = extent.bounds;
    h.bounds[0] = b.left();
    h.bounds[1] = b.top();
    h.bounds[2] = b.width();
    h.bounds[3] = b.height();
    h.sections[PersistentIndex::SecBlockSums].checksum = blockSumsChecksum;
    h.headerChecksum = checksum(&h, offsetof(FileHeader, headerChecksum));
}

QString hexOf(const char (&id)[32]) { return QString::fromLatin1(id, 32); }

// Gives back the pages holding bytes [from, to) of a section of a mapping (rounded out to whole
// pages): they leave the process's resident set and stay in the page cache, so the next read of
// them is a minor fault. Nothing else changes: the mapping is read-only and shared.
void releasePages(const uchar *base, const SectionEntry &s, quint64 from, quint64 to)
{
#ifdef __linux__
    static const auto page = quint64(sysconf(_SC_PAGESIZE));
    to = std::min(to, s.bytes);
    if (from >= to)
        return;
    const quint64 begin = (s.offset + from) / page * page, end = (s.offset + to + page - 1) / page * page;
    madvise(const_cast<uchar *>(base) + begin, size_t(end - begin), MADV_DONTNEED);
#else
    Q_UNUSED(base);
    Q_UNUSED(s);
    Q_UNUSED(from);
    Q_UNUSED(to);
#endif
}

} // namespace persistentformat
using namespace persistentformat;

QString PersistentIndex::pathFor(const QString &databasePath)
{
    return databasePath + QStringLiteral(".mapline-index");
}

qsizetype PersistentIndex::headerBytes()
{
    return qsizetype(sizeof(FileHeader));
}

namespace {

// The header of a copy's first bytes, checked (magic, format, sizes, checksum).
Status headerOf(const QByteArray &head, FileHeader &h)
{
    if (head.size() < qsizetype(sizeof h))
        return Status::failure(QStringLiteral("the index copy is shorter than its header"));
    std::memcpy(&h, head.constData(), sizeof h);
    if (std::memcmp(h.magic, kMagic, sizeof kMagic) != 0 || h.byteOrder != kByteOrder || h.format != PersistentIndex::kFormat ||
        h.headerBytes != sizeof h || h.sectionCount != kSectionCount)
        return Status::failure(QStringLiteral("not an index copy of format %1").arg(PersistentIndex::kFormat));
    if (h.headerChecksum != checksum(&h, offsetof(FileHeader, headerChecksum)))
        return Status::failure(QStringLiteral("the index copy's header does not match its checksum"));
    return {};
}

} // namespace

Result<IndexStamp> PersistentIndex::stampOf(const QByteArray &head)
{
    FileHeader h;
    if (Status s = headerOf(head, h); !s)
        return Result<IndexStamp>::failure(s.error());
    IndexStamp stamp;
    stamp.databaseId = hexOf(h.databaseId).toLatin1();
    stamp.generation = h.generation;
    stamp.schemaCookie = h.schemaCookie;
    stamp.userVersion = h.userVersion;
    stamp.maxEventId = h.maxEventId;
    return stamp;
}

Status PersistentIndex::restampHeader(QByteArray &head, const QByteArray &databaseId)
{
    FileHeader h;
    if (databaseId.size() != 32)
        return Status::failure(QStringLiteral("a database id of %1 characters").arg(databaseId.size()));
    if (Status s = headerOf(head, h); !s)
        return s;
    std::memcpy(h.databaseId, databaseId.constData(), 32);
    h.headerChecksum = checksum(&h, offsetof(FileHeader, headerChecksum));
    std::memcpy(head.data(), &h, sizeof h);
    return {};
}

Result<IndexStamp> PersistentIndex::stamp(const SqliteReader &db)
{
    using R = Result<IndexStamp>;
    IndexStamp s;
    // The counting triggers, exactly as ChangeCounter writes them: one missing or changed means
    // changes may go uncounted, so no copy is written (one written before then has another schema
    // cookie).
    {
        auto q = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'mapline_changes_%'");
        if (!q)
            return R::failure(q.error());
        QHash<QString, QString> found;
        while (q.value().next()) {
            const std::string_view name = q.value().text(0), sql = q.value().text(1);
            found.insert(QString::fromUtf8(name.data(), qsizetype(name.size())),
                         QString::fromUtf8(sql.data(), qsizetype(sql.size())));
        }
        if (q.value().failed())
            return R::failure(q.value().error(QStringLiteral("cannot read the schema")));
        for (const ChangeCounter::Trigger &t : ChangeCounter::triggers()) {
            if (found.value(t.name) != t.sql) {
                s.unusable = found.contains(t.name)
                                 ? QStringLiteral("the trigger %1 was changed").arg(t.name)
                                 : QStringLiteral("the database has no change counter yet (it is added when the "
                                                  "database is first opened for writing)");
                return s;
            }
        }
    }
    auto state = db.prepare("SELECT hex(database_id), generation FROM mapline_changes WHERE id = 1");
    if (!state)
        return R::failure(state.error());
    if (!state.value().next()) {
        if (state.value().failed())
            return R::failure(state.value().error(QStringLiteral("cannot read the change counter")));
        s.unusable = QStringLiteral("the change counter has no row");
        return s;
    }
    const std::string_view id = state.value().text(0);
    s.databaseId = QByteArray(id.data(), qsizetype(id.size()));
    s.generation = state.value().int64(1);
    const auto single = [&db](const char *sql) -> Result<qint64> {
        auto q = db.prepare(sql);
        if (!q)
            return Result<qint64>::failure(q.error());
        if (!q.value().next())
            return Result<qint64>::failure(q.value().error(QString::fromUtf8(sql)));
        return q.value().int64(0);
    };
    const Result<qint64> cookie = single("PRAGMA schema_version");
    const Result<qint64> version = single("PRAGMA user_version");
    const Result<qint64> maxId = single("SELECT ifnull(max(id), 0) FROM events");
    for (const Result<qint64> *r : {&cookie, &version, &maxId})
        if (!*r)
            return R::failure(r->error());
    s.schemaCookie = *cookie;
    s.userVersion = *version;
    s.maxEventId = *maxId;
    if (s.databaseId.size() != 32)
        s.unusable = QStringLiteral("the change counter has no database id");
    return s;
}

Status PersistentIndex::write(const EventIndex &index, const IndexStamp &stamp, quint64 positionsFingerprint,
                              const QString &path, quint32 blockBytes)
{
    if (blockBytes < kAlign || blockBytes % kAlign != 0)
        return Status::failure(QStringLiteral("%1: not written: a checksum block of %2 bytes").arg(path).arg(blockBytes));
    if (!stamp.usable() || stamp.databaseId.size() != 32)
        return Status::failure(QStringLiteral("%1: not written: %2").arg(path, stamp.unusable));
    const QByteArray names[3] = {encodeNames(index.mTypeNames), encodeNames(index.mActorNames),
                                 encodeNames(index.mPlaceNames)};
    struct Part {
        const void *data;
        quint64 bytes;
    };
    const auto part = [](const auto &column) {
        return Part{column.data(), quint64(column.size() * sizeof(column[0]))};
    };
    std::array<Part, kSectionCount> parts{};
    parts[SecIds] = index.mIds.empty() ? part(index.mIdOffsets) : part(index.mIds);
    parts[SecStart] = part(index.mStart);
    parts[SecEnd] = part(index.mEnd);
    parts[SecX] = part(index.mX);
    parts[SecY] = part(index.mY);
    parts[SecType] = part(index.mType);
    parts[SecFlags] = part(index.mFlags);
    parts[SecPrecision] = part(index.mPrecision);
    parts[SecPlace] = part(index.mPlace);
    parts[SecActorOffsets] = part(index.mActorOffsets);
    parts[SecActorIds] = part(index.mActorIds);
    parts[SecRowsById] = part(index.mRowsById);
    parts[SecHappening] = part(index.mHappening);
    parts[SecHappeningIds] = index.mHappeningIds.empty() ? part(index.mHappeningIdOffsets) : part(index.mHappeningIds);
    parts[SecHappeningSources] = part(index.mHappeningSources);
    parts[SecLongRows] = part(index.mLongRows);
    parts[SecTypeCounts] = part(index.mTypeCounts);
    parts[SecActorCounts] = part(index.mActorCounts);
    for (int i = 0; i < 3; ++i)
        parts[SecTypeNames + i] = {names[i].constData(), quint64(names[i].size())};
    parts[SecLongEnds] = part(index.mLongEnds);
    // A checksum of every block of every data section, in section order.
    std::vector<quint64> blockSums;
    for (quint32 i = 0; i < kDataSections; ++i)
        for (quint64 at = 0; at < parts[i].bytes; at += blockBytes)
            blockSums.push_back(checksum(static_cast<const char *>(parts[i].data) + at,
                                         std::min<quint64>(blockBytes, parts[i].bytes - at)));
    parts[SecBlockSums] = part(blockSums);

    Shape shape;
    shape.rows = quint64(index.size());
    shape.actorLinks = quint64(index.mActorIds.size());
    shape.happenings = quint64(index.mHappeningSources.size());
    shape.unfusedHappenings = index.mUnfusedHappenings;
    shape.idBits = index.mIds.empty() ? 32 : 64;
    shape.idBase = index.mIdBase;
    shape.happeningIdBits = index.mHappeningIds.empty() ? 32 : 64;
    shape.happeningIdBase = index.mHappeningIdBase;
    shape.longRows = quint64(index.mLongRows.size());
    shape.typeNames = index.mTypeNames;
    shape.actorNames = index.mActorNames;
    shape.placeNames = index.mPlaceNames;
    std::array<quint64, kSectionCount> sectionBytes{};
    for (quint32 i = 0; i < kSectionCount; ++i)
        sectionBytes[i] = parts[i].bytes;
    FileHeader h = headerFor(shape, stamp, positionsFingerprint, blockBytes, sectionBytes);
    sealHeader(h, Extent{index.mMaxShortSpan, index.mLastDay, index.mBounds},
               checksum(parts[SecBlockSums].data, parts[SecBlockSums].bytes));

    // QSaveFile: a temporary file beside `path`, flushed and renamed over it by commit(); removed
    // by its destructor when anything failed (a full disk, a read-only folder).
    // Unbuffered, and the size checked before the rename: a buffered QFileDevice let a short write
    // (a full disk, a file size limit) through to a "successful" commit of a truncated file.
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Unbuffered))
        return Status::failure(QStringLiteral("%1: cannot write the index copy: %2").arg(path, out.errorString()));
    static const char zeros[kAlign] = {};
    quint64 written = 0;
    const auto put = [&](const void *data, quint64 bytes) {
        if (!writeWhole(out, data, bytes))
            return false;
        written += bytes;
        return true;
    };
    bool ok = put(&h, sizeof h);
    for (quint32 i = 0; ok && i < kSectionCount; ++i) {
        ok = put(zeros, h.sections[i].offset - written) && put(parts[i].data, parts[i].bytes);
    }
    ok = ok && put(zeros, h.fileBytes - written) && out.size() == qint64(h.fileBytes);
    if (!ok) {
        const QString why = out.errorString();
        out.cancelWriting();
        return Status::failure(QStringLiteral("%1: cannot write the index copy: %2").arg(path, why));
    }
    if (!out.commit())
        return Status::failure(QStringLiteral("%1: cannot write the index copy: %2").arg(path, out.errorString()));
    return {};
}

struct PersistentIndex::StreamWriter::Private {
    QString path;
    Shape shape;
    IndexStamp stamp;
    quint64 positionsFingerprint = 0;
    quint32 blockBytes = kBlockBytes;
    FileHeader header;
    QSaveFile out;
    QString error;
    // Per section: the bytes appended so far, the block being filled and the sums of the whole ones.
    std::array<quint64, kSectionCount> written{};
    std::array<std::vector<char>, kSectionCount> partial;
    std::array<std::vector<quint64>, kSectionCount> sums;

    bool put(quint64 at, const void *data, quint64 bytes)
    {
        if (!out.seek(qint64(at)) || !writeWhole(out, data, bytes))
            return fail();
        return true;
    }
    bool fail()
    {
        if (error.isEmpty())
            error = out.errorString();
        return false;
    }
};

PersistentIndex::StreamWriter::StreamWriter(const QString &path, Shape shape, const IndexStamp &stamp,
                                            quint64 positionsFingerprint, quint32 blockBytes)
    : d(std::make_unique<Private>())
{
    d->path = path;
    d->shape = std::move(shape);
    d->stamp = stamp;
    d->positionsFingerprint = positionsFingerprint;
    d->blockBytes = blockBytes;
    d->out.setFileName(path);
}

PersistentIndex::StreamWriter::~StreamWriter() = default; // QSaveFile removes an uncommitted file

const PersistentIndex::Shape &PersistentIndex::StreamWriter::shape() const
{
    return d->shape;
}

Status PersistentIndex::StreamWriter::open()
{
    const QString &path = d->path;
    const quint32 blockBytes = d->blockBytes;
    if (blockBytes < kAlign || blockBytes % kAlign != 0)
        return Status::failure(QStringLiteral("%1: not written: a checksum block of %2 bytes").arg(path).arg(blockBytes));
    if (!d->stamp.usable() || d->stamp.databaseId.size() != 32)
        return Status::failure(QStringLiteral("%1: not written: %2").arg(path, d->stamp.unusable));
    const Shape &s = d->shape;
    if (s.rows > quint64(std::numeric_limits<quint32>::max()) || (s.idBits != 32 && s.idBits != 64) ||
        (s.happeningIdBits != 32 && s.happeningIdBits != 64) || s.unfusedHappenings > s.happenings)
        return Status::failure(QStringLiteral("%1: not written: impossible counts").arg(path));
    const QByteArray names[3] = {encodeNames(s.typeNames), encodeNames(s.actorNames), encodeNames(s.placeNames)};
    const quint64 n = s.rows;
    const std::array<quint64, kSectionCount> bytes = {
        n * (s.idBits / 8), n * 4, n * 4, n * 4, n * 4, n, n, n, n * 4, (n + 1) * 4, s.actorLinks * 4, n * 4, n * 4,
        (s.happenings - s.unfusedHappenings) * (s.happeningIdBits / 8), s.happenings, s.longRows * 4,
        quint64(s.typeNames.size()) * 4, quint64(s.actorNames.size()) * 4, quint64(names[0].size()),
        quint64(names[1].size()), quint64(names[2].size()), s.longRows * 4, 0};
    d->header = headerFor(s, d->stamp, d->positionsFingerprint, blockBytes, bytes);
    // Unbuffered, as write(): a short write is seen at once, and the size is checked before the rename.
    if (!d->out.open(QIODevice::WriteOnly | QIODevice::Unbuffered))
        return Status::failure(QStringLiteral("%1: cannot write the index copy: %2").arg(path, d->out.errorString()));
    for (int i = 0; i < 3; ++i)
        if (!append(Section(SecTypeNames + i), names[i].constData(), quint64(names[i].size())))
            return Status::failure(QStringLiteral("%1: cannot write the index copy: %2").arg(path, d->error));
    return {};
}

bool PersistentIndex::StreamWriter::append(Section section, const void *data, quint64 bytes)
{
    if (section >= kDataSections || !d->out.isOpen())
        return false;
    const SectionEntry &entry = d->header.sections[section];
    quint64 &written = d->written[section];
    if (bytes > entry.bytes - written) {
        if (d->error.isEmpty())
            d->error = QStringLiteral("section %1 is longer than its %2 bytes").arg(section).arg(entry.bytes);
        return false;
    }
    if (!d->put(entry.offset + written, data, bytes))
        return false;
    written += bytes;
    // The checksums of the blocks this completes: from the bytes given where a block begins
    // here and is whole, through the section's partial block otherwise.
    const quint64 bs = d->blockBytes;
    std::vector<char> &partial = d->partial[section];
    std::vector<quint64> &sums = d->sums[section];
    const auto *p = static_cast<const char *>(data);
    while (bytes > 0) {
        if (partial.empty() && bytes >= bs) {
            sums.push_back(checksum(p, bs));
            p += bs;
            bytes -= bs;
            continue;
        }
        const quint64 take = std::min<quint64>(bs - quint64(partial.size()), bytes);
        partial.insert(partial.end(), p, p + take);
        p += take;
        bytes -= take;
        if (partial.size() == bs) {
            sums.push_back(checksum(partial.data(), bs));
            partial.clear();
        }
    }
    return true;
}

Status PersistentIndex::StreamWriter::commit(const Extent &extent)
{
    const auto failed = [this](const QString &why) {
        d->out.cancelWriting();
        return Status::failure(QStringLiteral("%1: cannot write the index copy: %2").arg(d->path, why));
    };
    if (!d->out.isOpen())
        return failed(d->error.isEmpty() ? QStringLiteral("not open") : d->error);
    if (!d->error.isEmpty())
        return failed(d->error);
    FileHeader &h = d->header;
    std::vector<quint64> blockSums;
    for (quint32 i = 0; i < kDataSections; ++i) {
        if (d->written[i] != h.sections[i].bytes)
            return failed(QStringLiteral("section %1 has %2 of its %3 bytes").arg(i).arg(d->written[i]).arg(h.sections[i].bytes));
        if (!d->partial[i].empty())
            d->sums[i].push_back(checksum(d->partial[i].data(), d->partial[i].size()));
        blockSums.insert(blockSums.end(), d->sums[i].begin(), d->sums[i].end());
    }
    const quint64 sumBytes = quint64(blockSums.size() * sizeof(quint64));
    if (sumBytes != h.sections[SecBlockSums].bytes)
        return failed(QStringLiteral("%1 block checksums where %2 were counted").arg(blockSums.size()).arg(h.sections[SecBlockSums].bytes / 8));
    sealHeader(h, extent, checksum(blockSums.data(), sumBytes));
    // The header, the block checksums and the zeros between the sections (and up to the end).
    static const char zeros[kAlign] = {};
    bool ok = d->put(0, &h, sizeof h) && d->put(h.sections[SecBlockSums].offset, blockSums.data(), sumBytes);
    quint64 end = sizeof h;
    for (quint32 i = 0; ok && i <= kSectionCount; ++i) {
        const quint64 next = i < kSectionCount ? h.sections[i].offset : h.fileBytes;
        if (next > end)
            ok = d->put(end, zeros, next - end);
        if (i < kSectionCount)
            end = h.sections[i].offset + h.sections[i].bytes;
    }
    ok = ok && d->out.size() == qint64(h.fileBytes);
    if (!ok)
        return failed(d->error.isEmpty() ? QStringLiteral("%1 bytes written of %2").arg(d->out.size()).arg(h.fileBytes) : d->error);
    if (!d->out.commit())
        return Status::failure(QStringLiteral("%1: cannot write the index copy: %2").arg(d->path, d->out.errorString()));
    return {};
}

Result<std::shared_ptr<const EventIndex>> PersistentIndex::open(const QString &path, const IndexStamp &stamp,
                                                                const std::function<quint64()> &positionsFingerprint,
                                                                std::optional<DayRange> window)
{
    using R = Result<std::shared_ptr<const EventIndex>>;
    const auto damaged = [&path](const QString &why) {
        return R::failure(QStringLiteral("%1: the index copy is damaged (%2)").arg(path, why));
    };
    if (!stamp.usable())
        return R::failure(stamp.unusable);
    auto mapped = std::make_shared<MappedFile>();
    mapped->file.setFileName(path);
    if (!mapped->file.exists())
        return R::failure(QStringLiteral("%1: no index copy yet").arg(path));
    if (!mapped->file.open(QIODevice::ReadOnly))
        return R::failure(QStringLiteral("%1: cannot read the index copy: %2").arg(path, mapped->file.errorString()));
    const qint64 size = mapped->file.size();
    if (size < qint64(sizeof(FileHeader)))
        return damaged(QStringLiteral("%1 bytes, shorter than its header").arg(size));
    FileHeader h;
    if (mapped->file.read(reinterpret_cast<char *>(&h), sizeof h) != qint64(sizeof h))
        return R::failure(QStringLiteral("%1: cannot read the index copy: %2").arg(path, mapped->file.errorString()));
    if (std::memcmp(h.magic, kMagic, sizeof kMagic) != 0)
        return damaged(QStringLiteral("not a Mapline index copy"));
    if (h.byteOrder != kByteOrder || h.format != kFormat || h.headerBytes != sizeof h ||
        h.sectionCount != kSectionCount)
        return R::failure(QStringLiteral("%1: an index copy of another format (%2; this program writes %3)")
                              .arg(path)
                              .arg(h.byteOrder == kByteOrder ? h.format : 0)
                              .arg(kFormat));
    if (h.headerChecksum != checksum(&h, offsetof(FileHeader, headerChecksum)))
        return damaged(QStringLiteral("its header's checksum does not match"));
    if (h.fileBytes != quint64(size))
        return damaged(QStringLiteral("%1 bytes where it should have %2: truncated or extended").arg(size).arg(h.fileBytes));
    if (hexOf(h.databaseId).toLatin1() != stamp.databaseId)
        return R::failure(QStringLiteral("%1: the index copy is of another database").arg(path));
    if (h.generation != stamp.generation || h.schemaCookie != stamp.schemaCookie ||
        h.userVersion != stamp.userVersion || h.maxEventId != stamp.maxEventId)
        return R::failure(QStringLiteral("%1: the index copy is stale (database change %2, the copy is of change %3)")
                              .arg(path)
                              .arg(stamp.generation)
                              .arg(h.generation));
    if (h.positionsFingerprint != 0 && (!positionsFingerprint || positionsFingerprint() != h.positionsFingerprint))
        return R::failure(QStringLiteral("%1: the index copy is stale (the gazetteer that placed events without a "
                                         "coordinate has changed)")
                              .arg(path));

    // Sizes of every section from the counts, then the file's own offsets checked against them.
    const quint64 n = h.rows;
    if (n > quint64(std::numeric_limits<quint32>::max()) || h.actorLinks > quint64(std::numeric_limits<quint32>::max()) ||
        h.happenings > n || h.longRows > n || h.unfusedHappenings > h.happenings || (h.idBits != 32 && h.idBits != 64) ||
        (h.happeningIdBits != 32 && h.happeningIdBits != 64) || h.blockBytes < kAlign || h.blockBytes % kAlign != 0)
        return damaged(QStringLiteral("impossible counts"));
    const quint64 bs = h.blockBytes;
    std::array<quint64, kDataSections> firstBlock{};
    quint64 blocks = 0;
    for (quint32 i = 0; i < kDataSections; ++i) {
        firstBlock[i] = blocks;
        blocks += (std::min(h.sections[i].bytes, h.fileBytes) + bs - 1) / bs;
    }
    const std::array<quint64, kSectionCount> expected = {
        n * (h.idBits / 8), n * 4, n * 4, n * 4, n * 4, n, n, n, n * 4, (n + 1) * 4, h.actorLinks * 4, n * 4, n * 4,
        (h.happenings - h.unfusedHappenings) * (h.happeningIdBits / 8), h.happenings, h.longRows * 4, h.typeNames * 4,
        h.actorNames * 4, 0, 0, 0, h.longRows * 4, blocks * 8};
    for (quint32 i = 0; i < kSectionCount; ++i) {
        const SectionEntry &s = h.sections[i];
        const bool sized = (i >= SecTypeNames && i <= SecPlaceNames) || s.bytes == expected[i];
        if (!sized || s.offset % kAlign != 0 || s.offset < sizeof h || s.offset > h.fileBytes ||
            s.bytes > h.fileBytes - s.offset)
            return damaged(QStringLiteral("section %1 is out of place").arg(i));
    }
    mapped->data = mapped->file.map(0, size);
    if (!mapped->data)
        return R::failure(QStringLiteral("%1: cannot map the index copy: %2").arg(path, mapped->file.errorString()));
    const uchar *base = mapped->data;
    const auto sums = columnAt<quint64>(base, h.sections[SecBlockSums]);
    if (checksum(sums.data(), sums.size_bytes()) != h.sections[SecBlockSums].checksum)
        return damaged(QStringLiteral("its block checksums do not match"));
    // The data sections are checked a block at a time, each when first touched: a window reads
    // only its rows' blocks (plus the few its binary searches probe), the whole index all of them.
    std::vector<bool> checked(blocks, false);
    quint64 checkedBlocks = 0;
    const auto touch = [&](quint32 section, quint64 from, quint64 to) {
        const SectionEntry &s = h.sections[section];
        to = std::min(to, s.bytes);
        for (quint64 b = from / bs; from < to && b <= (to - 1) / bs; ++b) {
            const quint64 k = firstBlock[section] + b;
            if (checked[k])
                continue;
            if (checksum(base + s.offset + b * bs, std::min(bs, s.bytes - b * bs)) != sums[k])
                return false;
            checked[k] = true;
            ++checkedBlocks;
        }
        return true;
    };

    auto index = std::make_shared<EventIndex>();
    EventIndex &x = *index;
    if (h.idBits == 64) {
        x.mIds = columnAt<qint64>(base, h.sections[SecIds]);
    } else {
        x.mIdOffsets = columnAt<quint32>(base, h.sections[SecIds]);
        x.mIdBase = h.idBase;
    }
    x.mUnfusedHappenings = quint32(h.unfusedHappenings);
    x.mStart = columnAt<qint32>(base, h.sections[SecStart]);
    x.mEnd = columnAt<qint32>(base, h.sections[SecEnd]);
    x.mX = columnAt<float>(base, h.sections[SecX]);
    x.mY = columnAt<float>(base, h.sections[SecY]);
    x.mType = columnAt<quint8>(base, h.sections[SecType]);
    x.mFlags = columnAt<quint8>(base, h.sections[SecFlags]);
    x.mPrecision = columnAt<quint8>(base, h.sections[SecPrecision]);
    x.mPlace = columnAt<quint32>(base, h.sections[SecPlace]);
    x.mActorOffsets = columnAt<quint32>(base, h.sections[SecActorOffsets]);
    x.mActorIds = columnAt<quint32>(base, h.sections[SecActorIds]);
    x.mRowsById = columnAt<quint32>(base, h.sections[SecRowsById]);
    x.mHappening = columnAt<quint32>(base, h.sections[SecHappening]);
    if (h.happeningIdBits == 64) {
        x.mHappeningIds = columnAt<qint64>(base, h.sections[SecHappeningIds]);
    } else {
        x.mHappeningIdOffsets = columnAt<quint32>(base, h.sections[SecHappeningIds]);
        x.mHappeningIdBase = h.happeningIdBase;
    }
    x.mHappeningSources = columnAt<quint8>(base, h.sections[SecHappeningSources]);
    x.mLongRows = columnAt<quint32>(base, h.sections[SecLongRows]);
    x.mLongEnds = columnAt<qint32>(base, h.sections[SecLongEnds]);
    const quint64 nameCounts[3] = {h.typeNames, h.actorNames, h.placeNames};
    QStringList *nameLists[3] = {&x.mTypeNames, &x.mActorNames, &x.mPlaceNames};
    for (int i = 0; i < 3; ++i) {
        const SectionEntry &s = h.sections[SecTypeNames + i];
        if (!touch(SecTypeNames + i, 0, s.bytes))
            return damaged(QStringLiteral("a block of section %1 does not match its checksum").arg(SecTypeNames + i));
        auto names = decodeNames(reinterpret_cast<const char *>(base + s.offset), s.bytes, nameCounts[i]);
        if (!names)
            return damaged(QStringLiteral("its names are malformed"));
        *nameLists[i] = std::move(*names);
    }
    if (x.mTypeNames.size() > 256)
        return damaged(QStringLiteral("too many types"));
    const auto types = quint32(x.mTypeNames.size()), actors = quint32(x.mActorNames.size()),
               places = quint32(x.mPlaceNames.size()), happenings = quint32(h.happenings), rows = quint32(n);
    if (window) {
        auto part = readWindow(x, h.maxShortSpan, h.happenings, *window,
                               [&](quint32 section, quint64 from, quint64 to) { return touch(section, from, to); });
        if (!part)
            return damaged(part.error());
        if (part.value()) {
            qCInfo(lcIndex).noquote() << path << "window read:" << part.value()->size() << "events," << checkedBlocks
                                      << "of" << blocks << "blocks checked";
            return part;
        }
        qCInfo(lcIndex).noquote() << path << "the window holds more than a quarter of the events: the whole copy is mapped";
    }

    // The whole index: every block checked, then every number that indexes something else (a
    // checksum finds damage, not a forged file, and one bad offset must not read outside the mapping).
    // A chunk of rows at a time, each chunk's pages given back once checked (release()): what the
    // process keeps resident is then what its caller reads afterwards (a snapshot of every day
    // reads positions, days and types: a third of the file), not the whole file. The pages stay
    // in the kernel's page cache, so reading them again costs a minor fault, not a disk read.
    const auto release = [&](quint32 section, quint64 from, quint64 to) {
        releasePages(base, h.sections[section], from, to);
    };
    const auto typeCounts = columnAt<quint32>(base, h.sections[SecTypeCounts]);
    const auto actorCounts = columnAt<quint32>(base, h.sections[SecActorCounts]);
    if (!touch(SecTypeCounts, 0, typeCounts.size_bytes()) || !touch(SecActorCounts, 0, actorCounts.size_bytes()))
        return damaged(QStringLiteral("the counts do not match their checksum"));
    x.mTypeCounts.assign(typeCounts.begin(), typeCounts.end());
    x.mActorCounts.assign(actorCounts.begin(), actorCounts.end());
    const quint64 idBytes = h.idBits / 8;
    // The sections with one value a row (the actor offsets have one more), and their widths.
    const std::pair<quint32, quint64> perRow[] = {{SecIds, idBytes}, {SecStart, 4}, {SecEnd, 4}, {SecX, 4},
                                                  {SecY, 4}, {SecType, 1}, {SecFlags, 1}, {SecPrecision, 1},
                                                  {SecPlace, 4}, {SecActorOffsets, 4}, {SecRowsById, 4},
                                                  {SecHappening, 4}};
    constexpr quint64 kChunkRows = 1 << 16;
    for (quint64 r0 = 0; r0 < n || r0 == 0; r0 += kChunkRows) {
        const quint64 r1 = std::min(n, r0 + kChunkRows);
        for (const auto &[section, width] : perRow)
            if (!touch(section, r0 * width, (r1 + (section == SecActorOffsets ? 1 : 0)) * width))
                return damaged(QStringLiteral("section %1 does not match its checksum").arg(section));
        if (r0 == 0 && x.mActorOffsets[0] != 0)
            return damaged(QStringLiteral("actor offsets"));
        for (quint64 r = r0; r < r1; ++r) {
            if (x.mType[r] >= types || (x.mPlace[r] >= places && x.mPlace[r] != EventIndex::kNoPlaceName) ||
                x.mActorOffsets[r] > x.mActorOffsets[r + 1] || x.mRowsById[r] >= rows || x.mHappening[r] >= happenings ||
                x.mEnd[r] < x.mStart[r] || (r > 0 && x.mStart[r] < x.mStart[r - 1]))
                return damaged(QStringLiteral("row %1 is inconsistent").arg(r));
        }
        if (x.mActorOffsets[r1] > h.actorLinks || (r1 == n && x.mActorOffsets[n] != h.actorLinks))
            return damaged(QStringLiteral("actor offsets"));
        const quint64 a0 = x.mActorOffsets[r0], a1 = x.mActorOffsets[r1];
        if (!touch(SecActorIds, a0 * 4, a1 * 4))
            return damaged(QStringLiteral("section %1 does not match its checksum").arg(SecActorIds));
        if (std::any_of(x.mActorIds.begin() + qsizetype(a0), x.mActorIds.begin() + qsizetype(a1),
                        [actors](quint32 a) { return a >= actors; }))
            return damaged(QStringLiteral("actor ids out of range"));
        release(SecActorIds, a0 * 4, a1 * 4);
        for (const auto &[section, width] : perRow)
            release(section, r0 * width, r1 * width);
        if (r1 == n)
            break;
    }
    for (quint32 i : {SecHappeningIds, SecHappeningSources, SecLongRows, SecLongEnds})
        if (!touch(i, 0, h.sections[i].bytes))
            return damaged(QStringLiteral("section %1 does not match its checksum").arg(i));
    for (size_t i = 0; i < x.mLongRows.size(); ++i)
        if (x.mLongRows[i] >= rows || x.mLongEnds[i] != x.mEnd[x.mLongRows[i]] ||
            (i > 0 && x.mLongRows[i] <= x.mLongRows[i - 1]))
            return damaged(QStringLiteral("long events out of range"));
    for (quint32 i : {SecHappeningIds, SecHappeningSources, SecLongRows, SecEnd, SecBlockSums})
        release(i, 0, h.sections[i].bytes);
    if (checkedBlocks != blocks)
        return damaged(QStringLiteral("%1 of its %2 blocks were not checked").arg(blocks - checkedBlocks).arg(blocks));
    x.mMaxShortSpan = h.maxShortSpan;
    x.mLastDay = h.lastDay;
    if (h.hasBounds)
        x.mBounds = QRectF(h.bounds[0], h.bounds[1], h.bounds[2], h.bounds[3]);
    x.mStorageBytes = size_t(size);
    x.mMapped = true;
    x.mStorage = std::move(mapped);
    return std::shared_ptr<const EventIndex>(std::move(index));
}

Result<std::shared_ptr<const EventIndex>> PersistentIndex::readWindow(const EventIndex &copy, qint32 maxShortSpan,
                                                                      quint64 happenings,
                                                                      DayRange window, const Touch &touch)
{
    using R = Result<std::shared_ptr<const EventIndex>>;
    const auto n = quint64(copy.size());
    const quint64 idBytes = copy.mIds.empty() ? 4 : 8, happeningIdBytes = copy.mHappeningIds.empty() ? 4 : 8;
    const auto types = quint32(copy.mTypeNames.size()), actors = quint32(copy.mActorNames.size()),
               places = quint32(copy.mPlaceNames.size());
    const quint64 actorLinks = copy.mActorIds.size();
    bool ok = true;
    // The first row in [lo, n) starting on or after `day` (starts are sorted), each probe touched.
    const auto firstStarting = [&](quint64 lo, qint64 day) {
        quint64 hi = n;
        while (ok && lo < hi) {
            const quint64 mid = lo + (hi - lo) / 2;
            ok = touch(SecStart, mid * 4, mid * 4 + 4);
            if (ok && copy.mStart[mid] < day)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    };
    // As EventIndex::window: short events reach back at most maxShortSpan days, long ones are listed.
    const quint64 begin = firstStarting(0, qint64(window.from) - maxShortSpan);
    const quint64 end = firstStarting(begin, qint64(window.to) + 1);
    quint64 lo = 0, hi = copy.mLongRows.size();
    while (ok && lo < hi) {
        const quint64 mid = lo + (hi - lo) / 2;
        ok = touch(SecLongRows, mid * 4, mid * 4 + 4);
        if (ok && copy.mLongRows[mid] < begin)
            lo = mid + 1;
        else
            hi = mid;
    }
    const quint64 longBefore = lo;
    ok = ok && touch(SecLongRows, 0, longBefore * 4) && touch(SecLongEnds, 0, longBefore * 4);
    if (!ok)
        return R::failure(QStringLiteral("a block does not match its checksum"));
    // Copying rows costs about ten times what mapping them does: a window of more than a quarter
    // of the events (an animation of every year but the first) maps the whole copy instead.
    if (end - begin > n / 4)
        return std::shared_ptr<const EventIndex>();

    EventIndexBuilder builder;
    // The copy's names in its order: type ids (and so the legend) as in the whole index.
    for (const QString &t : copy.mTypeNames)
        builder.typeId(t);
    for (const QString &a : copy.mActorNames)
        builder.actorId(a);
    for (const QString &p : copy.mPlaceNames)
        builder.placeNameId(p);
    EventIndexBuilder::NameMap names = builder.nameMap(copy);
    QString why;
    const auto add = [&](quint64 r) {
        const quint64 r4 = r * 4;
        if (r >= n || !touch(SecStart, r4, r4 + 4) || !touch(SecEnd, r4, r4 + 4)) {
            why = QStringLiteral("row %1 is out of range, or a block of its days does not match its checksum").arg(r);
            return false;
        }
        if (copy.mEnd[r] < window.from || copy.mStart[r] > window.to)
            return true; // not in the window
        if (!touch(SecIds, r * idBytes, (r + 1) * idBytes) || !touch(SecX, r4, r4 + 4) || !touch(SecY, r4, r4 + 4) ||
            !touch(SecType, r, r + 1) || !touch(SecFlags, r, r + 1) || !touch(SecPrecision, r, r + 1) ||
            !touch(SecPlace, r4, r4 + 4) || !touch(SecActorOffsets, r4, r4 + 8) || !touch(SecHappening, r4, r4 + 4)) {
            why = QStringLiteral("a block of row %1 does not match its checksum").arg(r);
            return false;
        }
        const quint32 a0 = copy.mActorOffsets[r], a1 = copy.mActorOffsets[r + 1], happening = copy.mHappening[r];
        bool sound = copy.mType[r] < types && (copy.mPlace[r] < places || copy.mPlace[r] == EventIndex::kNoPlaceName) &&
                     copy.mEnd[r] >= copy.mStart[r] && a0 <= a1 && a1 <= actorLinks && happening < happenings &&
                     touch(SecActorIds, quint64(a0) * 4, quint64(a1) * 4) && touch(SecHappeningSources, happening, happening + 1);
        for (quint32 a = a0; sound && a < a1; ++a)
            sound = copy.mActorIds[a] < actors;
        if (sound && happening >= copy.mUnfusedHappenings) {
            const quint64 k = happening - copy.mUnfusedHappenings;
            sound = touch(SecHappeningIds, k * happeningIdBytes, (k + 1) * happeningIdBytes);
        }
        if (!sound || !builder.addFrom(copy, qsizetype(r), names)) {
            why = QStringLiteral("row %1 is inconsistent, or a block it reads does not match its checksum").arg(r);
            return false;
        }
        return true;
    };
    for (quint64 i = 0; i < longBefore; ++i)
        if (copy.mLongEnds[i] >= window.from && !add(copy.mLongRows[i]))
            return R::failure(why);
    for (quint64 r = begin; r < end; ++r)
        if (!add(r))
            return R::failure(why);
    auto part = std::make_shared<EventIndex>(builder.build());
    part->mFromCopy = true;
    return std::shared_ptr<const EventIndex>(std::move(part));
}

} // namespace mapline
