#pragma once

#include "render/spritecache.h"

#include <QColor>
#include <QFont>
#include <QPainter>
#include <QPointF>
#include <QString>

namespace mapline {

// Text with a halo of MapPalette::halo(), readable over borders, rivers and event symbols: the
// halo is what a pen `haloWidth` wide stroked along the glyphs' outlines would cover (it reaches
// haloWidth / 2 beyond them), the ink on top.
//
// Vector output (SVG, PDF) gets exactly that: the glyphs' outlines as a path, stroked and filled.
// Raster output gets a sprite (SpriteCache, keyed by text, font, colours, width and pixel ratio)
// made from the glyphs themselves: their coverage drawn through the font engine's glyph cache,
// the halo that coverage dilated by the halo's reach (each pixel's distance to the glyphs
// estimated from its neighbours' coverage), the ink composited over it. Outlining and stroking
// every glyph (QPainterPath::addText and QStroker) cost about 40 % of a snapshot's drawing.
class HaloText {
public:
    static void draw(QPainter &painter, const QPointF &baseline, const QString &text, const QFont &font,
                     const QColor &ink, double haloWidth, bool vectorOutput);
    // The raster sprite alone, its anchor at the baseline's start (made afresh, not cached).
    static SpriteCache::Sprite sprite(const QString &text, const QFont &font, const QColor &ink, double haloWidth,
                                      qreal devicePixelRatio);
};

} // namespace mapline
