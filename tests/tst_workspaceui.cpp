// The analyst's workspace, second round (issue 14): Go to Date takes a typed year; Exact dates
// in one click; Near takes every spelling the gazetteer knows and draws its circle; events
// without a place are listed, drawn at their best known position and can be corrected, and the
// data export writes the count it promised; Tab leaves the table and walks the filter panel in
// its drawn order; corrections have shortcuts, and OK without a change corrects nothing; the
// window's layout (table rows at 1280x800 and 1600x1000, details beside the map, the filter
// panel steady, the minimum size at scale factor 2, corrected dates whole).
#include "correctionmarkdelegate.h"
#include "corrections/correctioneditor.h"
#include "datefield.h"
#include "eventdetailsview.h"
#include "eventtablemodel.h"
#include "eventtableview.h"
#include "exportcontext.h"
#include "exportdatadialog.h"
#include "filterpanel.h"
#include "geo/projection.h"
#include "mainwindow.h"
#include "mapcanvas.h"
#include "qt/checklistmodel.h"
#include "render/maprenderer.h"
#include "render/nearcirclerenderer.h"
#include "store/articleimporter.h"
#include "store/eventstore.h"
#include "testsupport.h"
#include "timeline/timelinemodel.h"
#include "timelinewidget.h"
#include "workspace.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QDialog>
#include <QDockWidget>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStatusBar>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>
#include <QToolButton>
#include <QUndoStack>
#include <QtTest>

using namespace mapline;

namespace {
const QStringList kArticles = {QStringLiteral("ap-2001-11-14-kabul-taliban-flee.txt"),
                               QStringLiteral("reuters-2001-11-24-konduz-surrender.txt"),
                               QStringLiteral("afp-2001-12-07-tora-bora.txt")};

// The real main window with a database open.
struct Viewer {
    MainWindow window;
    Workspace &ws() { return *window.workspace(); }
    bool open(const QString &path)
    {
        QSignalSpy loaded(window.workspace(), &Workspace::indexLoaded);
        return window.openDatabase(path, true) && loaded.wait(20000);
    }
    bool reloaded()
    {
        QSignalSpy loaded(window.workspace(), &Workspace::indexLoaded);
        return loaded.wait(20000);
    }
    // Shows the whole data in the window and waits for the table.
    void showAll()
    {
        TimelineModel *t = ws().timeline();
        QSignalSpy table(window.workspace(), &Workspace::tableReloaded);
        t->setWindow(timeline::dateOf(t->dataFirstDay()), timeline::dateOf(t->dataLastDay()));
        table.wait(5000);
    }
    QAction *action(const QString &text)
    {
        for (QAction *a : window.findChildren<QAction *>())
            if (a->text().remove(QLatin1Char('&')) == text)
                return a;
        return nullptr;
    }
};

// Runs `inDialog` on the next modal dialog once it is up (the action that opens it blocks).
void whenDialogOpens(std::function<void(QDialog *)> inDialog)
{
    QTimer::singleShot(0, [inDialog] {
        QTRY_VERIFY(qobject_cast<QDialog *>(QApplication::activeModalWidget()));
        inDialog(qobject_cast<QDialog *>(QApplication::activeModalWidget()));
    });
}
} // namespace

class TestWorkspaceUi : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void goToDateTakesATypedDate();
    void exactDatesInOneClick();
    void nearTakesEverySpellingAndDrawsItsCircle();
    void eventsWithoutAPlaceAreListedAndCorrectable();
    void tabLeavesTheTableAndWalksTheFilters();
    void correctionsHaveShortcuts();
    void okWithoutAChangeCorrectsNothing();
    void layoutAt1280x800And1600x1000();
    void fitsAScreenAtScaleFactorTwo();
    void filterPanelDoesNotJump();
    void correctedDatesAreWhole();

private:
    QString makeDatabase();
    std::unique_ptr<QTemporaryDir> mDir;
};

void TestWorkspaceUi::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("MaplineTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_workspaceui"));
}

