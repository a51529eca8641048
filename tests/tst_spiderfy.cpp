// Events no zoom can separate (issue 14, item 4): 32 reports "at Kunduz" share one point, so a
// click on their cluster fans them out on a spiral (spiderfy) instead of zooming to 500 m and
// on; more than the spiral holds open as a list; the tooltip promises only what the click does.
// The spiral is checked in a rendered image, the clicks with QTest and QSignalSpy.
#include "mapcanvas.h"
#include "maprender/mapfixtures.h"
#include "render/eventlayerrenderer.h"
#include "render/maprenderer.h"
#include "render/spiderlayout.h"

#include <QListWidget>
#include <QToolTip>
#include <QtTest>

#include <cmath>

using namespace mapline;
using namespace mapline::test;

namespace {
bool waitForFrames(MapCanvas &canvas)
{
    return QTest::qWaitFor([&canvas] { return !canvas.isRendering(); }, 10000);
}

// `count` events at exactly Kunduz (ids from 1000, types alternating), and one at Kabul.
std::shared_ptr<const EventIndex> pileAtKunduz(int count)
{
    QList<Event> events;
    const QString types[] = {QStringLiteral("armed_clash"), QStringLiteral("talks"), QStringLiteral("statement")};
    for (int i = 0; i < count; ++i)
        events << makeEvent(1000 + i, types[i % 3], QDate(2001, 11, 1).addDays(i % 20), kunduz());
    events << makeEvent(7, QStringLiteral("armed_clash"), QDate(2001, 11, 5), kabul());
    return indexOf(events);
}

const EventLayout::Item *clusterOf(const EventLayout &layout)
{
    for (const auto &item : layout.items)
        if (item.isCluster())
            return &item;
    return nullptr;
}

QString tooltipAt(MapCanvas &canvas, const QPoint &at)
{
    QHelpEvent help(QEvent::ToolTip, at, canvas.mapToGlobal(at));
    QApplication::sendEvent(&canvas, &help);
    const QString text = QToolTip::text();
    QToolTip::hideText();
    return text;
}
} // namespace

class TestSpiderfy : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void spiralStandsApart();
    void clickFansOutInsteadOfZooming();
    void fannedOutSymbolsAreDrawnAndClickable();
    void zoomEscAndClickFoldThemBack();
    void tooManyOpenAsAList();
    void separableClustersStillZoom();

private:
    std::unique_ptr<MapCanvas> mCanvas;
};

void TestSpiderfy::init()
{
    mCanvas = std::make_unique<MapCanvas>();
    mCanvas->resize(640, 480);
    mCanvas->setBasemap(fixtureBasemap());
    mCanvas->setEventIndex(pileAtKunduz(32));
    mCanvas->show();
    QVERIFY(QTest::qWaitForWindowExposed(mCanvas.get()));
    mCanvas->setView(kunduz(), 60.0);
    QVERIFY(waitForFrames(*mCanvas));
}

void TestSpiderfy::cleanup()
{
    mCanvas.reset();
}

void TestSpiderfy::spiralStandsApart()
{
    for (int n : {2, 8, 9, 10, 32, 150}) {
        const auto offsets = SpiderLayout::offsets(n, 17.0);
        QCOMPARE(int(offsets.size()), n);
        for (size_t i = 0; i < offsets.size(); ++i) {
            QVERIFY(std::hypot(offsets[i].x(), offsets[i].y()) >= 17.0); // never on the spot
            for (size_t j = i + 1; j < offsets.size(); ++j) {
                const QPointF d = offsets[i] - offsets[j];
                QVERIFY2(std::hypot(d.x(), d.y()) >= 14.0, qPrintable(QStringLiteral("%1 of %2").arg(j).arg(n)));
            }
        }
    }
    QVERIFY(SpiderLayout::reach(150, 17.0) < 200.0); // compact: a spiral, not a ring of 150
}

