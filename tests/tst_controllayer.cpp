// The viewer's territorial control (docs/CONTROL.md): the ControlLayer's lookups, the map's control
// layer rendered into a QImage (a place in its side's colour, following the window's end; a
// contested place in both; the provinces option), the timeline's lane of changes (its marks, their
// colour and tooltips) and a place's control history with its evidence.
#include "control/controllayer.h"
#include "controlhistoryview.h"
#include "controllane.h"
#include "controlstrip.h"
#include "geo/basemap.h"
#include "index/eventindex.h"
#include "maprender/mapfixtures.h"
#include "render/eventlayerrenderer.h"
#include "render/controllayerrenderer.h"
#include "render/labelrenderer.h"
#include "render/maprenderer.h"
#include "timeline/timelinemodel.h"
#include "timelinearea.h"

#include "testsupport.h"

#include <QTemporaryDir>
#include <QTest>
#include <QVBoxLayout>

using namespace mapline;

namespace {

const QDate kTaken(2001, 11, 13);

ControlState state(int side, QDate since, QList<qint64> evidence = {})
{
    ControlState s;
    s.side = side;
    s.since = since;
    s.sincePrecision = since.isValid() ? DatePrecision::Day : DatePrecision::Unknown;
    s.confidence = 0.8;
    s.evidence = evidence;
    return s;
}

struct Fixture {
    SideTable sides;
    int taliban = -1;
    int anti = -1;
    std::shared_ptr<const ControlLayer> layer;
};

// Kabul: Taliban before, taken on the 13th. Kunduz (far from Kabul): contested from the 25th.
Fixture fixture(const Basemap *basemap = nullptr)
{
    Fixture f;
    f.sides = *SideTable::shipped();
    f.taliban = f.sides.sideIndex(QStringLiteral("Taliban"));
    f.anti = f.sides.sideIndex(QStringLiteral("Anti-Taliban"));
    PlaceControl kabul;
    kabul.place = {QStringLiteral("Kabul"), GeoPrecision::City, QGeoCoordinate(34.5289, 69.1725), QStringLiteral("Kabul"),
                   {}, QStringLiteral("AF"), 1, {}};
    kabul.states = {state(f.taliban, {}, {11}), state(f.anti, kTaken, {11, 12})};
    PlaceControl kunduz;
    kunduz.place = {QStringLiteral("Kunduz"), GeoPrecision::City, QGeoCoordinate(36.728, 68.857), QStringLiteral("Kunduz"),
                    {}, QStringLiteral("AF"), 2, {}};
    ControlState contested = state(f.anti, QDate(2001, 11, 25), {21, 22});
    contested.contested = true;
    contested.rivals = {f.taliban};
    kunduz.states = {state(f.taliban, QDate(2001, 11, 18), {20}), contested};
    f.layer = ControlLayer::make(ControlHistory{{kabul, kunduz}}, f.sides, basemap);
    return f;
}

MapSettings view(const Fixture &f, QDate from, QDate to)
{
    MapSettings s;
    s.setOutputSize(QSize(320, 240));
    s.setGeoExtent(QGeoRectangle(QGeoCoordinate(35.2, 68.5), QGeoCoordinate(33.9, 69.9)));
    s.setDecorations(0);
    s.setDrawText(false);
    s.setControl(f.layer);
    s.setTimeWindow(from, to);
    return s;
}

// How much redder than blue a pixel is: the Taliban's red (#b2182b) against the alliance's blue
// (#2166ac), whatever they were blended over.
int redness(QColor c)
{
    return c.red() - c.blue();
}

} // namespace

class TestControlLayer : public QObject {
    Q_OBJECT

private slots:
    void lookupMatchesTheHistory();
    void placeInItsSidesColourAtTheWindowEnd();
    void contestedInBoth();
    void provincesTinted();
    void namesKeepOffTheMarkers();
    void placeNamedAroundItsRing();
    void laneMarks();
    void historyWithEvidence();
    void snapshotFromCommandLine();
};

void TestControlLayer::lookupMatchesTheHistory()
{
    const Fixture f = fixture();
    QCOMPARE(f.layer->places().size(), 2);
    for (int p = 0; p < f.layer->places().size(); ++p)
        for (QDate d(2001, 10, 1); d <= QDate(2001, 12, 31); d = d.addDays(1))
            QCOMPARE(f.layer->stateOn(p, d), f.layer->places().at(p).stateOn(d)); // the same state, by lookup
    // The changes, in day order, with the side before them.
    QCOMPARE(f.layer->changes().size(), 3);
    QCOMPARE(f.layer->changes().first().day, EventIndex::dayNumber(kTaken));
    QCOMPARE(f.layer->changes().first().from, f.taliban);
    QCOMPARE(f.layer->changes().at(1).from, -1); // Kunduz's first state: nothing known before it
    QCOMPARE(f.layer->placeIndex(QStringLiteral("kunduz")), 1);
}

