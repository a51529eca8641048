#pragma once

// Owning handles for GDAL/OGR objects: each in a std::unique_ptr with the closer GDAL requires
// (GDALClose for datasets, the OGR destroyers for features, geometries and transforms), so no
// early return leaks a handle. GDAL objects are not thread-safe: a handle is used by one thread
// at a time (RasterLayer guards its dataset with a mutex).
#include <gdal_priv.h>
#include <ogr_feature.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <QString>

#include <memory>

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

// Registers GDAL's drivers once per process (thread-safe); every reader calls it first.
void registerDrivers();

// Opens `path` read-only with GDALOpenEx and `flags` (GDAL_OF_VECTOR, GDAL_OF_RASTER...).
DatasetPtr openDataset(const QString &path, unsigned int flags);

// WGS 84 with longitude first (OAMS_TRADITIONAL_GIS_ORDER), the order all our code uses.
SpatialReferencePtr wgs84();

// A transform from `source` to WGS 84 longitude/latitude, or null when `source` is already
// WGS 84 geographic (or missing: callers then take coordinates as longitude/latitude).
TransformPtr transformToWgs84(const OGRSpatialReference *source);

} // namespace mapline::geo
