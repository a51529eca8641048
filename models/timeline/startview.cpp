#include "timeline/startview.h"

#include "timeline/fitspan.h"

#include <span>
#include <vector>

namespace mapline::timeline {
namespace {
constexpr qint64 kDayStepUpTo = 62;   // two months of days: at most ~60 steps
constexpr qint64 kWeekStepUpTo = 731; // two years of weeks: at most ~105 steps
constexpr qint64 kShortWindow = 31;   // a window up to a month is always the analyst's choice
constexpr double kCoreShare = 0.5;    // the densest stretch holds at least half of the events
constexpr double kCoreShrink = 0.25;  // ...and is used when under a quarter of the bulk

// The start days of the rows passing `mask` (not null), ascending (the index is sorted by start day).
std::vector<qint32> startDays(const EventIndex &index, const EventMask *mask)
{
    std::vector<qint32> days;
    days.reserve(size_t(mask->count()));
    for (qsizetype row = 0; row < index.size(); ++row)
        if (mask->test(row))
            days.push_back(index.startDay(row));
    return days;
}
} // namespace

StepUnit stepForSpan(qint64 days)
{
    if (days <= kDayStepUpTo)
        return StepUnit::Day;
    if (days <= kWeekStepUpTo)
        return StepUnit::Week;
    return StepUnit::Month;
}

std::optional<StartView> startView(const EventIndex &index, const EventMask *mask)
{
    const auto fit = fitAxis(index, mask, false);
    if (!fit)
        return std::nullopt;
    StartView view;
    view.axisFrom = fit->fromDay;
    view.axisTo = fit->toDay;
    qint32 first = fit->span.fromDay;
    qint64 days = qint64(fit->span.toDay) - fit->span.fromDay + 1;
    // The index's own start column when every event counts (no copy of ten million days).
    std::vector<qint32> passing;
    std::span<const qint32> starts(index.startData(), size_t(index.size()));
    if (mask) {
        passing = startDays(index, mask);
        starts = passing;
    }
    const FitSpan core = fitSpan(starts, kCoreShare, 1.0);
    const qint64 coreDays = qint64(core.toDay) - core.fromDay + 1;
    if (!core.isEmpty() && core.trimmed() && double(coreDays) < kCoreShrink * double(days)) {
        const double length = std::max(7.0, double(coreDays));
        view.axisFrom = core.fromDay - length * kFitMargin;
        view.axisTo = core.toDay + 1 + length * kFitMargin;
        first = core.fromDay;
        days = coreDays;
    }
    view.step = stepForSpan(days);
    qint32 from = first;
    if (view.step == StepUnit::Week)
        from = bucketStart(first, BucketSize::Week);
    else if (view.step == StepUnit::Month)
        from = bucketStart(first, BucketSize::Month);
    view.window = TimeWindow{from, WindowLength::oneStep(view.step).endFor(from), TimeWindow::Mode::Moving};
    return view;
}

WindowLength sensibleLength(const TimeWindow &current, StepUnit step, qint64 dataDays)
{
    const qint64 length = current.length();
    if (length <= kShortWindow || length * 4 <= dataDays)
        return WindowLength::of(current);
    return WindowLength::oneStep(step);
}

} // namespace mapline::timeline
