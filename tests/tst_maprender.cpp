// MapRenderer and its parts painting into QImages: where an event lands, clusters merging and
// splitting with the zoom, symbols for exact and approximate places, heat map, basemap colours,
// user layers through real GDAL drivers, and a golden image of a whole frame.
#include "geo/layersource.h"
#include "geo/projection.h"
#include "maprender/imagecompare.h"
#include "maprender/mapfixtures.h"
#include "render/basemaprenderer.h"
#include "render/decorationrenderer.h"
#include "render/eventlayerrenderer.h"
#include "render/heatmaprenderer.h"
#include "render/labelplacer.h"
#include "render/labelrenderer.h"
#include "render/mappalette.h"
#include "render/maprenderer.h"
#include "resourcepaths.h"

#include <QCoreApplication>
#include <QDir>
#include <QSet>
#include <QtTest>

using namespace mapline;
using namespace mapline::test;

namespace {

MapSettings view(const QGeoCoordinate &centre, double metresPerPixel, QSize size = QSize(400, 300))
{
    MapSettings s;
    s.setOutputSize(size);
    s.setCenter(Projection::project(centre));
    s.setMetresPerPixel(metresPerPixel);
    return s;
}

// The centroid of the pixels that are not transparent.
QPointF inkCentroid(const QImage &image)
{
    double sx = 0, sy = 0, n = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            if (qAlpha(image.pixel(x, y)) > 128) {
                sx += x + 0.5;
                sy += y + 0.5;
                ++n;
            }
    return n > 0 ? QPointF(sx / n, sy / n) : QPointF(-1, -1);
}

QString describe(QRgb c)
{
    return QStringLiteral("rgb(%1, %2, %3)").arg(qRed(c)).arg(qGreen(c)).arg(qBlue(c));
}

int countClusters(const EventLayout &layout)
{
    return int(std::count_if(layout.items.begin(), layout.items.end(), [](const auto &i) { return i.isCluster(); }));
}

qsizetype eventsIn(const EventLayout &layout)
{
    qsizetype n = 0;
    for (const auto &item : layout.items)
        n += item.count;
    return n;
}

} // namespace

class TestMapRender : public QObject {
    Q_OBJECT
private slots:
    void eventAtKunduzPaintsAtItsPixel();
    void clustersMergeAndSplit();
    void clustersStayPutWhilePanning();
    void coLocatedEventsSpreadWhenZoomedIn();
    void approximatePlacesLookDifferent();
    void timeWindowAndMaskFilter();
    void selectionIsHighlighted();
    void namesKeepOutOfTheSelection();
    void heatMapPeaksAtTheEvents();
    void basemapLoads();
    void basemapColours();
    void dataBoxEdgeDrawsNoBorder();
    void vectorLayerIsReprojected();
    void rasterLayerIsWarped();
    void mbtilesRaster();
    void otherFormatsOpen();
    void unreadableLayerReportsFile();
    void everyExtractedTypeHasItsOwnStyle();
    void labelPlacerAvoidsCollisions();
    void scaleBarLengths();
    void decorationsAppearAndDisappear_data();
    void decorationsAppearAndDisappear();
    void goldenFrame();
};

void TestMapRender::eventAtKunduzPaintsAtItsPixel()
{
    MapSettings s = view(QGeoCoordinate(36.0, 68.0), 1000.0);
    s.setEvents(indexOf({makeEvent(1, QStringLiteral("armed_clash"), QDate(2001, 11, 21), kunduz())}));
    QImage image = MapRenderer::blankImage(s);
    QPainter painter(&image);
    const EventLayout layout = EventLayerRenderer::render(painter, s);
    painter.end();
    // Expected from EPSG:3857 metres: 400/2 + (7666350.69 - 7569725.37) / 1000, 300/2 - (4401261.01 - 4300621.37) / 1000.
    const QPointF expected(200.0 + 96.625, 150.0 - 100.640);
    const QPointF ink = inkCentroid(image);
    QVERIFY2(QLineF(ink, expected).length() < 1.0,
             qPrintable(QStringLiteral("ink at %1,%2").arg(ink.x()).arg(ink.y())));
    const QColor clash = EventStyle::forType(QStringLiteral("armed_clash")).colour;
    QVERIFY2(near(image.pixel(expected.toPoint()), clash, 40), qPrintable(describe(image.pixel(expected.toPoint()))));
    QCOMPARE(layout.items.size(), size_t(1));
    QCOMPARE(layout.items.front().eventId, 1);
    QCOMPARE(layout.itemAt(s, expected)->eventId, 1);
    QVERIFY(!layout.itemAt(s, expected + QPointF(30, 0)));
}

