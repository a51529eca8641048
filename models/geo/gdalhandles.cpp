#include "geo/gdalhandles.h"

#include "geo/networklockdown.h"

#include <mutex>

namespace mapline::geo {

void registerDrivers()
{
    static std::once_flag once;
    std::call_once(once, [] {
        GDALAllRegister();
        lockDown();
        // GDAL's block cache defaults to 5% of the machine's memory (1.2 GB here), all of it
        // filled by one pass over a large raster. A viewer reads what the screen shows: 256 MB
        // bound it, unless the analyst set GDAL_CACHEMAX.
        if (!CPLGetConfigOption("GDAL_CACHEMAX", nullptr))
            GDALSetCacheMax64(256LL * 1024 * 1024);
    });
}

DatasetPtr openDataset(const QString &path, unsigned int flags)
{
    registerDrivers();
    const QByteArray utf8 = path.toUtf8();
    // Only local file formats, whatever the file's content claims (GDALOpenEx's allowed drivers).
    static const CPLStringList allowed = [] {
        CPLStringList list;
        for (const QString &driver : userFileDrivers())
            list.AddString(driver.toUtf8().constData());
        return list;
    }();
    return DatasetPtr(GDALDataset::FromHandle(GDALOpenEx(
        utf8.constData(), flags | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR, allowed.List(), nullptr, nullptr)));
}

SpatialReferencePtr wgs84()
{
    SpatialReferencePtr srs(new OGRSpatialReference());
    srs->importFromEPSG(4326);
    srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
}

TransformPtr transformToWgs84(const OGRSpatialReference *source)
{
    if (!source)
        return {};
    const SpatialReferencePtr target = wgs84();
    SpatialReferencePtr src(source->Clone());
    src->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    const char *options[] = {"IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=NO", nullptr};
    if (src->IsSame(target.get(), options))
        return {};
    return TransformPtr(OGRCreateCoordinateTransformation(src.get(), target.get()));
}

} // namespace mapline::geo
