// The viewer's side of happenings (issue 13, docs/FUSION.md "In the viewer"): the index's lead
// report and happenings mask; Happenings or Reports for the map, the histogram and the table on a
// real fused database; the sources ring and badge drawn on the map; the "Sources at least" filter
// reaching every view and the exports; merge and split through the Edit menu's actions, with undo
// and redo, marked in the table.
#include "corrections/correctioneditor.h"
#include "eventdetailsview.h"
#include "eventtablemodel.h"
#include "eventtableview.h"
#include "filterpanel.h"
#include "geo/projection.h"
#include "index/eventindexbuilder.h"
#include "index/eventindexloader.h"
#include "interop/datasetimporter.h"
#include "mapcanvas.h"
#include "render/eventlayerrenderer.h"
#include "render/mapsettings.h"
#include "render/sourcesstyle.h"
#include "store/articleimporter.h"
#include "store/eventstore.h"
#include "testsupport.h"
#include "workspacewindow.h"
#include "timeline/timelinemodel.h"
#include "workspace.h"

#include <QDockWidget>
#include <QHash>
#include <QMainWindow>
#include <QMenu>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QtTest>

using namespace mapline;

namespace {

// Reports of the fall of Kunduz from two agencies, the fortress uprising from three, and the
// ACLED rows of the same weeks: a small database with happenings of one, two and more sources.
const QStringList kArticles = {QStringLiteral("reuters-2001-11-26-konduz-falls.txt"),
                               QStringLiteral("ap-2001-11-27-fortress-battle.txt"),
                               QStringLiteral("bbc-2001-11-26-fort-revolt.html"),
                               QStringLiteral("cnn-2001-11-26-qala-i-jangi.html")};

struct Window : test::WorkspaceWindow {
    // Opens `path` and shows all of 2001.
    bool open(const QString &path)
    {
        if (!WorkspaceWindow::open(path))
            return false;
        // All of 2001 in the window and on the axis; the table follows the window after a pause.
        QSignalSpy reloaded(workspace.get(), &Workspace::tableReloaded);
        workspace->timeline()->setWindow(QDate(2001, 1, 1), QDate(2001, 12, 31));
        workspace->timeline()->setAxis(EventIndex::dayNumber(QDate(2001, 1, 1)), EventIndex::dayNumber(QDate(2002, 1, 1)));
        return reloaded.wait(20000);
    }
    // The map's next frame (it renders off the GUI thread).
    bool rendered()
    {
        return QTest::qWaitFor([this] { return !map->isRendering(); }, 20000);
    }
    QAction *action(QMenu &menu, const char *name)
    {
        for (QAction *a : menu.actions())
            if (a->objectName() == QLatin1String(name))
                return a;
        return nullptr;
    }
    // Triggers an action and waits for the index to load again (a merge or split reloads it).
    bool triggerAndReload(QAction *a)
    {
        QSignalSpy loaded(workspace.get(), &Workspace::indexLoaded);
        a->trigger();
        return loaded.wait(20000);
    }
};

qint64 count(EventStore &store, const QString &sql)
{
    const QVariant v = test::scalar(store, sql);
    return v.isValid() ? v.toLongLong() : -1;
}

// Dark ring pixels (SourcesStyle's ring colour, give or take antialiasing) in the annulus
// between `inner` and `outer` pixels around `centre`.
int ringPixels(const QImage &image, const QPointF &centre, double inner, double outer)
{
    int n = 0;
    for (int y = int(centre.y() - outer); y <= int(centre.y() + outer); ++y)
        for (int x = int(centre.x() - outer); x <= int(centre.x() + outer); ++x) {
            const double d = std::hypot(x - centre.x(), y - centre.y());
            if (d < inner || d > outer || !image.rect().contains(x, y))
                continue;
            const QColor c = image.pixelColor(x, y);
            if (c.red() < 70 && c.green() < 70 && c.blue() < 70)
                ++n;
        }
    return n;
}

} // namespace

class TestHappeningsView : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void leadAndHappeningMask();
    void loaderLeadsAsTheJoin();
    void modeSwitchChangesWhatIsCounted();
    void sourcesRingAndBadgeAreDrawn();
    void minSourcesFiltersEveryView();
    void mergeAndSplitThroughTheActions();
    void detailsListEveryReport();

