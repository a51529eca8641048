#include "index/eventindexbuilder.h"

#include "geo/projection.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace mapline {

// What a built index's columns view (EventIndex::mStorage).
struct EventIndexBuilder::Columns {
    std::vector<qint64> ids;
    std::vector<quint32> idOffsets;
    std::vector<qint32> start;
    std::vector<qint32> end;
    std::vector<float> x;
    std::vector<float> y;
    std::vector<quint8> type;
    std::vector<quint8> flags;
    std::vector<quint8> precision;
    std::vector<quint32> place;
    std::vector<quint32> actorOffsets;
    std::vector<quint32> actorIds;
    std::vector<quint32> rowsById;
    std::vector<quint32> happening;
    std::vector<qint64> happeningIds;
    std::vector<quint32> happeningIdOffsets;
    std::vector<quint8> happeningSources;
    std::vector<quint32> longRows;
    std::vector<qint32> longEnds;

    size_t bytes() const
    {
        const auto b = [](const auto &v) { return v.capacity() * sizeof(v[0]); };
        return b(ids) + b(idOffsets) + b(start) + b(end) + b(x) + b(y) + b(type) + b(flags) + b(precision) + b(place) +
               b(actorOffsets) + b(actorIds) + b(rowsById) + b(happening) + b(happeningIds) + b(happeningIdOffsets) + b(happeningSources) +
               b(longRows) + b(longEnds);
    }
    void resize(size_t n)
    {
        ids.resize(n);
        start.resize(n);
        end.resize(n);
        x.resize(n);
        y.resize(n);
        type.resize(n);
        flags.resize(n);
        precision.resize(n);
        place.resize(n);
        actorOffsets.resize(n + 1);
        happening.resize(n);
        rowsById.resize(n);
    }
};

namespace {
constexpr quint32 kNone = ~0u;
// A name of the base index not known to the builder (not EventIndex::kNoPlaceName, ~0u).
constexpr quint32 kUnknownName = EventIndexBuilder::NameMap::kUnknown;
} // namespace

// The extent and the per-name counts of the rows written so far, row by row.
struct EventIndexBuilder::Extent {
    float left = std::numeric_limits<float>::max(), bottom = left;
    float right = std::numeric_limits<float>::lowest(), top = right;
    qint32 maxShortSpan = 0;
    qint32 lastDay = 0;
    std::vector<quint32> typeCounts, actorCounts;

    inline void add(Columns &c, size_t i, const quint32 *actors, size_t actorCount);
};

inline void EventIndexBuilder::Extent::add(Columns &c, size_t i, const quint32 *actors, size_t actorCount)
{
    ++typeCounts[c.type[i]];
    for (size_t a = 0; a < actorCount; ++a)
        if (actors[a] < actorCounts.size())
            ++actorCounts[actors[a]];
    const qint32 s = c.start[i], e = c.end[i];
    if (e - s > EventIndex::kShortSpanDays) {
        c.longRows.push_back(quint32(i));
        c.longEnds.push_back(e);
    } else {
        maxShortSpan = std::max(maxShortSpan, e - s);
    }
    lastDay = i == 0 ? e : std::max(lastDay, e);
    const float x = c.x[i], y = c.y[i];
    if (x == x) { // NaN: no position
        left = std::min(left, x);
        right = std::max(right, x);
        bottom = std::min(bottom, y);
        top = std::max(top, y);
    }
}

void EventIndexBuilder::reserve(qsizetype events)
{
    mRows.reserve(size_t(events));
    mActors.reserve(size_t(events) * 2);
}

quint32 EventIndexBuilder::actorId(const QString &name)
{
    const auto it = mActorIds.constFind(name);
    if (it != mActorIds.constEnd())
        return *it;
    const quint32 id = quint32(mActorNames.size());
    mActorNames << name;
    mActorIds.insert(name, id);
    return id;
}

quint8 EventIndexBuilder::typeId(const QString &type)
{
    const auto it = mTypeIds.constFind(type);
    if (it != mTypeIds.constEnd())
        return *it;
    if (mTypeNames.size() == 255) {
        mTypeNames << QStringLiteral("other");
        mTypeIds.insert(QStringLiteral("other"), 255);
    }
    if (mTypeNames.size() > 255)
        return 255;
    const quint8 id = quint8(mTypeNames.size());
    mTypeNames << type;
    mTypeIds.insert(type, id);
    return id;
}

