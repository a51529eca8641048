// The workspace wiring: a database opens to map, timeline and table; selection is linked
// (table -> map, details, timeline; map -> table, details); the map follows the time window;
// filters reach map, timeline and table; corrections mark the table and undo; imports run on a
// worker thread with cancel; drops import; the time window persists. The app's workspace
// sources are compiled in from tests/workspace/ (links to app/).
#include "corrections/correctioneditor.h"
#include "extract/extractionresources.h"
#include "eventdetailsview.h"
#include "eventtablemodel.h"
#include "eventtableview.h"
#include "geo/projection.h"
#include "filterpanel.h"
#include "importprobe.h"
#include "importworker.h"
#include "mainwindow.h"
#include "mapcanvas.h"
#include "qt/checklistmodel.h"
#include "qt/placecompletionmodel.h"
#include "store/articleimporter.h"
#include "store/eventstore.h"
#include "testsupport.h"
#include "workspacewindow.h"
#include "timeline/timelinemodel.h"
#include "workspace.h"

#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QMainWindow>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

using namespace mapline;

namespace {
const QStringList kArticles = {QStringLiteral("ap-2001-11-14-kabul-taliban-flee.txt"),
                               QStringLiteral("reuters-2001-11-24-konduz-surrender.txt"),
                               QStringLiteral("afp-2001-12-07-tora-bora.txt")};

using Window = test::WorkspaceWindow;
} // namespace

class TestWorkspace : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void opensToMapTimelineAndTable();
    void tableSelectionMovesMapAndDetails();
    void mapClickSelectsTableRow();
    void mapFollowsTheWindow();
    void filtersReachEveryView();
    void badSearchIsAMessage();
    void correctionsMarkAndUndo();
    void importRunsOnAWorkerAndCancels();
    void dropImports();
    void probeFindsUndatedFiles();
    void timeWindowPersists();
    void menusAreComplete();
    void exportContextIsTheLiveState();
    void pickPlaceOnMap();
    void windowFitsSmallScreens();
    void restoredGeometryIsClampedToTheScreen();

private:
    QString makeDatabase(const QStringList &articles);
    std::unique_ptr<QTemporaryDir> mDir;
};

void TestWorkspace::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("MaplineTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_workspace"));
    qRegisterMetaType<mapline::ImportReport>();
}

void TestWorkspace::init()
{
    QSettings().clear();
    mDir = std::make_unique<QTemporaryDir>();
    for (const QString &name : kArticles) {
        QFile::copy(test::testData(QStringLiteral("articles/") + name), mDir->filePath(name));
        QFile::copy(test::testData(QStringLiteral("articles/") + name + QStringLiteral(".meta")),
                    mDir->filePath(name + QStringLiteral(".meta")));
    }
}

QString TestWorkspace::makeDatabase(const QStringList &articles)
{
    const QString path = mDir->filePath(QStringLiteral("events.sqlite"));
    auto store = EventStore::open(path);
    if (!store)
        return {};
    ArticleImporter importer(*store.value(), {});
    for (const QString &a : articles)
        importer.importFile(mDir->filePath(a));
    return path;
}

void TestWorkspace::opensToMapTimelineAndTable()
{
    const QString db = makeDatabase(kArticles);
    Window w;
    QVERIFY(w.open(db));
    Workspace &ws = *w.workspace;
    QVERIFY(ws.index());
    QVERIFY(ws.index()->size() > 0);
    QCOMPARE(w.map->eventIndex(), ws.index());
    QCOMPARE(ws.timeline()->index(), ws.index());
    QVERIFY(w.model->rowCount() > 0);
    // The first window (one step at the start of the data): the map shows the same window.
    QCOMPARE(w.map->settings().from(), ws.timeline()->from());
    QCOMPARE(w.map->settings().to(), ws.timeline()->to());
    QVERIFY(ws.timelineDock() && ws.detailsDock() && ws.filtersDock());
    QVERIFY(ws.filters()->typeModel()->rowCount() > 0);
    // Happenings (the default) when some happening has several reports, else events.
    const QString status = w.window.findChild<QLabel *>(QStringLiteral("workspaceStatus"))->text();
    QVERIFY2(status.contains(ws.index()->hasFusedReports() ? QStringLiteral("happening") : QStringLiteral("event")),
             qPrintable(status));
}

