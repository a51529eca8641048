#pragma once

#include "render/eventstyle.h"
#include "render/eventtimestyle.h"

#include <QPointF>
#include <QRectF>

#include <QString>

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
        float opacity = 1.0f;  // EventTimeStyle: the share of a range in the window, age
        float recency = 1.0f;  // 0: at the window's start, 1: at its end (colour by age)
        qint32 badge = 0;      // briefing: this many events of this type at this place (shown from 2)
        quint8 sources = 0;    // Happenings mode: the happening's distinct sources (0: not shown)

        bool isCluster() const { return count > 1; }
    };

    std::vector<Item> items;        // in drawing order: the last is on top
    qsizetype windowEvents = 0;     // in the time window and filter, anywhere
    qsizetype visibleEvents = 0;    // ...and in view
    std::vector<qint32> typeCounts; // visible events by EventIndex type id
    bool heatMap = false;
    EventTimeStyle::Mode timeStyle = EventTimeStyle::Mode::Plain; // for the legend
    bool anyPartial = false;        // some range drawn faint: only part of it is in the window
    bool sources = false;           // Happenings mode: symbols weighted by sources (SourcesStyle)
    // Briefing style (MapSettings::briefing): symbols by type per place, and the places' names
    // placed clear of the symbols and of each other (other labels keep off them).
    struct PlaceLabel {
        QString text;
        QRectF rect;       // logical pixels of the frame it was made for
        QPointF baseline;  // where the text starts
    };
    // A place with several types: its symbols in a small panel (`rect`, screen), on the place
    // or, where another place's panel is, beside it with a leader to `metres`.
    struct PlaceBlock {
        QPointF metres;
        QRectF rect;
    };
    bool briefing = false;
    std::vector<PlaceLabel> placeLabels;
    std::vector<PlaceBlock> placeBlocks;

    // The item under `screen` in the view of `settings` (topmost first), or null.
    const Item *itemAt(const MapSettings &settings, const QPointF &screen, double slop = 3.0) const;
    QPointF screenPosition(const MapSettings &settings, const Item &item) const;
};

} // namespace mapline
