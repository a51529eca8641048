#pragma once

#include "event.h"

#include <QDate>
#include <QGeoCoordinate>
#include <QString>
#include <QStringList>

class QSqlQuery;

namespace mapline {

// A filter over stored events; empty members do not filter.
struct EventQuery {
    QDate from;               // events whose time overlaps [from, to]
    QDate to;
    QStringList types;        // event type keys
    QStringList actors;       // actor names (any of them)
    QGeoCoordinate near;      // with radiusKm: events within that distance
    double radiusKm = 50.0;
    QString search;           // FTS5 query over sentences and article titles
    qint64 articleId = 0;
    int minSources = 0;       // events whose happening has at least this many distinct sources
    int limit = -1;

    // Whether a place at `c` passes the `near` filter (always, without one; never, unplaced).
    bool reaches(const QGeoCoordinate &c) const
    {
        return !near.isValid() || (c.isValid() && c.distanceTo(near) <= radiusKm * 1000.0);
    }
};

// How a full event is read, shared by EventStore::events() and EventLookup::byIds(): the
// columns (a SELECT over `events e` with its sentence and place, to which the caller adds its
// WHERE and ORDER BY) and the mapping of one such row to an Event; then the event's actors,
// one row each, the event id in column 0. Defined in eventstore_query.cpp.
struct EventRow {
    // `happenings`: the store has them (EventStore::hasHappenings()); else happening_id and sources
    // read as 0 (an older database opened read-only). `externalIds`: the store has external_id
    // (schema 2 on); else every event reads as having none.
    static QString select(bool happenings = true, bool externalIds = true);
    static Event read(const QSqlQuery &query);
    static QString selectActors(); // "... FROM event_actors ea JOIN actors a": add WHERE, ORDER BY
    static ActorMention readActor(const QSqlQuery &query);
    // A place from nine columns from `column` on: name, kind, lon, lat, admin1, admin2, country,
    // gazetteer_id, source (the coordinate invalid when lon or lat is NULL).
    static Place readPlace(const QSqlQuery &query, int column);
};

} // namespace mapline