void TestWorkspace::tableSelectionMovesMapAndDetails()
{
    Window w;
    QVERIFY(w.open(makeDatabase(kArticles)));
    QSignalSpy selected(w.workspace.get(), &Workspace::selectionChanged);
    QTableView *table = w.table->table();
    table->selectRow(table->model()->rowCount() - 1);
    const qint64 id = w.table->currentEventId();
    QVERIFY(id > 0);
    QCOMPARE(selected.count(), 1);
    QCOMPARE(w.map->selectedEventId(), id);
    QCOMPARE(w.workspace->details()->eventId(), id);
    // The map pans to the event.
    const int row = w.workspace->index()->rowOfId(id);
    QVERIFY(row >= 0);
    QVERIFY(w.map->settings().extent().contains(w.workspace->index()->position(row)));
    // Zoomed in elsewhere, selecting pans the map to the event.
    const QGeoCoordinate at = Projection::unproject(w.workspace->index()->position(row));
    w.map->setView(QGeoCoordinate(at.latitude() + 2.0, at.longitude()), 50.0); // 200 km north, close up
    QVERIFY(!w.map->settings().extent().contains(w.workspace->index()->position(row)));
    table->clearSelection();
    table->selectRow(0);
    table->selectRow(table->model()->rowCount() - 1);
    QCOMPARE(w.map->selectedEventId(), id);
    QVERIFY(w.map->settings().extent().contains(w.workspace->index()->position(row)));
    QCOMPARE(w.map->settings().metresPerPixel(), 50.0);
}

void TestWorkspace::mapClickSelectsTableRow()
{
    Window w;
    QVERIFY(w.open(makeDatabase(kArticles)));
    const qint64 id = w.model->events().first().id;
    emit w.map->eventClicked(id);
    QCOMPARE(w.table->currentEventId(), id);
    QCOMPARE(w.workspace->details()->eventId(), id);
    QCOMPARE(w.workspace->selectedEventId(), id);
}

void TestWorkspace::mapFollowsTheWindow()
{
    Window w;
    QVERIFY(w.open(makeDatabase(kArticles)));
    TimelineModel *t = w.workspace->timeline();
    QSignalSpy reloaded(w.workspace.get(), &Workspace::tableReloaded);
    t->setWindow(timeline::dateOf(t->dataFirstDay()), timeline::dateOf(t->dataLastDay()));
    QVERIFY(reloaded.wait(5000));
    const int all = w.model->rowCount();
    t->setWindow(QDate(2001, 11, 24), QDate(2001, 11, 24));
    // The map follows at once; the table after the scrubbing pauses.
    QCOMPARE(w.map->settings().from(), QDate(2001, 11, 24));
    QCOMPARE(w.map->settings().to(), QDate(2001, 11, 24));
    QVERIFY(reloaded.wait(5000));
    QVERIFY(w.model->rowCount() < all);
    for (const Event &e : w.model->events())
        QVERIFY(e.time.overlaps(TimeRange::day(QDate(2001, 11, 24))));
    t->stepForward();
    QCOMPARE(w.map->settings().from(), QDate(2001, 11, 25));
}

