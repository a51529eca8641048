#pragma once

#include "timeline/timeaxis.h"

#include <QDate>

namespace mapline::timeline {

// The time window the map shows: a closed interval of days [fromDay, toDay] and how it moves.
// Moving: both ends step together, the length stays. Cumulative: the start is locked and only
// the end moves, so the map accumulates everything since the start. A plain value: the
// TimelineModel owns the current one, tests and benchmarks make their own.
struct TimeWindow {
    enum class Mode { Moving, Cumulative };

    qint32 fromDay = 0;
    qint32 toDay = 0;
    Mode mode = Mode::Moving;

    static TimeWindow of(QDate from, QDate to, Mode mode = Mode::Moving)
    {
        return {dayOf(from), dayOf(to), mode};
    }

    QDate from() const { return dateOf(fromDay); }
    QDate to() const { return dateOf(toDay); }
    qint32 length() const { return toDay - fromDay + 1; }
    bool contains(qint32 day) const { return day >= fromDay && day <= toDay; }
    bool isValid() const { return toDay >= fromDay; }

    // One step forward (count > 0) or back: moving shifts both ends; cumulative moves the end
    // only and never before the start.
    TimeWindow stepped(StepUnit unit, int count) const;
    // Moves the window so that its end is `day` (cumulative: the end only, not before the start).
    TimeWindow endingAt(qint32 day) const;
    // Moves the window so that its start is `day` (cumulative: extends or shrinks the end only
    // when `day` is before the start; the start then moves too).
    TimeWindow startingAt(qint32 day) const;
    // Keeps the window inside [firstDay, lastDay] where it fits (the length is kept when possible).
    TimeWindow clampedTo(qint32 firstDay, qint32 lastDay) const;

    friend bool operator==(const TimeWindow &, const TimeWindow &) = default;
};

} // namespace mapline::timeline
