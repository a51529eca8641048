#include "mainwindow.h"

#include "eventtablemodel.h"
#include "eventtableview.h"
#include "geo/basemap.h"
#include "layerpanel.h"
#include "mapcanvas.h"
#include "opensharedialog.h"
#include "readstore.h"
#include "store/pg/pgconnection.h"
#include "qt/placecompletionmodel.h"
#include "workspace.h"

#include <QAction>
#include <QActionGroup>
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
#include <QScreen>
#include <QSettings>
#include <QStatusBar>
#include <QToolBar>

#include <algorithm>

namespace mapline {
namespace {
constexpr int kMaxRecent = 8;

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

    auto basemap = Basemap::load(Basemap::defaultPath());
    if (basemap)
        mMap->setBasemap(basemap.value());
    else
        statusBar()->showMessage(tr("No basemap: %1").arg(basemap.error()));
    connect(mMap, &MapCanvas::cursorPositionChanged, this, [this](const QGeoCoordinate &c) {
        mCursor->setText(c.isValid() ? PlaceCompletionModel::formatCoordinate(c) : QString());
    });
    mCursor->setMinimumWidth(150);
    mCursor->setToolTip(tr("Latitude and longitude under the cursor (WGS 84)"));
    statusBar()->addPermanentWidget(mCursor);
    // Selection, tooltips, the time window and the data flow are the workspace's; it adds the
    // timeline, details and filters docks before the saved layout is restored below.
    mWorkspace = new Workspace(*this, *mMap, *mTable, *mModel);
    createActions();
    updateRecentMenu();
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        firstGeometry();
    if (!restoreState(settings.value(QStringLiteral("window/state")).toByteArray()))
        defaultLayout();
    fitToScreen();
}

void MainWindow::firstGeometry()
{
    // A laptop screen is used whole (maximised); a large one gets most of its area.
    const QScreen *s = screen();
    if (!s) {
        resize(1200, 760);
        return;
    }
    const QRect available = s->availableGeometry();
    if (available.width() > 1600 && available.height() > 1000) {
        resize((QSizeF(available.size()) * 0.88).toSize());
        move(available.center() - rect().center());
        return;
    }
    setGeometry(available);
    setWindowState(windowState() | Qt::WindowMaximized);
}

void MainWindow::resetLayout()
{
    mWorkspace->placeDocks();
    defaultLayout();
}

void MainWindow::defaultLayout()
{
    // The map gets most of the room; the right column is wide enough for a sentence to wrap
    // comfortably; timeline and table share what the map leaves below it.
    const QSize s = size();
    const int side = std::clamp(s.width() * 26 / 100, 260, 420);
    mWorkspace->detailsDock()->raise();
    resizeDocks({mWorkspace->detailsDock()}, {side}, Qt::Horizontal);
    // Under the map: the timeline at its natural height, the table the rest, which is 8 rows at
    // 1280x800 and 12 at 1600x1000 (rows are a line of text high).
    const int below = std::clamp(s.height() * 47 / 100, 220, 560);
    const int timeline = std::min(165, below * 45 / 100);
    resizeDocks({mWorkspace->timelineDock(), mTableDock}, {timeline, below - timeline}, Qt::Vertical);
}

void MainWindow::fitToScreen()
{
    // A geometry saved on a larger screen (or with docks that grew) must not put part of the
    // window off this one: shrink it to the available area and move it inside.
    const QScreen *s = screen();
    if (!s || isMaximized() || isFullScreen())
        return;
    const QRect available = s->availableGeometry();
    const QSize frame = frameGeometry().size() - geometry().size(); // title bar and borders, once known
    const QSize fitted = size().boundedTo(available.size() - frame).expandedTo(minimumSizeHint());
    if (fitted != size())
        resize(fitted);
    QPoint at = frameGeometry().topLeft();
    at.setX(std::clamp(at.x(), available.left(), std::max(available.left(), available.right() + 1 - frameGeometry().width())));
    at.setY(std::clamp(at.y(), available.top(), std::max(available.top(), available.bottom() + 1 - frameGeometry().height())));
    if (at != frameGeometry().topLeft())
        move(at);
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->setToolTipsVisible(true); // the disabled actions of a shared store say why
    QAction *newAction = file->addAction(tr("&New Database..."), this, &MainWindow::newDatabase);
    newAction->setShortcut(QKeySequence::New);
    QAction *open = file->addAction(tr("&Open Database..."), this, &MainWindow::openDatabaseDialog);
    open->setShortcut(QKeySequence::Open);
    QAction *openShared = file->addAction(tr("Open &Shared Database..."), this, [this] { openSharedDialog(); });
    openShared->setObjectName(QStringLiteral("openSharedAction"));
    openShared->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    openShared->setStatusTip(tr("Open a team's store on a PostgreSQL server"));
    mRecentMenu = file->addMenu(tr("Open &Recent"));
    mRecentMenu->setToolTipsVisible(true);
    file->addSeparator();
    mImportAction = file->addAction(tr("&Import Articles..."), this, &MainWindow::importArticles);
    mImportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    QAction *importFolder = file->addAction(tr("Import &Folder..."), this, [this] {
        // Every article in it and its subfolders.
        const QString folder = QFileDialog::getExistingDirectory(this, tr("Import a Folder of Articles"), QDir::homePath());
        if (!folder.isEmpty())
            importFiles({folder});
    });
    importFolder->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I));
    QAction *addLayer = file->addAction(tr("Add &Layer..."), mLayers, &LayerPanel::addLayers);
    addLayer->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    file->insertActions(quit, mWorkspace->exportActions());
    file->insertSeparator(quit);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    QMenu *view = menuBar()->addMenu(tr("&View"));
    createMapActions(view);
    QMenu *time = menuBar()->addMenu(tr("&Time"));
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    mWorkspace->populateMenus(nullptr, edit, time, view, help);
    help->addSeparator();
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
    // Happenings or Reports (docs/FUSION.md), also in the toolbar: what the map, timeline and table count.
    view->addActions(mWorkspace->unitActions());
    QToolBar *display = addToolBar(tr("Display"));
    display->setObjectName(QStringLiteral("displayToolBar"));
    display->setMovable(false);
    display->setToolButtonStyle(Qt::ToolButtonTextOnly);
    display->addWidget(new QLabel(tr(" Show: "), display));
    display->addActions(mWorkspace->unitActions());
    view->addSeparator();
    QAction *heat = view->addAction(tr("&Heat Map"));
    heat->setCheckable(true);
    heat->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_H));
    connect(heat, &QAction::toggled, mMap, &MapCanvas::setHeatMap);
    // How dates shade the symbols: a range is always drawn by the share of it in the window;
    // age on top, faded or coloured (kepler.gl colours by time).
    QMenu *byDate = view->addMenu(tr("Symbols by &Date"));
    auto *dateStyles = new QActionGroup(byDate);
    const std::pair<QString, EventTimeStyle::Mode> styles[] = {
        {tr("&Type Colours (Ranges by Their Share)"), EventTimeStyle::Mode::Plain},
        {tr("&Fade Older Events"), EventTimeStyle::Mode::FadeByAge},
        {tr("&Colour by Age in the Window"), EventTimeStyle::Mode::ColourByAge},
    };
    const char *names[] = {"timeStylePlain", "timeStyleFade", "timeStyleColour"};
    int n = 0;
    for (const auto &[text, mode] : styles) {
        QAction *a = byDate->addAction(text);
        a->setObjectName(QString::fromLatin1(names[n++]));
        a->setCheckable(true);
        a->setChecked(mode == EventTimeStyle::Mode::Plain);
        dateStyles->addAction(a);
        connect(a, &QAction::triggered, mMap, [this, mode = mode] { mMap->setTimeStyle(mode); });
    }
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
    QAction *reset = view->addAction(tr("&Reset Layout"), this, &MainWindow::resetLayout);
    reset->setObjectName(QStringLiteral("resetLayoutAction"));
}

