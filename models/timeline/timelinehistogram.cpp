#include "timeline/timelinehistogram.h"

#include <algorithm>
#include <limits>
#include <map>

namespace mapline::timeline {

TimelineHistogram TimelineHistogram::compute(const EventIndex &index, const EventMask *mask, qint32 fromDay,
                                             qint32 toDay, BucketSize size, int maxLanes)
{
    TimelineHistogram h;
    h.mSize = size;
    h.mTypeCount = std::max<int>(1, int(index.typeNames().size()));
    if (toDay < fromDay)
        return h;
    for (qint32 day = bucketStart(fromDay, size); day <= toDay; day = nextBucketStart(day, size))
        h.mBuckets.push_back({day, nextBucketStart(day, size) - 1, 0});
    if (h.mBuckets.empty())
        return h;
    h.mCounts.assign(h.mBuckets.size() * size_t(h.mTypeCount), 0);

    // Band candidates as (from, to, type); grouped after the pass.
    struct Span {
        qint32 from, to;
        quint8 type;
        bool operator<(const Span &o) const
        {
            return from != o.from ? from < o.from : to != o.to ? to < o.to : type < o.type;
        }
        bool operator==(const Span &o) const { return from == o.from && to == o.to && type == o.type; }
    };
    std::vector<Span> spans;

    const qint32 *starts = index.startData();
    const qint32 *ends = index.endData();
    const quint8 *types = index.typeData();
    const EventIndex::Window w = index.window(h.mBuckets.front().fromDay, h.mBuckets.back().toDay);
    const qint32 first = h.mBuckets.front().fromDay;
    for (quint32 row : w.longRows)
        if (!mask || mask->test(row))
            spans.push_back({starts[row], ends[row], types[row]});
    // Rows starting before the first bucket (their ends reach into it: checked) are bands.
    const qsizetype inAxis = std::max<qsizetype>(w.begin, std::lower_bound(starts + w.begin, starts + w.end, first) - starts);
    for (qsizetype row = w.begin; row < inAxis; ++row)
        if (ends[row] >= w.fromDay && (!mask || mask->test(row)))
            spans.push_back({starts[row], ends[row], types[row]});
    // The rest come in start order: bucket by bucket, the rows starting in it (a binary search for
    // where they stop), each a point of its bucket when it ends in it, else a band. At ten million
    // events the launch's axis holds them all: one pass with no per-row bucket test.
    qsizetype row = inAxis;
    for (size_t b = 0; b < h.mBuckets.size() && row < w.end; ++b) {
        const qint32 lastDay = h.mBuckets[b].toDay;
        const qsizetype stop = std::upper_bound(starts + row, starts + w.end, lastDay) - starts;
        int *counts = h.mCounts.data() + b * size_t(h.mTypeCount);
        int points = 0;
        for (; row < stop; ++row) {
            if (mask && !mask->test(row))
                continue;
            if (ends[row] <= lastDay) {
                ++counts[types[row]];
                ++points;
            } else {
                spans.push_back({starts[row], ends[row], types[row]});
            }
        }
        h.mBuckets[b].total += points;
        h.mPointEvents += points;
    }
    for (const Bucket &b : h.mBuckets)
        h.mMaxTotal = std::max(h.mMaxTotal, b.total);

    // Group equal spans, then lay the groups out in lanes: longest first, so the wide context
    // (a month, a year) keeps the top lanes and short ranges fill in below; equal lengths by start,
    // end and type. A year of ten million events has ~50,000 spans (of which a few dozen find a
    // lane): one counting sort by length, then short sorts within each length (the spans come in
    // start order, the rows' order), instead of sorting all of them twice.
    h.mBandEvents = qint64(spans.size());
    std::vector<Band> groups;
    if (!spans.empty()) {
        qint64 minLength = std::numeric_limits<qint64>::max(), maxLength = std::numeric_limits<qint64>::min();
        for (const Span &s : spans) {
            minLength = std::min<qint64>(minLength, qint64(s.to) - s.from);
            maxLength = std::max<qint64>(maxLength, qint64(s.to) - s.from);
        }
        std::vector<Span> sorted(spans.size());
        const auto rank = [maxLength](const Span &s) { return size_t(maxLength - (qint64(s.to) - s.from)); };
        if (quint64(maxLength - minLength) <= 4 * quint64(spans.size()) + 4096) {
            std::vector<quint32> at(size_t(maxLength - minLength) + 2, 0);
            for (const Span &s : spans)
                ++at[rank(s) + 1];
            for (size_t i = 1; i < at.size(); ++i)
                at[i] += at[i - 1];
            for (const Span &s : spans)
                sorted[at[rank(s)]++] = s;
            for (size_t i = 0; i < sorted.size();) {
                size_t j = i + 1;
                while (j < sorted.size() && rank(sorted[j]) == rank(sorted[i]))
                    ++j;
                std::sort(sorted.begin() + qsizetype(i), sorted.begin() + qsizetype(j));
                i = j;
            }
        } else {
            sorted = spans;
            std::sort(sorted.begin(), sorted.end(),
                      [&rank](const Span &a, const Span &b) { return rank(a) != rank(b) ? rank(a) < rank(b) : a < b; });
        }
        for (size_t i = 0; i < sorted.size();) {
            size_t j = i;
            while (j < sorted.size() && sorted[j] == sorted[i])
                ++j;
            groups.push_back({sorted[i].from, sorted[i].to, sorted[i].type, int(j - i), 0});
            i = j;
        }
    }
    // Each lane holds disjoint spans keyed by start: an overlap shows in the predecessor alone.
    std::vector<std::map<qint32, qint32>> lanes(size_t(std::max(0, maxLanes)));
    for (Band &band : groups) {
        bool placed = false;
        for (size_t lane = 0; lane < lanes.size() && !placed; ++lane) {
            auto it = lanes[lane].upper_bound(band.toDay);
            if (it != lanes[lane].begin() && std::prev(it)->second >= band.fromDay)
                continue;
            lanes[lane].emplace(band.fromDay, band.toDay);
            band.lane = int(lane);
            h.mLaneCount = std::max(h.mLaneCount, int(lane) + 1);
            h.mBands.push_back(band);
            placed = true;
        }
        if (!placed)
            h.mHiddenBands += band.count;
    }
    std::sort(h.mBands.begin(), h.mBands.end(),
              [](const Band &a, const Band &b) { return a.fromDay != b.fromDay ? a.fromDay < b.fromDay : a.lane < b.lane; });
    return h;
}

int TimelineHistogram::bucketOf(qint32 day) const
{
    const auto it = std::upper_bound(mBuckets.begin(), mBuckets.end(), day,
                                     [](qint32 d, const Bucket &b) { return d < b.fromDay; });
    if (it == mBuckets.begin())
        return -1;
    const Bucket &b = *(it - 1);
    return day <= b.toDay ? int(it - mBuckets.begin()) - 1 : -1;
}

} // namespace mapline::timeline
