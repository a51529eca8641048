#pragma once

// Map test data made on the spot with the real libraries: events, indexes, the small fixture
// basemap (tests/data/map/basemap-fixture.gpkg), and user layers written through GDAL's own
// drivers. Header-only; the map and rendering tests include it.
#include "geo/basemap.h"
#include "geo/gdalhandles.h"
#include "geo/projection.h"
#include "index/eventindexbuilder.h"
#include "render/mapsettings.h"
#include "store/eventstore.h"
#include "testsupport.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QTemporaryDir>

#include <memory>

namespace mapline::test {

inline QGeoCoordinate kunduz() { return QGeoCoordinate(36.728, 68.868); }
inline QGeoCoordinate kabul() { return QGeoCoordinate(34.528, 69.178); }

// A view of `size` pixels centred on `centre` at `mpp` metres a pixel.
inline MapSettings viewAt(const QGeoCoordinate &centre, double mpp, const QSize &size = QSize(800, 500))
{
    MapSettings s;
    s.setOutputSize(size);
    s.setCenter(Projection::fromLonLat(centre.longitude(), centre.latitude()));
    s.setMetresPerPixel(mpp);
    return s;
}

// Whether a pixel is `colour`, each channel within `tolerance`.
inline bool near(QRgb pixel, const QColor &colour, int tolerance)
{
    return std::abs(qRed(pixel) - colour.red()) <= tolerance && std::abs(qGreen(pixel) - colour.green()) <= tolerance &&
           std::abs(qBlue(pixel) - colour.blue()) <= tolerance;
}

inline Event makeEvent(qint64 id, const QString &type, QDate date, const QGeoCoordinate &at,
                       GeoPrecision precision = GeoPrecision::City)
{
    Event e;
    e.id = id;
    e.type = type;
    e.time = TimeRange::day(date);
    e.place.name = QStringLiteral("Place %1").arg(id);
    e.place.coordinate = at;
    e.place.precision = precision;
    e.sentence = QStringLiteral("Sentence of event %1.").arg(id);
    return e;
}

inline std::shared_ptr<const EventIndex> indexOf(const QList<Event> &events)
{
    EventIndexBuilder builder;
    for (const Event &e : events)
        builder.add(e);
    return std::make_shared<const EventIndex>(builder.build());
}

inline QString fixtureBasemapPath()
{
    return testData(QStringLiteral("map/basemap-fixture.gpkg"));
}

inline std::shared_ptr<const Basemap> fixtureBasemap()
{
    auto loaded = Basemap::load(fixtureBasemapPath());
    return loaded ? loaded.value() : nullptr;
}

// A reproducible scatter of events around five towns over November 2001, every type, some of
// them placed only to a province.
inline QList<Event> scatteredEvents(int count)
{
    static const QStringList types = {"armed_clash", "air_strike", "shelling", "bombing", "attack_on_civilians",
                                      "killing", "talks", "agreement", "surrender", "disarmament", "troop_movement",
                                      "deployment", "territory_taken", "statement", "threat", "gdelt_protest"};
    const QList<QGeoCoordinate> towns = {kunduz(), kabul(), QGeoCoordinate(31.61, 65.71),
                                         QGeoCoordinate(34.35, 62.2), QGeoCoordinate(36.709, 67.11)};
    QRandomGenerator random(7);
    QList<Event> events;
    for (int i = 0; i < count; ++i) {
        const QGeoCoordinate &town = towns[random.bounded(int(towns.size()))];
        const bool scattered = random.bounded(3) == 0;
        const QGeoCoordinate at(town.latitude() + (scattered ? random.bounded(1.0) - 0.5 : 0.0),
                                town.longitude() + (scattered ? random.bounded(1.4) - 0.7 : 0.0));
        const auto precision = random.bounded(8) == 0 ? GeoPrecision::Province : GeoPrecision::City;
        events << makeEvent(i + 1, types[random.bounded(int(types.size()))], QDate(2001, 11, 1).addDays(random.bounded(30)),
                            at, precision);
    }
    return events;
}

// A GeoJSON square of `halfSideMetres` around `centre`, written in UTM zone 42N (EPSG:32642), so
// reading it exercises the reprojection.
inline QString writeUtmSquare(const QTemporaryDir &dir, const QGeoCoordinate &centre, double halfSideMetres)
{
    geo::registerDrivers();
    OGRSpatialReference utm;
    utm.importFromEPSG(32642);
    utm.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    const geo::SpatialReferencePtr wgs84 = geo::wgs84();
    const geo::TransformPtr toUtm(OGRCreateCoordinateTransformation(wgs84.get(), &utm));
    double x = centre.longitude(), y = centre.latitude();
    toUtm->Transform(1, &x, &y);
    const double h = halfSideMetres;
    const QString json = QStringLiteral(
        R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::32642"}},)"
        R"("features":[{"type":"Feature","properties":{"name":"square"},"geometry":{"type":"Polygon","coordinates":)"
        R"([[[%1,%2],[%3,%2],[%3,%4],[%1,%4],[%1,%2]]]}}]})")
                             .arg(x - h, 0, 'f', 2).arg(y - h, 0, 'f', 2).arg(x + h, 0, 'f', 2).arg(y + h, 0, 'f', 2);
    const QString path = dir.filePath(QStringLiteral("square-utm.geojson"));
    writeFile(path, json.toUtf8());
    return path;
}

// A 3-band GeoTIFF in WGS 84 covering `box`, filled with one colour, written by GDAL's GTiff driver.
inline QString writeSolidGeoTiff(const QTemporaryDir &dir, const QGeoRectangle &box, const QColor &colour)
{
    geo::registerDrivers();
    const QString path = dir.filePath(QStringLiteral("solid.tif"));
    GDALDriver *driver = GetGDALDriverManager()->GetDriverByName("GTiff");
    geo::DatasetPtr ds(driver->Create(path.toUtf8().constData(), 32, 32, 3, GDT_Byte, nullptr));
    double gt[6] = {box.topLeft().longitude(), box.width() / 32.0, 0, box.topLeft().latitude(), 0, -box.height() / 32.0};
    ds->SetGeoTransform(gt);
    ds->SetSpatialRef(geo::wgs84().get());
    const int values[] = {colour.red(), colour.green(), colour.blue()};
    for (int b = 0; b < 3; ++b)
        ds->GetRasterBand(b + 1)->Fill(values[b]);
    return path;
}

// A real event database at `path` holding `events` (as one article, one sentence each), written
// through EventStore::importArticle. Returns an error message, empty on success.
inline QString writeEventDatabase(const QString &path, const QList<Event> &events)
{
    auto store = EventStore::open(path);
    if (!store)
        return store.error();
    ParsedArticle parsed;
    QString body;
    for (int i = 0; i < events.size(); ++i) {
        const QString sentence = QStringLiteral("Event number %1 happened.").arg(i);
        parsed.article.sentences.append({i, int(body.size()), int(body.size() + sentence.size()), sentence});
        body += sentence + QLatin1Char(' ');
        Event e = events[i];
        e.id = 0;
        e.sentenceIndex = i;
        e.confidence = 0.8;
        parsed.events << e;
    }
    parsed.article.body = body;
    parsed.article.contentHash =
        QString::fromLatin1(QCryptographicHash::hash(body.toUtf8(), QCryptographicHash::Sha256).toHex());
    parsed.article.meta.title = QStringLiteral("Map test");
    parsed.article.meta.published = QDate(2001, 11, 30);
    const auto imported = store.value()->importArticle(parsed);
    return imported ? QString() : imported.error();
}

} // namespace mapline::test
