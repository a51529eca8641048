#include "timerange.h"

namespace mapline {

QString toString(DatePrecision precision)
{
    switch (precision) {
    case DatePrecision::Day: return QStringLiteral("day");
    case DatePrecision::Range: return QStringLiteral("range");
    case DatePrecision::Week: return QStringLiteral("week");
    case DatePrecision::Month: return QStringLiteral("month");
    case DatePrecision::Year: return QStringLiteral("year");
    case DatePrecision::Unknown: break;
    }
    return QStringLiteral("unknown");
}

DatePrecision datePrecisionFromString(QStringView text)
{
    if (text == u"day") return DatePrecision::Day;
    if (text == u"range") return DatePrecision::Range;
    if (text == u"week") return DatePrecision::Week;
    if (text == u"month") return DatePrecision::Month;
    if (text == u"year") return DatePrecision::Year;
    return DatePrecision::Unknown;
}

TimeRange TimeRange::month(int year, int month)
{
    const QDate first(year, month, 1);
    return {first, first.addMonths(1).addDays(-1), DatePrecision::Month};
}

TimeRange TimeRange::year(int year)
{
    return {QDate(year, 1, 1), QDate(year, 12, 31), DatePrecision::Year};
}

TimeRange TimeRange::isoWeek(QDate anyDayInWeek)
{
    const QDate monday = anyDayInWeek.addDays(1 - anyDayInWeek.dayOfWeek());
    return {monday, monday.addDays(6), DatePrecision::Week};
}

} // namespace mapline