void TestWorkspaceUi::init()
{
    QSettings().clear();
    mDir = std::make_unique<QTemporaryDir>();
    for (const QString &name : kArticles) {
        QFile::copy(test::testData(QStringLiteral("articles/") + name), mDir->filePath(name));
        QFile::copy(test::testData(QStringLiteral("articles/") + name + QStringLiteral(".meta")),
                    mDir->filePath(name + QStringLiteral(".meta")));
    }
}

QString TestWorkspaceUi::makeDatabase()
{
    const QString path = mDir->filePath(QStringLiteral("events.sqlite"));
    auto store = EventStore::open(path);
    if (!store)
        return {};
    ArticleImporter importer(*store.value(), {});
    for (const QString &a : kArticles)
        importer.importFile(mDir->filePath(a));
    return path;
}

void TestWorkspaceUi::goToDateTakesATypedDate()
{
    Viewer v;
    QVERIFY(v.open(makeDatabase()));
    QAction *go = v.action(QStringLiteral("Go to Date..."));
    QVERIFY(go);
    // Typed over the whole field, as an analyst does; whatever kind of field the dialog uses.
    whenDialogOpens([](QDialog *dialog) {
        QLineEdit *edit = nullptr;
        for (QLineEdit *e : dialog->findChildren<QLineEdit *>())
            if (!edit && e->isVisible() && e->text().contains(QLatin1Char('-')))
                edit = e;
        QVERIFY(edit);
        edit->setFocus();
        edit->selectAll();
        QTest::keyClicks(edit, QStringLiteral("2001-11-20"));
        QTest::keyClick(edit, Qt::Key_Return);
        if (dialog->isVisible())
            dialog->accept();
    });
    go->trigger();
    QCOMPARE(v.ws().timeline()->from(), QDate(2001, 11, 20));
    // A year alone: its first day.
    whenDialogOpens([](QDialog *dialog) {
        auto *field = dialog->findChild<DateField *>(QStringLiteral("goToDate"));
        QVERIFY(field);
        field->lineEdit()->selectAll();
        QTest::keyClicks(field->lineEdit(), QStringLiteral("2002"));
        QTest::keyClick(field->lineEdit(), Qt::Key_Return);
        if (dialog->isVisible())
            dialog->accept();
    });
    go->trigger();
    QCOMPARE(v.ws().timeline()->from(), QDate(2002, 1, 1));
}

void TestWorkspaceUi::exactDatesInOneClick()
{
    Viewer v;
    QVERIFY(v.open(makeDatabase()));
    v.showAll();
    auto *button = v.ws().timelineWidget()->findChild<QToolButton *>(QStringLiteral("exactDatesButton"));
    QVERIFY(button);
    const qsizetype all = v.ws().timeline()->windowEventCount();
    QTest::mouseClick(button, Qt::LeftButton);
    QCOMPARE(v.ws().filters()->state().precisions, QSet<DatePrecision>{DatePrecision::Day});
    const qsizetype exact = v.ws().timeline()->windowEventCount();
    QVERIFY(exact > 0 && exact < all);
    const auto index = v.ws().index();
    for (const Event &e : v.window.eventModel()->events())
        QVERIFY(e.time.start == e.time.end);
    // The filter panel says so, and a second click undoes it.
    QVERIFY(v.ws().filters()->findChild<QToolButton *>(QStringLiteral("chip_precision")));
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(v.ws().filters()->state().precisions.isEmpty());
    QCOMPARE(v.ws().timeline()->windowEventCount(), all);
    // Unchecking every other precision in the panel checks the button.
    for (const char *name : {"precision_range", "precision_week", "precision_month", "precision_year"})
        v.ws().filters()->findChild<QCheckBox *>(QString::fromLatin1(name))->setChecked(false);
    QVERIFY(v.ws().timelineWidget()->exactDatesAction()->isChecked());
}

