// ArticleImporter on a real SQLite file: batches (a savepoint per article, results final only once
// committed, a failed article leaves the others of its batch, a transaction SQLite aborts loses
// the batch and says so), and the analyst's corrections applied again when an article comes back.
#include "corrections/correction.h"
#include "store/articleimporter.h"
#include "store/eventstore.h"
#include "testsupport.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace mapline;

namespace {

using FileStatus = ArticleImporter::FileResult::Status;

const char *const kArticles[] = {
    "reuters-2001-11-24-konduz-surrender.txt",
    "ap-2001-11-14-kabul-taliban-flee.txt",
    "reuters-2001-12-10-bamiyan.txt",
    "afp-2001-12-07-tora-bora.txt",
};

qint64 count(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql) || !q.next())
        return -1;
    return q.value(0).toLongLong();
}

// Every table an article writes to, and the full-text index: the rows of all articles.
qint64 rows(const QSqlDatabase &db)
{
    qint64 n = 0;
    for (const char *table : {"articles", "sentences", "events", "event_actors", "events_rtree", "sentences_fts"})
        n += count(db, QStringLiteral("SELECT count(*) FROM %1").arg(QLatin1String(table)));
    return n;
}

QList<FileStatus> statuses(const QList<ArticleImporter::FileResult> &results)
{
    QList<FileStatus> out;
    for (const auto &r : results)
        out << r.status;
    return out;
}

} // namespace

class TestImporter : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void batchIsReportedWhenCommitted();
    void storedContentIsNotExtractedAgain();
    void limitsCommit();
    void failedArticleLeavesItsBatch();
    void abortedTransactionLosesTheBatch();
    void correctionsComeBackOnReimport();
    void redatingInsideABatch();
    void userGazetteerBesideTheDatabase();
    void fusionRowsFollowOtherWrites_data();
    void fusionRowsFollowOtherWrites();

private:
    QString file(int i) const { return mDir->filePath(QString::fromLatin1(kArticles[i])); }

    std::unique_ptr<QTemporaryDir> mDir;
    std::unique_ptr<EventStore> mStore;
};

void TestImporter::init()
{
    mDir = std::make_unique<QTemporaryDir>();
    QVERIFY(mDir->isValid());
    for (const char *name : kArticles) {
        const QString relative = QStringLiteral("articles/") + QLatin1String(name);
        QVERIFY(QFile::copy(test::testData(relative), mDir->filePath(QLatin1String(name))));
        QFile::copy(test::testData(relative + QStringLiteral(".meta")),
                    mDir->filePath(QLatin1String(name) + QStringLiteral(".meta")));
    }
    auto store = EventStore::open(mDir->filePath(QStringLiteral("events.sqlite")));
    QVERIFY2(store.ok(), qPrintable(store.error()));
    mStore = std::move(store).value();
}

void TestImporter::cleanup()
{
    mStore.reset();
    mDir.reset();
}

void TestImporter::batchIsReportedWhenCommitted()
{
    auto reader = EventStore::open(mStore->path(), EventStore::Mode::ReadOnly);
    QVERIFY2(reader.ok(), qPrintable(reader.error()));
    ArticleImporter importer(*mStore, {});
    importer.setLimits({100, 3600 * 1000, 3600 * 1000});
    QVERIFY(importer.add(file(0)).isEmpty());
    QVERIFY(importer.add(file(1)).isEmpty());
    QVERIFY(mStore->inBatch());
    QVERIFY(importer.pending());
    // Another connection sees nothing of an uncommitted batch.
    QCOMPARE(count(reader.value()->database(), QStringLiteral("SELECT count(*) FROM articles")), 0);
    const auto results = importer.flush();
    QCOMPARE(statuses(results), (QList<FileStatus>{FileStatus::Imported, FileStatus::Imported}));
    QCOMPARE(results[0].path, file(0));
    QVERIFY(results[0].events > 0);
    QVERIFY(!mStore->inBatch());
    QCOMPARE(count(reader.value()->database(), QStringLiteral("SELECT count(*) FROM articles")), 2);
    QVERIFY(mStore->checkConsistency().ok());
    // The same files again: duplicates, nothing written.
    const qint64 before = rows(mStore->database());
    importer.add(file(0));
    importer.add(file(1));
    QCOMPARE(statuses(importer.flush()), (QList<FileStatus>{FileStatus::Duplicate, FileStatus::Duplicate}));
    QCOMPARE(rows(mStore->database()), before);
}

