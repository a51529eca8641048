// The built-in basemap's shaded relief (docs/DATA.md, "Shaded relief"): the bundled GeoPackage's
// `relief` raster is read and placed; it is drawn over the land and under the events at province
// scale, and not at all when the relief is switched off; flat ground stays untouched; each view
// is scaled once and kept (Relief::view); a basemap without relief still loads and draws.
// Real rendering into QImages.
#include "geo/basemap.h"
#include "geo/projection.h"
#include "geo/relief.h"
#include "layerpanel.h"
#include "mapcanvas.h"
#include "maprender/mapfixtures.h"
#include "render/eventstyle.h"
#include "render/mappalette.h"
#include "render/maprenderer.h"
#include "render/mapsettings.h"

#include <QCheckBox>
#include <QSignalSpy>
#include <QtTest>

using namespace mapline;
using namespace mapline::test;

namespace {

// Pixels of `image` inside `area` that are in shadow (darker than the focus country's land
// colour by more than `step` in every channel) or flat (that colour). The focus land is nearly
// white, so the relief's light hardly shows on it: shadows are what tells relief drawn.
struct Shading {
    int shadow = 0;
    int flat = 0;
};
Shading shading(const QImage &image, const QRect &area, int step = 6)
{
    const QColor land = MapPalette::focusLand();
    Shading s;
    for (int y = area.top(); y <= area.bottom(); ++y) {
        for (int x = area.left(); x <= area.right(); ++x) {
            const QRgb p = image.pixel(x, y);
            if (near(p, land, 2))
                ++s.flat;
            else if (qRed(p) < land.red() - step && qGreen(p) < land.green() - step && qBlue(p) < land.blue() - step)
                ++s.shadow;
        }
    }
    return s;
}

} // namespace

class TestRelief : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void bundledReliefPlaced();
    void overlayColours();
    void drawnUnderEventsAtProvinceScale();
    void viewIsCached();
    void basemapWithoutRelief();
    void layerPanelToggle();

private:
    std::shared_ptr<const Basemap> mBasemap;
};

void TestRelief::initTestCase()
{
    auto loaded = Basemap::load(Basemap::defaultPath());
    QVERIFY2(loaded.ok(), qPrintable(loaded.error()));
    mBasemap = loaded.value();
}

// The `relief` table covers the basemap's region (55-80 E, 24-43 N) in Web Mercator at 1,850 m.
void TestRelief::bundledReliefPlaced()
{
    QVERIFY2(mBasemap->warnings().isEmpty(), qPrintable(mBasemap->warnings().join(u'\n')));
    const auto &relief = mBasemap->relief();
    QVERIFY(relief);
    QCOMPARE(relief->metresPerPixel(), 1850.0);
    const QRectF region = Projection::project(QGeoRectangle(QGeoCoordinate(43, 55), QGeoCoordinate(24, 80)));
    const QRectF bounds = relief->bounds();
    QVERIFY2(std::abs(bounds.left() - region.left()) < 1850 && std::abs(bounds.right() - region.right()) < 1850 &&
                 std::abs(bounds.top() - region.top()) < 1850 && std::abs(bounds.bottom() - region.bottom()) < 1850,
             qPrintable(QStringLiteral("%1 %2 %3 %4").arg(bounds.left()).arg(bounds.top()).arg(bounds.right()).arg(bounds.bottom())));
}

// Flat ground is fully transparent; shadows are dark and translucent, the light white and
// translucent; the further from flat, the stronger.
void TestRelief::overlayColours()
{
    QCOMPARE(qAlpha(Relief::overlayColour(Relief::kFlat)), 0);
    // Within a few levels of flat (JPEG noise on the plains): still nothing.
    QCOMPARE(qAlpha(Relief::overlayColour(Relief::kFlat - 2)), 0);
    QCOMPARE(qAlpha(Relief::overlayColour(Relief::kFlat + 2)), 0);
    const QRgb shadow = Relief::overlayColour(60);
    const QRgb deepShadow = Relief::overlayColour(0);
    const QRgb light = Relief::overlayColour(240);
    QVERIFY(qAlpha(shadow) > 0 && qAlpha(shadow) < qAlpha(deepShadow) && qAlpha(deepShadow) < 200);
    QVERIFY(qRed(qUnpremultiply(shadow)) < 100);
    QVERIFY(qAlpha(light) > 0 && qAlpha(light) < 200);
    QCOMPARE(qRed(qUnpremultiply(light)), 255);
}

