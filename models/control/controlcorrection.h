#pragma once

#include <QDate>
#include <QGeoCoordinate>
#include <QList>
#include <QString>

namespace mapline {

// The analyst's word on who holds a place from a day on (table `control_corrections`, schema 7,
// docs/CONTROL.md "Corrections"). Keyed by the place as the gazetteer names it (name, province,
// country) and the day, never by event ids: it survives deleting and re-importing the articles and
// every new inference. Applied on top of the machine's history by ControlInference::correct().
// Plain value type.
struct ControlCorrection {
    QString place;   // places.name
    QString admin1;
    QString country; // ISO 3166-1 alpha-2
    QGeoCoordinate coordinate; // where to draw the place when no event names it any more
    QDate from;      // the first day the side holds it
    QString side;    // the side's name (sides.name)
    QString note;    // the analyst's reason, free text

    // Two corrections with the same key are the same place from the same day (one replaces the other).
    bool sameKey(const ControlCorrection &other) const
    {
        return place == other.place && admin1 == other.admin1 && country == other.country && from == other.from;
    }
    friend bool operator==(const ControlCorrection &, const ControlCorrection &) = default;
};

} // namespace mapline