// add() asks the parser to skip the events of an article whose content is stored (a re-import):
// the text stage is the same, and such an article is never stored without its events.
void TestImporter::storedContentIsNotExtractedAgain()
{
    const ArticleParser parser;
    const Result<ParsedArticle> full = parser.parseFile(file(0));
    QVERIFY2(full.ok(), qPrintable(full.error()));
    QVERIFY(!full->events.isEmpty());
    QVERIFY(!full->eventsSkipped);
    QString asked;
    const Result<ParsedArticle> skipped = parser.parseFile(file(0), {}, [&](const Article &a) {
        asked = a.contentHash;
        return false;
    });
    QVERIFY2(skipped.ok(), qPrintable(skipped.error()));
    QVERIFY(skipped->eventsSkipped);
    QVERIFY(skipped->events.isEmpty());
    QCOMPARE(asked, full->article.contentHash);
    QCOMPARE(skipped->article.contentHash, full->article.contentHash);
    QCOMPARE(skipped->article.sentences.size(), full->article.sentences.size());
    QCOMPARE(skipped->warnings, full->warnings);

    ArticleImporter importer(*mStore, {});
    importer.setLimits({100, 3600 * 1000, 3600 * 1000});
    // Not stored: refused rather than stored without its events.
    QVERIFY(importer.add(*skipped, file(0)).isEmpty());
    auto results = importer.flush();
    QCOMPARE(statuses(results), QList<FileStatus>{FileStatus::Failed});
    QCOMPARE(count(mStore->database(), QStringLiteral("SELECT count(*) FROM articles")), 0);
    // Stored once, then the file again and the parsed article without events: duplicates.
    importer.add(file(0));
    QCOMPARE(statuses(importer.flush()), QList<FileStatus>{FileStatus::Imported});
    const qint64 before = rows(mStore->database());
    importer.add(file(0));
    importer.add(*skipped, file(0));
    QCOMPARE(statuses(importer.flush()), (QList<FileStatus>{FileStatus::Duplicate, FileStatus::Duplicate}));
    QCOMPARE(rows(mStore->database()), before);
}

void TestImporter::limitsCommit()
{
    ArticleImporter importer(*mStore, {});
    importer.setLimits({2, 3600 * 1000, 3600 * 1000});
    QVERIFY(importer.add(file(0)).isEmpty());
    QCOMPARE(importer.add(file(1)).size(), 2); // the second file fills the batch
    QVERIFY(!mStore->inBatch());
    importer.setLimits({100, 0, 3600 * 1000}); // every batch has done enough work already
    QCOMPARE(importer.add(file(2)).size(), 1);
    importer.setLimits({100, 3600 * 1000, 0}); // every batch is already old enough by the clock
    QCOMPARE(importer.add(file(2)).size(), 1);
    QVERIFY(!mStore->inBatch());
    // importFile() commits at once, and keeps an open batch's results for the next call.
    importer.setLimits({100, 3600 * 1000, 3600 * 1000});
    QVERIFY(importer.add(file(3)).isEmpty());
    QFile::copy(file(0), mDir->filePath(QStringLiteral("copy.txt")));
    QCOMPARE(importer.importFile(mDir->filePath(QStringLiteral("copy.txt"))).status, FileStatus::Duplicate);
    QVERIFY(!mStore->inBatch());
    QCOMPARE(count(mStore->database(), QStringLiteral("SELECT count(*) FROM articles")), 4);
    const auto held = importer.flush();
    QCOMPARE(held.size(), 1);
    QCOMPARE(held[0].path, file(3));
}