void TestMapRender::clustersMergeAndSplit()
{
    // Ten events a few kilometres apart around Kunduz, three in Kabul.
    QList<Event> events;
    for (int i = 0; i < 10; ++i)
        events << makeEvent(i + 1, QStringLiteral("armed_clash"), QDate(2001, 11, 1),
                            QGeoCoordinate(36.70 + 0.012 * (i % 4), 68.84 + 0.015 * (i / 4)));
    for (int i = 0; i < 3; ++i)
        events << makeEvent(20 + i, QStringLiteral("talks"), QDate(2001, 11, 2),
                            QGeoCoordinate(34.50 + 0.02 * i, 69.15 + 0.02 * i));
    const auto index = indexOf(events);

    MapSettings country = view(QGeoCoordinate(35.6, 69.0), 2000.0, QSize(600, 400));
    country.setEvents(index);
    const EventLayout far = EventLayerRenderer::layout(country);
    QCOMPARE(countClusters(far), 2);
    QCOMPARE(far.items.size(), size_t(2));
    QCOMPARE(eventsIn(far), 13);
    const auto kunduzCluster = std::find_if(far.items.begin(), far.items.end(), [](const auto &i) { return i.count == 10; });
    QVERIFY(kunduzCluster != far.items.end());
    QCOMPARE(kunduzCluster->familyCounts[size_t(EventStyle::Family::Violence)], 10);
    QVERIFY(kunduzCluster->memberBounds.width() > 1000);

    // Zoomed to the town, the same ten events no longer overlap: ten symbols.
    MapSettings town = view(QGeoCoordinate(36.72, 68.86), 40.0, QSize(600, 400));
    town.setEvents(index);
    const EventLayout near = EventLayerRenderer::layout(town);
    QCOMPARE(near.visibleEvents, 10);
    QCOMPARE(countClusters(near), 0);
    QCOMPARE(near.items.size(), size_t(10));

    // In between, some groups still share a cell.
    MapSettings middle = view(QGeoCoordinate(36.72, 68.86), 400.0, QSize(600, 400));
    middle.setEvents(index);
    const EventLayout mid = EventLayerRenderer::layout(middle);
    QCOMPARE(eventsIn(mid), 10);
    QVERIFY(mid.items.size() < 10);
}

void TestMapRender::clustersStayPutWhilePanning()
{
    const auto index = indexOf(scatteredEvents(300));
    MapSettings s = view(QGeoCoordinate(34.5, 66.5), 1500.0, QSize(800, 600));
    s.setEvents(index);
    const EventLayout before = EventLayerRenderer::layout(s);
    s.panByPixels(QPointF(13, 7)); // less than a cell: nothing leaves the view
    const EventLayout after = EventLayerRenderer::layout(s);
    QCOMPARE(after.items.size(), before.items.size());
    for (size_t i = 0; i < before.items.size(); ++i) {
        QCOMPARE(after.items[i].count, before.items[i].count);
        QCOMPARE(after.items[i].metres, before.items[i].metres);
    }
}

void TestMapRender::coLocatedEventsSpreadWhenZoomedIn()
{
    QList<Event> events;
    for (int i = 0; i < 4; ++i)
        events << makeEvent(i + 1, QStringLiteral("talks"), QDate(2001, 11, 1 + i), kabul());
    MapSettings s = view(kabul(), 100.0);
    s.setEvents(indexOf(events));
    const EventLayout layout = EventLayerRenderer::layout(s);
    QCOMPARE(layout.items.size(), size_t(4));
    for (const auto &item : layout.items) {
        QVERIFY(item.spread);
        QVERIFY(QLineF(QPointF(), item.offset).length() > EventLayerRenderer::kSymbolSize / 2);
    }
    // Zoomed out, they are one cluster of four.
    s.setMetresPerPixel(2000.0);
    const EventLayout out = EventLayerRenderer::layout(s);
    QCOMPARE(out.items.size(), size_t(1));
    QCOMPARE(out.items.front().count, 4);
    QCOMPARE(out.items.front().eventId, 4); // the newest member represents it
}

