#pragma once

#include <QDate>
#include <QString>

namespace mapline {

// How exactly a time is known. Range: a span of days ("in recent days").
enum class DatePrecision { Unknown, Day, Range, Week, Month, Year };

QString toString(DatePrecision precision);
DatePrecision datePrecisionFromString(QStringView text); // Unknown for anything else

// A closed interval of days [start, end] with its precision. A day has start == end.
// An unresolved time (a weekday in an article with no publication date) is invalid:
// both dates null, precision Unknown.
struct TimeRange {
    QDate start;
    QDate end;
    DatePrecision precision = DatePrecision::Unknown;

    static TimeRange day(QDate d) { return {d, d, DatePrecision::Day}; }
    static TimeRange range(QDate from, QDate to) { return {from, to, DatePrecision::Range}; }
    static TimeRange month(int year, int month);
    static TimeRange year(int year);
    static TimeRange isoWeek(QDate anyDayInWeek);

    bool isValid() const { return start.isValid() && end.isValid() && start <= end; }
    qint64 days() const { return isValid() ? start.daysTo(end) + 1 : 0; }
    bool contains(QDate d) const { return isValid() && d >= start && d <= end; }
    bool overlaps(const TimeRange &other) const
    {
        return isValid() && other.isValid() && start <= other.end && other.start <= end;
    }
    friend bool operator==(const TimeRange &, const TimeRange &) = default;
};

} // namespace mapline
