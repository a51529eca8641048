#include "mainwindow.h"

#include "eventtablemodel.h"
#include "eventtableview.h"
#include "geo/basemap.h"
#include "index/eventindexbuilder.h"
#include "layerpanel.h"
#include "mapcanvas.h"
#include "store/articleimporter.h"
#include "store/eventstore.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QTableView>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressDialog>
#include <QScreen>
#include <QSettings>
#include <QStatusBar>

#include <cmath>

namespace mapline {
namespace {
constexpr int kMaxRecent = 8;

QString counted(qint64 n, const char *one, const char *many)
{
    return QStringLiteral("%L1 %2").arg(n).arg(QString::fromLatin1(n == 1 ? one : many));
}
const QString kRecentKey = QStringLiteral("recentDatabases");
const QString kFileFilter = QStringLiteral("Mapline databases (*.sqlite *.db);;All files (*)");
} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , mModel(new EventTableModel(this))
    , mTable(new EventTableView(this))
    , mMap(new MapCanvas(this))
    , mLayers(new LayerPanel(*mMap, this))
    , mTableDock(new QDockWidget(tr("Events"), this))
    , mLayerDock(new QDockWidget(tr("Layers"), this))
    , mStatus(new QLabel(this))
    , mCursor(new QLabel(this))
{
    setWindowTitle(QStringLiteral("Mapline"));
    mTable->setModel(mModel);
    setCentralWidget(mMap);
    mTableDock->setObjectName(QStringLiteral("eventsDock"));
    mTableDock->setWidget(mTable);
    addDockWidget(Qt::BottomDockWidgetArea, mTableDock);
    mLayerDock->setObjectName(QStringLiteral("layersDock"));
    mLayerDock->setWidget(mLayers);
    addDockWidget(Qt::RightDockWidgetArea, mLayerDock);
    mLayerDock->hide();
    resizeDocks({mTableDock}, {220}, Qt::Vertical);

    auto basemap = Basemap::load(Basemap::defaultPath());
    if (basemap)
        mMap->setBasemap(basemap.value());
    else
        statusBar()->showMessage(tr("No basemap: %1").arg(basemap.error()));
    mMap->setEventDescriber([this](qint64 id) { return describeEvent(id); });
    connect(mMap, &MapCanvas::eventClicked, this, &MainWindow::selectEventInTable);
    connect(mTable, &EventTableView::eventSelected, this, [this](qint64 id) {
        mMap->setSelectedEventId(id);
        mMap->ensureEventVisible(id);
    });
    connect(mMap, &MapCanvas::cursorPositionChanged, this, [this](const QGeoCoordinate &c) {
        mCursor->setText(c.isValid() ? QStringLiteral("%1° %2, %3° %4")
                                           .arg(std::abs(c.latitude()), 0, 'f', 4)
                                           .arg(c.latitude() < 0 ? QLatin1Char('S') : QLatin1Char('N'))
                                           .arg(std::abs(c.longitude()), 0, 'f', 4)
                                           .arg(c.longitude() < 0 ? QLatin1Char('W') : QLatin1Char('E'))
                                     : QString());
    });
    mCursor->setMinimumWidth(150);
    mCursor->setToolTip(tr("Latitude and longitude under the cursor (WGS 84)"));
    statusBar()->addPermanentWidget(mCursor);
    statusBar()->addPermanentWidget(mStatus);
    createActions();
    updateRecentMenu();
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(screen() ? (QSizeF(screen()->availableGeometry().size()) * 0.9).toSize().expandedTo(QSize(1000, 700))
                        : QSize(1200, 760));
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *newAction = file->addAction(tr("&New Database..."), this, &MainWindow::newDatabase);
    newAction->setShortcut(QKeySequence::New);
    QAction *open = file->addAction(tr("&Open Database..."), this, &MainWindow::openDatabaseDialog);
    open->setShortcut(QKeySequence::Open);
    mRecentMenu = file->addMenu(tr("Open &Recent"));
    file->addSeparator();
    mImportAction = file->addAction(tr("&Import Articles..."), this, &MainWindow::importArticles);
    mImportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    QAction *addLayer = file->addAction(tr("Add &Layer..."), mLayers, &LayerPanel::addLayers);
    addLayer->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    createMapActions(menuBar()->addMenu(tr("&View")));

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Mapline"), this, &MainWindow::about);
}

void MainWindow::createMapActions(QMenu *view)
{
    QAction *afghanistan = view->addAction(tr("Zoom to &Afghanistan"), mMap, &MapCanvas::zoomToAfghanistan);
    afghanistan->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    QAction *events = view->addAction(tr("Zoom to &Events"), mMap, &MapCanvas::zoomToEvents);
    events->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    QAction *in = view->addAction(tr("Zoom &In"), mMap, &MapCanvas::zoomIn);
    in->setShortcut(QKeySequence::ZoomIn);
    QAction *out = view->addAction(tr("Zoom &Out"), mMap, &MapCanvas::zoomOut);
    out->setShortcut(QKeySequence::ZoomOut);
    view->addSeparator();
    QAction *heat = view->addAction(tr("&Heat Map"));
    heat->setCheckable(true);
    heat->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_H));
    connect(heat, &QAction::toggled, mMap, &MapCanvas::setHeatMap);
    QAction *legend = view->addAction(tr("&Legend"));
    legend->setCheckable(true);
    legend->setChecked(true);
    connect(legend, &QAction::toggled, mMap, &MapCanvas::setLegendVisible);
    view->addSeparator();
    QAction *layers = mLayerDock->toggleViewAction();
    layers->setText(tr("&Layer Panel"));
    view->addAction(layers);
    QAction *table = mTableDock->toggleViewAction();
    table->setText(tr("Event &Table"));
    view->addAction(table);
}

