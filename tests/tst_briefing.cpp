// Exports for briefings (issue 14, items 11 and 12): the briefing style (no clusters at the
// export's scale, one symbol per event type at each place with its count, the places' names
// clear of the symbols and of each other, a legend of only what is drawn), in the Export map
// dialog and `mapline snapshot --style briefing`; PDFs on A4, A3 or Letter paper, portrait or
// landscape, with margins (`--paper`); and the last title kept across exports and formats.
#include "../app/exportanimationdialog.h"
#include "../app/exportmapdialog.h"
#include "maprender/mapfixtures.h"
#include "render/briefinglayout.h"
#include "render/eventlayerrenderer.h"
#include "render/maprenderer.h"
#include "render/snapshotwriter.h"
#include "testsupport.h"

#include <QLineEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace mapline;
using namespace mapline::test;

namespace {
const QGeoCoordinate kKhanabad(36.683, 69.113);
const QGeoCoordinate kTaloqan(36.736, 69.534);

// 32 reports at Kunduz (clashes, talks, statements), 5 clashes at Khanabad, 3 talks at Taloqan,
// 2 air strikes at Kabul: the first-hour shape that exported as rings of counts.
QList<Event> briefingEvents()
{
    QList<Event> events;
    qint64 id = 1;
    const auto add = [&](const QString &type, const QGeoCoordinate &at, const QString &name, int n) {
        for (int i = 0; i < n; ++i) {
            Event e = makeEvent(id++, type, QDate(2001, 11, 10 + i % 10), at);
            e.place.name = name;
            events << e;
        }
    };
    add(QStringLiteral("armed_clash"), kunduz(), QStringLiteral("Kunduz"), 18);
    add(QStringLiteral("talks"), kunduz(), QStringLiteral("Kunduz"), 9);
    add(QStringLiteral("statement"), kunduz(), QStringLiteral("Kunduz"), 5);
    add(QStringLiteral("armed_clash"), kKhanabad, QStringLiteral("Khanabad"), 5);
    add(QStringLiteral("talks"), kTaloqan, QStringLiteral("Taloqan"), 3);
    add(QStringLiteral("air_strike"), kabul(), QStringLiteral("Kabul"), 2);
    return events;
}

MapSettings briefingFrame()
{
    MapSettings s;
    s.setOutputSize(QSize(900, 650));
    s.setBasemap(fixtureBasemap());
    s.setEvents(indexOf(briefingEvents()));
    s.setGeoExtent(QGeoRectangle(QGeoCoordinate(37.6, 67.0), QGeoCoordinate(34.0, 71.0)));
    s.setDecorations(MapSettings::Legend | MapSettings::Labels);
    s.setBriefing(true);
    return s;
}

QRectF symbolRect(const MapSettings &s, const EventLayout &layout, const EventLayout::Item &item)
{
    const QPointF at = layout.screenPosition(s, item);
    const double r = BriefingLayout::kSymbolSize / 2;
    return QRectF(at.x() - r, at.y() - r, 2 * r, 2 * r);
}
} // namespace

class TestBriefing : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void symbolsByTypeAtEachPlaceNoClusters();
    void namesOfTheEventsPlacesStandClear();
    void theScreenStyleStillClusters();
    void snapshotCommandStyleAndPaper();
    void paperSizesParse();
    void dialogBriefingPaperAndTitle();

private:
    QTemporaryDir mDir;
    QString mDb;
};