private:
    QString makeDatabase();
    std::unique_ptr<QTemporaryDir> mDir;
};

void TestHappeningsView::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("MaplineTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_happeningsview"));
}

void TestHappeningsView::init()
{
    QSettings().clear();
    mDir = std::make_unique<QTemporaryDir>();
    QVERIFY(mDir->isValid());
}

QString TestHappeningsView::makeDatabase()
{
    const QString path = mDir->filePath(QStringLiteral("fused.sqlite"));
    auto store = test::openStore(path);
    if (!store)
        return {};
    ArticleImporter importer(*store, {});
    for (const QString &a : kArticles)
        if (importer.importFile(test::testData(QStringLiteral("fusion/articles/") + a)).status !=
            ArticleImporter::FileResult::Status::Imported)
            return {};
    if (DatasetImporter(*store, false)
            .importFile(test::testData(QStringLiteral("fusion/datasets/acled-afghanistan-2001.csv")))
            .status != DatasetImporter::FileResult::Status::Imported)
        return {};
    return path;
}

// The index loader reads the happenings' columns in a pass of their own, not joined to each event
// (index/eventindexloader.cpp): every event's happening and sources, and each happening's lead
// (its report at the fused place and date, else the lowest id), are those the store's join gives.
void TestHappeningsView::loaderLeadsAsTheJoin()
{
    const QString path = makeDatabase();
    QVERIFY(!path.isEmpty());
    auto store = test::openStore(path);
    QVERIFY(store);
    // Some reports stand at their happening's date (rank 1), some not (0); the fusion's places are
    // its reports' rounded to floats, so no report of the test set stands at its happening's place:
    // one happening is given its last report's place and date (rank 3), which must then lead it.
    QSqlQuery q(store->database());
    QVERIFY(q.exec(QStringLiteral(
        "UPDATE happenings SET (lon, lat, date, date_end) = (SELECT e.lon, e.lat, e.date, e.date_end FROM events e "
        "WHERE e.happening_id = happenings.id ORDER BY e.id DESC LIMIT 1) "
        "WHERE id = (SELECT id FROM happenings WHERE reports > 1 ORDER BY id LIMIT 1)")));
    QCOMPARE(q.numRowsAffected(), 1);
    QVERIFY(q.exec(QStringLiteral(
        "SELECT e.id, ifnull(e.happening_id, 0), ifnull(h.sources, 0), "
        "(e.lon IS h.lon AND e.lat IS h.lat) * 2 + (e.date IS h.date AND e.date_end IS h.date_end) "
        "FROM events e LEFT JOIN happenings h ON h.id = e.happening_id WHERE e.date IS NOT NULL ORDER BY e.id")));
    QHash<qint64, std::pair<qint64, qint64>> expected; // event -> (happening, sources)
    QHash<qint64, std::pair<qint64, qint64>> lead;     // happening -> (rank, event): the highest rank, lowest id
    QSet<qint64> ranks;
    while (q.next()) {
        const qint64 id = q.value(0).toLongLong(), happening = q.value(1).toLongLong();
        const qint64 rank = q.value(3).toLongLong();
        expected.insert(id, {happening, q.value(2).toLongLong()});
        ranks.insert(rank);
        if (!happening)
            continue;
        const auto it = lead.constFind(happening);
        if (it == lead.constEnd() || rank > it->first)
            lead.insert(happening, {rank, id});
    }
    QVERIFY(ranks.contains(3) && ranks.contains(1) && ranks.contains(0));
    const auto loaded = loadEventIndex(path);
    QVERIFY2(loaded, qPrintable(loaded.error()));
    const EventIndex &index = **loaded;
    QCOMPARE(qsizetype(expected.size()), index.size());
    int leads = 0;
    for (qsizetype row = 0; row < index.size(); ++row) {
        const qint64 id = index.id(row);
        QVERIFY(expected.contains(id));
        const auto [happening, sources] = expected.value(id);
        if (!happening)
            continue;
        QCOMPARE(index.sources(row), int(sources));
        const bool isLead = (index.flags(row) & EventIndex::Lead) != 0;
        QCOMPARE(isLead, lead.value(happening).second == id);
        leads += isLead;
    }
    QCOMPARE(leads, int(lead.size()));

    // The same from two readers on two threads (the happenings read once, shared by both) and
    // from a load of a window: every event they hold
    // has the sources of the whole load, and the two halves its lead flags too.
    IndexLoadOptions halves;
    halves.parallelFromIds = 1;
    IndexLoadOptions window;
    window.from = QDate(2001, 11, 25);
    window.to = QDate(2001, 11, 27);
    for (const IndexLoadOptions &options : {halves, window}) {
        const auto part = loadEventIndex(path, options);
        QVERIFY2(part, qPrintable(part.error()));
        const EventIndex &other = **part;
        QVERIFY(other.size() > 0);
        if (options.from.isValid())
            QVERIFY(other.size() < index.size());
        else
            QCOMPARE(other.size(), index.size());
        QHash<qint64, qsizetype> rowOf;
        for (qsizetype row = 0; row < index.size(); ++row)
            rowOf.insert(index.id(row), row);
        int withSources = 0;
        for (qsizetype row = 0; row < other.size(); ++row) {
            QVERIFY(rowOf.contains(other.id(row)));
            const qsizetype whole = rowOf.value(other.id(row));
            QCOMPARE(other.sources(row), index.sources(whole));
            if (!options.from.isValid()) // a window may leave a happening's lead out: another leads there
                QCOMPARE(other.flags(row) & EventIndex::Lead, index.flags(whole) & EventIndex::Lead);
            withSources += other.sources(row) > 0;
        }
        QVERIFY(withSources > 0);
    }
}

