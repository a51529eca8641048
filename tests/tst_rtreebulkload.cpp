// The R*Tree bulk loader (models/store/rtreebulkload.*): a tree packed in memory and written
// straight into SQLite's shadow tables must pass SQLite's own rtreecheck(), hold exactly the
// entries (with the same float coordinates) that inserting them one by one gives, answer window
// queries alike, and stay a tree the module can go on inserting into and deleting from. Then the
// same through a dataset import, where the store decides between the bulk load and inserts.
#include "interop/datasetimporter.h"
#include "store/eventstore.h"
#include "store/rawstatement.h"
#include "store/rtreebulkload.h"
#include "store/schema.h"
#include "gdeltfiles.h"
#include "testsupport.h"

#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace mapline;

namespace {

QString rtreeCreate()
{
    for (const schema::IndexDefinition &d : schema::indexDefinitions())
        if (d.name == u"events_rtree")
            return d.create;
    return {};
}

// A bare database with an events table of `count` positions (every 17th without one), and the
// events' R*Tree, empty.
QSqlDatabase makeDatabase(const QString &path, const QString &connection, int count, quint32 seed)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
    db.setDatabaseName(path);
    if (!db.open())
        return db;
    QSqlQuery q(db);
    q.exec(QStringLiteral("CREATE TABLE events (id INTEGER PRIMARY KEY, lon REAL, lat REAL)"));
    q.exec(rtreeCreate());
    q.exec(QStringLiteral("BEGIN"));
    q.prepare(QStringLiteral("INSERT INTO events (id, lon, lat) VALUES (?, ?, ?)"));
    QRandomGenerator random(seed);
    qint64 id = 0;
    for (int i = 0; i < count; ++i) {
        id += 1 + random.bounded(3); // ids with gaps, as deletions leave them
        q.addBindValue(id);
        if (i % 17 == 16) {
            q.addBindValue(QVariant());
            q.addBindValue(QVariant());
        } else if (i % 5 == 0) {
            // Clustered, as events are around cities, with repeats of one point.
            q.addBindValue(69.1723 + (i % 10) * 0.001);
            q.addBindValue(34.5281);
        } else {
            // Coordinates that are no float, negative and positive.
            q.addBindValue(random.generateDouble() * 360.0 - 180.0);
            q.addBindValue(random.generateDouble() * 180.0 - 90.0);
        }
        q.exec();
    }
    q.exec(QStringLiteral("COMMIT"));
    return db;
}

QString rtreeCheck(const QSqlDatabase &db)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT rtreecheck('events_rtree')")) || !q.next())
        return q.lastError().text();
    return q.value(0).toString();
}

QStringList rows(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery q(db);
    QStringList out;
    if (!q.exec(sql))
        return {q.lastError().text()};
    while (q.next()) {
        QStringList cells;
        for (int c = 0; c < q.record().count(); ++c)
            cells << q.value(c).toString();
        out << cells.join(QLatin1Char('|'));
    }
    return out;
}

} // namespace

class TestRtreeBulkLoad : public QObject {
    Q_OBJECT
private slots:
    void init() { QVERIFY(mDir.isValid()); }
    void roundsAsTheModule_data();
    void roundsAsTheModule();
    void sameTreeAsInserts_data();
    void sameTreeAsInserts();
    void busyConnectionIsNotLoaded();
    void datasetImportLoadsInBulk();

private:
    QTemporaryDir mDir;
};

void TestRtreeBulkLoad::roundsAsTheModule_data()
{
    QTest::addColumn<double>("value");
    for (double v : {0.0, 1.0, -1.0, 0.1, -0.1, 69.1723, -179.99999999, 34.5281, 1e-30, 16777217.0, -16777217.0})
        QTest::addRow("%.12g", v) << v;
}

