#pragma once

#include <QPainter>
#include <QStringList>

namespace mapline {

class MapSettings;
struct EventLayout;

// Paints the basemap's names above the events: country names, province names, and towns (dot
// and name) chosen by rank and zoom, placed greedily by importance with LabelPlacer so no two
// collide. The event symbols and clusters of the frame are obstacles: a town under a cluster
// gets its name beside the cluster (the cluster marks the place, so no dot), and no name covers
// a symbol. Names have a white halo to read over borders. Stateless and thread-safe.
class LabelRenderer {
public:
    // Returns the names drawn, in the order they were placed (for tests and diagnostics).
    static QStringList paint(QPainter &painter, const MapSettings &settings, const EventLayout *events = nullptr);
    // The largest metres-per-pixel at which towns of `rank` (1..5) are named.
    static double maxScaleForRank(int rank);
};

} // namespace mapline