void TestMapRender::approximatePlacesLookDifferent()
{
    const EventStyle style = EventStyle::forType(QStringLiteral("armed_clash"));
    QImage exact(40, 40, QImage::Format_ARGB32_Premultiplied);
    QImage approximate = exact;
    exact.fill(Qt::transparent);
    approximate.fill(Qt::transparent);
    {
        QPainter p(&exact);
        p.setRenderHint(QPainter::Antialiasing);
        EventLayerRenderer::paintSymbol(p, QPointF(20, 20), style, false);
    }
    {
        QPainter p(&approximate);
        p.setRenderHint(QPainter::Antialiasing);
        EventLayerRenderer::paintSymbol(p, QPointF(20, 20), style, true);
    }
    // Filled with the type colour when exact; hollow (light centre) when approximate...
    QVERIFY(near(exact.pixel(20, 20), style.colour, 30));
    QVERIFY2(qGray(approximate.pixel(20, 20)) > 200, qPrintable(describe(approximate.pixel(20, 20))));
    // ...with a halo reaching beyond the symbol.
    QCOMPARE(qAlpha(exact.pixel(20, 30)), 0);
    QVERIFY(qAlpha(approximate.pixel(20, 30)) > 20);
}

void TestMapRender::timeWindowAndMaskFilter()
{
    const auto index = indexOf(scatteredEvents(200));
    MapSettings s = view(QGeoCoordinate(34.0, 66.0), 3000.0, QSize(800, 600));
    s.setEvents(index);
    QCOMPARE(EventLayerRenderer::layout(s).visibleEvents, 200);
    s.setTimeWindow(QDate(2001, 11, 10), QDate(2001, 11, 12));
    const EventLayout window = EventLayerRenderer::layout(s);
    QCOMPARE(window.visibleEvents, index->count(index->window(QDate(2001, 11, 10), QDate(2001, 11, 12))));
    QVERIFY(window.visibleEvents > 0 && window.visibleEvents < 60);
    EventFilter filter;
    filter.types = {QStringLiteral("talks")};
    const auto mask = index->mask(filter);
    s.setEventMask(mask);
    s.setTimeWindow({}, {});
    const EventLayout talks = EventLayerRenderer::layout(s);
    QVERIFY(mask->count() > 0);
    QCOMPARE(talks.visibleEvents, mask->count());
    for (size_t t = 0; t < talks.typeCounts.size(); ++t)
        if (index->typeNames()[int(t)] != u"talks")
            QCOMPARE(talks.typeCounts[t], 0);
}

void TestMapRender::selectionIsHighlighted()
{
    MapSettings s = view(kunduz(), 500.0);
    s.setEvents(indexOf({makeEvent(7, QStringLiteral("talks"), QDate(2001, 11, 5), kunduz())}));
    const auto paintSelection = [](const MapSettings &settings) {
        QImage image = MapRenderer::blankImage(settings);
        QPainter p(&image);
        EventLayerRenderer::paintSelection(p, settings);
        return image;
    };
    QCOMPARE(inkCentroid(paintSelection(s)), QPointF(-1, -1)); // nothing selected
    s.setSelectedEventId(7);
    const QPointF ring = inkCentroid(paintSelection(s));
    QVERIFY(QLineF(ring, QPointF(200, 150)).length() < 1.0);
    s.setTimeWindow(QDate(2001, 12, 1), QDate(2001, 12, 31)); // selected but outside the window
    QCOMPARE(inkCentroid(paintSelection(s)), QPointF(-1, -1));
}

