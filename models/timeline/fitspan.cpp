#include "timeline/fitspan.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace mapline::timeline {

FitSpan fitSpan(std::span<const qint32> days, double maxLeftOut, double minShrink)
{
    FitSpan full;
    const qsizetype n = qsizetype(days.size());
    if (n == 0)
        return full;
    full.fromDay = days.front();
    full.toDay = days.back();
    // The epsilon keeps 100 * 0.01 at one event however the product rounds.
    const qsizetype allowed = qsizetype(std::floor(double(n) * maxLeftOut + 1e-9));
    if (allowed <= 0)
        return full;
    // The shortest stretch holding `keep` events starts at one of the first `allowed + 1` days.
    const qsizetype keep = n - allowed;
    FitSpan best;
    qint64 bestLength = -1;
    // Equal days on either side come along: the stretch keeps every event on its days. `from`
    // and `to` only grow with i, so where their days begin and end is found by walking forward
    // (one pass in all; a binary search each was half a second at ten million events, where
    // `allowed` is millions for startView's core).
    qsizetype firstOfFrom = 0, pastTo = 0;
    for (qsizetype i = 0; i <= allowed; ++i) {
        const qint32 from = days[size_t(i)];
        const qint32 to = days[size_t(i + keep - 1)];
        const qint64 length = qint64(to) - from;
        while (days[size_t(firstOfFrom)] < from)
            ++firstOfFrom;
        pastTo = std::max(pastTo, i + keep);
        while (pastTo < n && days[size_t(pastTo)] <= to)
            ++pastTo;
        const qsizetype before = firstOfFrom;
        const qsizetype after = n - pastTo;
        if (bestLength < 0 || length < bestLength || (length == bestLength && before + after < best.before + best.after)) {
            best = FitSpan{from, to, before, after};
            bestLength = length;
        }
    }
    const double fullDays = double(qint64(full.toDay) - full.fromDay + 1);
    if (!best.trimmed() || double(bestLength + 1) >= minShrink * fullDays)
        return full;
    return best;
}

std::optional<AxisFit> fitAxis(const EventIndex &index, const EventMask *mask, bool all, double minDays)
{
    const qint32 *starts = index.startData();
    const qint32 *ends = index.endData();
    const qsizetype n = index.size();
    std::vector<qint32> passing; // start days of the rows passing the mask, still sorted
    std::span<const qint32> days(starts, size_t(n));
    if (mask) {
        passing.reserve(size_t(mask->count()));
        for (qsizetype row = 0; row < n; ++row)
            if (mask->test(row))
                passing.push_back(starts[row]);
        days = passing;
    }
    if (days.empty())
        return std::nullopt;

    AxisFit fit;
    fit.span = all ? FitSpan{days.front(), days.back(), 0, 0} : fitSpan(days);
    // Start days decide the stretch; an end that keeps every event also shows their end days:
    // every one for "all", the short ones (a day to a month) for the bulk, so one event dated
    // "2001-2030" cannot stretch the axis the outlier rule just trimmed.
    if (fit.span.after == 0) {
        const qsizetype first = std::lower_bound(starts, starts + n, fit.span.fromDay) - starts;
        for (qsizetype row = first; row < n; ++row) {
            if ((mask && !mask->test(row)) || (!all && ends[row] - starts[row] > EventIndex::kShortSpanDays))
                continue;
            fit.span.toDay = std::max(fit.span.toDay, ends[row]);
        }
    }
    const double length = std::max(minDays, double(qint64(fit.span.toDay) - fit.span.fromDay + 1));
    fit.fromDay = fit.span.fromDay - length * kFitMargin;
    fit.toDay = fit.span.toDay + 1 + length * kFitMargin;
    return fit;
}

OutsideCounts countOutside(const EventIndex &index, const EventMask *mask, qint32 fromDay, qint32 toDay)
{
    OutsideCounts c;
    const qint32 *starts = index.startData();
    const qint32 *ends = index.endData();
    const qsizetype n = index.size();
    // Rows are sorted by start day: those before start before fromDay, those after after toDay.
    const qsizetype startingBefore = std::lower_bound(starts, starts + n, fromDay) - starts;
    for (qsizetype row = 0; row < startingBefore; ++row) {
        if (ends[row] >= fromDay || (mask && !mask->test(row)))
            continue;
        if (c.before++ == 0)
            c.earliest = starts[row];
    }
    const qsizetype firstAfter = std::upper_bound(starts, starts + n, toDay) - starts;
    for (qsizetype row = firstAfter; row < n; ++row) {
        if (mask && !mask->test(row))
            continue;
        c.latest = c.after++ == 0 ? ends[row] : std::max(c.latest, ends[row]);
    }
    return c;
}

} // namespace mapline::timeline
