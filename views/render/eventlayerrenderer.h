#pragma once

#include "render/eventlayout.h"
#include "render/eventstyle.h"

#include <QPainter>

#include <optional>

namespace mapline {

class MapSettings;

// Draws the events of a MapSettings' time window and filter: symbols by type, clusters with
// counts where symbols would overlap (screen cells aligned to the map, so panning does not
// reshuffle them; zooming in splits them), co-located events spread in a ring when zoomed in,
// the events around MapSettings::spread() fanned out on a spiral, or a heat map. A range event
// is drawn faint by how little of it the window holds, and by age on request (EventTimeStyle). Stateless and thread-safe: render jobs call it from worker threads.
class EventLayerRenderer {
public:
    static constexpr double kSymbolSize = 12.0;     // logical pixels
    static constexpr int kMaxSpread = 8;            // co-located events drawn one by one up to this many
    static constexpr int kMaxSpiderfy = 150;        // events fanned out at one spot; more open as a list

    // Bins the visible events into clusters and single symbols.
    static EventLayout layout(const MapSettings &settings);
    // Paints a layout on `painter` (logical pixel coordinates of settings' view).
    static void paint(QPainter &painter, const MapSettings &settings, const EventLayout &layout);
    // layout() and paint() (or the heat map) in one go.
    static EventLayout render(QPainter &painter, const MapSettings &settings);
    // The highlight of settings' selected event, when it is in the window and filter.
    static void paintSelection(QPainter &painter, const MapSettings &settings);
    // Where paintSelection draws its rings (screen pixels), if it draws them; names keep out of
    // kSelectionRadius around it (LabelRenderer), since the highlight is painted over the names.
    static std::optional<QPointF> selectionCentre(const MapSettings &settings);
    static constexpr double kSelectionRadius = 17.0; // the outer ring's edge: 14 px + half its 5 px pen

    // One event symbol centred on `centre`; exact places filled, uncertain ones hollow with a halo.
    static void paintSymbol(QPainter &painter, const QPointF &centre, const EventStyle &style, bool uncertain,
                            double size = kSymbolSize);
    // A cluster: a ring split by family shares around the count.
    static void paintCluster(QPainter &painter, const QPointF &centre, double radius,
                             const std::array<qint32, EventStyle::kFamilyCount> &familyCounts, qint32 count,
                             bool drawText);
    static void paintClusterCount(QPainter &painter, const QPointF &centre, double radius, qint32 count);
    static double innerRadius(double radius); // of a cluster's white disc
    static QString countText(qint64 count); // 950, 1.2k, 12k, 1.3M
};

} // namespace mapline
