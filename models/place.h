#pragma once

#include <QGeoCoordinate>
#include <QString>

namespace mapline {

// How precisely an event's place is known: the kind of gazetteer entry it was placed at.
enum class GeoPrecision { Unknown, Landmark, City, District, Province, Country };

QString toString(GeoPrecision precision);
GeoPrecision geoPrecisionFromString(QStringView text); // Unknown for anything else

// A gazetteer place. The coordinate is WGS 84; an unplaced event has an invalid one.
struct Place {
    QString name;            // gazetteer name, e.g. "Kunduz"
    GeoPrecision precision = GeoPrecision::Unknown;
    QGeoCoordinate coordinate;
    QString admin1;          // province or state name
    QString admin2;          // district name
    QString country;         // ISO 3166-1 alpha-2
    qint64 gazetteerId = 0;  // GeoNames id where known, else the curated file's id
    QString source;          // where the entry comes from: "GeoNames", "curated", ...

    bool isValid() const { return !name.isEmpty() && coordinate.isValid(); }
};

} // namespace mapline
