#pragma once

#include "geo/gdalhandles.h"
#include "result.h"

#include <QImage>
#include <QMutex>
#include <QRectF>
#include <QSize>
#include <QString>

#include <memory>

namespace mapline {

// A raster the analyst added (GeoTIFF, MBTiles, anything GDAL opens with a georeference), drawn
// by warping the part in view to Web Mercator at the requested size: GDAL picks the overview
// level, so a large raster costs what the screen shows. A GDAL dataset is not thread-safe:
// render() may be called from any thread and serialises on the layer's mutex.
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

private:
    RasterLayer() = default;

    QString mPath;
    QString mName;
    QRectF mBounds;
    mutable QMutex mMutex;
    // Destroyed in reverse order: the display VRT refers to the source dataset.
    geo::DatasetPtr mSource;
    geo::DatasetPtr mDisplay; // the source as 8-bit grey, grey+alpha, RGB or RGBA
};

} // namespace mapline
