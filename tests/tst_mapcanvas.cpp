// MapCanvas wiring: clicks, wheel, keys, drags, cluster zoom, cursor position, layers and the
// layer panel, driven with QTest events on an offscreen widget and observed with QSignalSpy.
#include "geo/projection.h"
#include "layerpanel.h"
#include "mapcanvas.h"
#include "maprender/mapfixtures.h"

#include <QCheckBox>
#include <QListWidget>
#include <QToolTip>
#include <QtTest>

using namespace mapline;
using namespace mapline::test;

namespace {

bool waitForFrames(MapCanvas &canvas)
{
    return QTest::qWaitFor([&canvas] { return !canvas.isRendering(); }, 10000);
}

void wheel(QWidget &widget, const QPointF &at, int delta)
{
    QWheelEvent event(at, widget.mapToGlobal(at), QPoint(), QPoint(0, delta), Qt::NoButton, Qt::NoModifier,
                      Qt::NoScrollPhase, false);
    QApplication::sendEvent(&widget, &event);
}

} // namespace

class TestMapCanvas : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void clickOnEventEmitsItsId();
    void clickOnEmptyMapEmitsNothing();
    void clickOnClusterZoomsIn();
    void wheelZoomsAtTheCursor();
    void keysPanAndZoom();
    void zoomOutStopsAtTheData();
    void dragPans();
    void doubleClickZoomsIn();
    void cursorPositionIsReported();
    void zoomToEventsAndAfghanistan();
    void fittedViewsKeepClearOfTheLegend();
    void selectionFromOutside();
    void heatMapToggle();
    void filterAndTimeWindow();
    void ensureEventVisiblePans();
    void tooltipDescribesEvent();
    void layersAndPanel();
    void pickModeYieldsACoordinate();

private:
    std::unique_ptr<MapCanvas> mCanvas;
};

void TestMapCanvas::init()
{
    mCanvas = std::make_unique<MapCanvas>();
    mCanvas->resize(800, 600);
    mCanvas->setBasemap(fixtureBasemap());
    QList<Event> events = {makeEvent(42, QStringLiteral("armed_clash"), QDate(2001, 11, 21), kunduz())};
    for (int i = 0; i < 5; ++i) // a cluster in Kabul
        events << makeEvent(100 + i, QStringLiteral("talks"), QDate(2001, 11, 1 + i),
                            QGeoCoordinate(kabul().latitude() + 0.05 * (i % 2), kabul().longitude() + 0.05 * (i / 2)));
    mCanvas->setEventIndex(indexOf(events));
    mCanvas->show();
    QVERIFY(QTest::qWaitForWindowExposed(mCanvas.get()));
    mCanvas->setView(QGeoCoordinate(35.6, 69.0), 1000.0);
    QVERIFY(waitForFrames(*mCanvas));
}

void TestMapCanvas::cleanup()
{
    mCanvas.reset();
}

void TestMapCanvas::clickOnEventEmitsItsId()
{
    QSignalSpy clicked(mCanvas.get(), &MapCanvas::eventClicked);
    const QPoint at = mCanvas->settings().toScreen(kunduz()).toPoint();
    QTest::mouseClick(mCanvas.get(), Qt::LeftButton, {}, at);
    QCOMPARE(clicked.count(), 1);
    QCOMPARE(clicked.first().first().toLongLong(), 42);
    QCOMPARE(mCanvas->selectedEventId(), 42);
}

void TestMapCanvas::clickOnEmptyMapEmitsNothing()
{
    QSignalSpy clicked(mCanvas.get(), &MapCanvas::eventClicked);
    const double before = mCanvas->settings().metresPerPixel();
    QTest::mouseClick(mCanvas.get(), Qt::LeftButton, {}, QPoint(30, 300));
    QCOMPARE(clicked.count(), 0);
    QCOMPARE(mCanvas->settings().metresPerPixel(), before);
}

