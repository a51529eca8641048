#include "timeline/timeaxis.h"

#include "index/eventindex.h"

namespace mapline::timeline {

QString toString(BucketSize size)
{
    switch (size) {
    case BucketSize::Day: return QStringLiteral("day");
    case BucketSize::Week: return QStringLiteral("week");
    case BucketSize::Month: return QStringLiteral("month");
    }
    return {};
}

QString toString(StepUnit unit)
{
    switch (unit) {
    case StepUnit::Day: return QStringLiteral("day");
    case StepUnit::Week: return QStringLiteral("week");
    case StepUnit::Month: return QStringLiteral("month");
    }
    return {};
}

QDate dateOf(qint32 day)
{
    return EventIndex::dateOf(day);
}

qint32 dayOf(QDate date)
{
    return EventIndex::dayNumber(date);
}

qint32 bucketStart(qint32 day, BucketSize size)
{
    switch (size) {
    case BucketSize::Day: return day;
    case BucketSize::Week: {
        // 1970-01-01 was a Thursday: day 0 has ISO weekday 4 (Monday = 1).
        const qint32 weekday = qint32(((qint64(day) + 3) % 7 + 7) % 7); // 0 = Monday
        return day - weekday;
    }
    case BucketSize::Month: {
        const QDate d = dateOf(day);
        return dayOf(QDate(d.year(), d.month(), 1));
    }
    }
    return day;
}

qint32 nextBucketStart(qint32 day, BucketSize size)
{
    switch (size) {
    case BucketSize::Day: return day + 1;
    case BucketSize::Week: return bucketStart(day, size) + 7;
    case BucketSize::Month: {
        const QDate d = dateOf(day);
        return dayOf(QDate(d.year(), d.month(), 1).addMonths(1));
    }
    }
    return day + 1;
}

BucketSize bucketSizeFor(double pixelsPerDay)
{
    if (pixelsPerDay >= kMinBarPixels)
        return BucketSize::Day;
    if (pixelsPerDay * 7.0 >= kMinBarPixels)
        return BucketSize::Week;
    return BucketSize::Month;
}

qint32 addSteps(qint32 day, StepUnit unit, int count)
{
    switch (unit) {
    case StepUnit::Day: return day + count;
    case StepUnit::Week: return day + 7 * count;
    case StepUnit::Month: {
        const QDate d = dateOf(day);
        if (d.day() == d.daysInMonth()) {
            const QDate first = QDate(d.year(), d.month(), 1).addMonths(count);
            return dayOf(QDate(first.year(), first.month(), first.daysInMonth()));
        }
        return dayOf(d.addMonths(count));
    }
    }
    return day;
}

} // namespace mapline::timeline
