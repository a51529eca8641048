// `mapline check --db URL` and `mapline repair --db URL` on a real PostgreSQL 15 server with
// PostGIS (tests/support/pgserver.*): a whole store checks clean and repair leaves it as it was;
// each kind of damage a person or a script can do from outside Mapline (a geometry column made
// plain and edited, or dropped; the text-search configuration dropped or changed; indexes dropped
// or left invalid; triggers dropped or disabled; sequences set back; events deleted under their
// happenings, happenings miscounted; PostGIS dropped) is reported by check (exit code 1) and
// undone by repair (then exit code 0); rows that point at missing rows are reported by both and
// left; a newer schema and a password in the URL are refused.
#include "pgimports.h"
#include "pgserver.h"

#include <QtTest>

using namespace mapline;
using test::runMapline;

class TestPgCheck : public QObject {
    Q_OBJECT

private:
    test::PgServer mServer;
    QString mTemplate; // a store nobody connects to: each case works on a copy of it

    // A store of its own for a case (CREATE DATABASE ... TEMPLATE: milliseconds).
    QString copyOfTheStore()
    {
        return mServer.copyDatabase(mServer.url(mTemplate));
    }
    // What a person does in psql as the server's superuser, on the store's schema.
    static bool damage(const QString &url, const QString &sql)
    {
        return test::pgExec(url, sql);
    }
    static test::ProcessResult check(const QString &url)
    {
        return runMapline({QStringLiteral("check"), QStringLiteral("--db"), url});
    }
    static test::ProcessResult repair(const QString &url)
    {
        return runMapline({QStringLiteral("repair"), QStringLiteral("--db"), url});
    }
    // The FAILED line of `item` in a check's output, or empty.
    static QByteArray failed(const test::ProcessResult &r, const char *item)
    {
        for (const QByteArray &line : r.out.split('\n'))
            if (line.startsWith("FAILED     " + QByteArray(item) + " ("))
                return line;
        return {};
    }
    // Repairs, and the check that follows finds nothing; `said` is in repair's output.
    static void repairsTo_clean(const QString &url, const QByteArray &said)
    {
        const test::ProcessResult r = repair(url);
        QVERIFY2(r.exitCode == 0, (r.out + r.err).constData());
        QVERIFY2(r.out.contains("repaired   " + url.toUtf8() + ": " + said), r.out.constData());
        QVERIFY2(r.out.contains("no problems found"), r.out.constData());
        const test::ProcessResult again = check(url);
        QVERIFY2(again.exitCode == 0, (again.out + again.err).constData());
    }

private slots:
    void initTestCase()
    {
        MAPLINE_START_PG_SERVER(mServer);
        const QString url = mServer.createDatabase();
        QVERIFY2(!url.isEmpty(), qPrintable(mServer.error()));
        const test::ProcessResult imported = runMapline(QStringList{QStringLiteral("import"), QStringLiteral("--db"), url} + test::testInputs());
        QCOMPARE(imported.exitCode, 1); // the test GDELT and ACLED files hold bad rows on purpose
        mTemplate = QStringLiteral("check_template");
        auto admin = pg::PgConnection::open(mServer.url(QStringLiteral("postgres")));
        QVERIFY(admin);
        const QString source = url.section(QLatin1Char('/'), 3).section(QLatin1Char('?'), 0, 0);
        QVERIFY(admin.value()->exec(QStringLiteral("CREATE DATABASE %1 TEMPLATE %2").arg(mTemplate, source), QString()));
    }

    // A store as imports leave it: every item ok, exit code 0; repair finds nothing to do and
    // changes nothing.
    void aWholeStoreChecksClean()
    {
        const QString url = copyOfTheStore();
        QVERIFY(!url.isEmpty());
        const test::ProcessResult r = check(url);
        QVERIFY2(r.exitCode == 0, (r.out + r.err).constData());
        for (const char *item : {"schema_version", "extensions", "links", "geometry", "text_search", "indexes", "triggers",
                                 "sequences", "happenings", "index_copy"})
            QVERIFY2(r.out.contains("ok         " + QByteArray(item) + " ("), item);
        QVERIFY2(r.out.contains("checked    " + url.toUtf8() + ": no problems found"), r.out.constData());
        QVERIFY(r.err.isEmpty());
        const QByteArray events = test::eventsOf(url, true);
        const QByteArray happenings = test::happeningsOf(url);
        const test::ProcessResult fixed = repair(url);
        QVERIFY2(fixed.exitCode == 0, (fixed.out + fixed.err).constData());
        QVERIFY2(fixed.out.contains("nothing needed it"), fixed.out.constData());
        QCOMPARE(test::eventsOf(url, true), events);
        QCOMPARE(test::happeningsOf(url), happenings);
    }

