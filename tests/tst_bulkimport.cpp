// Dataset imports of many rows: the file is read on a thread of its own, a few chunks ahead of the
// store (models/interop/readahead.*), and the rows are written through SQLite's C API
// (models/store/rawstatement.*). These tests make files far bigger than the rows in flight, so
// the chunks' order, the counts, the bad rows' lines, cancelling while the reader waits, and the
// text's UTF-8 are all checked across many hand-overs.
#include "corrections/correctioneditor.h"
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
    void sharedSentenceKeepsCorrectionsApart();
    void discardedRowStaysOutOfALaterFile();

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
    // Every line has the same description (the fixture's first row, its GDELT id aside): one
    // sentence row for all of them, its index the first line's, and one full-text entry.
    QCOMPARE(test::scalar(*store, QStringLiteral("SELECT count(*) FROM sentences")).toLongLong(), 1);
    QCOMPARE(test::scalar(*store, QStringLiteral("SELECT idx FROM sentences")).toLongLong(), 1);
    QCOMPARE(test::scalar(*store, QStringLiteral("SELECT count(*) FROM events WHERE sentence_id IS NULL OR sentence_id <> "
                                           "(SELECT id FROM sentences)"))
                 .toLongLong(),
             0);
    QCOMPARE(test::scalar(*store, QStringLiteral("SELECT count(*) FROM sentences_fts")).toLongLong(), 1);
    // Stored in the file's order: event ids rise with the GDELT id, which the generator numbered
    // by line.
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
    // The GDELT id is no longer in the text: a search for it finds the event by its external_id.
    QCOMPARE(test::scalar(*store, QStringLiteral("SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH '700001'"))
                 .toLongLong(),
             0);
    EventQuery byNumber;
    byNumber.search = QStringLiteral("700001");
    const auto found = store->events(byNumber);
    QVERIFY2(found, qPrintable(found.error()));
    QCOMPARE(found->size(), 1);
    QCOMPARE(found->first().id,
             test::scalar(*store, QStringLiteral("SELECT id FROM events WHERE external_id = '700001'")).toLongLong());
    byNumber.search = QStringLiteral("70001*"); // 700010-700019
    const auto prefixed = store->events(byNumber);
    QVERIFY2(prefixed, qPrintable(prefixed.error()));
    QCOMPARE(prefixed->size(), 10);
    QVERIFY(store->checkConsistency().ok());
}

// Rows with the same text share one sentence, so their corrections' keys differ only by rank
// (EventKey::ordinal): discarding one row must not move another's key onto a key already used,
// and a correction of one row must never change another.
void TestBulkImport::sharedSentenceKeepsCorrectionsApart()
{
    const QString path = mDir.filePath(QStringLiteral("corrected.export.CSV"));
    test::writeGdeltFile(path, 5, 0);
    auto store = openStore(QStringLiteral("corrected.sqlite"));
    QVERIFY(store);
    const auto r = DatasetImporter(*store, true).importFile(path);
    QVERIFY2(r.status == FileStatus::Imported, qPrintable(r.error));
    QCOMPARE(test::scalar(*store, QStringLiteral("SELECT count(*) FROM sentences")).toLongLong(), 1);
    QList<qint64> ids;
    QSqlQuery q(store->database());
    QVERIFY(q.exec(QStringLiteral("SELECT id FROM events ORDER BY id")));
    while (q.next())
        ids << q.value(0).toLongLong();
    QCOMPARE(ids.size(), 5);
    QList<EventKey> keys;
    for (qint64 id : ids) {
        const auto key = store->eventKey(id);
        QVERIFY2(key, qPrintable(key.error()));
        for (const EventKey &other : keys)
            QVERIFY(!(other == *key));
        keys << *key;
    }
    auto typeOf = [&](qint64 id) {
        return test::scalar(*store, QStringLiteral("SELECT type FROM events WHERE id = %1").arg(id)).toString();
    };
    const QString machineType = typeOf(ids[2]);

    CorrectionEditor editor;
    editor.setStore(store.get());
    QVERIFY(editor.correctType(ids[1], {QStringLiteral("talks"), QString(), QString(), QStringLiteral("04")}).ok());
    QVERIFY(editor.discard(ids[0]).ok());
    QVERIFY(editor.discard(ids[3]).ok());
    // The others keep their keys.
    for (int i : {1, 2, 4}) {
        const auto key = store->eventKey(ids[i]);
        QVERIFY2(key, qPrintable(key.error()));
        QVERIFY2(*key == keys[i], qPrintable(QStringLiteral("event %1 has the ordinal %2, was %3")
                                                  .arg(ids[i])
                                                  .arg(key->ordinal)
                                                  .arg(keys[i].ordinal)));
        QCOMPARE(store->eventIdOf(keys[i]).value(), ids[i]);
    }
    QCOMPARE(store->eventIdOf(keys[0]).value(), qint64(0));
    // A correction of the third row changes it alone.
    QVERIFY(editor.correctType(ids[2], {QStringLiteral("protest"), QString(), QString(), QStringLiteral("14")}).ok());
    QCOMPARE(typeOf(ids[1]), QStringLiteral("talks"));
    QCOMPARE(typeOf(ids[2]), QStringLiteral("protest"));
    QCOMPARE(typeOf(ids[4]), machineType);
    QCOMPARE(test::scalar(*store, QStringLiteral("SELECT count(*) FROM events")).toLongLong(), 3);
    // Undone, the discarded rows come back with their keys, the shared sentence untouched.
    editor.undoStack()->undo();
    editor.undoStack()->undo();
    editor.undoStack()->undo();
    QCOMPARE(test::scalar(*store, QStringLiteral("SELECT count(*) FROM events")).toLongLong(), 5);
    QCOMPARE(typeOf(ids[2]), machineType);
    QCOMPARE(typeOf(ids[1]), QStringLiteral("talks"));
    for (int i = 0; i < 5; ++i) {
        const auto key = store->eventKey(ids[i]);
        QVERIFY2(key, qPrintable(key.error()));
        QVERIFY(*key == keys[i]);
    }
    QCOMPARE(test::scalar(*store, QStringLiteral("SELECT count(*) FROM sentences")).toLongLong(), 1);
    QVERIFY(store->checkConsistency().ok());
}