quint32 EventIndexBuilder::placeNameId(const QString &name)
{
    if (name.isEmpty())
        return EventIndex::kNoPlaceName;
    const auto it = mPlaceIds.constFind(name);
    if (it != mPlaceIds.constEnd())
        return *it;
    const quint32 id = quint32(mPlaceNames.size());
    mPlaceNames << name;
    mPlaceIds.insert(name, id);
    return id;
}

bool EventIndexBuilder::add(qint64 id, qint32 startDay, qint32 endDay, double longitude, double latitude,
                            quint8 type, GeoPrecision precision, quint32 eventFlags, std::span<const quint32> actors,
                            qint64 happening, int sources, quint32 placeName, bool ownPosition, quint8 leadRank)
{
    if (type >= mTypeNames.size())
        return false;
    // Its type counts as used from this id even when the event is refused below: a load by
    // ascending id interns the type of every dated event it reads (buildOnto() orders by it).
    if (mTypeFirstIds.size() <= type)
        mTypeFirstIds.resize(size_t(type) + 1, std::numeric_limits<qint64>::max());
    mTypeFirstIds[type] = std::min(mTypeFirstIds[type], id);
    const bool placed = !std::isnan(longitude) && !std::isnan(latitude);
    if (placed && (!std::isfinite(longitude) || !std::isfinite(latitude) || std::abs(latitude) > 90.0 ||
                   std::abs(longitude) > 180.0))
        return false;
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const QPointF p = placed ? Projection::fromLonLat(longitude, latitude) : QPointF(nan, nan);
    quint8 flags = 0;
    if (!placed || !ownPosition)
        flags |= EventIndex::Unplaced;
    if (precision == GeoPrecision::Province || precision == GeoPrecision::Country ||
        precision == GeoPrecision::Unknown)
        flags |= EventIndex::Uncertain;
    if (eventFlags & Event::Negated)
        flags |= EventIndex::Negated;
    if (eventFlags & Event::Hypothetical)
        flags |= EventIndex::Hypothetical;
    if (eventFlags & Event::InheritedPlace)
        flags |= EventIndex::InheritedPlace;
    const size_t actorCount = std::min<size_t>(actors.size(), 255);
    mRows.push_back({id, happening > 0 ? happening : -id, startDay, std::max(startDay, endDay), float(p.x()),
                     float(p.y()), quint32(mActors.size()), placeName, type, flags, quint8(precision),
                     quint8(actorCount), quint8(std::clamp(sources, happening > 0 ? 1 : 0, 255)),
                     leadRank});
    mActors.insert(mActors.end(), actors.begin(), actors.begin() + qsizetype(actorCount));
    return true;
}

bool EventIndexBuilder::add(const Event &event)
{
    if (!event.time.isValid())
        return false;
    std::vector<quint32> actors;
    for (const ActorMention &m : event.actors)
        actors.push_back(actorId(m.actor.name));
    const bool placed = event.place.coordinate.isValid();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    return add(event.id, EventIndex::dayNumber(event.time.start), EventIndex::dayNumber(event.time.end),
               placed ? event.place.coordinate.longitude() : nan, placed ? event.place.coordinate.latitude() : nan,
               typeId(event.type), event.place.precision, event.flags, actors, event.happeningId, event.sources,
               placeNameId(event.place.name.isEmpty() ? event.placeText : event.place.name));
}

EventIndexBuilder::NameMap EventIndexBuilder::nameMap(const EventIndex &index) const
{
    NameMap m;
    m.actors.reserve(size_t(index.mActorNames.size()));
    for (const QString &name : index.mActorNames)
        m.actors.push_back(mActorIds.value(name, NameMap::kUnknown));
    m.places.reserve(size_t(index.mPlaceNames.size()));
    for (const QString &name : index.mPlaceNames)
        m.places.push_back(name.isEmpty() ? EventIndex::kNoPlaceName : mPlaceIds.value(name, NameMap::kUnknown));
    m.types.assign(size_t(index.mTypeNames.size()), -1);
    return m;
}

