// Dataset imports of many rows: the file is read on a thread of its own, a few chunks ahead of the
// store (models/interop/readahead.*), and the rows are written through SQLite's C API
// (models/store/rawstatement.*). These tests make files far bigger than the rows in flight, so
// the chunks' order, the counts, the bad rows' lines, cancelling while the reader waits, and the
// text's UTF-8 are all checked across many hand-overs.
#include "interop/datasetimporter.h"
#include "interop/readahead.h"
#include "store/eventstore.h"
#include "gdeltfiles.h"
#include "testsupport.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace mapline;
using FileStatus = DatasetImporter::FileResult::Status;

class TestBulkImport : public QObject {
    Q_OBJECT
private slots:
    void init() { QVERIFY(mDir.isValid()); }
    void manyChunksKeepOrderAndCounts();
    void progressRisesToTheTotal();
    void cancelWhileTheReaderWaits();
    void textIsStoredAsWritten();

private:
    std::unique_ptr<EventStore> openStore(const QString &name) { return test::openStore(mDir.filePath(name)); }
    QTemporaryDir mDir;
};

void TestBulkImport::manyChunksKeepOrderAndCounts()
{
    // Ten times the rows that can be in flight, with a bad row every 97 lines.
    const int lines = 10 * ReadAheadSource::kChunkRows * ReadAheadSource::kDepth;
    const QString path = mDir.filePath(QStringLiteral("many.export.CSV"));
    const QList<qint64> bad = test::writeGdeltFile(path, lines, 97);
    auto store = openStore(QStringLiteral("many.sqlite"));
    QVERIFY(store);
    const auto r = DatasetImporter(*store, true).importFile(path);
    QVERIFY2(r.status == FileStatus::Imported, qPrintable(r.error));
    QCOMPARE(r.rows, qint64(lines));
    QCOMPARE(r.skipped, qint64(bad.size()));
    QCOMPARE(r.events, qint64(lines - bad.size()));
    // The first kMaxIssues bad rows, in the file's order, by line.
    QCOMPARE(r.issues.size(), qMin(int(bad.size()), DatasetImporter::kMaxIssues));
    for (int i = 0; i < r.issues.size(); ++i)
        QCOMPARE(r.issues[i].line, bad[i]);
    QCOMPARE(test::scalar(*store, QStringLiteral("SELECT count(*) FROM events")).toLongLong(), r.events);
    // Stored in the file's order: event ids rise with the line (each event's sentence index) and
    // with the GDELT id, which the generator numbered by line.
    QCOMPARE(test::scalar(*store, QStringLiteral("SELECT count(*) FROM events e JOIN sentences s ON s.id = e.sentence_id "
                                           "WHERE CAST(e.external_id AS INTEGER) <> 700000 + s.idx"))
                 .toLongLong(),
             0);
    QCOMPARE(test::scalar(*store, QStringLiteral("SELECT count(*) FROM events a JOIN events b ON b.id = a.id + 1 "
                                           "WHERE CAST(b.external_id AS INTEGER) <= CAST(a.external_id AS INTEGER)"))
                 .toLongLong(),
             0);
    // Every event has its actors, its place and its spatial and full-text entries.
    QCOMPARE(test::scalar(*store, QStringLiteral("SELECT count(*) FROM events WHERE id NOT IN "
                                           "(SELECT event_id FROM event_actors)"))
                 .toLongLong(),
             0);
    QCOMPARE(test::scalar(*store, QStringLiteral("SELECT count(*) FROM events_rtree")).toLongLong(), r.events);
    QCOMPARE(test::scalar(*store, QStringLiteral("SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH '700001'"))
                 .toLongLong(),
             1);
    QVERIFY(store->checkConsistency().ok());
}

void TestBulkImport::progressRisesToTheTotal()
{
    const QString path = mDir.filePath(QStringLiteral("progress.export.CSV"));
    test::writeGdeltFile(path, 20000, 0);
    auto store = openStore(QStringLiteral("progress.sqlite"));
    QVERIFY(store);
    QList<qint64> done;
    qint64 total = -1;
    const auto r = DatasetImporter(*store, true).importFile(path, [&](qint64 d, qint64 t) {
        done << d;
        total = t;
        return true;
    });
    QVERIFY2(r.status == FileStatus::Imported, qPrintable(r.error));
    QVERIFY(done.size() > 10); // asked now and then, not only at the end
    QCOMPARE(total, QFileInfo(path).size());
    QCOMPARE(done.last(), total);
    for (int i = 1; i < done.size(); ++i)
        QVERIFY(done[i] >= done[i - 1]);
}

