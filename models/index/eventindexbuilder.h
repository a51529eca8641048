#pragma once

#include "event.h"
#include "index/eventindex.h"
#include "result.h"

#include <QHash>

#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace mapline {

struct IndexStamp;

// Collects events in any order and builds the sorted, columnar EventIndex. Used by the store
// loader (one streaming query), by tests from QList<Event>, and by the benchmarks. One thread.
class EventIndexBuilder {
public:
    void reserve(qsizetype events);
    // Interns an actor name; the id goes into add().
    quint32 actorId(const QString &name);
    // Interns an event type key (ids in order of first use; beyond 255 they share "other").
    quint8 typeId(const QString &type);
    // Interns a place name; EventIndex::kNoPlaceName for an empty one.
    quint32 placeNameId(const QString &name);
    // Adds one event; returns false (and adds nothing) when its coordinate is off the Earth, or
    // its type id is not one typeId() gave. NaN longitude and latitude: the event has no position
    // (EventIndex::Unplaced). `ownPosition` false: the coordinate is only the best known one (its
    // province, its country) for an event with none of its own: Unplaced too.
    // Events added by ascending id (as the store loader does) sort in linear time.
    // `happening` (0: none, the event is a happening of its own) and `sources`: its happening in the
    // store and how many distinct sources tell it. `leadRank`: how well the report stands for its
    // happening (higher: its place and date are the happening's fused ones); the report of each
    // happening with the highest rank (then the lowest id) becomes its lead (EventIndex::Lead).
    bool add(qint64 id, qint32 startDay, qint32 endDay, double longitude, double latitude, quint8 type,
             GeoPrecision precision, quint32 eventFlags = 0, std::span<const quint32> actors = {},
             qint64 happening = 0, int sources = 0, quint32 placeName = EventIndex::kNoPlaceName,
             bool ownPosition = true, quint8 leadRank = 0);
    bool add(qint64 id, qint32 startDay, qint32 endDay, double longitude, double latitude, const QString &type,
             GeoPrecision precision, quint32 eventFlags = 0, std::span<const quint32> actors = {},
             qint64 happening = 0, int sources = 0, quint32 placeName = EventIndex::kNoPlaceName,
             bool ownPosition = true)
    {
        return add(id, startDay, endDay, longitude, latitude, typeId(type), precision, eventFlags, actors, happening,
                   sources, placeName, ownPosition);
    }
    // An event without a date is not added (false); one without a coordinate is, Unplaced.
    bool add(const Event &event);
    // The ids here of the actors, place names and types of an index built before (from the same
    // store), looked up by name once for all its rows, so that addFrom() is integer work only.
    struct NameMap {
        static constexpr quint32 kUnknown = ~0u - 1; // not EventIndex::kNoPlaceName
        std::vector<quint32> actors; // kUnknown: the name is not known here
        std::vector<quint32> places;
        std::vector<qint16> types;   // -1: not interned here yet (addFrom() interns it)
    };
    NameMap nameMap(const EventIndex &index) const;
    // Adds row `row` of `index` as it is there: its days, position, flags, precision, happening
    // and sources; its type interned here by name at its first use, its actors and place name
    // mapped by `names` (nameMap(index)). False (nothing added) when an actor or the place name
    // is not known here. It keeps its part of its happening's lead: rows of one happening must
    // all come from `index` or all through add().
    bool addFrom(const EventIndex &index, qsizetype row, NameMap &names);
    // Moves the events of `other` (built on another thread, say) into this builder, interning
    // its types and actors here; `other` is empty afterwards.
    void append(EventIndexBuilder &&other);
    qsizetype size() const;