bool MainWindow::openDatabase(const QString &path, bool quiet, const QByteArray &password)
{
    const bool shared = pg::isUrl(path);
    if (shared && !quiet && password.isEmpty()) {
        // A server that asks for a password (or refuses the store) is answered in the dialog,
        // where the analyst can type one or fix the connection.
        bool needsPassword = false;
        auto probe = cli::ReadStore::open(path, {}, &needsPassword);
        if (!probe) {
            openSharedDialog(path, OpenSharedDialog::explain(probe.error(), needsPassword, path), needsPassword);
            return mWorkspace->databasePath() == path;
        }
    }
    if (!mWorkspace->openDatabase(path, quiet, password))
        return false;
    // The URL as given (it never holds a password); a file by its absolute path.
    const QString key = shared ? path : QFileInfo(path).absoluteFilePath();
    addRecent(key);
    QSettings().setValue(QStringLiteral("lastDatabase"), key);
    setWindowTitle(QStringLiteral("%1 — Mapline").arg(shared ? OpenSharedDialog::describe(path) : QFileInfo(path).fileName()));
    return true;
}

void MainWindow::openSharedDialog(const QString &url, const QString &message, bool askPassword)
{
    OpenSharedDialog dialog(this);
    if (!url.isEmpty())
        dialog.setUrl(url, message, askPassword);
    else if (const QString last = QSettings().value(QStringLiteral("lastSharedDatabase")).toString(); pg::isUrl(last))
        dialog.setUrl(last);
    if (dialog.exec() != QDialog::Accepted)
        return;
    QSettings().setValue(QStringLiteral("lastSharedDatabase"), dialog.url());
    openDatabase(dialog.url(), false, dialog.password());
}

QString MainWindow::databasePath() const
{
    return mWorkspace->databasePath();
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
    const QString folder = mWorkspace->isShared() ? QDir::homePath() : QFileInfo(databasePath()).path();
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Database"), folder,
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
    // On a worker thread, with progress and Cancel in the status bar; asks for a publication
    // date and source first when the files carry none.
    mWorkspace->importFiles(paths);
}

void MainWindow::about()
{
    QMessageBox::about(this, tr("About Mapline"),
                       tr("<h3>Mapline %1</h3><p>Conflict events from news, on an offline map.</p>"
                          "<p>Map data: Natural Earth (public domain); rivers and lakes: GSHHG/WDBII (LGPL 3); airports: "
                          "OpenFlights (ODbL 1.0); shaded relief: NASA SRTM30 by way of KDE Marble (LGPL 2.1+). "
                          "Place names: GeoNames (CC BY 4.0).</p>")
                           .arg(QStringLiteral(MAPLINE_VERSION)));
}

void MainWindow::addRecent(const QString &path)
{
    QSettings settings;
    QStringList recent = settings.value(kRecentKey).toStringList();
    const QString absolute = pg::isUrl(path) ? path : QFileInfo(path).absoluteFilePath();
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
        const bool shared = pg::isUrl(path);
        QAction *action = mRecentMenu->addAction(shared ? OpenSharedDialog::describe(path) : QDir::toNativeSeparators(path));
        if (shared)
            action->setToolTip(path);
        connect(action, &QAction::triggered, this, [this, path] { openDatabase(path); });
    }
    mRecentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    mWorkspace->saveSettings();
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    event->accept();
}

} // namespace mapline
