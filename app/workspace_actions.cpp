// Workspace: actions and menus, corrections from the details panel, import on a worker
// thread, and drag and drop onto the window.
#include "workspace.h"

#include "analystname.h"
#include "controlcontroller.h"

#include "correctiondialogs.h"
#include "corrections/correctioneditor.h"
#include "corrections/sqlitecorrectionstore.h"
#include "eventdetailsview.h"
#include "eventtablemodel.h"
#include "filterpanel.h"
#include "importoptionsdialog.h"
#include "importprobe.h"
#include "importworker.h"
#include "io/localpath.h"
#include "mapcanvas.h"
#include "qt/checklistmodel.h"
#include "qt/placecompletionmodel.h"
#include "readstore.h"
#include "shortcutsdialog.h"
#include "store/eventstore.h"
#include "store/pg/pgcorrectionstore.h"
#include "timeline/timelinemodel.h"
#include "timelinewidget.h"

#include <QAction>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QLineEdit>
#include <QMainWindow>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QStatusBar>
#include <QThread>
#include <QToolButton>

#include <utility>

namespace mapline {
namespace {
bool isDatabaseFile(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    return suffix == u"sqlite" || suffix == u"db" || suffix == u"sqlite3";
}

bool isLayerFile(const QString &path)
{
    static const QStringList kLayers = {QStringLiteral("gpkg"), QStringLiteral("shp"), QStringLiteral("geojson"),
                                        QStringLiteral("kml"), QStringLiteral("kmz"), QStringLiteral("tif"),
                                        QStringLiteral("tiff"), QStringLiteral("gml"), QStringLiteral("gpx"),
                                        QStringLiteral("osm"), QStringLiteral("pbf"), QStringLiteral("mbtiles")};
    return kLayers.contains(QFileInfo(path).suffix().toLower());
}
} // namespace

void Workspace::createActions()
{
    mUndo = mCorrections->undoStack()->createUndoAction(this, tr("&Undo"));
    mUndo->setShortcut(QKeySequence::Undo);
    mUndo->setObjectName(QStringLiteral("undoAction"));
    mRedo = mCorrections->undoStack()->createRedoAction(this, tr("&Redo"));
    mRedo->setShortcut(QKeySequence::Redo);
    mRedo->setObjectName(QStringLiteral("redoAction"));
    mCancelPick = new QAction(tr("Cancel Picking on the Map"), this);
    mCancelPick->setObjectName(QStringLiteral("cancelPickAction"));
    mCancelPick->setShortcut(QKeySequence(Qt::Key_Escape));
    mCancelPick->setEnabled(false); // only while picking: Esc stays free for everything else
    connect(mCancelPick, &QAction::triggered, &mMap, &MapCanvas::cancelPicking);
    mWindow.addAction(mCancelPick);
    // File > Export: each hands a snapshot of the live state to its dialog (app/exportcontext.h).
    const auto exportAction = [this](const QString &text, const QString &name, auto show) {
        auto *a = new QAction(text, this);
        a->setObjectName(name);
        a->setEnabled(false);
        connect(a, &QAction::triggered, this, [this, show] {
            if (mRead)
                show(&mWindow, exportContext());
        });
        return a;
    };
    mExportMap = exportAction(tr("Export &Map..."), QStringLiteral("exportMapAction"), &showExportMapDialog);
    mExportMap->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    mExportMap->setStatusTip(tr("Save the map as you see it: PNG, SVG, PDF or GeoTIFF"));
    mExportData = exportAction(tr("Export &Data..."), QStringLiteral("exportDataAction"), &showExportDataDialog);
    mExportData->setStatusTip(tr("Save the events in the window, filtered: GeoJSON, KML, GeoPackage, CSV, Shapefile"));
    mExportAnimation = exportAction(tr("Export &Animation..."), QStringLiteral("exportAnimationAction"),
                                    &showExportAnimationDialog);
    mExportAnimation->setStatusTip(tr("Play the time window into PNG frames, a GIF or an MP4"));
    mRefresh = new QAction(tr("&Refresh"), this);
    mRefresh->setObjectName(QStringLiteral("refreshAction"));
    mRefresh->setShortcut(QKeySequence::Refresh);
    mRefresh->setStatusTip(tr("Load what others added to the store since it was opened"));
    mRefresh->setEnabled(false);
    connect(mRefresh, &QAction::triggered, this, &Workspace::refresh);
}

void Workspace::updateActions()
{
    // The map and the animation are drawn from the view's index, the data read from either store.
    mExportMap->setEnabled(mRead != nullptr);
    mExportData->setEnabled(mRead != nullptr);
    mExportAnimation->setEnabled(mRead != nullptr);
    mRefresh->setEnabled(mRead != nullptr);
    updateHappeningActions();
}

ExportContext Workspace::exportContext() const
{
    ExportContext c;
    c.databasePath = databasePath();
    c.password = mPassword;
    c.view = mMap.settings(); // carries the mask and the time window the map is drawn with
    c.view.setSpread(std::nullopt); // fanned-out events are the analyst's cursor, like the selection
    c.filters = mFilterState;
    for (const CheckListModel::Item &item : mFilters->typeModel()->items())
        c.allTypes << item.key;
    c.window = mTimeline->window();
    if (mTimeline->hasData()) {
        c.dataFirst = timeline::dateOf(mTimeline->dataFirstDay());
        c.dataLast = timeline::dateOf(mTimeline->dataLastDay());
    }
    c.eventsShown = mIndex ? mTimeline->windowEventCount() : 0;
    c.step = mTimeline->stepUnit();
    c.skipEmpty = mTimeline->skipsEmpty();
    return c;
}

void Workspace::populateMenus(QMenu *file, QMenu *edit, QMenu *time, QMenu *view, QMenu *help)
{
    const auto add = [this](QMenu *menu, const QString &text, const QKeySequence &keys, auto slot) {
        QAction *a = menu->addAction(text);
        if (!keys.isEmpty())
            a->setShortcut(keys);
        connect(a, &QAction::triggered, this, slot);
        mActions << a;
        return a;
    };
    if (file)
        file->addActions(exportActions());
    mActions << exportActions();
    if (edit) {
        edit->addAction(mUndo);
        edit->addAction(mRedo);
        mActions << mUndo << mRedo;
        edit->addSeparator();
        add(edit, tr("&Find in Text..."), QKeySequence::Find, [this] {
            mFiltersDock->show();
            mFiltersDock->raise();
            if (auto *search = mFilters->findChild<QLineEdit *>(QStringLiteral("searchFilter")))
                search->setFocus(Qt::ShortcutFocusReason);
        });
        add(edit, tr("&Clear Filters"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Backspace),
            [this] { mFilters->clearAll(); });
        // The details panel's Correct menu, with its shortcuts, for the selected event.
        edit->addSeparator();
        add(edit, tr("Analyst &Name..."), QKeySequence(), [this] {
            if (analystname::ask(&mWindow) && mWriter)
                mWriter->setAnalyst(analystname::current());
        });
        QMenu *correct = edit->addMenu(tr("C&orrect Selected Event"));
        correct->addActions(mDetails->correctionActions());
        mActions << mDetails->correctionActions();
    }
    populateHappeningMenus(edit, nullptr);
    if (time) {
        QAction *play = add(time, tr("&Play / Pause"), QKeySequence(Qt::CTRL | Qt::Key_Space),
                            [this] { mTimeline->togglePlay(); });
        play->setObjectName(QStringLiteral("playAction"));
        add(time, tr("Step &Forward"), QKeySequence(Qt::CTRL | Qt::Key_BracketRight), [this] { mTimeline->stepForward(); });
        add(time, tr("Step &Back"), QKeySequence(Qt::CTRL | Qt::Key_BracketLeft), [this] { mTimeline->stepBackward(); });
        add(time, tr("&Next Event"), QKeySequence(Qt::CTRL | Qt::Key_PageDown), [this] { mTimeline->nextEvent(); });
        add(time, tr("P&revious Event"), QKeySequence(Qt::CTRL | Qt::Key_PageUp), [this] { mTimeline->previousEvent(); });
        add(time, tr("&Go to Date..."), QKeySequence(Qt::CTRL | Qt::Key_G), [this] {
            const QDate min = mTimeline->hasData() ? timeline::dateOf(mTimeline->dataFirstDay()) : QDate();
            const QDate max = mTimeline->hasData() ? timeline::dateOf(mTimeline->dataLastDay()) : QDate();
            // The length proposed is the window's own unless it spans most of the data.
            if (const auto to = correctiondialogs::askGoTo(&mWindow, mTimeline->from(), mTimeline->goToLength(), min, max))
                mTimeline->goToDate(to->date, to->length);
        });
        time->addSeparator();
        QAction *cumulative = time->addAction(tr("&Cumulative Window"));
        cumulative->setCheckable(true);
        connect(cumulative, &QAction::toggled, this, [this](bool on) {
            mTimeline->setMode(on ? timeline::TimeWindow::Mode::Cumulative : timeline::TimeWindow::Mode::Moving);
        });
        connect(mTimeline, &TimelineModel::optionsChanged, cumulative, [this, cumulative] {
            cumulative->setChecked(mTimeline->mode() == timeline::TimeWindow::Mode::Cumulative);
        });
        QAction *exact = mTimelineWidget->exactDatesAction();
        exact->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_X));
        time->addAction(exact);
        mActions << exact;
        time->addAction(mTimelineWidget->loopAction());
        time->addAction(mTimelineWidget->skipEmptyAction());
        add(time, tr("&Fit Timeline to Data"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T),
            [this] { mTimeline->fitToData(); });
        time->addAction(mTimelineWidget->fitAllAction());
        add(time, tr("Focus &Timeline"), QKeySequence(Qt::CTRL | Qt::Key_T), [this] {
            mTimelineDock->show();
            mTimelineWidget->setFocus(Qt::ShortcutFocusReason);
        });
    }
    if (view) {
        view->addSeparator();
        view->addAction(mRefresh);
        mActions << mRefresh;
        view->addSeparator();
        for (QDockWidget *d : {mTimelineDock, mDetailsDock, mFiltersDock})
            view->addAction(d->toggleViewAction());
        mTimelineDock->toggleViewAction()->setShortcut(QKeySequence(Qt::ALT | Qt::Key_1));
        mDetailsDock->toggleViewAction()->setShortcut(QKeySequence(Qt::ALT | Qt::Key_2));
        mFiltersDock->toggleViewAction()->setShortcut(QKeySequence(Qt::ALT | Qt::Key_3));
        for (QDockWidget *d : {mTimelineDock, mDetailsDock, mFiltersDock})
            mActions << d->toggleViewAction();
        mControl->addToMenu(view);
    }
    if (help) {
        QAction *keys = add(help, tr("&Keyboard Shortcuts"), QKeySequence::HelpContents, [this] {
            QList<QAction *> all = mActions;
            for (QAction *a : mWindow.findChildren<QAction *>())
                if (!all.contains(a))
                    all << a;
            ShortcutsDialog(all, &mWindow).exec();
        });
        keys->setObjectName(QStringLiteral("shortcutsAction"));
    }
}