void TestBriefing::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("MaplineTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_briefing"));
    QSettings().clear();
    mDb = mDir.filePath(QStringLiteral("briefing.sqlite"));
    const QString error = writeEventDatabase(mDb, briefingEvents());
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestBriefing::symbolsByTypeAtEachPlaceNoClusters()
{
    const MapSettings s = briefingFrame();
    const EventLayout layout = EventLayerRenderer::layout(s);
    QVERIFY(layout.briefing);
    // One symbol per (place, type): 3 at Kunduz, 1 at Khanabad, Taloqan and Kabul.
    QCOMPARE(int(layout.items.size()), 6);
    qint64 total = 0;
    for (const auto &item : layout.items) {
        QVERIFY(!item.isCluster());
        total += item.badge;
    }
    QCOMPARE(total, qint64(42));
    QCOMPARE(layout.visibleEvents, qint64(42));
    // Kunduz's three types stand around it, apart; their counts are the reports of each type.
    QMap<QString, int> atKunduz;
    QList<QRectF> rects;
    for (const auto &item : layout.items)
        if (item.metres == indexOf(briefingEvents())->position(0)) {
            atKunduz[s.events()->typeNames().value(item.typeId)] = item.badge;
            rects << symbolRect(s, layout, item);
        }
    QCOMPARE(atKunduz.value(QStringLiteral("armed_clash")), 18);
    QCOMPARE(atKunduz.value(QStringLiteral("talks")), 9);
    QCOMPARE(atKunduz.value(QStringLiteral("statement")), 5);
    for (int i = 0; i < rects.size(); ++i)
        for (int j = i + 1; j < rects.size(); ++j)
            QVERIFY(!rects[i].adjusted(2, 2, -2, -2).intersects(rects[j].adjusted(2, 2, -2, -2)));
    // The legend counts only types drawn: no type is counted without a symbol.
    for (int t = 0; t < int(layout.typeCounts.size()); ++t) {
        if (layout.typeCounts[size_t(t)] == 0)
            continue;
        bool drawn = false;
        for (const auto &item : layout.items)
            drawn = drawn || item.typeId == t;
        QVERIFY(drawn);
    }
    // Drawn: each symbol in its type's colour where the layout put it.
    MapSettings frame = s;
    frame.setDrawText(false);
    EventLayout drawn;
    const QImage image = MapRenderer::renderImage(frame, &drawn);
    for (const auto &item : drawn.items) {
        const QColor want = EventStyle::forType(s.events()->typeNames().value(item.typeId)).colour;
        const QColor got = image.pixelColor(drawn.screenPosition(frame, item).toPoint() + QPoint(0, 1));
        QVERIFY2(std::abs(got.red() - want.red()) + std::abs(got.green() - want.green()) +
                         std::abs(got.blue() - want.blue()) < 90,
                 qPrintable(got.name() + QStringLiteral(" for ") + want.name()));
    }
}

void TestBriefing::namesOfTheEventsPlacesStandClear()
{
    const MapSettings s = briefingFrame();
    const EventLayout layout = EventLayerRenderer::layout(s);
    QStringList names;
    for (const auto &label : layout.placeLabels)
        names << label.text;
    for (const char *place : {"Kunduz", "Khanabad", "Taloqan", "Kabul"})
        QVERIFY2(names.contains(QString::fromLatin1(place)), qPrintable(names.join(u',')));
    // No name on a symbol or on another name.
    for (size_t i = 0; i < layout.placeLabels.size(); ++i) {
        const QRectF r = layout.placeLabels[i].rect;
        QVERIFY(QRectF(QPointF(0, 0), QSizeF(s.outputSize())).contains(r));
        for (const auto &item : layout.items)
            QVERIFY2(!r.intersects(symbolRect(s, layout, item).adjusted(1, 1, -1, -1)),
                     qPrintable(layout.placeLabels[i].text));
        for (size_t j = i + 1; j < layout.placeLabels.size(); ++j)
            QVERIFY(!r.intersects(layout.placeLabels[j].rect));
    }
}

void TestBriefing::theScreenStyleStillClusters()
{
    MapSettings s = briefingFrame();
    s.setBriefing(false);
    const EventLayout layout = EventLayerRenderer::layout(s);
    QVERIFY(!layout.briefing);
    QVERIFY(layout.placeLabels.empty());
    bool cluster = false;
    for (const auto &item : layout.items)
        cluster = cluster || item.isCluster();
    QVERIFY(cluster); // the 32 at Kunduz, as on screen
}

void TestBriefing::snapshotCommandStyleAndPaper()
{
    const QStringList common = {QStringLiteral("snapshot"), QStringLiteral("--db"), mDb, QStringLiteral("--bbox"),
                                QStringLiteral("67,34,71,37.6"), QStringLiteral("--title"), QStringLiteral("Kunduz, November 2001")};
    const QString png = mDir.filePath(QStringLiteral("briefing.png"));
    auto r = runMapline(common + QStringList{QStringLiteral("--style"), QStringLiteral("briefing"), QStringLiteral("--out"), png});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(!QImage(png).isNull());
    // An A4 portrait PDF: 210 x 297 mm, in points.
    const QString pdf = mDir.filePath(QStringLiteral("briefing.pdf"));
    r = runMapline(common + QStringList{QStringLiteral("--style"), QStringLiteral("briefing"), QStringLiteral("--paper"),
                                        QStringLiteral("a4-portrait"), QStringLiteral("--out"), pdf});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.out.contains("A4 portrait"), r.out.constData());
    const QByteArray bytes = readFile(pdf);
    QVERIFY2(bytes.contains("/MediaBox [0 0 595.") || bytes.contains("/MediaBox [0 0 594."), bytes.left(600).constData());
    QVERIFY(bytes.contains(" 841.") || bytes.contains(" 842"));
    // Letter, landscape by default.
    r = runMapline(common + QStringList{QStringLiteral("--paper"), QStringLiteral("letter"), QStringLiteral("--out"), pdf});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(readFile(pdf).contains("/MediaBox [0 0 792"));
    // Usage errors: exit code 2, a message naming the option.
    r = runMapline(common + QStringList{QStringLiteral("--style"), QStringLiteral("poster"), QStringLiteral("--out"), png});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("--style"));
    r = runMapline(common + QStringList{QStringLiteral("--paper"), QStringLiteral("a4"), QStringLiteral("--out"), png});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("--paper"));
    r = runMapline(common + QStringList{QStringLiteral("--paper"), QStringLiteral("a5"), QStringLiteral("--out"), pdf});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(runMapline({QStringLiteral("snapshot"), QStringLiteral("--help")}).out.contains("--paper"));
}