void TestRtreeBulkLoad::roundsAsTheModule()
{
    QFETCH(double, value);
    const float low = RtreeBulkLoad::lowerBound(value), high = RtreeBulkLoad::upperBound(value);
    QVERIFY(double(low) <= value);
    QVERIFY(double(high) >= value);
    // The module's own: an entry inserted as it is.
    const QString path = mDir.filePath(QStringLiteral("round.sqlite"));
    QFile::remove(path);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("round"));
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("CREATE VIRTUAL TABLE r USING rtree(id, x0, x1)")));
        QVERIFY(q.prepare(QStringLiteral("INSERT INTO r VALUES (1, ?, ?)")));
        q.addBindValue(value);
        q.addBindValue(value);
        QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
        QVERIFY(q.exec(QStringLiteral("SELECT x0, x1 FROM r")) && q.next());
        // Exactly (QCOMPARE of floats allows a relative difference).
        const float stored[2] = {float(q.value(0).toDouble()), float(q.value(1).toDouble())};
        QVERIFY2(stored[0] == low, qPrintable(QStringLiteral("%1 != %2").arg(stored[0], 0, 'g', 9).arg(low, 0, 'g', 9)));
        QVERIFY2(stored[1] == high, qPrintable(QStringLiteral("%1 != %2").arg(stored[1], 0, 'g', 9).arg(high, 0, 'g', 9)));
    }
    QSqlDatabase::removeDatabase(QStringLiteral("round"));
}

void TestRtreeBulkLoad::sameTreeAsInserts_data()
{
    QTest::addColumn<int>("count");
    // Empty, one entry, one full leaf as root, two leaves, and trees of two and three levels.
    for (int n : {0, 1, 51, 56, 900, 30000})
        QTest::addRow("%d", n) << n;
}

void TestRtreeBulkLoad::sameTreeAsInserts()
{
    QFETCH(int, count);
    const QString bulkPath = mDir.filePath(QStringLiteral("bulk%1.sqlite").arg(count));
    const QString naivePath = mDir.filePath(QStringLiteral("naive%1.sqlite").arg(count));
    {
        QSqlDatabase bulk = makeDatabase(bulkPath, QStringLiteral("bulk"), count, 17);
        QSqlDatabase naive = makeDatabase(naivePath, QStringLiteral("naive"), count, 17);
        QVERIFY(bulk.isOpen() && naive.isOpen());
        // The old tree holds something the load must replace.
        QSqlQuery q(bulk);
        QVERIFY(q.exec(QStringLiteral("INSERT INTO events_rtree VALUES (999999999, 1, 1, 2, 2)")));
        QVERIFY(q.exec(QStringLiteral("BEGIN")));
        const Status loaded = RtreeBulkLoad::rebuildEvents(sqliteHandle(bulk), rtreeCreate());
        QVERIFY2(loaded, qPrintable(loaded.error()));
        QVERIFY(q.exec(QStringLiteral("COMMIT")));
        QSqlQuery n(naive);
        QVERIFY(n.exec(QStringLiteral("INSERT INTO events_rtree SELECT id, lon, lon, lat, lat FROM events "
                                      "WHERE lon IS NOT NULL AND lat IS NOT NULL")));

        QCOMPARE(rtreeCheck(bulk), QStringLiteral("ok"));
        const QString all = QStringLiteral("SELECT * FROM events_rtree ORDER BY id");
        const QStringList entries = rows(bulk, all);
        QCOMPARE(entries.size(), count - count / 17);
        QCOMPARE(entries, rows(naive, all));
        // Windows: around the cluster, across the antimeridian's side, a point, everything.
        for (const QString &where :
             {QStringLiteral("min_lon >= 69 AND max_lon <= 69.2 AND min_lat >= 34 AND max_lat <= 35"),
              QStringLiteral("max_lon < -100 AND min_lat > 10"), QStringLiteral("min_lon <= 69.1723 AND max_lon >= 69.1723"),
              QStringLiteral("min_lat > -91")}) {
            const QString query = QStringLiteral("SELECT id FROM events_rtree WHERE %1 ORDER BY id").arg(where);
            QCOMPARE(rows(bulk, query), rows(naive, query));
        }
        // The module goes on with the tree: inserts that split its nodes, deletes that empty some.
        QVERIFY(q.exec(QStringLiteral("BEGIN")));
        for (int i = 0; i < 300; ++i)
            QVERIFY(q.exec(QStringLiteral("INSERT INTO events_rtree VALUES (%1, %2, %2, %3, %3)")
                               .arg(2000000 + i)
                               .arg(60 + i * 0.01)
                               .arg(30 + (i % 7))));
        QVERIFY(q.exec(QStringLiteral("DELETE FROM events_rtree WHERE id % 3 = 0 AND id < 2000000")));
        QVERIFY(q.exec(QStringLiteral("COMMIT")));
        QCOMPARE(rtreeCheck(bulk), QStringLiteral("ok"));
    }
    QSqlDatabase::removeDatabase(QStringLiteral("bulk"));
    QSqlDatabase::removeDatabase(QStringLiteral("naive"));
}

