#include "fusion/happeningfuser.h"

#include "fusion/fusionplaces.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <unordered_map>

namespace mapline {

namespace {

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
    const bool point = fusionplaces::isPoint(s.geo);
    if (point) {
        FusionHash::pointBox(s.lon, s.lat, FusionRules::radiusKm(GeoPrecision(s.geo)), low, high);
        place = quint64(1) << 63 | quint64(low) << 22 | high; // the box (not a key)
        if (s.admin1Key)
            second = FusionHash::spatialKey(FusionHash::PointInProvince, s.admin1Key);
    } else if (GeoPrecision(s.geo) == GeoPrecision::Province && s.admin1Key) {
        place = FusionHash::spatialKey(FusionHash::Province, s.admin1Key);
    } else if (GeoPrecision(s.geo) == GeoPrecision::Country && s.country) {
        place = FusionHash::spatialKey(FusionHash::Country, s.country);
    } else {
        return;
    }
    if (s.has(Indexed) && s.indexedPlace == place && s.indexedStart <= from && s.indexedEnd >= to)
        return;
    constexpr quint32 column = FusionHash::kColumnMask;
    constexpr int kCellBits = FusionHash::kCellBits;
    for (qint32 d = from; d <= to; ++d) {
        if (s.has(Indexed) && s.indexedPlace == place && d >= s.indexedStart && d <= s.indexedEnd)
            continue;
        if (point) {
            for (quint32 cy = low >> kCellBits; cy <= high >> kCellBits; ++cy)
                for (quint32 cx = low & column; cx <= (high & column); ++cx)
                    mHash.insert(FusionHash::cellKey(d, s.family, cy, cx), h);
        } else {
            mHash.insert(FusionHash::key(d, s.family, place), h);
        }
        if (second)
            mHash.insert(FusionHash::key(d, s.family, second), h);
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
    if (mVisited.size() < mStates.size()) {
        mVisited.resize(mStates.size(), 0);
        mMet.resize(mStates.size(), 0);
    }
    const auto g = GeoPrecision(geo);
    quint32 low = 0, high = 0;
    if (fusionplaces::isPoint(geo)) {
        // The cells its own radius reaches (index()).
        FusionHash::pointBox(lon, lat, FusionRules::radiusKm(g), low, high);
    } else if (fusionplaces::isRegion(geo, admin1Key)) {
        // Every cell within the region's reach (rare reports: the cost is theirs alone).
        const double dLat = FusionRules::kRegionReachKm / 110.57;
        const double dLon = FusionRules::kRegionReachKm / (111.32 * std::max(0.05, std::cos(lat * M_PI / 180.0)));
        low = FusionHash::cellOf(float(lon - dLon), float(lat - dLat));
        high = FusionHash::cellOf(float(lon + dLon), float(lat + dLat));
    }
    // The keys first, in the order they are looked up, their slots asked of the memory together
    // (each is a miss in a large table), then the look-ups.
    std::vector<quint64> &keys = mProbeKeys;
    keys.clear();
    constexpr quint32 column = FusionHash::kColumnMask;
    constexpr int kCellBits = FusionHash::kCellBits;
    for (qint32 d = fromDay; d <= toDay; ++d) {
        if (fusionplaces::isPoint(geo)) {
            for (quint32 cy = low >> kCellBits; cy <= high >> kCellBits; ++cy)
                for (quint32 cx = low & column; cx <= (high & column); ++cx)
                    keys.push_back(FusionHash::cellKey(d, family, cy, cx));
            if (admin1Key)
                keys.push_back(FusionHash::areaKey(d, family, FusionHash::Province, admin1Key));
        } else if (g == GeoPrecision::Province && admin1Key) {
            keys.push_back(FusionHash::areaKey(d, family, FusionHash::Province, admin1Key));
            keys.push_back(FusionHash::areaKey(d, family, FusionHash::PointInProvince, admin1Key));
        } else if (fusionplaces::isRegion(geo, admin1Key)) {
            for (quint32 cy = low >> kCellBits; cy <= high >> kCellBits; ++cy)
                for (quint32 cx = low & column; cx <= (high & column); ++cx)
                    keys.push_back(FusionHash::cellKey(d, family, cy, cx));
        } else if (g == GeoPrecision::Country && country) {
            keys.push_back(FusionHash::areaKey(d, family, FusionHash::Country, country));
        }
    }
    for (quint64 key : keys)
        mHash.prefetch(key);
    // The keys' lists, their first blocks asked of the memory together, then the entries; each
    // happening's state asked of the memory as it is found, then the visits in the same order:
    // following a key's list and reading each happening's state one after the other waited on the
    // memory at every list and entry (most of a look-up's time; docs/PERFORMANCE.md, "Fusion,
    // eighth round").
    std::vector<qint32> &lists = mProbeLists;
    lists.clear();
    for (quint64 key : keys)
        if (const qint32 list = mHash.list(key); list >= 0)
            lists.push_back(list);
    // A happening met again (under another cell of the box: half the entries where reports are
    // dense) is skipped before its State is read: its root was visited the first time. A look-up
    // meets a few happenings (about nine where GDELT rows are densest): they are told apart by a
    // look at those already met, which are in the cache, rather than by a mark per happening,
    // which is a miss of its own; past kFewMet, by the marks.
    std::vector<int> &entries = mProbeEntries;
    entries.clear();
    bool marked = false;
    for (qint32 list : lists)
        mHash.forEachIn(list, [&](int h) {
            if (marked) {
                if (mMet[size_t(h)] == mProbe)
                    return;
                mMet[size_t(h)] = mProbe;
            } else {
                if (std::find(entries.begin(), entries.end(), h) != entries.end())
                    return;
                if (entries.size() == kFewMet) {
                    for (int e : entries)
                        mMet[size_t(e)] = mProbe;
                    mMet[size_t(h)] = mProbe;
                    marked = true;
                }
            }
            __builtin_prefetch(&mStates[size_t(h)]);
            entries.push_back(h);
        });
    // The roots, each once (this look-up's: `out` may hold others'), told apart the same way.
    const size_t first = out.size();
    for (int h : entries) {
        const int r = root(h);
        if (marked) {
            if (mVisited[size_t(r)] == mProbe)
                continue;
            mVisited[size_t(r)] = mProbe;
        } else if (std::find(out.begin() + std::ptrdiff_t(first), out.end(), r) != out.end()) {
            continue;
        }
        out.push_back(r);
    }
}

void HappeningFuser::probe(const FusionReport &r, qint32 fromDay, qint32 toDay, std::vector<int> &out)
{
    const FusionShape &rs = mReports.shape(r);
    probeAround(r.family, r.geo, r.lon, r.lat, rs.admin1Key, rs.country, fromDay, toDay, out);
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
    const FusionShape &rs = mReports.shape(r);
    if (!fusionplaces::placesFit(r.geo, r.lon, r.lat, rs.admin1Key, rs.country, h.geo, h.lon, h.lat, h.admin1Key,
                                 h.country))
        return Fit::No;
    return fusionplaces::sidesFit(rs.sides, h.sides) ? time : Fit::No;
}

bool HappeningFuser::fits(const State &a, const State &b, bool spread) const
{
    if (a.has(Ambiguous) || b.has(Ambiguous) || a.has(Pinned) || b.has(Pinned) || a.family != b.family)
        return false;
    bool time = a.start <= b.end && b.start <= a.end;
    if (!time && spread && a.has(Once) && b.has(Once) && a.dayMax >= a.dayMin && b.dayMax >= b.dayMin)
        time = std::max(a.dayMax, b.dayMax) - std::min(a.dayMin, b.dayMin) <= 1;
    return time &&
           fusionplaces::placesFit(a.geo, a.lon, a.lat, a.admin1Key, a.country, b.geo, b.lon, b.lat, b.admin1Key,
                                   b.country) &&
           fusionplaces::sidesFit(a.sides, b.sides);
}

// Which of several fitting happenings a report tells best: the same type, shared sides, closeness,
// then the better-told happening.
double HappeningFuser::score(const FusionReport &r, const State &h) const
{
    const FusionShape &rs = mReports.shape(r);
    double s = (h.types & typeBit(rs.type)) ? 2.0 : 0.0;
    s += 0.5 * std::min(2, std::popcount(rs.sides & h.sides));
    if (fusionplaces::isPoint(r.geo) && fusionplaces::isPoint(h.geo)) {
        const double radius = std::max(FusionRules::radiusKm(GeoPrecision(r.geo)), FusionRules::radiusKm(GeoPrecision(h.geo)));
        s += 1.0 - fusionplaces::distanceKm(r.lon, r.lat, h.lon, h.lat) / radius;
    }
    return s + 0.1 * std::log2(1.0 + h.count);
}

double HappeningFuser::score(const State &a, const State &b) const
{
    double s = 2.0 * std::popcount(a.types & b.types) / std::max(1, std::popcount(a.types | b.types));
    s += 0.5 * std::min(2, std::popcount(a.sides & b.sides));
    if (fusionplaces::isPoint(a.geo) && fusionplaces::isPoint(b.geo)) {
        const double radius = std::max(FusionRules::radiusKm(GeoPrecision(a.geo)), FusionRules::radiusKm(GeoPrecision(b.geo)));
        s += 1.0 - fusionplaces::distanceKm(a.lon, a.lat, b.lon, b.lat) / radius;
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
    const FusionShape &rs = mReports.shape(r);
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
        s.admin1Key = rs.admin1Key;
        s.country = rs.country;
        s.flags |= Placed;
    }
    if (r.precise())
        s.flags |= Precise;
    if (r.has(FusionReport::Once))
        s.flags |= Once;
    s.sides |= rs.sides;
    s.types |= typeBit(rs.type);
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
    std::vector<int> &precise = mPrecise, &vague = mVague; // scratch
    precise.clear();
    vague.clear();
    if (!r.precise()) {
        // A range, a province, the country, a borrowed place: it tells one of these happenings,
        // but which? The precise ones are what it is measured against; others made only of vague
        // reports count when there is no precise one.
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
    for (const Candidate &c : fitting)
        (mStates[size_t(c.happening)].has(Precise) ? precise : vague).push_back(c.happening);
    int h = -1;
    if (!precise.empty()) {
        std::vector<int> &group = mGroup;
        group.assign(1, precise[0]);
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
    std::vector<Candidate> &precise = mFitting, &vague = mFittingVague; // scratch
    precise.clear();
    vague.clear();
    for (quint8 family : mReports.forceFamilies()) {
        r.family = family;
        std::vector<int> &found = mFound;
        found.clear();
        probe(r, r.start, r.end, found);
        for (int h : found) {
            const State &t = mStates[size_t(h)];
            if (fit(r, t) == Fit::Strict)
                (t.has(Precise) ? precise : vague).push_back({h, score(r, t) - ((t.types & typeBit(mReports.shape(r).type)) ? 2.0 : 0.0)});
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

} // namespace mapline
