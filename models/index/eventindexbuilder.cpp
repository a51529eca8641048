#include "index/eventindexbuilder.h"

#include "geo/projection.h"
#include "index/persistentindex.h"
#include "io/wholeio.h"

#include <QDir>
#include <QHash>
#include <QTemporaryFile>

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

// Named, not anonymous: EventIndexBuilder::Spill (a member of a class with linkage) holds SpillFiles.
namespace indexspill {

// A temporary file of records, written and then read back in order; removed when it goes.
class SpillFile {
public:
    explicit SpillFile(const QString &folder)
        : mFile(QDir(folder).filePath(QStringLiteral(".mapline-index-spill-XXXXXX")))
    {
    }
    bool open() { return mFile.open(); }
    bool write(const void *data, quint64 bytes) { return writeWhole(mFile, data, bytes); }
    bool rewind() { return mFile.flush() && mFile.seek(0); }
    bool read(void *data, quint64 bytes) { return readWhole(mFile, data, bytes); }
    QString error() const
    {
        return QStringLiteral("%1 (at %2 of %3 bytes): %4").arg(mFile.fileName()).arg(mFile.pos()).arg(mFile.size()).arg(mFile.errorString());
    }

private:
    QTemporaryFile mFile;
};

// `value` through a map of ids (empty: every id stays; an id beyond it stays too, as append() maps).
template <typename T> T mapped(const std::vector<T> &map, T value)
{
    return size_t(value) < map.size() ? map[size_t(value)] : value;
}

// `inner`, then `outer`, as one map.
template <typename T> std::vector<T> composed(const std::vector<T> &inner, const std::vector<T> &outer)
{
    if (inner.empty())
        return outer;
    std::vector<T> both(std::max(inner.size(), outer.size()));
    for (size_t i = 0; i < both.size(); ++i)
        both[i] = mapped(outer, mapped(inner, T(i)));
    return both;
}

} // namespace indexspill
using namespace indexspill;

// The rows of a spilling builder: files of rows in the order they came (Row as it is in memory)
// with their actors beside them, each file with the maps from its builder's ids to this one's
// (the upper half of a load is read by a builder of its own, then appended), and what the
// copy's layout needs counted as the rows were written.
struct EventIndexBuilder::Spill {
    QString folder;
    size_t chunkRows = 0;
    struct Segment {
        std::shared_ptr<SpillFile> rows, actors;
        quint64 rowCount = 0;
        quint64 actorCount = 0;
        std::vector<quint8> types; // the segment's ids to the builder's; empty: the same
        std::vector<quint32> actorIds;
        std::vector<quint32> places;
    };
    std::vector<Segment> segments;
    bool ownOpen = false; // segments.back() is this builder's own, still taking rows
    quint64 rows = 0, actorLinks = 0, unfused = 0, longRows = 0;
    qint64 minId = std::numeric_limits<qint64>::max(), maxId = std::numeric_limits<qint64>::min();
    // Rows by start day, from firstDay (at most kMaxDays: ten thousand years of ISO dates fit).
    static constexpr qint64 kMaxDays = qint64(1) << 23;
    qint32 firstDay = 0;
    std::vector<quint32> days;
    // A fused happening's largest sources and the report that leads it (EventIndexBuilder::leads).
    struct Happening {
        qint64 leadId;
        quint8 leadRank;
        bool leadPlaced;
        quint8 sources;
    };
    QHash<qint64, Happening> happenings;
    QString error;

