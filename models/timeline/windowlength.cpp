#include "timeline/windowlength.h"

#include <QRegularExpression>

#include <algorithm>

namespace mapline::timeline {
namespace {
constexpr int kMaxDays = 36600; // a century: the timeline's window never needs more
} // namespace

qint32 WindowLength::endFor(qint32 fromDay) const
{
    qint32 end = fromDay;
    switch (unit) {
    case Unit::Days: end = fromDay + count - 1; break;
    case Unit::Weeks: end = fromDay + 7 * count - 1; break;
    case Unit::Months: end = dayOf(dateOf(fromDay).addMonths(count)) - 1; break;
    case Unit::Years: end = dayOf(dateOf(fromDay).addYears(count)) - 1; break;
    }
    return std::max(fromDay, end);
}

QString WindowLength::toString() const
{
    const char *const singular[] = {"day", "week", "month", "year"};
    const QString noun = QString::fromLatin1(singular[int(unit)]);
    return count == 1 ? QStringLiteral("1 %1").arg(noun) : QStringLiteral("%1 %2s").arg(count).arg(noun);
}

std::optional<WindowLength> WindowLength::parse(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("^\\s*(\\d{1,6})\\s*([a-z]*)\\s*$"),
                                            QRegularExpression::CaseInsensitiveOption);
    const auto m = pattern.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    WindowLength length;
    length.count = m.captured(1).toInt();
    const QString word = m.captured(2).toLower();
    const auto is = [&word](std::initializer_list<const char *> names) {
        return std::any_of(names.begin(), names.end(), [&word](const char *n) { return word == QLatin1String(n); });
    };
    if (word.isEmpty() || is({"d", "day", "days"}))
        length.unit = Unit::Days;
    else if (is({"w", "wk", "wks", "week", "weeks"}))
        length.unit = Unit::Weeks;
    else if (is({"m", "mo", "mon", "month", "months"}))
        length.unit = Unit::Months;
    else if (is({"y", "yr", "yrs", "year", "years"}))
        length.unit = Unit::Years;
    else
        return std::nullopt;
    const int perUnit[] = {1, 7, 31, 366};
    if (length.count < 1 || qint64(length.count) * perUnit[int(length.unit)] > kMaxDays)
        return std::nullopt;
    return length;
}

WindowLength WindowLength::of(const TimeWindow &window)
{
    const QDate from = window.from();
    const QDate to = window.to();
    const qint32 days = window.length();
    if (from.day() == 1 && to.day() == to.daysInMonth()) {
        const int months = (to.year() - from.year()) * 12 + to.month() - from.month() + 1;
        if (months % 12 == 0 && from.month() == 1)
            return {months / 12, Unit::Years};
        return {months, Unit::Months};
    }
    // A month or a year from any other day: 15 Nov - 14 Dec.
    for (int months = 1; months <= 1200 && months <= days / 28 + 1; ++months) {
        if (dayOf(from.addMonths(months)) - 1 == window.toDay)
            return months % 12 == 0 ? WindowLength{months / 12, Unit::Years} : WindowLength{months, Unit::Months};
    }
    if (days % 7 == 0)
        return {days / 7, Unit::Weeks};
    return {std::max(1, days), Unit::Days};
}

WindowLength WindowLength::oneStep(StepUnit unit)
{
    switch (unit) {
    case StepUnit::Day: return {1, Unit::Days};
    case StepUnit::Week: return {1, Unit::Weeks};
    case StepUnit::Month: return {1, Unit::Months};
    }
    return {};
}

} // namespace mapline::timeline
