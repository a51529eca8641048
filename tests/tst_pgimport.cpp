// `mapline import --db postgresql://...` on a real PostgreSQL 15 server with PostGIS (the tests'
// own, tests/support/pgserver.*): articles and dataset files give the events and happenings they
// give in SQLite (the fusion test set in two orders, the analyst's corrections, a store's events
// without happenings fused at the next import); two imports at once store each article and each
// dataset row once, and both succeed (killed imports: tst_pgcrashsafety).
#include "pgimports.h"
#include "pgserver.h"

#include "corrections/correction.h"
#include "store/eventstore.h"

#include <QProcess>
#include <QScopeGuard>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace mapline;
using namespace mapline::pg;


class TestPgImport : public QObject {
    Q_OBJECT

private:
    test::PgServer mServer;

    QString newStore()
    {
        const QString url = mServer.createDatabase();
        if (url.isEmpty())
            qWarning().noquote() << mServer.error();
        return url;
    }

private slots:
    void initTestCase()
    {
        MAPLINE_START_PG_SERVER(mServer);
    }

    // The same articles and dataset files, the same command, into both stores: the same events,
    // ids, places, actors, texts, dates and positions; and the same lines on the terminal.
    void importsWhatSqliteImports()
    {
        const QString url = newStore();
        QVERIFY(!url.isEmpty());
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("events.sqlite"));
        const test::ProcessResult lite = test::runMapline(QStringList{QStringLiteral("import"), QStringLiteral("--db"), file} + test::testInputs());
        QCOMPARE(lite.exitCode, 1); // the test GDELT and ACLED files hold bad rows on purpose
        const test::ProcessResult pg = test::runMapline(QStringList{QStringLiteral("import"), QStringLiteral("--db"), url} + test::testInputs());
        QCOMPARE(pg.exitCode, 1);
        QVERIFY2(pg.out.contains("11 articles imported"), pg.out.constData());
        QByteArray liteOut = lite.out, pgOut = pg.out;
        liteOut.replace(file.toUtf8(), "DB");
        pgOut.replace(url.toUtf8(), "DB");
        QCOMPARE(pgOut, liteOut);
        QCOMPARE(pg.err, lite.err);
        // The events with their happenings (happening_id, sources), fused in the import's
        // transactions as into SQLite.
        const QByteArray expected = test::eventsOf(file, true);
        QVERIFY(expected.size() > 1000);
        QVERIFY(expected.contains("\"happening_id\": 1,"));
        QCOMPARE(test::eventsOf(url, true), expected);
        QCOMPARE(test::happeningsOf(url), test::happeningsOf(file));

