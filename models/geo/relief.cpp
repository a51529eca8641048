#include "geo/relief.h"

#include "geo/gdalerrorcapture.h"
#include "geo/gdalhandles.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace mapline {
namespace {

// How strong the shading is at its extremes (alpha out of 255): shadows a little stronger than
// the light, so ridges read from the shadowed side, as on a printed relief map.
constexpr double kShadowAlpha = 150.0;
constexpr double kLightAlpha = 110.0;
// Shading within this many grey levels of flat is drawn as flat: the source's JPEG blocks and
// its 1-level elevation steps leave faint squares on the plains, which a relief must not show.
constexpr int kDeadZone = 3;
// The shadow's colour: a warm dark grey-brown, closer to the land's cream than black is.
constexpr int kShadowRed = 0x4a, kShadowGreen = 0x3c, kShadowBlue = 0x2c;

// Two views are the same when they differ by less than a thousandth of a device pixel.
bool sameView(const QRectF &a, const QRectF &b, const QSize &pixels)
{
    const double tolerance = 1e-3 * a.width() / std::max(1, pixels.width());
    return std::abs(a.left() - b.left()) < tolerance && std::abs(a.top() - b.top()) < tolerance &&
           std::abs(a.right() - b.right()) < tolerance && std::abs(a.bottom() - b.bottom()) < tolerance;
}

} // namespace

unsigned int Relief::overlayColour(int grey)
{
    grey = std::clamp(grey, 0, 255);
    if (std::abs(grey - kFlat) <= kDeadZone)
        return 0;
    if (grey < kFlat) {
        const double depth = double(kFlat - kDeadZone - grey) / (kFlat - kDeadZone);
        return qPremultiply(qRgba(kShadowRed, kShadowGreen, kShadowBlue, int(std::lround(kShadowAlpha * depth))));
    }
    const double height = double(grey - kFlat - kDeadZone) / (255 - kFlat - kDeadZone);
    return qPremultiply(qRgba(255, 255, 255, int(std::lround(kLightAlpha * height))));
}

std::shared_ptr<const Relief> Relief::fromShading(const QImage &grey, const QRectF &bounds)
{
    const QImage source = grey.convertToFormat(QImage::Format_Grayscale8);
    std::shared_ptr<Relief> relief(new Relief());
    relief->mBounds = bounds.normalized();
    relief->mOverlay = QImage(source.size(), QImage::Format_ARGB32_Premultiplied);
    unsigned int lut[256];
    for (int g = 0; g < 256; ++g)
        lut[g] = overlayColour(g);
    for (int y = 0; y < source.height(); ++y) {
        const uchar *in = source.constScanLine(y);
        auto *out = reinterpret_cast<QRgb *>(relief->mOverlay.scanLine(y));
        for (int x = 0; x < source.width(); ++x)
            out[x] = lut[in[x]];
    }
    return relief;
}

Result<std::shared_ptr<const Relief>> Relief::load(const QString &path)
{
    using R = Result<std::shared_ptr<const Relief>>;
    geo::GdalErrorCapture errors;
    // The GeoPackage driver's syntax for one raster table of a file.
    geo::DatasetPtr dataset = geo::openDataset(QStringLiteral("GPKG:%1:relief").arg(path), GDAL_OF_RASTER);
    if (!dataset || dataset->GetRasterCount() < 1)
        return R::failure(errors.describe(path, QStringLiteral("no `relief` raster (shaded relief)")));
    double transform[6];
    if (dataset->GetGeoTransform(transform) != CE_None || transform[2] != 0 || transform[4] != 0 || transform[5] >= 0)
        return R::failure(QStringLiteral("%1: the `relief` raster is not a north-up grid").arg(path));
    const OGRSpatialReference *srs = dataset->GetSpatialRef();
    if (!srs || !srs->GetAuthorityCode(nullptr) || QByteArray(srs->GetAuthorityCode(nullptr)) != "3857")
        return R::failure(QStringLiteral("%1: the `relief` raster is not in Web Mercator (EPSG:3857)").arg(path));
    const int width = dataset->GetRasterXSize();
    const int height = dataset->GetRasterYSize();
    QImage grey(width, height, QImage::Format_Grayscale8);
    if (grey.isNull())
        return R::failure(QStringLiteral("%1: no memory for the `relief` raster (%2 x %3)").arg(path).arg(width).arg(height));
    if (dataset->GetRasterBand(1)->RasterIO(GF_Read, 0, 0, width, height, grey.bits(), width, height, GDT_Byte, 1,
                                            grey.bytesPerLine(), nullptr) != CE_None)
        return R::failure(errors.describe(path, QStringLiteral("cannot read the `relief` raster")));
    const QRectF bounds(QPointF(transform[0], transform[3] + height * transform[5]),
                        QPointF(transform[0] + width * transform[1], transform[3]));
    return fromShading(grey, bounds);
}

QImage Relief::view(const QRectF &extent, const QSize &pixels) const
{
    if (pixels.isEmpty() || !extent.intersects(mBounds))
        return {};
    QMutexLocker lock(&mMutex);
    for (qsizetype i = 0; i < mCache.size(); ++i) {
        if (mCache[i].pixels == pixels && sameView(mCache[i].extent, extent, pixels)) {
            mCache.move(i, 0);
            return mCache.first().image;
        }
    }
    // Rendered under the lock: two threads asking for the same view render it once.
    QImage image = render(extent, pixels);
    mCache.prepend({extent, pixels, image});
    while (mCache.size() > kCacheSize)
        mCache.removeLast();
    return image;
}

QImage Relief::render(const QRectF &extent, const QSize &pixels) const
{
    QImage image(pixels, QImage::Format_ARGB32_Premultiplied);
    if (image.isNull())
        return image;
    image.fill(Qt::transparent);
    // The part of the relief in view, in its pixels (row 0 = north), and where it lands.
    const QRectF part = extent.intersected(mBounds);
    const double sx = mOverlay.width() / mBounds.width();
    const double sy = mOverlay.height() / mBounds.height();
    const QRectF source((part.left() - mBounds.left()) * sx, (mBounds.bottom() - part.bottom()) * sy,
                        part.width() * sx, part.height() * sy);
    const double tx = pixels.width() / extent.width();
    const double ty = pixels.height() / extent.height();
    const QRectF target((part.left() - extent.left()) * tx, (extent.bottom() - part.bottom()) * ty,
                        part.width() * tx, part.height() * ty);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    painter.drawImage(target, mOverlay, source);
    return image;
}

} // namespace mapline
