// The map at city scale (docs/DATA.md, docs/USER_GUIDE.md): the bundled basemap's rivers, lakes,
// airports, terrain, districts and landmarks are there and drawn; an OpenStreetMap extract (OSM
// XML written here, read by GDAL's OSM driver) is drawn in its road-map style with its places
// named; a raster basemap lies under the events; and the names of the events' places stay
// readable next to their symbols (issue 14, item 5). Real rendering into QImages.
#include "geo/basemap.h"
#include "geo/layersource.h"
#include "geo/projection.h"
#include "maprender/mapfixtures.h"
#include "render/basemaprenderer.h"
#include "render/eventlayerrenderer.h"
#include "render/eventstyle.h"
#include "render/halotext.h"
#include "render/labelrenderer.h"
#include "render/mapfonts.h"
#include "render/mappalette.h"
#include "render/maprenderer.h"
#include "render/mapsettings.h"
#include "resourcepaths.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace mapline;
using namespace mapline::test;

namespace {

int countPixels(const QImage &image, const QColor &colour, int tolerance, const QRect &area = {})
{
    const QRect r = area.isNull() ? image.rect() : area;
    int n = 0;
    for (int y = r.top(); y <= r.bottom(); ++y)
        for (int x = r.left(); x <= r.right(); ++x)
            n += near(image.pixel(x, y), colour, tolerance);
    return n;
}

// A small OpenStreetMap extract around a point: a primary road and a residential street
// crossing, a river, a built-up area, a town and a village (OSM XML, as osmium or JOSM write it).
QByteArray osmExtract(double lon, double lat)
{
    QByteArray xml = "<?xml version='1.0' encoding='UTF-8'?>\n<osm version='0.6' generator='tst_basemap'>\n";
    int id = 1;
    const auto node = [&](double x, double y, const QByteArray &tags = {}) {
        xml += QStringLiteral("<node id='%1' version='1' lat='%2' lon='%3'>").arg(id).arg(lat + y, 0, 'f', 6).arg(lon + x, 0, 'f', 6).toUtf8();
        xml += tags + "</node>\n";
        return id++;
    };
    const auto way = [&](const QList<int> &nodes, const QByteArray &tags) {
        xml += QStringLiteral("<way id='%1' version='1'>").arg(id++).toUtf8();
        for (int n : nodes)
            xml += QStringLiteral("<nd ref='%1'/>").arg(n).toUtf8();
        xml += tags + "</way>\n";
    };
    // Coordinates in degrees from the centre: the view is about 0.1 degree wide.
    const int r1 = node(-0.05, 0.0), r2 = node(0.05, 0.0);
    way({r1, r2}, "<tag k='highway' v='primary'/><tag k='name' v='Test Highway'/>");
    const int s1 = node(0.0, -0.03), s2 = node(0.0, 0.03);
    way({s1, s2}, "<tag k='highway' v='residential'/>");
    const int w1 = node(-0.05, 0.02), w2 = node(0.05, 0.025);
    way({w1, w2}, "<tag k='waterway' v='river'/><tag k='name' v='Test River'/>");
    const int a1 = node(0.01, -0.02), a2 = node(0.03, -0.02), a3 = node(0.03, -0.01), a4 = node(0.01, -0.01);
    way({a1, a2, a3, a4, a1}, "<tag k='landuse' v='residential'/>");
    node(-0.02, -0.015, "<tag k='place' v='town'/><tag k='name' v='Osmtown'/>");
    node(0.035, 0.012, "<tag k='place' v='village'/><tag k='name' v='Osmvillage'/>");
    return xml + "</osm>\n";
}

// A dark green ground: the halo and the names' ink are greys, so a pixel's green excess over its
// red is the bare ground's share of it.
const QColor kGround(0x00, 0x80, 0x00);

double groundShare(QRgb pixel)
{
    return double(qGreen(pixel) - qRed(pixel)) / kGround.green();
}

} // namespace

class TestBasemap : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void bundledLayersPresent();
    void placesFindTheirCountryAsQtDoes();
    void riversAndAirportAtCityScale();
    void terrainAndLandmarksNamed();
    void osmExtractDrawnAndNamed();
    void rasterBasemapUnderEvents();
    void eventPlacesStayNamed_data();
    void eventPlacesStayNamed();
    void haloAroundTheGlyphs_data();
    void haloAroundTheGlyphs();
    void namesHaveAHalo();

