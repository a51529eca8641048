#pragma once

#include "geo/osmclasses.h"
#include "geo/rasterlayer.h"
#include "geo/vectorlayer.h"
#include "result.h"

#include <QList>
#include <QRectF>
#include <QString>

#include <memory>

namespace mapline {

// One layer the analyst added from a file: a vector layer read into memory or a raster drawn on
// demand. A file can hold several (a GeoPackage with tables and tiles, a KML with folders); open()
// returns one LayerSource per layer. Immutable once opened and shared by the GUI and render threads.
class LayerSource {
public:
    enum class Kind { Vector, Raster };

    // Opens every vector layer and the raster of `path`. Fails when GDAL reads neither; the
    // message names the file and carries GDAL's own words.
    static Result<QList<std::shared_ptr<const LayerSource>>> open(const QString &path);

    LayerSource(std::shared_ptr<const VectorLayer> vector, QString name);
    LayerSource(std::shared_ptr<RasterLayer> raster, QString name);

    Kind kind() const { return mVector ? Kind::Vector : Kind::Raster; }
    const QString &name() const { return mName; }
    QString path() const;
    QRectF bounds() const; // Web Mercator metres
    const VectorLayer *vector() const { return mVector.get(); }
    RasterLayer *raster() const { return mRaster.get(); }
    // One line for the layer panel: kind, feature count or raster size.
    QString description() const;
    // OpenStreetMap data (GDAL's OSM driver, or any layer with OSM's key columns): drawn with
    // the road-map style, each feature by its class.
    bool isOsm() const { return mOsm; }
    const std::vector<osm::Class> &osmClasses() const { return mOsmClasses; }

private:
    std::shared_ptr<const VectorLayer> mVector;
    std::shared_ptr<RasterLayer> mRaster;
    QString mName;
    bool mOsm = false;
    std::vector<osm::Class> mOsmClasses;
};

} // namespace mapline