// The lead of a happening is its report of the highest rank (the one at the fused place and
// date), else the lowest id; the happenings mask keeps one row per happening with a report that
// passes, at its lead, whichever of its reports passed.
void TestHappeningsView::leadAndHappeningMask()
{
    EventIndexBuilder b;
    const quint8 clash = b.typeId(QStringLiteral("armed_clash"));
    const quint8 strike = b.typeId(QStringLiteral("air_strike"));
    const qint32 day = EventIndex::dayNumber(QDate(2001, 11, 26));
    // Happening 10: three reports, the second at the fused place and date (rank 3).
    QVERIFY(b.add(1, day, day, 68.86, 36.73, clash, GeoPrecision::City, 0, {}, 10, 2, EventIndex::kNoPlaceName, true, 1));
    QVERIFY(b.add(2, day, day, 68.86, 36.73, clash, GeoPrecision::City, 0, {}, 10, 2, EventIndex::kNoPlaceName, true, 3));
    QVERIFY(b.add(3, day + 1, day + 1, 68.9, 36.7, strike, GeoPrecision::City, 0, {}, 10, 2, EventIndex::kNoPlaceName, true, 0));
    // Happening 11: one report; event 4 is of no happening (an unfused database's event).
    QVERIFY(b.add(5, day, day, 66.9, 36.7, clash, GeoPrecision::City, 0, {}, 11, 1));
    QVERIFY(b.add(4, day, day, 65.0, 34.0, clash, GeoPrecision::City));
    const EventIndex index = b.build();
    QCOMPARE(index.happeningCount(), 3);
    QVERIFY(index.hasFusedReports());
    const auto leadIds = [&](const EventMask &mask) {
        QList<qint64> ids;
        for (qsizetype row = 0; row < index.size(); ++row)
            if (mask.test(row))
                ids << index.id(row);
        std::sort(ids.begin(), ids.end());
        return ids;
    };
    const auto all = index.happeningMask(nullptr);
    QCOMPARE(leadIds(*all), (QList<qint64>{2, 4, 5}));
    // Only the air strike report passes a type filter: its happening shows, at its lead.
    EventFilter onlyStrikes;
    onlyStrikes.types = {QStringLiteral("air_strike")};
    const auto strikes = index.mask(onlyStrikes);
    QCOMPARE(leadIds(*index.happeningMask(strikes.get())), (QList<qint64>{2}));
    // ...unless the lead itself must pass (a hidden type is never drawn): its lead is a clash.
    QCOMPARE(leadIds(*index.happeningMask(strikes.get(), strikes.get())), QList<qint64>{});
    // Sources at least 2: happening 10 alone.
    EventFilter twoSources;
    twoSources.minSources = 2;
    QCOMPARE(leadIds(*index.happeningMask(index.mask(twoSources).get())), (QList<qint64>{2}));
    // Ranks equal: the lowest id leads, whatever order the reports came in.
    EventIndexBuilder c;
    const quint8 t = c.typeId(QStringLiteral("armed_clash"));
    QVERIFY(c.add(9, day, day, 68.0, 36.0, t, GeoPrecision::City, 0, {}, 20, 1));
    QVERIFY(c.add(7, day, day, 68.0, 36.0, t, GeoPrecision::City, 0, {}, 20, 1));
    const EventIndex other = c.build();
    QCOMPARE(other.flags(other.rowOfId(7)) & EventIndex::Lead, int(EventIndex::Lead));
    QCOMPARE(other.flags(other.rowOfId(9)) & EventIndex::Lead, 0);
}

