#include "mainwindow.h"

#include "eventtablemodel.h"
#include "eventtableview.h"
#include "store/articleimporter.h"
#include "store/eventstore.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressDialog>
#include <QSettings>
#include <QStatusBar>

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
    , mStatus(new QLabel(this))
{
    setWindowTitle(QStringLiteral("Mapline"));
    mTable->setModel(mModel);
    setCentralWidget(mTable);
    statusBar()->addPermanentWidget(mStatus);
    createActions();
    updateRecentMenu();
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1200, 760);
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
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Mapline"), this, &MainWindow::about);
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
