#include "geo/basemap.h"

#include "geo/gdalerrorcapture.h"
#include "geo/gdalhandles.h"
#include "geo/networklockdown.h"
#include "geo/projection.h"
#include "resourcepaths.h"

#include <QFileInfo>

#include <QLineF>
#include <QPainterPath>

#include <algorithm>
#include <array>
#include <cmath>
#include <future>
#include <optional>

namespace mapline {
namespace {

// Afghanistan's bounding box, for data that lacks the country.
const QGeoRectangle kAfghanistan(QGeoCoordinate(38.5, 60.5), QGeoCoordinate(29.35, 74.9));

QString text(const VectorLayer &layer, const VectorLayer::Feature &f, int field)
{
    return field < 0 ? QString() : layer.attribute(f, field).toString();
}

Basemap::PlaceKind placeKind(const QString &kind)
{
    if (kind == u"capital")
        return Basemap::PlaceKind::Capital;
    if (kind == u"province_capital")
        return Basemap::PlaceKind::ProvinceCapital;
    return Basemap::PlaceKind::City;
}

// QPainterPath::contains() for a path of straight edges, with the same answer (the same
// crossing test on the same edges: Qt's qt_painterpath_isect_line, horizontal edges skipped,
// each subpath closed) but only over the edges that span the point's latitude: the edges are
// kept in horizontal bands. QPainterPath::contains() walks every vertex of a country's outline:
// 1,354 calls over the places cost 104 million instructions, 36 % of the vector layers' load.
class AreaEdges {
public:
    explicit AreaEdges(const QPainterPath &path) : mPath(path)
    {
        std::vector<QLineF> edges;
        QPointF last;
        QPointF start;
        for (int i = 0; i < path.elementCount(); ++i) {
            const QPainterPath::Element &e = path.elementAt(i);
            if (e.isCurveTo() || e.type == QPainterPath::CurveToDataElement) {
                mExact = true; // curves: left to Qt
                return;
            }
            if (e.isMoveTo()) {
                if (i > 0)
                    edges.emplace_back(last, start);
                start = last = QPointF(e.x, e.y);
            } else {
                edges.emplace_back(last, QPointF(e.x, e.y));
                last = QPointF(e.x, e.y);
            }
        }
        if (last != start)
            edges.emplace_back(last, start);
        const QRectF box = path.controlPointRect();
        mTop = box.top();
        mBandHeight = box.height() / kBands;
        if (!(mBandHeight > 0)) {
            mExact = true;
            return;
        }
        for (const QLineF &edge : edges) {
            const int lowest = band(std::min(edge.y1(), edge.y2()));
            const int highest = band(std::max(edge.y1(), edge.y2()));
            for (int b = lowest; b <= highest; ++b)
                mBands[size_t(b)].push_back(edge);
        }
    }

    bool contains(const QPointF &point) const
    {
        if (mExact)
            return mPath.contains(point);
        if (mPath.isEmpty() || !mPath.controlPointRect().contains(point))
            return false;
        int winding = 0;
        for (const QLineF &edge : mBands[size_t(band(point.y()))])
            crossing(edge.p1(), edge.p2(), point, winding);
        return mPath.fillRule() == Qt::WindingFill ? winding != 0 : winding % 2 != 0;
    }

private:
    static constexpr int kBands = 256;

    int band(double y) const { return std::clamp(int(std::floor((y - mTop) / mBandHeight)), 0, kBands - 1); }

    // Qt's test: does the edge cross the horizontal ray to the point's left?
    static void crossing(const QPointF &p1, const QPointF &p2, const QPointF &pos, int &winding)
    {
        double x1 = p1.x();
        double y1 = p1.y();
        double x2 = p2.x();
        double y2 = p2.y();
        const double y = pos.y();
        int dir = 1;
        if (qFuzzyCompare(y1, y2))
            return;
        if (y2 < y1) {
            std::swap(x1, x2);
            std::swap(y1, y2);
            dir = -1;
        }
        if (y >= y1 && y < y2) {
            const double x = x1 + ((x2 - x1) / (y2 - y1)) * (y - y1);
            if (x <= pos.x())
                winding += dir;
        }
    }