void TestMapCanvas::clickOnClusterZoomsIn()
{
    QSignalSpy clicked(mCanvas.get(), &MapCanvas::eventClicked);
    const auto &items = mCanvas->eventLayout().items;
    const auto cluster = std::find_if(items.begin(), items.end(), [](const auto &i) { return i.isCluster(); });
    QVERIFY(cluster != items.end());
    QCOMPARE(cluster->count, 5);
    const double before = mCanvas->settings().metresPerPixel();
    QTest::mouseClick(mCanvas.get(), Qt::LeftButton, {}, mCanvas->eventLayout().screenPosition(mCanvas->settings(), *cluster).toPoint());
    QCOMPARE(clicked.count(), 0);
    QVERIFY(mCanvas->settings().metresPerPixel() <= before / 2);
    // The cluster's members are in the new view.
    QVERIFY(mCanvas->settings().extent().contains(Projection::project(kabul())));
    QVERIFY(waitForFrames(*mCanvas));
}

void TestMapCanvas::wheelZoomsAtTheCursor()
{
    QSignalSpy changed(mCanvas.get(), &MapCanvas::viewChanged);
    const QPointF at(600, 150);
    const QPointF under = mCanvas->settings().toMetres(at);
    const double before = mCanvas->settings().metresPerPixel();
    wheel(*mCanvas, at, 120);
    QVERIFY(mCanvas->settings().metresPerPixel() < before);
    QVERIFY(changed.count() >= 1);
    const QPointF after = mCanvas->settings().toScreen(under);
    QVERIFY2(QLineF(after, at).length() < 0.5, "the point under the cursor moved");
    wheel(*mCanvas, at, -240);
    QVERIFY(mCanvas->settings().metresPerPixel() > before);
    QVERIFY(waitForFrames(*mCanvas));
}

void TestMapCanvas::keysPanAndZoom()
{
    const QPointF centre = mCanvas->settings().center();
    const double scale = mCanvas->settings().metresPerPixel();
    QTest::keyClick(mCanvas.get(), Qt::Key_Right);
    QVERIFY(mCanvas->settings().center().x() > centre.x());
    QTest::keyClick(mCanvas.get(), Qt::Key_Up);
    QVERIFY(mCanvas->settings().center().y() > centre.y());
    QTest::keyClick(mCanvas.get(), Qt::Key_Plus);
    QCOMPARE(mCanvas->settings().metresPerPixel(), scale / 2);
    QTest::keyClick(mCanvas.get(), Qt::Key_Minus);
    QTest::keyClick(mCanvas.get(), Qt::Key_Minus);
    QCOMPARE(mCanvas->settings().metresPerPixel(), scale * 2);
}

void TestMapCanvas::zoomOutStopsAtTheData()
{
    // However far out the analyst zooms, and whatever the map's shape, the view stays on the
    // basemap's data: nothing beyond its box shows at the sides.
    const QRectF data = mCanvas->settings().basemap()->bounds().normalized();
    for (const QSize size : {QSize(800, 600), QSize(1400, 300), QSize(300, 900)}) {
        mCanvas->resize(size);
        QCoreApplication::processEvents();
        for (int i = 0; i < 12; ++i)
            mCanvas->zoomOut();
        const QRectF view = mCanvas->settings().extent();
        QVERIFY2(data.adjusted(-1, -1, 1, 1).contains(view),
                 qPrintable(QStringLiteral("%1x%2: view %3 m wide, data %4 m").arg(size.width()).arg(size.height())
                                .arg(view.width()).arg(data.width())));
        // ... and fills it along one axis at least: zooming out did stop at the data, not before.
        QVERIFY(view.width() > data.width() * 0.99 || view.height() > data.height() * 0.99);
    }
    QVERIFY(waitForFrames(*mCanvas));
}

