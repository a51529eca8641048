#pragma once

#include <QGeoCoordinate>
#include <QGeoRectangle>
#include <QPointF>
#include <QRectF>

namespace mapline {

// Spherical Web Mercator (EPSG:3857), the map's projected coordinate system.
// A projected point is a QPointF in metres: x = easting (grows east), y = northing (grows north).
// Screen coordinates (y down) are MapSettings' business, not this class's.
// Latitudes are clamped to +-kMaxLatitude, where the projection is square.
class Projection {
public:
    static constexpr double kEarthRadius = 6378137.0;                 // metres (WGS 84 semi-major axis)
    static constexpr double kHalfWorld = 20037508.342789244;          // pi * R: x at longitude 180
    static constexpr double kMaxLatitude = 85.05112877980659;         // y = kHalfWorld

    static QPointF fromLonLat(double longitude, double latitude);
    static QPointF project(const QGeoCoordinate &coordinate);
    static QGeoCoordinate unproject(const QPointF &metres);
    static double longitudeOf(double x);
    static double latitudeOf(double y);

    // The projected bounding box of a geographic rectangle, and back.
    static QRectF project(const QGeoRectangle &rectangle);
    static QGeoRectangle unproject(const QRectF &metres);

    // Ground metres per projected metre at a latitude: Mercator stretches distances by 1/cos(lat).
    static double groundScale(double latitude);
};

} // namespace mapline