// --- corrections

void Workspace::openWriter()
{
    // One path for both stores: the editors write through a CorrectionStore (a SQLite file's, or
    // a team's PostgreSQL store's with its own connection), with the analyst's name (issue 19).
    QString why; // why the corrections cannot be written, in the analyst's words
    if (mStore) {
        mWriter = std::make_unique<SqliteCorrectionStore>(*mStore);
    } else if (mRead && mRead->postgres()) {
        auto opened = pg::PgCorrectionStore::open(*mRead->postgres(), mPassword, analystname::current());
        if (opened)
            mWriter = std::move(opened).value();
        else
            why = tr("The shared store cannot be written from this viewer: %1").arg(opened.error());
    }
    const bool writable = mWriter && mWriter->isWritable(&why);
    if (mWriter)
        mWriter->setAnalyst(analystname::current());
    mCorrections->setStore(mWriter.get()); // and the control's editor, when it loads (ControlController::reload)
    mDetails->setEditable(writable);
    for (QAction *a : mDetails->correctionActions())
        a->setToolTip(writable ? QString() : why);
    // On a server, a role that may only read is told at once (a file opened read-only says so
    // where it is opened).
    if (!writable && isShared() && !why.isEmpty()) {
        mWindow.statusBar()->showMessage(why, 30000);
        // Again once the map is there (the load's own notes replace it meanwhile).
        connect(
            this, &Workspace::indexLoaded, this,
            [this, why, path = databasePath()] {
                if (databasePath() == path)
                    mWindow.statusBar()->showMessage(why, 30000);
            },
            Qt::SingleShotConnection);
    }
    updateHappeningActions();
}

