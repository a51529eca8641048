// Web Mercator and the map view's coordinate transforms: round trips, agreement with PROJ
// (through GDAL's OSR), and the screen pixel of a known place.
#include "geo/gdalhandles.h"
#include "geo/projection.h"
#include "render/mapsettings.h"

#include <QtTest>

using namespace mapline;

class TestProjection : public QObject {
    Q_OBJECT
private slots:
    void knownValues();
    void roundTrip_data();
    void roundTrip();
    void agreesWithProj_data();
    void agreesWithProj();
    void rectangles();
    void clampsPoles();
    void groundScale();
    void screenRoundTrip();
    void kunduzPixel();
    void zoomKeepsAnchor();
    void fitsExtent();
    void panFollowsDrag();
};

void TestProjection::knownValues()
{
    QVERIFY(QLineF(Projection::fromLonLat(0, 0), QPointF(0, 0)).length() < 1e-6);
    QCOMPARE(Projection::fromLonLat(180, 0).x(), Projection::kHalfWorld);
    QCOMPARE(Projection::fromLonLat(-180, 0).x(), -Projection::kHalfWorld);
    QVERIFY(qAbs(Projection::fromLonLat(0, Projection::kMaxLatitude).y() - Projection::kHalfWorld) < 1e-3);
}

void TestProjection::roundTrip_data()
{
    QTest::addColumn<double>("longitude");
    QTest::addColumn<double>("latitude");
    QTest::newRow("kunduz") << 68.868 << 36.728;
    QTest::newRow("kabul") << 69.178 << 34.528;
    QTest::newRow("region south-west") << 55.0 << 24.0;
    QTest::newRow("region north-east") << 80.0 << 43.0;
    QTest::newRow("origin") << 0.0 << 0.0;
    QTest::newRow("south-west hemisphere") << -122.4 << -37.8;
    QTest::newRow("near the pole") << 10.0 << 85.0;
    QTest::newRow("date line") << 179.999 << -16.5;
}

void TestProjection::roundTrip()
{
    QFETCH(double, longitude);
    QFETCH(double, latitude);
    const QPointF metres = Projection::fromLonLat(longitude, latitude);
    const QGeoCoordinate back = Projection::unproject(metres);
    QVERIFY2(qAbs(back.longitude() - longitude) < 1e-9, qPrintable(QString::number(back.longitude(), 'g', 15)));
    QVERIFY2(qAbs(back.latitude() - latitude) < 1e-9, qPrintable(QString::number(back.latitude(), 'g', 15)));
    QCOMPARE(Projection::project(QGeoCoordinate(latitude, longitude)), metres);
}

void TestProjection::agreesWithProj_data()
{
    roundTrip_data();
}

void TestProjection::agreesWithProj()
{
    QFETCH(double, longitude);
    QFETCH(double, latitude);
    // PROJ's EPSG:3857 is the reference our closed-form projection must match.
    geo::registerDrivers();
    OGRSpatialReference target;
    QCOMPARE(target.importFromEPSG(3857), OGRERR_NONE);
    target.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    const geo::SpatialReferencePtr source = geo::wgs84();
    const geo::TransformPtr transform(OGRCreateCoordinateTransformation(source.get(), &target));
    QVERIFY(transform);
    double x = longitude, y = latitude;
    QVERIFY(transform->Transform(1, &x, &y));
    const QPointF ours = Projection::fromLonLat(longitude, latitude);
    QVERIFY2(qAbs(ours.x() - x) < 0.01, qPrintable(QStringLiteral("x %1 vs PROJ %2").arg(ours.x(), 0, 'f', 3).arg(x, 0, 'f', 3)));
    QVERIFY2(qAbs(ours.y() - y) < 0.01, qPrintable(QStringLiteral("y %1 vs PROJ %2").arg(ours.y(), 0, 'f', 3).arg(y, 0, 'f', 3)));
}

void TestProjection::rectangles()
{
    const QGeoRectangle afghanistan(QGeoCoordinate(38.5, 60.5), QGeoCoordinate(29.35, 74.9));
    const QRectF metres = Projection::project(afghanistan);
    QVERIFY(metres.width() > 0 && metres.height() > 0);
    QCOMPARE(metres.left(), Projection::fromLonLat(60.5, 0).x());
    QCOMPARE(metres.top(), Projection::fromLonLat(0, 29.35).y()); // the southern edge: y grows north
    const QGeoRectangle back = Projection::unproject(metres);
    QVERIFY(qAbs(back.topLeft().latitude() - 38.5) < 1e-9);
    QVERIFY(qAbs(back.topLeft().longitude() - 60.5) < 1e-9);
    QVERIFY(qAbs(back.bottomRight().latitude() - 29.35) < 1e-9);
    QVERIFY(qAbs(back.bottomRight().longitude() - 74.9) < 1e-9);
}