bool EventIndexBuilder::addFrom(const EventIndex &index, qsizetype row, NameMap &names)
{
    const size_t r = size_t(row);
    const quint32 a0 = index.mActorOffsets[r], a1 = index.mActorOffsets[r + 1];
    const auto actorBegin = quint32(mActors.size());
    for (quint32 a = a0; a < a1; ++a) {
        const quint32 oldId = index.mActorIds[a];
        const quint32 id = oldId < names.actors.size() ? names.actors[oldId] : NameMap::kUnknown;
        if (id == NameMap::kUnknown) {
            mActors.resize(actorBegin);
            return false;
        }
        mActors.push_back(id);
    }
    quint32 place = EventIndex::kNoPlaceName;
    if (const quint32 oldPlace = index.mPlace[r]; oldPlace < names.places.size()) {
        place = names.places[oldPlace];
        if (place == NameMap::kUnknown) {
            mActors.resize(actorBegin);
            return false;
        }
    }
    const quint8 oldType = index.mType[r];
    if (oldType >= names.types.size()) {
        mActors.resize(actorBegin);
        return false;
    }
    if (names.types[oldType] < 0)
        names.types[oldType] = typeId(index.mTypeNames[oldType]);
    const auto type = quint8(names.types[oldType]);
    const quint8 flags = index.mFlags[r];
    const qint64 id = index.id(row);
    const qint64 happening = index.happeningId(index.mHappening[r]);
    if (mTypeFirstIds.size() <= type)
        mTypeFirstIds.resize(size_t(type) + 1, std::numeric_limits<qint64>::max());
    mTypeFirstIds[type] = std::min(mTypeFirstIds[type], id);
    // The lead of a happening whose rows all come from `index` stays its lead: a rank above any
    // add() gives (0 to 3).
    mRows.push_back({id, happening > 0 ? happening : -id, index.mStart[r], index.mEnd[r], index.mX[r], index.mY[r],
                     actorBegin, place, type, quint8(flags & ~EventIndex::Lead), index.mPrecision[r], quint8(a1 - a0),
                     index.mHappeningSources[index.mHappening[r]], quint8((flags & EventIndex::Lead) ? 255 : 0)});
    return true;
}

void EventIndexBuilder::append(EventIndexBuilder &&other)
{
    std::vector<quint8> types;
    for (const QString &name : std::as_const(other.mTypeNames))
        types.push_back(typeId(name));
    for (size_t t = 0; t < other.mTypeFirstIds.size(); ++t) {
        if (mTypeFirstIds.size() <= types[t])
            mTypeFirstIds.resize(size_t(types[t]) + 1, std::numeric_limits<qint64>::max());
        mTypeFirstIds[types[t]] = std::min(mTypeFirstIds[types[t]], other.mTypeFirstIds[t]);
    }
    std::vector<quint32> actors;
    for (const QString &name : std::as_const(other.mActorNames))
        actors.push_back(actorId(name));
    std::vector<quint32> places;
    for (const QString &name : std::as_const(other.mPlaceNames))
        places.push_back(placeNameId(name));
    const auto actorBase = quint32(mActors.size());
    mActors.reserve(mActors.size() + other.mActors.size());
    for (quint32 a : other.mActors)
        mActors.push_back(a < actors.size() ? actors[a] : a);
    mRows.reserve(mRows.size() + other.mRows.size());
    for (Row r : other.mRows) {
        r.type = types[r.type];
        r.actorBegin += actorBase;
        if (r.place < places.size())
            r.place = places[r.place];
        mRows.push_back(r);
    }
    other = EventIndexBuilder();
}

std::vector<quint32> EventIndexBuilder::sortedOrder(bool *addedById) const
{
    const size_t n = mRows.size();
    std::vector<quint32> order(n);
    *addedById = std::is_sorted(mRows.begin(), mRows.end(), [](const Row &a, const Row &b) { return a.id < b.id; });
    qint64 first = 0, last = -1;
    if (n > 0) {
        const auto [lo, hi] = std::minmax_element(mRows.begin(), mRows.end(),
                                                  [](const Row &a, const Row &b) { return a.start < b.start; });
        first = lo->start;
        last = hi->start;
    }
    const qint64 days = last - first + 1;
    if (*addedById && days <= qint64(n) * 2 + 4096) {
        // Already in id order: a stable counting sort by start day gives (start day, id) order.
        std::vector<quint32> offsets(size_t(days) + 1, 0);
        for (const Row &r : mRows)
            ++offsets[size_t(r.start - first) + 1];
        std::partial_sum(offsets.begin(), offsets.end(), offsets.begin());
        for (size_t i = 0; i < n; ++i)
            order[offsets[size_t(mRows[i].start - first)]++] = quint32(i);
        return order;
    }
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(), [this](quint32 a, quint32 b) {
        const Row &ra = mRows[a];
        const Row &rb = mRows[b];
        return ra.start != rb.start ? ra.start < rb.start : ra.id < rb.id;
    });
    return order;
}