    // events.geom made a plain column and three points moved (as an edit in QGIS would), places'
    // dropped: the check counts them; repair makes the columns again, generated from lon/lat,
    // with their indexes and event_list.
    void geometryIsMadeAgainFromLonLat()
    {
        const QString url = copyOfTheStore();
        QVERIFY(!url.isEmpty());
        const qint64 placed = test::pgCount(url, QStringLiteral("SELECT count(*) FROM events WHERE lon IS NOT NULL"));
        QVERIFY(placed > 3);
        QVERIFY(damage(url, QStringLiteral("ALTER TABLE events ALTER COLUMN geom DROP EXPRESSION; "
                                           "UPDATE events SET geom = ST_SetSRID(ST_MakePoint(1, 2), 4326) WHERE id IN "
                                           "(SELECT id FROM events WHERE lon IS NOT NULL ORDER BY id LIMIT 3); "
                                           "ALTER TABLE places DROP COLUMN geom")));
        const test::ProcessResult r = check(url);
        QCOMPARE(r.exitCode, 1);
        const QByteArray line = failed(r, "geometry");
        QVERIFY2(line.contains("events.geom is no longer generated from lon/lat"), r.out.constData());
        QVERIFY2(line.contains("3 events whose point is not their lon/lat"), r.out.constData());
        QVERIFY2(line.contains("places.geom missing") && line.contains("index missing: places_geom"), r.out.constData());
        QVERIFY2(r.err.contains("'mapline repair --db " + url.toUtf8() + "' rebuilds the geometry"), r.err.constData());
        repairsTo_clean(url, "the points of events made again from lon/lat, with their index and the event_list view "
                             "(3 events differed)");
        QCOMPARE(test::pgCount(url, QStringLiteral("SELECT count(*) FROM events WHERE ST_X(geom) = lon AND ST_Y(geom) = lat")), placed);
        QCOMPARE(test::pgCount(url, QStringLiteral("SELECT count(*) FROM pg_attribute WHERE attrelid = 'mapline.events'::regclass "
                                                   "AND attname = 'geom' AND attgenerated = 's'")),
                 qint64(1));
        QCOMPARE(test::pgCount(url, QStringLiteral("SELECT count(geom) FROM event_list")), placed);
        QCOMPARE(test::pgCount(url, QStringLiteral("SELECT count(*) FROM places WHERE (geom IS NULL) <> (lon IS NULL)")), qint64(0));
    }

    // The text-search configuration dropped (its indexes with it), then changed to fold no more:
    // searches fail, then miss; repair gives back what the search found.
    void textSearchIsMadeAgain()
    {
        const QString url = copyOfTheStore();
        QVERIFY(!url.isEmpty());
        const QStringList search{QStringLiteral("events"), QStringLiteral("--db"), url, QStringLiteral("--search"),
                                 QStringLiteral("mazar OR fighting")};
        const test::ProcessResult before = runMapline(search);
        QCOMPARE(before.exitCode, 0);
        QVERIFY(before.out.size() > 100);
        QVERIFY(damage(url, QStringLiteral("DROP TEXT SEARCH CONFIGURATION words CASCADE")));
        test::ProcessResult r = check(url);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(failed(r, "text_search").contains("text search configuration mapline.words missing; index missing: "
                                                   "sentences_text_search, articles_title_search"),
                 r.out.constData());
        QVERIFY(runMapline(search).exitCode != 0);
        repairsTo_clean(url, "the text search configuration words made again");
        QCOMPARE(runMapline(search).out, before.out);

        QVERIFY(damage(url, QStringLiteral("ALTER TEXT SEARCH CONFIGURATION words ALTER MAPPING FOR asciiword, asciihword, "
                                           "hword_asciipart, word, hword, hword_part WITH simple")));
        r = check(url);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(failed(r, "text_search").contains("does not fold diacritics"), r.out.constData());
        repairsTo_clean(url, "the text search configuration words folds diacritics again");
        QVERIFY2(runMapline(search).out == before.out, "the search finds what it found");
    }

    // Indexes dropped, one left invalid (as a failed CREATE INDEX CONCURRENTLY leaves it).
    void indexesAreMadeAgainAndRebuilt()
    {
        const QString url = copyOfTheStore();
        QVERIFY(!url.isEmpty());
        QVERIFY(damage(url, QStringLiteral("DROP INDEX events_date; DROP INDEX happenings_geom; UPDATE pg_index SET "
                                           "indisvalid = false WHERE indexrelid = 'mapline.events_type'::regclass")));
        const test::ProcessResult r = check(url);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(failed(r, "indexes").contains("index missing: events_date; index invalid (a failed build): events_type"),
                 r.out.constData());
        QVERIFY2(failed(r, "geometry").contains("index missing: happenings_geom"), r.out.constData());
        repairsTo_clean(url, "index happenings_geom, events_date made again");
        QCOMPARE(test::pgCount(url, QStringLiteral("SELECT count(*) FROM pg_index WHERE indexrelid = 'mapline.events_type'::regclass "
                                                   "AND indisvalid")),
                 qint64(1));
    }

