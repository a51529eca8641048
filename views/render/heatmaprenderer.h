#pragma once

#include <QColor>
#include <QImage>
#include <QPainter>

namespace mapline {

class MapSettings;

// The heat-map mode of the event layer: the visible events counted on a coarse grid, blurred
// (three box passes, close to a Gaussian) and colour-mapped from pale yellow to dark red, with
// transparency where there is little. Its radius is in screen pixels, as in kepler.gl and QGIS.
// Stateless and thread-safe.
class HeatMapRenderer {
public:
    static constexpr int kCellPixels = 4;    // grid resolution
    static constexpr int kBlurCells = 3;     // box radius per pass

    // The colour-mapped density for settings' view, sized to the view in logical pixels / kCellPixels.
    static QImage densityImage(const MapSettings &settings);
    static void paint(QPainter &painter, const MapSettings &settings);
    // The colour for a density share t in [0, 1] (alpha included), for the legend's ramp.
    static QColor colourAt(double t);
};

} // namespace mapline