void Workspace::releaseWriter()
{
    mCorrections->setStore(nullptr);
    if (mControl)
        mControl->releaseStore();
    mWriter.reset();
}

void Workspace::askCorrection(qint64 eventId, const QString &what)
{
    const std::optional<Event> e = eventById(eventId);
    if (!e || !mWriter)
        return;
    Status status;
    const int steps = mCorrections->undoStack()->index();
    bool answered = false; // a dialog closed with OK: say so when that changed nothing
    if (what == u"date") {
        if (const auto t = correctiondialogs::askTime(&mWindow, e->time)) {
            answered = true;
            status = mCorrections->correctTime(eventId, *t);
        }
    } else if (what == u"place") {
        const correctiondialogs::PlaceAnswer answer = correctiondialogs::askPlace(&mWindow, *mPlaces, e->place);
        if (answer.pickOnMap) {
            pickPlaceOnMap(eventId);
        } else if (answer.place) {
            answered = true;
            status = mCorrections->correctPlace(eventId, *answer.place);
        }
    } else if (what == u"type") {
        if (const auto t = correctiondialogs::askType(&mWindow, mTypeCodes, e->type)) {
            answered = true;
            status = mCorrections->correctType(eventId, *t);
        }
    } else if (what == u"actors") {
        QList<Actor> current;
        for (const ActorMention &m : e->actors)
            current << m.actor;
        QStringList known;
        for (const auto &item : mFilters->actorModel()->items())
            known << item.key;
        if (const auto a = correctiondialogs::askActors(&mWindow, current, known)) {
            answered = true;
            status = mCorrections->correctActors(eventId, *a);
        }
    } else if (what == u"discard") {
        status = mCorrections->discard(eventId);
    } else if (what == u"revert") {
        status = mCorrections->revert(eventId);
    }
    if (!status) {
        QMessageBox::warning(&mWindow, tr("Correction not saved"), status.error());
        return;
    }
    if (const QString notice = analystname::firstUseNotice(); !notice.isEmpty() && mCorrections->undoStack()->index() != steps)
        mWindow.statusBar()->showMessage(notice, 10000);
    if (answered && mCorrections->undoStack()->index() == steps)
        mWindow.statusBar()->showMessage(tr("Nothing changed: the event keeps what it had."), 6000);
}