void TestWorkspace::filtersReachEveryView()
{
    Window w;
    QVERIFY(w.open(makeDatabase(kArticles)));
    const QList<Event> before = w.model->events();
    const QString type = before.first().type;
    FilterState state;
    state.hiddenTypes = {type};
    w.workspace->filters()->setState(state);
    QVERIFY(w.workspace->mask());
    QCOMPARE(w.map->settings().eventMask(), w.workspace->mask());
    QCOMPARE(w.workspace->timeline()->mask(), w.workspace->mask());
    for (const Event &e : w.model->events())
        QVERIFY(e.type != type);
    QVERIFY(w.model->rowCount() < before.size());
    const int row = w.workspace->filters()->typeModel()->rowOfKey(type);
    QCOMPARE(w.workspace->filters()->typeModel()->index(row).data(Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
    w.workspace->filters()->clearAll();
    // No filter: no mask in Reports mode; one row per happening in Happenings mode.
    if (w.workspace->unit() == Workspace::Unit::Reports || !w.workspace->index()->hasFusedReports())
        QVERIFY(!w.workspace->mask());
    else
        QCOMPARE(w.workspace->mask()->count(), w.workspace->index()->happeningCount());
    QCOMPARE(w.model->rowCount(), before.size());
}

void TestWorkspace::badSearchIsAMessage()
{
    Window w;
    QVERIFY(w.open(makeDatabase(kArticles)));
    // The whole of the data in the window (the first window holds only the bulk's first step).
    auto *t = w.workspace->timeline();
    QSignalSpy reloaded(w.workspace.get(), &Workspace::tableReloaded);
    t->setWindow(timeline::dateOf(t->dataFirstDay()), timeline::dateOf(t->dataLastDay()));
    QVERIFY(reloaded.wait(5000));
    auto *search = w.workspace->filters()->findChild<QLineEdit *>(QStringLiteral("searchFilter"));
    auto *error = w.workspace->filters()->findChild<QLabel *>(QStringLiteral("searchError"));
    QVERIFY(search && error);
    const int rows = w.model->rowCount();
    search->setText(QStringLiteral("\"Konduz AND"));
    QTest::keyClick(search, Qt::Key_Return);
    QVERIFY(!error->text().isEmpty());
    QCOMPARE(w.model->rowCount(), rows); // nothing filtered, nothing broken
    search->setText(QStringLiteral("surrender"));
    QTest::keyClick(search, Qt::Key_Return);
    QVERIFY(error->text().isEmpty());
    QVERIFY(w.model->rowCount() > 0);
    QVERIFY(w.model->rowCount() < rows);
}

void TestWorkspace::correctionsMarkAndUndo()
{
    Window w;
    QVERIFY(w.open(makeDatabase(kArticles)));
    // The whole of the data in the window (the first window holds only the bulk's first step).
    auto *t = w.workspace->timeline();
    QSignalSpy reloaded(w.workspace.get(), &Workspace::tableReloaded);
    t->setWindow(timeline::dateOf(t->dataFirstDay()), timeline::dateOf(t->dataLastDay()));
    QVERIFY(reloaded.wait(5000));
    const qint64 id = w.model->events().first().id;
    w.workspace->selectEvent(id);
    QSignalSpy loaded(w.workspace.get(), &Workspace::indexLoaded);
    QVERIFY(w.workspace->corrections()->correctTime(id, TimeRange::day(QDate(2001, 11, 23))).ok());
    // The table marks it at once, the details say so.
    const Event *e = w.model->eventAt(w.model->rowOfEvent(id));
    QVERIFY(e && e->hasFlag(Event::Corrected));
    QVERIFY(w.workspace->details()->event()->hasFlag(Event::Corrected));
    QVERIFY(loaded.wait(10000)); // the map's index reloads
    QVERIFY(w.workspace->undoAction()->isEnabled());
    w.workspace->undoAction()->trigger();
    e = w.model->eventAt(w.model->rowOfEvent(id));
    QVERIFY(e && !e->hasFlag(Event::Corrected));
    QVERIFY(w.workspace->redoAction()->isEnabled());
}

void TestWorkspace::importRunsOnAWorkerAndCancels()
{
    const QString db = makeDatabase({});
    Window w;
    QVERIFY(w.open(db));
    QCOMPARE(w.model->rowCount(), 0);
    QSignalSpy finished(w.workspace.get(), &Workspace::importFinished);
    QSignalSpy loaded(w.workspace.get(), &Workspace::indexLoaded);
    // The report of a run with a failure is a message box: read and closed as it comes up.
    QString reportText;
    QTimer closer;
    connect(&closer, &QTimer::timeout, this, [&reportText] {
        if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
            reportText = box->informativeText() + QLatin1Char('\n') + box->detailedText();
            box->done(QMessageBox::Ok);
        }
    });
    closer.start(20);
    ParseOptions options;
    w.workspace->importFiles({mDir->filePath(kArticles[0]), mDir->filePath(kArticles[1]),
                              mDir->filePath(QStringLiteral("missing-file.txt"))},
                             options);
    QVERIFY(w.workspace->isImporting());
    QVERIFY(finished.wait(30000));
    const auto report = finished.first().first().value<ImportReport>();
    QCOMPARE(report.summary.imported, 2);
    QVERIFY(report.fatal.isEmpty());
    // The file that is not there is named, not dropped in silence.
    QCOMPARE(report.summary.failed, 1);
    QCOMPARE(report.failures, QStringList{mDir->filePath(QStringLiteral("missing-file.txt")) + QStringLiteral(": no such file or folder")});
    QTRY_VERIFY(reportText.contains(QStringLiteral("missing-file.txt: no such file or folder")));
    // The index reloads after the import; maybe while the report's box was up.
    QVERIFY(loaded.count() > 0 || loaded.wait(10000));
    QVERIFY(w.model->rowCount() > 0);

    // Cancel: whatever was done stays done, the rest is not started.
    finished.clear();
    w.workspace->importFiles({mDir->filePath(kArticles[2]), mDir->filePath(kArticles[0])}, options);
    w.workspace->cancelImport();
    QVERIFY(finished.wait(30000));
    const auto cancelled = finished.first().first().value<ImportReport>();
    QVERIFY(cancelled.filesDone < 2 || !cancelled.cancelled);
    auto check = EventStore::open(db, EventStore::Mode::ReadOnly);
    QVERIFY(check.ok());
    QCOMPARE(check.value()->stats()->articles, qint64(2 + cancelled.summary.imported));
}

void TestWorkspace::dropImports()
{
    Window w;
    QVERIFY(w.open(makeDatabase({kArticles[0]})));
    QSignalSpy finished(w.workspace.get(), &Workspace::importFinished);
    QMimeData mime;
    // A sidecar gives the file its date and source: no options dialog comes up.
    mime.setUrls({QUrl::fromLocalFile(mDir->filePath(kArticles[1]))});
    QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&w.window, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&w.window, &drop);
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.first().first().value<ImportReport>().summary.imported, 1);
}

