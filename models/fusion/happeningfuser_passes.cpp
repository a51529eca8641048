// HappeningFuser's passes over many reports and happenings (happeningfuser.h): the canonical
// order of a whole fusion, the date pass, the stitching of a dataset's happenings to the stored
// ones, the analyst's merge.
#include "fusion/happeningfuser.h"

#include <algorithm>

namespace mapline {

bool HappeningFuser::onlyPreciseFit(int vague, int target)
{
    const State &v = mStates[size_t(vague)];
    std::vector<int> &found = mFoundAround; // scratch: not the caller's
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
