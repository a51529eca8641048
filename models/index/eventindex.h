#pragma once

#include "index/eventfilter.h"
#include "index/eventmask.h"
#include "place.h"

#include <QDate>
#include <QPointF>
#include <QRectF>
#include <QStringList>

#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace mapline {

// The dated, placed events of a store as columns sorted by start day (then id), for the map and
// the timeline: a time window is two binary searches and a contiguous range, a filter is a mask
// built once, so no frame touches SQLite. About 40 bytes per event and 4 per actor mention (see
// memoryBytes()).
// Built by EventIndexBuilder; immutable afterwards and shared across threads as
// std::shared_ptr<const EventIndex>. Events without a date are not indexed. An event without a
// coordinate of its own is (flag Unplaced, so the table lists it and it can be corrected): at
// its best known position when the loader found one (its province or country: Uncertain too),
// else at NaN, which hasPosition() reports and every drawing and distance skips.
class EventIndex {
public:
    // Events longer than this many days ("in 2001", "last month") are kept in a separate list,
    // so a window's range only has to reach back kShortSpanDays for the rest.
    static constexpr qint32 kShortSpanDays = 31;

    enum Flag : quint8 {
        Uncertain = 1 << 0,    // placed only to a province or country (or unknown precision)
        Negated = 1 << 1,
        Hypothetical = 1 << 2,
        InheritedPlace = 1 << 3,
        Unplaced = 1 << 4,     // no coordinate of its own: a best known position, or none (NaN)
        Lead = 1 << 5,         // the one report that stands for its happening (see happeningMask())
    };
    static constexpr quint32 kNoPlaceName = ~0u;

    // The rows of events whose [start, end] overlaps a window: the contiguous rows [begin, end)
    // (of which those before `checkEndBefore` must also end on or after `fromDay`) plus long
    // events that start earlier (`longRows`).
    struct Window {
        qint32 fromDay = 0;
        qint32 toDay = -1;
        qsizetype begin = 0;
        qsizetype end = 0;
        qsizetype checkEndBefore = 0;
        std::vector<quint32> longRows;
    };

    static qint32 dayNumber(QDate date) { return qint32(date.toJulianDay() - kEpochJulianDay); }
    static QDate dateOf(qint32 day) { return QDate::fromJulianDay(qint64(day) + kEpochJulianDay); }

    qsizetype size() const { return qsizetype(mStart.size()); }
    bool isEmpty() const { return mStart.empty(); }

    qint64 id(qsizetype row) const
    {
        return mIds.empty() ? mIdBase + qint64(mIdOffsets[size_t(row)]) : mIds[size_t(row)];
    }
    qint32 startDay(qsizetype row) const { return mStart[size_t(row)]; }
    qint32 endDay(qsizetype row) const { return mEnd[size_t(row)]; }
    // Web Mercator metres (float: ~1 m resolution over Afghanistan, plenty for a symbol).
    float x(qsizetype row) const { return mX[size_t(row)]; }
    float y(qsizetype row) const { return mY[size_t(row)]; }
    QPointF position(qsizetype row) const { return {mX[size_t(row)], mY[size_t(row)]}; }
    // False for an Unplaced event with no best known position (x and y are NaN).
    bool hasPosition(qsizetype row) const { return mX[size_t(row)] == mX[size_t(row)]; }
    // The name of the event's place ("Kunduz"); empty when it has none.
    QString placeName(qsizetype row) const
    {
        const quint32 id = mPlace[size_t(row)];
        return id < quint32(mPlaceNames.size()) ? mPlaceNames[qsizetype(id)] : QString();
    }
    quint8 typeId(qsizetype row) const { return mType[size_t(row)]; }
    quint8 flags(qsizetype row) const { return mFlags[size_t(row)]; }
    GeoPrecision precision(qsizetype row) const { return GeoPrecision(mPrecision[size_t(row)]); }
    // The happening an event reports (docs/FUSION.md): a dense number from 0 to happeningCount(),
    // shared by the events of one happening; its id in the store, and how many distinct sources
    // tell it (capped at 255). An event of an unfused database is a happening of its own.
    quint32 happeningOf(qsizetype row) const { return mHappening[size_t(row)]; }
    qsizetype happeningCount() const { return qsizetype(mHappeningSources.size()); }
    qint64 happeningId(quint32 happening) const
    {
        if (happening < mUnfusedHappenings)
            return 0;
        const size_t h = happening - mUnfusedHappenings;
        return mHappeningIds.empty() ? mHappeningIdBase + qint64(mHappeningIdOffsets[h]) : mHappeningIds[h];
    }
    int sourcesOf(quint32 happening) const { return mHappeningSources[happening]; }
    int sources(qsizetype row) const { return mHappeningSources[mHappening[size_t(row)]]; }
    const quint32 *happeningData() const { return mHappening.data(); }
    // Whether some happening has more than one report here (else Happenings and Reports show the same).
    bool hasFusedReports() const { return happeningCount() < size(); }
    // Happenings mode (docs/FUSION.md, "In the viewer"): one row per happening, its lead (flag
    // Lead: the report whose place and date are the happening's fused ones when one has both, else
    // the closest), set when any report of the happening passes `reports` (null: every report)
    // and the lead itself passes `leads` (null: any; the filters on what the symbol shows: its
    // type, place and date precision). The map, the histogram and the table then count and draw
    // happenings with the same loops, so scrubbing costs what it costs with any filter. Two passes
    // over the index per filter change.
    std::shared_ptr<const EventMask> happeningMask(const EventMask *reports, const EventMask *leads = nullptr) const;
    std::span<const quint32> actorsOf(qsizetype row) const
    {
        return {mActorIds.data() + mActorOffsets[size_t(row)], mActorOffsets[size_t(row) + 1] - mActorOffsets[size_t(row)]};
    }