// The canvas paints the selection's rings over the names: the town the selected event stands on
// is named clear of them (its first letters were under the ring), and no name is under them.
void TestMapRender::namesKeepOutOfTheSelection()
{
    auto loaded = Basemap::load(resourcePath(QStringLiteral("geo/basemap.gpkg")));
    QVERIFY2(loaded, qPrintable(loaded.error()));
    MapSettings s = view(kabul(), 2500.0, QSize(640, 480));
    s.setBasemap(std::move(loaded).value());
    s.setDrawText(true);
    s.setDecorations(MapSettings::Labels);
    s.setEvents(indexOf({makeEvent(7, QStringLiteral("talks"), QDate(2001, 11, 5), kabul())}));
    s.setSelectedEventId(7);
    const auto centre = EventLayerRenderer::selectionCentre(s);
    QVERIFY(centre);
    QImage names = MapRenderer::blankImage(s);
    names.fill(Qt::transparent);
    QPainter painter(&names);
    const EventLayout layout = EventLayerRenderer::layout(s);
    const QStringList placed = LabelRenderer::paint(painter, s, &layout);
    painter.end();
    QVERIFY2(placed.contains(QStringLiteral("Kabul")), qPrintable(placed.join(u", ")));
    int inked = 0;
    const double r = EventLayerRenderer::kSelectionRadius;
    for (int y = int(centre->y() - r); y <= int(centre->y() + r); ++y)
        for (int x = int(centre->x() - r); x <= int(centre->x() + r); ++x)
            if (std::hypot(x + 0.5 - centre->x(), y + 0.5 - centre->y()) <= r - 1.0 && qAlpha(names.pixel(x, y)) > 0)
                ++inked;
    QVERIFY2(inked == 0, qPrintable(QStringLiteral("%1 pixels of names under the selection").arg(inked)));
}

void TestMapRender::heatMapPeaksAtTheEvents()
{
    QList<Event> events;
    for (int i = 0; i < 50; ++i)
        events << makeEvent(i + 1, QStringLiteral("armed_clash"), QDate(2001, 11, 1), kunduz());
    events << makeEvent(100, QStringLiteral("talks"), QDate(2001, 11, 1), kabul());
    MapSettings s = view(QGeoCoordinate(35.6, 69.0), 1500.0);
    s.setEvents(indexOf(events));
    s.setEventDisplay(MapSettings::EventDisplay::HeatMap);
    QImage image = MapRenderer::blankImage(s);
    QPainter painter(&image);
    const EventLayout layout = EventLayerRenderer::render(painter, s);
    painter.end();
    QVERIFY(layout.heatMap);
    QVERIFY(layout.items.empty());
    const QPoint atKunduz = s.toScreen(kunduz()).toPoint();
    const QPoint atKabul = s.toScreen(kabul()).toPoint();
    QVERIFY(qAlpha(image.pixel(atKunduz)) > 200);
    QVERIFY(qAlpha(image.pixel(atKabul)) > 0);                         // the lone event still shows
    QVERIFY(qRed(image.pixel(atKunduz)) > qGreen(image.pixel(atKunduz))); // hot is red
    QVERIFY(qGreen(image.pixel(atKabul)) > qGreen(image.pixel(atKunduz))); // cooler is yellower
    QCOMPARE(qAlpha(image.pixel(5, 5)), 0);
}

void TestMapRender::basemapLoads()
{
    auto loaded = Basemap::load(fixtureBasemapPath());
    QVERIFY2(loaded, qPrintable(loaded.error()));
    const Basemap &map = *loaded.value();
    QCOMPARE(map.countryAreas().size(), 5);
    QCOMPARE(map.provinceAreas().size(), 3);
    QCOMPARE(map.places().size(), 8);
    QCOMPARE(map.places().first().name, QStringLiteral("Kabul")); // most important first
    QVERIFY(map.focusExtent().contains(kunduz()));
    QVERIFY(!map.focusExtent().contains(QGeoCoordinate(24.86, 67.0))); // Karachi
    for (const Basemap::Area &a : map.countryAreas()) {
        const auto &f = map.countries().features()[size_t(a.feature)];
        QVERIFY2(f.area.contains(f.labelPoint), qPrintable(a.name));
    }
    QVERIFY(!Basemap::load(testData(QStringLiteral("map/missing.gpkg"))));
}

