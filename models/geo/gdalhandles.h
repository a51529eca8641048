#pragma once

// Owning handles for GDAL/OGR objects: each in a std::unique_ptr with the closer GDAL requires
// (GDALClose for datasets, the OGR destroyers for features, geometries and transforms), so no
// early return leaks a handle (QGIS's gdal::dataset_unique_ptr habit). Two spellings of the same
// objects: the C++ classes (the map's readers) and GDAL's C handles (GDALDatasetH, OGRFeatureH...;
// the exporters and the OGR event reader), each with its own closer. GDAL objects are not
// thread-safe: a handle is used by one thread at a time (RasterLayer guards its dataset with a mutex).
#include <cpl_string.h>
#include <gdal.h>
#include <gdal_priv.h>
#include <ogr_api.h>
#include <ogr_feature.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>
#include <ogr_srs_api.h>
#include <ogrsf_frmts.h>

#include <QString>

#include <memory>
#include <type_traits>

namespace mapline::geo {

struct DatasetCloser {
    void operator()(GDALDataset *dataset) const { if (dataset) GDALClose(GDALDataset::ToHandle(dataset)); }
};
struct FeatureDestroyer {
    void operator()(OGRFeature *feature) const { OGRFeature::DestroyFeature(feature); }
};
struct GeometryDestroyer {
    void operator()(OGRGeometry *geometry) const { OGRGeometryFactory::destroyGeometry(geometry); }
};
struct TransformDestroyer {
    void operator()(OGRCoordinateTransformation *transform) const { OGRCoordinateTransformation::DestroyCT(transform); }
};
struct SpatialReferenceReleaser {
    void operator()(OGRSpatialReference *srs) const { if (srs) srs->Release(); }
};

using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;
using FeaturePtr = std::unique_ptr<OGRFeature, FeatureDestroyer>;
using GeometryPtr = std::unique_ptr<OGRGeometry, GeometryDestroyer>;
using TransformPtr = std::unique_ptr<OGRCoordinateTransformation, TransformDestroyer>;
using SpatialReferencePtr = std::unique_ptr<OGRSpatialReference, SpatialReferenceReleaser>;

// The same, for GDAL's C API: the "H" names follow GDAL's own handle types.
struct DatasetHCloser {
    void operator()(GDALDatasetH h) const { if (h) GDALClose(h); }
};
struct FeatureHDestroyer {
    void operator()(OGRFeatureH h) const { OGR_F_Destroy(h); }
};
struct GeometryHDestroyer {
    void operator()(OGRGeometryH h) const { OGR_G_DestroyGeometry(h); }
};
struct FieldDefnHDestroyer {
    void operator()(OGRFieldDefnH h) const { OGR_Fld_Destroy(h); }
};
struct StyleTableHDestroyer {
    void operator()(OGRStyleTableH h) const { OGR_STBL_Destroy(h); }
};

using DatasetHPtr = std::unique_ptr<std::remove_pointer_t<GDALDatasetH>, DatasetHCloser>;
using FeatureHPtr = std::unique_ptr<std::remove_pointer_t<OGRFeatureH>, FeatureHDestroyer>;
using GeometryHPtr = std::unique_ptr<std::remove_pointer_t<OGRGeometryH>, GeometryHDestroyer>;
using FieldDefnHPtr = std::unique_ptr<std::remove_pointer_t<OGRFieldDefnH>, FieldDefnHDestroyer>;
using StyleTableHPtr = std::unique_ptr<std::remove_pointer_t<OGRStyleTableH>, StyleTableHDestroyer>;

// Registers GDAL's drivers once per process (thread-safe) and locks GDAL out of the network
// (networklockdown.h); every reader calls it first.
void registerDrivers();

// Opens `path` read-only with GDALOpenEx and `flags` (GDAL_OF_VECTOR, GDAL_OF_RASTER...), with
// only the local file formats of userFileDrivers(). Callers with a user's path check
// remoteReference() first, for the message.
DatasetPtr openDataset(const QString &path, unsigned int flags);

// WGS 84 (EPSG:4326) with longitude first (OAMS_TRADITIONAL_GIS_ORDER), the order all our code
// uses and every export writes.
SpatialReferencePtr wgs84();

// A transform from `source` to WGS 84 longitude/latitude, or null when `source` is already
// WGS 84 geographic (or missing: callers then take coordinates as longitude/latitude).
TransformPtr transformToWgs84(const OGRSpatialReference *source);

} // namespace mapline::geo