void TestControlLayer::placeInItsSidesColourAtTheWindowEnd()
{
    const Fixture f = fixture();
    MapSettings s = view(f, QDate(2001, 11, 1), kTaken.addDays(-1));
    const QPoint kabul = s.toScreen(QGeoCoordinate(34.5289, 69.1725)).toPoint();
    QImage image = MapRenderer::renderImage(s);
    QVERIFY(!image.isNull());
    QVERIFY2(redness(image.pixelColor(kabul)) > 30, qPrintable(image.pixelColor(kabul).name()));
    // The window's end is what counts: a window starting before the change but ending on it is blue.
    s.setTimeWindow(QDate(2001, 11, 1), kTaken);
    image = MapRenderer::renderImage(s);
    QVERIFY2(redness(image.pixelColor(kabul)) < -30, qPrintable(image.pixelColor(kabul).name()));
    // Off the layer: nothing there (the plain background).
    s.setControl(nullptr);
    const QColor plain = MapRenderer::renderImage(s).pixelColor(kabul);
    QVERIFY2(plain != image.pixelColor(kabul), qPrintable(plain.name()));
    // A click there finds the place; its description says who and since when.
    s.setControl(f.layer);
    QCOMPARE(ControlLayerRenderer::placeAt(s, QPointF(kabul) + QPointF(3, -2)), 0);
    QCOMPARE(ControlLayerRenderer::placeAt(s, QPointF(kabul) + QPointF(40, 0)), -1);
    QVERIFY(ControlLayerRenderer::describe(s, 0).contains(QStringLiteral("held by Anti-Taliban since 13 Nov 2001")));
}

void TestControlLayer::contestedInBoth()
{
    const Fixture f = fixture();
    MapSettings s = view(f, QDate(2001, 11, 20), QDate(2001, 11, 26));
    s.setGeoExtent(QGeoRectangle(QGeoCoordinate(37.2, 68.3), QGeoCoordinate(36.2, 69.4)));
    const QPointF kunduz = s.toScreen(QGeoCoordinate(36.728, 68.857));
    const QImage image = MapRenderer::renderImage(s);
    const double r = ControlLayerRenderer::kRadius * 0.5;
    // Left half: the side shown (the alliance); right half: the rival reported (the Taliban).
    const QPoint left = (kunduz + QPointF(-r, 0)).toPoint(), right = (kunduz + QPointF(r, 0)).toPoint();
    QVERIFY2(redness(image.pixelColor(left)) < -30, qPrintable(image.pixelColor(left).name()));
    QVERIFY2(redness(image.pixelColor(right)) > 30, qPrintable(image.pixelColor(right).name()));
    // Before its first report nothing is known: nothing drawn (as without the layer).
    s.setTimeWindow(QDate(2001, 11, 1), QDate(2001, 11, 17));
    const QImage before = MapRenderer::renderImage(s);
    s.setControl(nullptr);
    const QImage none = MapRenderer::renderImage(s);
    QCOMPARE(before.pixelColor(left), none.pixelColor(left));
    QCOMPARE(before.pixelColor(right), none.pixelColor(right));
}

void TestControlLayer::provincesTinted()
{
    auto basemap = Basemap::load(Basemap::defaultPath());
    if (!basemap)
        QSKIP(qPrintable(basemap.error()));
    const Fixture f = fixture(basemap.value().get());
    QVERIFY(f.layer->provinceOf(0) >= 0); // Kabul lies in a province of the basemap
    MapSettings s = view(f, QDate(2001, 11, 1), QDate(2001, 11, 20));
    s.setBasemap(basemap.value());
    // A point of Kabul province away from the city's disc.
    const QPoint inProvince = (s.toScreen(QGeoCoordinate(34.5289, 69.1725)) + QPointF(0, 30)).toPoint();
    const QColor without = MapRenderer::renderImage(s).pixelColor(inProvince);
    s.setControlProvinces(true);
    const QColor with = MapRenderer::renderImage(s).pixelColor(inProvince);
    // Tinted towards the alliance's blue.
    QVERIFY2(with != without && redness(with) < redness(without) - 15,
             qPrintable(without.name() + QStringLiteral(" -> ") + with.name()));
}

