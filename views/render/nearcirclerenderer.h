#pragma once

#include <QPainter>

namespace mapline {

class MapSettings;

// The Near filter's area on the map: a circle of its radius on the ground around the place,
// faintly filled and outlined in dashes, with "25 km of Kunduz" at its top, under the events
// (MapSettings::nearCircle). Web Mercator stretches distances by 1/cos(latitude), so the
// radius is scaled at the centre's latitude, as the filter measures it. Stateless.
class NearCircleRenderer {
public:
    static void paint(QPainter &painter, const MapSettings &settings);
    // The circle's radius in logical pixels in `settings`' view (0 when there is none).
    static double radiusPixels(const MapSettings &settings);
};

} // namespace mapline