void TestImporter::failedArticleLeavesItsBatch()
{
    // A statement that fails inside the second article (RAISE(ABORT) ends the statement, not the
    // transaction): that article rolls back to its savepoint, the others of the batch stay.
    QSqlQuery q(mStore->database());
    QVERIFY2(q.exec(QStringLiteral("CREATE TEMP TRIGGER poison BEFORE INSERT ON main.events WHEN "
                                   "(SELECT path FROM main.articles WHERE id = new.article_id) LIKE '%kabul-taliban%' "
                                   "BEGIN SELECT RAISE(ABORT, 'poisoned'); END")),
             qPrintable(q.lastError().text()));
    ArticleImporter importer(*mStore, {});
    importer.setLimits({100, 3600 * 1000, 3600 * 1000});
    for (int i = 0; i < 3; ++i)
        QVERIFY(importer.add(file(i)).isEmpty());
    const auto results = importer.flush();
    QCOMPARE(statuses(results), (QList<FileStatus>{FileStatus::Imported, FileStatus::Failed, FileStatus::Imported}));
    QVERIFY2(results[1].error.contains(file(1)) && results[1].error.contains(QStringLiteral("poisoned")),
             qPrintable(results[1].error));
    const QSqlDatabase db = mStore->database();
    QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM articles")), 2);
    QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM articles WHERE path LIKE '%kabul-taliban%'")), 0);
    QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM sentences WHERE article_id NOT IN (SELECT id FROM articles)")), 0);
    QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM sentences_fts")),
             count(db, QStringLiteral("SELECT count(*) FROM sentences")));
    QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM events_rtree")),
             count(db, QStringLiteral("SELECT count(*) FROM events WHERE lon IS NOT NULL")));
    QVERIFY(mStore->checkConsistency().ok());
}

void TestImporter::abortedTransactionLosesTheBatch()
{
    // RAISE(ROLLBACK) ends the whole transaction, as SQLite does on a full disk: the batch's
    // earlier article is gone too and must be reported failed, not imported; the next batch works.
    QSqlQuery q(mStore->database());
    QVERIFY2(q.exec(QStringLiteral("CREATE TEMP TRIGGER poison BEFORE INSERT ON main.events WHEN "
                                   "(SELECT path FROM main.articles WHERE id = new.article_id) LIKE '%kabul-taliban%' "
                                   "BEGIN SELECT RAISE(ROLLBACK, 'the disk is full'); END")),
             qPrintable(q.lastError().text()));
    ArticleImporter importer(*mStore, {});
    importer.setLimits({100, 3600 * 1000, 3600 * 1000});
    QVERIFY(importer.add(file(0)).isEmpty());
    const auto lost = importer.add(file(1));
    QCOMPARE(statuses(lost), (QList<FileStatus>{FileStatus::Failed, FileStatus::Failed}));
    QVERIFY2(lost[0].error.contains(file(0)), qPrintable(lost[0].error));
    QVERIFY(!mStore->inBatch());
    QCOMPARE(rows(mStore->database()), 0);
    QVERIFY(importer.add(file(2)).isEmpty());
    QCOMPARE(statuses(importer.flush()), (QList<FileStatus>{FileStatus::Imported}));
    QCOMPARE(count(mStore->database(), QStringLiteral("SELECT count(*) FROM articles")), 1);
    QVERIFY(mStore->checkConsistency().ok());
}