void TestWorkspaceUi::nearTakesEverySpellingAndDrawsItsCircle()
{
    Viewer v;
    QVERIFY(v.open(makeDatabase()));
    auto *place = v.ws().filters()->findChild<QLineEdit *>(QStringLiteral("placeFilter"));
    auto *error = v.ws().filters()->findChild<QLabel *>(QStringLiteral("placeError"));
    QVERIFY(place && error);
    // The spellings the importer reads as Kunduz.
    for (const QString &spelling : {QStringLiteral("Kunduz"), QStringLiteral("Kondoz"), QStringLiteral("Konduz"),
                                    QStringLiteral("qunduz")}) {
        v.ws().filters()->clearAll();
        place->setText(spelling);
        QTest::keyClick(place, Qt::Key_Return);
        QVERIFY2(error->isHidden(), qPrintable(spelling + QStringLiteral(": ") + error->text()));
        QCOMPARE(v.ws().filters()->state().placeName, QStringLiteral("Kunduz"));
        QVERIFY(qAbs(v.ws().filters()->state().placeCoordinate.latitude() - 36.73) < 0.1);
    }
    // The circle is on the map: in its settings, and drawn.
    const auto &circle = v.window.mapCanvas()->settings().nearCircle();
    QVERIFY(circle);
    QCOMPARE(circle->name, QStringLiteral("Kunduz"));
    QCOMPARE(circle->radiusKm, v.ws().filters()->state().radiusKm);
    MapSettings frame = v.window.mapCanvas()->settings();
    frame.setOutputSize(QSize(600, 400));
    frame.setGeoExtent(QGeoRectangle(QGeoCoordinate(37.6, 67.8), QGeoCoordinate(35.8, 70.0)));
    frame.setEvents(nullptr);
    QVERIFY(NearCircleRenderer::radiusPixels(frame) > 20);
    const QImage image = MapRenderer::renderImage(frame);
    const QPointF centre = frame.toScreen(circle->centre);
    const double r = NearCircleRenderer::radiusPixels(frame);
    int ink = 0;
    for (int a = 0; a < 360; a += 2) {
        const QPoint at = (centre + QPointF(r * std::cos(a * M_PI / 180), r * std::sin(a * M_PI / 180))).toPoint();
        const QColor c = image.pixelColor(at);
        ink += c.blue() > c.red() + 40; // the dashed blue ring
    }
    QVERIFY2(ink > 40, qPrintable(QString::number(ink)));
    // Cleared: no circle.
    v.ws().filters()->clearAll();
    QVERIFY(!v.window.mapCanvas()->settings().nearCircle());
    // A name the gazetteer does not know is still refused, with a message.
    place->setText(QStringLiteral("Atlantis"));
    QTest::keyClick(place, Qt::Key_Return);
    QVERIFY(!error->isHidden());
}

