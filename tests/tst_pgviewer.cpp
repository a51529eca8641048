// The viewer on a team's PostgreSQL store (issue 19): the workspace opened on a store copied by
// `mapline copy` from a SQLite file shows what it shows on the file (the counts, every cell of
// the table, the details of an event and of a happening, the map's pixels); File > Open Shared
// Database builds the URL from its fields and never lets a password reach the settings; a database
// that holds no Mapline store, or no database at all, gets a message that says so. The analyst's
// corrections (of events and of control) are written to the server with her name, the index
// brought up to date from the change log, undo included; two analysts' conflict is said; a role
// that may only read is refused with the server's reason, nothing half-written. A real server
// (tests/support/pgserver.*), offscreen.
#include "control/controlcorrection.h"
#include "controlcontroller.h"
#include "corrections/controleditor.h"
#include "corrections/correctioneditor.h"
#include "corrections/correctionstore.h"
#include "eventdetailsview.h"
#include "eventtablemodel.h"
#include "exportanimationdialog.h"
#include "exportdatadialog.h"
#include "importworker.h"
#include "mainwindow.h"
#include "opensharedialog.h"
#include "pgimports.h"
#include "pgserver.h"
#include "readstore.h"
#include "sharedstorewatcher.h"
#include "store/pg/pgconnection.h"
#include "testsupport.h"
#include "timeline/timeaxis.h"
#include "timeline/timelinemodel.h"
#include "workspacewindow.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QImageReader>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QProcess>
#include <QPushButton>
#include <QLineEdit>
#include <QSettings>
#include <QSpinBox>
#include <QStatusBar>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QtTest>

using namespace mapline;
using test::runMapline;

// Outside the anonymous namespace: the test class's lambdas capture it (GCC's -Wsubobject-linkage
// in the ci preset's unity build).
struct Viewer : test::WorkspaceWindow {
    // Opens `database`, shows all of 2001 and the same view of the map as every other Viewer.
    bool openAll(const QString &database)
    {
        if (!open(database))
            return false;
        QSignalSpy reloaded(workspace.get(), &Workspace::tableReloaded);
        workspace->timeline()->setWindow(QDate(2001, 1, 1), QDate(2020, 12, 31));
        if (!reloaded.wait(20000))
            return false;
        map->setView(QGeoCoordinate(34.5, 67.0), 2500.0);
        return true;
    }
    QImage mapImage()
    {
        window.show();
        if (!QTest::qWaitFor([this] { return !map->isRendering(); }, 20000))
            return {};
        QTest::qWait(50);
        if (!QTest::qWaitFor([this] { return !map->isRendering(); }, 20000))
            return {};
        return map->grab().toImage();
    }
    QStringList tableRows() const
    {
        QStringList rows;
        for (int r = 0; r < model->rowCount(); ++r) {
            QStringList cells;
            for (int c = 0; c < model->columnCount(); ++c)
                cells << model->index(r, c).data(Qt::DisplayRole).toString();
            rows << cells.join(QLatin1Char('|'));
        }
        return rows;
    }
    QString detailsText(qint64 eventId)
    {
        workspace->selectEvent(eventId);
        auto *browser = workspace->details()->findChild<QTextBrowser *>(QStringLiteral("detailsText"));
        return browser ? browser->toPlainText() : QString();
    }
};

namespace {

// The first event of the table that an article tells (a dataset's row has no sentence to keep a
// correction with).
qint64 articleEvent(Viewer &v)
{
    for (int r = 0; r < v.model->rowCount(); ++r) {
        const Event *e = v.model->eventAt(r);
        if (!e)
            continue;
        const auto record = v.workspace->reader()->datasetRecord(e->id);
        if (record && !record.value())
            return e->id;
    }
    return 0;
}

} // namespace

class TestPgViewer : public QObject {
    Q_OBJECT

private:
    test::PgServer mServer;
    QTemporaryDir mDir;
    QString mSqlite;
    QString mUrl;
    QString mTemplate; // a pristine copy of mUrl's database, nobody connects to: copies are made from it

    // A store of its own for a case that writes to it (CREATE DATABASE ... TEMPLATE: milliseconds).
    QString copyOfTheStore()
    {
        return mServer.copyDatabase(mServer.url(mTemplate));
    }
    // Another analyst's connection, on the store's schema.
    static std::unique_ptr<pg::PgConnection> analyst(const QString &url)
    {
        auto c = pg::PgConnection::open(url);
        if (!c || !c.value()->exec(QStringLiteral("SET search_path = mapline, public"), QStringLiteral("test")))
            return nullptr;
        return std::move(c).value();
    }
    // An event's type as the viewer's index holds it; empty when not indexed.
    static QString indexedType(const Viewer &v, qint64 id)
    {
        const auto index = v.workspace->index();
        const int row = index ? index->rowOfId(id) : -1;
        return row < 0 ? QString() : index->typeNames().value(index->typeId(row));
    }
    // Waits until the viewer's watcher listens (its connection opens on a worker).
    static bool listening(const Viewer &v)
    {
        return QTest::qWaitFor([&v] { return v.workspace->liveWatcher()->state() == SharedStoreWatcher::State::Listening; },
                               20000);
    }