void TestSpiderfy::clickFansOutInsteadOfZooming()
{
    const EventLayout::Item *cluster = clusterOf(mCanvas->eventLayout());
    QVERIFY(cluster);
    QCOMPARE(cluster->count, 32);
    const QPoint at = mCanvas->eventLayout().screenPosition(mCanvas->settings(), *cluster).toPoint();
    // The tooltip promises no zoom: no zoom can split them.
    QVERIFY(mCanvas->clusterAction(*cluster) == MapCanvas::ClusterAction::Spread);
    const QString tip = tooltipAt(*mCanvas, at);
    QVERIFY2(!tip.contains(QStringLiteral("zoom")), qPrintable(tip));
    QVERIFY2(tip.contains(QStringLiteral("spread them out")), qPrintable(tip));

    const double mpp = mCanvas->settings().metresPerPixel();
    QTest::mouseClick(mCanvas.get(), Qt::LeftButton, {}, at);
    QCOMPARE(mCanvas->settings().metresPerPixel(), mpp); // no zoom
    QVERIFY(mCanvas->settings().spread());
    QVERIFY(waitForFrames(*mCanvas));
    int spread = 0;
    for (const auto &item : mCanvas->eventLayout().items)
        spread += item.spread && !item.isCluster();
    QCOMPARE(spread, 32);
    QVERIFY(!clusterOf(mCanvas->eventLayout()));
}

void TestSpiderfy::fannedOutSymbolsAreDrawnAndClickable()
{
    const EventLayout::Item *cluster = clusterOf(mCanvas->eventLayout());
    QVERIFY(cluster);
    QTest::mouseClick(mCanvas.get(), Qt::LeftButton, {},
                      mCanvas->eventLayout().screenPosition(mCanvas->settings(), *cluster).toPoint());
    QVERIFY(waitForFrames(*mCanvas));

    // The frame an export would write: each fanned-out symbol in its type's colour where the
    // layout put it, on a spiral around Kunduz, with a leg to the spot.
    MapSettings frame = mCanvas->settings();
    frame.setDrawText(false);
    EventLayout layout;
    const QImage image = MapRenderer::renderImage(frame, &layout);
    const QPointF spot = frame.toScreen(kunduz());
    int checked = 0;
    QSet<QPair<int, int>> positions;
    for (const auto &item : layout.items) {
        if (!item.spread)
            continue;
        const QPointF at = layout.screenPosition(frame, item);
        positions.insert({int(std::lround(at.x())), int(std::lround(at.y()))});
        const double away = std::hypot(at.x() - spot.x(), at.y() - spot.y());
        QVERIFY(away > EventLayerRenderer::kSymbolSize);
        const QColor want = EventStyle::forType(frame.events()->typeNames().value(item.typeId)).colour;
        // The symbol's inside (a pixel or two from its centre: every shape covers that).
        const QColor got = image.pixelColor(at.toPoint());
        const int diff = std::abs(got.red() - want.red()) + std::abs(got.green() - want.green()) +
                         std::abs(got.blue() - want.blue());
        QVERIFY2(diff < 90, qPrintable(QStringLiteral("%1 at %2,%3 is %4, not %5")
                                           .arg(item.eventId).arg(at.x()).arg(at.y()).arg(got.name(), want.name())));
        ++checked;
    }
    QCOMPARE(checked, 32);
    QCOMPARE(positions.size(), 32); // each its own place
    // The spot itself carries the legs' dark hub.
    const QColor hub = image.pixelColor(spot.toPoint());
    QVERIFY2(hub.lightness() < 110, qPrintable(hub.name()));

    // Each one is clickable: the click selects that very event.
    QSignalSpy clicked(mCanvas.get(), &MapCanvas::eventClicked);
    int tried = 0;
    for (const auto &item : mCanvas->eventLayout().items) {
        if (!item.spread || tried >= 5)
            continue;
        ++tried;
        QTest::mouseClick(mCanvas.get(), Qt::LeftButton, {},
                          mCanvas->eventLayout().screenPosition(mCanvas->settings(), item).toPoint());
        QCOMPARE(clicked.last().first().toLongLong(), item.eventId);
    }
    QCOMPARE(clicked.count(), 5);
    QVERIFY(mCanvas->settings().spread()); // selecting one keeps them fanned out
}

