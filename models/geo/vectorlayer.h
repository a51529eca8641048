#pragma once

#include "result.h"

#include <QDate>
#include <QList>
#include <QPainterPath>
#include <QPointF>
#include <QRectF>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <vector>

class OGRLayer;

namespace mapline {

// One OGR layer read whole into memory and projected to Web Mercator metres (see Projection),
// ready to paint with a QPainter transform. Any vector format GDAL reads works; the source's
// coordinate system is transformed through WGS 84 with OSR. Immutable after reading (the paths'
// lazy caches are filled while loading), so one instance is shared
// (std::shared_ptr<const VectorLayer>) by the GUI and render threads.
class VectorLayer {
public:
    enum GeometryFlag { HasPoints = 1, HasLines = 2, HasPolygons = 4 };

    struct Feature {
        QPainterPath area;       // polygon rings (odd-even fill, so holes stay holes)
        QPainterPath line;       // line strings
        QList<QPointF> points;   // points
        QRectF bounds;           // of all of the above
        QPointF labelPoint;      // polygons: inside the largest part; else the first point or vertex
        QVariantList attributes; // in fieldNames() order
        // When the feature happened or holds, if the source says (KML TimeStamp: begin = end;
        // TimeSpan: begin and/or end); invalid when it does not.
        QDate begin;
        QDate end;
    };

    // Reads `layerName` of `path` (the first layer when empty). Fails with the file name and
    // GDAL's own message.
    static Result<VectorLayer> read(const QString &path, const QString &layerName = {});
    // Reads the layer of an open dataset; `path` is for messages. Used by LayerSource.
    static Result<VectorLayer> read(OGRLayer &layer, const QString &path);

    const QString &name() const { return mName; }
    const QString &path() const { return mPath; }
    const QStringList &fieldNames() const { return mFieldNames; }
    int fieldIndex(const QString &name) const { return int(mFieldNames.indexOf(name)); }
    QVariant attribute(const Feature &feature, int field) const { return feature.attributes.value(field); }
    const std::vector<Feature> &features() const { return mFeatures; }
    QRectF bounds() const { return mBounds; }
    int geometryFlags() const { return mGeometryFlags; }
    // Features GDAL could read but not place (no geometry, failed transform): reported, not fatal.
    int skippedFeatures() const { return mSkipped; }
    // Whether any feature has a time (then the layer follows the timeline).
    bool hasTime() const { return mHasTime; }

private:
    void warmUp();

    QString mName;
    QString mPath;
    QStringList mFieldNames;
    std::vector<Feature> mFeatures;
    QRectF mBounds;
    int mGeometryFlags = 0;
    int mSkipped = 0;
    bool mHasTime = false;
};

} // namespace mapline