private:
    QTemporaryDir mDir;
    std::shared_ptr<const Basemap> mBasemap;
};

void TestBasemap::initTestCase()
{
    QVERIFY(mDir.isValid());
    auto loaded = Basemap::load(Basemap::defaultPath());
    QVERIFY2(loaded.ok(), qPrintable(loaded.error()));
    mBasemap = loaded.value();
}

// What scripts/build-geodata.sh put in resources/geo/basemap.gpkg (counts in docs/DATA.md).
void TestBasemap::bundledLayersPresent()
{
    QVERIFY2(mBasemap->warnings().isEmpty(), qPrintable(mBasemap->warnings().join(QLatin1Char('\n'))));
    QVERIFY(mBasemap->rivers().features().size() > 500);
    QCOMPARE(mBasemap->riverLevels().size(), mBasemap->rivers().features().size());
    QVERIFY(mBasemap->lakes().features().size() > 10);
    QVERIFY(mBasemap->airports().size() > 100);
    QVERIFY(mBasemap->districts().size() > 100);
    QVERIFY(mBasemap->landmarks().size() > 40);
    const auto has = [](const QList<Basemap::NamedPoint> &points, const QString &name, const QString &kind) {
        return std::any_of(points.begin(), points.end(),
                           [&](const Basemap::NamedPoint &p) { return p.name == name && (kind.isEmpty() || p.kind == kind); });
    };
    QVERIFY(has(mBasemap->airports(), QStringLiteral("Konduz Airport"), QStringLiteral("airport")));
    QVERIFY(has(mBasemap->airports(), QStringLiteral("Bagram Air Base"), QStringLiteral("airbase")));
    QVERIFY(has(mBasemap->terrain(), QStringLiteral("Hindu Kush"), QStringLiteral("range")));
    QVERIFY(has(mBasemap->terrain(), QStringLiteral("Spin Ghar"), QStringLiteral("range")));
    QVERIFY(has(mBasemap->terrain(), QStringLiteral("Noshaq"), QStringLiteral("peak")));
    QVERIFY(has(mBasemap->landmarks(), QStringLiteral("Tora Bora"), QString()));
}

// The bundled places have no country field: each town's country is found on the map, by a
// crossing test over the outline's edges in bands (basemap.cpp's AreaEdges), which must answer as
// QPainterPath::contains() over the whole outline does.
void TestBasemap::placesFindTheirCountryAsQtDoes()
{
    int afghan = 0;
    int found = 0;
    for (const Basemap::PlaceLabel &p : mBasemap->places()) {
        QString expected;
        for (const Basemap::Area &a : mBasemap->countryAreas()) {
            const auto &f = mBasemap->countries().features()[size_t(a.feature)];
            if (f.bounds.contains(p.position) && f.area.contains(p.position)) {
                expected = a.country;
                break;
            }
        }
        QVERIFY2(p.country == expected, qPrintable(QStringLiteral("%1: %2, not %3").arg(p.name, p.country, expected)));
        afghan += p.country == u"AF";
        found += !p.country.isEmpty();
    }
    QVERIFY2(afghan > 100, qPrintable(QString::number(afghan)));
    QVERIFY2(found > mBasemap->places().size() * 9 / 10, qPrintable(QString::number(found)));
}

// Kunduz at city scale (about 25 m a pixel): the Kunduz river is drawn in the river colour and
// the airport is named; with the rivers off the same view has no river pixel.
void TestBasemap::riversAndAirportAtCityScale()
{
    MapSettings s = viewAt(QGeoCoordinate(36.70, 68.86), 25.0, QSize(1000, 640));
    s.setBasemap(mBasemap);
    const QImage image = MapRenderer::renderImage(s);
    const int river = countPixels(image, MapPalette::river(), 12);
    QVERIFY2(river > 300, qPrintable(QString::number(river)));
    QImage labels = MapRenderer::blankImage(s);
    QPainter painter(&labels);
    const QStringList placed = LabelRenderer::paint(painter, s);
    painter.end();
    QVERIFY2(placed.contains(QStringLiteral("Konduz Airport")), qPrintable(placed.join(u", ")));
    // The country view draws no minor river: level 3 and 4 rivers are for closer views.
    MapSettings country = viewAt(QGeoCoordinate(34.0, 67.5), 1200.0);
    country.setBasemap(mBasemap);
    const QImage whole = MapRenderer::renderImage(country);
    QVERIFY(countPixels(whole, MapPalette::river(), 12) > 50); // the major rivers
}

