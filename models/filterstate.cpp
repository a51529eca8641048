#include "filterstate.h"

#include <QCoreApplication>

namespace mapline {
namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("FilterState", text);
}
} // namespace

QList<std::pair<QString, QString>> FilterState::describe() const
{
    QList<std::pair<QString, QString>> items;
    if (!hiddenTypes.isEmpty())
        items.append({QStringLiteral("types"), hiddenTypes.size() == 1 ? tr("1 type hidden")
                                                                         : tr("%1 types hidden").arg(hiddenTypes.size())});
    if (!actors.isEmpty())
        items.append({QStringLiteral("actors"), tr("Actors: %1").arg(actors.join(QStringLiteral(", ")))});
    if (hasPlace())
        items.append({QStringLiteral("place"), tr("Within %1 km of %2").arg(radiusKm).arg(placeName)});
    if (hasSearch())
        items.append({QStringLiteral("search"), tr("Text: %1").arg(search.trimmed())});
    if (!precisions.isEmpty()) {
        QStringList names;
        for (DatePrecision p : {DatePrecision::Day, DatePrecision::Range, DatePrecision::Week, DatePrecision::Month,
                                DatePrecision::Year})
            if (precisions.contains(p))
                names << toString(p);
        items.append({QStringLiteral("precision"), tr("Dates: %1").arg(names.join(QStringLiteral(", ")))});
    }
    if (exactPlacesOnly)
        items.append({QStringLiteral("exact"), tr("Exact places only")});
    if (minSources > 1)
        items.append({QStringLiteral("sources"), tr("Sources at least %1").arg(minSources)});
    return items;
}

void FilterState::clear(const QString &key)
{
    if (key == u"types")
        hiddenTypes.clear();
    else if (key == u"actors")
        actors.clear();
    else if (key == u"place") {
        placeName.clear();
        placeCoordinate = {};
    } else if (key == u"search")
        search.clear();
    else if (key == u"precision")
        precisions.clear();
    else if (key == u"exact")
        exactPlacesOnly = false;
    else if (key == u"sources")
        minSources = 0;
}

EventFilter FilterState::toEventFilter(const QStringList &allTypes, const std::optional<QSet<qint64>> &searchIds) const
{
    EventFilter f;
    if (!hiddenTypes.isEmpty()) {
        for (const QString &t : allTypes)
            if (!hiddenTypes.contains(t))
                f.types.insert(t);
        // Every type hidden: a type set nobody has, so nothing passes (an empty set would pass all).
        if (f.types.isEmpty())
            f.types.insert(QStringLiteral("\x01none"));
    }
    for (const QString &a : actors)
        f.actors.insert(a);
    if (hasSearch())
        f.ids = searchIds.value_or(QSet<qint64>());
    f.exactPlacesOnly = exactPlacesOnly;
    f.minSources = minSources;
    return f;
}

EventQuery FilterState::toEventQuery(const QStringList &allTypes, const QDate &from, const QDate &to) const
{
    EventQuery q;
    q.from = from;
    q.to = to;
    if (!hiddenTypes.isEmpty()) {
        for (const QString &t : allTypes)
            if (!hiddenTypes.contains(t))
                q.types << t;
        if (q.types.isEmpty())
            q.types << QStringLiteral("\x01none");
    }
    q.actors = actors;
    if (hasPlace()) {
        q.near = placeCoordinate;
        q.radiusKm = radiusKm;
    }
    if (hasSearch())
        q.search = search.trimmed();
    q.minSources = minSources;
    return q;
}

} // namespace mapline