// A row the analyst discarded stays out when a later file repeats it (an ACLED export of a longer
// period, GDELT files that overlap): it is left out as a row already stored is, not brought back
// as a new event of the later file. Undone, the discard brings the row back, and the next file
// leaves it out as stored.
void TestBulkImport::discardedRowStaysOutOfALaterFile()
{
    const QString first = mDir.filePath(QStringLiteral("first.export.CSV"));
    const QString later = mDir.filePath(QStringLiteral("later.export.CSV"));
    const QString last = mDir.filePath(QStringLiteral("last.export.CSV"));
    test::writeGdeltFile(first, 5, 0);
    test::writeGdeltFile(later, 8, 0);
    test::writeGdeltFile(last, 10, 0);
    auto store = openStore(QStringLiteral("discarded.sqlite"));
    QVERIFY(store);
    auto r = DatasetImporter(*store, true).importFile(first);
    QVERIFY2(r.status == FileStatus::Imported, qPrintable(r.error));
    const auto idOf = [&](int line) {
        return test::scalar(*store, QStringLiteral("SELECT coalesce(max(id), 0) FROM events WHERE external_id = '%1'").arg(700000 + line))
            .toLongLong();
    };
    const auto count = [&] { return test::scalar(*store, QStringLiteral("SELECT count(*) FROM events")).toLongLong(); };
    CorrectionEditor editor;
    editor.setStore(store.get());
    QVERIFY(editor.discard(idOf(1)).ok());
    QVERIFY(editor.discard(idOf(4)).ok());
    QCOMPARE(count(), qint64(3));

    r = DatasetImporter(*store, true).importFile(later);
    QVERIFY2(r.status == FileStatus::Imported, qPrintable(r.error));
    QCOMPARE(r.events, qint64(3));
    QCOMPARE(r.alreadyPresent, qint64(5));
    QCOMPARE(r.discarded, qint64(2));
    QCOMPARE(count(), qint64(6));
    QCOMPARE(idOf(1), qint64(0));
    QCOMPARE(idOf(4), qint64(0));

    editor.undoStack()->undo(); // the second discard
    QCOMPARE(count(), qint64(7));
    QVERIFY(idOf(4) > 0);
    r = DatasetImporter(*store, true).importFile(last);
    QVERIFY2(r.status == FileStatus::Imported, qPrintable(r.error));
    QCOMPARE(r.events, qint64(2));
    QCOMPARE(r.alreadyPresent, qint64(8));
    QCOMPARE(r.discarded, qint64(1));
    QCOMPARE(count(), qint64(9));
    QCOMPARE(idOf(1), qint64(0));
    QCOMPARE(test::scalar(*store, QStringLiteral("SELECT count(*) FROM events WHERE external_id = '700004'")).toLongLong(), 1);
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