void TestWorkspaceUi::eventsWithoutAPlaceAreListedAndCorrectable()
{
    const QString db = makeDatabase();
    qint64 nowhere = 0, kunduzOnly = 0;
    {
        auto store = test::openStore(db);
        QVERIFY(store);
        QSqlQuery q(store->database());
        // One event loses its coordinate and its place (no position at all), one its coordinate
        // only (its place, Kunduz, is still known by name).
        QVERIFY(q.exec(QStringLiteral("SELECT e.id FROM events e JOIN places p ON p.id = e.place_id "
                                      "WHERE p.name = 'Kunduz' AND p.kind = 'city' ORDER BY e.id LIMIT 2")));
        QVERIFY(q.next());
        nowhere = q.value(0).toLongLong();
        QVERIFY(q.next());
        kunduzOnly = q.value(0).toLongLong();
        QVERIFY(q.exec(QStringLiteral("UPDATE events SET lon = NULL, lat = NULL, place_id = NULL WHERE id = %1").arg(nowhere)));
        QVERIFY(q.exec(QStringLiteral("UPDATE places SET lon = NULL, lat = NULL WHERE id = "
                                      "(SELECT place_id FROM events WHERE id = %1)").arg(kunduzOnly)));
        QVERIFY(q.exec(QStringLiteral("UPDATE events SET lon = NULL, lat = NULL WHERE id = %1").arg(kunduzOnly)));
    }
    Viewer v;
    QVERIFY(v.open(db));
    // Reports: how one report without a place is listed (a happening's row shows its fused place,
    // which the direct edits above left as it was).
    v.ws().setUnit(Workspace::Unit::Reports);
    v.showAll();
    const auto index = v.ws().index();
    const int rowNowhere = index->rowOfId(nowhere);
    const int rowKunduz = index->rowOfId(kunduzOnly);
    QVERIFY(rowNowhere >= 0 && rowKunduz >= 0); // indexed, not dropped
    QVERIFY(!index->hasPosition(rowNowhere));
    QVERIFY(index->flags(rowNowhere) & EventIndex::Unplaced);
    // At its best known position: its place by name.
    QVERIFY(index->hasPosition(rowKunduz));
    QVERIFY(Projection::unproject(index->position(rowKunduz)).distanceTo(QGeoCoordinate(36.73, 68.86)) < 20000);
    // The table lists both; the one without a place says so.
    EventTableModel *model = v.window.eventModel();
    QVERIFY(model->rowOfEvent(nowhere) >= 0);
    QVERIFY(model->rowOfEvent(kunduzOnly) >= 0);
    const QString shown = model->index(model->rowOfEvent(nowhere), EventTableModel::PlaceColumn).data().toString();
    QVERIFY2(shown.contains(QStringLiteral("(no position)")) || shown == QStringLiteral("(no place)"), qPrintable(shown));
    // The export promises what it writes.
    const ExportContext context = v.ws().exportContext();
    QCOMPARE(context.eventsShown, qint64(index->count(index->window(timeline::dayOf(context.window.from()),
                                                                    timeline::dayOf(context.window.to())))));
    ExportDataDialog dialog(context);
    const QString out = mDir->filePath(QStringLiteral("events.geojson"));
    dialog.setFormat(ExportFormat::GeoJson);
    dialog.setFilePath(out);
    QSignalSpy exported(&dialog, &ExportDataDialog::exported);
    dialog.accept();
    QVERIFY(exported.wait(30000));
    QCOMPARE(exported.first().at(1).toLongLong(), context.eventsShown);
    // Selected and corrected like any other: it gets a place, and a position.
    v.ws().selectEvent(nowhere);
    QCOMPARE(v.ws().details()->eventId(), nowhere);
    QVERIFY(v.ws().details()->correctionActions().first()->isEnabled());
    QSignalSpy loaded(v.window.workspace(), &Workspace::indexLoaded);
    Place kabul;
    kabul.name = QStringLiteral("Kabul");
    kabul.precision = GeoPrecision::City;
    kabul.coordinate = QGeoCoordinate(34.5281, 69.1723);
    kabul.country = QStringLiteral("AF");
    QVERIFY(v.ws().corrections()->correctPlace(nowhere, kabul).ok());
    QVERIFY(loaded.wait(20000));
    const int corrected = v.ws().index()->rowOfId(v.ws().selectedEventId());
    QVERIFY(corrected >= 0);
    QVERIFY(v.ws().index()->hasPosition(corrected));
    QVERIFY(!(v.ws().index()->flags(corrected) & EventIndex::Unplaced));
}