// The ranges are named at province scale, Tora Bora at city scale, and the peak with its height.
void TestBasemap::terrainAndLandmarksNamed()
{
    QImage image(800, 500, QImage::Format_ARGB32_Premultiplied);
    {
        MapSettings s = viewAt(QGeoCoordinate(34.1, 70.1), 250.0);
        s.setBasemap(mBasemap);
        QPainter painter(&image);
        const QStringList placed = LabelRenderer::paint(painter, s);
        QVERIFY2(placed.contains(QStringLiteral("Spin Ghar")), qPrintable(placed.join(u", ")));
    }
    {
        MapSettings s = viewAt(QGeoCoordinate(34.12, 70.22), 40.0);
        s.setBasemap(mBasemap);
        QPainter painter(&image);
        const QStringList placed = LabelRenderer::paint(painter, s);
        QVERIFY2(placed.contains(QStringLiteral("Tora Bora")), qPrintable(placed.join(u", ")));
    }
    {
        MapSettings s = viewAt(QGeoCoordinate(36.4, 71.7), 400.0);
        s.setBasemap(mBasemap);
        QPainter painter(&image);
        const QStringList placed = LabelRenderer::paint(painter, s);
        QVERIFY2(placed.contains(QStringLiteral("Noshaq 7,492 m")), qPrintable(placed.join(u", ")));
    }
}

// An OSM XML extract as a basemap: GDAL's OSM driver reads it; the primary road is drawn in its
// colour across the view, the river in the river colour, and the town and village are named.
void TestBasemap::osmExtractDrawnAndNamed()
{
    const QGeoCoordinate centre(36.70, 68.86);
    const QString path = mDir.filePath(QStringLiteral("extract.osm"));
    QVERIFY(writeFile(path, osmExtract(centre.longitude(), centre.latitude())));
    const auto opened = LayerSource::open(path);
    QVERIFY2(opened.ok(), qPrintable(opened.error()));
    QList<MapSettings::Layer> layers;
    for (const auto &source : opened.value()) {
        QVERIFY(source->isOsm());
        MapSettings::Layer layer;
        layer.source = source;
        layer.basemap = true;
        layers << layer;
    }
    MapSettings s = viewAt(centre, 12.0, QSize(900, 600));
    s.setBasemap(mBasemap);
    s.setLayers(layers);
    const QImage image = MapRenderer::renderImage(s);
    // The primary road runs along the middle row: its fill colour on most of it.
    const QColor primary(0xf4, 0xc0, 0x6a);
    const int row = int(s.toScreen(centre).y());
    const int onRoad = countPixels(image, primary, 20, QRect(0, row - 3, image.width(), 7));
    QVERIFY2(onRoad > image.width() * 0.8, qPrintable(QString::number(onRoad)));
    // Not a flat colour layer: the built-up area has its own fill, the river its blue.
    QVERIFY(countPixels(image, QColor(0xe9, 0xdd, 0xd6), 6) > 500);
    QVERIFY(countPixels(image, MapPalette::river(), 14) > 300);
    QImage labels = MapRenderer::blankImage(s);
    QPainter painter(&labels);
    const QStringList placed = LabelRenderer::paint(painter, s);
    painter.end();
    QVERIFY2(placed.contains(QStringLiteral("Osmtown")), qPrintable(placed.join(u", ")));
    QVERIFY2(placed.contains(QStringLiteral("Osmvillage")), qPrintable(placed.join(u", ")));
    // The same extract as an ordinary layer, with the roads hidden at country scale.
    MapSettings far = viewAt(centre, 2500.0);
    far.setBasemap(mBasemap);
    far.setLayers(layers);
    QCOMPARE(countPixels(MapRenderer::renderImage(far), primary, 4), 0);
}

