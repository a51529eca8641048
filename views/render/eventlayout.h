#pragma once

#include "render/eventstyle.h"

#include <QPointF>
#include <QRectF>

#include <array>
#include <vector>

namespace mapline {

class MapSettings;

// What the event layer drew where in one frame: single symbols and clusters, for hit-testing
// (hover, click) and for the legend's counts. Produced with the image by the render job and
// handed to the GUI thread, which maps it into later views through the items' map positions.
struct EventLayout {
    struct Item {
        QPointF metres;        // the events' place (clusters: the members' mean)
        QPointF offset;        // pixels from the place, for co-located events spread in a ring
        float radius = 6.0f;   // pixels, for hit-testing
        qint32 count = 1;      // 1: one event
        qint64 eventId = 0;    // the event, or a cluster's newest member
        qint32 row = -1;       // its EventIndex row
        QRectF memberBounds;   // metres, the members' extent (clusters)
        std::array<qint32, EventStyle::kFamilyCount> familyCounts{};
        quint8 typeId = 0;
        bool uncertain = false;
        bool spread = false;   // drawn off its place with a leader line

        bool isCluster() const { return count > 1; }
    };

    std::vector<Item> items;        // in drawing order: the last is on top
    qsizetype windowEvents = 0;     // in the time window and filter, anywhere
    qsizetype visibleEvents = 0;    // ...and in view
    std::vector<qint32> typeCounts; // visible events by EventIndex type id
    bool heatMap = false;

    // The item under `screen` in the view of `settings` (topmost first), or null.
    const Item *itemAt(const MapSettings &settings, const QPointF &screen, double slop = 3.0) const;
    QPointF screenPosition(const MapSettings &settings, const Item &item) const;
};

} // namespace mapline