// The names of the map keep off the control markers (drawn over them in the viewer) and name
// each marker's place beside it: Kabul's name and dot were drawn under its disc, and a place the
// basemap does not name at this scale (Sarobi) was an anonymous disc.
void TestControlLayer::namesKeepOffTheMarkers()
{
    auto basemap = Basemap::load(Basemap::defaultPath());
    if (!basemap)
        QSKIP(qPrintable(basemap.error()));
    Fixture f = fixture(basemap.value().get());
    PlaceControl kabul;
    kabul.place = {QStringLiteral("Kabul"), GeoPrecision::City, QGeoCoordinate(34.5289, 69.1725), QStringLiteral("Kabul"),
                   {}, QStringLiteral("AF"), 1, {}};
    kabul.states = {state(f.anti, kTaken, {11})};
    PlaceControl sarobi;
    sarobi.place = {QStringLiteral("Sarobi"), GeoPrecision::City, QGeoCoordinate(34.5896, 69.7601), QStringLiteral("Kabul"),
                    {}, QStringLiteral("AF"), 3, {}};
    sarobi.states = {state(f.anti, QDate(2001, 11, 18), {30})};
    f.layer = ControlLayer::make(ControlHistory{{kabul, sarobi}}, f.sides, basemap.value().get());
    MapSettings s = view(f, QDate(2001, 11, 1), QDate(2001, 11, 20));
    s.setBasemap(basemap.value());
    s.setOutputSize(QSize(640, 480));
    s.setGeoExtent(QGeoRectangle(QGeoCoordinate(35.6, 67.8), QGeoCoordinate(33.4, 70.6)));
    s.setDrawText(true);
    s.setDecorations(MapSettings::Labels);

    const auto discs = ControlLayerRenderer::discs(s, nullptr);
    QCOMPARE(discs.size(), size_t(2));
    QImage names(s.outputSize(), QImage::Format_ARGB32_Premultiplied);
    names.fill(Qt::transparent);
    QPainter painter(&names);
    const QStringList placed = LabelRenderer::paint(painter, s, nullptr);
    painter.end();
    QVERIFY2(placed.contains(QStringLiteral("Kabul")) && placed.contains(QStringLiteral("Sarobi")),
             qPrintable(placed.join(QStringLiteral(", "))));
    for (const ControlLayerRenderer::Disc &disc : discs) {
        int inked = 0;
        const double r = disc.radius - 1.0;
        for (int y = int(disc.centre.y() - r); y <= int(disc.centre.y() + r); ++y)
            for (int x = int(disc.centre.x() - r); x <= int(disc.centre.x() + r); ++x)
                if (std::hypot(x + 0.5 - disc.centre.x(), y + 0.5 - disc.centre.y()) <= r &&
                    qAlpha(names.pixel(x, y)) > 0)
                    ++inked;
        QVERIFY2(inked == 0, qPrintable(QStringLiteral("%1 pixels of names under the marker of %2")
                                            .arg(inked)
                                            .arg(f.layer->places()[disc.place].place.name)));
    }
}

// A place whose events are drawn as a group, with its control ring drawn around the group: the
// name goes beside the ring (Kunduz and Kandahar, the places that mattered, went unnamed: no
// position beside the group was clear of the ring around it).
void TestControlLayer::placeNamedAroundItsRing()
{
    auto basemap = Basemap::load(Basemap::defaultPath());
    if (!basemap)
        QSKIP(qPrintable(basemap.error()));
    Fixture f = fixture(basemap.value().get());
    // Three places whose events fall into one group at country scale: a ring each around it.
    const QList<std::pair<QString, QGeoCoordinate>> places = {
        {QStringLiteral("Kabul"), QGeoCoordinate(34.5289, 69.1725)},
        {QStringLiteral("Bagram"), QGeoCoordinate(34.946, 69.265)},
        {QStringLiteral("Charikar"), QGeoCoordinate(35.013, 69.171)}};
    QList<PlaceControl> history;
    QList<Event> events;
    for (const auto &[name, at] : places) {
        PlaceControl pc;
        pc.place = {name, GeoPrecision::City, at, QStringLiteral("Kabul"), {}, QStringLiteral("AF"), 1, {}};
        pc.states = {state(f.taliban, {}, {1}), state(f.anti, kTaken, {2})};
        history << pc;
        for (int i = 0; i < 3; ++i)
            events << test::makeEvent(events.size() + 1, i % 2 ? QStringLiteral("armed_clash") : QStringLiteral("air_strike"),
                                      QDate(2001, 11, 10 + i), at);
    }
    f.layer = ControlLayer::make(ControlHistory{history}, f.sides, basemap.value().get());
    MapSettings s = view(f, QDate(2001, 11, 1), QDate(2001, 11, 20));
    s.setBasemap(basemap.value());
    s.setOutputSize(QSize(940, 340)); // the whole country, as the viewer opens
    s.setGeoExtent(QGeoRectangle(QGeoCoordinate(38.5, 60.5), QGeoCoordinate(29.4, 75.0)));
    s.setDrawText(true);
    s.setDecorations(MapSettings::Labels);
    s.setEvents(test::indexOf(events));
    const EventLayout layout = EventLayerRenderer::layout(s);
    QCOMPARE(layout.items.size(), size_t(1));
    const auto discs = ControlLayerRenderer::discs(s, &layout);
    QCOMPARE(std::count_if(discs.begin(), discs.end(), [](const ControlLayerRenderer::Disc &d) { return d.around; }), 3);
    QImage names(s.outputSize(), QImage::Format_ARGB32_Premultiplied);
    names.fill(Qt::transparent);
    QPainter painter(&names);
    const QStringList placed = LabelRenderer::paint(painter, s, &layout);
    painter.end();
    QVERIFY2(placed.contains(QStringLiteral("Kabul")), qPrintable(placed.join(QStringLiteral(", "))));
}