    // One value read from the store on the server (as its superuser), "failed" when it cannot.
    QString serverValue(const QString &sql) const
    {
        auto c = pg::PgConnection::open(mUrl);
        if (!c || !c.value()->exec(QStringLiteral("SET search_path = mapline, public"), QString()))
            return QStringLiteral("no connection");
        const auto r = c.value()->query(sql, QString());
        return r && r->rows() == 1 ? r->string(0, 0) : QStringLiteral("failed");
    }
    bool adminExec(const QString &sql) const
    {
        auto c = pg::PgConnection::open(mUrl);
        if (!c)
            return false;
        const Status s = c.value()->exec(sql, QStringLiteral("setting up a role"));
        if (!s)
            qWarning().noquote() << s.error();
        return bool(s);
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("MaplineTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_pgviewer"));
        QSettings().clear();
        MAPLINE_START_PG_SERVER(mServer);
        QVERIFY(mDir.isValid());
        qputenv("MAPLINE_INDEX_CACHE", mDir.filePath(QStringLiteral("cache")).toUtf8());
        mSqlite = mDir.filePath(QStringLiteral("store.sqlite"));
        const auto imported = runMapline({QStringLiteral("import"), QStringLiteral("--db"), mSqlite,
                                          test::testData(QStringLiteral("articles")),
                                          test::testData(QStringLiteral("datasets/acled-afghanistan-2020.csv"))});
        QVERIFY2(imported.exitCode <= 1 && !imported.crashed, imported.err.constData());
        mUrl = mServer.createDatabase();
        QVERIFY2(!mUrl.isEmpty(), qPrintable(mServer.error()));
        const auto copied = runMapline({QStringLiteral("copy"), QStringLiteral("--from"), mSqlite, QStringLiteral("--to"), mUrl});
        QVERIFY2(copied.exitCode == 0, copied.err.constData());
        mTemplate = QStringLiteral("viewer_template");
        auto admin = pg::PgConnection::open(mServer.url(QStringLiteral("postgres")));
        QVERIFY(admin);
        const QString source = mUrl.section(QLatin1Char('/'), 3).section(QLatin1Char('?'), 0, 0);
        QVERIFY(admin.value()->exec(QStringLiteral("CREATE DATABASE %1 TEMPLATE %2").arg(mTemplate, source), QString()));
    }

    // Another analyst's `mapline import` reaches the viewer's index and table by itself (LISTEN,
    // then the delta), nobody pressing F5; the status bar says what arrived.
    void othersImportsArriveByThemselves()
    {
        const QString url = copyOfTheStore();
        QVERIFY(!url.isEmpty());
        Viewer v;
        QVERIFY(v.openAll(url));
        QVERIFY(listening(v));
        QVERIFY(v.window.findChild<QLabel *>(QStringLiteral("liveStatus"))->isVisibleTo(&v.window));
        const auto before = v.workspace->index();
        QSet<qint64> shown;
        for (int r = 0; r < v.model->rowCount(); ++r)
            shown.insert(v.model->eventAt(r)->id);
        // The analyst reads the table from its 30th row: the rows that arrive do not move it.
        QTableView *table = v.table->table();
        v.window.show();
        table->scrollTo(table->model()->index(30, 0), QAbstractItemView::PositionAtTop);
        const qint64 topId = table->model()->index(table->rowAt(0), 0).data(EventTableModel::EventIdRole).toLongLong();
        QVERIFY(topId > 0);
        const auto imported = runMapline({QStringLiteral("import"), QStringLiteral("--db"), url,
                                          test::testData(QStringLiteral("datasets/gdelt1-20011125.export.CSV"))});
        QVERIFY2(imported.exitCode <= 1 && !imported.crashed, imported.err.constData());
        QVERIFY(QTest::qWaitFor([&] { return v.workspace->index() != before && !v.workspace->isLoading(); }, 30000));
        QVERIFY(v.workspace->index()->size() > before->size());
        const QString note = v.window.statusBar()->currentMessage();
        QVERIFY2(note.contains(QStringLiteral("changed by others")), qPrintable(note));
        // The index equals a whole load of the store now; the table lists the new events.
        auto fresh = cli::ReadStore::open(url);
        QVERIFY2(fresh, qPrintable(fresh.error()));
        IndexLoadOptions options = IndexLoadOptions::withGazetteer();
        options.persistent = false;
        const auto whole = fresh.value()->loadIndex(options);
        QVERIFY2(whole, qPrintable(whole.error()));
        QCOMPARE(v.workspace->index()->size(), whole.value()->size());
        QVERIFY(QTest::qWaitFor([&] {
            for (int r = 0; r < v.model->rowCount(); ++r)
                if (!shown.contains(v.model->eventAt(r)->id))
                    return true;
            return false;
        }, 20000));
        QCOMPARE(table->model()->index(table->rowAt(0), 0).data(EventTableModel::EventIdRole).toLongLong(), topId);
    }

    // A burst of commits (one event changed per transaction, the viewer's event loop running
    // between them, so the notices arrive one by one) costs a bounded number of refreshes, at most
    // one a refresh interval (1.5 s), and the last change is shown; the selection, the table's
    // top row and the map's view stay.
    void burstOfCommitsRefreshesBoundedly()
    {
        const QString url = copyOfTheStore();
        QVERIFY(!url.isEmpty());
        Viewer v;
        QVERIFY(v.openAll(url));
        QVERIFY(listening(v));
        QVERIFY(v.model->rowCount() > 20);
        QTableView *table = v.table->table();
        v.window.show();
        table->scrollTo(v.model->index(10, 0), QAbstractItemView::PositionAtTop);
        const auto idAt = [table](int row) { return table->model()->index(row, 0).data(EventTableModel::EventIdRole).toLongLong(); };
        const qint64 selected = idAt(12);
        v.workspace->selectEvent(selected);
        v.map->setView(QGeoCoordinate(33.0, 65.0), 900.0);
        const QPointF centre = v.map->settings().center();
        const int top = table->rowAt(0);
        QVERIFY(top >= 0);
        const qint64 topId = idAt(top);

        const auto index = v.workspace->index();
        QList<qint64> ids;
        for (qsizetype row = 0; row < index->size() && ids.size() < 60; ++row)
            if (index->typeNames().value(index->typeId(row)) != u"protest")
                ids << index->id(row);
        QCOMPARE(ids.size(), 60);
        auto other = analyst(url);
        QVERIFY(other);
        QSignalSpy loaded(v.workspace.get(), &Workspace::indexLoaded);
        QElapsedTimer burst;
        burst.start();
        for (const qint64 id : std::as_const(ids)) {
            QVERIFY(other->exec(QStringLiteral("UPDATE events SET type = 'protest' WHERE id = %1").arg(id), QStringLiteral("test")));
            QTest::qWait(10);
        }
        QVERIFY(QTest::qWaitFor([&] { return indexedType(v, ids.last()) == u"protest" && !v.workspace->isLoading(); }, 30000));
        // Every notice covered: no refresh due or running any more.
        QVERIFY(QTest::qWaitFor([&] { return !v.workspace->isLiveRefreshDue() && !v.workspace->isLoading(); }, 30000));
        const qint64 bound = 2 + burst.elapsed() / 1500;
        qInfo("%d refreshes for %d commits in %lld ms (bound %lld)", int(loaded.size()), int(ids.size()), burst.elapsed(), bound);
        QVERIFY2(loaded.size() >= 1 && loaded.size() <= bound,
                 qPrintable(QStringLiteral("%1 refreshes for %2 commits in %3 ms").arg(loaded.size()).arg(ids.size()).arg(burst.elapsed())));
        for (const qint64 id : std::as_const(ids))
            QCOMPARE(indexedType(v, id), QStringLiteral("protest"));
        QCOMPARE(v.workspace->selectedEventId(), selected);
        QCOMPARE(table->currentIndex().data(EventTableModel::EventIdRole).toLongLong(), selected);
        QCOMPARE(idAt(table->rowAt(0)), topId);
        QCOMPARE(v.map->settings().center(), centre);
        QCOMPARE(v.map->settings().metresPerPixel(), 900.0);
    }

    // The notice of a commit the viewer has already loaded (its own, refreshed at once) finds
    // nothing new: no second load of the index.
    void ownWritesCauseNoSecondRefresh()
    {
        const QString url = copyOfTheStore();
        QVERIFY(!url.isEmpty());
        Viewer v;
        QVERIFY(v.openAll(url));
        QVERIFY(listening(v));
        const qint64 id = v.workspace->index()->id(0);
        auto other = analyst(url);
        QVERIFY(other);
        QSignalSpy loaded(v.workspace.get(), &Workspace::indexLoaded);
        QSignalSpy notified(v.workspace->liveWatcher(), &SharedStoreWatcher::changed);
        QVERIFY(other->exec(QStringLiteral("UPDATE events SET type = 'protest' WHERE id = %1").arg(id), QStringLiteral("test")));
        v.workspace->refresh(); // what the viewer does after its own write
        QVERIFY(loaded.wait(20000));
        QCOMPARE(indexedType(v, id), QStringLiteral("protest"));
        QVERIFY(notified.wait(20000) || !notified.isEmpty());
        // The notice's refresh runs (a check on a worker) and ends without a new index.
        QVERIFY(QTest::qWaitFor([&] { return !v.workspace->isLiveRefreshDue() && !v.workspace->isLoading(); }, 20000));
        QCOMPARE(loaded.size(), 1);
    }

    // The server closes the watcher's connection: the status bar says so, the watcher reconnects
    // by itself, and what is committed afterwards still arrives.
    void reconnectsAfterTheConnectionIsLost()
    {
        const QString url = copyOfTheStore();
        QVERIFY(!url.isEmpty());
        Viewer v;
        QVERIFY(v.openAll(url));
        QVERIFY(listening(v));
        auto other = analyst(url);
        QVERIFY(other);
        QSignalSpy states(v.workspace->liveWatcher(), &SharedStoreWatcher::stateChanged);
        const auto killed = other->query(QStringLiteral("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE "
                                                        "datname = current_database() AND query = 'LISTEN mapline_changes'"),
                                         QStringLiteral("test"));
        QVERIFY2(killed && killed->int64(0, 0) == 1, killed ? "no listening connection" : qPrintable(killed.error()));
        QVERIFY(QTest::qWaitFor([&] { return v.workspace->liveWatcher()->state() == SharedStoreWatcher::State::Reconnecting; },
                                20000));
        const QString note = v.window.statusBar()->currentMessage();
        QVERIFY2(note.contains(QStringLiteral("Lost the connection to the shared store")), qPrintable(note));
        QVERIFY(listening(v));
        const qint64 id = v.workspace->index()->id(1);
        QVERIFY(other->exec(QStringLiteral("UPDATE events SET type = 'protest' WHERE id = %1").arg(id), QStringLiteral("test")));
        QVERIFY(QTest::qWaitFor([&] { return indexedType(v, id) == u"protest"; }, 30000));
    }

    // The server cuts every connection (a restart, an idle connection dropped by a firewall): the
    // viewer's own reads (the details panel's article, the table's page, the search, the refresh's
    // change counter) open their connection again by themselves instead of failing until the
    // store is opened again.
    void readsOnAfterEveryConnectionIsCut()
    {
        Viewer v;
        QVERIFY(v.openAll(mUrl));
        const qint64 id = articleEvent(v);
        QVERIFY(id > 0);
        const QString before = v.detailsText(id);
        QVERIFY(!before.isEmpty());
        auto admin = analyst(mUrl);
        QVERIFY(admin);
        const auto cut = [&admin] {
            const auto r = admin->query(QStringLiteral("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE "
                                                       "datname = current_database() AND pid <> pg_backend_pid() AND "
                                                       "backend_type = 'client backend'"),
                                        QStringLiteral("test"));
            return r && r->int64(0, 0) >= 1;
        };
        cli::ReadStore *read = v.workspace->reader();
        QVERIFY(cut());
        const auto events = read->eventsByIds({id});
        QVERIFY2(events, qPrintable(events.error()));
        QCOMPARE(events->size(), 1);
        QVERIFY(cut());
        const auto article = read->article(events->first().articleId);
        QVERIFY2(article, qPrintable(article.error()));
        QVERIFY(!article->sentences.isEmpty());
        QVERIFY(cut());
        const auto found = read->searchIds(QStringLiteral("Kunduz OR Kandahar OR Kabul"));
        QVERIFY2(found, qPrintable(found.error()));
        QVERIFY(cut());
        qint64 streamed = 0;
        const Status all = read->forEachEvent({}, [&streamed](Event &&) { return ++streamed > 0; });
        QVERIFY2(all, qPrintable(all.error()));
        QCOMPARE(streamed, test::pgCount(mUrl, QStringLiteral("SELECT count(*) FROM events")));
        QVERIFY(cut());
        v.workspace->refresh(); // the change counter read again on a new connection: nothing changed
        QVERIFY2(v.window.statusBar()->currentMessage().contains(QStringLiteral("Nothing changed")),
                 qPrintable(v.window.statusBar()->currentMessage()));
        QVERIFY(cut());
        v.workspace->selectEvent(0);
        QCOMPARE(v.detailsText(id), before);
    }

    // File > Import on a shared store: articles and a dataset through the importers `mapline
    // import --db URL` uses, on the import worker with its Cancel; the index then brought up to
    // date by one delta refresh (the notices of the import's own commits cause no second one).
    void importsFromTheViewer()
    {
        const QString url = copyOfTheStore();
        QVERIFY(!url.isEmpty());
        Viewer v;
        QVERIFY(v.openAll(url));
        QVERIFY(listening(v));
        const QString countArticles = QStringLiteral("SELECT count(*) FROM articles");
        const qint64 articlesBefore = test::pgCount(url, countArticles);
        QVERIFY(articlesBefore > 0);
        const QString countDatasets = QStringLiteral("SELECT count(*) FROM datasets");
        const qint64 datasetsBefore = test::pgCount(url, countDatasets);
        QTemporaryDir dir;
        QStringList files = test::writeArticles(dir.path(), 3);
        QCOMPARE(files.size(), 3);
        files << test::testData(QStringLiteral("datasets/gdelt1-20011125.export.CSV"));
        // A message box instead of an import (as before the viewer imported into a server) would
        // wait for a click: closed, so that the case fails instead of hanging.
        const auto closeModal = [] {
            if (QWidget *modal = QApplication::activeModalWidget())
                modal->close();
        };
        QSignalSpy finished(v.workspace.get(), &Workspace::importFinished);

        // Cancelled before its first file: nothing imported, said so.
        QTimer::singleShot(3000, closeModal);
        v.workspace->importFiles(files, ParseOptions{});
        v.workspace->cancelImport();
        QVERIFY(finished.wait(60000));
        ImportReport report = finished.takeFirst().at(0).value<ImportReport>();
        QVERIFY2(report.fatal.isEmpty(), qPrintable(report.fatal));
        QVERIFY(report.cancelled);
        QCOMPARE(test::pgCount(url, countArticles), articlesBefore + report.summary.imported);
        QVERIFY(QTest::qWaitFor([&] { return !v.workspace->isLoading() && !v.workspace->isLiveRefreshDue(); }, 20000));

        // The whole import.
        QSignalSpy loaded(v.workspace.get(), &Workspace::indexLoaded);
        const qsizetype before = v.workspace->index()->size();
        QTimer::singleShot(3000, closeModal);
        v.workspace->importFiles(files, ParseOptions{});
        QVERIFY(v.workspace->isImporting());
        QVERIFY(finished.wait(120000));
        report = finished.takeFirst().at(0).value<ImportReport>();
        QVERIFY2(report.fatal.isEmpty() && report.failures.isEmpty(), qPrintable(report.fatal + report.failures.join(u'\n')));
        QCOMPARE(report.summary.imported, 4); // three articles and the dataset
        QCOMPARE(test::pgCount(url, countArticles), articlesBefore + 4); // a dataset's rows hang from an article row
        QCOMPARE(test::pgCount(url, countDatasets), datasetsBefore + 1);
        QVERIFY(QTest::qWaitFor([&] { return !v.workspace->isLoading() && !v.workspace->isLiveRefreshDue(); }, 30000));
        QCOMPARE(loaded.size(), 1);
        QVERIFY(v.workspace->index()->size() > before + report.summary.events / 2);
        auto fresh = cli::ReadStore::open(url);
        QVERIFY2(fresh, qPrintable(fresh.error()));
        IndexLoadOptions options = IndexLoadOptions::withGazetteer();
        options.persistent = false;
        const auto whole = fresh.value()->loadIndex(options);
        QVERIFY2(whole, qPrintable(whole.error()));
        QCOMPARE(v.workspace->index()->size(), whole.value()->size());
    }

    // An import into a store that cannot be reached fails with the server's reason, naming the
    // store by its URL (which never holds a password), and imports nothing.
    void importIntoAMissingDatabaseSaysWhich()
    {
        const QString missing = mServer.url(QStringLiteral("no_such_database"));
        QTemporaryDir dir;
        const QStringList files = test::writeArticles(dir.path(), 1);
        QCOMPARE(files.size(), 1);
        ImportWorker worker(missing, files, ParseOptions{});
        QSignalSpy finished(&worker, &ImportWorker::finished);
        worker.run();
        QCOMPARE(finished.size(), 1);
        const ImportReport report = finished.takeFirst().at(0).value<ImportReport>();
        QVERIFY2(report.fatal.contains(missing), qPrintable(report.fatal));
        QVERIFY2(report.fatal.contains(QStringLiteral("does not exist")), qPrintable(report.fatal));
        QCOMPARE(report.summary.imported, 0);
    }

    // The "two imports and a viewer on one PostgreSQL store": two analysts' `mapline import`
    // and the viewer's own File > Import at once, over overlapping folders. All three finish;
    // every article is stored once and whole (its events and sentences what one import alone
    // stores); the viewer's index, refreshed by itself, equals a full load.
    void importsBesideTwoOtherImports()
    {
        const QString url = copyOfTheStore();
        const QString alone = copyOfTheStore();
        QVERIFY(!url.isEmpty() && !alone.isEmpty());
        QTemporaryDir dir;
        const int total = 24;
        for (const char *sub : {"a", "b", "viewer", "all"})
            QVERIFY(QDir(dir.path()).mkpath(QLatin1String(sub)));
        const QStringList articles = test::writeArticles(dir.filePath(QStringLiteral("all")), total);
        QCOMPARE(articles.size(), total);
        // a: the first two thirds; b: the last two thirds, in the opposite order of names; the
        // viewer: every other one.
        for (int i = 0; i < total; ++i) {
            const QString name = QFileInfo(articles[i]).fileName();
            for (const QString &suffix : {QString(), QStringLiteral(".meta")}) {
                if (!QFileInfo::exists(articles[i] + suffix))
                    continue;
                if (i < total * 2 / 3)
                    QVERIFY(QFile::copy(articles[i] + suffix, dir.filePath(QStringLiteral("a/") + name + suffix)));
                if (i >= total / 3)
                    QVERIFY(QFile::copy(articles[i] + suffix,
                                        dir.filePath(QStringLiteral("b/z%1-").arg(total - i, 3, 10, QLatin1Char('0')) + name + suffix)));
                if (i % 2 == 0)
                    QVERIFY(QFile::copy(articles[i] + suffix, dir.filePath(QStringLiteral("viewer/") + name + suffix)));
            }
        }
        Viewer v;
        QVERIFY(v.openAll(url));
        QVERIFY(listening(v));
        QSignalSpy finished(v.workspace.get(), &Workspace::importFinished);
        QProcess a, b;
        a.start(QStringLiteral(MAPLINE_EXE), {QStringLiteral("import"), QStringLiteral("--db"), url, dir.filePath(QStringLiteral("a"))});
        b.start(QStringLiteral(MAPLINE_EXE), {QStringLiteral("import"), QStringLiteral("--db"), url, dir.filePath(QStringLiteral("b"))});
        // A message box instead of the import would wait for a click: closed, so the case fails.
        QTimer::singleShot(3000, [] {
            if (QWidget *modal = QApplication::activeModalWidget())
                modal->close();
        });
        v.workspace->importFiles({dir.filePath(QStringLiteral("viewer"))}, ParseOptions{});
        QVERIFY(v.workspace->isImporting());
        QVERIFY(finished.wait(180000));
        QVERIFY(a.waitForFinished(180000) && b.waitForFinished(180000));
        const ImportReport report = finished.takeFirst().at(0).value<ImportReport>();
        QVERIFY2(report.fatal.isEmpty() && report.failures.isEmpty(), qPrintable(report.fatal + report.failures.join(u'\n')));
        QCOMPARE(report.summary.imported + report.summary.duplicates, total / 2);
        QVERIFY2(a.exitCode() == 0 && b.exitCode() == 0, (a.readAllStandardError() + b.readAllStandardError()).constData());

        const QString countArticles = QStringLiteral("SELECT count(*) FROM articles");
        const auto one = runMapline({QStringLiteral("import"), QStringLiteral("--db"), alone, dir.filePath(QStringLiteral("all"))});
        QVERIFY2(one.exitCode == 0, one.err.constData());
        QCOMPARE(test::pgCount(url, countArticles), test::pgCount(alone, countArticles));
        QCOMPARE(test::pgCount(url, QStringLiteral("SELECT count(*) - count(DISTINCT content_hash) FROM articles")), qint64(0));
        const QString perArticle = QStringLiteral(
            "SELECT sum(hashtext(a.content_hash || ':' || (SELECT count(*) FROM events e WHERE e.article_id = a.id) || ':' || "
            "(SELECT count(*) FROM sentences s WHERE s.article_id = a.id))::bigint) FROM articles a");
        QCOMPARE(test::pgCount(url, perArticle), test::pgCount(alone, perArticle));
        QCOMPARE(test::eventsOf(url, false, true), test::eventsOf(alone, false, true));

        // The viewer has seen all three imports: the notices of the last commits gathered into a
        // refresh, then nothing more due.
        QTest::qWait(2000);
        QVERIFY(QTest::qWaitFor([&] { return !v.workspace->isLoading() && !v.workspace->isLiveRefreshDue(); }, 60000));
        auto fresh = cli::ReadStore::open(url);
        QVERIFY2(fresh, qPrintable(fresh.error()));
        IndexLoadOptions options = IndexLoadOptions::withGazetteer();
        options.persistent = false;
        const auto whole = fresh.value()->loadIndex(options);
        QVERIFY2(whole, qPrintable(whole.error()));
        const auto &shown = *v.workspace->index();
        QCOMPARE(shown.size(), whole.value()->size());
        for (qsizetype row = 0; row < shown.size(); ++row)
            QCOMPARE(shown.id(row), whole.value()->id(row));
    }

    // Where LISTEN cannot work (a pooler), the change log is polled instead.
    void pollsWhenItCannotListen()
    {
        const QString url = copyOfTheStore();
        QVERIFY(!url.isEmpty());
        Viewer v;
        v.workspace->liveWatcher()->setListenEnabled(false);
        v.workspace->liveWatcher()->setPollInterval(300);
        QVERIFY(v.openAll(url));
        QVERIFY(QTest::qWaitFor([&] { return v.workspace->liveWatcher()->state() == SharedStoreWatcher::State::Polling; },
                                20000));
        const qint64 id = v.workspace->index()->id(2);
        auto other = analyst(url);
        QVERIFY(other);
        QVERIFY(other->exec(QStringLiteral("UPDATE events SET type = 'protest' WHERE id = %1").arg(id), QStringLiteral("test")));
        QVERIFY(QTest::qWaitFor([&] { return indexedType(v, id) == u"protest"; }, 30000));
    }

    // The same counts, table, details and map from the file and from the server.
    void sharedStoreShowsWhatTheFileShows()
    {
        Viewer file, shared;
        QVERIFY(file.openAll(mSqlite));
        QVERIFY(shared.openAll(mUrl));
        QVERIFY(shared.workspace->isShared());
        QVERIFY(!file.workspace->isShared());
        QVERIFY(shared.workspace->index());
        QVERIFY(file.workspace->index()->size() > 20);
        QCOMPARE(shared.workspace->index()->size(), file.workspace->index()->size());
        QCOMPARE(shared.workspace->index()->happeningCount(), file.workspace->index()->happeningCount());

        // Every cell of the table, in Happenings mode and in Reports mode.
        for (const Workspace::Unit unit : {Workspace::Unit::Happenings, Workspace::Unit::Reports}) {
            for (Viewer *v : {&file, &shared}) {
                if (v->workspace->unit() == unit)
                    continue;
                QSignalSpy reloaded(v->workspace.get(), &Workspace::tableReloaded);
                v->workspace->setUnit(unit);
                if (reloaded.isEmpty())
                    QVERIFY(reloaded.wait(20000));
            }
            const QStringList rows = file.tableRows();
            QVERIFY(rows.size() > 10);
            QCOMPARE(shared.tableRows(), rows);
        }

        // The details of an article's event (sentence with evidence, article), of a dataset's
        // (its record), and of a happening of several reports.
        const EventIndex &index = *file.workspace->index();
        qint64 articleEvent = 0, datasetEvent = 0;
        for (int r = 0; r < file.model->rowCount(); ++r) {
            const Event *e = file.model->eventAt(r);
            if (!e)
                continue;
            const auto record = file.workspace->reader()->datasetRecord(e->id);
            QVERIFY(record);
            if (record.value() && !datasetEvent)
                datasetEvent = e->id;
            if (!record.value() && !articleEvent)
                articleEvent = e->id;
        }
        QVERIFY(articleEvent > 0 && datasetEvent > 0);
        for (const qint64 id : {articleEvent, datasetEvent}) {
            const QString text = file.detailsText(id);
            QVERIFY(text.size() > 40);
            QCOMPARE(shared.detailsText(id), text);
        }
        qint64 happeningReport = 0;
        for (qsizetype row = 0; row < index.size() && !happeningReport; ++row)
            if (index.sources(row) > 1)
                happeningReport = index.id(row);
        QVERIFY(happeningReport > 0);
        const QString happening = file.detailsText(happeningReport);
        QVERIFY2(happening.contains(QStringLiteral("side by side")), qPrintable(happening));
        // The same, the links that split a report out included (the shared store is edited too).
        QVERIFY(happening.contains(QStringLiteral(" · split out")));
        QCOMPARE(shared.detailsText(happeningReport), happening);

        // The map: the same pixels (the selection drawn on neither).
        file.workspace->selectEvent(0);
        shared.workspace->selectEvent(0);
        const QImage a = file.mapImage();
        const QImage b = shared.mapImage();
        QVERIFY(!a.isNull());
        QCOMPARE(b.size(), a.size());
        QVERIFY(b == a);
    }

    // A text search goes through PostgreSQL's text search and keeps the same events.
    void searchFiltersTheSame()
    {
        const auto file = cli::ReadStore::open(mSqlite);
        const auto shared = cli::ReadStore::open(mUrl);
        QVERIFY(file && shared);
        const auto a = file.value()->searchIds(QStringLiteral("surrender OR fighting"));
        const auto b = shared.value()->searchIds(QStringLiteral("surrender OR fighting"));
        QVERIFY(a && b);
        QVERIFY(!a->isEmpty());
        QCOMPARE(*b, *a);
    }

    // On a shared store the viewer edits as on a file: every correction (Discard included) and the
    // merges and splits of the Edit menu and the context menu are enabled. File > Export Data
    // writes the server's events as `mapline export --db URL` does; what is not built yet (the
    // animation export) is disabled and says why.
    void editsAndExportsEnabled()
    {
        Viewer shared;
        QVERIFY(shared.openAll(mUrl));
        QVERIFY(!shared.workspace->store());
        QVERIFY(shared.workspace->correctionStore());
        const qint64 id = articleEvent(shared);
        QVERIFY(id > 0);
        shared.workspace->selectEvent(id);
        for (QAction *a : shared.workspace->details()->correctionActions())
            QVERIFY2(a->isEnabled(), qPrintable(a->text()));
        for (const char *name : {"markMergeAction", "splitReportAction"}) {
            QAction *a = shared.workspace->findChild<QAction *>(QLatin1String(name));
            QVERIFY2(a && a->isEnabled(), name);
            QVERIFY2(!a->toolTip().contains(QStringLiteral("shared")), qPrintable(a->toolTip()));
        }
        QAction *exportData = shared.workspace->exportActions().at(1);
        QVERIFY(exportData->isEnabled());
        QAction *exportAnimation = shared.workspace->exportActions().at(2);
        QVERIFY(exportAnimation->isEnabled());

        // Every event of the server, in a GeoJSON file, through the dialog's worker.
        QTemporaryDir out;
        ExportDataDialog dialog(shared.workspace->exportContext());
        dialog.setOnlyShown(false);
        dialog.setFormat(ExportFormat::GeoJson);
        const QString path = out.filePath(QStringLiteral("shared.geojson"));
        dialog.setFilePath(path);
        QSignalSpy exported(&dialog, &ExportDataDialog::exported);
        dialog.accept();
        QVERIFY2(exported.wait(60000), qPrintable(dialog.statusText()));
        const qint64 events = test::pgCount(mUrl, QStringLiteral("SELECT count(*) FROM events"));
        QVERIFY(events > 0);
        QCOMPARE(exported.first().at(1).toLongLong(), events);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonArray features = QJsonDocument::fromJson(file.readAll()).object().value(u"features").toArray();
        QCOMPARE(qint64(features.size()), events);

        // An animation of the server's events, through the dialog: PNG frames whose provenance
        // names the store by its URL (not as a file in the working folder).
        ExportContext context = shared.workspace->exportContext();
        context.view.setOutputSize(QSize(320, 200));
        context.window = timeline::TimeWindow::of(context.dataFirst, context.dataFirst.addDays(3));
        ExportAnimationDialog animate(context);
        animate.setFormat(animation::Format::PngFrames);
        const QString frames = out.filePath(QStringLiteral("frames"));
        animate.setOutputPath(frames);
        QSignalSpy animated(&animate, &ExportAnimationDialog::exported);
        animate.accept();
        QVERIFY2(animated.wait(60000), qPrintable(animate.statusText()));
        QVERIFY(animated.first().at(1).toInt() > 0);
        const QStringList pngs = QDir(frames).entryList({QStringLiteral("*.png")}, QDir::Files, QDir::Name);
        QCOMPARE(pngs.size(), animated.first().at(1).toInt());
        QImageReader first(QDir(frames).filePath(pngs.first()));
        QCOMPARE(first.text(QStringLiteral("Database")), mUrl);
        QVERIFY(first.read().width() > 0);
    }

    // The dialog's URL, for a host, a socket's folder and the default socket.
    void dialogBuildsTheUrl_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("database");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("url");
        QTest::newRow("host") << "dbhost" << 5432 << "afghanistan" << "ana" << "postgresql://ana@dbhost:5432/afghanistan";
        QTest::newRow("port") << "10.0.0.7" << 5433 << "war" << "" << "postgresql://10.0.0.7:5433/war";
        QTest::newRow("socket") << "/run/postgresql" << 5432 << "afghanistan" << "ana"
                                << "postgresql://ana@/afghanistan?host=%2Frun%2Fpostgresql&port=5432";
        QTest::newRow("default socket") << "" << 5432 << "afghanistan" << "" << "postgresql:///afghanistan";
        QTest::newRow("encoded") << "dbhost" << 5432 << "a b" << "o'neil@x" << "postgresql://o%27neil%40x@dbhost:5432/a%20b";
    }
    void dialogBuildsTheUrl()
    {
        QFETCH(QString, host);
        QFETCH(int, port);
        QFETCH(QString, database);
        QFETCH(QString, user);
        QFETCH(QString, url);
        OpenSharedDialog dialog;
        QTest::keyClicks(dialog.findChild<QLineEdit *>(QStringLiteral("host")), host);
        dialog.findChild<QSpinBox *>(QStringLiteral("port"))->setValue(port);
        QTest::keyClicks(dialog.findChild<QLineEdit *>(QStringLiteral("database")), database);
        QTest::keyClicks(dialog.findChild<QLineEdit *>(QStringLiteral("user")), user);
        QCOMPARE(dialog.url(), url);
        // And back: a pasted URL fills the fields.
        OpenSharedDialog pasted;
        pasted.setUrl(url);
        QCOMPARE(pasted.findChild<QLineEdit *>(QStringLiteral("host"))->text(), host);
        QCOMPARE(pasted.findChild<QSpinBox *>(QStringLiteral("port"))->value(), port);
        QCOMPARE(pasted.findChild<QLineEdit *>(QStringLiteral("database"))->text(), database);
        QCOMPARE(pasted.findChild<QLineEdit *>(QStringLiteral("user"))->text(), user);
    }

    // The socket's URL the dialog builds for the test server opens it; Test Connection says how
    // many events the store holds; the recent list names it.
    void dialogTestsAndOpensTheServer()
    {
        OpenSharedDialog dialog;
        const QString database = mUrl.section(QLatin1Char('/'), 3).section(QLatin1Char('?'), 0, 0);
        QTest::keyClicks(dialog.findChild<QLineEdit *>(QStringLiteral("host")), mServer.socketFolder());
        dialog.findChild<QSpinBox *>(QStringLiteral("port"))->setValue(mServer.port());
        QTest::keyClicks(dialog.findChild<QLineEdit *>(QStringLiteral("database")), database);
        QTest::keyClicks(dialog.findChild<QLineEdit *>(QStringLiteral("user")), QUrl(mUrl).userName());
        auto *test = dialog.findChild<QPushButton *>(QStringLiteral("testConnection"));
        auto *status = dialog.findChild<QLabel *>(QStringLiteral("status"));
        test->click();
        QVERIFY(QTest::qWaitFor([status] { return status->text().startsWith(QStringLiteral("Connected")); }, 20000));
        QVERIFY2(status->text().contains(QStringLiteral("events")), qPrintable(status->text()));
        QCOMPARE(OpenSharedDialog::describe(dialog.url()), QStringLiteral("%1 on %2 (PostgreSQL)").arg(database, mServer.socketFolder()));
    }

    // A password given to the viewer reaches libpq only: the settings file (recent list, last
    // store, workspace) holds the URL and never the password.
    void passwordNeverReachesTheSettings()
    {
        const QByteArray secret = "Zq7-secret-of-the-analyst";
        {
            MainWindow window;
            QSignalSpy loaded(window.workspace(), &Workspace::indexLoaded);
            QVERIFY(window.openDatabase(mUrl, true, secret));
            QVERIFY(loaded.wait(20000));
            QCOMPARE(window.workspace()->databasePath(), mUrl);
            window.close(); // saves the workspace and the window
        }
        QSettings settings;
        settings.sync();
        QFile file(settings.fileName());
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(settings.fileName()));
        const QByteArray bytes = file.readAll();
        QVERIFY(bytes.contains(QUrl(mUrl).path().mid(1).toUtf8())); // the store is remembered...
        QVERIFY(!bytes.contains(secret));                          // ...its password is not
        QCOMPARE(settings.value(QStringLiteral("lastDatabase")).toString(), mUrl);
        QVERIFY(settings.value(QStringLiteral("recentDatabases")).toStringList().contains(mUrl));
    }

    // A database without a Mapline store, a database that does not exist, a server that is not
    // there: each a message that says which.
    void clearMessages()
    {
        const QString empty = mServer.createDatabase();
        QVERIFY(!empty.isEmpty());
        Viewer v;
        QVERIFY(!v.workspace->openDatabase(empty, true));
        bool needs = true;
        auto opened = cli::ReadStore::open(empty, {}, &needs);
        QVERIFY(!opened);
        QVERIFY(!needs);
        QVERIFY2(OpenSharedDialog::explain(opened.error(), needs, empty).startsWith(QStringLiteral("This database is not a Mapline store")),
                 qPrintable(opened.error()));
        const QString missing = mServer.url(QStringLiteral("no_such_database"));
        opened = cli::ReadStore::open(missing, {}, &needs);
        QVERIFY(!opened);
        QVERIFY2(OpenSharedDialog::explain(opened.error(), needs, missing).startsWith(QStringLiteral("The server has no database")),
                 qPrintable(opened.error()));
        const QString nobody = QStringLiteral("postgresql:///x?host=%1&port=1").arg(mDir.path());
        opened = cli::ReadStore::open(nobody, {}, &needs);
        QVERIFY(!opened);
        QVERIFY2(OpenSharedDialog::explain(opened.error(), needs, nobody).startsWith(QStringLiteral("The server cannot be reached")),
                 qPrintable(opened.error()));
    }

    // A correction in the viewer on a shared store: written to the server with the analyst's name
    // (the same CorrectionEditor as on a file), the index brought up to date from the change log
    // (the delta, not a whole load), the table, the details and the map's index show it at once;
    // Edit > Undo writes the machine's values back, and Redo the correction again.
    void correctionWritesToTheServer()
    {
        Viewer v;
        QVERIFY(v.openAll(mUrl));
        CorrectionStore *writer = v.workspace->correctionStore();
        QVERIFY(writer);
        writer->setAnalyst(QStringLiteral("Nadia"));
        const qint64 id = articleEvent(v);
        QVERIFY(id > 0);
        v.workspace->selectEvent(id);
        const QString machineDate = serverValue(QStringLiteral("SELECT date::text FROM events WHERE id = %1").arg(id));
        const QDate day(2001, 11, 3);
        QVERIFY(machineDate != day.toString(Qt::ISODate));

        QSignalSpy loaded(v.workspace.get(), &Workspace::indexLoaded);
        QSignalSpy notes(v.window.statusBar(), &QStatusBar::messageChanged);
        const Status saved = v.workspace->corrections()->correctTime(id, TimeRange::day(day));
        QVERIFY2(saved, qPrintable(saved.error()));
        QCOMPARE(serverValue(QStringLiteral("SELECT date::text FROM events WHERE id = %1").arg(id)), day.toString(Qt::ISODate));
        QCOMPARE(serverValue(QStringLiteral("SELECT corrected_by FROM corrections WHERE event_id = %1").arg(id)),
                 QStringLiteral("Nadia"));
        // The details at once, with who corrected it.
        const QString details = v.detailsText(id);
        QVERIFY2(details.contains(QStringLiteral("Corrected by Nadia")), qPrintable(details));
        // The index: read from the change log (the delta), then the note of the save stays.
        QVERIFY(loaded.wait(20000));
        QStringList said;
        for (const QList<QVariant> &n : std::as_const(notes))
            said << n.first().toString();
        QVERIFY2(said.filter(QStringLiteral("Brought up to date from the shared store:")).size() == 1,
                 qPrintable(said.join(QLatin1Char('\n'))));
        QCOMPARE(v.window.statusBar()->currentMessage(), QStringLiteral("Correction saved; Edit > Undo takes it back."));
        const EventIndex &index = *v.workspace->index();
        const int row = index.rowOfId(id);
        QVERIFY(row >= 0);
        QCOMPARE(index.startDay(row), timeline::dayOf(day));

        // Undo: the machine's date on the server and in the index; Redo: the analyst's again.
        QVERIFY(v.workspace->undoAction()->isEnabled());
        v.workspace->undoAction()->trigger();
        QVERIFY(loaded.wait(20000));
        QCOMPARE(serverValue(QStringLiteral("SELECT date::text FROM events WHERE id = %1").arg(id)), machineDate);
        QCOMPARE(v.workspace->index()->startDay(v.workspace->index()->rowOfId(id)),
                 timeline::dayOf(QDate::fromString(machineDate, Qt::ISODate)));
        v.workspace->redoAction()->trigger();
        QVERIFY(loaded.wait(20000));
        QCOMPARE(v.workspace->index()->startDay(v.workspace->index()->rowOfId(id)), timeline::dayOf(day));
        // And back to the machine's, for the cases after this one.
        const Status reverted = v.workspace->corrections()->revert(id);
        QVERIFY2(reverted, qPrintable(reverted.error()));
        QVERIFY(loaded.wait(20000));
        QCOMPARE(serverValue(QStringLiteral("SELECT date::text FROM events WHERE id = %1").arg(id)), machineDate);
    }

    // Two analysts, two viewers on one store: the later correction wins, the details panel tells
    // its author whose correction it replaced (as on SQLite), and the earlier stays in the history.
    void twoAnalystsConflictVisibly()
    {
        Viewer nadia, omar;
        QVERIFY(nadia.openAll(mUrl));
        QVERIFY(omar.openAll(mUrl));
        nadia.workspace->correctionStore()->setAnalyst(QStringLiteral("Nadia"));
        omar.workspace->correctionStore()->setAnalyst(QStringLiteral("Omar"));
        const qint64 id = articleEvent(nadia);
        QVERIFY(id > 0);
        nadia.workspace->selectEvent(id); // Nadia reads it...
        QSignalSpy omarLoaded(omar.workspace.get(), &Workspace::indexLoaded);
        const Status first = omar.workspace->corrections()->correctTime(id, TimeRange::day(QDate(2001, 11, 4)));
        QVERIFY2(first, qPrintable(first.error())); // ...Omar corrects it...
        QVERIFY(omarLoaded.wait(20000));
        QSignalSpy conflicts(nadia.workspace->corrections(), &CorrectionEditor::conflict);
        QSignalSpy nadiaLoaded(nadia.workspace.get(), &Workspace::indexLoaded);
        const Status second = nadia.workspace->corrections()->correctTime(id, TimeRange::day(QDate(2001, 11, 5)));
        QVERIFY2(second, qPrintable(second.error())); // ...then Nadia, over what she had not seen
        QCOMPARE(conflicts.size(), 1);
        const QString message = conflicts.first().at(1).toString();
        QVERIFY2(message.startsWith(QStringLiteral("Your correction replaced Omar's")), qPrintable(message));
        QVERIFY(nadiaLoaded.wait(20000));
        QVERIFY2(nadia.detailsText(id).contains(QStringLiteral("Your correction replaced Omar's")),
                 qPrintable(nadia.detailsText(id)));
        QCOMPARE(serverValue(QStringLiteral("SELECT date::text FROM events WHERE id = %1").arg(id)), QStringLiteral("2001-11-05"));
        QCOMPARE(serverValue(QStringLiteral("SELECT string_agg(changed_by, ',' ORDER BY id) FROM correction_history "
                                            "WHERE id > (SELECT max(id) - 2 FROM correction_history)")),
                 QStringLiteral("Omar,Nadia"));
        const Status reverted = nadia.workspace->corrections()->revert(id);
        QVERIFY2(reverted, qPrintable(reverted.error()));
        QVERIFY(nadiaLoaded.wait(20000));
    }

    // A correction of territorial control from the viewer lands on the server with its author.
    void controlCorrectionWritesToTheServer()
    {
        Viewer v;
        QVERIFY(v.openAll(mUrl));
        QVERIFY(QTest::qWaitFor([&] { return !v.workspace->control()->isLoading(); }, 20000));
        v.workspace->correctionStore()->setAnalyst(QStringLiteral("Nadia"));
        ControlCorrection herat;
        herat.place = QStringLiteral("Herat");
        herat.admin1 = QStringLiteral("Herat");
        herat.country = QStringLiteral("AF");
        herat.coordinate = QGeoCoordinate(34.348, 62.199);
        herat.from = QDate(2001, 11, 12);
        herat.side = QStringLiteral("Northern Alliance");
        const Status set = v.workspace->control()->editor()->setHolder(herat);
        QVERIFY2(set, qPrintable(set.error()));
        QCOMPARE(serverValue(QStringLiteral("SELECT side || '/' || corrected_by FROM control_corrections WHERE place = 'Herat'")),
                 QStringLiteral("Northern Alliance/Nadia"));
        v.workspace->undoAction()->trigger();
        QCOMPARE(serverValue(QStringLiteral("SELECT count(*) FROM control_corrections WHERE place = 'Herat'")), QStringLiteral("0"));
    }

    // A role that may only read: the viewer opens the store and says at once that it may not
    // write (the corrections, merges and splits disabled, their tooltips naming the role and what
    // to grant); a write tried all the same fails whole with the server's reason: nothing is
    // written and no undo step is added.
    void readOnlyRoleIsToldAndRefusedWhole()
    {
        const QString database = QUrl(mUrl).path().mid(1);
        QVERIFY(adminExec(QStringLiteral("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'reader') THEN "
                                         "CREATE ROLE reader LOGIN; END IF; END $$; "
                                         "GRANT USAGE ON SCHEMA mapline TO reader; "
                                         "GRANT SELECT ON ALL TABLES IN SCHEMA mapline TO reader")));
        const QString url = mServer.url(database, QStringLiteral("reader"));
        Viewer v;
        QSignalSpy notes(v.window.statusBar(), &QStatusBar::messageChanged);
        QVERIFY(v.openAll(url));
        QVERIFY(v.workspace->correctionStore());
        QString why;
        QVERIFY(!v.workspace->correctionStore()->isWritable(&why));
        QVERIFY2(why.contains(QStringLiteral("The role \"reader\" may read this shared store but not write to it")), qPrintable(why));
        QVERIFY2(why.contains(QStringLiteral("GRANT")), qPrintable(why));
        bool told = false;
        for (const QList<QVariant> &n : std::as_const(notes))
            told = told || n.first().toString() == why;
        QVERIFY(told);
        const qint64 id = articleEvent(v);
        QVERIFY(id > 0);
        v.workspace->selectEvent(id);
        for (QAction *a : v.workspace->details()->correctionActions()) {
            QVERIFY2(!a->isEnabled(), qPrintable(a->text()));
            QCOMPARE(a->toolTip(), why);
        }
        for (const char *name : {"markMergeAction", "splitReportAction"}) {
            QAction *a = v.workspace->findChild<QAction *>(QLatin1String(name));
            QVERIFY2(a && !a->isEnabled(), name);
            QCOMPARE(a->toolTip(), why);
        }
        const QString history = serverValue(QStringLiteral("SELECT count(*) FROM correction_history"));
        const QString date = serverValue(QStringLiteral("SELECT date::text FROM events WHERE id = %1").arg(id));
        const Status s = v.workspace->corrections()->correctTime(id, TimeRange::day(QDate(2001, 11, 6)));
        QVERIFY(!s);
        QVERIFY2(s.error().contains(QStringLiteral("permission denied")) && s.error().contains(QStringLiteral("reader")),
                 qPrintable(s.error()));
        const Status split = v.workspace->corrections()->splitReport(id);
        QVERIFY(!split);
        QVERIFY2(split.error().contains(QStringLiteral("permission denied")), qPrintable(split.error()));
        QCOMPARE(v.workspace->corrections()->undoStack()->count(), 0);
        QCOMPARE(serverValue(QStringLiteral("SELECT count(*) FROM correction_history")), history);
        QCOMPARE(serverValue(QStringLiteral("SELECT date::text FROM events WHERE id = %1").arg(id)), date);
    }

    // A split, a merge and a discard from the viewer on a shared store, through the Edit menu's
    // actions and the details panel's Discard: each lands on the server with the analyst's name,
    // the happenings fused again there (no happening left stale), the map's index brought up to
    // date; Edit > Undo takes each back, and the store is as it was.
    void happeningEditsInTheViewer()
    {
        // Each event with its happening's first event and number of reports (not the happenings'
        // ids, which a fusion may renumber).
        const QString kPartition = QStringLiteral("SELECT string_agg(e.id || ':' || h.reports || ':' || (SELECT min(x.id) "
                                                  "FROM events x WHERE x.happening_id = e.happening_id), ',' ORDER BY e.id) "
                                                  "FROM events e JOIN happenings h ON h.id = e.happening_id");
        Viewer v;
        QVERIFY(v.openAll(mUrl));
        v.workspace->correctionStore()->setAnalyst(QStringLiteral("Nadia"));
        const QString happeningsBefore = serverValue(kPartition);
        const qsizetype happenings = v.workspace->index()->happeningCount();
        const int events = int(v.workspace->index()->size());
        // A report of a happening of several, and a report of another happening.
        const qint64 report = serverValue(QStringLiteral("SELECT min(e.id) FROM events e JOIN happenings h ON h.id = "
                                                         "e.happening_id WHERE h.reports >= 2 AND e.sentence_id IS NOT NULL"))
                                  .toLongLong();
        QVERIFY(report > 0);
        const qint64 other = serverValue(QStringLiteral("SELECT min(e.id) FROM events e WHERE e.sentence_id IS NOT NULL AND "
                                                        "e.happening_id <> (SELECT happening_id FROM events WHERE id = %1)")
                                             .arg(report))
                                 .toLongLong();
        QVERIFY(other > 0);
        const auto action = [&](const char *name) { return v.workspace->findChild<QAction *>(QLatin1String(name)); };
        QSignalSpy loaded(v.workspace.get(), &Workspace::indexLoaded);

        // Split the report out (Edit > Split Report Out of Its Happening).
        v.workspace->setUnit(Workspace::Unit::Reports);
        v.workspace->selectEvent(report);
        QVERIFY(action("splitReportAction")->isEnabled());
        action("splitReportAction")->trigger();
        QVERIFY(loaded.wait(20000));
        QCOMPARE(serverValue(QStringLiteral("SELECT kind || ' by ' || corrected_by FROM happening_corrections")),
                 QStringLiteral("split by Nadia"));
        QCOMPARE(serverValue(QStringLiteral("SELECT h.reports || '/' || h.corrected FROM happenings h JOIN events e ON "
                                            "e.happening_id = h.id WHERE e.id = %1").arg(report)),
                 QStringLiteral("1/1"));
        QCOMPARE(v.workspace->index()->happeningCount(), happenings + 1);

        // Merge it with the other happening (Mark, then Merge With Marked).
        v.workspace->selectEvent(report);
        action("markMergeAction")->trigger();
        v.workspace->selectEvent(other);
        QVERIFY(action("mergeMarkedAction")->isEnabled());
        action("mergeMarkedAction")->trigger();
        QVERIFY(loaded.wait(20000));
        QCOMPARE(serverValue(QStringLiteral("SELECT count(DISTINCT happening_id) FROM events WHERE id IN (%1, %2)")
                                 .arg(report)
                                 .arg(other)),
                 QStringLiteral("1"));
        const int row = v.workspace->index()->rowOfId(report);
        QCOMPARE(v.workspace->index()->happeningOf(row), v.workspace->index()->happeningOf(v.workspace->index()->rowOfId(other)));

        // Discard the other (the details panel's Discard): gone from the server and the index.
        v.workspace->selectEvent(other);
        QAction *discard = nullptr;
        for (QAction *a : v.workspace->details()->correctionActions())
            if (a->objectName() == u"discard")
                discard = a;
        QVERIFY(discard && discard->isEnabled());
        discard->trigger();
        QVERIFY(loaded.wait(20000));
        QCOMPARE(serverValue(QStringLiteral("SELECT count(*) FROM events WHERE id = %1").arg(other)), QStringLiteral("0"));
        QCOMPARE(serverValue(QStringLiteral("SELECT discarded || ' by ' || corrected_by FROM corrections")),
                 QStringLiteral("1 by Nadia"));
        QCOMPARE(int(v.workspace->index()->size()), events - 1);
        QCOMPARE(v.workspace->index()->rowOfId(other), -1);
        QCOMPARE(serverValue(QStringLiteral("SELECT count(*) FROM happenings WHERE stale <> 0")), QStringLiteral("0"));

        // Undo all three: the store and the index as they were.
        for (int i = 0; i < 3; ++i) {
            QVERIFY(v.workspace->undoAction()->isEnabled());
            v.workspace->undoAction()->trigger();
            QVERIFY(loaded.wait(20000));
        }
        QCOMPARE(serverValue(QStringLiteral("SELECT count(*) FROM happening_corrections")), QStringLiteral("0"));
        QCOMPARE(serverValue(QStringLiteral("SELECT count(*) FROM corrections")), QStringLiteral("0"));
        QCOMPARE(int(v.workspace->index()->size()), events);
        QCOMPARE(v.workspace->index()->happeningCount(), happenings);
        QVERIFY(v.workspace->index()->rowOfId(other) >= 0);
        QCOMPARE(serverValue(kPartition),
                 happeningsBefore);
    }

    // View > Refresh: nothing to load while the store's change counter stands still; another
    // analyst's import (here `mapline import --db URL` in a terminal) is loaded when it moved.
    // Last: it adds to the store the other cases read.
    void refreshLoadsWhatOthersImported()
    {
        Viewer v;
        QVERIFY(v.openAll(mUrl));
        const qsizetype before = v.workspace->index()->size();
        QSignalSpy loaded(v.workspace.get(), &Workspace::indexLoaded);
        v.workspace->refresh(); // a load would have started here, synchronously
        QVERIFY(!v.workspace->isLoading());
        const auto imported = runMapline({QStringLiteral("import"), QStringLiteral("--db"), mUrl,
                                          test::testData(QStringLiteral("datasets/gdelt1-20011125.export.CSV"))});
        // 1: the file's malformed rows are reported, the others imported.
        QVERIFY2(imported.exitCode <= 1 && !imported.crashed, imported.err.constData());
        v.workspace->refresh();
        QVERIFY(v.workspace->isLoading());
        QVERIFY(loaded.wait(20000));
        QCOMPARE(loaded.size(), 1);
        QVERIFY(v.workspace->index()->size() > before);
        // Only the file's events were read (the delta, pgindexdelta.h), and the index equals a
        // whole load of the store now.
        const QString note = v.window.statusBar()->currentMessage();
        QVERIFY2(note.startsWith(QStringLiteral("Brought up to date from the shared store")), qPrintable(note));
        auto fresh = cli::ReadStore::open(mUrl);
        QVERIFY2(fresh, qPrintable(fresh.error()));
        IndexLoadOptions options = IndexLoadOptions::withGazetteer();
        options.persistent = false;
        const auto whole = fresh.value()->loadIndex(options);
        QVERIFY2(whole, qPrintable(whole.error()));
        const auto &shown = *v.workspace->index();
        QCOMPARE(shown.size(), whole.value()->size());
        for (qsizetype row = 0; row < shown.size(); ++row)
            QCOMPARE(shown.id(row), whole.value()->id(row));
    }
};

QTEST_MAIN(TestPgViewer)
#include "tst_pgviewer.moc"