    // Raw columns for the render loop.
    const float *xData() const { return mX.data(); }
    const float *yData() const { return mY.data(); }
    const qint32 *startData() const { return mStart.data(); }
    const qint32 *endData() const { return mEnd.data(); }
    const quint8 *typeData() const { return mType.data(); }
    const quint8 *flagData() const { return mFlags.data(); }

    // Type ids index this list of type keys ("armed_clash", ...); unknown keys from imported
    // data get ids too. Ids beyond 255 share the last id, named "other".
    const QStringList &typeNames() const { return mTypeNames; }
    int typeIdOf(const QString &type) const { return int(mTypeNames.indexOf(type)); }
    const QStringList &actorNames() const { return mActorNames; }
    // Events per type id and mentions per actor id over the whole index (the legend's and the
    // actor filter's counts), counted while building so the GUI thread need not walk the rows.
    const std::vector<quint32> &typeCounts() const { return mTypeCounts; }
    const std::vector<quint32> &actorCounts() const { return mActorCounts; }

    // Events overlapping the closed day interval [fromDay, toDay].
    Window window(qint32 fromDay, qint32 toDay) const;
    Window window(QDate from, QDate to) const;
    Window all() const;
    // Calls f(row) for each event in the window that passes `mask` (null: every event).
    template <typename F> void forEach(const Window &w, const EventMask *mask, F &&f) const;
    qsizetype count(const Window &w, const EventMask *mask = nullptr) const;

    // Null when the filter is empty (everything passes).
    std::shared_ptr<const EventMask> mask(const EventFilter &filter) const;

    int rowOfId(qint64 id) const; // -1 when the event is not indexed
    // The row of the event with the i-th smallest id (0 <= i < size()).
    qsizetype rowByIdOrder(qsizetype i) const { return qsizetype(mRowsById[size_t(i)]); }
    qint32 firstDay() const { return mStart.empty() ? 0 : mStart.front(); }
    qint32 lastDay() const { return mLastDay; }
    QRectF bounds() const { return mBounds; } // metres, of all events
    // Of the events in the window and mask; nullopt when there are none.
    std::optional<QRectF> bounds(const Window &w, const EventMask *mask) const;

    // Bytes held by the columns and names, for the benchmark's bytes-per-event figure: heap
    // vectors, or the whole mapping of a persistent copy (its pages are resident once the map
    // has drawn everything, file-backed and reclaimable rather than heap).
    size_t memoryBytes() const;
    // Whether the columns are a mapped persistent copy (PersistentIndex) rather than built here.
    bool isMapped() const { return mMapped; }
    // Whether the events came from the persistent copy: mapped whole, or a window read from it.
    bool isFromCopy() const { return mMapped || mFromCopy; }

private:
    friend class EventIndexBuilder;
    friend class PersistentIndex;
    static constexpr qint64 kEpochJulianDay = 2440588; // 1970-01-01

    // Views of the columns: into the builder's vectors or into a mapped persistent copy
    // (PersistentIndex), both owned by mStorage, which every copy of the index shares.
    template <typename T> using Column = std::span<const T>;
    // Event ids: as offsets from mIdBase when they span less than 2^32 (mIds empty), else whole.
    Column<qint64> mIds;
    Column<quint32> mIdOffsets;
    qint64 mIdBase = 0;
    Column<qint32> mStart;
    Column<qint32> mEnd;
    Column<float> mX;
    Column<float> mY;
    Column<quint8> mType;
    Column<quint8> mFlags;
    Column<quint8> mPrecision;
    Column<quint32> mPlace;        // into mPlaceNames, kNoPlaceName for none
    Column<quint32> mActorOffsets; // size() + 1 entries into mActorIds
    Column<quint32> mActorIds;
    Column<quint32> mRowsById;     // rows ordered by event id, for rowOfId()
    Column<quint32> mHappening;    // per row: its happening (dense)
    // Happenings [0, mUnfusedHappenings) are events of no happening (id 0): ids of the others only.
    // Like the event ids, as offsets from mHappeningIdBase when they span less than 2^32.
    Column<qint64> mHappeningIds;
    Column<quint32> mHappeningIdOffsets;
    qint64 mHappeningIdBase = 0;
    quint32 mUnfusedHappenings = 0;
    Column<quint8> mHappeningSources; // per happening: distinct sources, at most 255
    Column<quint32> mLongRows;     // rows of events longer than kShortSpanDays, ascending
    // Their end days, beside them: window() reads these in order instead of the end column at
    // scattered rows (a scrub step at ten million events passes ~100,000 long events).
    Column<qint32> mLongEnds;
    std::shared_ptr<const void> mStorage;
    size_t mStorageBytes = 0;      // what mStorage holds (heap vectors or the mapping)
    bool mMapped = false;
    bool mFromCopy = false;        // a window read from the persistent copy
    qint32 mMaxShortSpan = 0;
    qint32 mLastDay = 0;
    QRectF mBounds;
    QStringList mTypeNames;
    QStringList mActorNames;
    QStringList mPlaceNames;
    std::vector<quint32> mTypeCounts;
    std::vector<quint32> mActorCounts;
};

template <typename F> void EventIndex::forEach(const Window &w, const EventMask *mask, F &&f) const
{
    for (quint32 row : w.longRows)
        if (!mask || mask->test(row))
            f(qsizetype(row));
    const qint32 *end = mEnd.data();
    for (qsizetype row = w.begin; row < w.checkEndBefore; ++row)
        if (end[row] >= w.fromDay && (!mask || mask->test(row)))
            f(row);
    for (qsizetype row = std::max(w.begin, w.checkEndBefore); row < w.end; ++row)
        if (!mask || mask->test(row))
            f(row);
}

} // namespace mapline
