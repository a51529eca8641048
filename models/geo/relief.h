#pragma once

#include "result.h"

#include <QImage>
#include <QList>
#include <QMutex>
#include <QRectF>
#include <QSize>
#include <QString>

#include <memory>

namespace mapline {

// The basemap's shaded relief: the `relief` raster table of the basemap GeoPackage (8-bit grey,
// EPSG:3857, flat ground = kFlat; made by scripts/build-geodata.sh from SRTM30, docs/DATA.md),
// held in memory as a translucent overlay: slopes turned from the light darken the land under
// them, slopes facing it lighten it, flat lowland (within a few levels of kFlat) is fully
// transparent (so plains and the sea keep the map's colours). Build-geodata darkens high ground
// a little in the same band, so ranges read as massifs.
//
// view() gives the overlay under one view, already scaled to the output: the frame draws one
// unscaled image. The last kCacheSize views are kept (a zoom step and back, the canvas's and
// a snapshot's view at once); immutable otherwise, so one Relief is shared by every thread and
// the cache is guarded by a mutex.
class Relief {
public:
    static constexpr int kFlat = 181;    // gdaldem -multidirectional's value for flat ground
    static constexpr int kCacheSize = 2;

    // Reads the `relief` table of `path`; a failure when the file has none (an older basemap, or
    // the analyst's own file in the basemap's layout).
    static Result<std::shared_ptr<const Relief>> load(const QString &path);
    // From a grey shading image already in memory, covering `bounds` (Web Mercator metres; y up),
    // for tests and synthetic data.
    static std::shared_ptr<const Relief> fromShading(const QImage &grey, const QRectF &bounds);

    QRectF bounds() const { return mBounds; }    // Web Mercator metres, y up
    QSize sizeInPixels() const { return mOverlay.size(); }
    double metresPerPixel() const { return mBounds.width() / std::max(1, mOverlay.width()); }

    // The overlay under `extent` (metres, y up) as an image of `pixels` (device pixels),
    // transparent where the relief does not reach; null when the view misses the relief.
    QImage view(const QRectF &extent, const QSize &pixels) const;

    // The overlay's colour for a grey shading value (premultiplied ARGB).
    static unsigned int overlayColour(int grey);

private:
    Relief() = default;
    QImage render(const QRectF &extent, const QSize &pixels) const;

    QImage mOverlay; // ARGB32 premultiplied, north up
    QRectF mBounds;
    struct CachedView {
        QRectF extent;
        QSize pixels;
        QImage image;
    };
    mutable QMutex mMutex;
    mutable QList<CachedView> mCache; // most recent first
};

} // namespace mapline