// On a fused database, Happenings (the default) counts one per happening on the map, in the
// histogram and in the table; Reports counts every report; the switch is remembered.
void TestHappeningsView::modeSwitchChangesWhatIsCounted()
{
    const QString db = makeDatabase();
    QVERIFY(!db.isEmpty());
    qint64 happenings = 0, reports = 0;
    {
        auto store = test::openStore(db);
        QVERIFY(store);
        happenings = count(*store, QStringLiteral("SELECT count(DISTINCT happening_id) FROM events WHERE date "
                                                  "BETWEEN '2001-01-01' AND '2001-12-31'"));
        reports = count(*store, QStringLiteral("SELECT count(*) FROM events WHERE date BETWEEN '2001-01-01' AND '2001-12-31'"));
    }
    QVERIFY2(happenings > 0 && happenings < reports, qPrintable(QStringLiteral("%1 %2").arg(happenings).arg(reports)));

    Window w;
    QVERIFY(w.open(db));
    Workspace &ws = *w.workspace;
    QCOMPARE(ws.unit(), Workspace::Unit::Happenings);
    QAction *showHappenings = ws.unitActions().value(0);
    QAction *showReports = ws.unitActions().value(1);
    QVERIFY(showHappenings && showReports);
    QCOMPARE(showHappenings->objectName(), QStringLiteral("showHappeningsAction"));
    QVERIFY(showHappenings->isChecked());
    const auto counts = [&] {
        const timeline::TimelineHistogram &h = ws.timeline()->histogram();
        return std::tuple<qint64, qint64, qint64, qint64>(ws.timeline()->windowEventCount(),
                                                          h.pointEvents() + h.bandEvents(), w.model->rowCount(),
                                                          w.map->eventLayout().windowEvents);
    };
    QVERIFY(w.rendered());
    QCOMPARE(counts(), std::make_tuple(happenings, happenings, happenings, happenings));
    // A happening's row says how many reports and sources it has.
    int widest = 0;
    for (int row = 0; row < w.model->rowCount(); ++row)
        widest = std::max(widest, w.model->index(row, EventTableModel::ReportsColumn).data().toInt());
    QVERIFY(widest > 1);
    QVERIFY(w.map->settings().showsSources());

    QSignalSpy reloaded(&ws, &Workspace::tableReloaded);
    showReports->trigger();
    QCOMPARE(ws.unit(), Workspace::Unit::Reports);
    QVERIFY(w.rendered());
    QCOMPARE(counts(), std::make_tuple(reports, reports, reports, reports));
    QVERIFY(!w.map->settings().showsSources());
    QCOMPARE(QSettings().value(QStringLiteral("workspace/unit")).toString(), QStringLiteral("reports"));
    // The toggle's shortcut action goes back.
    for (QAction *a : w.window.actions())
        if (a->objectName() == u"toggleUnitAction")
            a->trigger();
    QCOMPARE(ws.unit(), Workspace::Unit::Happenings);
    QVERIFY(w.rendered());
    QCOMPARE(std::get<0>(counts()), happenings);
}