void TestMapRender::basemapColours()
{
    MapSettings s = view(QGeoCoordinate(31.0, 66.0), 6000.0, QSize(500, 400));
    s.setBasemap(fixtureBasemap());
    QVERIFY(s.basemap());
    const QImage image = MapRenderer::basemapImage(s);
    const auto pixelAt = [&](double lon, double lat) { return image.pixel(s.toScreen(QGeoCoordinate(lat, lon)).toPoint()); };
    QVERIFY2(near(pixelAt(65.0, 33.0), MapPalette::focusLand(), 3), qPrintable(describe(pixelAt(65.0, 33.0))));
    QVERIFY2(near(pixelAt(73.0, 30.0), MapPalette::land(), 3), qPrintable(describe(pixelAt(73.0, 30.0))));
    QVERIFY2(near(pixelAt(64.0, 24.6), MapPalette::water(), 3), qPrintable(describe(pixelAt(64.0, 24.6))));
}

void TestMapRender::dataBoxEdgeDrawsNoBorder()
{
    // The bundled basemap is clipped to a box; China and India reach its eastern edge. The
    // clip must not show as a border line there: the last pixels inside the box are land,
    // like the land a few pixels further in.
    auto loaded = Basemap::load(resourcePath(QStringLiteral("geo/basemap.gpkg")));
    QVERIFY2(loaded, qPrintable(loaded.error()));
    std::shared_ptr<const Basemap> basemap = std::move(loaded).value();
    const QRectF data = basemap->bounds().normalized();
    MapSettings s = view(QGeoCoordinate(35.0, 79.0), 1500.0, QSize(400, 300));
    s.setBasemap(basemap);
    s.setRelief(false); // Tibet's relief would shade the land compared here (tst_relief covers it)
    const QImage image = MapRenderer::basemapImage(s);
    const int edge = int(std::floor(s.toScreen(QPointF(data.right(), s.center().y())).x()));
    QVERIFY(edge > 50 && edge < 390);
    int landRows = 0;
    QStringList seams;
    for (int y = 0; y < image.height(); ++y) {
        if (!near(image.pixel(edge - 8, y), MapPalette::land(), 3))
            continue; // a border or a name crosses here
        ++landRows;
        for (int x = edge - 2; x <= edge; ++x)
            if (!near(image.pixel(x, y), MapPalette::land(), 12))
                seams << QStringLiteral("x %1 y %2: %3").arg(x).arg(y).arg(describe(image.pixel(x, y)));
    }
    QVERIFY(landRows > image.height() / 2);
    QVERIFY2(seams.isEmpty(), qPrintable(seams.mid(0, 5).join(QStringLiteral("; "))));
}

void TestMapRender::vectorLayerIsReprojected()
{
    QTemporaryDir dir;
    const QString path = writeUtmSquare(dir, kunduz(), 5000.0);
    auto opened = LayerSource::open(path);
    QVERIFY2(opened, qPrintable(opened.error()));
    QCOMPARE(opened->size(), 1);
    const LayerSource &source = *opened->first();
    QCOMPARE(source.kind(), LayerSource::Kind::Vector);
    // 10 km of ground is about 12.5 km of Mercator at 36.7 N.
    const QRectF bounds = source.bounds();
    QVERIFY2(qAbs(bounds.width() - 10000.0 / Projection::groundScale(36.728)) < 300, qPrintable(QString::number(bounds.width())));
    QVERIFY(bounds.contains(Projection::project(kunduz())));

    MapSettings s = view(kunduz(), 100.0);
    s.setLayers({{opened->first(), true, 1.0, QColor(0, 0, 255)}});
    const QImage image = MapRenderer::basemapImage(s);
    const QRgb inside = image.pixel(200, 150);
    QVERIFY2(qBlue(inside) > qRed(inside) + 40, qPrintable(describe(inside)));
    const QRgb outside = image.pixel(5, 5); // 20 km away
    QVERIFY2(qBlue(outside) < qRed(outside) + 40, qPrintable(describe(outside)));
}