void TestImporter::correctionsComeBackOnReimport()
{
    ArticleImporter importer(*mStore, {});
    const auto first = importer.importFile(file(0));
    QCOMPARE(first.status, FileStatus::Imported);
    QCOMPARE(first.corrections, 0);
    auto events = mStore->events();
    QVERIFY(events.ok() && !events->isEmpty());
    const Event machine = events->first();
    const auto key = mStore->eventKey(machine.id);
    QVERIFY2(key.ok(), qPrintable(key.error()));
    Correction c;
    c.type = EventTypeCodes{QStringLiteral("killing"), QStringLiteral("Violence against civilians"),
                            QStringLiteral("Attack"), QStringLiteral("18")};
    c.time = TimeRange::day(QDate(2001, 11, 30));
    QVERIFY(mStore->setCorrection(*key, c).ok());

    // Deleted and imported again through the importer, as `mapline import` does, in a batch.
    QSqlQuery del(mStore->database());
    QVERIFY(del.exec(QStringLiteral("DELETE FROM articles")));
    QCOMPARE(mStore->events()->size(), 0);
    QVERIFY(importer.add(file(0)).isEmpty());
    const auto again = importer.flush();
    QCOMPARE(statuses(again), (QList<FileStatus>{FileStatus::Imported}));
    QCOMPARE(again[0].corrections, 1);
    const qint64 id = mStore->eventIdOf(*key).value();
    QVERIFY(id > 0); // (ids may be reused once the old rows are gone)
    bool found = false;
    for (const Event &e : mStore->events().value()) {
        if (e.id != id)
            continue;
        found = true;
        QVERIFY(e.hasFlag(Event::Corrected));
        QCOMPARE(e.type, QStringLiteral("killing"));
        QCOMPARE(e.time.start, QDate(2001, 11, 30));
        QCOMPARE(e.sentence, machine.sentence);
    }
    QVERIFY(found);
    QCOMPARE(mStore->applyCorrections().value(), 0); // nothing left to apply
}

void TestImporter::redatingInsideABatch()
{
    // An undated article, then the same file with --date: dated in the batch, with its savepoint.
    const QString undated = mDir->filePath(QStringLiteral("undated.txt"));
    QVERIFY(QFile::copy(test::testData(QStringLiteral("articles/undated-kabul-aid-convoy.txt")), undated));
    {
        ArticleImporter importer(*mStore, {});
        importer.add(undated);
        QCOMPARE(statuses(importer.flush()), (QList<FileStatus>{FileStatus::Imported}));
    }
    ParseOptions dated;
    dated.published = QDate(2001, 12, 1);
    ArticleImporter importer(*mStore, dated);
    importer.setLimits({100, 3600 * 1000, 3600 * 1000});
    importer.add(file(0));
    importer.add(undated);
    QCOMPARE(statuses(importer.flush()), (QList<FileStatus>{FileStatus::Imported, FileStatus::Redated}));
    QCOMPARE(count(mStore->database(), QStringLiteral("SELECT count(*) FROM articles WHERE published = '2001-12-01'")), 1);
}

void TestImporter::userGazetteerBesideTheDatabase()
{
    QVERIFY(ArticleImporter(*mStore, {}).options().userGazetteerPath.isEmpty());
    const QString gazetteer = mDir->filePath(QStringLiteral("gazetteer-user.tsv"));
    QVERIFY(test::writeFile(gazetteer, "id\tname\tkind\tlon\tlat\tadmin1\tadmin2\tcountry\tpopulation\talt_names\n"));
    QCOMPARE(QFileInfo(ArticleImporter(*mStore, {}).options().userGazetteerPath), QFileInfo(gazetteer));
    ParseOptions chosen;
    chosen.userGazetteerPath = QStringLiteral("/elsewhere/places.tsv");
    QCOMPARE(ArticleImporter(*mStore, chosen).options().userGazetteerPath, chosen.userGazetteerPath);
}

void TestImporter::fusionRowsFollowOtherWrites_data()
{
    QTest::addColumn<bool>("otherConnection");
    QTest::newRow("another connection") << true;
    QTest::newRow("this connection, outside a batch") << false;
}