    QPainterPath mPath;
    std::array<std::vector<QLineF>, kBands> mBands;
    double mTop = 0;
    double mBandHeight = 0;
    bool mExact = false;
};

// One layer of the basemap's file, opened once for all of them: each open of a GeoPackage costs
// GDAL a dozen SQL statements, which were a quarter of the basemap's load when every layer opened
// the file again (docs/PERFORMANCE.md, "The week's render past the process start").
Result<VectorLayer> readLayer(GDALDataset &dataset, const QString &path, const QString &layerName)
{
    OGRLayer *layer = dataset.GetLayerByName(layerName.toUtf8().constData());
    if (!layer)
        return Result<VectorLayer>::failure(QStringLiteral("%1: no layer %2").arg(path, layerName));
    return VectorLayer::read(*layer, path);
}

// The points of an optional layer, or nothing (with a warning) when the file lacks it.
QList<Basemap::NamedPoint> namedPoints(GDALDataset &dataset, const QString &path, const QString &layerName,
                                       QStringList &warnings)
{
    Result<VectorLayer> read = readLayer(dataset, path, layerName);
    if (!read) {
        warnings << read.error();
        return {};
    }
    const VectorLayer &layer = *read;
    const int name = layer.fieldIndex(QStringLiteral("name"));
    const int kind = layer.fieldIndex(QStringLiteral("kind"));
    const int elevation = layer.fieldIndex(QStringLiteral("elevation"));
    const int angle = layer.fieldIndex(QStringLiteral("angle"));
    QList<Basemap::NamedPoint> out;
    for (const auto &f : layer.features()) {
        if (f.points.isEmpty())
            continue;
        Basemap::NamedPoint p{f.points.first(), text(layer, f, name), text(layer, f, kind),
                              elevation < 0 ? 0 : layer.attribute(f, elevation).toInt(),
                              angle < 0 ? 0.0 : layer.attribute(f, angle).toDouble()};
        if (!p.name.isEmpty())
            out << p;
    }
    return out;
}

} // namespace

QString Basemap::defaultPath()
{
    return resourcePath(QStringLiteral("geo/basemap.gpkg"));
}

Result<std::shared_ptr<const Basemap>> Basemap::load(const QString &path)
{
    using R = Result<std::shared_ptr<const Basemap>>;
    if (!QFileInfo::exists(path))
        return R::failure(QStringLiteral("%1: the basemap file is missing").arg(path));
    auto map = std::make_shared<Basemap>();
    map->mPath = path;
    geo::registerDrivers();
    if (const auto remote = geo::remoteReference(path))
        return R::failure(*remote);
    // The relief (its tiles decoded: about a third of the load) on a second thread, through its
    // own handle of the file, while this one reads the vector layers.
    std::future<Result<std::shared_ptr<const Relief>>> relief =
        std::async(std::launch::async, [path] { return Relief::load(path); });
    geo::GdalErrorCapture errors;
    const geo::DatasetPtr dataset = geo::openDataset(path, GDAL_OF_VECTOR);
    if (!dataset)
        return R::failure(errors.describe(path, QStringLiteral("not a vector file GDAL can read")));

    Result<VectorLayer> countries = readLayer(*dataset, path, QStringLiteral("countries"));
    if (!countries)
        return R::failure(countries.error());
    map->mCountries = std::move(countries).value();
    {
        const VectorLayer &layer = map->mCountries;
        const int name = layer.fieldIndex(QStringLiteral("name"));
        const int iso = layer.fieldIndex(QStringLiteral("iso_a2"));
        QRectF focus;
        for (int i = 0; i < int(layer.features().size()); ++i) {
            const auto &f = layer.features()[size_t(i)];
            Area a{i, text(layer, f, name), text(layer, f, iso), false};
            a.focus = a.country == QLatin1String(kFocusCountry);
            if (a.focus)
                focus = focus.isNull() ? f.bounds : focus.united(f.bounds);
            map->mCountryAreas << a;
        }
        map->mFocusExtent = focus.isNull() ? kAfghanistan : Projection::unproject(focus);
    }

    if (Result<VectorLayer> provinces = readLayer(*dataset, path, QStringLiteral("provinces"))) {
        map->mProvinces = std::move(provinces).value();
        const VectorLayer &layer = map->mProvinces;
        const int name = layer.fieldIndex(QStringLiteral("name"));
        const int country = layer.fieldIndex(QStringLiteral("country"));
        for (int i = 0; i < int(layer.features().size()); ++i) {
            const auto &f = layer.features()[size_t(i)];
            Area a{i, text(layer, f, name), text(layer, f, country), false};
            a.focus = a.country == QLatin1String(kFocusCountry);
            map->mProvinceAreas << a;
        }
    } else {
        map->mWarnings << provinces.error();
    }

    if (Result<VectorLayer> places = readLayer(*dataset, path, QStringLiteral("places"))) {
        const VectorLayer &layer = *places;
        const int name = layer.fieldIndex(QStringLiteral("name"));
        const int kind = layer.fieldIndex(QStringLiteral("kind"));
        const int rank = layer.fieldIndex(QStringLiteral("rank"));
        const int population = layer.fieldIndex(QStringLiteral("population"));
        const int country = layer.fieldIndex(QStringLiteral("country"));
        for (const auto &f : layer.features()) {
            if (f.points.isEmpty())
                continue;
            PlaceLabel p;
            p.position = f.points.first();
            p.name = text(layer, f, name);
            p.kind = placeKind(text(layer, f, kind));
            p.rank = rank < 0 ? 5 : std::clamp(layer.attribute(f, rank).toInt(), 1, 5);
            if (rank >= 0 && layer.attribute(f, rank).isNull())
                p.rank = 5;
            p.population = population < 0 ? 0 : layer.attribute(f, population).toLongLong();
            p.country = text(layer, f, country);
            if (!p.name.isEmpty())
                map->mPlaces << p;
        }
        if (country < 0) {
            // No country field: find each town's country on the map.
            std::vector<std::optional<AreaEdges>> edges(map->mCountryAreas.size());
            for (PlaceLabel &p : map->mPlaces)
                for (qsizetype i = 0; i < map->mCountryAreas.size(); ++i) {
                    const Area &a = map->mCountryAreas[i];
                    const auto &f = map->mCountries.features()[size_t(a.feature)];
                    if (!f.bounds.contains(p.position))
                        continue;
                    if (!edges[size_t(i)])
                        edges[size_t(i)].emplace(f.area);
                    if (edges[size_t(i)]->contains(p.position)) {
                        p.country = a.country;
                        break;
                    }
                }
        }
        std::stable_sort(map->mPlaces.begin(), map->mPlaces.end(), [](const PlaceLabel &a, const PlaceLabel &b) {
            if (a.rank != b.rank)
                return a.rank < b.rank;
            if (a.kind != b.kind)
                return int(a.kind) > int(b.kind);
            return a.population > b.population;
        });
    } else {
        map->mWarnings << places.error();
    }

    // Water and named points: optional, so an older basemap file still loads.
    if (Result<VectorLayer> rivers = readLayer(*dataset, path, QStringLiteral("rivers"))) {
        map->mRivers = std::move(rivers).value();
        const int level = map->mRivers.fieldIndex(QStringLiteral("level"));
        for (const auto &f : map->mRivers.features())
            map->mRiverLevels.push_back(level < 0 ? 1 : map->mRivers.attribute(f, level).toInt());
    } else {
        map->mWarnings << rivers.error();
    }
    if (Result<VectorLayer> lakes = readLayer(*dataset, path, QStringLiteral("lakes")))
        map->mLakes = std::move(lakes).value();
    else
        map->mWarnings << lakes.error();
    map->mAirports = namedPoints(*dataset, path, QStringLiteral("airports"), map->mWarnings);
    map->mTerrain = namedPoints(*dataset, path, QStringLiteral("terrain"), map->mWarnings);
    map->mDistricts = namedPoints(*dataset, path, QStringLiteral("districts"), map->mWarnings);
    map->mLandmarks = namedPoints(*dataset, path, QStringLiteral("landmarks"), map->mWarnings);
    if (Result<std::shared_ptr<const Relief>> read = relief.get())
        map->mRelief = std::move(read).value();
    else
        map->mWarnings << read.error();
    return std::shared_ptr<const Basemap>(std::move(map));
}

} // namespace mapline