EventIndex EventIndexBuilder::build()
{
    EventIndex index;
    auto storage = std::make_shared<Columns>();
    Columns &c = *storage;
    const size_t n = mRows.size();
    bool addedById = false;
    const std::vector<quint32> order = sortedOrder(&addedById);
    c.resize(n);
    c.actorIds.reserve(mActors.size());
    Extent extent;
    extent.typeCounts.assign(size_t(mTypeNames.size()), 0);
    extent.actorCounts.assign(size_t(mActorNames.size()), 0);
    // rowOf[k]: where row k as added goes (the inverse of `order`; when the rows came by
    // ascending id, that is rowsById itself).
    std::vector<quint32> &rowOf = c.rowsById;
    for (size_t i = 0; i < n; ++i) {
        const Row &r = mRows[order[i]];
        c.ids[i] = r.id;
        c.start[i] = r.start;
        c.end[i] = r.end;
        c.x[i] = r.x;
        c.y[i] = r.y;
        c.type[i] = r.type;
        c.flags[i] = r.flags;
        c.precision[i] = r.precision;
        c.place[i] = r.place;
        c.actorOffsets[i] = quint32(c.actorIds.size());
        c.actorIds.insert(c.actorIds.end(), mActors.begin() + r.actorBegin, mActors.begin() + r.actorBegin + r.actorCount);
        extent.add(c, i, mActors.data() + r.actorBegin, r.actorCount);
        rowOf[order[i]] = quint32(i);
    }
    c.actorOffsets[n] = quint32(c.actorIds.size());
    // Happenings numbered densely in the order of their keys: the store's ids, after the events of
    // no happening (keys -id, and 0), which keep no id. Those keys are in descending order already
    // when the rows came by ascending id: only the happenings' reports are sorted then (a sort of
    // every key and a binary search per row took most of build() at ten million events).
    {
        std::vector<std::pair<qint64, quint32>> keyed; // (key, row as added)
        std::vector<quint32> unfused;                  // rows as added, by ascending key
        if (addedById) {
            for (size_t k = n; k-- > 0;) {
                if (mRows[k].happening <= 0)
                    unfused.push_back(quint32(k));
                else
                    keyed.emplace_back(mRows[k].happening, quint32(k));
            }
        } else {
            keyed.reserve(n);
            for (size_t k = 0; k < n; ++k)
                keyed.emplace_back(mRows[k].happening, quint32(k));
        }
        std::sort(keyed.begin(), keyed.end());
        std::vector<quint32> lead; // per happening, the row (as added) that stands for it
        quint32 unfusedCount = 0;
        const auto take = [&](qint64 key, quint32 k) {
            const Row &r = mRows[k];
            if (lead.empty() || key != mRows[lead.back()].happening) {
                lead.push_back(k);
                c.happeningSources.push_back(0);
                if (key > 0)
                    c.happeningIds.push_back(key);
                else
                    ++unfusedCount;
            } else if (leads(r, mRows[lead.back()])) {
                lead.back() = k;
            }
            const auto h = quint32(lead.size() - 1);
            c.happening[rowOf[k]] = h;
            c.happeningSources[h] = std::max(c.happeningSources[h], r.sources);
        };
        for (quint32 k : unfused)
            take(mRows[k].happening, k);
        for (const auto &[key, k] : keyed)
            take(key, k);
        for (quint32 k : lead)
            c.flags[rowOf[k]] |= EventIndex::Lead;
        index.mUnfusedHappenings = unfusedCount;
    }
    if (!addedById) {
        std::iota(c.rowsById.begin(), c.rowsById.end(), 0u);
        std::sort(c.rowsById.begin(), c.rowsById.end(), [&c](quint32 a, quint32 b) { return c.ids[a] < c.ids[b]; });
    }
    return finish(std::move(index), std::move(storage), extent);
}