void TestMapRender::rasterLayerIsWarped()
{
    QTemporaryDir dir;
    const QGeoRectangle box(QGeoCoordinate(37.0, 68.5), QGeoCoordinate(36.4, 69.3));
    const QString path = writeSolidGeoTiff(dir, box, QColor(200, 30, 30));
    auto opened = LayerSource::open(path);
    QVERIFY2(opened, qPrintable(opened.error()));
    QCOMPARE(opened->size(), 1);
    QCOMPARE(opened->first()->kind(), LayerSource::Kind::Raster);
    MapSettings s = view(QGeoCoordinate(36.7, 68.9), 1000.0);
    s.setLayers({{opened->first(), true, 1.0, {}}});
    const QImage image = MapRenderer::basemapImage(s);
    QVERIFY2(near(image.pixel(s.toScreen(kunduz()).toPoint()), QColor(200, 30, 30), 6),
             qPrintable(describe(image.pixel(s.toScreen(kunduz()).toPoint()))));
    // Outside the raster the basemap shows through.
    const QPoint west = s.toScreen(QGeoCoordinate(36.7, 68.2)).toPoint();
    QVERIFY2(!near(image.pixel(west), QColor(200, 30, 30), 40), qPrintable(describe(image.pixel(west))));
}

void TestMapRender::mbtilesRaster()
{
    // MBTiles are Web Mercator tiles with zoom levels as overviews: written here by GDAL's
    // MBTiles driver from a GeoTIFF, then shown like any raster.
    QTemporaryDir dir;
    const QGeoRectangle box(QGeoCoordinate(37.0, 68.5), QGeoCoordinate(36.4, 69.3));
    const QString tiff = writeSolidGeoTiff(dir, box, QColor(30, 160, 40));
    const QString path = dir.filePath(QStringLiteral("solid.mbtiles"));
    {
        geo::DatasetPtr source = geo::openDataset(tiff, GDAL_OF_RASTER);
        GDALDriver *driver = GetGDALDriverManager()->GetDriverByName("MBTiles");
        QVERIFY(driver);
        geo::DatasetPtr copy(driver->CreateCopy(path.toUtf8().constData(), source.get(), FALSE, nullptr, nullptr, nullptr));
        QVERIFY(copy);
    }
    auto opened = LayerSource::open(path);
    QVERIFY2(opened, qPrintable(opened.error()));
    QCOMPARE(opened->first()->kind(), LayerSource::Kind::Raster);
    MapSettings s = view(QGeoCoordinate(36.7, 68.9), 800.0);
    s.setLayers({{opened->first(), true, 1.0, {}}});
    const QImage image = MapRenderer::basemapImage(s);
    const QRgb at = image.pixel(s.toScreen(kunduz()).toPoint());
    QVERIFY2(near(at, QColor(30, 160, 40), 8), qPrintable(describe(at)));
}

void TestMapRender::otherFormatsOpen()
{
    QTemporaryDir dir;
    const QString source = writeUtmSquare(dir, kabul(), 3000.0);
    auto square = VectorLayer::read(source);
    QVERIFY2(square, qPrintable(square.error()));
    // Convert the square with GDAL's own writers, then open each as a user layer.
    for (const auto &[driverName, file] : {std::pair{"ESRI Shapefile", "square.shp"}, std::pair{"KML", "square.kml"},
                                           std::pair{"GPKG", "square.gpkg"}}) {
        const QString out = dir.filePath(QString::fromLatin1(file));
        geo::DatasetPtr input = geo::openDataset(source, GDAL_OF_VECTOR);
        GDALDriver *driver = GetGDALDriverManager()->GetDriverByName(driverName);
        QVERIFY2(driver, driverName);
        geo::DatasetPtr copy(driver->Create(out.toUtf8().constData(), 0, 0, 0, GDT_Unknown, nullptr));
        QVERIFY2(copy, driverName);
        QVERIFY2(copy->CopyLayer(input->GetLayer(0), "square"), driverName);
        copy.reset();
        auto opened = LayerSource::open(out);
        QVERIFY2(opened, qPrintable(opened.error()));
        QCOMPARE(opened->first()->vector()->features().size(), size_t(1));
        QVERIFY2(opened->first()->bounds().contains(Projection::project(kabul())), driverName);
    }
}