void TestControlLayer::laneMarks()
{
    const Fixture f = fixture();
    TimelineModel model;
    QWidget host;
    auto *layout = new QVBoxLayout(&host);
    auto *area = new TimelineArea(model, &host);
    auto *lane = new ControlLane(model, *area, &host);
    layout->addWidget(area);
    layout->addWidget(lane);
    host.resize(600, 200);
    model.setAxis(EventIndex::dayNumber(QDate(2001, 11, 1)), EventIndex::dayNumber(QDate(2001, 12, 1)));
    model.setWindow(QDate(2001, 11, 10), QDate(2001, 11, 16));
    QVERIFY(lane->isHidden()); // nothing to show yet
    lane->setLayer(f.layer);
    host.show();
    QVERIFY(QTest::qWaitForWindowExposed(&host));
    QVERIFY(lane->isVisible());
    const QList<QRectF> marks = lane->markRects();
    QCOMPARE(marks.size(), 3);
    for (const QRectF &m : marks)
        QVERIFY(!m.isEmpty());
    // Each mark at its day on the timeline's axis.
    const double x = (area->xOfDay(EventIndex::dayNumber(kTaken)) + area->xOfDay(EventIndex::dayNumber(kTaken) + 1)) / 2.0;
    QVERIFY(std::abs(marks.first().center().x() - x) < 1.0);
    QVERIFY(marks.at(1).center().x() > marks.first().center().x());
    // In the colour of the side that took the place.
    QImage image(lane->size(), QImage::Format_ARGB32);
    lane->render(&image);
    const QPoint centre(int(marks.first().center().x()), int(marks.first().bottom() - 2));
    QVERIFY2(redness(image.pixelColor(centre)) < -60, qPrintable(image.pixelColor(centre).name()));
    const QPoint second(int(marks.at(1).center().x()), int(marks.at(1).bottom() - 2));
    QVERIFY2(redness(image.pixelColor(second)) > 40, qPrintable(image.pixelColor(second).name()));
    // Hover names the place and the change; a click asks for the place's history.
    const QString tip = lane->tooltipAt(marks.first().center());
    QVERIFY2(tip.contains(QStringLiteral("Kabul: Taliban → Anti-Taliban on 13 Nov 2001")), qPrintable(tip));
    QVERIFY(tip.contains(QStringLiteral("2 reports")));
    QVERIFY(lane->tooltipAt(marks.last().center()).contains(QStringLiteral("contested by Taliban")));
    QVERIFY(lane->tooltipAt(QPointF(2, 2)).isEmpty());
    int clickedPlace = -1, clickedState = -1;
    connect(lane, &ControlLane::changeClicked, this, [&](int place, int s) {
        clickedPlace = place;
        clickedState = s;
    });
    QTest::mouseClick(lane, Qt::LeftButton, {}, marks.last().center().toPoint());
    QCOMPARE(clickedPlace, 1);
    QCOMPARE(clickedState, 1);
    // The axis zoomed: the marks follow it.
    model.setAxis(EventIndex::dayNumber(QDate(2001, 11, 10)), EventIndex::dayNumber(QDate(2001, 11, 20)));
    QVERIFY(lane->markRects().last().isEmpty()); // the 25th is off the axis now
}

