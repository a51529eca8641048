#pragma once

#include "index/eventindex.h"
#include "result.h"

#include <QByteArray>
#include <QRectF>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

namespace mapline {

class SqliteReader;

// What a persistent index copy must match to describe a database as it is now: its change
// counter (store/changecounter.h: the database's random id and the count of changes to what the
// index reads, moved by triggers in every writer's own transaction), its schema cookie (any DDL,
// dropping a counting trigger included), its schema version and its largest event id.
struct IndexStamp {
    QByteArray databaseId;    // hex; empty when `unusable`
    qint64 generation = -1;
    qint64 schemaCookie = -1;
    qint64 userVersion = -1;
    qint64 maxEventId = 0;
    QString unusable;         // why no copy can describe this database (no counter, a trigger changed)

    bool usable() const { return unusable.isEmpty(); }
    bool operator==(const IndexStamp &) const = default;
};

// A persistent copy of a database's EventIndex in a file beside it (pathFor()): the columns as
// they are in memory, each 64-byte aligned and checksummed, the type, actor and place names, and
// the IndexStamp it was built at. Opening maps the file (QFile::map) and checks it, so opening
// ten million events costs a page-cache read and two passes of checks instead of decoding every
// row from SQLite (docs/ARCHITECTURE.md, "The persistent index"; the format: docs/SCHEMA.md).
// The file is only ever replaced whole (written under a temporary name, then renamed), never
// changed in place, so an index mapped from it stays valid while another process replaces it.
class PersistentIndex {
public:
    // 2: checksums per block (lazily checked), the ends of long events.
    static constexpr quint32 kFormat = 2;
    // The data sections are checksummed in blocks of this many bytes (a multiple of 64).
    static constexpr quint32 kBlockBytes = 64 * 1024;

    // Closed interval of days (EventIndex::dayNumber), either end may be the type's extreme.
    struct DayRange {
        qint32 from;
        qint32 to;
    };

    // "NAME.sqlite.mapline-index" beside "NAME.sqlite".
    static QString pathFor(const QString &databasePath);

    // The stamp of what `db` shows, read inside the caller's read transaction (so it describes the
    // same snapshot as the events read in it). Fails only when the database cannot be read; a
    // database without the counter gets a stamp that is not usable().
    static Result<IndexStamp> stamp(const SqliteReader &db);

    // Writes `index` as the copy for `stamp` (which must be usable()) to `path`: a temporary file
    // in the same folder, flushed to disk, then renamed over `path`; on any failure the temporary
    // file is removed and `path` is left as it was. `positionsFingerprint`: what the best known
    // positions of events without a coordinate came from (0: none was looked up).
    static Status write(const EventIndex &index, const IndexStamp &stamp, quint64 positionsFingerprint,
                        const QString &path, quint32 blockBytes = kBlockBytes);

    // The sections of the file, in their order in it (docs/SCHEMA.md).
    enum Section : quint32 {
        SecIds, SecStart, SecEnd, SecX, SecY, SecType, SecFlags, SecPrecision, SecPlace, SecActorOffsets, SecActorIds,
        SecRowsById, SecHappening, SecHappeningIds, SecHappeningSources, SecLongRows, SecTypeCounts, SecActorCounts,
        SecTypeNames, SecActorNames, SecPlaceNames, SecLongEnds, SecBlockSums, kSectionCount
    };
    // What places a copy's sections in the file, known before its first column is written
    // (StreamWriter): the counts and the widths of the ids, and the names.
    struct Shape {
        quint64 rows = 0;
        quint64 actorLinks = 0;
        quint64 happenings = 0;
        quint64 unfusedHappenings = 0;
        quint64 longRows = 0;
        quint32 idBits = 32;       // 32: ids as offsets from idBase; 64: the ids
        qint64 idBase = 0;
        quint32 happeningIdBits = 32;
        qint64 happeningIdBase = 0;
        QStringList typeNames;
        QStringList actorNames;
        QStringList placeNames;
    };
    // What the header holds that is known only after the last row (EventIndex's own fields).
    struct Extent {
        qint32 maxShortSpan = 0;
        qint32 lastDay = 0;
        QRectF bounds;
    };
    // Writes a copy without an EventIndex in memory, byte for byte what write() writes for the
    // index of the same columns: each section's bytes are appended in order (the sections in any
    // interleaving), written to their place in the file as they come and checksummed a block at a
    // time, so it holds one partial block a section, whatever the copy's size
    // (EventIndexBuilder::writeCopy). The names are written by open(); every other data section,
    // the type and actor counts included, by append(). The same temporary file, flush and rename
    // as write(); nothing is left when it fails or is destroyed before commit().
    class StreamWriter {
    public:
        StreamWriter(const QString &path, Shape shape, const IndexStamp &stamp, quint64 positionsFingerprint,
                     quint32 blockBytes = kBlockBytes);
        ~StreamWriter();
        Status open();
        // False when the bytes go beyond the section's size or cannot be written (commit() says why).
        bool append(Section section, const void *data, quint64 bytes);
        const Shape &shape() const;
        // Checks that every section is whole, writes the block checksums and the header, renames.
        Status commit(const Extent &extent);

    private:
        struct Private;
        std::unique_ptr<Private> d;
    };

    // The copy at `path` when it was built at `stamp` and is whole; else why not ("no index copy",
    // "stale", "damaged: ...", "another format"). `positionsFingerprint` is asked only when the
    // copy looked positions up. Never trusts the file: every offset and id is checked before use.
    // With `window`: only the events whose days reach into it, read from the copy into an index
    // of their own (EventIndex::isFromCopy(), not mapped), checking only the blocks they touch
    // (and those the binary searches probe): a week of ten million events reads a week's blocks.
    // A window of more than a quarter of the events maps the whole copy, as without one.
    // Without: the whole copy mapped, every block checked. A block that does not match its
    // checksum fails either, when it is touched ("damaged").
    static Result<std::shared_ptr<const EventIndex>> open(const QString &path, const IndexStamp &stamp,
                                                          const std::function<quint64()> &positionsFingerprint,
                                                          std::optional<DayRange> window = std::nullopt);

    // Gives the copy whose first bytes are `head` (at least headerBytes() of them) another
    // database id, the header's checksum made again; nothing else changes. For the copy a
    // PostgreSQL server keeps for every client (store/pg/pgindexcopy.h): its header names the
    // store as its writer saw it, a client's cached copy names it as that client does. Fails on a
    // header that is not a whole copy header of this format.
    static Status restampHeader(QByteArray &head, const QByteArray &databaseId);
    // The stamp a copy was written for, from its first bytes (at least headerBytes()), the header
    // checked as restampHeader checks it.
    static Result<IndexStamp> stampOf(const QByteArray &head);
    static qsizetype headerBytes();

private:
    // Checks the blocks holding bytes [from, to) of a section; false when one does not match.
    using Touch = std::function<bool(quint32 section, quint64 from, quint64 to)>;
    // The window's rows of `copy` (a view of the mapped, not yet checked columns, names decoded)
    // into an index of their own; every value read is touched first and range-checked. Null (no
    // failure) when the window holds more than a quarter of the rows: mapping the whole copy is cheaper.
    static Result<std::shared_ptr<const EventIndex>> readWindow(const EventIndex &copy, qint32 maxShortSpan,
                                                                quint64 happenings, DayRange window,
                                                                const Touch &touch);
};

} // namespace mapline
