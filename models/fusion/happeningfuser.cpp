#include "fusion/happeningfuser.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <unordered_map>

namespace mapline {
namespace {

enum SpatialKind : quint64 {
    Cell = 0,            // a point happening, by the cells its radius reaches (index())
    Province = 1,        // a happening placed only to a province, by its province
    Country = 2,         // a happening placed only to a country, by its country
    PointInProvince = 3, // a point happening, by its province (what a province-level report probes)
};
// The hash's own cells, finer than the store's (fusionarea, 0.5 degrees): a point is entered under
// the cells of the box its radius reaches and looks in those of its own box (index()), so the
// finer the cells, the fewer happenings it is compared with where reports are dense (a town's
// happenings of every day and kind otherwise share one or two cells), and the more cells it
// enters and looks up. A quarter of a degree (about 28 km) is the largest radius.
constexpr double kCellDegrees = 0.25;
constexpr int kCellRows = int(180 / kCellDegrees);
constexpr int kCellColumns = int(360 / kCellDegrees);
constexpr int kCellBits = 11; // kCellColumns < 1 << kCellBits
static_assert(kCellColumns <= 1 << kCellBits);

quint64 spatialKey(SpatialKind kind, quint32 id)
{
    return quint64(kind) << 30 | (id & 0x3fffffffu);
}

quint32 cellOf(float lon, float lat)
{
    const int cy = std::clamp(int(std::floor((lat + 90.0) / kCellDegrees)), 0, kCellRows - 1);
    const int cx = std::clamp(int(std::floor((lon + 180.0) / kCellDegrees)), 0, kCellColumns - 1);
    return quint32(cy) << kCellBits | quint32(cx);
}

// The cells of the box around a point that a distance of `radiusKm` reaches, with a margin for
// the distance's mean latitude (placesFit): whichever of two points is the centre, the other lies
// in the box when they are that close.
void pointBox(float lon, float lat, double radiusKm, quint32 &low, quint32 &high)
{
    const double reach = radiusKm * 1.02;
    const double dLat = reach / 110.57;
    const double dLon = reach / (111.32 * std::max(0.05, std::cos((std::abs(lat) + dLat) * M_PI / 180.0)));
    low = cellOf(float(lon - dLon), float(lat - dLat));
    high = cellOf(float(lon + dLon), float(lat + dLat));
}

// Day, family and place in one 64-bit key (never 0: the day is offset).
quint64 hashKey(qint32 day, quint8 family, quint64 spatial)
{
    return quint64(quint32(day + (1 << 23)) & 0xffffffu) << 40 | quint64(family) << 32 | spatial;
}

bool isPoint(quint8 geo)
{
    const auto g = GeoPrecision(geo);
    return g == GeoPrecision::Landmark || g == GeoPrecision::City || g == GeoPrecision::District;
}

double distanceKm(float lon1, float lat1, float lon2, float lat2)
{
    const double meanLat = (double(lat1) + double(lat2)) * 0.5 * M_PI / 180.0;
    const double dx = (double(lon1) - double(lon2)) * 111.32 * std::cos(meanLat);
    const double dy = (double(lat1) - double(lat2)) * 110.57;
    return std::sqrt(dx * dx + dy * dy);
}

// A report placed to a region ("eastern Afghanistan"): province-sized, in no one province (the
// extraction gives it no admin1), known by its point.
bool isRegion(quint8 geo, quint32 admin1)
{
    return GeoPrecision(geo) == GeoPrecision::Province && admin1 == 0;
}

// Two places of one happening: points within the larger radius of the two precisions; a point and
// a province by containment; provinces and countries by equality; a region and a point (or another
// region) within the region's reach. A country-level report says nothing about where in the
// country: it fuses only with others placed to the country.
bool placesFit(quint8 geoA, float lonA, float latA, quint32 admin1A, quint32 countryA, quint8 geoB, float lonB,
               float latB, quint32 admin1B, quint32 countryB)
{
    const auto a = GeoPrecision(geoA);
    const auto b = GeoPrecision(geoB);
    if (isPoint(geoA) && isPoint(geoB)) {
        const double radius = std::max(FusionRules::radiusKm(a), FusionRules::radiusKm(b));
        // The distance is at least its north-south part (distanceKm's dy): most points a look-up
        // finds are told apart by it without the cosine. The margin keeps the answer exactly
        // distanceKm's whatever the rounding of its square root.
        if (std::abs((double(latA) - double(latB)) * 110.57) > radius * (1.0 + 1e-9))
            return false;
        return distanceKm(lonA, latA, lonB, latB) <= radius;
    }
    if (a == GeoPrecision::Country || b == GeoPrecision::Country)
        return a == b && countryA != 0 && countryA == countryB;
    const bool regionA = isRegion(geoA, admin1A), regionB = isRegion(geoB, admin1B);
    if (regionA || regionB)
        return (regionA || isPoint(geoA)) && (regionB || isPoint(geoB)) &&
               distanceKm(lonA, latA, lonB, latB) <= FusionRules::kRegionReachKm;
    if ((isPoint(geoA) || a == GeoPrecision::Province) && (isPoint(geoB) || b == GeoPrecision::Province))
        return admin1A != 0 && admin1A == admin1B;
    return false;
}

// Actors disagree only when both reports name at least two sides and share none (Taliban against
// the Northern Alliance is not the United States against al Qaeda); a report naming one side of a
// fight fits any report of it.
bool sidesFit(quint64 a, quint64 b)
{
    return std::popcount(a) < 2 || std::popcount(b) < 2 || (a & b) != 0;
}

// Fibonacci hashing: the top bits of the product, which every bit of the key reaches (the day is
// in the key's top bits; lower bits of the product would not see it, and the days of one place
// would pile up in one run of slots). `size` is a power of two.
size_t slotOf(quint64 key, size_t size)
{
    return size_t((key * 0x9E3779B97F4A7C15ull) >> (64 - std::countr_zero(size)));
}

quint64 typeBit(quint32 type)
{
    return quint64(1) << (type % 64);
}

} // namespace

HappeningFuser::HappeningFuser(const FusionReports &reports)
    : mReports(reports)
{
}

int HappeningFuser::root(int h)
{
    while (mStates[size_t(h)].parent != h) {
        const int grand = mStates[size_t(mStates[size_t(h)].parent)].parent;
        mStates[size_t(h)].parent = grand;
        h = grand;
    }
    return h;
}

int HappeningFuser::happeningOf(int report)
{
    if (size_t(report) >= mHappening.size() || mHappening[size_t(report)] < 0)
        return -1;
    return root(mHappening[size_t(report)]);
}

std::vector<int> HappeningFuser::roots() const
{
    std::vector<int> out;
    for (int h = 0; h < int(mStates.size()); ++h)
        if (mStates[size_t(h)].parent == h && mStates[size_t(h)].count > 0)
            out.push_back(h);
    return out;
}

std::vector<int> HappeningFuser::members(int h) const
{
    std::vector<int> out;
    out.reserve(size_t(mStates[size_t(h)].count));
    for (int r = mStates[size_t(h)].first; r >= 0; r = mNext[size_t(r)])
        out.push_back(r);
    return out;
}

bool HappeningFuser::corrected(int h) const
{
    return mStates[size_t(h)].has(Corrected);
}

bool HappeningFuser::changed(int h) const
{
    return mStates[size_t(h)].has(Changed);
}

void HappeningFuser::markCorrected(int h)
{
    mStates[size_t(h)].flags |= Corrected | Changed;
}

std::vector<HappeningFuser::Absorbed> HappeningFuser::absorbed()
{
    // A chain (a into b, b into c) ends where the root's id is. An id is absorbed once (its row
    // goes) and always into an older one (mergeInto), so the chains end.
    std::unordered_map<qint64, qint64> into;
    into.reserve(mAbsorbed.size());
    for (const Absorbed &a : mAbsorbed)
        into.emplace(a.id, a.into);
    for (Absorbed &a : mAbsorbed) {
        for (auto it = into.find(a.into); it != into.end(); it = into.find(a.into))
            a.into = it->second;
        into[a.id] = a.into; // the next chain through it is short
    }
    return mAbsorbed;
}

void HappeningFuser::hashInsert(quint64 key, int happening)
{
    if ((mSlotsUsed + 1) * 2 > mSlots.size()) {
        const size_t size = std::max<size_t>(1024, mSlots.size() * 2);
        std::vector<Slot> grown(size);
        for (const Slot &slot : mSlots) {
            if (!slot.key)
                continue;
            size_t j = slotOf(slot.key, size);
            while (grown[j].key)
                j = (j + 1) & (size - 1);
            grown[j] = slot;
        }
        mSlots.swap(grown);
    }
    const size_t mask = mSlots.size() - 1;
    size_t j = slotOf(key, mSlots.size());
    while (mSlots[j].key && mSlots[j].key != key)
        j = (j + 1) & mask;
    Slot &slot = mSlots[j];
    if (!slot.key) {
        slot.key = key;
        slot.head = -1;
        ++mSlotsUsed;
    }
    mEntries.push_back({happening, slot.head});
    slot.head = qint32(mEntries.size()) - 1;
}

void HappeningFuser::hashPrefetch(quint64 key) const
{
    if (!mSlots.empty())
        __builtin_prefetch(&mSlots[slotOf(key, mSlots.size())]);
}

template <typename F> void HappeningFuser::hashForEach(quint64 key, F &&f) const
{
    if (mSlots.empty())
        return;
    const size_t mask = mSlots.size() - 1;
    size_t j = slotOf(key, mSlots.size());
    while (mSlots[j].key && mSlots[j].key != key)
        j = (j + 1) & mask;
    if (!mSlots[j].key)
        return;
    for (qint32 e = mSlots[j].head; e >= 0; e = mEntries[size_t(e)].next)
        f(mEntries[size_t(e)].happening);
}

// Enters the happening under the days of its consensus time and of its day-precise members, and
// under its place: again only when either changed (older entries stay and are checked away). A
// point is entered under every cell its own radius reaches, and a point looks in the cells its
// own radius reaches: two points within the larger of their radii (placesFit) meet in the box of
// the one with the larger radius, and each is in its own box. A town's report so looks in a few
// cells rather than all those a district's 25 km would reach.
void HappeningFuser::index(int h)
{
    State &s = mStates[size_t(h)];
    if (!s.has(Dated) || !s.has(Placed) || s.has(Ambiguous) || s.has(Pinned))
        return;
    qint32 from = s.start, to = s.end;
    if (s.dayMax >= s.dayMin) {
        from = std::min(from, s.dayMin);
        to = std::max(to, s.dayMax);
    }
    if (to - from + 1 > FusionRules::kMaxSpanDays)
        return;
    quint64 place = 0, second = 0;
    quint32 low = 0, high = 0;
    const bool point = isPoint(s.geo);
    if (point) {
        pointBox(s.lon, s.lat, FusionRules::radiusKm(GeoPrecision(s.geo)), low, high);
        place = quint64(1) << 63 | quint64(low) << 22 | high; // the box (not a key)
        if (s.admin1Key)
            second = spatialKey(PointInProvince, s.admin1Key);
    } else if (GeoPrecision(s.geo) == GeoPrecision::Province && s.admin1Key) {
        place = spatialKey(Province, s.admin1Key);
    } else if (GeoPrecision(s.geo) == GeoPrecision::Country && s.country) {
        place = spatialKey(Country, s.country);
    } else {
        return;
    }
    if (s.has(Indexed) && s.indexedPlace == place && s.indexedStart <= from && s.indexedEnd >= to)
        return;
    constexpr quint32 column = (1u << kCellBits) - 1;
    for (qint32 d = from; d <= to; ++d) {
        if (s.has(Indexed) && s.indexedPlace == place && d >= s.indexedStart && d <= s.indexedEnd)
            continue;
        if (point) {
            for (quint32 cy = low >> kCellBits; cy <= high >> kCellBits; ++cy)
                for (quint32 cx = low & column; cx <= (high & column); ++cx)
                    hashInsert(hashKey(d, s.family, spatialKey(Cell, cy << kCellBits | cx)), h);
        } else {
            hashInsert(hashKey(d, s.family, place), h);
        }
        if (second)
            hashInsert(hashKey(d, s.family, second), h);
    }
    s.flags |= Indexed;
    s.indexedPlace = place;
    s.indexedStart = from;
    s.indexedEnd = to;
}

void HappeningFuser::probeAround(quint8 family, quint8 geo, float lon, float lat, quint32 admin1Key, quint32 country,
                                 qint32 fromDay, qint32 toDay, std::vector<int> &out)
{
    ++mProbe;
    if (mVisited.size() < mStates.size())
        mVisited.resize(mStates.size(), 0);
    const auto visit = [&](int h) {
        const int r = root(h);
        if (mVisited[size_t(r)] == mProbe)
            return;
        mVisited[size_t(r)] = mProbe;
        out.push_back(r);
    };
    const auto g = GeoPrecision(geo);
    quint32 low = 0, high = 0;
    if (isPoint(geo)) {
        // The cells its own radius reaches (index()).
        pointBox(lon, lat, FusionRules::radiusKm(g), low, high);
    } else if (isRegion(geo, admin1Key)) {
        // Every cell within the region's reach (rare reports: the cost is theirs alone).
        const double dLat = FusionRules::kRegionReachKm / 110.57;
        const double dLon = FusionRules::kRegionReachKm / (111.32 * std::max(0.05, std::cos(lat * M_PI / 180.0)));
        low = cellOf(float(lon - dLon), float(lat - dLat));
        high = cellOf(float(lon + dLon), float(lat + dLat));
    }
    // The keys first, in the order they are looked up, their slots asked of the memory together
    // (each is a miss in a large table), then the look-ups.
    std::vector<quint64> &keys = mProbeKeys;
    keys.clear();
    constexpr quint32 column = (1u << kCellBits) - 1;
    for (qint32 d = fromDay; d <= toDay; ++d) {
        if (isPoint(geo)) {
            for (quint32 cy = low >> kCellBits; cy <= high >> kCellBits; ++cy)
                for (quint32 cx = low & column; cx <= (high & column); ++cx)
                    keys.push_back(hashKey(d, family, spatialKey(Cell, cy << kCellBits | cx)));
            if (admin1Key)
                keys.push_back(hashKey(d, family, spatialKey(Province, admin1Key)));
        } else if (g == GeoPrecision::Province && admin1Key) {
            keys.push_back(hashKey(d, family, spatialKey(Province, admin1Key)));
            keys.push_back(hashKey(d, family, spatialKey(PointInProvince, admin1Key)));
        } else if (isRegion(geo, admin1Key)) {
            for (quint32 cy = low >> kCellBits; cy <= high >> kCellBits; ++cy)
                for (quint32 cx = low & column; cx <= (high & column); ++cx)
                    keys.push_back(hashKey(d, family, spatialKey(Cell, cy << kCellBits | cx)));
        } else if (g == GeoPrecision::Country && country) {
            keys.push_back(hashKey(d, family, spatialKey(Country, country)));
        }
    }
    for (quint64 key : keys)
        hashPrefetch(key);
    for (quint64 key : keys)
        hashForEach(key, visit);
}

void HappeningFuser::probe(const FusionReport &r, qint32 fromDay, qint32 toDay, std::vector<int> &out)
{
    probeAround(r.family, r.geo, r.lon, r.lat, r.admin1Key, r.country, fromDay, toDay, out);
}

HappeningFuser::Fit HappeningFuser::fit(const FusionReport &r, const State &h) const
{
    if (h.has(Ambiguous) || h.has(Pinned) || r.family != h.family || !h.has(Dated) || !h.has(Placed))
        return Fit::No;
    Fit time = Fit::No;
    if (r.start <= h.end && h.start <= r.end) {
        time = Fit::Strict;
    } else if (r.has(FusionReport::Once) && r.dayPrecise() && h.has(Once) && h.dayMax >= h.dayMin) {
        if (std::max(h.dayMax, r.start) - std::min(h.dayMin, r.start) <= 1)
            time = Fit::Spread;
    }
    if (time == Fit::No)
        return Fit::No;
    if (!placesFit(r.geo, r.lon, r.lat, r.admin1Key, r.country, h.geo, h.lon, h.lat, h.admin1Key, h.country))
        return Fit::No;
    return sidesFit(r.sides, h.sides) ? time : Fit::No;
}

bool HappeningFuser::fits(const State &a, const State &b, bool spread) const
{
    if (a.has(Ambiguous) || b.has(Ambiguous) || a.has(Pinned) || b.has(Pinned) || a.family != b.family)
        return false;
    bool time = a.start <= b.end && b.start <= a.end;
    if (!time && spread && a.has(Once) && b.has(Once) && a.dayMax >= a.dayMin && b.dayMax >= b.dayMin)
        time = std::max(a.dayMax, b.dayMax) - std::min(a.dayMin, b.dayMin) <= 1;
    return time && placesFit(a.geo, a.lon, a.lat, a.admin1Key, a.country, b.geo, b.lon, b.lat, b.admin1Key, b.country) &&
           sidesFit(a.sides, b.sides);
}

// Which of several fitting happenings a report tells best: the same type, shared sides, closeness,
// then the better-told happening.
double HappeningFuser::score(const FusionReport &r, const State &h) const
{
    double s = (h.types & typeBit(r.type)) ? 2.0 : 0.0;
    s += 0.5 * std::min(2, std::popcount(r.sides & h.sides));
    if (isPoint(r.geo) && isPoint(h.geo)) {
        const double radius = std::max(FusionRules::radiusKm(GeoPrecision(r.geo)), FusionRules::radiusKm(GeoPrecision(h.geo)));
        s += 1.0 - distanceKm(r.lon, r.lat, h.lon, h.lat) / radius;
    }
    return s + 0.1 * std::log2(1.0 + h.count);
}

double HappeningFuser::score(const State &a, const State &b) const
{
    double s = 2.0 * std::popcount(a.types & b.types) / std::max(1, std::popcount(a.types | b.types));
    s += 0.5 * std::min(2, std::popcount(a.sides & b.sides));
    if (isPoint(a.geo) && isPoint(b.geo)) {
        const double radius = std::max(FusionRules::radiusKm(GeoPrecision(a.geo)), FusionRules::radiusKm(GeoPrecision(b.geo)));
        s += 1.0 - distanceKm(a.lon, a.lat, b.lon, b.lat) / radius;
    }
    return s + 0.1 * std::log2(1.0 + b.count);
}

int HappeningFuser::newHappening(int report)
{
    const int h = int(mStates.size());
    State s;
    s.parent = h;
    s.flags = Changed;
    s.family = mReports[report].family;
    mStates.push_back(s);
    join(h, report);
    return h;
}

void HappeningFuser::addVotes(State &s, qint32 day, qint32 votes)
{
    if (s.dayMax < s.dayMin) {
        s.dayMin = s.dayMax = day;
        s.votesMin = votes;
        s.votesMax = 0;
    } else if (day == s.dayMin) {
        s.votesMin += votes;
    } else if (day == s.dayMax) {
        s.votesMax += votes;
    } else if (day == s.dayMin - 1 && s.dayMin == s.dayMax) {
        s.dayMin = day;
        s.votesMax = s.votesMin;
        s.votesMin = votes;
    } else if (day == s.dayMax + 1 && s.dayMin == s.dayMax) {
        s.dayMax = day;
        s.votesMax = votes;
    } else {
        return; // more than two days: only an analyst's merge does that, and it keeps the consensus
    }
    if (s.dayMax > s.dayMin)
        s.start = s.end = s.votesMax > s.votesMin ? s.dayMax : s.dayMin;
}

void HappeningFuser::join(int h, int report)
{
    const FusionReport &r = mReports[report];
    if (mNext.size() < size_t(mReports.size())) {
        mNext.resize(size_t(mReports.size()), -1);
        mHappening.resize(size_t(mReports.size()), -1);
    }
    State &s = mStates[size_t(h)];
    mNext[size_t(report)] = -1;
    if (s.last >= 0)
        mNext[size_t(s.last)] = report;
    else
        s.first = report;
    s.last = report;
    ++s.count;
    mHappening[size_t(report)] = h;
    s.flags |= Changed;
    if (r.has(FusionReport::Pinned))
        s.flags |= Pinned | Corrected;
    if (r.dated()) {
        if (!s.has(Dated)) {
            s.start = r.start;
            s.end = r.end;
            s.flags |= Dated;
        } else if (r.start <= s.end && s.start <= r.end) {
            s.start = std::max(s.start, r.start);
            s.end = std::min(s.end, r.end);
        }
        if (r.dayPrecise()) {
            addVotes(s, r.start, 1);
            if (!r.has(FusionReport::Once))
                ++s.dailyVotes;
        }
    }
    if (r.has(FusionReport::Placed) && (!s.has(Placed) || r.geo < s.geo)) {
        s.geo = r.geo;
        s.lon = r.lon;
        s.lat = r.lat;
        s.admin1Key = r.admin1Key;
        s.country = r.country;
        s.flags |= Placed;
    }
    if (r.precise())
        s.flags |= Precise;
    if (r.has(FusionReport::Once))
        s.flags |= Once;
    s.sides |= r.sides;
    s.types |= typeBit(r.type);
}

int HappeningFuser::mergeInto(int target, int other)
{
    target = root(target);
    other = root(other);
    if (target == other)
        return target;
    // The larger list absorbs the smaller (union by size); the summary is the same either way.
    int keep = target, gone = other;
    if (mStates[size_t(gone)].count > mStates[size_t(keep)].count)
        std::swap(keep, gone);
    State &k = mStates[size_t(keep)];
    State &g = mStates[size_t(gone)];
    if (g.first >= 0) {
        if (k.last >= 0)
            mNext[size_t(k.last)] = g.first;
        else
            k.first = g.first;
        k.last = g.last;
    }
    k.count += g.count;
    if (g.has(Dated)) {
        if (!k.has(Dated)) {
            k.start = g.start;
            k.end = g.end;
        } else if (g.start <= k.end && k.start <= g.end) {
            k.start = std::max(k.start, g.start);
            k.end = std::min(k.end, g.end);
        }
    }
    k.dailyVotes += g.dailyVotes;
    if (g.dayMax >= g.dayMin) {
        addVotes(k, g.dayMin, g.votesMin);
        if (g.dayMax > g.dayMin)
            addVotes(k, g.dayMax, g.votesMax);
    }
    if (g.has(Placed) && (!k.has(Placed) || g.geo < k.geo)) {
        k.geo = g.geo;
        k.lon = g.lon;
        k.lat = g.lat;
        k.admin1Key = g.admin1Key;
        k.country = g.country;
    }
    k.flags |= (g.flags & (Dated | Placed | Precise | Once | Corrected)) | Changed;
    k.sides |= g.sides;
    k.types |= g.types;
    // The older stored id stays; the other row goes.
    if (g.storedId && (!k.storedId || g.storedId < k.storedId))
        std::swap(k.storedId, g.storedId);
    if (g.storedId)
        mAbsorbed.push_back({g.storedId, k.storedId});
    g.storedId = 0;
    g.parent = keep;
    g.count = 0;
    g.first = g.last = -1;
    index(keep);
    return keep;
}

int HappeningFuser::addStored(qint64 storedId, std::span<const int> members, bool corrected)
{
    if (members.empty())
        return -1;
    const int h = newHappening(members[0]);
    for (size_t i = 1; i < members.size(); ++i)
        join(h, members[i]);
    State &s = mStates[size_t(h)];
    s.storedId = storedId;
    s.flags &= quint16(~Changed);
    s.flags |= Stored;
    // An analyst's merge may have put a report that was split out with others: the merge stands.
    if (members.size() > 1)
        s.flags &= quint16(~Pinned);
    if (corrected)
        s.flags |= Corrected;
    index(h);
    return h;
}

int HappeningFuser::add(int report)
{
    const FusionReport &r = mReports[report];
    if (!r.dated() || !r.has(FusionReport::Placed) || r.span() > FusionRules::kMaxSpanDays ||
        r.has(FusionReport::Pinned)) {
        const int h = newHappening(report);
        return h; // a happening of its own, never a candidate (not indexed)
    }
    if (r.has(FusionReport::AnyForce))
        return addAnyForce(report);
    std::vector<int> &found = mFound; // scratch: add() does not nest
    found.clear();
    probe(r, r.start, r.end, found);
    std::vector<Candidate> &fitting = mFitting;
    fitting.clear();
    for (int h : found)
        if (fit(r, mStates[size_t(h)]) == Fit::Strict)
            fitting.push_back({h, score(r, mStates[size_t(h)])});
    std::sort(fitting.begin(), fitting.end(), [](const Candidate &a, const Candidate &b) {
        return a.score != b.score ? a.score > b.score : a.happening < b.happening;
    });
    if (fitting.empty()) {
        const int h = newHappening(report);
        index(h);
        return h;
    }
    if (!r.precise()) {
        // A range, a province, the country, a borrowed place: it tells one of these happenings,
        // but which? The precise ones are what it is measured against; others made only of vague
        // reports count when there is no precise one.
        std::vector<int> precise, vague;
        for (const Candidate &c : fitting)
            (mStates[size_t(c.happening)].has(Precise) ? precise : vague).push_back(c.happening);
        const std::vector<int> &choice = precise.empty() ? vague : precise;
        if (choice.size() == 1) {
            join(choice[0], report);
            index(choice[0]);
            return choice[0];
        }
        const int h = newHappening(report);
        mStates[size_t(h)].flags |= Ambiguous;
        return h;
    }
    // A precise report joins the best precise happening and bridges the others that fit it and
    // each other; a happening of vaguer reports only when this is the one precise happening it fits.
    std::vector<int> precise, vague;
    for (const Candidate &c : fitting)
        (mStates[size_t(c.happening)].has(Precise) ? precise : vague).push_back(c.happening);
    int h = -1;
    if (!precise.empty()) {
        std::vector<int> group = {precise[0]};
        for (size_t i = 1; i < precise.size(); ++i) {
            bool all = true;
            for (int g : group)
                all = all && fits(mStates[size_t(precise[i])], mStates[size_t(g)], false);
            if (all)
                group.push_back(precise[i]);
        }
        h = group[0];
        join(h, report);
        for (size_t i = 1; i < group.size(); ++i)
            h = mergeInto(h, group[i]);
    }
    for (int v : vague) {
        if (h >= 0 ? !fits(mStates[size_t(v)], mStates[size_t(h)], false) || !onlyPreciseFit(v, h)
                   : !onlyPreciseFit(v, -1))
            continue;
        if (h < 0) {
            h = v;
            join(h, report);
        } else {
            h = mergeInto(h, v);
        }
    }
    if (h < 0)
        h = newHappening(report);
    index(h);
    return h;
}

// A row coded only "use force" looks in each family of force and joins the happening that fits it
// best, without bridging (its code cannot tell a battle from a strike); when two fit equally, or
// it is vague and several fit, it stands alone.
int HappeningFuser::addAnyForce(int report)
{
    FusionReport r = mReports[report];
    std::vector<Candidate> precise, vague;
    for (quint8 family : mReports.forceFamilies()) {
        r.family = family;
        std::vector<int> &found = mFound;
        found.clear();
        probe(r, r.start, r.end, found);
        for (int h : found) {
            const State &t = mStates[size_t(h)];
            if (fit(r, t) == Fit::Strict)
                (t.has(Precise) ? precise : vague).push_back({h, score(r, t) - ((t.types & typeBit(r.type)) ? 2.0 : 0.0)});
        }
    }
    std::vector<Candidate> &choice = precise.empty() ? vague : precise;
    std::sort(choice.begin(), choice.end(), [](const Candidate &a, const Candidate &b) {
        return a.score != b.score ? a.score > b.score : a.happening < b.happening;
    });
    const bool clear = choice.size() == 1 || (choice.size() > 1 && r.precise() && choice[0].score > choice[1].score);
    if (choice.empty() || !clear) {
        const int h = newHappening(report);
        if (!choice.empty() && !r.precise())
            mStates[size_t(h)].flags |= Ambiguous;
        else
            index(h);
        return h;
    }
    const int h = choice[0].happening;
    join(h, report);
    index(h);
    return h;
}

bool HappeningFuser::onlyPreciseFit(int vague, int target)
{
    const State &v = mStates[size_t(vague)];
    std::vector<int> found;
    probeAround(v.family, v.geo, v.lon, v.lat, v.admin1Key, v.country, v.start, v.end, found);
    if (target >= 0)
        target = root(target);
    for (int g : found) {
        if (g == vague || g == target)
            continue;
        const State &t = mStates[size_t(g)];
        if (t.has(Precise) && fits(v, t, false))
            return false;
    }
    return true;
}

void HappeningFuser::addAll(std::vector<int> reports)
{
    // Precise first, then the narrower, the earlier, the better-placed (so that a province joins
    // the town rather than the town the province), then by event id. The keys are gathered first:
    // a re-fusion sorts a million reports.
    struct Key {
        bool vague;
        quint8 geo;
        qint32 span;
        qint32 start;
        qint64 eventId;
        int report;
    };
    std::vector<Key> keys;
    keys.reserve(reports.size());
    for (int i : reports) {
        const FusionReport &r = mReports[i];
        keys.push_back({!r.precise(), r.geo, r.span(), r.start, r.eventId, i});
    }
    std::sort(keys.begin(), keys.end(), [](const Key &a, const Key &b) {
        if (a.vague != b.vague)
            return b.vague;
        if (a.span != b.span)
            return a.span < b.span;
        if (a.start != b.start)
            return a.start < b.start;
        if (a.geo != b.geo)
            return a.geo < b.geo;
        return a.eventId < b.eventId;
    });
    for (size_t i = 0; i < keys.size(); ++i)
        reports[i] = keys[i].report;
    // The precise reports make the happenings and their dates are reconciled before the vaguer
    // ones look for the single happening they fit: a group told a day off must have joined the
    // happening it belongs to first.
    std::vector<int> touched;
    size_t i = 0;
    // The reports come in the canonical order, not the order they lie in memory: each is asked
    // for a few reports ahead, so that reading it does not wait.
    constexpr size_t kAhead = 8;
    const auto prefetch = [&](size_t at) {
        if (at + kAhead < reports.size())
            __builtin_prefetch(&mReports[reports[at + kAhead]]);
    };
    for (; i < reports.size() && !keys[i].vague; ++i) {
        prefetch(i);
        touched.push_back(add(reports[i]));
    }
    for (int &h : touched)
        h = root(h);
    std::sort(touched.begin(), touched.end());
    touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
    reconcileDates(touched);
    for (; i < reports.size(); ++i) {
        prefetch(i);
        add(reports[i]);
    }
}

void HappeningFuser::reconcileDates(std::vector<int> happenings)
{
    if (happenings.empty())
        happenings = roots();
    const auto dated = [this](const State &s) {
        return s.has(Once) && s.dayMax >= s.dayMin && !s.has(Ambiguous) && !s.has(Pinned);
    };
    // Every pair a day apart that could be one happening, the smaller going into the larger.
    struct Pair {
        int small;
        int large;
        int largeCount;
        int smallCount;
        double score;
    };
    std::vector<Pair> pairs;
    std::vector<int> found;
    for (int h0 : happenings) {
        const int h = root(h0);
        const State &s = mStates[size_t(h)];
        if (!dated(s))
            continue;
        found.clear();
        probeAround(s.family, s.geo, s.lon, s.lat, s.admin1Key, s.country, s.dayMin - 1, s.dayMax + 1, found);
        for (int g : found) {
            const State &t = mStates[size_t(g)];
            if (g == h || !dated(t) || !fits(s, t, true))
                continue;
            const bool sIsSmall = s.count < t.count || (s.count == t.count && h > g);
            const int small = sIsSmall ? h : g, large = sIsSmall ? g : h;
            // Only a happening made of what happens once may be told a day off; a fight that day
            // is a fight that day.
            if (mStates[size_t(small)].dailyVotes > 0)
                continue;
            pairs.push_back({small, large, mStates[size_t(large)].count, mStates[size_t(small)].count, score(s, t)});
        }
    }
    // The best-told happenings take in their disagreeing neighbours first, so a group told a day
    // off joins the happening most reports date, not a lesser one on the other side.
    std::sort(pairs.begin(), pairs.end(), [](const Pair &a, const Pair &b) {
        if (a.largeCount != b.largeCount)
            return a.largeCount > b.largeCount;
        if (a.smallCount != b.smallCount)
            return a.smallCount > b.smallCount;
        if (a.score != b.score)
            return a.score > b.score;
        return a.large != b.large ? a.large < b.large : a.small < b.small;
    });
    for (const Pair &p : pairs) {
        const int small = root(p.small), large = root(p.large);
        if (small == large || mStates[size_t(small)].dailyVotes > 0 ||
            !fits(mStates[size_t(small)], mStates[size_t(large)], true))
            continue;
        mergeInto(large, small);
    }
}

void HappeningFuser::stitch(std::vector<int> happenings)
{
    // Nothing stored near the file (a fresh database, another year): nothing to stitch to.
    const bool anyStored = std::any_of(mStates.begin(), mStates.end(), [](const State &s) { return s.has(Stored); });
    std::vector<int> touched;
    for (int h0 : anyStored ? happenings : std::vector<int>()) {
        const int h = root(h0);
        const State &s = mStates[size_t(h)];
        if (s.has(Stored) || !s.has(Dated) || !s.has(Placed) || s.has(Ambiguous) || s.has(Pinned) ||
            s.end - s.start + 1 > FusionRules::kMaxSpanDays)
            continue;
        std::vector<int> found;
        probeAround(s.family, s.geo, s.lon, s.lat, s.admin1Key, s.country, s.start, s.end, found);
        std::vector<Candidate> fitting;
        for (int g : found)
            if (g != h && mStates[size_t(g)].has(Stored) && fits(s, mStates[size_t(g)], false))
                fitting.push_back({g, score(s, mStates[size_t(g)])});
        if (fitting.empty() || (!s.has(Precise) && fitting.size() > 1))
            continue;
        std::sort(fitting.begin(), fitting.end(), [](const Candidate &a, const Candidate &b) {
            return a.score != b.score ? a.score > b.score : a.happening < b.happening;
        });
        int target = h;
        if (!s.has(Precise)) {
            if (!onlyPreciseFit(h, fitting[0].happening))
                continue;
            target = mergeInto(fitting[0].happening, h);
        } else {
            // The precise ones first, then the vaguer ones that fit nothing else precise.
            std::vector<int> group;
            for (const Candidate &c : fitting) {
                const State &t = mStates[size_t(c.happening)];
                bool all = t.has(Precise);
                for (int g : group)
                    all = all && fits(t, mStates[size_t(g)], false);
                if (all)
                    group.push_back(c.happening);
            }
            for (int g : group)
                target = mergeInto(target, g);
            for (const Candidate &c : fitting) {
                const int v = root(c.happening);
                if (v != target && !mStates[size_t(v)].has(Precise) &&
                    fits(mStates[size_t(v)], mStates[size_t(target)], false) && onlyPreciseFit(v, target))
                    target = mergeInto(target, v);
            }
        }
        mStates[size_t(target)].flags |= Stored;
        touched.push_back(target);
    }
    for (int h : happenings)
        touched.push_back(root(h));
    std::sort(touched.begin(), touched.end());
    touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
    reconcileDates(touched);
}

int HappeningFuser::merge(int reportA, int reportB)
{
    const int a = happeningOf(reportA);
    const int b = happeningOf(reportB);
    if (a < 0 || b < 0)
        return -1;
    const int h = mergeInto(a, b);
    markCorrected(h);
    mStates[size_t(h)].flags &= quint16(~(Pinned | Ambiguous));
    index(h);
    return h;
}

} // namespace mapline