void TestRtreeBulkLoad::busyConnectionIsNotLoaded()
{
    // A statement part way through its rows makes DROP TABLE fail: the store then inserts.
    {
        QSqlDatabase db = makeDatabase(mDir.filePath(QStringLiteral("busy.sqlite")), QStringLiteral("busy"), 100, 3);
        QVERIFY(db.isOpen());
        QVERIFY(RtreeBulkLoad::connectionIdle(sqliteHandle(db)));
        QSqlQuery reading(db);
        QVERIFY(reading.exec(QStringLiteral("SELECT id FROM events")) && reading.next());
        QVERIFY(!RtreeBulkLoad::connectionIdle(sqliteHandle(db)));
        reading.finish();
        QVERIFY(RtreeBulkLoad::connectionIdle(sqliteHandle(db)));
    }
    QSqlDatabase::removeDatabase(QStringLiteral("busy"));
}

void TestRtreeBulkLoad::datasetImportLoadsInBulk()
{
    auto store = test::openStore(mDir.filePath(QStringLiteral("store.sqlite")));
    QVERIFY(store);
    auto check = [&] {
        QCOMPARE(test::scalar(*store, QStringLiteral("SELECT rtreecheck('events_rtree')")).toString(), QStringLiteral("ok"));
        QCOMPARE(test::scalar(*store, QStringLiteral("SELECT count(*) FROM events_rtree")).toLongLong(),
                 test::scalar(*store, QStringLiteral("SELECT count(*) FROM events WHERE lon IS NOT NULL")).toLongLong());
        QCOMPARE(test::scalar(*store, QStringLiteral("SELECT count(*) FROM events e JOIN events_rtree r ON r.id = e.id "
                                                     "WHERE r.min_lon > e.lon OR r.max_lon < e.lon OR r.min_lat > e.lat "
                                                     "OR r.max_lat < e.lat"))
                     .toLongLong(),
                 0);
    };
    // Into an empty store: loaded in bulk. Then a small file (inserted one by one into the tree),
    // then a large one against what is there (the whole tree loaded again, old entries with it).
    int rows = 0;
    for (int lines : {3000, 3100, 12000}) {
        const QString path = mDir.filePath(QStringLiteral("g%1.export.CSV").arg(lines));
        test::writeGdeltFile(path, lines);
        const auto r = DatasetImporter(*store, true).importFile(path);
        QVERIFY2(r.status == DatasetImporter::FileResult::Status::Imported, qPrintable(r.error));
        QCOMPARE(r.events, qint64(lines - rows));
        rows = lines;
        check();
        if (QTest::currentTestFailed())
            return;
    }
    QCOMPARE(test::scalar(*store, QStringLiteral("SELECT count(*) FROM events_rtree")).toLongLong(), qint64(12000));
}

QTEST_MAIN(TestRtreeBulkLoad)
#include "tst_rtreebulkload.moc"