void TestWorkspace::probeFindsUndatedFiles()
{
    // The import asks for a date only when some file carries none of its own.
    const QString undated = QStringLiteral("undated-kabul-aid-convoy.txt");
    QVERIFY(QFile::copy(test::testData(QStringLiteral("articles/") + undated), mDir->filePath(undated)));
    const ImportProbe probe = ImportProbe::run({mDir->filePath(kArticles[0]), mDir->filePath(undated)});
    QCOMPARE(probe.files, 2);
    QCOMPARE(probe.probed, 2);
    QCOMPARE(probe.withoutDate, 1);
    QCOMPARE(probe.undatedExamples, QStringList{undated});
    const ImportProbe dated = ImportProbe::run({mDir->filePath(kArticles[0]), mDir->filePath(kArticles[1])});
    QCOMPARE(dated.withoutDate, 0);
    QCOMPARE(dated.withoutSource, 0);
}

void TestWorkspace::timeWindowPersists()
{
    const QString db = makeDatabase(kArticles);
    {
        Window w;
        QVERIFY(w.open(db));
        w.workspace->timeline()->setMode(timeline::TimeWindow::Mode::Cumulative);
        w.workspace->timeline()->setWindow(QDate(2001, 11, 14), QDate(2001, 11, 20));
        w.workspace->timeline()->setSpeed(8);
        w.map->setView(QGeoCoordinate(36.7, 68.9), 120.0);
        QVERIFY(w.map->showsRelief());
        w.map->setRelief(false); // the layer panel's "Shaded relief" box
        w.workspace->saveSettings();
    }
    Window again;
    QVERIFY(again.open(db));
    QCOMPARE(again.workspace->timeline()->from(), QDate(2001, 11, 14));
    QCOMPARE(again.workspace->timeline()->to(), QDate(2001, 11, 20));
    QVERIFY(again.workspace->timeline()->mode() == timeline::TimeWindow::Mode::Cumulative);
    QCOMPARE(again.workspace->timeline()->speed(), 8.0);
    QCOMPARE(again.map->settings().metresPerPixel(), 120.0);
    QVERIFY(!again.map->showsRelief());
}

