#pragma once

#include "geo/gdalhandles.h"
#include "interop/eventfilereader.h"

#include <QHash>

namespace mapline {

// Files Mapline exported through OGR (GeoJSON, KML, GeoPackage, Shapefile), read back through OGR:
// the layer that has the contract's fields, one event per feature. The point geometry gives the
// position where the lat/lon fields are missing.
class OgrEventReader : public EventFileReader {
public:
    // `format`: geojson, kml, gpkg or shp.
    explicit OgrEventReader(QString format)
        : mFormat(std::move(format))
    {
    }

    // GDAL reads the file by its name: `file` must be a regular file (it is closed here).
    Status openInput(InputFile file) override;
    Next next(DatasetRow &row, QString &problem) override;
    QString error() const override { return mError; }
    qint64 progressDone() const override { return mDone; }
    qint64 progressTotal() const override { return mCount; }
    QString contentHash() const override { return mHash; }
    QString kind() const override { return QStringLiteral("mapline"); }
    QString format() const override { return mFormat; }

private:
    QString fieldValue(OGRFeatureH feature, const QString &name) const;

    QString mFormat;
    QString mPath;
    geo::DatasetHPtr mDataset;
    OGRLayerH mLayer = nullptr;
    QHash<QString, int> mFields; // contract name -> field index
    qint64 mCount = 0;
    qint64 mDone = 0;
    QString mHash;
    QString mError;
};

} // namespace mapline