    void countDay(qint32 day, quint32 count)
    {
        if (days.empty()) {
            firstDay = day;
            days.assign(1, 0);
        }
        const qint64 size = qint64(days.size());
        if (day < firstDay) {
            const qint64 need = qint64(firstDay) - day;
            if (size + need > kMaxDays) {
                fail(QStringLiteral("the dates span more than %1 days").arg(kMaxDays));
                return;
            }
            const qint64 grow = need + std::min(size, kMaxDays - size - need);
            days.insert(days.begin(), size_t(grow), 0);
            firstDay = qint32(qint64(firstDay) - grow);
        } else if (qint64(day) - firstDay >= size) {
            const qint64 need = qint64(day) - firstDay + 1;
            if (need > kMaxDays) {
                fail(QStringLiteral("the dates span more than %1 days").arg(kMaxDays));
                return;
            }
            days.resize(size_t(std::min(std::max(need, size * 2), kMaxDays)), 0);
        }
        days[size_t(qint64(day) - firstDay)] += count;
    }
    void countHappening(qint64 key, const Happening &h)
    {
        const auto it = happenings.find(key);
        if (it == happenings.end()) {
            happenings.insert(key, h);
            return;
        }
        it->sources = std::max(it->sources, h.sources);
        // As leads(): the higher rank, then placed, then the lower id.
        const bool better = h.leadRank != it->leadRank ? h.leadRank > it->leadRank
                            : h.leadPlaced != it->leadPlaced ? h.leadPlaced
                                                             : h.leadId < it->leadId;
        if (better) {
            it->leadId = h.leadId;
            it->leadRank = h.leadRank;
            it->leadPlaced = h.leadPlaced;
        }
    }
    void fail(const QString &why)
    {
        if (error.isEmpty())
            error = why;
    }
};

qsizetype EventIndexBuilder::size() const
{
    return qsizetype(mRows.size() + (mSpill ? mSpill->rows : 0));
}

Status EventIndexBuilder::spillTo(const QString &folder, qsizetype chunkRows)
{
    if (mSpill)
        return {};
    if (!QDir(folder).exists())
        return Status::failure(QStringLiteral("%1: no such folder for the index's temporary files").arg(folder));
    mSpill = std::make_shared<Spill>();
    mSpill->folder = folder;
    mSpill->chunkRows = size_t(std::max<qsizetype>(chunkRows, 1));
    return {};
}

bool EventIndexBuilder::flushSpill()
{
    if (!mSpill)
        return true;
    Spill &s = *mSpill;
    if (mRows.empty())
        return s.error.isEmpty();
    if (!s.ownOpen && s.error.isEmpty()) {
        Spill::Segment segment;
        segment.rows = std::make_shared<SpillFile>(s.folder);
        segment.actors = std::make_shared<SpillFile>(s.folder);
        if (!segment.rows->open())
            s.fail(segment.rows->error());
        else if (!segment.actors->open())
            s.fail(segment.actors->error());
        s.segments.push_back(std::move(segment));
        s.ownOpen = true;
    }
    if (s.error.isEmpty()) {
        for (const Row &r : mRows) {
            s.actorLinks += r.actorCount;
            if (r.happening <= 0)
                ++s.unfused;
            else
                s.countHappening(r.happening, {r.id, r.leadRank, r.x == r.x, r.sources});
            if (r.end - r.start > EventIndex::kShortSpanDays)
                ++s.longRows;
            s.minId = std::min(s.minId, r.id);
            s.maxId = std::max(s.maxId, r.id);
            s.countDay(r.start, 1);
        }
        Spill::Segment &segment = s.segments.back();
        if (!segment.rows->write(mRows.data(), mRows.size() * sizeof(Row)))
            s.fail(segment.rows->error());
        else if (!segment.actors->write(mActors.data(), mActors.size() * sizeof(quint32)))
            s.fail(segment.actors->error());
        segment.rowCount += mRows.size();
        segment.actorCount += mActors.size();
        s.rows += mRows.size();
    }
    // Dropped whatever happened: memory stays bounded, and writeCopy() reports the error.
    mRows.clear();
    mActors.clear();
    return s.error.isEmpty();
}

void EventIndexBuilder::reserve(qsizetype events)
{
    if (mSpill)
        events = std::min<qsizetype>(events, qsizetype(mSpill->chunkRows));
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
    if (mSpill && mRows.size() >= mSpill->chunkRows)
        flushSpill();
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
    if (mSpill && mRows.size() >= mSpill->chunkRows)
        flushSpill();
    return true;
}