void TestControlLayer::historyWithEvidence()
{
    const Fixture f = fixture();
    ControlHistoryView history;
    history.resize(420, 360);
    history.show();
    QVERIFY(QTest::qWaitForWindowExposed(&history));
    history.setDay(QDate(2001, 11, 14));
    QHash<qint64, ControlEvidence> evidence;
    evidence.insert(12, {kTaken, QStringLiteral("Northern Alliance troops rolled into Kabul on Tuesday."),
                         QStringLiteral("Reuters"), QStringLiteral("Alliance takes Kabul")});
    history.setPlace(f.layer, 0, evidence);
    const QString html = history.html();
    QVERIFY(html.contains(QStringLiteral("rolled into Kabul")));
    QVERIFY(html.contains(QStringLiteral("event:12")));
    QVERIFY(html.contains(QStringLiteral("event:11"))); // listed by id when its sentence is not at hand
    QVERIFY(html.contains(QStringLiteral("13 Nov 2001")));
    QCOMPARE(history.currentState(), 1);
    // The strip: one band per state, in time order, the first (before the first change) open.
    const ControlStrip *strip = history.strip();
    const QRectF before = strip->bandRect(0), after = strip->bandRect(1);
    QVERIFY(!before.isEmpty() && !after.isEmpty());
    QVERIFY(before.right() <= after.left() + 0.5);
    QImage image(strip->size(), QImage::Format_ARGB32);
    image.fill(Qt::white);
    const_cast<ControlStrip *>(strip)->render(&image);
    const QColor afterPixel = image.pixelColor(after.center().toPoint() + QPoint(8, 0));
    const QColor beforePixel = image.pixelColor(before.center().toPoint());
    QVERIFY2(redness(afterPixel) < -60, qPrintable(afterPixel.name()));
    QVERIFY2(redness(beforePixel) > 40, qPrintable(beforePixel.name()));
}

// `mapline snapshot --control`: the places in their holder's colour at the window's end; without
// the flag, the snapshot is as before.
void TestControlLayer::snapshotFromCommandLine()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString db = dir.filePath(QStringLiteral("s.sqlite"));
    const QString articles = test::testData(QStringLiteral("../control/articles/"));
    auto r = test::runMapline({QStringLiteral("import"), QStringLiteral("--db"), db,
                               articles + QStringLiteral("cnn-2001-11-13-herat.txt"),
                               articles + QStringLiteral("bbc-2001-11-13-kabul.txt")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    // Saturated pixels of each side's hue: the discs (the basemap is quiet greys and pale blues).
    const auto count = [](const QImage &image, bool red) {
        int n = 0;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x) {
                const QColor c = image.pixelColor(x, y);
                n += red ? (c.red() - c.blue() > 70 && c.red() - c.green() > 70) : (c.blue() - c.red() > 70);
            }
        return n;
    };
    const auto snapshot = [&](const QString &to, bool control) {
        const QString out = dir.filePath(QStringLiteral("%1-%2.png").arg(to).arg(control));
        QStringList args = {QStringLiteral("snapshot"), QStringLiteral("--db"), db, QStringLiteral("--out"), out,
                            QStringLiteral("--size"), QStringLiteral("640x400"), QStringLiteral("--from"),
                            QStringLiteral("2001-10-01"), QStringLiteral("--to"), to, QStringLiteral("--no-legend")};
        if (control)
            args << QStringLiteral("--control");
        const auto done = test::runMapline(args);
        return done.exitCode == 0 ? QImage(out) : QImage();
    };
    const QImage before = snapshot(QStringLiteral("2001-11-05"), true);
    const QImage after = snapshot(QStringLiteral("2001-11-20"), true);
    const QImage plain = snapshot(QStringLiteral("2001-11-20"), false);
    QVERIFY(!before.isNull() && !after.isNull() && !plain.isNull());
    // Herat and Kabul: the Taliban's on the 5th, the alliance's on the 20th.
    QVERIFY2(count(before, true) > count(plain, true) + 100,
             qPrintable(QStringLiteral("%1 vs %2").arg(count(before, true)).arg(count(plain, true))));
    QVERIFY2(count(after, false) > count(plain, false) + 100,
             qPrintable(QStringLiteral("%1 vs %2").arg(count(after, false)).arg(count(plain, false))));
    QVERIFY(count(after, true) < count(before, true));
}

QTEST_MAIN(TestControlLayer)
#include "tst_controllayer.moc"