void TestWorkspaceUi::tabLeavesTheTableAndWalksTheFilters()
{
    Viewer v;
    QVERIFY(v.open(makeDatabase()));
    v.window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&v.window));
    QTableView *table = v.window.findChild<EventTableView *>()->table();
    table->setFocus();
    table->selectRow(0);
    QTRY_VERIFY(table->hasFocus());
    QTest::keyClick(table, Qt::Key_Tab);
    QVERIFY2(!table->hasFocus(), "Tab stays in the table");

    // The filter panel, in the order it is drawn.
    FilterPanel *panel = v.ws().filters();
    const QStringList expected = {QStringLiteral("clearAllFilters"), QStringLiteral("typeList"), QStringLiteral("allTypes"),
                                  QStringLiteral("noTypes"), QStringLiteral("placeFilter"), QStringLiteral("radius"),
                                  QStringLiteral("searchFilter"), QStringLiteral("precision_day"), QStringLiteral("precision_range"),
                                  QStringLiteral("precision_week"), QStringLiteral("precision_month"),
                                  QStringLiteral("precision_year"), QStringLiteral("exactPlaces"),
                                  QStringLiteral("actorSearch"), QStringLiteral("actorList")};
    QWidget *w = panel->findChild<QWidget *>(expected.first());
    QVERIFY(w);
    QStringList order{w->objectName()};
    for (int guard = 0; guard < 200 && order.size() < expected.size(); ++guard) {
        w = w->nextInFocusChain();
        const QString name = w->objectName();
        // The spin box's line edit and other inner parts are not stops of their own.
        if (expected.contains(name) && !order.contains(name))
            order << name;
    }
    QCOMPARE(order, expected);
}

void TestWorkspaceUi::correctionsHaveShortcuts()
{
    Viewer v;
    QVERIFY(v.open(makeDatabase()));
    v.window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&v.window));
    v.window.activateWindow();
    // The Edit menu holds them, each with a shortcut, disabled until an event is selected.
    QAction *date = v.window.findChild<QAction *>(QStringLiteral("correctDate"));
    QVERIFY(date);
    QCOMPARE(date->shortcut(), QKeySequence(QStringLiteral("Ctrl+Shift+D")));
    for (const QAction *a : v.ws().details()->correctionActions())
        QVERIFY2(!a->shortcut().isEmpty(), qPrintable(a->objectName()));
    v.ws().selectEvent(0);
    QVERIFY(!date->isEnabled());
    v.ws().selectEvent(v.window.eventModel()->events().first().id);
    QVERIFY(date->isEnabled());
    QSignalSpy asked(v.ws().details(), &EventDetailsView::correctDateRequested);
    bool opened = false;
    whenDialogOpens([&opened](QDialog *dialog) {
        opened = dialog->windowTitle() == QStringLiteral("Correct Date");
        dialog->reject();
    });
    QTest::keySequence(&v.window, QKeySequence(QStringLiteral("Ctrl+Shift+D")));
    QCOMPARE(asked.count(), 1);
    QVERIFY(opened);
}

void TestWorkspaceUi::okWithoutAChangeCorrectsNothing()
{
    Viewer v;
    QVERIFY(v.open(makeDatabase()));
    v.showAll();
    const qint64 id = v.window.eventModel()->events().first().id;
    v.ws().selectEvent(id);
    QUndoStack *undo = v.ws().corrections()->undoStack();
    for (const QString &name : {QStringLiteral("correctDate"), QStringLiteral("correctPlace"),
                                QStringLiteral("correctType"), QStringLiteral("correctActors")}) {
        whenDialogOpens([](QDialog *dialog) { dialog->accept(); });
        v.window.findChild<QAction *>(name)->trigger();
        QVERIFY2(undo->count() == 0, qPrintable(name));
        const Event *e = v.window.eventModel()->eventAt(v.window.eventModel()->rowOfEvent(id));
        QVERIFY(e);
        QVERIFY2(!e->hasFlag(Event::Corrected), qPrintable(name + QStringLiteral(" marked it corrected")));
    }
    QVERIFY(v.window.statusBar()->currentMessage().contains(QStringLiteral("Nothing changed")));
    // A real change still is one.
    QVERIFY(v.ws().corrections()->correctTime(id, TimeRange::day(QDate(2001, 11, 2))).ok());
    QCOMPARE(undo->count(), 1);
}

