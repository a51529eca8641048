#pragma once

// GDAL and OGR handles in std::unique_ptr with the right closer, so every early return releases
// them (the QGIS gdal::dataset_unique_ptr habit).
#include <cpl_string.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <memory>
#include <type_traits>

namespace mapline::gdal {

struct DatasetCloser {
    void operator()(GDALDatasetH h) const
    {
        if (h)
            GDALClose(h);
    }
};
struct FeatureDestroyer {
    void operator()(OGRFeatureH h) const { OGR_F_Destroy(h); }
};
struct GeometryDestroyer {
    void operator()(OGRGeometryH h) const { OGR_G_DestroyGeometry(h); }
};
struct FieldDefnDestroyer {
    void operator()(OGRFieldDefnH h) const { OGR_Fld_Destroy(h); }
};
struct SrsReleaser {
    void operator()(OGRSpatialReferenceH h) const { OSRRelease(h); }
};
struct StyleTableDestroyer {
    void operator()(OGRStyleTableH h) const { OGR_STBL_Destroy(h); }
};
struct CslDestroyer {
    void operator()(char **list) const { CSLDestroy(list); }
};

using DatasetPtr = std::unique_ptr<std::remove_pointer_t<GDALDatasetH>, DatasetCloser>;
using FeaturePtr = std::unique_ptr<std::remove_pointer_t<OGRFeatureH>, FeatureDestroyer>;
using GeometryPtr = std::unique_ptr<std::remove_pointer_t<OGRGeometryH>, GeometryDestroyer>;
using FieldDefnPtr = std::unique_ptr<std::remove_pointer_t<OGRFieldDefnH>, FieldDefnDestroyer>;
using SrsPtr = std::unique_ptr<std::remove_pointer_t<OGRSpatialReferenceH>, SrsReleaser>;
using StyleTablePtr = std::unique_ptr<std::remove_pointer_t<OGRStyleTableH>, StyleTableDestroyer>;
using StringListPtr = std::unique_ptr<char *, CslDestroyer>;

// GDALAllRegister once per process, whoever asks first.
void ensureRegistered();

// WGS 84 with longitude first, the order every export writes.
SrsPtr wgs84();

} // namespace mapline::gdal