void TestMapRender::unreadableLayerReportsFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("notes.geojson"));
    writeFile(path, "this is not geodata");
    auto opened = LayerSource::open(path);
    QVERIFY(!opened);
    QVERIFY2(opened.error().contains(path), qPrintable(opened.error()));
    QVERIFY(!LayerSource::open(dir.filePath(QStringLiteral("absent.shp"))));
}

void TestMapRender::everyExtractedTypeHasItsOwnStyle()
{
    // The extraction's type list (resources/lexicons/event_types.tsv) and the legend agree: each
    // type has a family, and no two types share both colour and shape.
    QSet<QString> seen;
    for (const EventStyle &style : EventStyle::knownTypes()) {
        QVERIFY2(style.family != EventStyle::Family::Other, qPrintable(style.type));
        const QString look = style.colour.name() + QString::number(int(style.shape));
        QVERIFY2(!seen.contains(look), qPrintable(style.type));
        seen.insert(look);
    }
    QCOMPARE(EventStyle::forType(QStringLiteral("GDELT 0211")).family, EventStyle::Family::Other);
    const QByteArray table = readFile(resourcePath(QStringLiteral("lexicons/event_types.tsv")));
    if (table.isEmpty())
        QSKIP("resources/lexicons/event_types.tsv is not in this tree");
    int types = 0;
    for (const QByteArray &line : table.split('\n')) {
        if (line.isEmpty() || line.startsWith('#') || line.startsWith("type\t"))
            continue;
        const QString type = QString::fromUtf8(line.split('\t').first());
        QVERIFY2(EventStyle::forType(type).family != EventStyle::Family::Other, qPrintable(type + " has no style"));
        ++types;
    }
    QVERIFY(types >= 15);
}

void TestMapRender::labelPlacerAvoidsCollisions()
{
    LabelPlacer placer(QRectF(0, 0, 200, 100), 2.0);
    QVERIFY(placer.tryAdd(QRectF(10, 10, 50, 12)));
    QVERIFY(!placer.tryAdd(QRectF(40, 15, 50, 12)));  // overlaps
    QVERIFY(!placer.tryAdd(QRectF(61, 10, 20, 12)));  // within the padding
    QVERIFY(placer.tryAdd(QRectF(70, 10, 20, 12)));
    QVERIFY(!placer.tryAdd(QRectF(190, 50, 20, 12))); // leaves the view
    QVERIFY(placer.tryAdd(QRectF(10, 60, 150, 12)));
}

void TestMapRender::scaleBarLengths()
{
    QCOMPARE(DecorationRenderer::niceLength(137000), 100000.0);
    QCOMPARE(DecorationRenderer::niceLength(260000), 200000.0);
    QCOMPARE(DecorationRenderer::niceLength(999), 500.0);
    QCOMPARE(DecorationRenderer::niceLength(5), 5.0);
}

// Each decoration is drawn where it belongs and only when its flag is on: switching one off
// changes pixels in its corner of the map and nowhere else.
void TestMapRender::decorationsAppearAndDisappear_data()
{
    QTest::addColumn<int>("decoration");
    QTest::addColumn<QRectF>("corner"); // where it may change pixels, as fractions of the frame
    QTest::newRow("title") << int(MapSettings::Title) << QRectF(0, 0, 0.65, 0.3);
    QTest::newRow("caption") << int(MapSettings::Caption) << QRectF(0, 0, 0.65, 0.3);
    QTest::newRow("legend") << int(MapSettings::Legend) << QRectF(0.5, 0, 0.5, 0.75);
    QTest::newRow("scale bar") << int(MapSettings::ScaleBar) << QRectF(0, 0.8, 0.5, 0.2);
    QTest::newRow("north arrow") << int(MapSettings::NorthArrow) << QRectF(0.85, 0.75, 0.15, 0.25);
    // The north arrow sits on the attribution and moves down without it.
    QTest::newRow("attribution") << int(MapSettings::Attribution) << QRectF(0.5, 0.75, 0.5, 0.25);
}

