#pragma once

#include "render/eventstyle.h"

#include <QPainter>
#include <QPointF>

namespace mapline {

// How a happening's symbol shows how many independent sources tell it (Happenings mode,
// docs/FUSION.md): one source is a small plain symbol; two get a thin dark ring and a count
// badge; three or more a larger symbol with a heavy ring and the badge, so well-sourced
// happenings stand out at a glance and a lone report reads as the weakest. The legend explains
// it with the same drawing (paintLegendRow). A group of happenings gets the ring of the
// best-sourced one in it. Stateless; used from render threads.
class SourcesStyle {
public:
    // 0: one source (or not known), 1: two, 2: three or more.
    static int tier(int sources) { return sources >= 3 ? 2 : sources == 2 ? 1 : 0; }
    // The symbol's size in logical pixels for `sources`, around EventLayerRenderer::kSymbolSize.
    static double symbolSize(int sources);
    // Half the width of everything drawn (symbol, ring, badge), for hit-testing and sprites.
    static double extent(int sources);
    // The symbol with its ring and, from two sources, its badge ("2", "5", "99+"); `drawText`
    // false draws the badge without the number (pixel tests independent of fonts).
    static void paint(QPainter &painter, const QPointF &centre, const EventStyle &style, bool uncertain, int sources,
                      bool drawText);
    // Around a group (cluster) of happenings, the ring of its best-sourced one (from two sources).
    static void paintClusterRing(QPainter &painter, const QPointF &centre, double radius, int sources);
    // The legend's row: the three weights side by side with their labels, from `left` in a row
    // `height` high whose top is `top`. Returns the width it took.
    static double paintLegendRow(QPainter &painter, double left, double top, double height, bool drawText);
    static double legendRowWidth();
    static QString legendTitle() { return QStringLiteral("Sources (ring, badge)"); }
};

} // namespace mapline