// A red GeoTIFF as a basemap at half opacity: the land under it turns pink, the events are drawn
// on top of it, and the borders and names over it (the basemap role).
void TestBasemap::rasterBasemapUnderEvents()
{
    const QGeoRectangle box(QGeoCoordinate(37.5, 67.5), QGeoCoordinate(35.5, 70.5));
    const QString tiff = writeSolidGeoTiff(mDir, box, QColor(220, 20, 20));
    const auto opened = LayerSource::open(tiff);
    QVERIFY2(opened.ok(), qPrintable(opened.error()));
    MapSettings::Layer layer;
    layer.source = opened->first();
    layer.opacity = 0.5;
    layer.basemap = true;
    MapSettings s = viewAt(QGeoCoordinate(36.5, 69.0), 600.0);
    s.setBasemap(mBasemap);
    s.setLayers({layer});
    s.setEvents(indexOf({makeEvent(1, QStringLiteral("armed_clash"), QDate(2001, 11, 21), kunduz())}));
    s.setDrawText(false);
    const QImage image = MapRenderer::renderImage(s);
    const QRgb land = image.pixel(s.toScreen(QGeoCoordinate(36.0, 68.2)).toPoint());
    QVERIFY2(qRed(land) > qGreen(land) + 60 && qGreen(land) > 60, qPrintable(QColor(land).name())); // pink: red over cream
    const QPoint atKunduz = s.toScreen(kunduz()).toPoint();
    const QColor clash = EventStyle::forType(QStringLiteral("armed_clash")).colour;
    QVERIFY2(near(image.pixel(atKunduz), clash, 40), qPrintable(QColor(image.pixel(atKunduz)).name()));
    // The same raster as an overlay layer covers the province borders; as a basemap it does not.
    MapSettings overlay = s;
    layer.basemap = false;
    layer.opacity = 1.0;
    overlay.setLayers({layer});
    MapSettings under = s;
    MapSettings::Layer opaque = layer;
    opaque.basemap = true;
    under.setLayers({opaque});
    const QColor red(220, 20, 20);
    QVERIFY(countPixels(MapRenderer::renderImage(under), red, 10) < countPixels(MapRenderer::renderImage(overlay), red, 10));
}

void TestBasemap::eventPlacesStayNamed_data()
{
    QTest::addColumn<double>("lat");
    QTest::addColumn<double>("lon");
    QTest::addColumn<double>("mpp");
    QTest::addColumn<int>("events");
    QTest::addColumn<QString>("name");
    // Issue 14, item 5: Kunduz under its cluster at country scale; Mazar-e Sharif and Jalalabad
    // at district scale with a cluster and with a fanned-out group on them.
    QTest::newRow("Kunduz, country scale") << 36.728 << 68.868 << 1300.0 << 8 << QStringLiteral("Kunduz");
    QTest::newRow("Mazar-e Sharif, district scale") << 36.709 << 67.110 << 120.0 << 12 << QStringLiteral("Mazar-e Sharif");
    QTest::newRow("Jalalabad, district scale") << 34.430 << 70.448 << 120.0 << 5 << QStringLiteral("Jalalabad");
    QTest::newRow("Kunduz, city scale, one place") << 36.728 << 68.868 << 25.0 << 6 << QStringLiteral("Kunduz");
}

// Events on a town and the town's name: both drawn, the name beside the symbols (not under
// them, not dropped).
void TestBasemap::eventPlacesStayNamed()
{
    QFETCH(double, lat);
    QFETCH(double, lon);
    QFETCH(double, mpp);
    QFETCH(int, events);
    QFETCH(QString, name);
    const QGeoCoordinate place(lat, lon);
    QList<Event> list;
    for (int i = 0; i < events; ++i)
        list << makeEvent(i + 1, i % 2 ? QStringLiteral("armed_clash") : QStringLiteral("air_strike"),
                          QDate(2001, 11, 10 + i), place.atDistanceAndAzimuth(mpp > 500 ? 3000.0 * (i % 3) : 0.0, 40.0 * i));
    MapSettings s = mpp > 500 ? viewAt(QGeoCoordinate(35.0, 67.5), mpp, QSize(800, 600)) : viewAt(place, mpp);
    s.setBasemap(mBasemap);
    s.setEvents(indexOf(list));
    QImage image = MapRenderer::blankImage(s);
    QPainter painter(&image);
    const EventLayout layout = EventLayerRenderer::render(painter, s);
    const QStringList placed = LabelRenderer::paint(painter, s, &layout);
    painter.end();
    QVERIFY(!layout.items.empty());
    QVERIFY2(placed.contains(name), qPrintable(placed.join(u", ")));
}