// A happening told by three sources gets a heavy dark ring and a badge; one told by one source
// none, and a smaller symbol; in Reports mode (showsSources off) no symbol has a ring.
void TestHappeningsView::sourcesRingAndBadgeAreDrawn()
{
    EventIndexBuilder b;
    const quint8 clash = b.typeId(QStringLiteral("armed_clash"));
    const qint32 day = EventIndex::dayNumber(QDate(2001, 11, 26));
    QVERIFY(b.add(1, day, day, 66.0, 34.5, clash, GeoPrecision::City, 0, {}, 1, 1));
    QVERIFY(b.add(2, day, day, 69.0, 34.5, clash, GeoPrecision::City, 0, {}, 2, 3));
    auto index = std::make_shared<const EventIndex>(b.build());
    MapSettings settings;
    settings.setOutputSize(QSize(600, 300));
    settings.setEvents(index);
    settings.setDecorations(0);
    settings.setDrawText(false);
    settings.setExtent(QRectF(Projection::fromLonLat(64.0, 33.0), Projection::fromLonLat(71.0, 36.0)).normalized());
    const auto render = [&](bool sources) {
        settings.setShowsSources(sources);
        QImage image(settings.outputSize(), QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::white);
        QPainter p(&image);
        EventLayerRenderer::render(p, settings);
        return image;
    };
    const QPointF one = settings.toScreen(Projection::fromLonLat(66.0, 34.5));
    const QPointF three = settings.toScreen(Projection::fromLonLat(69.0, 34.5));
    const double symbol3 = SourcesStyle::symbolSize(3) / 2;
    const QImage weighted = render(true);
    const int ring3 = ringPixels(weighted, three, symbol3 + 2.5, symbol3 + 7.5);
    const int ring1 = ringPixels(weighted, one, SourcesStyle::symbolSize(1) / 2 + 1.5, SourcesStyle::symbolSize(1) / 2 + 7.5);
    QVERIFY2(ring3 > 60, qPrintable(QString::number(ring3)));
    QVERIFY2(ring1 == 0, qPrintable(QString::number(ring1)));
    // The badge: dark pixels up and right of the symbol.
    int badge = 0;
    for (int y = int(three.y() - symbol3 - 8); y < int(three.y() - symbol3 + 2); ++y)
        for (int x = int(three.x() + symbol3); x < int(three.x() + symbol3 + 14); ++x)
            badge += weighted.pixelColor(x, y).lightness() < 70 ? 1 : 0;
    QVERIFY2(badge > 15, qPrintable(QString::number(badge)));
    // The symbol itself is larger for three sources than for one.
    QVERIFY(SourcesStyle::symbolSize(3) > SourcesStyle::symbolSize(1) + 2);
    const QImage plain = render(false);
    QCOMPARE(ringPixels(plain, three, symbol3 + 2.5, symbol3 + 7.5), 0);
    // The layout says the symbols carry sources (the legend explains them then).
    settings.setShowsSources(true);
    const EventLayout layout = EventLayerRenderer::layout(settings);
    QVERIFY(layout.sources);
    QCOMPARE(layout.items.size(), size_t(2));
    QCOMPARE(int(layout.items.back().sources), 3); // the better sourced drawn on top
}

// "Sources at least 2" in the filter panel keeps the happenings told by two sources or more: on
// the map, in the histogram, in the table and in what the export dialogs get.
void TestHappeningsView::minSourcesFiltersEveryView()
{
    const QString db = makeDatabase();
    QVERIFY(!db.isEmpty());
    qint64 wellSourced = 0, wellSourcedReports = 0;
    {
        auto store = test::openStore(db);
        QVERIFY(store);
        wellSourced = count(*store, QStringLiteral("SELECT count(DISTINCT e.happening_id) FROM events e JOIN happenings h "
                                                   "ON h.id = e.happening_id WHERE h.sources >= 2 AND e.date IS NOT NULL"));
        wellSourcedReports = count(*store, QStringLiteral("SELECT count(*) FROM events e JOIN happenings h ON h.id = "
                                                          "e.happening_id WHERE h.sources >= 2 AND e.date IS NOT NULL"));
    }
    QVERIFY(wellSourced > 0);
    Window w;
    QVERIFY(w.open(db));
    Workspace &ws = *w.workspace;
    const qint64 before = ws.timeline()->windowEventCount();
    auto *spin = ws.filters()->findChild<QSpinBox *>(QStringLiteral("minSources"));
    QVERIFY(spin);
    spin->setValue(2);
    QCOMPARE(ws.filters()->state().minSources, 2);
    QVERIFY(w.rendered());
    QCOMPARE(ws.timeline()->windowEventCount(), wellSourced);
    QVERIFY(wellSourced < before);
    QCOMPARE(w.map->eventLayout().windowEvents, wellSourced);
    QCOMPARE(qint64(w.model->rowCount()), wellSourced);
    for (int row = 0; row < w.model->rowCount(); ++row)
        QVERIFY(w.model->index(row, EventTableModel::SourcesColumn).data().toInt() >= 2);
    // The exports get the filter, and the store's query honours it.
    const ExportContext c = ws.exportContext();
    QCOMPARE(c.filters.minSources, 2);
    auto store = test::openStore(db);
    const auto exported = store->events(c.filters.toEventQuery(c.allTypes));
    QVERIFY(exported);
    QCOMPARE(qint64(exported->size()), wellSourcedReports);
    // In Reports mode the same filter keeps those happenings' reports.
    ws.setUnit(Workspace::Unit::Reports);
    QVERIFY(w.rendered());
    QCOMPARE(ws.timeline()->windowEventCount(), wellSourcedReports);
    // Back to any: everything again.
    spin->setValue(1);
    QCOMPARE(ws.filters()->state().minSources, 0);
}