EventIndex EventIndexBuilder::finish(EventIndex index, std::shared_ptr<Columns> storage, Extent &extent)
{
    Columns &c = *storage;
    const size_t n = c.start.size();
    // Grown row by row: their spare capacity would count in memoryBytes() (and the heap).
    c.happeningSources.shrink_to_fit();
    c.happeningIds.shrink_to_fit();
    if (extent.left <= extent.right)
        index.mBounds = QRectF(QPointF(extent.left, extent.bottom), QPointF(extent.right, extent.top));
    index.mMaxShortSpan = extent.maxShortSpan;
    index.mLastDay = extent.lastDay;
    index.mTypeCounts = std::move(extent.typeCounts);
    index.mActorCounts = std::move(extent.actorCounts);
    // Ids within 2^32 of each other (always, in practice) as 32-bit offsets: 4 bytes an event.
    if (n > 0) {
        const auto [lo, hi] = std::minmax_element(c.ids.begin(), c.ids.end());
        if (quint64(*hi) - quint64(*lo) <= quint64(std::numeric_limits<quint32>::max())) {
            index.mIdBase = *lo;
            c.idOffsets.resize(n);
            for (size_t i = 0; i < n; ++i)
                c.idOffsets[i] = quint32(quint64(c.ids[i]) - quint64(*lo));
            std::vector<qint64>().swap(c.ids); // frees it (`= {}` would keep its capacity)
        }
    }
    if (!c.happeningIds.empty()) {
        const qint64 lo = c.happeningIds.front(), hi = c.happeningIds.back(); // sorted
        if (quint64(hi) - quint64(lo) <= quint64(std::numeric_limits<quint32>::max())) {
            index.mHappeningIdBase = lo;
            c.happeningIdOffsets.resize(c.happeningIds.size());
            for (size_t i = 0; i < c.happeningIds.size(); ++i)
                c.happeningIdOffsets[i] = quint32(quint64(c.happeningIds[i]) - quint64(lo));
            std::vector<qint64>().swap(c.happeningIds);
        }
    }
    index.mIds = c.ids;
    index.mIdOffsets = c.idOffsets;
    index.mHappeningIdOffsets = c.happeningIdOffsets;
    index.mStart = c.start;
    index.mEnd = c.end;
    index.mX = c.x;
    index.mY = c.y;
    index.mType = c.type;
    index.mFlags = c.flags;
    index.mPrecision = c.precision;
    index.mPlace = c.place;
    index.mActorOffsets = c.actorOffsets;
    index.mActorIds = c.actorIds;
    index.mRowsById = c.rowsById;
    index.mHappening = c.happening;
    index.mHappeningIds = c.happeningIds;
    index.mHappeningSources = c.happeningSources;
    index.mLongRows = c.longRows;
    index.mLongEnds = c.longEnds;
    index.mStorageBytes = c.bytes();
    index.mStorage = std::move(storage);
    index.mTypeNames = mTypeNames;
    index.mActorNames = mActorNames;
    index.mPlaceNames = mPlaceNames;

    *this = EventIndexBuilder();
    return index;
}

namespace {

// A step function over positions 0..: value(x) = the sum of the deltas of the steps at or
// before x. Few steps (the rows and happenings a delta drops or inserts): a binary search in a
// table that stays in the first-level cache, instead of a table as long as the index read at
// random (the gather that took most of the merge at millions of rows).
class Shift {
public:
    void add(size_t at, qint64 delta) { mSteps.emplace_back(at, delta); }
    void finish()
    {
        std::sort(mSteps.begin(), mSteps.end());
        qint64 sum = 0;
        for (const auto &[at, delta] : mSteps) {
            sum += delta;
            mAt.push_back(at);
            mSum.push_back(sum);
        }
    }
    qint64 at(size_t x) const
    {
        const auto it = std::upper_bound(mAt.begin(), mAt.end(), x);
        return it == mAt.begin() ? 0 : mSum[size_t(it - mAt.begin()) - 1];
    }

private:
    std::vector<std::pair<size_t, qint64>> mSteps;
    std::vector<size_t> mAt;
    std::vector<qint64> mSum;
};

} // namespace

