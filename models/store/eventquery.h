#pragma once

#include <QDate>
#include <QGeoCoordinate>
#include <QString>
#include <QStringList>

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
    int limit = -1;
};

} // namespace mapline
