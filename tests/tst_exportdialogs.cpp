// The export dialogs driven as a user would: File > Export data (ExportDataDialog) on a worker
// with its own connection, Cancel and problems; the parts all three dialogs share (the file row
// and the footer: status, progress, Export / Cancel); and the animation dialog starting from the
// timeline's playback. File > Export map is tested in tst_snapshot, the animation in tst_animate.
#include "eventtablemodel.h"
#include "eventtableview.h"
#include "exportanimationdialog.h"
#include "exportdatadialog.h"
#include "exportdialogparts.h"
#include "exportdialogs/exportfixtures.h"
#include "exportmapdialog.h"
#include "geo/gdalhandles.h"
#include "mapcanvas.h"
#include "testsupport.h"
#include "timeline/timelinemodel.h"
#include "workspace.h"

#include <gdal.h>
#include <ogr_api.h>

#include <QCoreApplication>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMainWindow>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace mapline;
using namespace mapline::test;

class TestExportDialogs : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void exportDataDialogOnlyShown();
    void exportDataDialogCancel();
    void exportDataDialogReportsProblems();
    void dialogsShareFileRowAndFooter();
    void footerRunsAndCancels();
    void animationDialogStartsFromPlayback();
    void workspaceHandsOverPlayback();
    void dialogsAreCompact();

private:
    QString out(const QString &name) const { return mDir.filePath(QStringLiteral("out/") + name); }
    QTemporaryDir mDir;
    QString mDb;
};

void TestExportDialogs::initTestCase()
{
    GDALAllRegister();
    // The dialogs remember choices in QSettings: keep them in the test's own folder.
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(mDir.filePath(QStringLiteral("config"))));
    QCoreApplication::setOrganizationName(QStringLiteral("MaplineTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_exportdialogs"));
    QVERIFY(QDir().mkpath(mDir.filePath(QStringLiteral("out"))));
    mDb = mDir.filePath(QStringLiteral("events.sqlite"));
    fillDatabase(mDb);
    QCOMPARE(storedEvents(mDb).size(), 4);
}