void TestMapRender::decorationsAppearAndDisappear()
{
    QFETCH(int, decoration);
    QFETCH(QRectF, corner);
    MapSettings s = view(QGeoCoordinate(34.5, 67.7), 2200.0, QSize(800, 600));
    s.setBasemap(fixtureBasemap());
    s.setEvents(indexOf(scatteredEvents(120)));
    s.setTimeWindow(QDate(2001, 11, 1), QDate(2001, 11, 30));
    s.setTitle(QStringLiteral("Northern front"));
    const int all = MapSettings::ScaleBar | MapSettings::Attribution | MapSettings::Legend | MapSettings::Title |
                    MapSettings::Caption | MapSettings::NorthArrow;
    s.setDecorations(all);
    const QImage with = MapRenderer::renderImage(s);
    s.setDecorations(all & ~decoration);
    const QImage without = MapRenderer::renderImage(s);
    const QRectF allowed(corner.x() * 800, corner.y() * 600, corner.width() * 800, corner.height() * 600);
    QRect changed;
    for (int y = 0; y < 600; ++y)
        for (int x = 0; x < 800; ++x)
            if (with.pixel(x, y) != without.pixel(x, y))
                changed |= QRect(x, y, 1, 1);
    QVERIFY2(!changed.isEmpty(), "switching the decoration off changed nothing");
    QVERIFY2(allowed.contains(QRectF(changed)),
             qPrintable(QStringLiteral("pixels changed at %1,%2 %3x%4, outside its corner")
                            .arg(changed.x()).arg(changed.y()).arg(changed.width()).arg(changed.height())));
}

void TestMapRender::goldenFrame()
{
    // A whole frame without text (fonts differ between machines): basemap, borders, clusters,
    // symbols, approximate places, the selection and the scale bar.
    MapSettings s = view(QGeoCoordinate(35.6, 68.4), 900.0, QSize(640, 400));
    s.setBasemap(fixtureBasemap());
    QVERIFY(s.basemap());
    QList<Event> events = scatteredEvents(160);
    const QDate day(2001, 11, 15);
    events << makeEvent(1001, QStringLiteral("talks"), day, QGeoCoordinate(35.9, 66.9), GeoPrecision::Province)
           << makeEvent(1002, QStringLiteral("shelling"), day, QGeoCoordinate(35.05, 69.9))
           << makeEvent(1003, QStringLiteral("threat"), day, QGeoCoordinate(34.95, 67.6))
           << makeEvent(1004, QStringLiteral("troop_movement"), day, QGeoCoordinate(35.5, 68.2));
    s.setEvents(indexOf(events));
    s.setTimeWindow(QDate(2001, 11, 1), QDate(2001, 11, 20));
    s.setSelectedEventId(1003);
    s.setDrawText(false);
    s.setDecorations(MapSettings::ScaleBar);
    const QImage actual = MapRenderer::renderImage(s).convertToFormat(QImage::Format_RGB32);

    const QString golden = testData(QStringLiteral("map/golden-frame.png"));
    if (qEnvironmentVariableIsSet("MAPLINE_UPDATE_GOLDEN")) {
        QVERIFY(actual.save(golden));
        QSKIP("golden image written; look at it before committing");
    }
    const QImage expected(golden);
    QVERIFY2(!expected.isNull(), qPrintable(golden + QStringLiteral(" is missing; run with MAPLINE_UPDATE_GOLDEN=1")));
    const ImageComparison c = compareImages(actual, expected, 40);
    // Antialiasing may differ by a few pixels along edges between platforms, not more.
    const qsizetype allowed = c.total / 200;
    if (!c.sameSize || c.mismatched > allowed) {
        const QString dirPath = QCoreApplication::applicationDirPath();
        actual.save(QDir(dirPath).filePath(QStringLiteral("golden-frame.actual.png")));
        if (!c.diff.isNull())
            c.diff.save(QDir(dirPath).filePath(QStringLiteral("golden-frame.diff.png")));
        QFAIL(qPrintable(QStringLiteral("%1 of %2 pixels differ (at most %3); actual and diff written to %4")
                             .arg(c.mismatched).arg(c.total).arg(allowed).arg(dirPath)));
    }
}

QTEST_MAIN(TestMapRender)
#include "tst_maprender.moc"