std::optional<EventIndex> EventIndexBuilder::buildOnto(const EventIndex &base, const std::vector<bool> &dropped, QString *why)
{
    const auto fail = [why](const QString &reason) {
        if (why)
            *why = reason;
        return std::optional<EventIndex>();
    };
    const size_t nb = size_t(base.size());
    if (dropped.size() != nb)
        return fail(QStringLiteral("the rows to drop are not the base index's"));
    if (base.mTypeNames.size() > 255 || mTypeNames.size() > 255)
        return fail(QStringLiteral("more than 255 event types"));
    constexpr qint64 kNever = std::numeric_limits<qint64>::max();

    // The base's names to this builder's ids, once.
    std::vector<quint32> actorMap, placeMap;
    actorMap.reserve(size_t(base.mActorNames.size()));
    for (const QString &name : base.mActorNames)
        actorMap.push_back(mActorIds.value(name, kUnknownName));
    placeMap.reserve(size_t(base.mPlaceNames.size()));
    for (const QString &name : base.mPlaceNames)
        placeMap.push_back(name.isEmpty() ? EventIndex::kNoPlaceName : mPlaceIds.value(name, kUnknownName));

    // The added rows in (start day, id) order, by id, and by happening key.
    const size_t na = mRows.size();
    const auto rowOrder = [this](auto less) {
        std::vector<quint32> order(mRows.size());
        std::iota(order.begin(), order.end(), 0u);
        std::sort(order.begin(), order.end(), [this, &less](quint32 a, quint32 b) { return less(mRows[a], mRows[b]); });
        return order;
    };
    const std::vector<quint32> added = rowOrder([](const Row &a, const Row &b) {
        return a.start != b.start ? a.start < b.start : a.id < b.id;
    });
    const std::vector<quint32> addedById = rowOrder([](const Row &a, const Row &b) { return a.id < b.id; });
    const std::vector<quint32> byKey = rowOrder([](const Row &a, const Row &b) {
        return a.happening != b.happening ? a.happening < b.happening : a.id < b.id;
    });
    // The ids of the added events of no happening (their keys are -id), ascending.
    std::vector<qint64> addedUnfusedIds;
    for (size_t k = 0; k < byKey.size() && mRows[byKey[k]].happening <= 0; ++k)
        addedUnfusedIds.push_back(mRows[byKey[k]].id);
    std::reverse(addedUnfusedIds.begin(), addedUnfusedIds.end());

    // One pass over the base, in order: the kept rows, the smallest kept id of each type, which
    // happenings are kept, and how many of the base's events of no happening have an id above
    // each added one's (where the added one's happening goes among the base's).
    const size_t nh = size_t(base.happeningCount());
    const quint32 unfused = base.mUnfusedHappenings;
    std::vector<qint64> oldFirst(size_t(base.mTypeNames.size()), kNever);
    std::vector<bool> oldKept(nh, false);
    std::vector<size_t> unfusedBelow(addedUnfusedIds.size() + 1, 0); // by how many added ids are below
    size_t kept = 0;
    for (size_t r = 0; r < nb; ++r) {
        const quint32 h = base.mHappening[r];
        const qint64 id = base.id(qsizetype(r));
        if (h < unfused && !addedUnfusedIds.empty())
            ++unfusedBelow[size_t(std::lower_bound(addedUnfusedIds.begin(), addedUnfusedIds.end(), id) -
                                  addedUnfusedIds.begin())];
        if (dropped[r])
            continue;
        ++kept;
        oldKept[h] = true;
        qint64 &first = oldFirst[base.mType[r]];
        first = std::min(first, id);
    }

    // Types numbered by the smallest id of an event of theirs, kept or added (as a load by
    // ascending id interns them); a type interned here but never added goes last.
    struct TypeUse {
        qint64 first;
        qsizetype order;
        QString name;
    };
    std::vector<TypeUse> uses;
    for (qsizetype t = 0; t < mTypeNames.size(); ++t)
        uses.push_back({size_t(t) < mTypeFirstIds.size() ? mTypeFirstIds[size_t(t)] : kNever, t, mTypeNames[t]});
    for (qsizetype t = 0; t < base.mTypeNames.size(); ++t) {
        const qint64 first = oldFirst[size_t(t)];
        if (first == kNever)
            continue; // no kept event of this type
        const auto here = mTypeIds.constFind(base.mTypeNames[t]);
        if (here != mTypeIds.constEnd())
            uses[*here].first = std::min(uses[*here].first, first);
        else
            uses.push_back({first, mTypeNames.size() + t, base.mTypeNames[t]});
    }
    if (uses.size() > 255)
        return fail(QStringLiteral("more than 255 event types"));
    std::sort(uses.begin(), uses.end(), [](const TypeUse &a, const TypeUse &b) {
        return a.first != b.first ? a.first < b.first : a.order < b.order;
    });
    QStringList typeNames;
    QHash<QString, quint8> typeIds;
    for (const TypeUse &u : uses) {
        typeIds.insert(u.name, quint8(typeNames.size()));
        typeNames << u.name;
    }
    std::vector<quint8> oldTypeMap(size_t(base.mTypeNames.size()), 0), addedTypeMap(size_t(mTypeNames.size()), 0);
    for (qsizetype t = 0; t < base.mTypeNames.size(); ++t)
        oldTypeMap[size_t(t)] = typeIds.value(base.mTypeNames[t], 0);
    for (qsizetype t = 0; t < mTypeNames.size(); ++t)
        addedTypeMap[size_t(t)] = typeIds.value(mTypeNames[t], 0);

    // Happenings. The base's are numbered in the order of their keys (the store's ids, after
    // the events of no happening, keys -id); the added rows' happenings go between them where
    // their keys do. A kept happening keeps its sources and lead, its number shifted by the
    // happenings dropped before it and those added before it; an added one gets its sources and
    // lead from its rows.
    struct AddedHappening {
        qint64 key;
        size_t before; // the base's happenings with a smaller key
        size_t first, last; // its rows in byKey
    };
    std::vector<AddedHappening> addedHappenings;
    for (size_t k = 0; k < na;) {
        const qint64 key = mRows[byKey[k]].happening;
        size_t end = k;
        while (end < na && mRows[byKey[end]].happening == key)
            ++end;
        size_t before = 0;
        if (key > 0) {
            size_t lo = unfused, hi = nh;
            while (lo < hi) {
                const size_t mid = lo + (hi - lo) / 2;
                if (base.happeningId(quint32(mid)) < key)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            if (lo < nh && base.happeningId(quint32(lo)) == key && oldKept[lo])
                return fail(QStringLiteral("a happening has reports both kept and added"));
            before = lo;
        } else {
            // Keys -id: the base's events of no happening with a greater id come first.
            const size_t below = size_t(std::lower_bound(addedUnfusedIds.begin(), addedUnfusedIds.end(), -key) -
                                        addedUnfusedIds.begin());
            for (size_t b = below + 1; b < unfusedBelow.size(); ++b)
                before += unfusedBelow[b];
            // An id equal to the added one's counts in neither: it is the same event, which must
            // have been dropped.
            if (const int row = base.rowOfId(-key); row >= 0 && base.mHappening[size_t(row)] < unfused &&
                                                    !dropped[size_t(row)])
                return fail(QStringLiteral("event %1 is both kept and added").arg(-key));
        }
        addedHappenings.push_back({key, before, k, end});
        k = end;
    }
    auto storage = std::make_shared<Columns>();
    Columns &c = *storage;
    std::vector<quint32> addedHappening(na, kNone);
    std::vector<bool> isLead(na, false);
    Shift happeningShift;
    quint32 unfusedCount = 0;
    {
        size_t g = 0;
        for (size_t h = 0; h <= nh; ++h) {
            for (; g < addedHappenings.size() && addedHappenings[g].before == h; ++g) {
                const AddedHappening &a = addedHappenings[g];
                const auto number = quint32(c.happeningSources.size());
                quint32 lead = byKey[a.first];
                quint8 sources = 0;
                for (size_t k = a.first; k < a.last; ++k) {
                    const quint32 row = byKey[k];
                    addedHappening[row] = number;
                    sources = std::max(sources, mRows[row].sources);
                    if (leads(mRows[row], mRows[lead]))
                        lead = row;
                }
                isLead[lead] = true;
                c.happeningSources.push_back(sources);
                if (a.key > 0)
                    c.happeningIds.push_back(a.key);
                else
                    ++unfusedCount;
                happeningShift.add(h, 1);
            }
            if (h == nh)
                break;
            if (!oldKept[h]) {
                happeningShift.add(h + 1, -1);
                continue;
            }
            c.happeningSources.push_back(base.mHappeningSources[h]);
            if (h >= unfused)
                c.happeningIds.push_back(base.happeningId(quint32(h)));
            else
                ++unfusedCount;
        }
    }
    happeningShift.finish();

    // The merge: the kept rows and the added ones, both in (start day, id) order. The kept rows'
    // new numbers (for rowsById) are their old ones shifted by the rows dropped and added before.
    const size_t n = kept + na;
    c.resize(n);
    c.actorIds.reserve(size_t(base.mActorIds.size()) + mActors.size());
    Extent extent;
    extent.typeCounts.assign(size_t(typeNames.size()), 0);
    extent.actorCounts.assign(size_t(mActorNames.size()), 0);
    std::vector<quint32> newRowOfAdded(na, kNone);
    Shift rowShift;
    const qint32 *oldStart = base.mStart.data();
    bool lost = false;
    size_t r = 0, k = 0;
    for (size_t i = 0; i < n; ++i) {
        while (r < nb && dropped[r]) {
            rowShift.add(r + 1, -1);
            ++r;
        }
        bool takeOld = k == na;
        if (!takeOld && r < nb) {
            const Row &a = mRows[added[k]];
            takeOld = oldStart[r] != a.start ? oldStart[r] < a.start : base.id(qsizetype(r)) < a.id;
        }
        const size_t actorsAt = c.actorIds.size();
        c.actorOffsets[i] = quint32(actorsAt);
        if (takeOld) {
            c.ids[i] = base.id(qsizetype(r));
            c.start[i] = oldStart[r];
            c.end[i] = base.mEnd[r];
            c.x[i] = base.mX[r];
            c.y[i] = base.mY[r];
            c.type[i] = oldTypeMap[base.mType[r]];
            c.flags[i] = base.mFlags[r];
            c.precision[i] = base.mPrecision[r];
            const quint32 place = base.mPlace[r];
            c.place[i] = place < placeMap.size() ? placeMap[place] : EventIndex::kNoPlaceName;
            lost = lost || c.place[i] == kUnknownName;
            for (quint32 a = base.mActorOffsets[r]; a < base.mActorOffsets[r + 1]; ++a) {
                const quint32 oldActor = base.mActorIds[a];
                const quint32 actor = oldActor < actorMap.size() ? actorMap[oldActor] : kUnknownName;
                lost = lost || actor == kUnknownName;
                c.actorIds.push_back(actor);
            }
            const quint32 h = base.mHappening[r];
            c.happening[i] = quint32(qint64(h) + happeningShift.at(h));
            ++r;
        } else {
            const quint32 row = added[k++];
            const Row &a = mRows[row];
            c.ids[i] = a.id;
            c.start[i] = a.start;
            c.end[i] = a.end;
            c.x[i] = a.x;
            c.y[i] = a.y;
            c.type[i] = addedTypeMap[a.type];
            c.flags[i] = quint8(a.flags | (isLead[row] ? EventIndex::Lead : 0));
            c.precision[i] = a.precision;
            c.place[i] = a.place;
            c.actorIds.insert(c.actorIds.end(), mActors.begin() + a.actorBegin, mActors.begin() + a.actorBegin + a.actorCount);
            c.happening[i] = addedHappening[row];
            newRowOfAdded[row] = quint32(i);
            rowShift.add(r, 1); // before the base's row r
        }
        if (lost)
            return fail(QStringLiteral("an actor or place of a kept event is not known here"));
        extent.add(c, i, c.actorIds.data() + actorsAt, c.actorIds.size() - actorsAt);
    }
    c.actorOffsets[n] = quint32(c.actorIds.size());
    rowShift.finish();

    // Rows by id: the base's order of its kept rows (read in order, not their ids) with each
    // added row put where a binary search over the base's ids puts it.
    {
        const auto rowsById = base.mRowsById.data();
        size_t o = 0, i = 0;
        const auto keepUpTo = [&](size_t end) {
            for (; o < end; ++o) {
                const quint32 row = rowsById[o];
                if (!dropped[row])
                    c.rowsById[i++] = quint32(qint64(row) + rowShift.at(row));
            }
        };
        for (const quint32 a : addedById) {
            const qint64 id = mRows[a].id;
            size_t lo = o, hi = nb;
            while (lo < hi) {
                const size_t mid = lo + (hi - lo) / 2;
                if (base.id(qsizetype(rowsById[mid])) < id)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            keepUpTo(lo);
            if (o < nb && base.id(qsizetype(rowsById[o])) == id && !dropped[rowsById[o]])
                return fail(QStringLiteral("event %1 is both kept and added").arg(id));
            c.rowsById[i++] = newRowOfAdded[a];
        }
        keepUpTo(nb);
    }

    EventIndex index;
    index.mUnfusedHappenings = unfusedCount;
    mTypeNames = typeNames;
    return finish(std::move(index), std::move(storage), extent);
}

} // namespace mapline