// Spin Ghar and the Tora Bora valleys at province scale (250 m a pixel), with events on the
// mountains: shaded pixels all around the events' symbols, and the symbols keep their colour;
// with the relief off the same view has no shaded pixel (its land is one flat colour).
void TestRelief::drawnUnderEventsAtProvinceScale()
{
    const QGeoCoordinate toraBora(34.12, 70.22);
    MapSettings s = viewAt(toraBora, 250.0);
    s.setBasemap(mBasemap);
    s.setDrawText(false);
    s.setDecorations(0);
    s.setEvents(indexOf({makeEvent(1, QStringLiteral("air_strike"), QDate(2001, 12, 10), toraBora),
                         makeEvent(2, QStringLiteral("armed_clash"), QDate(2001, 12, 12), QGeoCoordinate(34.05, 70.0))}));
    // A square of 160 pixels around the first event, inside Afghanistan (the border runs
    // south of the crest, about 25 km from the view's centre).
    const QPointF at = s.toScreen(toraBora);
    const QRect around(int(at.x()) - 80, int(at.y()) - 110, 160, 80);

    const QImage on = MapRenderer::renderImage(s);
    const Shading withRelief = shading(on, around);
    QVERIFY2(withRelief.shadow > 1000, qPrintable(QStringLiteral("shadow %1 flat %2").arg(withRelief.shadow).arg(withRelief.flat)));
    // The event's symbol is drawn over the relief, in its type's colour.
    const QColor symbol = EventStyle::forType(QStringLiteral("air_strike")).colour;
    QVERIFY2(near(on.pixel(at.toPoint()), symbol, 40),
             qPrintable(QColor(on.pixel(at.toPoint())).name() + QStringLiteral(" vs ") + symbol.name()));

    const MapSettings withReliefSettings = s;
    s.setRelief(false);
    QVERIFY(!s.sameBasemapView(withReliefSettings)); // the canvas's cached basemap is redrawn
    const QImage off = MapRenderer::renderImage(s);
    const Shading without = shading(off, around);
    QCOMPARE(without.shadow, 0);
    QVERIFY2(without.flat > around.width() * around.height() * 8 / 10, qPrintable(QString::number(without.flat)));
    QVERIFY(near(off.pixel(at.toPoint()), symbol, 40));
}

// One view is scaled once: asked again (by the canvas, then a snapshot) it is the same image;
// a new view gets a new image, and the older views beyond kCacheSize are let go. A view off
// the relief has no image.
void TestRelief::viewIsCached()
{
    const Relief &relief = *mBasemap->relief();
    const QRectF kabul(Projection::fromLonLat(68.5, 34.0), Projection::fromLonLat(69.5, 35.0));
    const QImage first = relief.view(kabul, QSize(400, 400));
    QVERIFY(!first.isNull());
    QCOMPARE(first.size(), QSize(400, 400));
    QCOMPARE(relief.view(kabul, QSize(400, 400)).cacheKey(), first.cacheKey());
    const QImage other = relief.view(kabul.translated(20000, 0), QSize(400, 400));
    QVERIFY(other.cacheKey() != first.cacheKey());
    QCOMPARE(relief.view(kabul, QSize(400, 400)).cacheKey(), first.cacheKey()); // still held
    for (int i = 1; i <= Relief::kCacheSize; ++i)
        relief.view(kabul.translated(0, 30000.0 * i), QSize(400, 400));
    QVERIFY(relief.view(kabul, QSize(400, 400)).cacheKey() != first.cacheKey()); // rendered again
    QVERIFY(relief.view(kabul, QSize(200, 200)).size() == QSize(200, 200));
    const QRectF atlantic(Projection::fromLonLat(-30, 30), Projection::fromLonLat(-29, 31));
    QVERIFY(relief.view(atlantic, QSize(100, 100)).isNull());
}

// The test fixture basemap has no relief table: it loads, says so, and draws without one.
void TestRelief::basemapWithoutRelief()
{
    const auto fixture = fixtureBasemap();
    QVERIFY(fixture);
    QVERIFY(!fixture->relief());
    QVERIFY2(fixture->warnings().join(u' ').contains(QStringLiteral("relief")), qPrintable(fixture->warnings().join(u' ')));
    MapSettings s = viewAt(kabul(), 250.0);
    s.setBasemap(fixture);
    const QImage image = MapRenderer::renderImage(s);
    QVERIFY(!image.isNull());
}

// The layer panel's box shows and sets the canvas's relief (layersChanged: the panel and the
// workspace, which stores it, follow); with a basemap that has no relief the box is disabled.
void TestRelief::layerPanelToggle()
{
    MapCanvas canvas;
    canvas.resize(600, 400);
    canvas.setBasemap(mBasemap);
    LayerPanel panel(canvas);
    auto *box = panel.findChild<QCheckBox *>(QStringLiteral("reliefToggle"));
    QVERIFY(box);
    QVERIFY(box->isEnabled());
    QVERIFY(box->isChecked());
    QVERIFY(canvas.showsRelief());
    QSignalSpy changed(&canvas, &MapCanvas::layersChanged);
    box->click();
    QVERIFY(!canvas.showsRelief());
    QVERIFY(!canvas.settings().relief());
    QCOMPARE(changed.count(), 1);
    canvas.setRelief(true);
    QVERIFY(box->isChecked());
    canvas.setRelief(true); // no change, no signal
    QCOMPARE(changed.count(), 2);

    canvas.setBasemap(fixtureBasemap());
    QVERIFY(!box->isEnabled());
}

QTEST_MAIN(TestRelief)
#include "tst_relief.moc"