    // A counting trigger dropped, a logging one disabled, the stale-marking function dropped with
    // its trigger: repair makes them again; deleting an event then marks its happening stale.
    void triggersAreMadeAgainAndEnabled()
    {
        const QString url = copyOfTheStore();
        QVERIFY(!url.isEmpty());
        QVERIFY(damage(url, QStringLiteral("DROP TRIGGER events_count_change ON events; ALTER TABLE happenings DISABLE "
                                           "TRIGGER happenings_log_insert; DROP FUNCTION happening_stale() CASCADE")));
        const test::ProcessResult r = check(url);
        QCOMPARE(r.exitCode, 1);
        const QByteArray line = failed(r, "triggers");
        QVERIFY2(line.contains("missing: events_happening_ad, events_count_change; disabled: happenings_log_insert"), line.constData());
        repairsTo_clean(url, "trigger events_happening_ad, events_count_change made again");
        QVERIFY(damage(url, QStringLiteral("DELETE FROM events WHERE id = (SELECT min(id) FROM events WHERE happening_id IS NOT NULL)")));
        QCOMPARE(test::pgCount(url, QStringLiteral("SELECT count(*) FROM happenings WHERE stale <> 0")), qint64(1));
    }

    // Sequences set back (a restore of some tables, a script): the next import would collide
    // with stored ids. Repair moves them past; the import then works.
    void sequencesAreMovedPastTheIds()
    {
        const QString url = copyOfTheStore();
        QVERIFY(!url.isEmpty());
        const qint64 largest = test::pgCount(url, QStringLiteral("SELECT max(id) FROM articles"));
        QVERIFY(damage(url, QStringLiteral("SELECT setval(pg_get_serial_sequence('mapline.articles', 'id'), 1); "
                                           "SELECT setval(pg_get_serial_sequence('mapline.events', 'id'), 1, false)")));
        const test::ProcessResult r = check(url);
        QCOMPARE(r.exitCode, 1);
        const QByteArray line = failed(r, "sequences");
        QVERIFY2(line.contains("articles.id: next 2, largest " + QByteArray::number(largest)), line.constData());
        QVERIFY2(line.contains("events.id: next 1, largest"), line.constData());
        QTemporaryDir dir;
        const QStringList article = test::writeArticles(dir.path(), 1);
        QCOMPARE(article.size(), 1);
        const QStringList import{QStringLiteral("import"), QStringLiteral("--db"), url, article.first()};
        QCOMPARE(runMapline(import).exitCode, 1); // the article's id is taken
        repairsTo_clean(url, "sequence of articles.id (next " + QByteArray::number(largest + 1) + "), events.id");
        const test::ProcessResult imported = runMapline(import);
        QVERIFY2(imported.exitCode == 0, imported.err.constData());
        QCOMPARE(test::pgCount(url, QStringLiteral("SELECT max(id) FROM articles")), largest + 1);
    }

    // Events deleted under their happening (stale), one pointed at a missing happening, one left
    // without any, a happening's count of reports changed: repair fuses them again, to exactly what
    // the store holds with only the deletion repaired.
    void happeningsAreFusedAgain()
    {
        const QString url = copyOfTheStore();
        const QString reference = copyOfTheStore();
        QVERIFY(!url.isEmpty() && !reference.isEmpty());
        const QString deletion = QStringLiteral(
            "DELETE FROM events WHERE id = (SELECT min(e.id) FROM events e JOIN happenings h ON h.id = e.happening_id "
            "WHERE h.reports > 1)");
        QVERIFY(damage(reference, deletion));
        QVERIFY(damage(url, deletion + QStringLiteral("; UPDATE events SET happening_id = 99999999 WHERE id = (SELECT max(id) FROM "
                                                       "events); UPDATE events SET happening_id = NULL WHERE id = (SELECT "
                                                       "max(id) - 1 FROM events); UPDATE happenings SET reports = reports + 5 "
                                                       "WHERE id = (SELECT max(id) FROM happenings WHERE stale = 0)")));
        const test::ProcessResult r = check(url);
        QCOMPARE(r.exitCode, 1);
        // (The events taken out of their happenings leave those miscounted too: 1 to 3 of them.)
        const QByteArray line = failed(r, "happenings");
        QVERIFY2(line.contains("1 stale happening (events deleted under it); 1 event without a happening; 1 event whose "
                               "happening is missing; "),
                 r.out.constData());
        QVERIFY2(line.contains(" whose count of reports is not "), r.out.constData());
        repairsTo_clean(url, "fused again: ");
        QVERIFY2(repair(url).out.contains("nothing needed it"), "the second repair finds nothing");
        const test::ProcessResult fixedReference = repair(reference);
        QVERIFY2(fixedReference.exitCode == 0, fixedReference.out.constData());
        QCOMPARE(test::happeningsOf(url), test::happeningsOf(reference));
        QCOMPARE(test::eventsOf(url, true), test::eventsOf(reference, true));
    }

