#include "geo/layersource.h"

#include "geo/gdalerrorcapture.h"
#include "geo/gdalhandles.h"
#include "geo/networklockdown.h"

#include <QFileInfo>

namespace mapline {

LayerSource::LayerSource(std::shared_ptr<const VectorLayer> vector, QString name)
    : mVector(std::move(vector)), mName(std::move(name))
{
    mOsm = osm::looksLikeOsm(*mVector);
    if (mOsm)
        mOsmClasses = osm::classify(*mVector);
}

LayerSource::LayerSource(std::shared_ptr<RasterLayer> raster, QString name)
    : mRaster(std::move(raster)), mName(std::move(name))
{
}

QString LayerSource::path() const
{
    return mVector ? mVector->path() : mRaster->path();
}

QRectF LayerSource::bounds() const
{
    return mVector ? mVector->bounds() : mRaster->bounds();
}

QString LayerSource::description() const
{
    if (mVector) {
        const int flags = mVector->geometryFlags();
        const QString kind = flags == VectorLayer::HasPoints ? QStringLiteral("points")
                             : flags == VectorLayer::HasLines ? QStringLiteral("lines")
                             : flags == VectorLayer::HasPolygons ? QStringLiteral("polygons")
                                                                 : QStringLiteral("features");
        return QStringLiteral("%1 %2").arg(mVector->features().size()).arg(kind);
    }
    const QSize size = mRaster->sizeInPixels();
    return QStringLiteral("raster %1 × %2").arg(size.width()).arg(size.height());
}

Result<QList<std::shared_ptr<const LayerSource>>> LayerSource::open(const QString &path)
{
    using R = Result<QList<std::shared_ptr<const LayerSource>>>;
    geo::registerDrivers();
    if (const auto remote = geo::remoteReference(path))
        return R::failure(*remote);
    // A local archive member (/vsizip/x.zip/a.shp) exists only for GDAL.
    if (!QFileInfo::exists(path) && !path.startsWith(QStringLiteral("/vsi")))
        return R::failure(QStringLiteral("%1: no such file").arg(path));
    QList<std::shared_ptr<const LayerSource>> out;
    QStringList problems;
    const QString base = QFileInfo(path).completeBaseName();
    {
        geo::GdalErrorCapture errors;
        const geo::DatasetPtr dataset = geo::openDataset(path, GDAL_OF_VECTOR);
        const int layers = dataset ? dataset->GetLayerCount() : 0;
        for (int i = 0; i < layers; ++i) {
            OGRLayer *layer = dataset->GetLayer(i);
            Result<VectorLayer> read = VectorLayer::read(*layer, path);
            if (!read) {
                problems << read.error();
                continue;
            }
            if (read->features().empty())
                continue;
            const QString name = layers == 1 ? base : QStringLiteral("%1 — %2").arg(base, read->name());
            out << std::make_shared<const LayerSource>(std::make_shared<const VectorLayer>(std::move(read).value()), name);
        }
    }
    {
        geo::GdalErrorCapture errors;
        const geo::DatasetPtr probe = geo::openDataset(path, GDAL_OF_RASTER);
        if (probe && probe->GetRasterCount() > 0) {
            Result<std::shared_ptr<RasterLayer>> raster = RasterLayer::open(path);
            if (raster)
                out << std::make_shared<const LayerSource>(raster.value(), base);
            else
                problems << raster.error();
        }
    }
    if (out.isEmpty()) {
        if (!problems.isEmpty())
            return R::failure(problems.join(QLatin1Char('\n')));
        geo::GdalErrorCapture errors;
        const geo::DatasetPtr any = geo::openDataset(path, GDAL_OF_VECTOR | GDAL_OF_RASTER);
        return R::failure(any ? QStringLiteral("%1: no features or raster to show").arg(path)
                              : errors.describe(path, QStringLiteral("not a file GDAL can read")));
    }
    return out;
}

} // namespace mapline
