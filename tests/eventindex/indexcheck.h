// Helpers for tst_eventindex: the reference index of a store (built from EventStore::events(),
// through QSqlQuery and QDate: a path that shares nothing with the loader but the builder), and
// a row-by-row comparison of two indexes.
#pragma once

#include "index/eventindexbuilder.h"
#include "store/eventstore.h"

#include <QStringList>

#include <algorithm>

namespace mapline::test {

inline Result<EventIndex> referenceIndex(const EventStore &store)
{
    const auto events = store.events();
    if (!events)
        return Result<EventIndex>::failure(events.error());
    EventIndexBuilder builder;
    for (const Event &e : *events)
        builder.add(e);
    return builder.build();
}

inline QStringList actorNamesOf(const EventIndex &index, qsizetype row)
{
    QStringList names;
    for (quint32 a : index.actorsOf(row))
        names << index.actorNames().value(int(a));
    names.sort();
    return names;
}

// Empty when both hold the same events with the same columns (types and actors compared by
// name, since their ids depend on the order they were met in); else the first difference.
inline QString indexDifference(const EventIndex &got, const EventIndex &want)
{
    if (got.size() != want.size())
        return QStringLiteral("%1 events, expected %2").arg(got.size()).arg(want.size());
    for (qsizetype row = 0; row < got.size(); ++row) {
        const auto differs = [&](const char *what, const QString &a, const QString &b) {
            return QStringLiteral("row %1 (event %2), %3: %4, expected %5")
                .arg(row).arg(want.id(row)).arg(QLatin1String(what), a, b);
        };
        if (got.id(row) != want.id(row))
            return differs("id", QString::number(got.id(row)), QString::number(want.id(row)));
        if (got.startDay(row) != want.startDay(row) || got.endDay(row) != want.endDay(row))
            return differs("the time", EventIndex::dateOf(got.startDay(row)).toString(Qt::ISODate) + u'/' +
                                           EventIndex::dateOf(got.endDay(row)).toString(Qt::ISODate),
                           EventIndex::dateOf(want.startDay(row)).toString(Qt::ISODate) + u'/' +
                               EventIndex::dateOf(want.endDay(row)).toString(Qt::ISODate));
        if (got.hasPosition(row) != want.hasPosition(row) ||
            (got.hasPosition(row) && (got.x(row) != want.x(row) || got.y(row) != want.y(row))))
            return differs("the position", QString::number(got.x(row)), QString::number(want.x(row)));
        if (got.placeName(row) != want.placeName(row))
            return differs("the place name", got.placeName(row), want.placeName(row));
        const QString gotType = got.typeNames().value(got.typeId(row));
        const QString wantType = want.typeNames().value(want.typeId(row));
        if (gotType != wantType)
            return differs("the type", gotType, wantType);
        if (got.flags(row) != want.flags(row) || got.precision(row) != want.precision(row))
            return differs("the flags", QString::number(got.flags(row)), QString::number(want.flags(row)));
        const QStringList gotActors = actorNamesOf(got, row);
        const QStringList wantActors = actorNamesOf(want, row);
        if (gotActors != wantActors)
            return differs("the actors", gotActors.join(u','), wantActors.join(u','));
        if (got.rowOfId(got.id(row)) != row)
            return differs("rowOfId", QString::number(got.rowOfId(got.id(row))), QString::number(row));
    }
    if (got.firstDay() != want.firstDay() || got.lastDay() != want.lastDay() || got.bounds() != want.bounds())
        return QStringLiteral("the extent differs");
    // Windows reach long events through their own list: every window must agree.
    for (qint32 day = want.firstDay() - 40; day <= want.lastDay() + 40; day += 3) {
        const auto gotWindow = got.window(day, day + 6);
        const auto wantWindow = want.window(day, day + 6);
        if (got.count(gotWindow) != want.count(wantWindow) || gotWindow.longRows != wantWindow.longRows)
            return QStringLiteral("the window from %1 differs").arg(EventIndex::dateOf(day).toString(Qt::ISODate));
    }
    return {};
}

} // namespace mapline::test