void TestProjection::clampsPoles()
{
    const QPointF north = Projection::fromLonLat(0, 90);
    QVERIFY(std::isfinite(north.y()));
    QVERIFY(qAbs(north.y() - Projection::kHalfWorld) < 1e-3);
    QVERIFY(std::isfinite(Projection::fromLonLat(0, -90).y()));
}

void TestProjection::groundScale()
{
    QVERIFY(qAbs(Projection::groundScale(60.0) - 0.5) < 1e-12);
    QCOMPARE(Projection::groundScale(0.0), 1.0);
}

void TestProjection::screenRoundTrip()
{
    MapSettings s;
    s.setOutputSize(QSize(1000, 700));
    s.setCenter(Projection::fromLonLat(67.0, 34.0));
    s.setMetresPerPixel(733.0);
    for (const QPointF screen : {QPointF(0, 0), QPointF(999.5, 699.5), QPointF(123.25, 456.75)}) {
        const QPointF back = s.toScreen(s.toMetres(screen));
        QVERIFY(qAbs(back.x() - screen.x()) < 1e-6 && qAbs(back.y() - screen.y()) < 1e-6);
        const QPointF viaTransform = s.mapToScreenTransform().map(s.toMetres(screen));
        QVERIFY(qAbs(viaTransform.x() - screen.x()) < 1e-6 && qAbs(viaTransform.y() - screen.y()) < 1e-6);
    }
    QCOMPARE(s.toScreen(s.center()), QPointF(500, 350));
}

void TestProjection::kunduzPixel()
{
    // A view centred on lon 68, lat 36 at 1 km per pixel: Kunduz (68.868, 36.728) lies east and
    // north of the centre by the Mercator distances, written out from EPSG:3857
    // (x = 7666350.69 - 7569725.37 m, y = 4401261.01 - 4300621.37 m).
    MapSettings s;
    s.setOutputSize(QSize(800, 600));
    s.setCenter(Projection::fromLonLat(68.0, 36.0));
    s.setMetresPerPixel(1000.0);
    const QPointF at = s.toScreen(QGeoCoordinate(36.728, 68.868));
    const double expectedX = 400.0 + (7666350.69 - 7569725.37) / 1000.0;
    const double expectedY = 300.0 - (4401261.01 - 4300621.37) / 1000.0;
    QVERIFY2(qAbs(at.x() - expectedX) < 0.05, qPrintable(QString::number(at.x())));
    QVERIFY2(qAbs(at.y() - expectedY) < 0.05, qPrintable(QString::number(at.y())));
    const QGeoCoordinate back = s.toCoordinate(at);
    QVERIFY(qAbs(back.latitude() - 36.728) < 1e-9 && qAbs(back.longitude() - 68.868) < 1e-9);
}

void TestProjection::zoomKeepsAnchor()
{
    MapSettings s;
    s.setOutputSize(QSize(800, 600));
    s.setMetresPerPixel(1000);
    const QPointF anchor(200, 150);
    const QPointF before = s.toMetres(anchor);
    s.zoomBy(2.0, anchor);
    QCOMPARE(s.metresPerPixel(), 500.0);
    const QPointF after = s.toMetres(anchor);
    QVERIFY(qAbs(after.x() - before.x()) < 1e-6 && qAbs(after.y() - before.y()) < 1e-6);
    s.zoomBy(1e9, anchor);
    QCOMPARE(s.metresPerPixel(), MapSettings::kMinMetresPerPixel);
}

void TestProjection::fitsExtent()
{
    MapSettings s;
    s.setOutputSize(QSize(800, 600));
    const QGeoRectangle box(QGeoCoordinate(38.5, 60.5), QGeoCoordinate(29.35, 74.9));
    s.setGeoExtent(box, 20);
    const QPointF nw = s.toScreen(box.topLeft());
    const QPointF se = s.toScreen(box.bottomRight());
    QVERIFY(nw.x() >= 19.9 && nw.y() >= 19.9 && se.x() <= 780.1 && se.y() <= 580.1);
    // It fills one of the two dimensions exactly.
    QVERIFY(qAbs(nw.x() - 20) < 0.01 || qAbs(nw.y() - 20) < 0.01);
}

void TestProjection::panFollowsDrag()
{
    MapSettings s;
    s.setOutputSize(QSize(800, 600));
    const QPointF grabbed = s.toMetres(QPointF(100, 100));
    s.panByPixels(QPointF(30, -20));
    const QPointF now = s.toScreen(grabbed);
    QVERIFY(qAbs(now.x() - 130) < 1e-6 && qAbs(now.y() - 80) < 1e-6);
}

QTEST_GUILESS_MAIN(TestProjection)
#include "tst_projection.moc"
