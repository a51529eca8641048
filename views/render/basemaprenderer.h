#pragma once

#include "render/mapsettings.h"

#include <QPainter>

namespace mapline {

class LayerSource;
class VectorLayer;

// Paints the background of a frame: water, land (the focus country lighter), the shaded relief,
// lakes and rivers, the user's basemap layers, province and country borders, then the user's other layers in
// their order. Names are LabelRenderer's, on a layer
// of their own. Stateless and thread-safe (the data is immutable; rasters lock themselves).
class BasemapRenderer {
public:
    static void paint(QPainter &painter, const MapSettings &settings);
    // The user's layers of one role (MapSettings::Layer::basemap) in their order.
    static void paintUserLayers(QPainter &painter, const MapSettings &settings, bool basemapRole = false);
    // A user vector layer with its style: areas filled, lines stroked, points as dots.
    static void paintVectorLayer(QPainter &painter, const MapSettings &settings, const VectorLayer &layer,
                                 const QColor &colour);
    static void paintVectorLayer(QPainter &painter, const MapSettings &settings, const MapSettings::Layer &layer);
    // OpenStreetMap data with a road-map style: land use, water, roads by class (cased, wider
    // as the view closes in), rivers, railways; each class from the scale where it reads.
    static void paintOsmLayer(QPainter &painter, const MapSettings &settings, const LayerSource &source);
    // The colours given to user layers in turn.
    static QColor layerColour(int n);
};

} // namespace mapline