void TestMapCanvas::dragPans()
{
    QSignalSpy clicked(mCanvas.get(), &MapCanvas::eventClicked);
    const QPoint start = mCanvas->settings().toScreen(kunduz()).toPoint(); // even starting on an event
    const QPointF grabbed = mCanvas->settings().toMetres(start);
    QTest::mousePress(mCanvas.get(), Qt::LeftButton, {}, start);
    for (int step = 1; step <= 5; ++step) {
        QMouseEvent move(QEvent::MouseMove, start + QPoint(-20 * step, 10 * step), mCanvas->mapToGlobal(start),
                         Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(mCanvas.get(), &move);
    }
    QTest::mouseRelease(mCanvas.get(), Qt::LeftButton, {}, start + QPoint(-100, 50));
    QCOMPARE(clicked.count(), 0);
    const QPointF now = mCanvas->settings().toScreen(grabbed);
    QVERIFY2(QLineF(now, QPointF(start + QPoint(-100, 50))).length() < 0.5, "the map did not follow the drag");
    QVERIFY(waitForFrames(*mCanvas));
}

void TestMapCanvas::doubleClickZoomsIn()
{
    const double before = mCanvas->settings().metresPerPixel();
    QTest::mouseDClick(mCanvas.get(), Qt::LeftButton, {}, QPoint(100, 100));
    QCOMPARE(mCanvas->settings().metresPerPixel(), before / 2);
}

void TestMapCanvas::cursorPositionIsReported()
{
    QSignalSpy cursor(mCanvas.get(), &MapCanvas::cursorPositionChanged);
    const QPoint at = mCanvas->settings().toScreen(kabul()).toPoint();
    QMouseEvent move(QEvent::MouseMove, at, mCanvas->mapToGlobal(at), Qt::NoButton, Qt::NoButton, Qt::NoModifier);
    QApplication::sendEvent(mCanvas.get(), &move);
    QCOMPARE(cursor.count(), 1);
    const auto c = cursor.last().first().value<QGeoCoordinate>();
    QVERIFY(qAbs(c.latitude() - kabul().latitude()) < 0.01 && qAbs(c.longitude() - kabul().longitude()) < 0.01);
}

void TestMapCanvas::zoomToEventsAndAfghanistan()
{
    mCanvas->setView(QGeoCoordinate(30.0, 62.0), 200.0);
    mCanvas->zoomToEvents();
    const QRectF view = mCanvas->settings().extent();
    QVERIFY(view.contains(Projection::project(kunduz())));
    QVERIFY(view.contains(Projection::project(kabul())));
    mCanvas->setTimeWindow(QDate(2001, 11, 21), QDate(2001, 11, 21)); // only the Kunduz event
    mCanvas->zoomToEvents();
    QVERIFY(QLineF(mCanvas->settings().center(), Projection::project(kunduz())).length() < 10);
    mCanvas->zoomToAfghanistan();
    QVERIFY(mCanvas->settings().extent().contains(Projection::project(mCanvas->settings().basemap()->focusExtent())));
    QVERIFY(waitForFrames(*mCanvas));
}

void TestMapCanvas::fittedViewsKeepClearOfTheLegend()
{
    // Events at the corners of their bounds: the north-east one would fall under the events'
    // legend (top right, a row a type) if the view were fitted to the whole canvas.
    const QList<QGeoCoordinate> at = {QGeoCoordinate(37.0, 71.4), QGeoCoordinate(31.5, 61.5),
                                      QGeoCoordinate(37.0, 61.5), QGeoCoordinate(31.5, 71.4)};
    const QStringList types = {QStringLiteral("armed_clash"), QStringLiteral("air_strike"), QStringLiteral("shelling"),
                               QStringLiteral("talks")};
    QList<Event> events;
    for (int i = 0; i < at.size(); ++i)
        events << makeEvent(200 + i, types[i], QDate(2001, 11, 10 + i), at[i]);
    mCanvas->setEventIndex(indexOf(events));
    QVERIFY(waitForFrames(*mCanvas));
    mCanvas->repaint();
    QVERIFY(!mCanvas->panels().isEmpty());
    const QRectF legend = mCanvas->panels().first();
    QVERIFY2(legend.left() > mCanvas->width() / 2, "the events' legend stands on the right");
    mCanvas->zoomToEvents();
    QVERIFY(waitForFrames(*mCanvas));
    mCanvas->repaint();
    const QRectF canvas(QPointF(0, 0), QSizeF(mCanvas->size()));
    for (const QGeoCoordinate &c : at) {
        const QPointF p = mCanvas->settings().toScreen(c);
        QVERIFY2(canvas.contains(p), qPrintable(c.toString()));
        for (const QRectF &panel : mCanvas->panels())
            QVERIFY2(!panel.adjusted(-4, -4, 4, 4).contains(p),
                     qPrintable(QStringLiteral("%1 at %2,%3 under the legend at %4,%5 %6x%7")
                                    .arg(c.toString())
                                    .arg(p.x())
                                    .arg(p.y())
                                    .arg(panel.x())
                                    .arg(panel.y())
                                    .arg(panel.width())
                                    .arg(panel.height())));
    }
}

void TestMapCanvas::selectionFromOutside()
{
    QSignalSpy clicked(mCanvas.get(), &MapCanvas::eventClicked);
    mCanvas->setSelectedEventId(101);
    QCOMPARE(mCanvas->selectedEventId(), 101);
    QCOMPARE(clicked.count(), 0); // only user clicks are reported
    const QImage shown = mCanvas->grab().toImage();
    mCanvas->setSelectedEventId(0);
    QVERIFY(shown != mCanvas->grab().toImage()); // the highlight was drawn
}

void TestMapCanvas::heatMapToggle()
{
    QVERIFY(!mCanvas->isHeatMap());
    mCanvas->setHeatMap(true);
    QVERIFY(mCanvas->isHeatMap());
    QVERIFY(waitForFrames(*mCanvas));
    QVERIFY(mCanvas->eventLayout().heatMap);
    QVERIFY(mCanvas->eventLayout().items.empty());
    mCanvas->setHeatMap(false);
    QVERIFY(waitForFrames(*mCanvas));
    QVERIFY(!mCanvas->eventLayout().items.empty());
}

void TestMapCanvas::filterAndTimeWindow()
{
    EventFilter filter;
    filter.types = {QStringLiteral("talks")};
    mCanvas->setEventFilter(filter);
    QVERIFY(waitForFrames(*mCanvas));
    QCOMPARE(mCanvas->eventLayout().visibleEvents, 5);
    // The filter survives a new index.
    mCanvas->setEventIndex(indexOf({makeEvent(1, QStringLiteral("talks"), QDate(2001, 11, 1), kabul()),
                                    makeEvent(2, QStringLiteral("armed_clash"), QDate(2001, 11, 1), kunduz())}));
    QVERIFY(waitForFrames(*mCanvas));
    QCOMPARE(mCanvas->eventLayout().visibleEvents, 1);
    mCanvas->setEventFilter({});
    mCanvas->setTimeWindow(QDate(2001, 12, 1), QDate(2001, 12, 31));
    QVERIFY(waitForFrames(*mCanvas));
    QCOMPARE(mCanvas->eventLayout().windowEvents, 0);
}

void TestMapCanvas::ensureEventVisiblePans()
{
    mCanvas->setView(QGeoCoordinate(31.0, 63.0), 200.0); // far from both towns
    const double scale = mCanvas->settings().metresPerPixel();
    mCanvas->ensureEventVisible(42);
    QCOMPARE(mCanvas->settings().metresPerPixel(), scale);
    QVERIFY(QLineF(mCanvas->settings().center(), Projection::project(kunduz())).length() < 5);
    const QPointF centre = mCanvas->settings().center();
    mCanvas->ensureEventVisible(42); // already in view: no move
    QCOMPARE(mCanvas->settings().center(), centre);
    QVERIFY(waitForFrames(*mCanvas));
}

void TestMapCanvas::tooltipDescribesEvent()
{
    qint64 asked = 0;
    mCanvas->setEventDescriber([&asked](qint64 id) {
        asked = id;
        return QStringLiteral("<b>Armed clash</b> in Kunduz");
    });
    const QPoint at = mCanvas->settings().toScreen(kunduz()).toPoint();
    QHelpEvent help(QEvent::ToolTip, at, mCanvas->mapToGlobal(at));
    QApplication::sendEvent(mCanvas.get(), &help);
    QCOMPARE(asked, 42);
    QTRY_VERIFY(QToolTip::isVisible());
    QVERIFY(QToolTip::text().contains(QStringLiteral("Kunduz")));
}

void TestMapCanvas::layersAndPanel()
{
    QTemporaryDir dir;
    const QString square = writeUtmSquare(dir, kunduz(), 20000.0);
    LayerPanel panel(*mCanvas);
    auto *list = panel.findChild<QListWidget *>();
    QVERIFY(list);
    QSignalSpy changed(mCanvas.get(), &MapCanvas::layersChanged);
    QVERIFY(mCanvas->addLayerFile(square));
    QVERIFY(!mCanvas->addLayerFile(dir.filePath(QStringLiteral("missing.shp"))));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(mCanvas->layers().size(), 1);
    QCOMPARE(list->count(), 1);
    QVERIFY(waitForFrames(*mCanvas));
    const QPoint at = mCanvas->settings().toScreen(QGeoCoordinate(36.6, 68.9)).toPoint();
    const QColor with = mCanvas->grab().toImage().pixelColor(at);

    list->item(0)->setCheckState(Qt::Unchecked); // the panel hides it on the canvas
    QVERIFY(!mCanvas->layers().first().visible);
    QVERIFY(waitForFrames(*mCanvas));
    const QColor without = mCanvas->grab().toImage().pixelColor(at);
    QVERIFY2(with != without, qPrintable(with.name() + QLatin1Char(' ') + without.name()));

    const QString raster = writeSolidGeoTiff(dir, QGeoRectangle(QGeoCoordinate(35, 68), QGeoCoordinate(34, 70)), Qt::green);
    QVERIFY(mCanvas->addLayerFile(raster));
    QCOMPARE(list->count(), 2);
    QCOMPARE(list->item(0)->text(), QStringLiteral("solid")); // the top layer is listed first
    mCanvas->moveLayer(1, 0);
    QCOMPARE(list->item(0)->text(), QStringLiteral("square-utm"));
    mCanvas->removeLayer(0);
    QCOMPARE(list->count(), 1);
    QVERIFY(waitForFrames(*mCanvas));
}

void TestMapCanvas::pickModeYieldsACoordinate()
{
    QSignalSpy picked(mCanvas.get(), &MapCanvas::coordinatePicked);
    QSignalSpy picking(mCanvas.get(), &MapCanvas::pickingChanged);
    QSignalSpy clicked(mCanvas.get(), &MapCanvas::eventClicked);
    mCanvas->startPicking();
    QVERIFY(mCanvas->isPicking());
    QCOMPARE(picking.count(), 1);
    QCOMPARE(picking.takeFirst().first().toBool(), true);
    QCOMPARE(mCanvas->cursor().shape(), Qt::CrossCursor);
    // Hovering an event keeps the cross.
    const QPoint onEvent = mCanvas->settings().toScreen(kunduz()).toPoint();
    QTest::mouseMove(mCanvas.get(), onEvent);
    QCOMPARE(mCanvas->cursor().shape(), Qt::CrossCursor);

    // A drag still pans and picks nothing.
    const QGeoCoordinate centre = mCanvas->settings().toCoordinate(QPointF(400, 300));
    QTest::mousePress(mCanvas.get(), Qt::LeftButton, {}, QPoint(400, 300));
    QTest::mouseMove(mCanvas.get(), QPoint(450, 330));
    QTest::mouseRelease(mCanvas.get(), Qt::LeftButton, {}, QPoint(450, 330));
    QCOMPARE(picked.count(), 0);
    QVERIFY(mCanvas->isPicking());
    QVERIFY(mCanvas->settings().toCoordinate(QPointF(400, 300)).distanceTo(centre) > 1000);
    QCOMPARE(mCanvas->cursor().shape(), Qt::CrossCursor);

    // A click on an event is a coordinate, not a selection; pick mode ends.
    const QPoint at = mCanvas->settings().toScreen(kunduz()).toPoint();
    const QGeoCoordinate expected = mCanvas->settings().toCoordinate(at);
    QTest::mouseClick(mCanvas.get(), Qt::LeftButton, {}, at);
    QCOMPARE(picked.count(), 1);
    const auto coordinate = picked.first().first().value<QGeoCoordinate>();
    QVERIFY(coordinate.isValid());
    QVERIFY(coordinate.distanceTo(expected) < 1.0);
    QVERIFY(coordinate.distanceTo(kunduz()) < 2000.0); // within a pixel or two
    QCOMPARE(clicked.count(), 0);
    QVERIFY(!mCanvas->isPicking());
    QCOMPARE(picking.count(), 1);
    QCOMPARE(picking.takeFirst().first().toBool(), false);
    QCOMPARE(mCanvas->cursor().shape(), Qt::ArrowCursor);
    // The next click selects again.
    QTest::mouseClick(mCanvas.get(), Qt::LeftButton, {}, at);
    QCOMPARE(clicked.count(), 1);

    // Esc cancels without a coordinate.
    mCanvas->startPicking();
    QTest::keyClick(mCanvas.get(), Qt::Key_Escape);
    QVERIFY(!mCanvas->isPicking());
    QCOMPARE(picked.count(), 1);
    QCOMPARE(picking.count(), 2);
    QCOMPARE(picking.last().first().toBool(), false);
}

QTEST_MAIN(TestMapCanvas)
#include "tst_mapcanvas.moc"