        // Again: nothing changes, every file "unchanged", in both stores alike.
        const test::ProcessResult again = test::runMapline(QStringList{QStringLiteral("import"), QStringLiteral("--db"), url} + test::testInputs());
        QVERIFY2(again.out.contains("0 articles imported, 11 unchanged"), again.out.constData());
        QVERIFY2(again.out.contains("0 datasets imported, 3 unchanged"), again.out.constData());
        QCOMPARE(test::eventsOf(url, true), expected);
    }

    // A file at least as large as the store goes in bulk (pgdatasetwriter.cpp: the rows by COPY
    // straight into their tables, their keys and the other indexes dropped and built again, the
    // change log's insert triggers off and the file's range logged by hand). With the threshold
    // lowered every dataset file of the test inputs that outgrows the store takes that path: the
    // store must hold what SQLite holds, find what SQLite finds, and be left with its keys,
    // indexes and triggers as before, every event in the change log.
    void bulkLoadStoresWhatTheRowPathStores()
    {
        qputenv("MAPLINE_TEST_PG_BULK_ROWS", "1");
        const auto restore = qScopeGuard([] { qunsetenv("MAPLINE_TEST_PG_BULK_ROWS"); });
        const QString url = newStore();
        QVERIFY(!url.isEmpty());
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("events.sqlite"));
        // The dataset files first, each into a store smaller than it; then the articles.
        QStringList datasets = test::testInputs();
        const QString articles = datasets.takeLast();
        for (const QStringList &inputs : {datasets, QStringList{articles}}) {
            const test::ProcessResult lite = test::runMapline(QStringList{QStringLiteral("import"), QStringLiteral("--db"), file} + inputs);
            const test::ProcessResult pg = test::runMapline(QStringList{QStringLiteral("import"), QStringLiteral("--db"), url} + inputs);
            QVERIFY2(pg.exitCode == 0 || pg.exitCode == 1, pg.err.constData());
            QCOMPARE(pg.exitCode, lite.exitCode);
            QVERIFY2(!pg.err.contains("failed"), pg.err.constData());
        }
        // The bulk path ran: the events' primary key was built again after the schema's last
        // tables were made.
        QCOMPARE(test::pgCount(url, QStringLiteral("SELECT (('events_pkey'::regclass)::oid > ('index_copy'::regclass)::oid)::int")), qint64(1));
        const QByteArray expected = test::eventsOf(file, true);
        QVERIFY(expected.size() > 1000);
        QCOMPARE(test::eventsOf(url, true), expected);
        QCOMPARE(test::happeningsOf(url), test::happeningsOf(file));
        for (const QString &term : {QStringLiteral("GDELT"), QStringLiteral("Kandahar")}) {
            const QStringList args = {QStringLiteral("events"), QStringLiteral("--format"), QStringLiteral("csv"),
                                      QStringLiteral("--search"), term, QStringLiteral("--db")};
            const test::ProcessResult a = test::runMapline(args + QStringList{file});
            const test::ProcessResult b = test::runMapline(args + QStringList{url});
            QCOMPARE(a.exitCode, 0);
            QVERIFY2(a.out.count('\n') > 2, term.toUtf8().constData());
            QCOMPARE(b.out, a.out);
        }
        // A GDELT event's number is not in its text any more (the rows with the same description
        // share one sentence): a search for it, or for its start with a star, finds the event by
        // its external_id, in both stores alike.
        QString number;
        {
            QSqlDatabase lite = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("numbers"));
            lite.setDatabaseName(file);
            QVERIFY(lite.open());
            QSqlQuery q(lite);
            QVERIFY(q.exec(QStringLiteral("SELECT e.external_id FROM events e JOIN datasets d ON d.id = e.dataset_id "
                                          "WHERE d.kind LIKE 'gdelt%' ORDER BY e.id LIMIT 1")));
            QVERIFY(q.next());
            number = q.value(0).toString();
            q.finish();
            lite.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("numbers"));
        QVERIFY(number.size() > 3);
        for (const QString &term : {number, number.left(number.size() - 2) + QLatin1Char('*'),
                                    QLatin1Char('"') + number + QLatin1Char('"')}) {
            const QStringList args = {QStringLiteral("events"), QStringLiteral("--format"), QStringLiteral("csv"),
                                      QStringLiteral("--search"), term, QStringLiteral("--db")};
            const test::ProcessResult a = test::runMapline(args + QStringList{file});
            const test::ProcessResult b = test::runMapline(args + QStringList{url});
            QCOMPARE(a.exitCode, 0);
            QVERIFY2(a.out.count('\n') >= 2, term.toUtf8().constData());
            QCOMPARE(b.out, a.out);
            const test::ProcessResult h = test::runMapline(QStringList{QStringLiteral("happenings"), QStringLiteral("--format"),
                                                                       QStringLiteral("csv"), QStringLiteral("--search"), term,
                                                                       QStringLiteral("--db"), url});
            const test::ProcessResult hl = test::runMapline(QStringList{QStringLiteral("happenings"), QStringLiteral("--format"),
                                                                        QStringLiteral("csv"), QStringLiteral("--search"), term,
                                                                        QStringLiteral("--db"), file});
            QVERIFY2(hl.out.count('\n') >= 2, term.toUtf8().constData());
            QCOMPARE(h.out, hl.out);
        }
        // Keys, indexes and triggers back as the schema makes them.
        QCOMPARE(test::pgCount(url, QStringLiteral("SELECT count(*) FROM pg_constraint WHERE contype = 'p' AND conrelid IN "
                                                   "('events'::regclass, 'sentences'::regclass, 'event_actors'::regclass)")),
                 qint64(3));
        QCOMPARE(test::pgCount(url, QStringLiteral("SELECT count(*) FROM pg_trigger WHERE tgname IN ('events_log_insert', "
                                                   "'event_actors_log_insert') AND tgenabled = 'O'")),
                 qint64(2));
        QCOMPARE(test::pgCount(url, QStringLiteral("SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                                                   "WHERE c.relname = 'events_date' AND i.indisvalid")),
                 qint64(1));
        // Every event lies in a range of the change log, so a viewer's delta sees the file.
        QCOMPARE(test::pgCount(url, QStringLiteral("SELECT count(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM change_events c "
                                                   "WHERE e.id BETWEEN c.first_id AND c.last_id)")),
                 qint64(0));
        const test::ProcessResult check = test::runMapline({QStringLiteral("check"), QStringLiteral("--db"), url});
        QVERIFY2(check.exitCode == 0, (check.out + check.err).constData());
        // A later import into the same store, row by row, is logged by the triggers again.
        const qint64 ranges = test::pgCount(url, QStringLiteral("SELECT count(*) FROM change_events"));
        const QString more = dir.filePath(QStringLiteral("more"));
        QVERIFY(QDir().mkpath(more));
        QCOMPARE(test::writeArticles(more, 2).size(), 2);
        const test::ProcessResult again = test::runMapline({QStringLiteral("import"), QStringLiteral("--db"), url, more});
        QCOMPARE(again.exitCode, 0);
        QVERIFY(test::pgCount(url, QStringLiteral("SELECT count(*) FROM change_events")) > ranges);
    }

    // The fusion test set (tst_fusion's: multi-report articles, ACLED and GDELT rows of the same
    // happenings), imported in the same order into both stores: the same happenings, ids,
    // members, sources and disagreements; then again with the datasets after the articles, so
    // that a file's rows meet stored happenings and stitch to them.
    void fusesAsSqliteFuses_data()
    {
        QTest::addColumn<bool>("datasetsLast");
        QTest::newRow("datasets first") << false;
        QTest::newRow("datasets after the articles") << true;
    }
    void fusesAsSqliteFuses()
    {
        QFETCH(bool, datasetsLast);
        const QString url = newStore();
        QVERIFY(!url.isEmpty());
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("fusion.sqlite"));
        const QString articles = test::testData(QStringLiteral("fusion/articles"));
        const QStringList datasets = {test::testData(QStringLiteral("fusion/datasets/acled-afghanistan-2001.csv")),
                                      test::testData(QStringLiteral("fusion/datasets/gdelt1-20011207.export.CSV"))};
        // One command, or the articles first and the datasets in a second import.
        QList<QStringList> runs;
        if (datasetsLast)
            runs = {{articles}, datasets};
        else
            runs = {QStringList(datasets) << articles};
        for (const QString &db : {file, url}) {
            for (const QStringList &inputs : runs) {
                const test::ProcessResult r = test::runMapline(QStringList{QStringLiteral("import"), QStringLiteral("--db"), db} + inputs);
                QVERIFY2(r.exitCode == 0 || r.exitCode == 1, r.err.constData());
                QVERIFY2(!r.err.contains("failed"), r.err.constData());
            }
        }
        const QByteArray expected = test::happeningsOf(file);
        QVERIFY2(expected.count("\"id\":") >= 20, expected.constData());
        QVERIFY(expected.contains("\"sources\": 3"));
        QCOMPARE(test::happeningsOf(url), expected);
        QCOMPARE(test::eventsOf(url, true), test::eventsOf(file, true));
        QCOMPARE(test::pgCount(url, QStringLiteral("SELECT count(*) FROM events WHERE happening_id IS NULL")), qint64(0));
    }

    // The analyst's merges and splits (happening_corrections, made in the viewer on a SQLite file
    // and moved with `mapline copy`) are honoured when later imports fuse their reports again: the
    // second half of the fusion test set gives the same happenings in both stores, and the split
    // report stands alone.
    void honoursTheAnalystsCorrections()
    {
        const QString url = newStore();
        QVERIFY(!url.isEmpty());
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("fusion.sqlite"));
        const QDir articles(test::testData(QStringLiteral("fusion/articles")));
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("first")) && QDir(dir.path()).mkpath(QStringLiteral("second")));
        for (const QString &name : articles.entryList(QDir::Files, QDir::Name)) {
            const bool first = name.startsWith(QLatin1String("a")) || name.startsWith(QLatin1String("b"));
            QVERIFY(QFile::copy(articles.filePath(name), dir.filePath((first ? QStringLiteral("first/") : QStringLiteral("second/")) + name)));
        }
        test::ProcessResult r = test::runMapline({QStringLiteral("import"), QStringLiteral("--db"), file, dir.filePath(QStringLiteral("first"))});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        // The best-told happening: its first report split out, its second merged with another
        // happening's report.
        const QJsonArray before = QJsonDocument::fromJson(test::happeningsOf(file)).array();
        QVERIFY(before.size() >= 3);
        QJsonObject best;
        for (const QJsonValue &v : before)
            if (v[QStringLiteral("reports")].toInt() > best[QStringLiteral("reports")].toInt())
                best = v.toObject();
        QVERIFY(best[QStringLiteral("reports")].toInt() >= 3);
        const qint64 split = best[QStringLiteral("event_ids")].toArray().first().toInteger();
        QList<qint64> others{best[QStringLiteral("event_ids")].toArray().at(1).toInteger()};
        for (const QJsonValue &v : before)
            if (v[QStringLiteral("id")] != best[QStringLiteral("id")] && others.size() < 2)
                others << v[QStringLiteral("event_ids")].toArray().first().toInteger();
        {
            auto store = EventStore::open(file);
            QVERIFY2(store, qPrintable(store.error()));
            const Result<EventKey> splitKey = (*store)->eventKey(split);
            const Result<EventKey> a = (*store)->eventKey(others[0]);
            const Result<EventKey> b = (*store)->eventKey(others[1]);
            QVERIFY(splitKey && a && b);
            HappeningCorrection s{HappeningCorrection::Kind::Split, *splitKey, {}};
            HappeningCorrection m{HappeningCorrection::Kind::Merge, *a, *b};
            QVERIFY(((*store)->changeHappeningCorrections({s, m}, {})));
        }
        r = test::runMapline({QStringLiteral("copy"), QStringLiteral("--from"), file, QStringLiteral("--to"), url});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        for (const QString &db : {file, url}) {
            r = test::runMapline({QStringLiteral("import"), QStringLiteral("--db"), db, dir.filePath(QStringLiteral("second"))});
            QVERIFY2(r.exitCode == 0, r.err.constData());
        }
        const QByteArray expected = test::happeningsOf(file);
        QCOMPARE(test::happeningsOf(url), expected);
        QCOMPARE(test::eventsOf(url, true), test::eventsOf(file, true));
        // The corrections are in what was compared: the split report alone, the merged pair one.
        QCOMPARE(test::pgCount(url, QStringLiteral("SELECT reports FROM happenings h JOIN events e ON e.happening_id = h.id "
                                                   "WHERE e.id = %1").arg(split)),
                 qint64(1));
        QCOMPARE(test::pgCount(url, QStringLiteral("SELECT count(DISTINCT happening_id) FROM events WHERE id IN (%1, %2)")
                                        .arg(others[0]).arg(others[1])),
                 qint64(1));
        // And the second import fused the split report's happening again (else this compares nothing).
        QVERIFY(test::pgCount(url, QStringLiteral("SELECT count(*) FROM events e JOIN articles a ON a.id = e.article_id "
                                                  "WHERE e.happening_id = (SELECT happening_id FROM events WHERE id = %1) "
                                                  "AND a.path LIKE '%/second/%'").arg(best[QStringLiteral("event_ids")].toArray().last().toInteger()))
                > 0);
    }

    // A store whose events have no happening (imported by a Mapline that did not fuse imports
    // into PostgreSQL: here, with the fusion turned off as the benchmarks do) is fused at the next
    // import's opening, as SQLite fuses what a file fused by other rules holds; with events
    // deleted by hand, their happenings fused again too.
    void fusesWhatWasStoredWithoutHappenings()
    {
        const QString url = newStore();
        QVERIFY(!url.isEmpty());
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("fusion.sqlite"));
        const QStringList inputs = {test::testData(QStringLiteral("fusion/datasets/acled-afghanistan-2001.csv")),
                                    test::testData(QStringLiteral("fusion/articles"))};
        qputenv("MAPLINE_BENCHMARK_NO_FUSION", "1");
        for (const QString &db : {file, url}) {
            const test::ProcessResult r = test::runMapline(QStringList{QStringLiteral("import"), QStringLiteral("--db"), db} + inputs);
            QVERIFY2(r.exitCode == 0, r.err.constData());
        }
        qunsetenv("MAPLINE_BENCHMARK_NO_FUSION");
        QVERIFY(test::pgCount(url, QStringLiteral("SELECT count(*) FROM events WHERE happening_id IS NULL")) > 50);
        {
            // SQLite fuses a file again when it was fused by other rules.
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("rules"));
            db.setDatabaseName(file);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("UPDATE settings SET value = '0' WHERE key = 'fusion_rules'")));
            QCOMPARE(q.numRowsAffected(), 1);
        }
        QSqlDatabase::removeDatabase(QStringLiteral("rules"));
        // The next import, which adds nothing, fuses them.
        for (const QString &db : {file, url}) {
            const test::ProcessResult r = test::runMapline(QStringList{QStringLiteral("import"), QStringLiteral("--db"), db} + inputs);
            QVERIFY2(r.exitCode == 0, r.err.constData());
            QVERIFY2(r.out.contains("0 articles imported, 20 unchanged"), r.out.constData());
        }
        QCOMPARE(test::pgCount(url, QStringLiteral("SELECT count(*) FROM events WHERE happening_id IS NULL")), qint64(0));
        const QByteArray expected = test::happeningsOf(file);
        QVERIFY(expected.count("\"sources\": 3") >= 1);
        QCOMPARE(test::happeningsOf(url), expected);
        QCOMPARE(test::eventsOf(url, true), test::eventsOf(file, true));

        // Events deleted by hand (psql): their happenings are marked stale and fused again at the
        // next opening; the happening of the deleted events' survivors tells one report fewer.
        const qint64 happening = test::pgCount(url, QStringLiteral("SELECT id FROM happenings ORDER BY reports DESC, id LIMIT 1"));
        const qint64 reports = test::pgCount(url, QStringLiteral("SELECT reports FROM happenings WHERE id = %1").arg(happening));
        QVERIFY(reports >= 3);
        QCOMPARE(test::pgCount(url, QStringLiteral("WITH d AS (DELETE FROM events WHERE id = (SELECT min(id) FROM events "
                                                   "WHERE happening_id = %1) RETURNING 1) SELECT count(*) FROM d").arg(happening)),
                 qint64(1));
        QCOMPARE(test::pgCount(url, QStringLiteral("SELECT count(*) FROM happenings WHERE stale <> 0")), qint64(1));
        const test::ProcessResult r = test::runMapline(QStringList{QStringLiteral("import"), QStringLiteral("--db"), url} + inputs);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(test::pgCount(url, QStringLiteral("SELECT count(*) FROM happenings WHERE stale <> 0")), qint64(0));
        QCOMPARE(test::pgCount(url, QStringLiteral("SELECT sum(reports) FROM happenings")),
                 test::pgCount(url, QStringLiteral("SELECT count(*) FROM events")));
    }

    // Two analysts import overlapping folders and the same dataset file at once: both succeed,
    // every article and every dataset row is stored once.
    void twoImportsAtOnceStoreEachArticleOnce()
    {
        const QString url = newStore();
        QVERIFY(!url.isEmpty());
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("a")) && QDir(dir.path()).mkpath(QStringLiteral("b")));
        const int total = 18;
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("all")));
        const QStringList articles = test::writeArticles(dir.filePath(QStringLiteral("all")), total);
        QCOMPARE(articles.size(), total);
        // a: the first two thirds; b: the last two thirds, in the opposite order of names.
        for (int i = 0; i < total; ++i) {
            const QString name = QFileInfo(articles[i]).fileName();
            const QString b = dir.filePath(QStringLiteral("b/z%1-").arg(total - i, 3, 10, QLatin1Char('0')) + name);
            for (const QString &suffix : {QString(), QStringLiteral(".meta")}) { // the sidecar too, if any
                if (!QFileInfo::exists(articles[i] + suffix))
                    continue;
                if (i < total * 2 / 3)
                    QVERIFY(QFile::copy(articles[i] + suffix, dir.filePath(QStringLiteral("a/") + name + suffix)));
                if (i >= total / 3)
                    QVERIFY(QFile::copy(articles[i] + suffix, b + suffix));
            }
        }
        const QString gdelt = test::testData(QStringLiteral("datasets/gdelt2-20191024143000.export.CSV"));
        QProcess first, second;
        first.start(QStringLiteral(MAPLINE_EXE), {QStringLiteral("import"), QStringLiteral("--db"), url, gdelt, dir.filePath(QStringLiteral("a"))});
        second.start(QStringLiteral(MAPLINE_EXE), {QStringLiteral("import"), QStringLiteral("--db"), url, dir.filePath(QStringLiteral("b")), gdelt});
        QVERIFY(first.waitForFinished(120000) && second.waitForFinished(120000));
        const QByteArray out = first.readAllStandardOutput() + second.readAllStandardOutput();
        const QByteArray err = first.readAllStandardError() + second.readAllStandardError();
        // One imports the GDELT file and reports its bad rows (exit code 1), the other finds it
        // imported already ("unchanged", exit code 0).
        QCOMPARE(first.exitCode() + second.exitCode(), 1);
        QVERIFY2(!err.contains("failed"), err.constData());
        QVERIFY2(!err.contains("deadlock"), err.constData());
        QCOMPARE(out.count("imported   " + dir.path().toUtf8()), total);         // each article once,
        QCOMPARE(out.count("unchanged  " + dir.path().toUtf8()), total / 3); // the overlap once more
        QVERIFY2(out.contains("1 dataset imported") && out.contains("0 datasets imported, 1 unchanged"), out.constData());
        QCOMPARE(test::pgCount(url, QStringLiteral("SELECT count(*) FROM articles WHERE body <> ''")), qint64(total));
        QCOMPARE(test::pgCount(url, QStringLiteral("SELECT count(*) FROM datasets")), qint64(1));
        QCOMPARE(test::pgCount(url, QStringLiteral("SELECT count(*) - count(DISTINCT dataset_key) FROM events WHERE dataset_key IS NOT NULL")),
                 qint64(0));
        QVERIFY(test::pgCount(url, QStringLiteral("SELECT count(*) FROM events WHERE dataset_key IS NOT NULL")) > 0);
        // And what is stored is what one import alone stores.
        const QString alone = newStore();
        QVERIFY(!alone.isEmpty());
        const test::ProcessResult one = test::runMapline({QStringLiteral("import"), QStringLiteral("--db"), alone, gdelt, dir.filePath(QStringLiteral("all"))});
        QCOMPARE(one.exitCode, 1);
        for (const QString &sql : {QStringLiteral("SELECT count(*) FROM events"), QStringLiteral("SELECT count(*) FROM sentences"),
                                   QStringLiteral("SELECT count(*) FROM event_actors"), QStringLiteral("SELECT count(*) FROM places"),
                                   QStringLiteral("SELECT count(*) FROM actors")})
            QCOMPARE(test::pgCount(url, sql), test::pgCount(alone, sql));
    }
};

QTEST_GUILESS_MAIN(TestPgImport)
#include "tst_pgimport.moc"
