#pragma once

#include <QPainter>

namespace mapline {

class MapSettings;
class VectorLayer;

// Paints the background of a frame: water, land (the focus country lighter), province and
// country borders, then the user's layers in their order. Names are LabelRenderer's, on a layer
// of their own. Stateless and thread-safe (the data is immutable; rasters lock themselves).
class BasemapRenderer {
public:
    static void paint(QPainter &painter, const MapSettings &settings);
    static void paintUserLayers(QPainter &painter, const MapSettings &settings);
    // A user vector layer in `colour`: areas tinted, lines stroked, points as dots.
    static void paintVectorLayer(QPainter &painter, const MapSettings &settings, const VectorLayer &layer,
                                 const QColor &colour);
    // The colours given to user layers in turn.
    static QColor layerColour(int n);
};

} // namespace mapline