void TestBriefing::paperSizesParse()
{
    using Page = SnapshotWriter::Page;
    QVERIFY(Page::parse(QStringLiteral("A4")) == (Page{Page::Paper::A4, false, 10.0}));
    QVERIFY(Page::parse(QStringLiteral("a3-portrait")) == (Page{Page::Paper::A3, true, 10.0}));
    QVERIFY(Page::parse(QStringLiteral("Letter-landscape")) == (Page{Page::Paper::Letter, false, 10.0}));
    QVERIFY(!Page::parse(QStringLiteral("a4-sideways")));
    QVERIFY(!Page::parse(QStringLiteral("tabloid")));
    // A4 landscape inside 10 mm margins: 277 x 190 mm at 96 dpi.
    const QSize a4 = Page{Page::Paper::A4, false, 10.0}.printablePixels();
    QVERIFY(std::abs(a4.width() - 1047) <= 1 && std::abs(a4.height() - 718) <= 1);
    const QSize portrait = Page{Page::Paper::A4, true, 10.0}.printablePixels();
    QCOMPARE(portrait, a4.transposed());
    // The map keeps its area on paper of another shape.
    MapSettings s = briefingFrame();
    const MapSettings fitted = SnapshotWriter::fittedToPage(s, Page{Page::Paper::A4, true, 10.0});
    QCOMPARE(fitted.outputSize(), portrait);
    QVERIFY(fitted.extent().contains(s.extent().center()));
    QVERIFY(fitted.extent().width() >= s.extent().width() * 0.99);
}

void TestBriefing::dialogBriefingPaperAndTitle()
{
    QSettings().clear();
    ExportContext context;
    context.databasePath = mDb;
    context.view = briefingFrame();
    context.view.setBriefing(false);
    {
        ExportMapDialog dialog(context);
        dialog.setFilePath(mDir.filePath(QStringLiteral("dialog.pdf")));
        dialog.setTitle(QStringLiteral("Kunduz, November 2001"));
        dialog.setBriefing(true);
        dialog.setPage(SnapshotWriter::Page{SnapshotWriter::Page::Paper::A3, false, 10.0});
        QVERIFY(dialog.frameSettings().briefing());
        QCOMPARE(dialog.frameSettings().outputSize(), (SnapshotWriter::Page{SnapshotWriter::Page::Paper::A3, false, 10.0}.printablePixels()));
        QSignalSpy written(&dialog, &ExportMapDialog::written);
        dialog.accept();
        QVERIFY2(written.count() == 1 || written.wait(30000), qPrintable(dialog.errorText()));
        QVERIFY(readFile(mDir.filePath(QStringLiteral("dialog.pdf"))).contains("/MediaBox [0 0 1191"));
    }
    // The next export, in another format and of another kind, starts from that title and style.
    {
        ExportMapDialog dialog(context);
        QCOMPARE(dialog.title(), QStringLiteral("Kunduz, November 2001"));
        QVERIFY(dialog.briefing());
        dialog.setFilePath(mDir.filePath(QStringLiteral("dialog.png")));
        QCOMPARE(dialog.page().paper, SnapshotWriter::Page::Paper::Map); // paper is for PDFs only
        QCOMPARE(dialog.frameSettings().outputSize(), dialog.outputSize());
    }
    ExportAnimationDialog animation(context);
    QCOMPARE(animation.job().view.title(), QStringLiteral("Kunduz, November 2001"));
}

QTEST_MAIN(TestBriefing)
#include "tst_briefing.moc"
