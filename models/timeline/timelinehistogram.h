#pragma once

#include "index/eventindex.h"
#include "index/eventmask.h"
#include "timeline/timeaxis.h"

#include <QtGlobal>

#include <vector>

namespace mapline::timeline {

// What the timeline draws for a stretch of the time axis: per bucket (day, week or month) the
// number of events of each type that lie entirely in it, stacked by type; and events whose
// date spans more than one bucket (a range, a week at day zoom, a month at week zoom, a year)
// as bands, grouped by (start, end, type) and laid out in lanes. Always computed from an
// EventIndex and the current filter mask, so it honours every active filter. Computed on the
// GUI thread: one pass over the rows that overlap the stretch (1M events: a few ms).
class TimelineHistogram {
public:
    struct Bucket {
        qint32 fromDay = 0;
        qint32 toDay = 0;
        int total = 0;
    };
    struct Band {
        qint32 fromDay = 0;
        qint32 toDay = 0;
        quint8 typeId = 0;
        int count = 0; // events with exactly this date span and type
        int lane = 0;
    };

    // Buckets cover [bucketStart(fromDay), bucketEnd(toDay)]; at most `maxLanes` lanes of bands
    // (the rest are counted in hiddenBands()).
    static TimelineHistogram compute(const EventIndex &index, const EventMask *mask, qint32 fromDay, qint32 toDay,
                                     BucketSize size, int maxLanes = 4);

    BucketSize bucketSize() const { return mSize; }
    int typeCount() const { return mTypeCount; }
    int bucketCount() const { return int(mBuckets.size()); }
    const Bucket &bucket(int i) const { return mBuckets[size_t(i)]; }
    int count(int bucket, int typeId) const { return mCounts[size_t(bucket) * size_t(mTypeCount) + size_t(typeId)]; }
    // The bucket holding `day`, -1 outside.
    int bucketOf(qint32 day) const;
    int maxTotal() const { return mMaxTotal; }
    qint64 pointEvents() const { return mPointEvents; } // events counted in the bars
    const std::vector<Band> &bands() const { return mBands; }
    int laneCount() const { return mLaneCount; }
    qint64 hiddenBands() const { return mHiddenBands; } // band events that found no lane
    qint64 bandEvents() const { return mBandEvents; }

private:
    BucketSize mSize = BucketSize::Day;
    int mTypeCount = 0;
    std::vector<Bucket> mBuckets;
    std::vector<int> mCounts; // bucket-major, mTypeCount per bucket
    int mMaxTotal = 0;
    qint64 mPointEvents = 0;
    std::vector<Band> mBands;
    int mLaneCount = 0;
    qint64 mHiddenBands = 0;
    qint64 mBandEvents = 0;
};

} // namespace mapline::timeline