void TestWorkspaceUi::layoutAt1280x800And1600x1000()
{
    for (const QSize size : {QSize(1280, 800), QSize(1600, 1000)}) {
        Viewer v;
        QVERIFY(v.open(makeDatabase()));
        v.showAll();
        v.window.setWindowState(Qt::WindowNoState);
        v.window.resize(size);
        v.window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&v.window));
        v.window.resetLayout();
        QCoreApplication::processEvents();
        QTableView *table = v.window.findChild<EventTableView *>()->table();
        const int rows = table->viewport()->height() / table->verticalHeader()->defaultSectionSize();
        const int wanted = size.height() >= 1000 ? 12 : 8;
        QVERIFY2(rows >= wanted, qPrintable(QStringLiteral("%1 rows at %2x%3").arg(rows).arg(size.width()).arg(size.height())));
        // Details beside the map, not beside the table: no half-empty column down to the bottom.
        QDockWidget *details = v.ws().detailsDock();
        QDockWidget *timeline = v.ws().timelineDock();
        const int detailsBottom = details->mapTo(&v.window, QPoint(0, details->height())).y();
        const int timelineTop = timeline->mapTo(&v.window, QPoint(0, 0)).y();
        QVERIFY2(detailsBottom <= timelineTop + 2, qPrintable(QStringLiteral("%1 > %2").arg(detailsBottom).arg(timelineTop)));
        QVERIFY(v.window.mapCanvas()->height() >= 300);
        QVERIFY(details->width() >= 260);
    }
}

void TestWorkspaceUi::fitsAScreenAtScaleFactorTwo()
{
    // A 1600x1000 screen at scale factor 2 is 800x500 logical pixels; with a title bar and a
    // panel the window gets about 790x460 of them.
    Viewer v;
    QVERIFY(v.open(makeDatabase()));
    v.ws().selectEvent(v.window.eventModel()->events().first().id);
    const QSize minimum = v.window.minimumSizeHint().expandedTo(v.window.minimumSize());
    QVERIFY2(minimum.width() <= 790 && minimum.height() <= 460,
             qPrintable(QStringLiteral("%1x%2").arg(minimum.width()).arg(minimum.height())));
}

void TestWorkspaceUi::filterPanelDoesNotJump()
{
    FilterPanel panel;
    panel.typeModel()->setItems({{QStringLiteral("talks"), QStringLiteral("Talks"), QColor(Qt::blue), 3, true},
                                 {QStringLiteral("armed_clash"), QStringLiteral("Armed clash"), QColor(Qt::red), 5, true}});
    panel.resize(380, 700);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    auto *types = panel.findChild<QGroupBox *>(QStringLiteral("typeGroup"));
    QVERIFY(types);
    const int before = types->mapTo(&panel, QPoint(0, 0)).y();
    // Three filters at once: the chips take their place, the groups stay where they were.
    FilterState state;
    state.hiddenTypes = {QStringLiteral("talks")};
    state.search = QStringLiteral("surrender");
    state.exactPlacesOnly = true;
    panel.setState(state);
    QCoreApplication::processEvents();
    QCoreApplication::processEvents();
    QCOMPARE(types->mapTo(&panel, QPoint(0, 0)).y(), before);
    panel.clearAll();
    QCoreApplication::processEvents();
    QCOMPARE(types->mapTo(&panel, QPoint(0, 0)).y(), before);
}

void TestWorkspaceUi::correctedDatesAreWhole()
{
    Viewer v;
    QVERIFY(v.open(makeDatabase()));
    v.showAll();
    v.window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&v.window));
    const qint64 id = v.window.eventModel()->events().first().id;
    v.ws().selectEvent(id);
    QVERIFY(v.ws().corrections()->correctTime(id, TimeRange::range(QDate(2001, 11, 7), QDate(2001, 11, 14))).ok());
    QTableView *table = v.window.findChild<EventTableView *>()->table();
    QCoreApplication::processEvents();
    const QString text = QStringLiteral("2001-11-07 – 2001-11-14");
    const int needed = table->fontMetrics().horizontalAdvance(text) + CorrectionMarkDelegate::kMarkWidth;
    QVERIFY2(table->horizontalHeader()->sectionSize(EventTableModel::DateColumn) >= needed,
             qPrintable(QStringLiteral("%1 < %2").arg(table->horizontalHeader()->sectionSize(0)).arg(needed)));
}

QTEST_MAIN(TestWorkspaceUi)
#include "tst_workspaceui.moc"