    // For a persistent copy of a large index written in bounded memory (writeCopy()): from now on
    // the rows go to temporary files in `folder` (removed when the builder goes), `chunkRows` at a
    // time, instead of staying in memory, and what the copy's layout needs of them is counted as
    // they go (the rows, the actor links, the happenings and their leads, the days). Rows must
    // then come by ascending id (as the store loader adds them), else writeCopy() fails.
    // append() of a spilling builder spills this one too.
    static constexpr qsizetype kSpillChunkRows = 1 << 18;
    Status spillTo(const QString &folder, qsizetype chunkRows = kSpillChunkRows);
    bool spills() const { return mSpill != nullptr; }
    // Writes the persistent copy (PersistentIndex::write) of the index build() would give, byte for
    // byte, without building it: one pass over the spilled rows by id numbers each row's place in
    // (start day, id) order (a counting sort by day), writes the rows-by-id column as it goes, and
    // deals the rows into temporary files of `bucketRows` consecutive places (0: twice the chunk);
    // then each of those, in order, is sorted in memory and its slice of every column appended to
    // the copy (PersistentIndex::StreamWriter). Memory: a chunk, a bucket, one counter a day of the
    // dates' range and one entry a fused happening, whatever the number of rows. The builder is
    // empty afterwards.
    Status writeCopy(const IndexStamp &stamp, quint64 positionsFingerprint, const QString &path, quint32 blockBytes,
                     qsizetype bucketRows = 0);

    // Sorts by (start day, id) and hands the columns over; the builder is empty afterwards.
    EventIndex build();
    // The index build() would give after addFrom() of every row of `base` whose `dropped` bit is
    // clear (interleaved by id with the rows added here, so types are numbered as a load by
    // ascending id numbers them: by the smallest id of an event of theirs), in time linear in
    // base's size and integer work per kept row: the rows added here are sorted and merged into
    // base's columns, which are already in (start day, id) order; the kept rows keep their
    // happenings' numbers (shifted), sources and leads, only the added rows' happenings are
    // chosen a lead again. `base` must come from build() or buildOnto() (or a persistent copy of
    // one) of the same store's names. Nullopt (`why` says why; the builder is then left as it
    // is, and the caller builds in full) when a kept row's actor or place name is not known here,
    // a happening would have reports both kept and added, an event is both kept and added, or
    // there would be more than 255 types.
    std::optional<EventIndex> buildOnto(const EventIndex &base, const std::vector<bool> &dropped, QString *why = nullptr);

private:
    struct Row {
        qint64 id;
        qint64 happening; // the store's id, or -id for an event of no happening
        qint32 start;
        qint32 end;
        float x;
        float y;
        quint32 actorBegin;
        quint32 place;
        quint8 type;
        quint8 flags;
        quint8 precision;
        quint8 actorCount;
        quint8 sources;
        quint8 leadRank;
    };
    // Row numbers in (start day, id) order, and whether the rows were added by ascending id.
    std::vector<quint32> sortedOrder(bool *addedById) const;
    // Whether report `a` rather than `b` stands for their happening: the higher rank, then
    // placed, then the lower id (so the choice does not depend on the order rows came in).
    static bool leads(const Row &a, const Row &b)
    {
        if (a.leadRank != b.leadRank)
            return a.leadRank > b.leadRank;
        const bool pa = a.x == a.x, pb = b.x == b.x;
        if (pa != pb)
            return pa;
        return a.id < b.id;
    }
    // The built columns (eventindexbuilder.cpp); finish() packs their ids and hands them to
    // `index` with this builder's names, then empties the builder.
    struct Columns;
    struct Extent;
    EventIndex finish(EventIndex index, std::shared_ptr<Columns> columns, Extent &extent);

    // The spilled rows and what is counted of them (eventindexbuilder.cpp); null: all in memory.
    struct Spill;
    // Writes mRows and mActors to the spill files and counts them; false when a file fails.
    bool flushSpill();
    void appendSpilled(EventIndexBuilder &&other);
    // `other`'s type, actor and place names as ids of this builder (added where new), the types'
    // first ids merged: what both ways of append() map the other's rows through.
    struct AdoptedNames {
        std::vector<quint8> types;
        std::vector<quint32> actors, places;
    };
    AdoptedNames adoptNames(const EventIndexBuilder &other);

    std::shared_ptr<Spill> mSpill;
    std::vector<Row> mRows;
    std::vector<quint32> mActors;
    QHash<QString, quint8> mTypeIds;
    QStringList mTypeNames;
    std::vector<qint64> mTypeFirstIds; // per type: the smallest id of an event added with it
    QHash<QString, quint32> mActorIds;
    QStringList mActorNames;
    QHash<QString, quint32> mPlaceIds;
    QStringList mPlaceNames;
};

} // namespace mapline