void TestWorkspace::menusAreComplete()
{
    Window w;
    const auto names = [](const QMenu &menu) {
        QStringList list;
        for (QAction *a : menu.actions())
            list << a->text();
        return list;
    };
    QVERIFY(names(w.edit).join(u'|').contains(QStringLiteral("Undo")));
    QVERIFY(names(w.edit).join(u'|').contains(QStringLiteral("Redo")));
    QVERIFY(names(w.time).join(u'|').contains(QStringLiteral("Go to Date")));
    QVERIFY(names(w.view).contains(QStringLiteral("Timeline")));
    QVERIFY(names(w.view).contains(QStringLiteral("Details")));
    QVERIFY(names(w.view).contains(QStringLiteral("Filters")));
    QVERIFY(names(w.help).join(u'|').contains(QStringLiteral("Keyboard Shortcuts")));
    // File > Export map, data, animation: there, and usable only with a database open.
    const QStringList exports = {QStringLiteral("exportMapAction"), QStringLiteral("exportDataAction"),
                                 QStringLiteral("exportAnimationAction")};
    for (const QString &name : exports) {
        QAction *a = w.window.findChild<QAction *>(name);
        QVERIFY2(a, qPrintable(name));
        QVERIFY(w.file.actions().contains(a));
        QVERIFY(!a->isEnabled());
    }
    QCOMPARE(w.window.findChild<QAction *>(exports.first())->shortcut(), QKeySequence(QStringLiteral("Ctrl+Shift+E")));
    QVERIFY(w.open(makeDatabase(kArticles)));
    for (const QString &name : exports)
        QVERIFY(w.window.findChild<QAction *>(name)->isEnabled());
    w.workspace->closeDatabase();
    for (const QString &name : exports)
        QVERIFY(!w.window.findChild<QAction *>(name)->isEnabled());
}

void TestWorkspace::exportContextIsTheLiveState()
{
    Window w;
    const QString db = makeDatabase(kArticles);
    QVERIFY(w.open(db));
    TimelineModel *t = w.workspace->timeline();
    t->setMode(timeline::TimeWindow::Mode::Cumulative);
    t->setWindow(QDate(2001, 11, 20), QDate(2001, 11, 30));
    const QString type = w.model->events().first().type;
    FilterState state;
    state.hiddenTypes = {type};
    w.workspace->filters()->setState(state);
    w.map->setView(QGeoCoordinate(36.7, 68.9), 200.0);

    const ExportContext c = w.workspace->exportContext();
    QCOMPARE(QFileInfo(c.databasePath).canonicalFilePath(), QFileInfo(db).canonicalFilePath());
    QCOMPARE(c.window.from(), QDate(2001, 11, 20));
    QCOMPARE(c.window.to(), QDate(2001, 11, 30));
    QVERIFY(c.window.mode == timeline::TimeWindow::Mode::Cumulative);
    QCOMPARE(c.view.from(), QDate(2001, 11, 20));
    QCOMPARE(c.view.to(), QDate(2001, 11, 30));
    QCOMPARE(c.filters, state);
    QVERIFY(c.allTypes.contains(type));
    QVERIFY(c.allTypes.size() > 1);
    QCOMPARE(c.view.eventMask(), w.workspace->mask());
    QCOMPARE(c.view.extent(), w.map->settings().extent());
    QCOMPARE(c.view.metresPerPixel(), 200.0);
    QVERIFY(c.view.extent().contains(Projection::project(QGeoCoordinate(36.7, 68.9))));
    QCOMPARE(c.dataFirst, timeline::dateOf(t->dataFirstDay()));
    QCOMPARE(c.dataLast, timeline::dateOf(t->dataLastDay()));
    QVERIFY(c.dataFirst <= c.dataLast);
    QCOMPARE(c.eventsShown, qint64(t->windowEventCount()));
    QVERIFY(c.eventsShown > 0);
}

