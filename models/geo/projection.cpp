#include "geo/projection.h"

#include <algorithm>
#include <cmath>

namespace mapline {
namespace {
constexpr double kDegToRad = M_PI / 180.0;
constexpr double kRadToDeg = 180.0 / M_PI;
} // namespace

QPointF Projection::fromLonLat(double longitude, double latitude)
{
    const double lat = std::clamp(latitude, -kMaxLatitude, kMaxLatitude);
    const double x = kEarthRadius * longitude * kDegToRad;
    const double y = kEarthRadius * std::log(std::tan(M_PI / 4.0 + lat * kDegToRad / 2.0));
    return {x, y};
}

QPointF Projection::project(const QGeoCoordinate &coordinate)
{
    return fromLonLat(coordinate.longitude(), coordinate.latitude());
}

double Projection::longitudeOf(double x)
{
    return x / kEarthRadius * kRadToDeg;
}

double Projection::latitudeOf(double y)
{
    return (2.0 * std::atan(std::exp(y / kEarthRadius)) - M_PI / 2.0) * kRadToDeg;
}

QGeoCoordinate Projection::unproject(const QPointF &metres)
{
    return QGeoCoordinate(latitudeOf(metres.y()), longitudeOf(metres.x()));
}

QRectF Projection::project(const QGeoRectangle &rectangle)
{
    const QPointF topLeft = project(rectangle.topLeft());
    const QPointF bottomRight = project(rectangle.bottomRight());
    // Projected rectangles keep y growing north: top() is the southern edge.
    return QRectF(QPointF(topLeft.x(), bottomRight.y()), QPointF(bottomRight.x(), topLeft.y()));
}

QGeoRectangle Projection::unproject(const QRectF &metres)
{
    const QRectF r = metres.normalized();
    return QGeoRectangle(QGeoCoordinate(latitudeOf(r.bottom()), longitudeOf(r.left())),
                         QGeoCoordinate(latitudeOf(r.top()), longitudeOf(r.right())));
}

double Projection::groundScale(double latitude)
{
    return std::cos(std::clamp(latitude, -kMaxLatitude, kMaxLatitude) * kDegToRad);
}

} // namespace mapline