// Mark one happening, merge another into it from the Edit menu: one happening fewer, undo brings
// it back, redo merges again; the merged happening is marked in the table. Split a report out:
// one happening more, undone. The context menu offers the same actions.
void TestHappeningsView::mergeAndSplitThroughTheActions()
{
    const QString db = makeDatabase();
    QVERIFY(!db.isEmpty());
    Window w;
    QVERIFY(w.open(db));
    Workspace &ws = *w.workspace;
    auto store = test::openStore(db);
    QVERIFY(store);
    const auto happenings = [&] { return count(*store, QStringLiteral("SELECT count(*) FROM happenings")); };
    const auto happeningOfEvent = [&](qint64 id) {
        return count(*store, QStringLiteral("SELECT happening_id FROM events WHERE id = %1").arg(id));
    };
    // Two single-source happenings of one kind on different days (the rules keep them apart).
    const qint64 a = count(*store, QStringLiteral("SELECT min(e.id) FROM events e JOIN happenings h ON h.id = e.happening_id "
                                                  "WHERE h.reports = 1 AND e.date IS NOT NULL"));
    const qint64 b = count(*store, QStringLiteral("SELECT max(e.id) FROM events e JOIN happenings h ON h.id = e.happening_id "
                                                  "WHERE h.reports = 1 AND e.date IS NOT NULL AND e.id <> %1").arg(a));
    QVERIFY(a > 0 && b > 0 && happeningOfEvent(a) != happeningOfEvent(b));
    const qint64 total = happenings();

    QAction *mark = w.action(w.edit, "markMergeAction");
    QAction *merge = w.action(w.edit, "mergeMarkedAction");
    QAction *split = w.action(w.edit, "splitReportAction");
    QVERIFY(mark && merge && split);
    QVERIFY(!merge->isEnabled()); // nothing marked yet
    ws.selectEvent(a);
    QVERIFY(mark->isEnabled());
    mark->trigger();
    QCOMPARE(ws.markedForMerge(), a);
    ws.selectEvent(b);
    QVERIFY(merge->isEnabled());
    QVERIFY(w.triggerAndReload(merge));
    QCOMPARE(happeningOfEvent(a), happeningOfEvent(b));
    QCOMPARE(happenings(), total - 1);
    QCOMPARE(ws.markedForMerge(), 0);
    // The merged happening's row is marked corrected.
    const qint64 lead = ws.leadOf(a);
    const int row = w.model->rowOfEvent(lead);
    QVERIFY(row >= 0);
    const Happening *h = w.model->happeningOf(*w.model->eventAt(row));
    QVERIFY(h && h->corrected && h->reports == 2);

    QVERIFY(w.triggerAndReload(ws.undoAction()));
    QVERIFY(happeningOfEvent(a) != happeningOfEvent(b));
    QCOMPARE(happenings(), total);
    QVERIFY(w.triggerAndReload(ws.redoAction()));
    QCOMPARE(happeningOfEvent(a), happeningOfEvent(b));
    QVERIFY(w.triggerAndReload(ws.undoAction()));

    // Split a report out of a happening of several reports.
    const qint64 c = count(*store, QStringLiteral("SELECT max(e.id) FROM events e JOIN happenings h ON h.id = e.happening_id "
                                                  "WHERE h.reports > 2"));
    QVERIFY(c > 0);
    const qint64 before = happeningOfEvent(c);
    ws.selectEvent(c);
    // The context menu offers the same actions.
    std::unique_ptr<QMenu> menu(ws.contextMenu(c, nullptr));
    QVERIFY(menu->actions().contains(split) && menu->actions().contains(mark) && menu->actions().contains(merge));
    QVERIFY(split->isEnabled());
    QVERIFY(w.triggerAndReload(split));
    QVERIFY(happeningOfEvent(c) != before);
    QCOMPARE(happenings(), total + 1);
    QCOMPARE(count(*store, QStringLiteral("SELECT reports FROM happenings WHERE id = %1").arg(happeningOfEvent(c))), 1);
    QVERIFY(w.triggerAndReload(ws.undoAction()));
    QCOMPARE(happeningOfEvent(c), before);
    QCOMPARE(happenings(), total);
}

