#pragma once

#include <QSet>
#include <QString>

#include <optional>

namespace mapline {

// What the analyst filters the map by, turned into an EventMask by EventIndex::mask().
// Empty members do not filter.
struct EventFilter {
    QSet<QString> types;               // event type keys
    QSet<QString> actors;              // actor names: events with any of them
    std::optional<QSet<qint64>> ids;   // e.g. the result of a full-text search
    bool exactPlacesOnly = false;      // drop events placed only to a province or a country
    int minSources = 0;                // events of happenings told by at least this many sources

    bool isEmpty() const { return types.isEmpty() && actors.isEmpty() && !ids && !exactPlacesOnly && minSources <= 1; }
    friend bool operator==(const EventFilter &, const EventFilter &) = default;
};

} // namespace mapline
