// The indexes Mapline keeps beside its tables (full-text over sentences and titles, R*Tree over
// positions, and the triggers that keep them in step), damaged or missing: found on open, restored
// by a writing open, reported with the real cause (not blamed on the user's query), and checked and
// rebuilt by `mapline check` and `mapline repair`. And the viewer on a database whose events table
// is damaged. Through the real executable, EventStore and MainWindow, on real files.
#include "../app/mainwindow.h"
#include "eventtableview.h"
#include "interop/datasetimporter.h"
#include "store/eventstore.h"
#include "testsupport.h"
#include "workspace.h"

#include <QLabel>
#include <QTemporaryDir>
#include <QtTest>

#include <sqlite3.h>

using namespace mapline;

namespace {

const QString kAcled = QStringLiteral("datasets/acled-afghanistan-2020.csv");
const QString kGdelt1 = QStringLiteral("datasets/gdelt1-20011125.export.CSV");
const QString kGdelt2 = QStringLiteral("datasets/gdelt2-20191024143000.export.CSV");

QString text(const QByteArray &bytes)
{
    return QString::fromUtf8(bytes);
}

// Runs `sql` on `db` as another program would (sqlite3, an analyst's script).
bool runSql(const QString &db, const char *sql)
{
    sqlite3 *handle = nullptr;
    bool ok = sqlite3_open_v2(QFile::encodeName(db).constData(), &handle, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK;
    char *error = nullptr;
    ok = ok && sqlite3_exec(handle, sql, nullptr, nullptr, &error) == SQLITE_OK;
    if (!ok)
        qWarning("%s: %s", sql, error ? error : sqlite3_errmsg(handle));
    sqlite3_free(error);
    sqlite3_close(handle);
    return ok;
}

// The number of the first leaf page of `table` (SQLite's dbstat), 0 when it cannot be found.
int firstLeafPage(const QString &db, const QByteArray &table)
{
    sqlite3 *handle = nullptr;
    int page = 0;
    if (sqlite3_open_v2(QFile::encodeName(db).constData(), &handle, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt *stmt = nullptr;
        if (sqlite3_prepare_v2(handle, "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno LIMIT 1",
                               -1, &stmt, nullptr) == SQLITE_OK) {
            sqlite3_bind_text(stmt, 1, table.constData(), int(table.size()), SQLITE_STATIC);
            if (sqlite3_step(stmt) == SQLITE_ROW)
                page = sqlite3_column_int(stmt, 0);
        }
        sqlite3_finalize(stmt);
    }
    sqlite3_close(handle);
    return page;
}

// Overwrites the b-tree header of `page` (as the d15 reproduction does): the page cannot be read.
bool damagePage(const QString &db, int page)
{
    QFile f(db);
    return page > 0 && f.open(QIODevice::ReadWrite) && f.seek(qint64(page - 1) * 4096 + 1) && f.write(QByteArray(7, '\xA5')) == 7;
}

} // namespace

class TestDbRepair : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();

    void droppedTriggerIsRestoredByAWritingOpen();
    void droppedTriggerIsReportedCheckedAndRepaired();
    void damagedFullTextIndex();
    void droppedFullTextTable();
    void droppedShadowTable();
    void failedPrepareNamesTheCause();
    void checkAndRepairOnAWholeDatabase();
    void viewerOnADamagedEventsTable();

private:
    QString freshDb(const QString &name);

    QTemporaryDir mDir;
};

void TestDbRepair::initTestCase()
{
    QVERIFY(mDir.isValid());
    qputenv("XDG_CONFIG_HOME", mDir.filePath(QStringLiteral("config")).toLocal8Bit());
    qputenv("XDG_DATA_HOME", mDir.filePath(QStringLiteral("data")).toLocal8Bit());
}

// The ACLED and GDELT 1.0 fixtures, every row kept; checkpointed (no -wal).
QString TestDbRepair::freshDb(const QString &name)
{
    const QString db = mDir.filePath(name);
    const auto r = test::runMapline({QStringLiteral("import"), QStringLiteral("--db"), db, QStringLiteral("--keep-outside"),
                                     test::testData(kAcled), test::testData(kGdelt1)});
    return r.out.contains("2 datasets imported") ? db : QString();
}

// [issue 12, 14] A dropped index trigger (an analyst's script, another tool): the events added
// after it were silently missing from the spatial index, so --near missed them. A writing open
// (here the import that adds them) restores the trigger and rebuilds the index, and says so.
void TestDbRepair::droppedTriggerIsRestoredByAWritingOpen()
{
    const QString db = freshDb(QStringLiteral("trigger-write.sqlite"));
    QVERIFY(!db.isEmpty());
    QVERIFY(runSql(db, "DROP TRIGGER events_rtree_ai"));
    auto r = test::runMapline({QStringLiteral("import"), QStringLiteral("--db"), db, QStringLiteral("--keep-outside"),
                               test::testData(kGdelt2)});
    QVERIFY2(r.out.contains("imported   "), r.err.constData());
    QVERIFY2(text(r.err).contains(QStringLiteral("events_rtree_ai")) && text(r.err).contains(QStringLiteral("rebuilt")),
             r.err.constData());
    r = test::runMapline({QStringLiteral("events"), QStringLiteral("--db"), db, QStringLiteral("--near"),
                          QStringLiteral("Kabul"), QStringLiteral("--radius"), QStringLiteral("5")});
    QVERIFY2(r.exitCode == 0 && r.err.isEmpty(), r.err.constData());
    QVERIFY2(r.out.contains("ACLED") || r.out.contains("roadside bomb"), r.out.constData());
    QVERIFY2(r.out.contains("appeal") || r.out.count("\"id\"") >= 2, r.out.constData()); // the GDELT Kabul row
    auto store = test::openStore(db);
    QVERIFY(store);
    QCOMPARE(test::scalar(*store, QStringLiteral("SELECT count(*) FROM events_rtree")).toLongLong(),
             test::scalar(*store, QStringLiteral("SELECT count(*) FROM events WHERE lon IS NOT NULL")).toLongLong());
}

// The same with a reader only: `events` cannot restore it and says so (not silent); `check`
// finds it with the events the index lacks; `repair` restores it.
void TestDbRepair::droppedTriggerIsReportedCheckedAndRepaired()
{
    const QString db = freshDb(QStringLiteral("trigger-read.sqlite"));
    QVERIFY(!db.isEmpty());
    QVERIFY(runSql(db, "DROP TRIGGER events_rtree_ai; INSERT INTO events (article_id, type, lon, lat, confidence, date) "
                       "VALUES (1, 'shelling', 69.18, 34.52, 0.5, '2020-03-20')"));
    const QStringList near = {QStringLiteral("events"), QStringLiteral("--db"), db, QStringLiteral("--near"),
                              QStringLiteral("Kabul"), QStringLiteral("--radius"), QStringLiteral("5")};
    auto r = test::runMapline(near);
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(text(r.err).contains(QStringLiteral("warning")) && text(r.err).contains(QStringLiteral("events_rtree_ai")) &&
                 text(r.err).contains(QStringLiteral("mapline repair")),
             r.err.constData());
    QVERIFY(!r.out.contains("shelling"));

    r = test::runMapline({QStringLiteral("check"), QStringLiteral("--db"), db});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.out.contains("FAILED     events_rtree") && r.out.contains("events_rtree_ai") &&
                 r.out.contains("1 placed events are not in it"),
             r.out.constData());
    QVERIFY2(r.out.contains("ok         integrity_check") && r.out.contains("ok         sentences_fts"), r.out.constData());
    QVERIFY2(text(r.err).contains(QStringLiteral("mapline repair --db")), r.err.constData());