void Workspace::pickPlaceOnMap(qint64 eventId)
{
    if (!mWriter || eventId <= 0)
        return;
    mPickingFor = eventId;
    if (mMap.isPicking())
        pickingChanged(true); // the same mode, for another event
    else
        mMap.startPicking();
}

void Workspace::pickingChanged(bool picking)
{
    const QString hint = tr("Click the event's place on the map (a named place within a few pixels is taken); "
                            "Esc cancels.");
    mCancelPick->setEnabled(picking);
    if (picking) {
        mWindow.statusBar()->showMessage(hint);
        return;
    }
    mPickingFor = 0;
    if (mWindow.statusBar()->currentMessage() == hint)
        mWindow.statusBar()->clearMessage();
}

Place Workspace::placeAtPick(const QGeoCoordinate &at) const
{
    constexpr double kSnapPixels = 8.0;
    const MapSettings &view = mMap.settings();
    const auto toScreen = [&view](const QGeoCoordinate &c) { return view.toScreen(c); };
    return mPlaces->nearest(toScreen(at), kSnapPixels, toScreen).value_or(PlaceCompletionModel::point(at));
}

void Workspace::placePicked(const QGeoCoordinate &at)
{
    const qint64 eventId = std::exchange(mPickingFor, 0);
    if (!mWriter || eventId <= 0 || !at.isValid())
        return;
    if (const Status status = mCorrections->correctPlace(eventId, placeAtPick(at)); !status)
        QMessageBox::warning(&mWindow, tr("Correction not saved"), status.error());
}