void TestSpiderfy::zoomEscAndClickFoldThemBack()
{
    const auto open = [this] {
        const EventLayout::Item *cluster = clusterOf(mCanvas->eventLayout());
        QVERIFY(cluster);
        QTest::mouseClick(mCanvas.get(), Qt::LeftButton, {},
                          mCanvas->eventLayout().screenPosition(mCanvas->settings(), *cluster).toPoint());
        QVERIFY(mCanvas->settings().spread());
        QVERIFY(waitForFrames(*mCanvas));
    };
    open();
    QTest::keyClick(mCanvas.get(), Qt::Key_Escape);
    QVERIFY(!mCanvas->settings().spread());
    QVERIFY(waitForFrames(*mCanvas));
    open();
    QTest::mouseClick(mCanvas.get(), Qt::LeftButton, {}, QPoint(10, 10)); // empty map
    QVERIFY(!mCanvas->settings().spread());
    QVERIFY(waitForFrames(*mCanvas));
    open();
    mCanvas->zoomIn();
    QVERIFY(!mCanvas->settings().spread());
}

void TestSpiderfy::tooManyOpenAsAList()
{
    mCanvas->setEventIndex(pileAtKunduz(EventLayerRenderer::kMaxSpiderfy + 50));
    QVERIFY(waitForFrames(*mCanvas));
    const EventLayout::Item *cluster = clusterOf(mCanvas->eventLayout());
    QVERIFY(cluster);
    QVERIFY(mCanvas->clusterAction(*cluster) == MapCanvas::ClusterAction::List);
    const QPoint at = mCanvas->eventLayout().screenPosition(mCanvas->settings(), *cluster).toPoint();
    QVERIFY(tooltipAt(*mCanvas, at).contains(QStringLiteral("list them")));
    QTest::mouseClick(mCanvas.get(), Qt::LeftButton, {}, at);
    auto *list = mCanvas->findChild<QListWidget *>(QStringLiteral("eventListPopup"));
    QVERIFY(list);
    QTRY_VERIFY(list->isVisible());
    QCOMPARE(list->count(), EventLayerRenderer::kMaxSpiderfy + 50);
    QVERIFY(list->item(0)->text().contains(QStringLiteral("2001-11-20"))); // newest first
    QSignalSpy clicked(mCanvas.get(), &MapCanvas::eventClicked);
    QListWidgetItem *third = list->item(2);
    const qint64 id = third->data(Qt::UserRole).toLongLong();
    emit list->itemActivated(third);
    QCOMPARE(clicked.count(), 1);
    QCOMPARE(clicked.first().first().toLongLong(), id);
    QCOMPARE(mCanvas->selectedEventId(), id);
}

void TestSpiderfy::separableClustersStillZoom()
{
    // Events a few hundred metres apart: zooming splits them, so the click zooms (and says so).
    QList<Event> events;
    for (int i = 0; i < 12; ++i)
        events << makeEvent(1 + i, QStringLiteral("armed_clash"), QDate(2001, 11, 1),
                            QGeoCoordinate(kunduz().latitude() + 0.004 * (i % 4), kunduz().longitude() + 0.004 * (i / 4)));
    mCanvas->setEventIndex(indexOf(events));
    mCanvas->setView(kunduz(), 400.0);
    QVERIFY(waitForFrames(*mCanvas));
    const EventLayout::Item *cluster = clusterOf(mCanvas->eventLayout());
    QVERIFY(cluster);
    QVERIFY(mCanvas->clusterAction(*cluster) == MapCanvas::ClusterAction::ZoomIn);
    const QPoint at = mCanvas->eventLayout().screenPosition(mCanvas->settings(), *cluster).toPoint();
    QVERIFY(tooltipAt(*mCanvas, at).contains(QStringLiteral("zoom in")));
    QTest::mouseClick(mCanvas.get(), Qt::LeftButton, {}, at);
    QVERIFY(mCanvas->settings().metresPerPixel() < 400.0);
    QVERIFY(!mCanvas->settings().spread());
}

QTEST_MAIN(TestSpiderfy)
#include "tst_spiderfy.moc"
