#pragma once

#include <QImage>
#include <QPainter>
#include <QPointF>
#include <QString>

#include <functional>

namespace mapline {

// Small images drawn once and blitted in every later frame: event symbols, clusters and names.
// Blitting costs a fraction of filling antialiased outlines, and in Qt 6 every fill of more than
// about a hundred spans (a 20-pixel antialiased circle already) is split across a thread pool,
// whose hand-offs cost more than the fill; a blit of a sprite under 96 pixels high is not.
// One cache for all render threads, behind a mutex; bounded by bytes, cleared when full.
class SpriteCache {
public:
    struct Sprite {
        QImage image;   // premultiplied ARGB with the device pixel ratio set
        QPointF anchor; // the point of the sprite (logical pixels) that goes at the target position
    };

    // The sprite for `key`, made by `make` the first time. Keys must include everything that
    // changes the pixels, the device pixel ratio included.
    static Sprite get(const QString &key, const std::function<Sprite()> &make);
    static void draw(QPainter &painter, const QPointF &at, const Sprite &sprite);
    // A transparent image of `logicalSize` for a sprite, at `devicePixelRatio`.
    static QImage canvas(const QSizeF &logicalSize, qreal devicePixelRatio);
};

} // namespace mapline