    r = test::runMapline({QStringLiteral("repair"), QStringLiteral("--db"), db});
    QVERIFY2(r.exitCode == 0, (r.out + r.err).constData());
    QVERIFY2(r.out.contains("checked    ") && r.out.contains("no problems found"), r.out.constData());
    r = test::runMapline(near);
    QVERIFY2(r.exitCode == 0 && r.err.isEmpty(), r.err.constData());
    QVERIFY(r.out.contains("shelling"));
}

// [d15] A damaged page of the full-text index: the search was "not a valid full-text query"
// (exit 2, a usage error). Now the database is named, with how to repair it, exit 1; a query
// that really is malformed stays a usage error.
void TestDbRepair::damagedFullTextIndex()
{
    const QString db = freshDb(QStringLiteral("fts-damaged.sqlite"));
    QVERIFY(!db.isEmpty());
    const int page = firstLeafPage(db, "sentences_fts_data");
    if (page == 0)
        QSKIP("this SQLite has no dbstat table to find the index's pages");
    QVERIFY(damagePage(db, page));
    auto r = test::runMapline({QStringLiteral("events"), QStringLiteral("--db"), db, QStringLiteral("--search"),
                               QStringLiteral("Taliban")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(text(r.err).contains(db) && text(r.err).contains(QStringLiteral("full-text index")) &&
                 text(r.err).contains(QStringLiteral("mapline repair --db")) && !text(r.err).contains(QStringLiteral("not a valid")),
             r.err.constData());
    r = test::runMapline({QStringLiteral("events"), QStringLiteral("--db"), db, QStringLiteral("--search"),
                          QStringLiteral("\"unterminated")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(text(r.err).contains(QStringLiteral("not a valid full-text query")), r.err.constData());

    r = test::runMapline({QStringLiteral("check"), QStringLiteral("--db"), db});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.out.contains("FAILED     integrity_check") && r.out.contains("FAILED     sentences_fts"), r.out.constData());
    r = test::runMapline({QStringLiteral("repair"), QStringLiteral("--db"), db});
    QVERIFY2(r.exitCode == 0, (r.out + r.err).constData());
    QVERIFY2(r.out.contains("rewrote    "), r.out.constData());
    r = test::runMapline({QStringLiteral("events"), QStringLiteral("--db"), db, QStringLiteral("--search"),
                          QStringLiteral("Taliban")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(r.out.contains("Taliban"));
    r = test::runMapline({QStringLiteral("check"), QStringLiteral("--db"), db});
    QVERIFY2(r.exitCode == 0, (r.out + r.err).constData());
}

// [d15] The full-text table dropped: searching named the query; importing failed on every file
// with "Parameter count mismatch". A reader now says the index is missing; a writer rebuilds it.
void TestDbRepair::droppedFullTextTable()
{
    const QString db = freshDb(QStringLiteral("fts-dropped.sqlite"));
    QVERIFY(!db.isEmpty());
    QVERIFY(runSql(db, "DROP TABLE sentences_fts"));
    auto r = test::runMapline({QStringLiteral("events"), QStringLiteral("--db"), db, QStringLiteral("--search"),
                               QStringLiteral("Taliban")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(text(r.err).contains(QStringLiteral("sentences_fts")) && text(r.err).contains(QStringLiteral("mapline repair")),
             r.err.constData());
    r = test::runMapline({QStringLiteral("import"), QStringLiteral("--db"), db, QStringLiteral("--keep-outside"),
                          test::testData(kGdelt2)});
    QVERIFY2(r.out.contains("imported   ") && !r.err.contains("Parameter count"), (r.out + r.err).constData());
    QVERIFY2(text(r.err).contains(QStringLiteral("sentences_fts")) && text(r.err).contains(QStringLiteral("rebuilt")),
             r.err.constData());
    r = test::runMapline({QStringLiteral("events"), QStringLiteral("--db"), db, QStringLiteral("--search"),
                          QStringLiteral("Taliban")});
    QVERIFY2(r.exitCode == 0 && r.err.isEmpty(), r.err.constData());
    QVERIFY(r.out.contains("Taliban"));
    r = test::runMapline({QStringLiteral("check"), QStringLiteral("--db"), db});
    QVERIFY2(r.exitCode == 0, (r.out + r.err).constData());
}

// One of the index's own tables dropped: the index cannot even be dropped by SQLite any more. A
// writing open replaces it; its old pages stay unused until `mapline repair` rewrites the file.
void TestDbRepair::droppedShadowTable()
{
    const QString db = freshDb(QStringLiteral("fts-shadow.sqlite"));
    QVERIFY(!db.isEmpty());
    QVERIFY(runSql(db, "DROP TABLE articles_fts_data"));
    auto store = test::openStore(db);
    QVERIFY(store);
    QVERIFY2(store->warnings().join(u' ').contains(QStringLiteral("articles_fts_data")), qPrintable(store->warnings().join(u' ')));
    EventQuery search;
    search.search = QStringLiteral("ACLED");
    const auto found = store->events(search);
    QVERIFY2(found.ok() && !found->isEmpty(), qPrintable(found.error()));
    store.reset();
    auto r = test::runMapline({QStringLiteral("repair"), QStringLiteral("--db"), db});
    QVERIFY2(r.exitCode == 0, (r.out + r.err).constData());
    r = test::runMapline({QStringLiteral("check"), QStringLiteral("--db"), db});
    QVERIFY2(r.exitCode == 0, (r.out + r.err).constData());
}

// An index table dropped under an open store (another program did it): the next import fails
// with SQLite's reason, not with "Parameter count mismatch" of a statement that never prepared.
void TestDbRepair::failedPrepareNamesTheCause()
{
    const QString db = freshDb(QStringLiteral("prepare.sqlite"));
    QVERIFY(!db.isEmpty());
    auto store = test::openStore(db);
    QVERIFY(store);
    QVERIFY(runSql(db, "DROP TABLE sentences_fts"));
    const auto r = DatasetImporter(*store, true).importFile(test::testData(kGdelt2));
    QVERIFY(r.status == DatasetImporter::FileResult::Status::Failed);
    QVERIFY2(r.error.contains(QStringLiteral("no such table")) && !r.error.contains(QStringLiteral("Parameter count")),
             qPrintable(r.error));
}

void TestDbRepair::checkAndRepairOnAWholeDatabase()
{
    const QString db = freshDb(QStringLiteral("whole.sqlite"));
    QVERIFY(!db.isEmpty());
    auto r = test::runMapline({QStringLiteral("check"), QStringLiteral("--db"), db});
    QVERIFY2(r.exitCode == 0 && r.err.isEmpty(), (r.out + r.err).constData());
    for (const char *name : {"integrity_check", "foreign_key_check", "sentences_fts", "articles_fts", "events_rtree"})
        QVERIFY2(r.out.contains(QByteArray("ok         ") + name), r.out.constData());
    QVERIFY(!QFile::exists(db + QStringLiteral("-wal")) || QFileInfo(db + QStringLiteral("-wal")).size() == 0);
    r = test::runMapline({QStringLiteral("repair"), QStringLiteral("--db"), db});
    QVERIFY2(r.exitCode == 0, (r.out + r.err).constData());
    QVERIFY(!r.out.contains("rewrote"));
    r = test::runMapline({QStringLiteral("check"), QStringLiteral("--db"), mDir.filePath(QStringLiteral("absent.sqlite"))});
    QCOMPARE(r.exitCode, 1);
    r = test::runMapline({QStringLiteral("check"), QStringLiteral("--db"), db, QStringLiteral("extra")});
    QCOMPARE(r.exitCode, 2);
    r = test::runMapline({QStringLiteral("--help")});
    QVERIFY(r.out.contains("mapline check") && r.out.contains("mapline repair"));
}

// [issue 12, 16] A damaged events table: the viewer showed the reason for 15 s, then "Loading..."
// for ever. The reason now stays in the table's place and in the status line.
void TestDbRepair::viewerOnADamagedEventsTable()
{
    const QString db = freshDb(QStringLiteral("events-damaged.sqlite"));
    QVERIFY(!db.isEmpty());
    const int page = firstLeafPage(db, "events");
    if (page == 0)
        QSKIP("this SQLite has no dbstat table to find the table's pages");
    QVERIFY(damagePage(db, page));
    MainWindow window;
    QVERIFY(window.openDatabase(db, true));
    // The load ends with indexLoaded (also on failure); then the reason is set.
    QTRY_VERIFY_WITH_TIMEOUT(!window.workspace()->indexError().isEmpty(), 60000);
    QVERIFY(!window.workspace()->isLoading());
    auto *table = window.findChild<EventTableView *>();
    QVERIFY(table);
    QTest::qWait(100);
    QVERIFY2(table->emptyMessage().contains(QStringLiteral("cannot be read")) &&
                 table->emptyMessage().contains(QStringLiteral("mapline check")) &&
                 !table->emptyMessage().contains(QStringLiteral("Loading")),
             qPrintable(table->emptyMessage()));
    auto *status = window.findChild<QLabel *>(QStringLiteral("workspaceStatus"));
    QVERIFY(status);
    QVERIFY2(status->text().contains(QStringLiteral("cannot be read")), qPrintable(status->text()));
}

QTEST_MAIN(TestDbRepair)
#include "tst_dbrepair.moc"
