#pragma once

#include "timeline/timewindow.h"

#include <QString>

#include <optional>

namespace mapline::timeline {

// A time window's length as an analyst types and reads it: "7 days", "2 weeks", "1 month",
// "1 year". Months and years are calendar ones: a month from 15 Nov ends on 14 Dec, a month
// from 1 Nov on 30 Nov. Used by the timeline's Length field and Go to Date.
struct WindowLength {
    enum class Unit { Days, Weeks, Months, Years };
    int count = 1;
    Unit unit = Unit::Days;

    // The last day of a window of this length starting on `fromDay` (never before it).
    qint32 endFor(qint32 fromDay) const;
    // "1 day", "3 weeks", "1 month", "2 years".
    QString toString() const;

    // Typed text: "10", "10 days", "10d", "2 weeks", "2 w", "1 month", "3 mo", "1 year", "1y"
    // (case-insensitive, singular or plural); nullopt for anything else, a count below 1, or
    // more than a century.
    static std::optional<WindowLength> parse(const QString &text);
    // How `window` reads best: whole calendar years or months as such, multiples of 7 days as
    // weeks, else days.
    static WindowLength of(const TimeWindow &window);
    // One step of `unit` (a day, a week, a month).
    static WindowLength oneStep(StepUnit unit);

    friend bool operator==(const WindowLength &, const WindowLength &) = default;
};

} // namespace mapline::timeline
