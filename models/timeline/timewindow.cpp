#include "timeline/timewindow.h"

#include <algorithm>

namespace mapline::timeline {

TimeWindow TimeWindow::stepped(StepUnit unit, int count) const
{
    TimeWindow w = *this;
    if (mode == Mode::Cumulative) {
        w.toDay = std::max(fromDay, addSteps(toDay, unit, count));
        return w;
    }
    // Whole months stay whole months (Nov 1-30 -> Dec 1-31); other windows keep their length.
    const bool wholeMonths = unit == StepUnit::Month && from().day() == 1 && to().day() == to().daysInMonth();
    w.fromDay = addSteps(fromDay, unit, count);
    w.toDay = wholeMonths ? addSteps(toDay, unit, count) : w.fromDay + length() - 1;
    return w;
}

TimeWindow TimeWindow::endingAt(qint32 day) const
{
    TimeWindow w = *this;
    if (mode == Mode::Cumulative) {
        w.toDay = std::max(fromDay, day);
        return w;
    }
    w.toDay = day;
    w.fromDay = day - length() + 1;
    return w;
}

TimeWindow TimeWindow::startingAt(qint32 day) const
{
    TimeWindow w = *this;
    if (mode == Mode::Cumulative) {
        if (day < fromDay)
            w.fromDay = day;
        w.toDay = std::max(w.fromDay, day);
        return w;
    }
    w.fromDay = day;
    w.toDay = day + length() - 1;
    return w;
}

TimeWindow TimeWindow::clampedTo(qint32 firstDay, qint32 lastDay) const
{
    if (lastDay < firstDay)
        return *this;
    TimeWindow w = *this;
    const qint32 len = std::min(length(), lastDay - firstDay + 1);
    if (w.toDay > lastDay) {
        w.toDay = lastDay;
        if (mode == Mode::Moving)
            w.fromDay = lastDay - len + 1;
    }
    if (w.fromDay < firstDay) {
        w.fromDay = firstDay;
        if (mode == Mode::Moving)
            w.toDay = firstDay + len - 1;
    }
    w.fromDay = std::min(w.fromDay, w.toDay);
    return w;
}

} // namespace mapline::timeline
