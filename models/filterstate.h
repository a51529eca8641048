#pragma once

#include "index/eventfilter.h"
#include "store/eventquery.h"
#include "timerange.h"

#include <QGeoCoordinate>
#include <QSet>
#include <QString>
#include <QStringList>

namespace mapline {

// The analyst's active filters as one value: what the filter panel edits, the workspace keeps,
// and what becomes the index's EventFilter/EventMask (map, timeline) and the store's EventQuery
// (table). Empty members do not filter. Types are kept as the *hidden* set, so a type that
// appears with new data is shown until the analyst hides it.
struct FilterState {
    QSet<QString> hiddenTypes;
    QStringList actors;                 // events with any of them
    QString placeName;                  // as shown; the coordinate is what filters
    QGeoCoordinate placeCoordinate;
    double radiusKm = 25.0;
    QString search;                     // full-text (FTS5) over sentences and titles
    QSet<DatePrecision> precisions;     // allowed date precisions; empty: all
    bool exactPlacesOnly = false;       // drop events placed only to a province or country
    int minSources = 0;                 // happenings told by at least this many distinct sources

    bool hasPlace() const { return placeCoordinate.isValid(); }
    bool hasSearch() const { return !search.trimmed().isEmpty(); }
    bool isEmpty() const
    {
        return hiddenTypes.isEmpty() && actors.isEmpty() && !hasPlace() && !hasSearch() && precisions.isEmpty() &&
               !exactPlacesOnly && minSources <= 1;
    }

    // One entry per active filter, for the "active filters" line: (key, text). Keys name what
    // clear(key) removes: "types", "actors", "place", "search", "precision", "exact", "sources".
    QList<std::pair<QString, QString>> describe() const;
    void clear(const QString &key);

    // For EventIndex::mask(): types, actors, exact places, and the ids a search found (place and
    // date precision are applied by FilterMaskBuilder on top).
    EventFilter toEventFilter(const QStringList &allTypes, const std::optional<QSet<qint64>> &searchIds = {}) const;
    // For EventStore::events(): the window, types, actors, place and text (date precision and
    // exact places are checked against the mask afterwards).
    EventQuery toEventQuery(const QStringList &allTypes, const QDate &from = {}, const QDate &to = {}) const;

    friend bool operator==(const FilterState &, const FilterState &) = default;
};

} // namespace mapline
