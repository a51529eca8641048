#include "geo/vectorlayer.h"

#include "geo/gdalerrorcapture.h"
#include "geo/networklockdown.h"
#include "geo/gdalhandles.h"
#include "geo/projection.h"

#include <QImage>
#include <QPainter>
#include <QPolygonF>

#include <algorithm>
#include <optional>

namespace mapline {
namespace {

QPolygonF projectedVertices(const OGRSimpleCurve &curve)
{
    QPolygonF polygon;
    const int n = curve.getNumPoints();
    polygon.reserve(n);
    for (int i = 0; i < n; ++i)
        polygon << Projection::fromLonLat(curve.getX(i), curve.getY(i));
    return polygon;
}

// Appends a geometry already in WGS 84 longitude/latitude to the feature's paths and points.
void append(const OGRGeometry &geometry, VectorLayer::Feature &feature, int &flags)
{
    if (geometry.IsEmpty())
        return;
    switch (wkbFlatten(geometry.getGeometryType())) {
    case wkbPoint: {
        const OGRPoint *p = geometry.toPoint();
        feature.points << Projection::fromLonLat(p->getX(), p->getY());
        flags |= VectorLayer::HasPoints;
        return;
    }
    case wkbLineString:
        feature.line.addPolygon(projectedVertices(*geometry.toLineString()));
        flags |= VectorLayer::HasLines;
        return;
    case wkbPolygon:
        for (const OGRLinearRing *ring : *geometry.toPolygon()) {
            QPolygonF vertices = projectedVertices(*ring);
            if (vertices.size() < 3)
                continue;
            feature.area.addPolygon(vertices);
            feature.area.closeSubpath();
        }
        flags |= VectorLayer::HasPolygons;
        return;
    case wkbMultiPoint:
    case wkbMultiLineString:
    case wkbMultiPolygon:
    case wkbGeometryCollection:
        for (const OGRGeometry *part : *geometry.toGeometryCollection())
            append(*part, feature, flags);
        return;
    default:
        if (geometry.hasCurveGeometry()) {
            const geo::GeometryPtr linear(geometry.getLinearGeometry());
            if (linear)
                append(*linear, feature, flags);
        }
        return;
    }
}

// The largest polygon of a (multi)polygon, or null.
const OGRPolygon *largestPolygon(const OGRGeometry &geometry)
{
    const auto type = wkbFlatten(geometry.getGeometryType());
    if (type == wkbPolygon)
        return geometry.toPolygon();
    if (type != wkbMultiPolygon && type != wkbGeometryCollection)
        return nullptr;
    const OGRPolygon *best = nullptr;
    double bestArea = -1.0;
    for (const OGRGeometry *part : *geometry.toGeometryCollection()) {
        const OGRPolygon *candidate = largestPolygon(*part);
        if (candidate && candidate->get_Area() > bestArea) {
            best = candidate;
            bestArea = candidate->get_Area();
        }
    }
    return best;
}

// Where a polygon's name goes: its centroid when that falls inside, else a point GEOS finds on it.
std::optional<QPointF> polygonLabelPoint(const OGRGeometry &geometry)
{
    const OGRPolygon *polygon = largestPolygon(geometry);
    if (!polygon || polygon->IsEmpty())
        return std::nullopt;
    OGRPoint point;
    if (polygon->Centroid(&point) == OGRERR_NONE && polygon->Contains(&point))
        return Projection::fromLonLat(point.getX(), point.getY());
    if (polygon->PointOnSurface(&point) == OGRERR_NONE)
        return Projection::fromLonLat(point.getX(), point.getY());
    return std::nullopt;
}

// QRectF::united() ignores empty rectangles, but a point's bounds are empty and still count.
QRectF unite(const QRectF &a, const QRectF &b)
{
    return QRectF(QPointF(std::min(a.left(), b.left()), std::min(a.top(), b.top())),
                  QPointF(std::max(a.right(), b.right()), std::max(a.bottom(), b.bottom())));
}

QRectF boundsOf(const VectorLayer::Feature &f)
{
    std::optional<QRectF> bounds;
    const auto add = [&bounds](const QRectF &r) { bounds = bounds ? unite(*bounds, r) : r; };
    if (!f.area.isEmpty())
        add(f.area.boundingRect());
    if (!f.line.isEmpty())
        add(f.line.boundingRect());
    for (const QPointF &p : f.points)
        add(QRectF(p, QSizeF(0, 0)));
    return bounds.value_or(QRectF());
}

// A date from a KML time field (GDAL's LIBKML driver: timestamp, begin, end as date-time
// fields; the KML driver and GeoJSON: text in ISO 8601, "2001", "2001-11", "2001-11-22T10:00Z").
QDate dateValue(const OGRFeature &feature, int field)
{
    if (field < 0 || !feature.IsFieldSetAndNotNull(field))
        return {};
    const OGRFieldType type = feature.GetFieldDefnRef(field)->GetType();
    if (type == OFTDate || type == OFTDateTime) {
        int y = 0, m = 0, d = 0, h = 0, mi = 0, tz = 0;
        float s = 0;
        if (feature.GetFieldAsDateTime(field, &y, &m, &d, &h, &mi, &s, &tz))
            return QDate(y, std::max(1, m), std::max(1, d));
        return {};
    }
    const QString text = QString::fromUtf8(feature.GetFieldAsString(field)).trimmed();
    if (text.size() == 4)
        return QDate::fromString(text, QStringLiteral("yyyy"));
    if (text.size() == 7)
        return QDate::fromString(text, QStringLiteral("yyyy-MM"));
    return QDate::fromString(text.left(10), Qt::ISODate);
}

QVariant fieldValue(const OGRFeature &feature, int field)
{
    if (!feature.IsFieldSetAndNotNull(field))
        return {};
    switch (feature.GetFieldDefnRef(field)->GetType()) {
    case OFTInteger: return feature.GetFieldAsInteger(field);
    case OFTInteger64: return qlonglong(feature.GetFieldAsInteger64(field));
    case OFTReal: return feature.GetFieldAsDouble(field);
    default: return QString::fromUtf8(feature.GetFieldAsString(field));
    }
}

} // namespace

Result<VectorLayer> VectorLayer::read(const QString &path, const QString &layerName)
{
    geo::registerDrivers();
    if (const auto remote = geo::remoteReference(path))
        return Result<VectorLayer>::failure(*remote);
    geo::GdalErrorCapture errors;
    const geo::DatasetPtr dataset = geo::openDataset(path, GDAL_OF_VECTOR);
    if (!dataset)
        return Result<VectorLayer>::failure(errors.describe(path, QStringLiteral("not a vector file GDAL can read")));
    OGRLayer *layer = layerName.isEmpty() ? dataset->GetLayer(0) : dataset->GetLayerByName(layerName.toUtf8().constData());
    if (!layer)
        return Result<VectorLayer>::failure(
            QStringLiteral("%1: no layer %2").arg(path, layerName.isEmpty() ? QStringLiteral("at all") : layerName));
    return read(*layer, path);
}

Result<VectorLayer> VectorLayer::read(OGRLayer &layer, const QString &path)
{
    geo::GdalErrorCapture errors;
    VectorLayer out;
    out.mPath = path;
    out.mName = QString::fromUtf8(layer.GetName());
    OGRFeatureDefn *definition = layer.GetLayerDefn();
    for (int i = 0; i < definition->GetFieldCount(); ++i)
        out.mFieldNames << QString::fromUtf8(definition->GetFieldDefn(i)->GetNameRef());

    // No coordinate system: take the coordinates as longitude/latitude, the common case for GeoJSON/KML.
    const geo::TransformPtr toWgs84 = geo::transformToWgs84(layer.GetSpatialRef());
    if (layer.GetSpatialRef() && !toWgs84 && errors.hasErrors())
        return Result<VectorLayer>::failure(errors.describe(path, QStringLiteral("cannot transform to WGS 84")));

    const int timestampField = definition->GetFieldIndex("timestamp");
    const int beginField = definition->GetFieldIndex("begin");
    const int endField = definition->GetFieldIndex("end");
    const GIntBig count = layer.GetFeatureCount(FALSE);
    if (count > 0)
        out.mFeatures.reserve(size_t(count));
    layer.ResetReading();
    while (geo::FeaturePtr feature{layer.GetNextFeature()}) {
        const OGRGeometry *source = feature->GetGeometryRef();
        if (!source || source->IsEmpty()) {
            ++out.mSkipped;
            continue;
        }
        geo::GeometryPtr geometry(source->clone());
        if (toWgs84 && geometry->transform(toWgs84.get()) != OGRERR_NONE) {
            ++out.mSkipped;
            continue;
        }
        Feature f;
        append(*geometry, f, out.mGeometryFlags);
        if (f.area.isEmpty() && f.line.isEmpty() && f.points.isEmpty()) {
            ++out.mSkipped;
            continue;
        }
        f.bounds = boundsOf(f);
        if (const auto label = polygonLabelPoint(*geometry))
            f.labelPoint = *label;
        else if (!f.points.isEmpty())
            f.labelPoint = f.points.first();
        else
            f.labelPoint = f.line.pointAtPercent(0.5);
        for (int i = 0; i < definition->GetFieldCount(); ++i)
            f.attributes << fieldValue(*feature, i);
        if (const QDate when = dateValue(*feature, timestampField); when.isValid()) {
            f.begin = when;
            f.end = when;
        } else {
            f.begin = dateValue(*feature, beginField);
            f.end = dateValue(*feature, endField);
        }
        out.mHasTime = out.mHasTime || f.begin.isValid() || f.end.isValid();
        out.mBounds = out.mFeatures.empty() ? f.bounds : unite(out.mBounds, f.bounds);
        out.mFeatures.push_back(std::move(f));
    }
    out.warmUp();
    if (out.mFeatures.empty() && errors.hasErrors())
        return Result<VectorLayer>::failure(errors.describe(path, QStringLiteral("cannot read features")));
    return out;
}

void VectorLayer::warmUp()
{
    // QPainterPath fills some caches on first use (bounds, control-point bounds, the vector form
    // the paint engine draws), which is not thread-safe on a shared path. Filling them here, on
    // the loading thread, leaves nothing for the render threads to write.
    QImage scratch(1, 1, QImage::Format_ARGB32_Premultiplied);
    QPainter painter(&scratch);
    for (const Feature &f : mFeatures) {
        for (const QPainterPath *path : {&f.area, &f.line}) {
            if (path->isEmpty())
                continue;
            path->boundingRect();
            path->controlPointRect();
            painter.drawPath(*path);
        }
    }
}

} // namespace mapline
