// The store's writing of happenings on the paths made for large writes (FusionSync, docs/FUSION.md
// and docs/PERFORMANCE.md, "Fusion"): `events_happening` built again when most events move, and
// the stored rows read back and compared, a chunk at a time, so that only those that differ are
// written, the new ones several to an INSERT. Their thresholds are made small here so that the fusion test set's datasets take them;
// what is stored must be exactly what the small-write paths store.
#include "interop/datasetimporter.h"
#include "store/changecounter.h"
#include "store/eventstore.h"
#include "store/fusionsync.h"
#include "testsupport.h"

#include <QDir>
#include <QSqlError>
#include <QSqlRecord>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include <limits>

using namespace mapline;

namespace {

// Every happening by its lowest event (ids aside: a happening is its events), with its row.
QMap<qint64, QString> snapshot(EventStore &store)
{
    QMap<qint64, QString> out;
    QSqlQuery q(store.database());
    if (!q.exec(QStringLiteral("SELECT (SELECT min(e.id) FROM events e WHERE e.happening_id = h.id), "
                               "(SELECT group_concat(e.id) FROM (SELECT id FROM events WHERE happening_id = h.id "
                               "ORDER BY id) e), h.* FROM happenings h"))) {
        qWarning() << q.lastError().text();
        return {};
    }
    while (q.next()) {
        QStringList row;
        for (int c = 1; c < q.record().count(); ++c)
            row << (q.value(c).isNull() ? QStringLiteral("NULL") : q.value(c).toString());
        out.insert(q.value(0).toLongLong(), row.join(QLatin1Char('|')));
    }
    return out;
}

bool exec(EventStore &store, const QString &sql)
{
    QSqlQuery q(store.database());
    if (!q.exec(sql)) {
        qWarning() << sql << q.lastError().text();
        return false;
    }
    return true;
}

// The fusion test set's ACLED and GDELT files, imported into a new database.
std::unique_ptr<EventStore> importTestSet(const QString &path)
{
    auto store = test::openStore(path);
    if (!store)
        return nullptr;
    DatasetImporter importer(*store, false);
    const QDir dir(test::testData(QStringLiteral("fusion/datasets")));
    for (const QString &name : dir.entryList(QDir::Files, QDir::Name)) {
        const auto r = importer.importFile(dir.filePath(name));
        if (r.status != DatasetImporter::FileResult::Status::Imported) {
            qWarning() << name << r.error;
            return nullptr;
        }
    }
    return store;
}

// Marks the database fused by older rules and opens it again: the opening fuses it again.
std::unique_ptr<EventStore> reopenRefused(std::unique_ptr<EventStore> store, const QString &path)
{
    if (!exec(*store, QStringLiteral("UPDATE settings SET value = '0' WHERE key = 'fusion_rules'")))
        return nullptr;
    store.reset();
    return test::openStore(path);
}

} // namespace

class TestFusionWrite : public QObject {
    Q_OBJECT
private slots:
    void cleanup() { fusionWriteThresholds() = FusionWriteThresholds(); }
    void aClearedDatabaseRebuildsItsIndex();
    void aStoredRowUnlikeItsFusionIsWrittenAgain();
    void aLargeWriteCountsItsChangesOnce();
};

// Every event moves (a database whose happenings were cleared, as the migration that brings
// happenings meets it; a dataset file imported into an empty database): with the index built
// again the happenings are those kept up to date one event at a time, and the index is the
// schema's.
void TestFusionWrite::aClearedDatabaseRebuildsItsIndex()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QMap<qint64, QString> expected, rebuilt, imported, importedRebuilt;
    for (const bool small : {false, true}) {
        fusionWriteThresholds() = small ? FusionWriteThresholds{1, 1, 1, 3} : FusionWriteThresholds();
        const QString path = dir.filePath(small ? QStringLiteral("small.sqlite") : QStringLiteral("default.sqlite"));
        // The import too builds the index again when its file is large for the table.
        auto store = importTestSet(path);
        QVERIFY(store);
        (small ? importedRebuilt : imported) = snapshot(*store);
        QCOMPARE(test::scalar(*store, QStringLiteral("SELECT sql FROM sqlite_master WHERE name = 'events_happening'")).toString(),
                 QStringLiteral("CREATE INDEX events_happening ON events(happening_id)"));
        QVERIFY(exec(*store, QStringLiteral("UPDATE events SET happening_id = NULL")));
        QVERIFY(exec(*store, QStringLiteral("DELETE FROM happenings")));
        store = reopenRefused(std::move(store), path);
        QVERIFY(store);
        (small ? rebuilt : expected) = snapshot(*store);
        QCOMPARE(test::scalar(*store, QStringLiteral("SELECT count(*) FROM events WHERE happening_id IS NULL")).toInt(), 0);
        QCOMPARE(test::scalar(*store, QStringLiteral("SELECT sql FROM sqlite_master WHERE name = 'events_happening'")).toString(),
                 QStringLiteral("CREATE INDEX events_happening ON events(happening_id)"));
        QCOMPARE(test::scalar(*store, QStringLiteral("PRAGMA integrity_check")).toString(), QStringLiteral("ok"));
    }
    QVERIFY(expected.size() > 10);
    QCOMPARE(rebuilt, expected);
    QCOMPARE(importedRebuilt, imported);
}