void MainWindow::updateEventIndex()
{
    // The index is built from the events the table already holds: the map and the table show
    // the same snapshot, and no second query runs.
    EventIndexBuilder builder;
    builder.reserve(mModel->rowCount());
    mRowOfEvent.clear();
    const QList<Event> &events = mModel->events();
    for (int row = 0; row < events.size(); ++row) {
        builder.add(events[row]);
        mRowOfEvent.insert(events[row].id, row);
    }
    mMap->setEventIndex(std::make_shared<const EventIndex>(builder.build()));
}

void MainWindow::selectEventInTable(qint64 eventId)
{
    QTableView *table = mTable->table();
    const QModelIndexList found = table->model()->match(table->model()->index(0, 0), EventTableModel::EventIdRole,
                                                        QVariant::fromValue(eventId), 1, Qt::MatchExactly);
    if (found.isEmpty())
        return;
    table->setCurrentIndex(found.first());
    table->scrollTo(found.first());
}

QString MainWindow::describeEvent(qint64 eventId) const
{
    const Event *e = mModel->eventAt(mRowOfEvent.value(eventId, -1));
    if (!e)
        return {};
    QString sentence = e->sentence.simplified();
    const QStringList words = sentence.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (words.size() > 18)
        sentence = words.mid(0, 18).join(QLatin1Char(' ')) + QStringLiteral(" …");
    QString place = e->place.name.isEmpty() ? e->placeText : e->place.name;
    if (e->place.precision == GeoPrecision::Province || e->place.precision == GeoPrecision::Country)
        place += tr(" (approximate: %1)").arg(toString(e->place.precision));
    return QStringLiteral("<b>%1</b> · %2<br>%3<br><i>%4</i>")
        .arg(EventTableModel::displayType(e->type).toHtmlEscaped(), EventTableModel::displayDate(*e).toHtmlEscaped(),
             place.toHtmlEscaped(), sentence.toHtmlEscaped());
}

bool MainWindow::openDatabase(const QString &path, bool quiet)
{
    auto store = EventStore::open(path);
    if (!store) {
        if (!quiet)
            QMessageBox::warning(this, tr("Cannot open database"), store.error());
        statusBar()->showMessage(store.error());
        return false;
    }
    mStore = std::move(store).value();
    addRecent(mStore->path());
    QSettings().setValue(QStringLiteral("lastDatabase"), mStore->path());
    setWindowTitle(QStringLiteral("%1 — Mapline").arg(QFileInfo(path).fileName()));
    reload();
    return true;
}

QString MainWindow::databasePath() const
{
    return mStore ? mStore->path() : QString();
}

