#pragma once

#include "render/eventlayout.h"
#include "render/mapsettings.h"

#include <QImage>
#include <QPainter>

namespace mapline {

// Paints a whole map frame for a MapSettings on any QPainter (widget, QImage, SVG, PDF): the
// basemap and user layers, the events, the names, the selection, then the scale bar, legend,
// title and attribution. The canvas, `mapline snapshot` and the render tests all use it; the
// canvas calls the layer functions separately to cache the basemap apart from the events.
// Stateless: every function may run on any thread with its own painter.
class MapRenderer {
public:
    static EventLayout render(QPainter &painter, const MapSettings &settings);
    // The map as an RGB32 image; a null image when there was no memory for it.
    static QImage renderImage(const MapSettings &settings, EventLayout *layout = nullptr);

    // The two cached layers of the canvas, at settings' size and pixel ratio: the basemap with the
    // user layers (opaque; redrawn when the view changes), and the events with the names
    // (transparent; redrawn also when the time window or filter changes, because names make
    // room for the event symbols).
    static QImage basemapImage(const MapSettings &settings);
    static QImage overlayImage(const MapSettings &settings, EventLayout *layout);

    static QImage blankImage(const MapSettings &settings, QImage::Format format = QImage::Format_ARGB32_Premultiplied);
};

} // namespace mapline