void Workspace::correctionApplied(qint64 oldId, qint64 newId)
{
    if (newId != 0 && (oldId == mSelected || oldId == 0))
        mSelected = newId;
    else if (oldId == mSelected && newId == 0)
        mSelected = 0; // discarded
    mArticleCache.reset();
    const QString saved = newId ? tr("Correction saved; Edit > Undo takes it back.")
                                : tr("Event discarded; Edit > Undo brings it back.");
    mWindow.statusBar()->showMessage(saved, 6000);
    // The table and details now; the map and timeline when the index has reloaded (on a shared
    // store, only what changed since the index was read: the delta, pgindexdelta.h). The load's
    // own note would hide what the analyst did: the note of the save stays.
    reloadTable();
    showDetails(mSelected);
    mMap.setSelectedEventId(mSelected);
    if (isShared())
        connect(this, &Workspace::indexLoaded, this, [this, saved] { mWindow.statusBar()->showMessage(saved, 6000); },
                Qt::SingleShotConnection);
    loadIndex();
}

// --- import

void Workspace::importFiles(const QStringList &paths, const std::optional<ParseOptions> &options)
{
    if (!mRead) {
        QMessageBox::information(&mWindow, tr("Import Articles"), tr("Open or create a database first."));
        return;
    }
    if (mStore && mStore->isReadOnly()) {
        QMessageBox::warning(&mWindow, tr("Import Articles"), tr("%1 is open read-only.").arg(mStore->path()));
        return;
    }
    if (isImporting()) {
        QMessageBox::information(&mWindow, tr("Import Articles"),
                                 tr("An import is running; wait for it or cancel it first."));
        return;
    }
    QStringList missing;
    QStringList notRead;
    const QStringList files = collectArticleFiles(paths, &missing, &notRead);
    for (const QString &path : std::as_const(missing))
        notRead << tr("%1: no such file or folder").arg(path);
    for (QString &message : notRead)
        message = fileNameAsText(message);
    if (files.isEmpty()) {
        QMessageBox::warning(&mWindow, tr("Import Articles"),
                             notRead.isEmpty() ? tr("No article files (.txt, .html) found there.")
                                               : notRead.join(QLatin1Char('\n')));
        return;
    }
    ParseOptions chosen;
    if (options) {
        chosen = *options;
    } else {
        const ImportProbe probe = ImportProbe::run(files);
        if (probe.withoutDate > 0 || probe.withoutSource > 0) {
            ImportOptionsDialog dialog(probe, &mWindow);
            if (dialog.exec() != QDialog::Accepted)
                return;
            chosen = dialog.options();
        }
    }
    startImport(files, chosen, notRead);
}

void Workspace::startImport(const QStringList &files, const ParseOptions &options, const QStringList &notRead)
{
    // The worker opens its own connection on its thread; our store keeps serving the GUI.
    mImportThread = new QThread(this);
    // A shared store's through the importers `mapline import --db URL` uses; the index then comes
    // up to date by the delta (importDone's loadIndex).
    auto *worker = new ImportWorker(databasePath(), files, options, mPassword);
    worker->addFailures(notRead);
    mImportWorker = worker;
    worker->moveToThread(mImportThread);
    connect(mImportThread, &QThread::started, worker, &ImportWorker::run);
    connect(worker, &ImportWorker::progress, this, &Workspace::importProgress);
    // quit() is thread-safe: called directly on the worker's thread, so the thread has ended
    // (or is ending) by the time importDone() waits for it on the GUI thread.
    connect(worker, &ImportWorker::finished, mImportThread, &QThread::quit, Qt::DirectConnection);
    connect(worker, &ImportWorker::finished, this, &Workspace::importDone);
    connect(mImportThread, &QThread::finished, worker, &QObject::deleteLater);
    mImportProgress->setRange(0, int(files.size()));
    mImportProgress->setValue(0);
    mImportProgress->setFormat(tr("Importing %v of %m"));
    mImportProgress->setVisible(true);
    mImportCancel->setVisible(true);
    mImportCancel->setEnabled(true);
    mImportThread->start();
}