EventIndexBuilder::AdoptedNames EventIndexBuilder::adoptNames(const EventIndexBuilder &other)
{
    AdoptedNames ids;
    for (const QString &name : std::as_const(other.mTypeNames))
        ids.types.push_back(typeId(name));
    for (size_t t = 0; t < other.mTypeFirstIds.size(); ++t) {
        const quint8 type = ids.types[t];
        if (mTypeFirstIds.size() <= type)
            mTypeFirstIds.resize(size_t(type) + 1, std::numeric_limits<qint64>::max());
        mTypeFirstIds[type] = std::min(mTypeFirstIds[type], other.mTypeFirstIds[t]);
    }
    for (const QString &name : std::as_const(other.mActorNames))
        ids.actors.push_back(actorId(name));
    for (const QString &name : std::as_const(other.mPlaceNames))
        ids.places.push_back(placeNameId(name));
    return ids;
}

void EventIndexBuilder::append(EventIndexBuilder &&other)
{
    if (mSpill || other.mSpill) {
        appendSpilled(std::move(other));
        return;
    }
    const AdoptedNames adopted = adoptNames(other);
    const std::vector<quint8> &types = adopted.types;
    const std::vector<quint32> &actors = adopted.actors;
    const std::vector<quint32> &places = adopted.places;
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

void EventIndexBuilder::appendSpilled(EventIndexBuilder &&other)
{
    if (!mSpill)
        spillTo(other.mSpill->folder, qsizetype(other.mSpill->chunkRows));
    if (!other.mSpill)
        other.spillTo(mSpill->folder, qsizetype(mSpill->chunkRows));
    if (!other.mSpill) { // the folder went away: counted as an error, the rows dropped
        mSpill->fail(QStringLiteral("%1: cannot keep the index's temporary files").arg(mSpill->folder));
        other = EventIndexBuilder();
        return;
    }
    // This builder's rows so far, then the other's: later rows of this one go into a file after them.
    flushSpill();
    mSpill->ownOpen = false;
    other.flushSpill();
    // The other's names to ids here, as the in-memory append() maps them.
    const AdoptedNames adopted = adoptNames(other);
    const std::vector<quint8> &types = adopted.types;
    const std::vector<quint32> &actors = adopted.actors;
    const std::vector<quint32> &places = adopted.places;
    Spill &s = *mSpill;
    const Spill &o = *other.mSpill;
    for (const Spill::Segment &segment : o.segments) {
        Spill::Segment moved = segment;
        moved.types = composed(segment.types, types);
        moved.actorIds = composed(segment.actorIds, actors);
        moved.places = composed(segment.places, places);
        s.segments.push_back(std::move(moved));
    }
    s.rows += o.rows;
    s.actorLinks += o.actorLinks;
    s.unfused += o.unfused;
    s.longRows += o.longRows;
    s.minId = std::min(s.minId, o.minId);
    s.maxId = std::max(s.maxId, o.maxId);
    for (size_t d = 0; d < o.days.size(); ++d)
        if (o.days[d] > 0)
            s.countDay(qint32(qint64(o.firstDay) + qint64(d)), o.days[d]);
    for (auto it = o.happenings.constBegin(); it != o.happenings.constEnd(); ++it)
        s.countHappening(it.key(), it.value());
    if (!o.error.isEmpty())
        s.fail(o.error);
    other = EventIndexBuilder();
}

namespace {

// A row as the second pass deals it into its bucket: its place in the index, its values mapped
// to the builder's ids, its happening numbered and its Lead flag set. Its actors follow in the
// bucket's file of actors.
struct PlacedRow {
    qint64 id;
    quint32 row;
    qint32 start;
    qint32 end;
    float x;
    float y;
    quint32 place;
    quint32 happening;
    quint8 type;
    quint8 flags;
    quint8 precision;
    quint8 actorCount;
};

// A bucket: the rows whose places are in [first, first + its size), in the order they were dealt.
struct Bucket {
    std::unique_ptr<SpillFile> rows, actors;
    std::vector<PlacedRow> rowBuffer;
    std::vector<quint32> actorBuffer;
    quint64 rowCount = 0, actorCount = 0;
};

} // namespace

Status EventIndexBuilder::writeCopy(const IndexStamp &stamp, quint64 positionsFingerprint, const QString &path,
                                    quint32 blockBytes, qsizetype bucketRows)
{
    const auto fail = [&path](const QString &why) {
        return Status::failure(QStringLiteral("%1: the index copy is not written: %2").arg(path, why));
    };
    if (!mSpill)
        return fail(QStringLiteral("the rows were not spilled"));
    flushSpill();
    // Everything taken out of the builder, which is empty from here on.
    const std::shared_ptr<Spill> spill = std::move(mSpill);
    const QStringList typeNames = mTypeNames, actorNames = mActorNames, placeNames = mPlaceNames;
    *this = EventIndexBuilder();
    Spill &s = *spill;
    if (!s.error.isEmpty())
        return fail(s.error);
    const quint64 n = s.rows;
    if (n > quint64(std::numeric_limits<quint32>::max()) - 1 || s.actorLinks > quint64(std::numeric_limits<quint32>::max()))
        return fail(QStringLiteral("too many rows"));

    // Happenings as build() numbers them: the events of no happening first (keys -id: by
    // descending id), then the fused ones by id.
    std::vector<std::pair<qint64, Spill::Happening>> fused;
    fused.reserve(size_t(s.happenings.size()));
    for (auto it = s.happenings.constBegin(); it != s.happenings.constEnd(); ++it)
        fused.emplace_back(it.key(), it.value());
    QHash<qint64, Spill::Happening>().swap(s.happenings);
    std::sort(fused.begin(), fused.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    const quint64 unfused = s.unfused;

    PersistentIndex::Shape shape;
    shape.rows = n;
    shape.actorLinks = s.actorLinks;
    shape.happenings = unfused + fused.size();
    shape.unfusedHappenings = unfused;
    shape.longRows = s.longRows;
    // As finish(): ids within 2^32 of each other as offsets from the smallest.
    constexpr quint64 kSpan32 = std::numeric_limits<quint32>::max();
    if (n > 0 && quint64(s.maxId) - quint64(s.minId) > kSpan32)
        shape.idBits = 64;
    else if (n > 0)
        shape.idBase = s.minId;
    if (!fused.empty() && quint64(fused.back().first) - quint64(fused.front().first) > kSpan32)
        shape.happeningIdBits = 64;
    else if (!fused.empty())
        shape.happeningIdBase = fused.front().first;
    shape.typeNames = typeNames;
    shape.actorNames = actorNames;
    shape.placeNames = placeNames;
    PersistentIndex::StreamWriter out(path, shape, stamp, positionsFingerprint, blockBytes);
    if (Status opened = out.open(); !opened)
        return opened;
    const auto appendColumn = [&out](PersistentIndex::Section section, const auto &values, size_t count) {
        return out.append(section, values.data(), quint64(count * sizeof(values[0])));
    };
    // After a failed append: commit() says why and removes the temporary file.
    const auto abandon = [&out] { return out.commit({}); };

    // Pass two, over the spilled rows by id: each row's place is the next of its start day's
    // (a stable counting sort by day of rows in id order gives (start day, id) order).
    std::vector<quint32> next(s.days.size());
    {
        quint64 sum = 0;
        for (size_t d = 0; d < s.days.size(); ++d) {
            next[d] = quint32(sum);
            sum += s.days[d];
        }
        if (sum != n)
            return fail(QStringLiteral("the days count %1 rows of %2").arg(sum).arg(n));
    }
    std::vector<quint32>().swap(s.days);
    const quint64 perBucket = quint64(bucketRows > 0 ? bucketRows : qsizetype(s.chunkRows) * 2);
    const size_t bucketCount = size_t((n + perBucket - 1) / perBucket);
    std::vector<Bucket> buckets(bucketCount);
    constexpr size_t kBucketBuffer = 4096;
    QString why;
    const auto flushBucket = [&](Bucket &b) {
        if (b.rowBuffer.empty())
            return why.isEmpty();
        if (!b.rows) {
            b.rows = std::make_unique<SpillFile>(s.folder);
            b.actors = std::make_unique<SpillFile>(s.folder);
            if (!b.rows->open() || !b.actors->open())
                why = b.rows->error();
        }
        if (why.isEmpty() && (!b.rows->write(b.rowBuffer.data(), b.rowBuffer.size() * sizeof(PlacedRow)) ||
                              !b.actors->write(b.actorBuffer.data(), b.actorBuffer.size() * sizeof(quint32))))
            why = b.rows->error();
        b.rowCount += b.rowBuffer.size();
        b.actorCount += b.actorBuffer.size();
        b.rowBuffer.clear();
        b.actorBuffer.clear();
        return why.isEmpty();
    };
    std::vector<quint8> unfusedSources(size_t(unfused), 0);
    std::vector<quint32> rowsById;
    rowsById.reserve(kBucketBuffer * 16);
    quint64 unfusedSeen = 0;
    qint64 lastId = 0;
    bool firstRow = true;
    std::vector<Row> rows;
    std::vector<quint32> actors;
    for (Spill::Segment &segment : s.segments) {
        if (!segment.rows->rewind() || !segment.actors->rewind())
            return fail(QStringLiteral("cannot read back %1").arg(segment.rows->error()));
        for (quint64 done = 0; done < segment.rowCount;) {
            const size_t count = size_t(std::min<quint64>(s.chunkRows, segment.rowCount - done));
            done += count;
            rows.resize(count);
            if (!segment.rows->read(rows.data(), count * sizeof(Row)))
                return fail(QStringLiteral("cannot read back the rows of %1").arg(segment.rows->error()));
            size_t links = 0;
            for (const Row &r : rows)
                links += r.actorCount;
            actors.resize(links);
            if (!segment.actors->read(actors.data(), links * sizeof(quint32)))
                return fail(QStringLiteral("cannot read back the actors of %1").arg(segment.actors->error()));
            const quint32 *actor = actors.data();
            for (const Row &r : rows) {
                if (!firstRow && r.id <= lastId)
                    return fail(QStringLiteral("the rows did not come by ascending id"));
                firstRow = false;
                lastId = r.id;
                const size_t day = size_t(qint64(r.start) - s.firstDay);
                if (day >= next.size())
                    return fail(QStringLiteral("a day out of the counted range"));
                const quint32 row = next[day]++;
                quint32 happening = 0;
                bool lead = true;
                if (r.happening <= 0) {
                    happening = quint32(unfused - 1 - unfusedSeen++);
                    unfusedSources[happening] = r.sources;
                } else {
                    const auto it = std::lower_bound(fused.begin(), fused.end(), r.happening,
                                                     [](const auto &h, qint64 key) { return h.first < key; });
                    happening = quint32(unfused + quint64(it - fused.begin()));
                    lead = it->second.leadId == r.id;
                }
                const quint8 type = segment.types.empty() ? r.type : mapped(segment.types, r.type);
                Bucket &b = buckets[size_t(row / perBucket)];
                b.rowBuffer.push_back({r.id, row, r.start, r.end, r.x, r.y, mapped(segment.places, r.place), happening,
                                       type, quint8(r.flags | (lead ? EventIndex::Lead : 0)), r.precision, r.actorCount});
                for (quint8 a = 0; a < r.actorCount; ++a)
                    b.actorBuffer.push_back(mapped(segment.actorIds, *actor++));
                if (b.rowBuffer.size() >= kBucketBuffer && !flushBucket(b))
                    return fail(why);
                rowsById.push_back(row);
                if (rowsById.size() == rowsById.capacity()) {
                    if (!appendColumn(PersistentIndex::SecRowsById, rowsById, rowsById.size()))
                        return abandon();
                    rowsById.clear();
                }
            }
        }
        segment = Spill::Segment(); // its files removed
    }
    if (!appendColumn(PersistentIndex::SecRowsById, rowsById, rowsById.size()))
        return abandon();
    for (Bucket &b : buckets)
        if (!flushBucket(b))
            return fail(why);
    std::vector<Row>().swap(rows);
    std::vector<quint32>().swap(actors);
    std::vector<quint32>().swap(next);
    std::vector<quint32>().swap(rowsById);

    // The happenings' sources and ids.
    std::vector<quint8> fusedSources(fused.size());
    for (size_t h = 0; h < fused.size(); ++h)
        fusedSources[h] = fused[h].second.sources;
    bool ok = appendColumn(PersistentIndex::SecHappeningSources, unfusedSources, unfusedSources.size()) &&
              appendColumn(PersistentIndex::SecHappeningSources, fusedSources, fusedSources.size());
    std::vector<quint8>().swap(unfusedSources);
    if (shape.happeningIdBits == 64) {
        std::vector<qint64> ids(fused.size());
        for (size_t h = 0; h < fused.size(); ++h)
            ids[h] = fused[h].first;
        ok = ok && appendColumn(PersistentIndex::SecHappeningIds, ids, ids.size());
    } else {
        std::vector<quint32> ids(fused.size());
        for (size_t h = 0; h < fused.size(); ++h)
            ids[h] = quint32(quint64(fused[h].first) - quint64(shape.happeningIdBase));
        ok = ok && appendColumn(PersistentIndex::SecHappeningIds, ids, ids.size());
    }
    if (!ok)
        return abandon();
    decltype(fused)().swap(fused);

    // Pass three, bucket by bucket in the index's order: each bucket's rows put in place in
    // memory, then its slice of every column appended, and the extent counted as build() counts
    // it (Extent::add: the same order, so the same floating-point bounds).
    float left = std::numeric_limits<float>::max(), bottom = left;
    float right = std::numeric_limits<float>::lowest(), top = right;
    qint32 maxShortSpan = 0, lastDay = 0;
    std::vector<quint32> typeCounts(size_t(typeNames.size()), 0), actorCounts(size_t(actorNames.size()), 0);
    quint64 actorBase = 0;
    std::vector<PlacedRow> placed;
    std::vector<quint32> bucketActors, actorAt, actorOffsets, actorIds, idOffsets, place, happening, longRows;
    std::vector<qint64> ids;
    std::vector<qint32> start, end, longEnds;
    std::vector<float> x, y;
    std::vector<quint8> type, flags, precision, actorCount;
    for (size_t k = 0; k < bucketCount; ++k) {
        Bucket &b = buckets[k];
        const quint64 first = k * perBucket;
        const size_t m = size_t(std::min<quint64>(perBucket, n - first));
        if (b.rowCount != m)
            return fail(QStringLiteral("a bucket of %1 rows holds %2").arg(m).arg(b.rowCount));
        placed.resize(m);
        bucketActors.resize(size_t(b.actorCount));
        if (!b.rows->rewind() || !b.actors->rewind() || !b.rows->read(placed.data(), m * sizeof(PlacedRow)) ||
            !b.actors->read(bucketActors.data(), bucketActors.size() * sizeof(quint32)))
            return fail(QStringLiteral("cannot read back the bucket %1").arg(b.rows->error()));
        b = Bucket(); // its files removed
        if (shape.idBits == 64)
            ids.assign(m, 0);
        else
            idOffsets.assign(m, 0);
        start.assign(m, 0);
        end.assign(m, 0);
        x.assign(m, 0);
        y.assign(m, 0);
        type.assign(m, 0);
        flags.assign(m, 0);
        precision.assign(m, 0);
        actorCount.assign(m, 0);
        place.assign(m, 0);
        happening.assign(m, 0);
        actorAt.assign(m, 0);
        std::vector<bool> filled(m, false);
        quint32 at = 0;
        for (const PlacedRow &p : placed) {
            const quint64 slot = quint64(p.row) - first;
            if (p.row < first || slot >= m || filled[size_t(slot)])
                return fail(QStringLiteral("row %1 is out of its bucket").arg(p.row));
            const auto i = size_t(slot);
            filled[i] = true;
            if (shape.idBits == 64)
                ids[i] = p.id;
            else
                idOffsets[i] = quint32(quint64(p.id) - quint64(shape.idBase));
            start[i] = p.start;
            end[i] = p.end;
            x[i] = p.x;
            y[i] = p.y;
            type[i] = p.type;
            flags[i] = p.flags;
            precision[i] = p.precision;
            place[i] = p.place;
            happening[i] = p.happening;
            actorCount[i] = p.actorCount;
            actorAt[i] = at;
            at += p.actorCount;
        }
        actorOffsets.resize(m);
        actorIds.clear();
        longRows.clear();
        longEnds.clear();
        for (size_t i = 0; i < m; ++i) {
            actorOffsets[i] = quint32(actorBase + actorIds.size());
            const quint32 *rowActors = bucketActors.data() + actorAt[i];
            actorIds.insert(actorIds.end(), rowActors, rowActors + actorCount[i]);
            if (type[i] >= typeCounts.size())
                return fail(QStringLiteral("a type out of range"));
            ++typeCounts[type[i]];
            for (quint8 a = 0; a < actorCount[i]; ++a)
                if (rowActors[a] < actorCounts.size())
                    ++actorCounts[rowActors[a]];
            const qint32 s0 = start[i], e0 = end[i];
            if (e0 - s0 > EventIndex::kShortSpanDays) {
                longRows.push_back(quint32(first + i));
                longEnds.push_back(e0);
            } else {
                maxShortSpan = std::max(maxShortSpan, e0 - s0);
            }
            lastDay = first + i == 0 ? e0 : std::max(lastDay, e0);
            const float px = x[i], py = y[i];
            if (px == px) { // NaN: no position
                left = std::min(left, px);
                right = std::max(right, px);
                bottom = std::min(bottom, py);
                top = std::max(top, py);
            }
        }
        actorBase += actorIds.size();
        ok = (shape.idBits == 64 ? appendColumn(PersistentIndex::SecIds, ids, m)
                                 : appendColumn(PersistentIndex::SecIds, idOffsets, m)) &&
             appendColumn(PersistentIndex::SecStart, start, m) && appendColumn(PersistentIndex::SecEnd, end, m) &&
             appendColumn(PersistentIndex::SecX, x, m) && appendColumn(PersistentIndex::SecY, y, m) &&
             appendColumn(PersistentIndex::SecType, type, m) && appendColumn(PersistentIndex::SecFlags, flags, m) &&
             appendColumn(PersistentIndex::SecPrecision, precision, m) &&
             appendColumn(PersistentIndex::SecPlace, place, m) &&
             appendColumn(PersistentIndex::SecActorOffsets, actorOffsets, m) &&
             appendColumn(PersistentIndex::SecActorIds, actorIds, actorIds.size()) &&
             appendColumn(PersistentIndex::SecHappening, happening, m) &&
             appendColumn(PersistentIndex::SecLongRows, longRows, longRows.size()) &&
             appendColumn(PersistentIndex::SecLongEnds, longEnds, longEnds.size());
        if (!ok)
            return abandon();
    }
    const auto links = quint32(actorBase);
    if (!out.append(PersistentIndex::SecActorOffsets, &links, sizeof links) ||
        !appendColumn(PersistentIndex::SecTypeCounts, typeCounts, typeCounts.size()) ||
        !appendColumn(PersistentIndex::SecActorCounts, actorCounts, actorCounts.size()))
        return abandon();
    PersistentIndex::Extent extent;
    extent.maxShortSpan = maxShortSpan;
    extent.lastDay = lastDay;
    if (left <= right)
        extent.bounds = QRectF(QPointF(left, bottom), QPointF(right, top));
    return out.commit(extent);
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
