#pragma once

#include <QDate>
#include <QString>
#include <QtGlobal>

namespace mapline::timeline {

// Time on the timeline is counted in whole days: EventIndex's day numbers (days since
// 1970-01-01), so histogram and window arithmetic never build a QDate per event.

// The width of one histogram bar; chosen from the zoom of the time axis (bucketSizeFor()).
enum class BucketSize { Day, Week, Month };
// How far one step (a key press, a frame of playback) moves the window.
enum class StepUnit { Day, Week, Month };

QString toString(BucketSize size);
QString toString(StepUnit unit);

QDate dateOf(qint32 day);
qint32 dayOf(QDate date);

// The first day of the bucket holding `day`: the day itself, the Monday of its ISO week, or
// the first of its month.
qint32 bucketStart(qint32 day, BucketSize size);
// The first day of the bucket after the one starting at (or holding) `day`.
qint32 nextBucketStart(qint32 day, BucketSize size);
// The last day of the bucket holding `day`.
inline qint32 bucketEnd(qint32 day, BucketSize size) { return nextBucketStart(day, size) - 1; }

// Day bars while a day is at least kMinBarPixels wide, week bars while a week is, months beyond.
constexpr double kMinBarPixels = 5.0;
BucketSize bucketSizeFor(double pixelsPerDay);

// `day` moved by `count` units (negative: back). Months keep the day of month where they can
// and keep "last day of the month" as the last day (Nov 30 + 1 month = Dec 31).
qint32 addSteps(qint32 day, StepUnit unit, int count);

} // namespace mapline::timeline