void TestWorkspace::pickPlaceOnMap()
{
    Window w;
    QVERIFY(w.open(makeDatabase(kArticles)));
    w.window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w.window));
    const Event original = w.model->events().first();
    w.workspace->selectEvent(original.id);
    PlaceCompletionModel places;
    places.setGazetteer(ExtractionResources::shared()->gazetteer);
    // A gazetteer place the event is not at yet.
    const std::optional<Place> target =
        places.find(original.place.name == u"Kabul" ? QStringLiteral("Kandahar") : QStringLiteral("Kabul"));
    QVERIFY(target);
    QVERIFY(original.place.name != target->name);

    // Picking: cross cursor, a hint; a click 3 pixels off the place snaps to it.
    w.map->setView(target->coordinate, 100.0);
    QSignalSpy picked(w.map, &MapCanvas::coordinatePicked);
    QSignalSpy changed(w.workspace->corrections(), &CorrectionEditor::eventChanged);
    w.workspace->pickPlaceOnMap(original.id);
    QVERIFY(w.map->isPicking());
    QCOMPARE(w.map->cursor().shape(), Qt::CrossCursor);
    QVERIFY(w.window.statusBar()->currentMessage().contains(QStringLiteral("Esc")));
    const QPointF targetAt = w.map->settings().toScreen(target->coordinate);
    QTest::mouseClick(w.map, Qt::LeftButton, {}, (targetAt + QPointF(3, 2)).toPoint());
    QCOMPARE(picked.count(), 1);
    QCOMPARE(changed.count(), 1);
    QVERIFY(!w.map->isPicking());
    QVERIFY(!w.window.statusBar()->currentMessage().contains(QStringLiteral("Esc")));
    const auto placeOf = [&w](qint64 id) { return w.model->eventAt(w.model->rowOfEvent(id)); };
    QVERIFY(placeOf(original.id));
    QCOMPARE(placeOf(original.id)->place.name, target->name);
    QCOMPARE(placeOf(original.id)->place.coordinate, target->coordinate);
    QVERIFY(placeOf(original.id)->hasFlag(Event::Corrected)); // marked in the table
    QCOMPARE(w.workspace->details()->event()->place.name, target->name);

    // Undo and redo like any correction.
    w.workspace->undoAction()->trigger();
    QCOMPARE(placeOf(original.id)->place.name, original.place.name);
    QVERIFY(!placeOf(original.id)->hasFlag(Event::Corrected));
    w.workspace->redoAction()->trigger();
    QCOMPARE(placeOf(original.id)->place.name, target->name);

    // Far from any named place the pick is a point named by its coordinates.
    const QGeoCoordinate desert(30.9, 63.2); // the Dasht-e Margo
    w.map->setView(desert, 100.0);
    QVERIFY(!places.nearest(w.map->settings().toScreen(desert), 8.0,
                            [&w](const QGeoCoordinate &c) { return w.map->settings().toScreen(c); }));
    w.workspace->pickPlaceOnMap(original.id);
    QTest::mouseClick(w.map, Qt::LeftButton, {}, w.map->settings().toScreen(desert).toPoint());
    QCOMPARE(changed.count(), 4); // the first pick, undo, redo, this
    const Event *e = placeOf(original.id);
    QVERIFY(e);
    QVERIFY2(e->place.name.contains(QStringLiteral("° N, ")), qPrintable(e->place.name));
    QVERIFY(e->place.precision == GeoPrecision::Landmark);
    QVERIFY(e->place.coordinate.distanceTo(desert) < 200.0);

    // Esc cancels wherever the focus is; nothing is corrected.
    w.workspace->pickPlaceOnMap(original.id);
    QVERIFY(w.map->isPicking());
    w.table->table()->setFocus();
    QTest::keyClick(w.table->table(), Qt::Key_Escape);
    QVERIFY(!w.map->isPicking());
    QTest::mouseClick(w.map, Qt::LeftButton, {}, QPoint(20, 20));
    QCOMPARE(changed.count(), 4);
}

