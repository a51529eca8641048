#include "render/halotext.h"

#include "render/mappalette.h"

#include <QFontMetricsF>
#include <QPainterPath>
#include <QVarLengthArray>

#include <algorithm>
#include <cmath>
#include <vector>

namespace mapline {
namespace {

void strokeAndFill(QPainter &painter, const QPointF &baseline, const QString &text, const QFont &font,
                   const QColor &ink, double haloWidth)
{
    QPainterPath path;
    path.addText(baseline, font, text);
    QPen pen(MapPalette::halo(), haloWidth);
    pen.setJoinStyle(Qt::RoundJoin);
    painter.strokePath(path, pen);
    painter.fillPath(path, ink);
}

// x * a / 255 for the four channels of a premultiplied pixel.
QRgb byteMul(QRgb x, int a)
{
    const auto mul = [a](int c) { return (c * a + 127) / 255; };
    return qRgba(mul(qRed(x)), mul(qGreen(x)), mul(qBlue(x)), mul(qAlpha(x)));
}

} // namespace

SpriteCache::Sprite HaloText::sprite(const QString &text, const QFont &font, const QColor &ink, double haloWidth,
                                     qreal devicePixelRatio)
{
    const QFontMetricsF metrics(font);
    const double pad = std::ceil(haloWidth) + 2.0;
    QImage image = SpriteCache::canvas(QSizeF(metrics.horizontalAdvance(text) + 2 * pad + metrics.averageCharWidth() * 0.3,
                                              metrics.ascent() + metrics.descent() + 2 * pad),
                                       devicePixelRatio);
    const QPointF origin(pad, pad + metrics.ascent());

    // The glyphs' coverage, 0-255 a pixel, drawn by the font engine from its glyph cache.
    QImage coverage(image.size(), QImage::Format_Alpha8);
    coverage.setDevicePixelRatio(devicePixelRatio);
    coverage.fill(0);
    {
        QPainter p(&coverage);
        p.setFont(font);
        p.setPen(QColor(0, 0, 0, 255));
        p.drawText(origin, text);
    }

    // The halo: a pixel whose nearest covered neighbour q lies d pixels away is about
    // d - (c_q - 1/2) from the glyphs' edge (c_q the coverage, 0-1), so the stroke, which reaches
    // r beyond the edge, covers it by clamp(r + 1/2 - that distance) = clamp(c_q + r - d); the
    // halo is the largest over the neighbours within r + 1. In 1/255ths, scattered from each
    // covered pixel into a buffer with a margin of k pixels.
    const double r = haloWidth / 2 * devicePixelRatio;
    const int k = int(std::ceil(r + 1.0));
    struct Tap {
        int offset; // in the margined buffer
        int bias;   // (r - d) in 1/255ths
    };
    const int w = image.width(), h = image.height();
    const int stride = w + 2 * k;
    QVarLengthArray<Tap, 64> taps;
    for (int dy = -k; dy <= k; ++dy)
        for (int dx = -k; dx <= k; ++dx) {
            const double d = std::hypot(dx, dy);
            if (d < r + 1.0)
                taps.append({dy * stride + dx, int(std::lround((r - d) * 255))});
        }
    std::vector<int> halo(size_t(stride) * size_t(h + 2 * k), 0);
    for (int y = 0; y < h; ++y) {
        const uchar *row = coverage.constScanLine(y);
        int *centre = halo.data() + (y + k) * stride + k;
        for (int x = 0; x < w; ++x) {
            const int c = row[x];
            if (c == 0)
                continue;
            for (const Tap &t : taps)
                centre[x + t.offset] = std::max(centre[x + t.offset], c + t.bias);
        }
    }

    // The ink over the halo, premultiplied: ink * c + halo * a * (1 - c).
    const QRgb inkColour = qPremultiply(ink.rgba());
    const QRgb haloColour = qPremultiply(MapPalette::halo().rgba());
    for (int y = 0; y < h; ++y) {
        const uchar *row = coverage.constScanLine(y);
        const int *haloRow = halo.data() + (y + k) * stride + k;
        auto *out = reinterpret_cast<QRgb *>(image.scanLine(y));
        for (int x = 0; x < w; ++x) {
            const int a = std::clamp(haloRow[x], 0, 255);
            if (a == 0)
                continue;
            const int c = row[x];
            out[x] = c == 0 ? byteMul(haloColour, a) : byteMul(inkColour, c) + byteMul(byteMul(haloColour, a), 255 - c);
        }
    }
    return {image, origin};
}

void HaloText::draw(QPainter &painter, const QPointF &baseline, const QString &text, const QFont &font,
                    const QColor &ink, double haloWidth, bool vectorOutput)
{
    if (vectorOutput)
        return strokeAndFill(painter, baseline, text, font, ink, haloWidth);
    const qreal dpr = painter.device()->devicePixelRatioF();
    const QString key = QStringLiteral("label\x1f%1\x1f%2\x1f%3\x1f%4\x1f%5")
                            .arg(text, font.key())
                            .arg(ink.rgba())
                            .arg(haloWidth)
                            .arg(dpr);
    const SpriteCache::Sprite sprite =
        SpriteCache::get(key, [&] { return HaloText::sprite(text, font, ink, haloWidth, dpr); });
    SpriteCache::draw(painter, baseline, sprite);
}

} // namespace mapline
