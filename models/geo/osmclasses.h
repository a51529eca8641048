#pragma once

#include <cstdint>
#include <vector>

namespace mapline {

class VectorLayer;

// The cartographic class of each feature of a layer read from OpenStreetMap data (GDAL's OSM
// driver: layers points, lines, multipolygons with the highway, waterway, landuse, natural,
// place... columns), so the map can draw roads, rivers, land use and places with a road-map
// style instead of one colour. Computed once when the layer is opened (string tests per
// feature), never per frame.
namespace osm {

enum Class : std::uint8_t {
    None = 0,
    // areas
    BuiltUp, Building, Farmland, Forest, WaterArea, Military, Aerodrome, Cemetery,
    // lines
    Motorway = 20, Primary, Secondary, Tertiary, MinorRoad, Track, River, Stream, Railway,
    // points
    City = 40, Town, Village, Hamlet,
};

inline bool isArea(Class c) { return c > None && c < Motorway; }
inline bool isLine(Class c) { return c >= Motorway && c < City; }
inline bool isPlace(Class c) { return c >= City; }

// Whether the layer has OpenStreetMap's key columns (at least one of highway, waterway,
// landuse, natural, place).
bool looksLikeOsm(const VectorLayer &layer);
// One class per feature, in features() order (all None when the layer is not OSM data).
std::vector<Class> classify(const VectorLayer &layer);

} // namespace osm
} // namespace mapline