// A batch's fusion takes the members of stored happenings from the rows the earlier batches of
// the same store read (FusionRowCache), and only while nothing else wrote in between: here the
// first copy's events are moved 400 days on between two batches, by another connection or by
// this one outside a batch, without their happenings being marked; the second copy's batch must
// fuse as a store opened afresh does (which reads every row), not with the rows as they were.
void TestImporter::fusionRowsFollowOtherWrites()
{
    QFETCH(bool, otherConnection);
    // Two copies of one story: their reports are the same happenings.
    QFile original(test::testData(QStringLiteral("articles/") + QLatin1String(kArticles[0])));
    QVERIFY(original.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(original.readAll());
    QStringList copies;
    for (int n = 0; n < 2; ++n) {
        const qsizetype at = text.indexOf(QStringLiteral(". "), text.size() / 4);
        QVERIFY(at > 0);
        QString copy = text;
        copy.insert(at, QStringLiteral(" (copy %1)").arg(n));
        copies << mDir->filePath(QStringLiteral("copy-%1.txt").arg(n));
        QFile out(copies.last());
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(copy.toUtf8());
        QVERIFY(QFile::copy(test::testData(QStringLiteral("articles/") + QLatin1String(kArticles[0]) + QStringLiteral(".meta")),
                            copies.last() + QStringLiteral(".meta")));
    }
    const QString shift = QStringLiteral("UPDATE events SET date = date(date, '+400 days'), date_end = date(date_end, '+400 days') "
                                         "WHERE article_id = (SELECT min(id) FROM articles)");
    // Each event and its happening, and the happenings' rows.
    const auto outcome = [](const QSqlDatabase &db) {
        QSqlQuery q(db);
        QStringList out;
        q.exec(QStringLiteral("SELECT id, coalesce(happening_id, 0), date FROM events ORDER BY id"));
        while (q.next())
            out << QStringLiteral("%1:%2:%3").arg(q.value(0).toLongLong()).arg(q.value(1).toLongLong()).arg(q.value(2).toString());
        q.exec(QStringLiteral("SELECT id, date, date_end, reports FROM happenings ORDER BY id"));
        while (q.next())
            out << QStringLiteral("h%1:%2:%3:%4").arg(q.value(0).toLongLong()).arg(q.value(1).toString(), q.value(2).toString())
                       .arg(q.value(3).toLongLong());
        return out;
    };
    const auto run = [&](const QString &path, bool reopen) -> QStringList {
        auto opened = EventStore::open(path);
        if (!opened.ok())
            return {opened.error()};
        std::unique_ptr<EventStore> store = std::move(opened).value();
        {
            ArticleImporter importer(*store, {});
            importer.add(copies[0]);
            if (statuses(importer.flush()) != QList<FileStatus>{FileStatus::Imported})
                return {QStringLiteral("first copy not imported")};
        }
        if (otherConnection) {
            const QString name = QStringLiteral("other-") + path;
            {
                QSqlDatabase other = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
                other.setDatabaseName(path);
                if (!other.open() || !QSqlQuery(other).exec(shift))
                    return {QStringLiteral("the other connection did not write")};
                other.close();
            }
            QSqlDatabase::removeDatabase(name);
        } else if (!QSqlQuery(store->database()).exec(shift)) {
            return {QStringLiteral("the store's connection did not write")};
        }
        if (reopen) {
            store.reset();
            auto again = EventStore::open(path);
            if (!again.ok())
                return {again.error()};
            store = std::move(again).value();
        }
        ArticleImporter importer(*store, {});
        importer.add(copies[1]);
        if (statuses(importer.flush()) != QList<FileStatus>{FileStatus::Imported})
            return {QStringLiteral("second copy not imported")};
        return outcome(store->database());
    };
    const QStringList kept = run(mDir->filePath(QStringLiteral("kept.sqlite")), false);
    const QStringList fresh = run(mDir->filePath(QStringLiteral("fresh.sqlite")), true);
    QVERIFY(fresh.size() > 10);
    QCOMPARE(kept, fresh);
}

QTEST_GUILESS_MAIN(TestImporter)
#include "tst_importer.moc"
