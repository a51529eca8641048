#pragma once

#include <QList>
#include <QPainter>
#include <QRectF>
#include <QString>

namespace mapline {

class MapSettings;
struct EventLayout;

// The furniture around a map: scale bar, north arrow, attribution, legend of the event types in
// view, and a title block with the time window as a caption (snapshots). Each is drawn only when
// its MapSettings::Decoration flag is on. Painted last, in screen space, on every frame; cheap enough for
// the GUI thread. Stateless and thread-safe.
class DecorationRenderer {
public:
    static QString attributionText();
    // "1 Nov 2001 – 30 Nov 2001 · 42 events"
    static QString captionText(const MapSettings &settings, qsizetype events);

    // Returns the panels drawn over the map (legends), so that a view fitted to events can keep
    // them clear (MapCanvas).
    static QList<QRectF> paint(QPainter &painter, const MapSettings &settings, const EventLayout &layout);
    static void paintScaleBar(QPainter &painter, const MapSettings &settings);
    static void paintAttribution(QPainter &painter, const MapSettings &settings);
    // The legend goes top right, below `avoid` (the title block) when they would overlap. Returns
    // its box (empty when it is left out).
    static QRectF paintLegend(QPainter &painter, const MapSettings &settings, const EventLayout &layout,
                            const QRectF &avoid = {});
    // Above the attribution, bottom right.
    static void paintNorthArrow(QPainter &painter, const MapSettings &settings);
    // The title (Title, when the map has one) and the caption (Caption): the time window and the
    // number of events. Returns the block's rectangle (empty when nothing was drawn).
    static QRectF paintTitle(QPainter &painter, const MapSettings &settings, const EventLayout &layout);

    // A round length for a scale bar of at most `maxMetres`: 1, 2 or 5 times a power of ten.
    static double niceLength(double maxMetres);
};

} // namespace mapline
