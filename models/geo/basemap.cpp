#include "geo/basemap.h"

#include "geo/gdalerrorcapture.h"
#include "geo/gdalhandles.h"
#include "geo/networklockdown.h"
#include "geo/projection.h"
#include "resourcepaths.h"

#include <QFileInfo>

#include <algorithm>
#include <future>

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
            for (PlaceLabel &p : map->mPlaces)
                for (const Area &a : std::as_const(map->mCountryAreas)) {
                    const auto &f = map->mCountries.features()[size_t(a.feature)];
                    if (f.bounds.contains(p.position) && f.area.contains(p.position)) {
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