void MainWindow::reload()
{
    if (!mStore) {
        mModel->setEvents({});
        updateEventIndex();
        mTable->setEmptyMessage(tr("<h3>No database open</h3><p>Use File &gt; Open Database or New Database.</p>"));
        return;
    }
    Result<QList<Event>> events = mStore->events();
    const Result<EventStore::Stats> stats = mStore->stats();
    if (!events) {
        QMessageBox::warning(this, tr("Cannot read events"), events.error());
        mModel->setEvents({});
    } else {
        mModel->setEvents(std::move(events).value());
    }
    updateEventIndex();
    const qint64 articles = stats ? stats->articles : 0;
    if (articles == 0) {
        mTable->setEmptyMessage(
            tr("<h3>This database is empty</h3><p>%1 holds no articles yet.</p>"
               "<p>Import news articles with File &gt; Import Articles (Ctrl+I), or run<br>"
               "<code>mapline import --db \"%1\" FILE...</code></p>").arg(mStore->path().toHtmlEscaped()));
    } else {
        mTable->setEmptyMessage(
            tr("<h3>No events yet</h3><p>%1 stored, but no events were found in %2.</p>")
                .arg(counted(articles, "article is", "articles are"), articles == 1 ? tr("it") : tr("them")));
    }
    QString status = counted(mModel->rowCount(), "event", "events");
    if (stats && stats->firstDate.isValid())
        status += tr(" from %1 to %2").arg(stats->firstDate.toString(Qt::ISODate), stats->lastDate.toString(Qt::ISODate));
    status += QStringLiteral(" · ") + counted(articles, "article", "articles");
    mStatus->setText(status);
}

void MainWindow::newDatabase()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("New Database"), QDir::homePath() + "/events.sqlite",
                                                      kFileFilter);
    if (path.isEmpty())
        return;
    if (QFileInfo::exists(path)) {
        QMessageBox::warning(this, tr("New Database"),
                             tr("%1 already exists. Open it with File > Open Database, or choose another name.")
                                 .arg(path));
        return;
    }
    openDatabase(path);
}

void MainWindow::openDatabaseDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Database"), QFileInfo(databasePath()).path(),
                                                      kFileFilter);
    if (!path.isEmpty())
        openDatabase(path);
}

void MainWindow::importArticles()
{
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Import Articles"), QDir::homePath(), tr("News articles (*.txt *.text *.htm *.html);;All files (*)"));
    if (!files.isEmpty())
        importFiles(files);
}

void MainWindow::importFiles(const QStringList &paths)
{
    if (!mStore)
        return;
    const QStringList files = collectArticleFiles(paths);
    QProgressDialog progress(tr("Importing articles..."), tr("Cancel"), 0, int(files.size()), this);
    progress.setWindowModality(Qt::WindowModal);
    progress.setMinimumDuration(300);
    ArticleImporter importer(*mStore, {});
    ArticleImporter::Summary summary;
    QStringList failures;
    for (int i = 0; i < files.size() && !progress.wasCanceled(); ++i) {
        progress.setValue(i);
        progress.setLabelText(tr("Importing %1...").arg(QFileInfo(files[i]).fileName()));
        const auto result = importer.importFile(files[i]);
        summary.add(result);
        if (result.status == ArticleImporter::FileResult::Status::Failed)
            failures << result.error;
    }
    progress.setValue(int(files.size()));
    reload();
    const QString text = tr("%1 imported, %2 unchanged, %3 failed; %4 events.")
                             .arg(summary.imported).arg(summary.duplicates).arg(summary.failed).arg(summary.events);
    if (failures.isEmpty()) {
        statusBar()->showMessage(text, 10000);
    } else {
        QMessageBox box(QMessageBox::Warning, tr("Import"), text, QMessageBox::Ok, this);
        box.setDetailedText(failures.join(QLatin1Char('\n')));
        box.exec();
    }
}

void MainWindow::about()
{
    QMessageBox::about(this, tr("About Mapline"),
                       tr("<h3>Mapline %1</h3><p>Conflict events from news, on an offline map.</p>"
                          "<p>Map data: Natural Earth (public domain). Place names: GeoNames (CC BY 4.0).</p>")
                           .arg(QStringLiteral(MAPLINE_VERSION)));
}

void MainWindow::addRecent(const QString &path)
{
    QSettings settings;
    QStringList recent = settings.value(kRecentKey).toStringList();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    recent.removeAll(absolute);
    recent.prepend(absolute);
    while (recent.size() > kMaxRecent)
        recent.removeLast();
    settings.setValue(kRecentKey, recent);
    updateRecentMenu();
}

void MainWindow::updateRecentMenu()
{
    mRecentMenu->clear();
    const QStringList recent = QSettings().value(kRecentKey).toStringList();
    for (const QString &path : recent) {
        QAction *action = mRecentMenu->addAction(QDir::toNativeSeparators(path));
        connect(action, &QAction::triggered, this, [this, path] { openDatabase(path); });
    }
    mRecentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    event->accept();
}

} // namespace mapline