void TestWorkspace::windowFitsSmallScreens()
{
    // The real main window, with a database, an event shown in details and long status lines:
    // every dock fits a 1280x800 screen (a 1400x900 one with room to spare).
    MainWindow window;
    QSignalSpy loaded(window.workspace(), &Workspace::indexLoaded);
    QVERIFY(window.openDatabase(makeDatabase(kArticles), true));
    QVERIFY(loaded.wait(20000));
    window.workspace()->selectEvent(window.eventModel()->events().first().id);
    FilterState state;
    state.search = QStringLiteral("surrender");
    state.actors = {window.eventModel()->events().first().actors.value(0).actor.name};
    window.workspace()->filters()->setState(state);
    const QSize minimum = window.minimumSizeHint();
    QVERIFY2(minimum.width() <= 1280 && minimum.height() <= 800,
             qPrintable(QStringLiteral("%1x%2").arg(minimum.width()).arg(minimum.height())));
    QVERIFY(window.minimumSize().width() <= 1280);

    window.setWindowState(Qt::WindowNoState); // opened maximised on the small offscreen screen
    window.resize(1280, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.size(), QSize(1280, 800));
    for (QDockWidget *dock : {window.workspace()->detailsDock(), window.workspace()->timelineDock()}) {
        const QRect inWindow(dock->mapTo(&window, QPoint(0, 0)), dock->size());
        QVERIFY2(QRect(QPoint(0, 0), window.size()).contains(inWindow), qPrintable(dock->objectName()));
    }
    QVERIFY(window.workspace()->detailsDock()->width() >= 220);
    QVERIFY(window.mapCanvas()->width() >= 600); // the map stays the main thing
}

void TestWorkspace::restoredGeometryIsClampedToTheScreen()
{
    // A layout saved on a big screen, opened on a smaller one (the offscreen screen is smaller
    // than the window's minimum width, so the width stops there).
    const auto openWith = [](const QRect &saved) {
        {
            QWidget big;
            big.setGeometry(saved);
            QSettings().setValue(QStringLiteral("window/geometry"), big.saveGeometry());
        }
        auto window = std::make_unique<MainWindow>();
        return window;
    };
    auto window = openWith(QRect(40, 30, 3000, 2000));
    QRect available = window->screen()->availableGeometry();
    QCOMPARE(window->height(), std::max(available.height(), window->minimumSizeHint().height()));
    QCOMPARE(window->width(), std::max(available.width(), window->minimumSizeHint().width()));
    QVERIFY(window->width() < 3000);
    QCOMPARE(window->geometry().topLeft(), available.topLeft());
    // Saved off to the bottom right: moved back onto the screen.
    window = openWith(QRect(2400, 1700, 700, 500));
    available = window->screen()->availableGeometry();
    QVERIFY(available.contains(window->geometry().topLeft()));
    QVERIFY(window->geometry().bottom() <= available.bottom());
}

QTEST_MAIN(TestWorkspace)
#include "tst_workspace.moc"