void TestBulkImport::cancelWhileTheReaderWaits()
{
    // Cancelled at the first chunk, while the reader is blocked on a full queue: the import stops
    // (no deadlock, the reader joined) and leaves nothing.
    const QString path = mDir.filePath(QStringLiteral("cancel.export.CSV"));
    test::writeGdeltFile(path, 50000, 0);
    auto store = openStore(QStringLiteral("cancel.sqlite"));
    QVERIFY(store);
    int calls = 0;
    const auto r = DatasetImporter(*store, true).importFile(path, [&](qint64, qint64) {
        if (calls++ == 0)
            QThread::msleep(200); // let the reader fill the queue and wait
        return false;
    });
    QVERIFY(r.status == FileStatus::Cancelled);
    QCOMPARE(calls, 1);
    QCOMPARE(test::scalar(*store, QStringLiteral("SELECT count(*) FROM events")).toLongLong(), 0);
    QCOMPARE(test::scalar(*store, QStringLiteral("SELECT count(*) FROM datasets")).toLongLong(), 0);
    const auto again = DatasetImporter(*store, true).importFile(path);
    QVERIFY2(again.status == FileStatus::Imported, qPrintable(again.error));
    QCOMPARE(again.events, 50000);
}

void TestBulkImport::textIsStoredAsWritten()
{
    // Non-ASCII text (accents, Pashto, a character outside the BMP, an embedded quote) goes in
    // as UTF-8 and comes back unchanged, in the sentence and in the place and actor names.
    const QByteArray fixture = test::readFile(test::testData(QStringLiteral("datasets/acled-afghanistan-2020.csv")));
    const QList<QByteArray> lines = fixture.split('\n');
    const QString notes = QStringLiteral("Mazār-e Sharīf: د طالبانو برید 🛰 \"quoted\" — ends.");
    const QString location = QStringLiteral("Mazār-e Sharīf");
    const QString actor = QStringLiteral("Ittiḥād-e Mardom-e Dāykundī"); // not in the actor lexicon: kept as written
    QByteArray row = "9101,4,AFG99101,99101,\"21 March 2020\",2020,1,Battles,\"Armed clash\",\"" + actor.toUtf8() +
                     "\",,2,,,0,20,\"Caucasus and Central Asia\",Afghanistan,Balkh,Mazar-e Sharif,,\"" +
                     location.toUtf8() + "\",36.7069,67.1122,1,Pajhwok,National,\"" +
                     QString(notes).replace(QLatin1Char('"'), QStringLiteral("\"\"")).toUtf8() +
                     "\",0,1584984341,AFG\n";
    const QString path = mDir.filePath(QStringLiteral("utf8.csv"));
    QVERIFY(test::writeFile(path, lines[0] + '\n' + row));
    auto store = openStore(QStringLiteral("utf8.sqlite"));
    QVERIFY(store);
    const auto r = DatasetImporter(*store, true).importFile(path);
    QVERIFY2(r.status == FileStatus::Imported, qPrintable(r.error));
    QCOMPARE(r.events, 1);
    QCOMPARE(test::scalar(*store, QStringLiteral("SELECT text FROM sentences")).toString(), notes);
    QCOMPARE(test::scalar(*store, QStringLiteral("SELECT place_text FROM events")).toString(), location);
    QCOMPARE(test::scalar(*store, QStringLiteral("SELECT name FROM actors")).toString(), actor);
    QCOMPARE(test::scalar(*store, QStringLiteral("SELECT length(text) = length(CAST(text AS BLOB)) FROM sentences")).toInt(),
             0); // multi-byte UTF-8, not Latin-1
    QCOMPARE(test::scalar(*store, QStringLiteral("SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH 'sharif'"))
                 .toLongLong(),
             1); // remove_diacritics finds "Sharīf"
}

QTEST_GUILESS_MAIN(TestBulkImport)
#include "tst_bulkimport.moc"