// A re-fusion by the same rules leaves a row that is as it would be written alone, and writes
// again one that differs in any column, or was marked stale.
void TestFusionWrite::aStoredRowUnlikeItsFusionIsWrittenAgain()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    fusionWriteThresholds() = FusionWriteThresholds{1, 1, 1, 3};
    const QString path = dir.filePath(QStringLiteral("fusion.sqlite"));
    auto store = importTestSet(path);
    QVERIFY(store);
    store = reopenRefused(std::move(store), path);
    QVERIFY(store);
    const QMap<qint64, QString> expected = snapshot(*store);
    QVERIFY(expected.size() > 10);
    // Each column that the fusion writes, changed in a row of its own (ids 1 to 9 at least exist,
    // the ids being kept by a re-fusion).
    const QStringList changes = {
        QStringLiteral("place = 'elsewhere'"),       QStringLiteral("lon = lon + 0.5"),
        QStringLiteral("date_precision = 'year'"),   QStringLiteral("confidence = confidence / 2"),
        QStringLiteral("reports = reports + 1"),     QStringLiteral("disagreements = '[]'"),
        QStringLiteral("stale = 1"),                 QStringLiteral("area = NULL"),
        QStringLiteral("actors = actors || '; X'"),
    };
    QSqlQuery ids(store->database());
    QVERIFY(ids.exec(QStringLiteral("SELECT id FROM happenings ORDER BY id LIMIT %1").arg(changes.size())));
    QList<qint64> rows;
    while (ids.next())
        rows << ids.value(0).toLongLong();
    QCOMPARE(rows.size(), changes.size());
    for (qsizetype i = 0; i < changes.size(); ++i)
        QVERIFY(exec(*store, QStringLiteral("UPDATE happenings SET %1 WHERE id = %2").arg(changes[i]).arg(rows[i])));
    QVERIFY(snapshot(*store) != expected);
    store = reopenRefused(std::move(store), path);
    QVERIFY(store);
    QCOMPARE(snapshot(*store), expected);
}

// A large write takes the change counter's triggers on happenings and events.happening_id out
// while it writes (each fired for every row): they must be back as they were, the counter moved
// (the persistent index copy is stale after a re-fusion), and the happenings those written with
// the triggers in place.
void TestFusionWrite::aLargeWriteCountsItsChangesOnce()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QMap<qint64, QString> counted, suspended;
    for (const bool suspend : {false, true}) {
        fusionWriteThresholds() = FusionWriteThresholds{1, 1, suspend ? size_t(1) : std::numeric_limits<size_t>::max(), 3};
        const QString path = dir.filePath(suspend ? QStringLiteral("suspended.sqlite") : QStringLiteral("counted.sqlite"));
        auto store = importTestSet(path);
        QVERIFY(store);
        QVERIFY(exec(*store, QStringLiteral("UPDATE events SET happening_id = NULL")));
        QVERIFY(exec(*store, QStringLiteral("DELETE FROM happenings")));
        const qint64 before = test::scalar(*store, QStringLiteral("SELECT generation FROM mapline_changes")).toLongLong();
        store = reopenRefused(std::move(store), path);
        QVERIFY(store);
        QVERIFY(test::scalar(*store, QStringLiteral("SELECT generation FROM mapline_changes")).toLongLong() > before);
        for (const ChangeCounter::Trigger &t : ChangeCounter::triggers())
            QCOMPARE(test::scalar(*store, QStringLiteral("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = '%1'")
                                              .arg(t.name)).toString(),
                     t.sql);
        (suspend ? suspended : counted) = snapshot(*store);
        // And the triggers count again: a change after the write moves the counter.
        const qint64 after = test::scalar(*store, QStringLiteral("SELECT generation FROM mapline_changes")).toLongLong();
        QVERIFY(exec(*store, QStringLiteral("UPDATE events SET happening_id = happening_id WHERE id = 1")));
        QCOMPARE(test::scalar(*store, QStringLiteral("SELECT generation FROM mapline_changes")).toLongLong(), after + 1);
    }
    QVERIFY(counted.size() > 10);
    QCOMPARE(suspended, counted);
}

QTEST_GUILESS_MAIN(TestFusionWrite)
#include "tst_fusionwrite.moc"
