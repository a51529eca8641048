#include "render/spritecache.h"

#include <QHash>
#include <QMutex>
#include <QMutexLocker>

#include <cmath>

namespace mapline {
namespace {

constexpr qsizetype kMaxBytes = 48 * 1024 * 1024;

struct Store {
    QMutex mutex;
    QHash<QString, SpriteCache::Sprite> sprites;
    qsizetype bytes = 0;
};

Store &store()
{
    static Store s;
    return s;
}

} // namespace

SpriteCache::Sprite SpriteCache::get(const QString &key, const std::function<Sprite()> &make)
{
    Store &s = store();
    {
        QMutexLocker lock(&s.mutex);
        const auto it = s.sprites.constFind(key);
        if (it != s.sprites.constEnd())
            return *it;
    }
    // Made outside the lock: two threads may both make a new sprite, which is harmless.
    Sprite sprite = make();
    QMutexLocker lock(&s.mutex);
    if (s.bytes + sprite.image.sizeInBytes() > kMaxBytes) {
        s.sprites.clear();
        s.bytes = 0;
    }
    s.bytes += sprite.image.sizeInBytes();
    s.sprites.insert(key, sprite);
    return sprite;
}

void SpriteCache::draw(QPainter &painter, const QPointF &at, const Sprite &sprite)
{
    // Whole device pixels: an untransformed blit, the fast path of the raster engine.
    const qreal dpr = sprite.image.devicePixelRatio();
    const QPointF topLeft = at - sprite.anchor;
    painter.drawImage(QPointF(std::round(topLeft.x() * dpr) / dpr, std::round(topLeft.y() * dpr) / dpr), sprite.image);
}

QImage SpriteCache::canvas(const QSizeF &logicalSize, qreal devicePixelRatio)
{
    QImage image((logicalSize * devicePixelRatio).toSize().expandedTo(QSize(1, 1)), QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(devicePixelRatio);
    image.fill(Qt::transparent);
    return image;
}

} // namespace mapline