// The details of a selected happening list every report with its source and sentence, and the
// disagreements in words; a report's "split out" link splits it.
void TestHappeningsView::detailsListEveryReport()
{
    const QString db = makeDatabase();
    QVERIFY(!db.isEmpty());
    Window w;
    QVERIFY(w.open(db));
    Workspace &ws = *w.workspace;
    auto store = test::openStore(db);
    const qint64 h = count(*store, QStringLiteral("SELECT id FROM happenings ORDER BY reports DESC, id LIMIT 1"));
    const qint64 reports = count(*store, QStringLiteral("SELECT reports FROM happenings WHERE id = %1").arg(h));
    QVERIFY(reports > 2);
    const qint64 first = count(*store, QStringLiteral("SELECT min(id) FROM events WHERE happening_id = %1").arg(h));
    ws.selectEvent(ws.leadOf(first));
    auto *browser = ws.details()->findChild<QTextBrowser *>(QStringLiteral("detailsText"));
    const QString text = browser->toPlainText();
    QVERIFY2(text.contains(QStringLiteral("The %1 reports, side by side").arg(reports)), qPrintable(text));
    // Every report's sentence is there.
    QSqlQuery q(store->database());
    QVERIFY(q.exec(QStringLiteral("SELECT s.text FROM events e JOIN sentences s ON s.id = e.sentence_id "
                                  "WHERE e.happening_id = %1").arg(h)));
    int sentences = 0;
    while (q.next()) {
        ++sentences;
        QVERIFY2(text.contains(q.value(0).toString().simplified().left(40)), qPrintable(q.value(0).toString()));
    }
    QCOMPARE(sentences, int(reports));
    const QString sources = test::scalar(*store, QStringLiteral("SELECT source_names FROM happenings WHERE id = %1").arg(h)).toString();
    for (const QString &s : sources.split(QStringLiteral("; ")))
        QVERIFY2(text.contains(s), qPrintable(s));
    // The split link of a report: it stands alone, the others stay together. A happening's id is
    // its first report's (docs/FUSION.md): the report split out, the first, keeps `h`, the others
    // take the id of the next.
    const qint64 second = count(*store, QStringLiteral("SELECT min(id) FROM events WHERE happening_id = %1 AND id > %2")
                                            .arg(h).arg(first));
    QSignalSpy loaded(&ws, &Workspace::indexLoaded);
    emit browser->anchorClicked(QUrl(QStringLiteral("mapline:split/%1").arg(first)));
    QVERIFY(loaded.wait(20000));
    QCOMPARE(count(*store, QStringLiteral("SELECT happening_id FROM events WHERE id = %1").arg(first)), first);
    QCOMPARE(count(*store, QStringLiteral("SELECT reports FROM happenings WHERE id = %1").arg(first)), qint64(1));
    QCOMPARE(count(*store, QStringLiteral("SELECT happening_id FROM events WHERE id = %1").arg(second)), second);
    QCOMPARE(count(*store, QStringLiteral("SELECT reports FROM happenings WHERE id = %1").arg(second)), reports - 1);
}

QTEST_MAIN(TestHappeningsView)
#include "tst_happeningsview.moc"
