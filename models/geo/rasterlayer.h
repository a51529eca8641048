#pragma once

#include "geo/gdalhandles.h"
#include "result.h"

#include <QImage>
#include <QRect>
#include <QMutex>
#include <QRectF>
#include <QSize>
#include <QString>

#include <array>
#include <memory>

namespace mapline {

// A raster the analyst added (GeoTIFF, MBTiles, anything GDAL opens with a georeference), drawn
// by reading only the part under the view, decimated to about twice the output's pixels (GDAL
// takes the overview level that fits when the file has overviews), then warping that small
// in-memory copy to Web Mercator: a 1,000,000 x 1,000,000 GeoTIFF costs what the screen shows,
// in time and in memory. A GDAL dataset is not thread-safe: render() may be called from any
// thread and serialises on the layer's mutex.
class RasterLayer {
public:
    static Result<std::shared_ptr<RasterLayer>> open(const QString &path);
    ~RasterLayer();

    const QString &path() const { return mPath; }
    const QString &name() const { return mName; }
    QRectF bounds() const { return mBounds; } // Web Mercator metres
    QSize sizeInPixels() const;

    // The raster inside `extent` (metres) as an image of `pixels`, transparent where the raster
    // has no data or does not reach; a null image (with the reason in `error`) when GDAL fails.
    QImage render(const QRectF &extent, const QSize &pixels, QString *error = nullptr) const;

    // The source pixels under `extent` (metres), clamped to the raster; empty when none.
    QRect sourceWindow(const QRectF &extent) const;

    // At most this many blocks of the file are read for one frame.
    static constexpr double kMaxBlocks = 16384;

private:
    RasterLayer() = default;
    struct Level {
        double ratio = 1.0; // source pixels per pixel of the level
        int blockWidth = 256;
        int blockHeight = 256;
    };
    Level readLevel(double factor) const;

    QString mPath;
    QString mName;
    QRectF mBounds;
    std::array<double, 6> mGeoTransform{};
    std::array<double, 6> mInverseGeoTransform{};
    geo::TransformPtr mFromMercator; // EPSG:3857 to the source's coordinate system
    mutable QMutex mMutex;
    // Destroyed in reverse order: the display VRT refers to the source dataset.
    geo::DatasetPtr mSource;
    geo::DatasetPtr mDisplay; // the source as 8-bit grey, grey+alpha, RGB or RGBA
};

} // namespace mapline