// A name's halo, made from its glyphs for raster output: over a dark ground no pixel of the ink
// touches the ground (each of its eight neighbours is at least three quarters halo or ink), the
// halo reaches about half its width beyond the glyphs, and stops soon after. At a pixel ratio
// of 2 the halo is twice as many device pixels wide.
void TestBasemap::haloAroundTheGlyphs_data()
{
    QTest::addColumn<qreal>("dpr");
    QTest::newRow("1x") << qreal(1.0);
    QTest::newRow("2x") << qreal(2.0);
}

void TestBasemap::haloAroundTheGlyphs()
{
    QFETCH(qreal, dpr);
    const QColor ink(0x2b, 0x2b, 0x2b);
    QImage image(QSize(240, 50) * dpr, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(dpr);
    image.fill(kGround);
    {
        QPainter painter(&image);
        HaloText::draw(painter, QPointF(10, 30), QStringLiteral("Mazar-e Sharif, Kunduz"),
                       MapFonts::font(13, QFont::DemiBold), ink, 3.0, false);
    }
    int inkPixels = 0, haloPixels = 0, touching = 0;
    const QRgb haloOverGround = qRgb(215, 215 + 0x80 * 40 / 255, 215);
    for (int y = 1; y < image.height() - 1; ++y)
        for (int x = 1; x < image.width() - 1; ++x) {
            const QRgb p = image.pixel(x, y);
            haloPixels += near(p, haloOverGround, 4);
            if (!near(p, ink, 6))
                continue;
            ++inkPixels;
            for (int dy = -1; dy <= 1; ++dy)
                for (int dx = -1; dx <= 1; ++dx)
                    touching += groundShare(image.pixel(x + dx, y + dy)) > 0.25 ? 1 : 0;
        }
    QVERIFY2(inkPixels > 150 * dpr * dpr, qPrintable(QString::number(inkPixels)));
    QCOMPARE(touching, 0);
    QVERIFY2(haloPixels > inkPixels, qPrintable(QStringLiteral("%1 %2").arg(haloPixels).arg(inkPixels)));
    // The halo's reach: every pixel lit lies within the halo's half width and a pixel or two of the ink.
    const int reach = int(std::ceil(2.0 * dpr)) + 1;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            if (groundShare(image.pixel(x, y)) > 0.99)
                continue;
            bool inkNear = false;
            for (int dy = -reach; dy <= reach && !inkNear; ++dy)
                for (int dx = -reach; dx <= reach && !inkNear; ++dx) {
                    const QPoint q(x + dx, y + dy);
                    inkNear = image.rect().contains(q) && groundShare(image.pixel(q)) < 0.5 &&
                              qRed(image.pixel(q)) < 0xc0;
                }
            QVERIFY2(inkNear, qPrintable(QStringLiteral("halo at %1,%2 far from the glyphs").arg(x).arg(y)));
        }
}

// The map's names over a dark ground (the country view): each name is drawn over its halo, so
// the halo's colour covers many pixels a name.
void TestBasemap::namesHaveAHalo()
{
    MapSettings s = viewAt(QGeoCoordinate(34.0, 67.5), 1200.0);
    s.setBasemap(mBasemap);
    QImage image(s.outputSize(), QImage::Format_ARGB32_Premultiplied);
    image.fill(kGround);
    QPainter painter(&image);
    const QStringList placed = LabelRenderer::paint(painter, s);
    painter.end();
    QVERIFY2(placed.size() >= 10, qPrintable(placed.join(u", ")));
    int halo = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            const QRgb p = image.pixel(x, y);
            // The halo alone, or mostly: grey, at least three quarters of the halo's light.
            halo += groundShare(p) < 0.3 && qRed(p) > 160 && qRed(p) < 235;
        }
    QVERIFY2(halo > 60 * placed.size(), qPrintable(QStringLiteral("%1 halo pixels, %2 names").arg(halo).arg(placed.size())));
}

QTEST_MAIN(TestBasemap)
#include "tst_basemap.moc"
