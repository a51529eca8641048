#pragma once

#include "index/eventindex.h"
#include "index/eventmask.h"

#include <QtGlobal>

#include <optional>
#include <span>

namespace mapline::timeline {

// What "Fit" shows on the time axis. Real collections have outlier dates (a GDELT file's 1979
// rows among 2013-2020 ones, one article dated decades off), and fitting every event makes the
// rest a sliver. So Fit shows the bulk: the shortest stretch of days holding all but at most
// kFitMaxLeftOut of the events, used only when it is less than kFitMinShrink of the full
// extent; otherwise every event. The events left out are never hidden silently: the timeline
// counts them at the ends of the axis (countOutside()).

constexpr double kFitMaxLeftOut = 0.01; // never leave out more than 1% of the events
constexpr double kFitMinShrink = 0.5;   // and only when the stretch is less than half the extent
constexpr double kFitMargin = 0.03;     // air on each side, as a share of the fitted stretch

// Days are inclusive: [fromDay, toDay]. `before` and `after` count the events left out.
struct FitSpan {
    qint32 fromDay = 0;
    qint32 toDay = -1;
    qsizetype before = 0;
    qsizetype after = 0;

    bool isEmpty() const { return toDay < fromDay; }
    bool trimmed() const { return before + after > 0; }
};

// The rule on its own, over event days sorted ascending (one entry per event). Leaves out at
// most floor(n * maxLeftOut) events, so fewer than 1/maxLeftOut events are never trimmed; two
// real clusters (each more than maxLeftOut of the events) are both kept. Among equally short
// stretches the one keeping the most events wins (then the earliest). Empty input: empty span.
FitSpan fitSpan(std::span<const qint32> sortedDays, double maxLeftOut = kFitMaxLeftOut,
                double minShrink = kFitMinShrink);

// The axis (fractional days, end exclusive) for the events of `index` passing `mask` (null:
// every event): the bulk (fitSpan over start days; an end not trimmed reaches the last event's
// end day) or, with `all`, every event; kFitMargin on each side and at least `minDays` long.
// nullopt when no event passes.
struct AxisFit {
    double fromDay = 0.0;
    double toDay = 0.0;
    FitSpan span; // the days fitted, before the margin
};
std::optional<AxisFit> fitAxis(const EventIndex &index, const EventMask *mask, bool all, double minDays = 7.0);

// The events passing `mask` that lie wholly before `fromDay` (end day earlier) or wholly after
// `toDay` (start day later): what the time axis [fromDay, toDay] does not show. `earliest` is
// the first start day of those before, `latest` the last end day of those after (valid only
// when the count is not zero). One pass over the rows outside the days.
struct OutsideCounts {
    qsizetype before = 0;
    qsizetype after = 0;
    qint32 earliest = 0;
    qint32 latest = 0;
};
OutsideCounts countOutside(const EventIndex &index, const EventMask *mask, qint32 fromDay, qint32 toDay);

} // namespace mapline::timeline
