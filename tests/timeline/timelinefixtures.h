#pragma once

// Event days and indexes with outlier dates, for the timeline's tests (tst_timeline, tst_fitspan).
#include "index/eventindex.h"
#include "index/eventindexbuilder.h"
#include "timeline/timeaxis.h"

#include <QDate>
#include <QList>

#include <memory>

namespace mapline::test {

inline qint32 day(int y, int m, int d)
{
    return timeline::dayOf(QDate(y, m, d));
}

inline QList<qint32> repeated(QDate date, int count)
{
    return QList<qint32>(count, timeline::dayOf(date));
}

// `count` events over the 30 days from `from`, the same number on each.
inline QList<qint32> overMonth(QDate from, int count)
{
    QList<qint32> days;
    for (int i = 0; i < count; ++i)
        days << timeline::dayOf(from) + i % 30;
    return days;
}

// One statement in 1979 (a GDELT-style outlier), 150 clashes over November 2001 (five a day)
// and one clash dated from 2001-11-10 to the end of 2003.
inline std::shared_ptr<const EventIndex> makeOutlierIndex()
{
    EventIndexBuilder b;
    b.add(1, day(1979, 3, 1), day(1979, 3, 1), 68.86, 36.73, QStringLiteral("statement"), GeoPrecision::City);
    const QList<qint32> november = overMonth(QDate(2001, 11, 1), 150);
    for (int i = 0; i < november.size(); ++i)
        b.add(10 + i, november[i], november[i], 68.86, 36.73, QStringLiteral("armed_clash"), GeoPrecision::City);
    b.add(500, day(2001, 11, 10), day(2003, 12, 31), 68.86, 36.73, QStringLiteral("armed_clash"), GeoPrecision::City);
    return std::make_shared<const EventIndex>(b.build());
}

} // namespace mapline::test