namespace {

ExportContext dialogContext(const QString &db)
{
    ExportContext c;
    c.databasePath = db;
    c.allTypes = {QStringLiteral("armed_clash"), QStringLiteral("talks"), QStringLiteral("statement"),
                  QStringLiteral("shelling")};
    c.filters.hiddenTypes = {QStringLiteral("statement")};
    c.window = timeline::TimeWindow::of(QDate(2001, 11, 20), QDate(2001, 11, 30));
    c.eventsShown = 3;
    return c;
}

int featureCount(const QString &path)
{
    geo::DatasetHPtr ds(GDALOpenEx(path.toUtf8().constData(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr));
    return ds ? int(OGR_L_GetFeatureCount(GDALDatasetGetLayer(ds.get(), 0), TRUE)) : -1;
}

} // namespace

// The events shown (the statement type hidden; the window 20-30 November) or all of them, on a
// worker with its own connection; the count written is reported.
void TestExportDialogs::exportDataDialogOnlyShown()
{
    ExportDataDialog dialog(dialogContext(mDb));
    QVERIFY(dialog.onlyShown()); // on by default
    const QString path = out(QStringLiteral("dialog.geojson"));
    dialog.setFilePath(path);
    QCOMPARE(dialog.format(), ExportFormat::GeoJson);
    dialog.setFormat(ExportFormat::GeoPackage);
    QCOMPARE(dialog.filePath(), out(QStringLiteral("dialog.gpkg"))); // the name follows the format
    QSignalSpy exported(&dialog, &ExportDataDialog::exported);
    dialog.accept();
    QVERIFY(exported.wait(30000));
    QCOMPARE(exported.first().at(1).toLongLong(), 3);
    QCOMPARE(featureCount(out(QStringLiteral("dialog.gpkg"))), 3);
    QVERIFY2(dialog.statusText().contains(QStringLiteral("Exported 3 events")), qPrintable(dialog.statusText()));
    QCOMPARE(dialog.result(), int(QDialog::Accepted));

    ExportDataDialog all(dialogContext(mDb));
    QCOMPARE(all.format(), ExportFormat::GeoPackage); // remembered
    all.setOnlyShown(false);
    all.setFilePath(out(QStringLiteral("dialog-all.csv")));
    QSignalSpy allExported(&all, &ExportDataDialog::exported);
    all.accept();
    QVERIFY(allExported.wait(30000));
    QCOMPARE(allExported.first().at(1).toLongLong(), 4);
    QCOMPARE(featureCount(out(QStringLiteral("dialog-all.csv"))), 4);
}

void TestExportDialogs::exportDataDialogCancel()
{
    // Enough events that reading and writing them outlasts the click on Cancel.
    const QString db = mDir.filePath(QStringLiteral("many.sqlite"));
    {
        auto store = EventStore::open(db);
        QVERIFY(store.ok());
        QList<DatasetRow> rows;
        for (int i = 0; i < 20000; ++i)
            rows << row(QStringLiteral("armed_clash"), TimeRange::day(QDate(2001, 11, 1).addDays(i % 30)),
                        QStringLiteral("Kunduz"), 68.8 + (i % 100) * 0.001, 36.7, {}, QStringLiteral("Fighting."), 0.5);
        ListSource source(rows);
        DatasetInfo info;
        info.kind = QStringLiteral("mapline");
        info.path = QStringLiteral("many");
        QVERIFY(store.value()->importDataset(info, source).ok());
    }
    ExportDataDialog dialog(dialogContext(db));
    dialog.setOnlyShown(false);
    const QString path = out(QStringLiteral("cancelled.kml"));
    dialog.setFilePath(path);
    QSignalSpy finished(&dialog, &QDialog::finished);
    dialog.accept();
    dialog.reject(); // Cancel while it runs: it stops, writes nothing, then closes
    QVERIFY(finished.wait(30000));
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QVERIFY(dialog.lastOutcome().cancelled);
    QVERIFY(!QFileInfo::exists(path));
    QVERIFY(!folderEntries(out(QString())).join(u' ').contains(QStringLiteral("cancelled")));
}

void TestExportDialogs::exportDataDialogReportsProblems()
{
    ExportDataDialog dialog(dialogContext(mDb));
    QSignalSpy failed(&dialog, &ExportDataDialog::failed);
    const QString missing = out(QStringLiteral("no/such/folder/e.kml"));
    dialog.setFilePath(missing);
    dialog.accept();
    QVERIFY(dialog.statusText().contains(missing));
    // A database that cannot be opened: the worker's message names it.
    ExportDataDialog broken(dialogContext(mDir.filePath(QStringLiteral("absent.sqlite"))));
    QSignalSpy brokenFailed(&broken, &ExportDataDialog::failed);
    broken.setFilePath(out(QStringLiteral("never.kml")));
    broken.accept();
    QVERIFY(brokenFailed.wait(30000));
    QVERIFY2(broken.statusText().contains(QStringLiteral("absent.sqlite")), qPrintable(broken.statusText()));
    QVERIFY(!QFileInfo::exists(out(QStringLiteral("never.kml"))));
    QCOMPARE(failed.count(), 1);
}

// All three dialogs: the same file row ("File:" with Choose…), the same "Export" button, and a
// problem shown the same way (red, failed() emitted, the file named or the fix said).
void TestExportDialogs::dialogsShareFileRowAndFooter()
{
    const ExportContext context = dialogContext(mDb);
    ExportMapDialog map(context);
    ExportDataDialog data(context);
    ExportAnimationDialog animation(context);
    QStringList styles;
    for (QDialog *dialog : std::initializer_list<QDialog *>{&map, &data, &animation}) {
        const QString name = dialog->windowTitle();
        auto *row = dialog->findChild<FileRow *>();
        auto *footer = dialog->findChild<ExportFooter *>();
        QVERIFY2(row && footer, qPrintable(name));
        QCOMPARE(footer->exportButton()->text(), QStringLiteral("Export"));
        QVERIFY(row->findChild<QPushButton *>(QStringLiteral("choose")));
        auto *form = dialog->findChild<QFormLayout *>();
        QVERIFY(form && form->itemAt(0, QFormLayout::FieldRole)->widget() == row); // the file comes first
        // The label's shortcut reaches the line edit.
        bool labelled = false;
        for (auto *label : dialog->findChildren<QLabel *>())
            labelled = labelled || (label->buddy() == row->edit() && label->text() == QStringLiteral("&File:"));
        QVERIFY2(labelled, qPrintable(name));
        row->setPath(QString());
        QSignalSpy failed(dialog, SIGNAL(failed(QString)));
        dialog->accept();
        QCOMPARE(failed.count(), 1);
        QVERIFY2(footer->errorText().startsWith(QStringLiteral("Choose")), qPrintable(footer->errorText()));
        QVERIFY(dialog->result() != QDialog::Accepted);
        auto *status = footer->findChild<QLabel *>(QStringLiteral("status"));
        QVERIFY(status && !status->isHidden());
        styles << status->styleSheet();
    }
    QCOMPARE(styles, QStringList(3, QStringLiteral("color: #b00020;")));
}

// The footer's run: a busy bar and Export off; progress in thousandths; Cancel stops a
// cancellable run (and asks to close when it has stopped), but not one that cannot stop.
void TestExportDialogs::footerRunsAndCancels()
{
    ExportFooter footer;
    QPushButton *cancelButton = nullptr;
    for (auto *b : footer.findChildren<QPushButton *>())
        if (b != footer.exportButton())
            cancelButton = b;
    QVERIFY(cancelButton);
    auto *bar = footer.findChild<QProgressBar *>(QStringLiteral("progress"));
    footer.setProgress(1, 2, QStringLiteral("%1/%2")); // no run: ignored
    QVERIFY(footer.statusText().isEmpty());

    footer.startRun(QStringLiteral("Working"), true);
    QVERIFY(footer.isRunning() && !bar->isHidden() && bar->maximum() == 0);
    QVERIFY(!footer.exportButton()->isEnabled() && cancelButton->isEnabled());
    footer.setProgress(1, 4, QStringLiteral("%1 of %2"));
    QCOMPARE(bar->value(), 250);
    QCOMPARE(footer.statusText(), QStringLiteral("1 of 4"));
    QVERIFY(footer.cancelRun());
    QVERIFY(footer.cancelFlag()->load());
    QVERIFY(footer.endRun()); // Cancel asked to close
    QVERIFY(!footer.isRunning() && bar->isHidden() && footer.exportButton()->isEnabled());
    QVERIFY(!footer.cancelRun()); // nothing runs: the dialog closes at once

    footer.startRun(QStringLiteral("Writing"), false);
    QVERIFY(!cancelButton->isEnabled());
    QVERIFY(footer.cancelRun()); // taken, but the run goes on
    QVERIFY(!footer.cancelFlag()->load());
    QVERIFY(!footer.endRun());
    footer.setExportAllowed(false);
    QVERIFY(!footer.exportButton()->isEnabled());
}

// The animation dialog takes the playback's step and "skip empty" over what it remembers, and
// plays the timeline's window (a finer step when the window holds only a few of the playback's).
void TestExportDialogs::animationDialogStartsFromPlayback()
{
    ExportContext context = dialogContext(mDb);
    context.step = timeline::StepUnit::Month;
    ExportAnimationDialog shortWindow(context); // 20-30 November: eleven frames of a day, not one of a month
    QCOMPARE(shortWindow.planOptions().from, QDate(2001, 11, 20));
    QCOMPARE(shortWindow.planOptions().to, QDate(2001, 11, 30));
    QVERIFY(shortWindow.planOptions().step.unit == timeline::StepUnit::Day);
    QCOMPARE(shortWindow.planOptions().windowDays, 1);

    context.window = timeline::TimeWindow::of(QDate(2001, 1, 1), QDate(2003, 12, 31));
    context.step = timeline::StepUnit::Week;
    context.skipEmpty = true;
    ExportAnimationDialog weekly(context);
    QVERIFY(weekly.planOptions().step.unit == timeline::StepUnit::Week);
    QCOMPARE(weekly.planOptions().step.count, 1);
    QVERIFY(weekly.planOptions().skipEmpty);

    context.step = timeline::StepUnit::Month;
    context.skipEmpty = false;
    ExportAnimationDialog monthly(context);
    QVERIFY(monthly.planOptions().step.unit == timeline::StepUnit::Month);
    QVERIFY(!monthly.planOptions().skipEmpty);
}

// Workspace::exportContext() carries the timeline's playback choices.
void TestExportDialogs::workspaceHandsOverPlayback()
{
    QMainWindow window;
    auto *map = new MapCanvas;
    auto *model = new EventTableModel(&window);
    auto *table = new EventTableView;
    table->setModel(model);
    window.setCentralWidget(map);
    table->setParent(&window);
    Workspace workspace(window, *map, *table, *model);
    QVERIFY(workspace.exportContext().step == timeline::StepUnit::Day);
    QVERIFY(!workspace.exportContext().skipEmpty);
    workspace.timeline()->setStepUnit(timeline::StepUnit::Month);
    workspace.timeline()->setSkipEmpty(true);
    QVERIFY(workspace.exportContext().step == timeline::StepUnit::Month);
    QVERIFY(workspace.exportContext().skipEmpty);
}

// Each dialog fits a 1280x800 screen with room to spare, and its labels line up in one column.
// With MAPLINE_SCREENSHOTS=DIR the dialogs are also saved there as PNGs (for docs/screenshots).
void TestExportDialogs::dialogsAreCompact()
{
    ExportContext context = dialogContext(mDb);
    context.view.setOutputSize(QSize(1200, 800));
    context.dataFirst = QDate(2001, 11, 19);
    context.dataLast = QDate(2001, 11, 30);
    ExportMapDialog map(context);
    ExportDataDialog data(context);
    ExportAnimationDialog animation(context);
    map.setFilePath(QStringLiteral("/home/analyst/briefings/kunduz-november.png"));
    map.setTitle(QStringLiteral("Kunduz, November 2001"));
    const QString shots = qEnvironmentVariable("MAPLINE_SCREENSHOTS");
    for (QDialog *dialog : std::initializer_list<QDialog *>{&map, &data, &animation}) {
        dialog->adjustSize();
        const QSize size = dialog->size();
        QVERIFY2(size.width() <= 760 && size.height() <= 600,
                 qPrintable(QStringLiteral("%1: %2x%3").arg(dialog->windowTitle()).arg(size.width()).arg(size.height())));
        auto *form = dialog->findChild<QFormLayout *>();
        QVERIFY(form);
        QSet<int> fieldLefts;
        for (int row = 0; row < form->rowCount(); ++row)
            if (QLayoutItem *field = form->itemAt(row, QFormLayout::FieldRole))
                fieldLefts << field->geometry().left();
        QCOMPARE(fieldLefts.size(), 1); // every field starts at the same x
        if (!shots.isEmpty()) {
            const QString name = dialog->windowTitle().toLower().replace(QLatin1Char(' '), QLatin1Char('-'));
            QVERIFY(dialog->grab().save(QDir(shots).filePath(name + QStringLiteral(".png"))));
        }
    }
}

QTEST_MAIN(TestExportDialogs)
#include "tst_exportdialogs.moc"
