#include "index/eventindexbuilder.h"

#include "geo/projection.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace mapline {
namespace {

// What a built index's columns view (EventIndex::mStorage).
struct BuiltColumns {
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
};

} // namespace

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
    const bool placed = !std::isnan(longitude) && !std::isnan(latitude);
    if ((placed && (!std::isfinite(longitude) || !std::isfinite(latitude) || std::abs(latitude) > 90.0 ||
                    std::abs(longitude) > 180.0)) ||
        type >= mTypeNames.size())
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

bool EventIndexBuilder::addFrom(const EventIndex &index, qsizetype row)
{
    const auto actors = index.actorsOf(row);
    const auto actorBegin = quint32(mActors.size());
    for (quint32 a : actors) {
        const auto it = mActorIds.constFind(index.actorNames().value(qsizetype(a)));
        if (it == mActorIds.constEnd()) {
            mActors.resize(actorBegin);
            return false;
        }
        mActors.push_back(*it);
    }
    quint32 place = EventIndex::kNoPlaceName;
    if (const QString name = index.placeName(row); !name.isEmpty()) {
        const auto it = mPlaceIds.constFind(name);
        if (it == mPlaceIds.constEnd()) {
            mActors.resize(actorBegin);
            return false;
        }
        place = *it;
    }
    const quint8 flags = index.flags(row);
    const qint64 id = index.id(row);
    const qint64 happening = index.happeningId(index.happeningOf(row));
    // The lead of a happening whose rows all come from `index` stays its lead: a rank above any
    // add() gives (0 to 3).
    mRows.push_back({id, happening > 0 ? happening : -id, index.startDay(row), index.endDay(row), index.x(row),
                     index.y(row), actorBegin, place, typeId(index.typeNames().value(index.typeId(row))),
                     quint8(flags & ~EventIndex::Lead), quint8(index.precision(row)), quint8(actors.size()),
                     quint8(index.sources(row)), quint8((flags & EventIndex::Lead) ? 255 : 0)});
    return true;
}

void EventIndexBuilder::append(EventIndexBuilder &&other)
{
    std::vector<quint8> types;
    for (const QString &name : std::as_const(other.mTypeNames))
        types.push_back(typeId(name));
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
    auto storage = std::make_shared<BuiltColumns>();
    BuiltColumns &c = *storage;
    const size_t n = mRows.size();
    bool addedById = false;
    const std::vector<quint32> order = sortedOrder(&addedById);
    c.ids.resize(n);
    c.start.resize(n);
    c.end.resize(n);
    c.x.resize(n);
    c.y.resize(n);
    c.type.resize(n);
    c.flags.resize(n);
    c.precision.resize(n);
    c.place.resize(n);
    c.actorOffsets.resize(n + 1);
    c.actorIds.reserve(mActors.size());
    index.mTypeCounts.assign(size_t(mTypeNames.size()), 0);
    index.mActorCounts.assign(size_t(mActorNames.size()), 0);
    float left = std::numeric_limits<float>::max(), bottom = left;
    float right = std::numeric_limits<float>::lowest(), top = right;
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
        c.actorIds.insert(c.actorIds.end(), mActors.begin() + r.actorBegin,
                               mActors.begin() + r.actorBegin + r.actorCount);
        ++index.mTypeCounts[r.type];
        for (quint32 a = r.actorBegin; a < r.actorBegin + r.actorCount; ++a)
            if (mActors[a] < index.mActorCounts.size())
                ++index.mActorCounts[mActors[a]];
        const qint32 span = r.end - r.start;
        if (span > EventIndex::kShortSpanDays)
        {
            c.longRows.push_back(quint32(i));
            c.longEnds.push_back(r.end);
        }
        else
            index.mMaxShortSpan = std::max(index.mMaxShortSpan, span);
        index.mLastDay = i == 0 ? r.end : std::max(index.mLastDay, r.end);
        if (r.x == r.x) { // NaN: no position
            left = std::min(left, r.x);
            right = std::max(right, r.x);
            bottom = std::min(bottom, r.y);
            top = std::max(top, r.y);
        }
    }
    c.actorOffsets[n] = quint32(c.actorIds.size());
    // Happenings numbered densely, in the order of their store ids (events of none after them).
    {
        std::vector<qint64> keys(n);
        for (size_t i = 0; i < n; ++i)
            keys[i] = mRows[order[i]].happening;
        std::sort(keys.begin(), keys.end());
        keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
        c.happening.resize(n);
        // Events of no happening (keys -id, and 0) sort first: only the others keep an id.
        const auto unfused = size_t(std::upper_bound(keys.begin(), keys.end(), qint64(0)) - keys.begin());
        c.happeningIds.assign(keys.begin() + qsizetype(unfused), keys.end());
        index.mUnfusedHappenings = quint32(unfused);
        c.happeningSources.assign(keys.size(), 0);
        // The lead of each happening: the report of the highest rank, then placed, then of the
        // lowest id (so the choice does not depend on the order rows were added in).
        constexpr quint32 kNone = ~0u;
        std::vector<quint32> lead(keys.size(), kNone);
        const auto better = [&](size_t a, size_t b) {
            const Row &ra = mRows[order[a]], &rb = mRows[order[b]];
            const bool pa = ra.x == ra.x, pb = rb.x == rb.x;
            if (ra.leadRank != rb.leadRank)
                return ra.leadRank > rb.leadRank;
            if (pa != pb)
                return pa;
            return ra.id < rb.id;
        };
        for (size_t i = 0; i < n; ++i) {
            const Row &r = mRows[order[i]];
            const auto h = quint32(std::lower_bound(keys.begin(), keys.end(), r.happening) - keys.begin());
            c.happening[i] = h;
            c.happeningSources[h] = std::max(c.happeningSources[h], r.sources);
            if (lead[h] == kNone || better(i, lead[h]))
                lead[h] = quint32(i);
        }
        for (quint32 row : lead)
            c.flags[row] |= EventIndex::Lead;
    }
    if (left <= right)
        index.mBounds = QRectF(QPointF(left, bottom), QPointF(right, top));
    c.rowsById.resize(n);
    if (addedById) {
        // The k-th row added has the k-th smallest id: the inverse of `order`.
        for (size_t i = 0; i < n; ++i)
            c.rowsById[order[i]] = quint32(i);
    } else {
        std::iota(c.rowsById.begin(), c.rowsById.end(), 0u);
        std::sort(c.rowsById.begin(), c.rowsById.end(),
                  [&c](quint32 a, quint32 b) { return c.ids[a] < c.ids[b]; });
    }
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

} // namespace mapline