void Workspace::importProgress(int done, int total, const QString &file)
{
    mImportProgress->setMaximum(total);
    mImportProgress->setValue(done);
    if (!file.isEmpty())
        mImportProgress->setToolTip(tr("Importing %1").arg(file));
}

void Workspace::cancelImport()
{
    if (mImportWorker) {
        mImportWorker->cancel();
        mImportCancel->setEnabled(false);
    }
}

void Workspace::importDone(const ImportReport &report)
{
    if (mImportThread) {
        mImportThread->wait();
        mImportThread->deleteLater();
        mImportThread = nullptr;
    }
    mImportProgress->setVisible(false);
    mImportCancel->setVisible(false);
    loadIndex();
    emit importFinished(report);
    if (!report.fatal.isEmpty()) {
        QMessageBox::warning(&mWindow, tr("Import failed"), report.fatal);
        return;
    }
    const auto &s = report.summary;
    QString text = tr("%1 imported, %2 already there, %3 failed; %4 events.")
                       .arg(s.imported).arg(s.duplicates).arg(s.failed).arg(s.events);
    if (report.cancelled)
        text = tr("Import cancelled after %1 of %2 files (those stay imported). ").arg(report.filesDone).arg(report.filesTotal) + text;
    if (isShared()) // which store took them: the URL (never with a password)
        text = tr("Into %1: ").arg(databasePath()) + text;
    if (report.correctionsApplied > 0)
        text += (report.correctionsApplied == 1 ? tr(" 1 correction applied again.") : tr(" %1 corrections applied again.").arg(report.correctionsApplied));
    if (report.failures.isEmpty()) {
        mWindow.statusBar()->showMessage(text, 15000);
        return;
    }
    QMessageBox box(QMessageBox::Warning, tr("Import"), text, QMessageBox::Ok, &mWindow);
    box.setInformativeText((report.failures.size() == 1 ? tr("1 file could not be imported; the details say why.") : tr("%1 files could not be imported; the details say why.").arg(report.failures.size())));
    box.setDetailedText((report.failures + report.warnings).join(QLatin1Char('\n')));
    box.exec();
}

// --- drag and drop

bool Workspace::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == &mWindow) {
        switch (event->type()) {
        case QEvent::DragEnter: {
            auto *drag = static_cast<QDragEnterEvent *>(event);
            if (drag->mimeData()->hasUrls()) {
                for (const QUrl &url : drag->mimeData()->urls()) {
                    if (url.isLocalFile()) {
                        drag->acceptProposedAction();
                        return true;
                    }
                }
            }
            break;
        }
        case QEvent::Drop: return handleDrop(static_cast<QDropEvent *>(event));
        case QEvent::Close: saveSettings(); break;
        case QEvent::WindowActivate: checkForOutsideChanges(); break; // back from a terminal
        default: break;
        }
    }
    return QObject::eventFilter(watched, event);
}

bool Workspace::handleDrop(QDropEvent *event)
{
    QStringList articles;
    QStringList layers;
    QString database;
    for (const QUrl &url : event->mimeData()->urls()) {
        if (!url.isLocalFile())
            continue;
        const QString path = url.toLocalFile();
        if (isDatabaseFile(path))
            database = path;
        else if (isLayerFile(path))
            layers << path;
        else
            articles << path;
    }
    event->acceptProposedAction();
    // Deferred: a modal dialog inside a drop handler blocks the drag source.
    QMetaObject::invokeMethod(
        this,
        [this, database, layers, articles] {
            if (!database.isEmpty())
                openDatabase(database);
            QStringList failed;
            for (const QString &layer : layers)
                if (const Status s = mMap.addLayerFile(layer); !s)
                    failed << s.error();
            if (!failed.isEmpty())
                QMessageBox::warning(&mWindow, tr("Add Layer"), failed.join(QLatin1Char('\n')));
            if (!articles.isEmpty())
                importFiles(articles);
        },
        Qt::QueuedConnection);
    return true;
}

} // namespace mapline
