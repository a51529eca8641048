// resolveTimeRule: the rule grammar documented in timetagger.h.
#include "extract/timetagger.h"
#include "extract/wordis.h"

#include <QStringList>

#include <cmath>

namespace mapline {
namespace {

QDate mondayOf(QDate d)
{
    return d.addDays(1 - d.dayOfWeek());
}

// A month [first, last]; `year` may be any value QDate accepts.
TimeRange monthRange(int year, int month)
{
    return TimeRange::month(year, month);
}

// "14", "3m", "2y": an amount in days, months or years. False when malformed.
bool parseAmount(QStringView text, int *amount, QChar *unit)
{
    if (text.isEmpty())
        return false;
    *unit = u'd';
    QStringView digits = text;
    const QChar last = text.back();
    if (last == u'd' || last == u'm' || last == u'y' || last == u'w') {
        *unit = last;
        digits.chop(1);
    }
    bool ok = false;
    const int v = digits.toInt(&ok);
    if (!ok || v < 0 || v > 100000)
        return false;
    *amount = v;
    return true;
}

QDate shiftBack(QDate anchor, int amount, QChar unit)
{
    switch (unit.unicode()) {
    case u'w': return anchor.addDays(-7 * qint64(amount));
    case u'm': return anchor.addMonths(-amount);
    case u'y': return anchor.addYears(-amount);
    default: return anchor.addDays(-qint64(amount));
    }
}

QDate shiftForward(QDate anchor, int amount, QChar unit)
{
    return shiftBack(anchor, -amount, unit);
}

// The year for a year-less month-day or month, as news uses them: the latest occurrence that
// begins no more than ~a month after the anchor ("in December" in a late-November article is
// this December; "in March" is last March). Future: the first occurrence that has not ended.
int yearFor(int month, int day, QDate anchor, const QString &mode)
{
    const int y = anchor.year();
    auto startOf = [&](int year) { return QDate(year, month, day > 0 ? day : 1); };
    auto endOf = [&](int year) {
        return day > 0 ? QDate(year, month, day) : QDate(year, month, 1).addMonths(1).addDays(-1);
    };
    if (wordIs(mode, u"future")) {
        for (int year = y - 1; year <= y + 1; ++year) {
            if (endOf(year).isValid() && endOf(year) >= anchor)
                return year;
        }
        return y + 1;
    }
    if (wordIs(mode, u"next")) {
        for (int year = y; year <= y + 2; ++year) {
            if (startOf(year).isValid() && startOf(year) > anchor)
                return year;
        }
        return y + 1;
    }
    if (wordIs(mode, u"last")) {
        // "last November": the latest one that ended before the anchor's month began.
        const QDate monthStart(y, anchor.month(), 1);
        for (int year = y; year >= y - 2; --year) {
            if (endOf(year).isValid() && endOf(year) < monthStart)
                return year;
        }
        return y - 1;
    }
    for (int year = y + 1; year >= y - 1; --year) {
        if (startOf(year).isValid() && startOf(year) <= anchor.addDays(31))
            return year;
    }
    return y - 1;
}

// "11-21" -> month 11, day 21.
bool parseMonthDay(QStringView text, int *month, int *day)
{
    const qsizetype dash = text.indexOf(u'-');
    if (dash <= 0)
        return false;
    bool ok1 = false, ok2 = false;
    *month = text.first(dash).toInt(&ok1);
    *day = text.sliced(dash + 1).toInt(&ok2);
    return ok1 && ok2 && *month >= 1 && *month <= 12 && *day >= 1 && *day <= 31;
}

TimeRange resolveParts(const QStringList &p, QDate a);

// Weekends run Saturday to Sunday.
TimeRange weekend(QDate saturday)
{
    return TimeRange::range(saturday, saturday.addDays(1));
}

TimeRange resolveParts(const QStringList &p, QDate a)
{
    const QString &kind = p[0];
    const QString arg = p.size() > 1 ? p[1] : QString();
    const QString mode = p.size() > 2 ? p[2] : QString();
    bool ok = false;
    if (wordIs(kind, u"inherit") && p.size() == 1)
        return TimeRange::day(a);
    if (wordIs(kind, u"offset")) {
        const int n = arg.toInt(&ok);
        return ok ? TimeRange::day(a.addDays(n)) : TimeRange{};
    }
    if (wordIs(kind, u"weekday")) {
        const int d = arg.toInt(&ok);
        if (!ok || d < 1 || d > 7)
            return {};
        const int back = (a.dayOfWeek() - d + 7) % 7;   // 0..6 days back to the latest such day
        const int ahead = (d - a.dayOfWeek() + 7) % 7;  // 0..6 days ahead to the next
        if (mode.isEmpty())
            return TimeRange::day(a.addDays(-back));
        if (wordIs(mode, u"future"))
            return TimeRange::day(a.addDays(ahead));
        if (wordIs(mode, u"last"))
            return TimeRange::day(a.addDays(back == 0 ? -7 : -back));
        if (wordIs(mode, u"next"))
            return TimeRange::day(a.addDays(ahead == 0 ? 7 : ahead));
        return {};
    }
    if (wordIs(kind, u"week")) {
        const int n = arg.toInt(&ok);
        return ok ? TimeRange::isoWeek(a.addDays(7 * qint64(n))) : TimeRange{};
    }
    if (wordIs(kind, u"weektodate") && p.size() == 1)
        return TimeRange::range(mondayOf(a), a);
    if (wordIs(kind, u"monthtodate") && p.size() == 1)
        return TimeRange::range(QDate(a.year(), a.month(), 1), a);
    if (wordIs(kind, u"yeartodate") && p.size() == 1)
        return TimeRange::range(QDate(a.year(), 1, 1), a);
    if (wordIs(kind, u"weekend")) {
        const int n = arg.toInt(&ok);
        if (!ok)
            return {};
        const QDate latestSaturday = a.addDays(-((a.dayOfWeek() - 6 + 7) % 7));
        if (n == 0)
            return weekend(latestSaturday);
        if (n == -1) // the latest weekend that is over
            return weekend(latestSaturday.addDays(1) < a ? latestSaturday : latestSaturday.addDays(-7));
        if (n == 1) // the first weekend that is not over
            return weekend(latestSaturday.addDays(1) >= a ? latestSaturday : latestSaturday.addDays(7));
        return {};
    }
    if (wordIs(kind, u"month")) {
        const int n = arg.toInt(&ok);
        if (!ok)
            return {};
        const QDate m = QDate(a.year(), a.month(), 1).addMonths(n);
        return monthRange(m.year(), m.month());
    }
    if (wordIs(kind, u"year")) {
        const int n = arg.toInt(&ok);
        return ok && n > -1000 && n < 1000 ? TimeRange::year(a.year() + n) : TimeRange{};
    }
    if (wordIs(kind, u"monthname")) {
        const int m = arg.toInt(&ok);
        if (!ok || m < 1 || m > 12 || !(mode.isEmpty() || wordIs(mode, u"future") || wordIs(mode, u"last") || wordIs(mode, u"next")))
            return {};
        return monthRange(yearFor(m, 0, a, mode), m);
    }
    if (wordIs(kind, u"date")) {
        // date:MM-DD[..MM-DD][:future]
        const qsizetype dots = arg.indexOf(u"..");
        int m1 = 0, d1 = 0, m2 = 0, d2 = 0;
        if (!parseMonthDay(QStringView(arg).first(dots < 0 ? arg.size() : dots), &m1, &d1))
            return {};
        if (!(mode.isEmpty() || wordIs(mode, u"future")))
            return {};
        const int y = yearFor(m1, d1, a, mode);
        const QDate start(y, m1, d1);
        if (!start.isValid())
            return {};
        if (dots < 0)
            return TimeRange::day(start);
        if (!parseMonthDay(QStringView(arg).sliced(dots + 2), &m2, &d2))
            return {};
        QDate end(y, m2, d2);
        if (end.isValid() && end < start)
            end = QDate(y + 1, m2, d2);
        return end.isValid() ? TimeRange::range(start, end) : TimeRange{};
    }
    if (wordIs(kind, u"day")) {
        // day:YYYY-MM-DD, an absolute day (only needed inside "since:").
        const QDate d = QDate::fromString(arg, Qt::ISODate);
        return d.isValid() ? TimeRange::day(d) : TimeRange{};
    }
    if (wordIs(kind, u"recent") && p.size() == 2) {
        if (wordIs(arg, u"days"))
            return TimeRange::range(a.addDays(-7), a);
        if (wordIs(arg, u"weeks"))
            return TimeRange::range(a.addDays(-21), a);
        if (wordIs(arg, u"months"))
            return TimeRange::range(a.addDays(-90), a);
        if (wordIs(arg, u"years"))
            return TimeRange::range(a.addYears(-3), a);
        return {};
    }
    if ((wordIs(kind, u"past") || wordIs(kind, u"next") || wordIs(kind, u"morethan")) && p.size() == 2) {
        int amount = 0;
        QChar unit;
        if (!parseAmount(arg, &amount, &unit))
            return {};
        if (wordIs(kind, u"past"))
            return TimeRange::range(shiftBack(a, amount, unit), a);
        if (wordIs(kind, u"next"))
            return TimeRange::range(a, shiftForward(a, amount, unit));
        // "for more than a week": it began before the week; taken as up to half as long again.
        return TimeRange::range(shiftBack(a, int(std::ceil(amount * 1.5)), unit), a);
    }
    if (wordIs(kind, u"shift") && p.size() >= 3 && !wordIs(p[2], u"shift") && !wordIs(p[2], u"since")) {
        const int n = arg.toInt(&ok);
        const TimeRange from = ok && n > -1000 && n < 1000 ? resolveParts(p.mid(2), a) : TimeRange{};
        return from.isValid() ? TimeRange::day(from.start.addDays(n)) : TimeRange{};
    }
    if (wordIs(kind, u"upto") && p.size() >= 2 && !wordIs(p[1], u"upto")) {
        const TimeRange r = resolveParts(p.mid(1), a);
        if (!r.isValid() || r.start > a)
            return {};
        return r.end <= a ? r : TimeRange::range(r.start, a);
    }
    if (wordIs(kind, u"since") && p.size() >= 2 && !wordIs(p[1], u"since")) {
        TimeRange from = resolveParts(p.mid(1), a);
        // "since Dec. 7" in a late-November article: the December before, not the coming one.
        if (from.isValid() && from.start > a && (wordIs(p[1], u"date") || wordIs(p[1], u"monthname")))
            from = resolveParts(p.mid(1), a.addYears(-1));
        if (!from.isValid() || from.start > a)
            return {};
        return TimeRange::range(from.start, a);
    }
    return {};
}

} // namespace

TimeRange resolveTimeRule(const QString &rule, QDate published)
{
    if (!published.isValid() || rule.isEmpty())
        return {};
    const QStringList parts = rule.split(u':');
    return resolveParts(parts, published);
}

} // namespace mapline