    // PostGIS dropped with everything that uses it (the points, their indexes, event_list): the
    // check says so; repair, as a role that may, adds it and makes the points again.
    void postgisIsAddedAgain()
    {
        const QString url = copyOfTheStore();
        QVERIFY(!url.isEmpty());
        QVERIFY(damage(url, QStringLiteral("DROP EXTENSION postgis CASCADE")));
        const test::ProcessResult r = check(url);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(failed(r, "extensions").contains("postgis is not installed"), r.out.constData());
        QVERIFY2(failed(r, "geometry").contains("events.geom missing"), r.out.constData());
        QVERIFY2(failed(r, "geometry").contains("view event_list missing"), r.out.constData());
        repairsTo_clean(url, "extension postgis added");
        QCOMPARE(test::pgCount(url, QStringLiteral("SELECT count(geom) FROM event_list")),
                 test::pgCount(url, QStringLiteral("SELECT count(*) FROM events WHERE lon IS NOT NULL")));
    }

    // Articles deleted around the foreign keys (replication mode skips their triggers): their
    // events and sentences point at nothing. Both commands say so and say what to do; repair
    // leaves the rows (the tables cannot give back what is lost).
    void linksAreReportedNotRepaired()
    {
        const QString url = copyOfTheStore();
        QVERIFY(!url.isEmpty());
        QVERIFY(damage(url, QStringLiteral("SET session_replication_role = replica; DELETE FROM articles WHERE id = (SELECT "
                                           "min(article_id) FROM events WHERE dataset_id IS NULL)")));
        const qint64 orphans = test::pgCount(url, QStringLiteral("SELECT count(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM "
                                                                 "articles a WHERE a.id = e.article_id)"));
        QVERIFY(orphans > 0);
        const test::ProcessResult r = check(url);
        QCOMPARE(r.exitCode, 1);
        const QByteArray line = failed(r, "links");
        QVERIFY2(line.contains(QByteArray::number(orphans) + " events without their article"), line.constData());
        QVERIFY2(line.contains("sentences without their article"), line.constData());
        QVERIFY2(r.err.contains("restore a backup (pg_dump), or delete them"), r.err.constData());
        const test::ProcessResult fixed = repair(url);
        QCOMPARE(fixed.exitCode, 1);
        QVERIFY2(failed(fixed, "links").contains("events without their article"), fixed.out.constData());
        QCOMPARE(test::pgCount(url, QStringLiteral("SELECT count(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM articles a "
                                                   "WHERE a.id = e.article_id)")),
                 orphans);
    }

    // A store of a newer Mapline: both commands say so and write nothing; a password in the URL
    // is a usage error that does not print it.
    void refusesWhatItMustNot()
    {
        const QString url = copyOfTheStore();
        QVERIFY(!url.isEmpty());
        QVERIFY(damage(url, QStringLiteral("UPDATE settings SET value = '99' WHERE key = 'schema_version'; DROP INDEX events_date")));
        const test::ProcessResult r = check(url);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(failed(r, "schema_version").contains("version 99, newer than this Mapline knows"), r.out.constData());
        const test::ProcessResult fixed = repair(url);
        QCOMPARE(fixed.exitCode, 1);
        QVERIFY2(fixed.err.contains("newer than this Mapline knows"), fixed.err.constData());
        QCOMPARE(test::pgCount(url, QStringLiteral("SELECT count(*) FROM pg_indexes WHERE indexname = 'events_date'")), qint64(0));

        const QString secret = QStringLiteral("postgresql://someone:hunter2secret@/postgres?host=%1&port=%2")
                                   .arg(mServer.socketFolder())
                                   .arg(mServer.port());
        for (const QString &command : {QStringLiteral("check"), QStringLiteral("repair")}) {
            const test::ProcessResult refused = runMapline({command, QStringLiteral("--db"), secret});
            QCOMPARE(refused.exitCode, 2);
            QVERIFY(refused.err.contains("holds a password") && !refused.err.contains("hunter2secret"));
        }
    }
};

QTEST_GUILESS_MAIN(TestPgCheck)
#include "tst_pgcheck.moc"
