// Seeing other analysts' writes without reading every event again (issue 19, schema version 3):
// a viewer's index of a PostgreSQL store brought up to date by pg::loadEventIndexDelta equals,
// column by column and row by row, a fresh full pg::loadEventIndex after every kind of change
// (articles and a dataset imported by `mapline import`, an event deleted, an actor renamed, a
// happening fused again, a place renamed, a date cleared); nothing changed reads nothing; a
// position the store cannot answer for falls back to a full load; the counting trigger's NOTIFY
// arrives at commit; two imports at once while the viewer refreshes leave the delta index equal
// to a full load and every article stored once and whole. On a real server (tests/support/pgserver.*).
#include "index/eventindexloader.h"
#include "indexdifference.h"
#include "pgimports.h"
#include "pgserver.h"
#include "store/pg/pgchangelog.h"
#include "store/pg/pgconnection.h"
#include "store/pg/pgeventreader.h"
#include "store/pg/pgindexdelta.h"
#include "store/pg/pgindexloader.h"
#include "store/pg/pgschema.h"
#include "testsupport.h"

#include <sys/select.h>

#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace mapline;
using Outcome = pg::PgIndexDelta::Outcome;

namespace {

IndexLoadOptions everyEvent()
{
    IndexLoadOptions options = IndexLoadOptions::withGazetteer();
    options.persistent = false;
    return options;
}

} // namespace

// A viewer: its own connection, the index it shows and where that index stands. Outside the
// anonymous namespace: the test class's lambdas capture it (GCC's -Wsubobject-linkage).
struct Viewer {
    std::unique_ptr<pg::PgEventReader> reader;
    std::shared_ptr<const EventIndex> index;
    pg::PgIndexPosition position;
};

class TestPgDelta : public QObject {
    Q_OBJECT

private:
    test::PgServer mServer;
    QTemporaryDir mDir;
    QString mStore; // the fused store every case starts from a copy of

    // A new database holding a copy of mStore; its URL.
    QString copyOfTheStore()
    {
        return mServer.copyDatabase(mStore);
    }
    // Runs `sql` on a connection of its own (another analyst), committed.
    static bool run(const QString &url, const QString &sql)
    {
        return test::pgExec(url, sql);
    }
    static Viewer open(const QString &url, const IndexLoadOptions &options = everyEvent())
    {
        Viewer v;
        auto r = pg::PgEventReader::open(url);
        if (!r) {
            qWarning().noquote() << r.error();
            return v;
        }
        v.reader = std::move(r).value();
        auto index = pg::loadEventIndex(v.reader->connection(), options, nullptr, &v.position);
        if (!index)
            qWarning().noquote() << index.error();
        else
            v.index = std::move(index).value();
        return v;
    }
    // What a fresh full load gives now, on a connection of its own.
    static std::shared_ptr<const EventIndex> fullLoad(const QString &url)
    {
        Viewer v = open(url);
        return v.index;
    }
    static pg::PgIndexDelta delta(Viewer &v, const IndexLoadOptions &options = everyEvent())
    {
        auto d = pg::loadEventIndexDelta(v.reader->connection(), v.index, v.position, options);
        if (!d) {
            qWarning().noquote() << d.error();
            return {};
        }
        if (d->outcome != Outcome::NeedsFullLoad) {
            v.index = d->index;
            v.position = d->position;
        }
        return std::move(d).value();
    }
    static QString differenceFromFullLoad(const Viewer &v, const QString &url)
    {
        const auto fresh = fullLoad(url);
        if (!fresh)
            return QStringLiteral("no full load");
        return test::columnDifference(*v.index, *fresh);
    }
    static qint64 number(const QString &url, const QString &sql) { return test::pgCount(url, sql); }

private slots:
    void initTestCase()
    {
        MAPLINE_START_PG_SERVER(mServer);
        QVERIFY(mDir.isValid());
        qputenv("MAPLINE_INDEX_CACHE", mDir.filePath(QStringLiteral("cache")).toUtf8());
        // Imported and fused in SQLite, then copied to the server.
        const QString sqlite = mDir.filePath(QStringLiteral("store.sqlite"));
        const auto imported = test::runMapline({QStringLiteral("import"), QStringLiteral("--db"), sqlite,
                                                test::testData(QStringLiteral("articles")),
                                                test::testData(QStringLiteral("datasets/acled-afghanistan-2020.csv")),
                                                test::testData(QStringLiteral("datasets/gdelt1-20011125.export.CSV"))});
        QVERIFY2(imported.exitCode <= 1 && !imported.crashed, imported.err.constData());
        mStore = mServer.createDatabase();
        QVERIFY2(!mStore.isEmpty(), qPrintable(mServer.error()));
        const auto copied = test::runMapline({QStringLiteral("copy"), QStringLiteral("--from"), sqlite, QStringLiteral("--to"), mStore});
        QVERIFY2(copied.exitCode == 0, copied.err.constData());
        QCOMPARE(number(mStore, QStringLiteral("SELECT value::int FROM settings WHERE key = 'schema_version'")),
                 qint64(pg::pgschema::latestVersion()));
    }

    // One viewer, and after each change another analyst commits, a delta: the index equals a
    // fresh full load, and only the changed events (and their happenings' reports) were read.
    void deltaEqualsAFullLoadAfterEveryKindOfChange()
    {
        const QString url = copyOfTheStore();
        QVERIFY(!url.isEmpty());
        Viewer v = open(url);
        QVERIFY(v.index && v.position.isValid());
        const qsizetype before = v.index->size();
        QVERIFY(before > 100 && v.index->hasFusedReports());

        // Articles imported by `mapline import` (fused as they are stored: their happenings may
        // take in stored reports, which the delta then reads too, for the happenings' leads).
        QTemporaryDir articles;
        QCOMPARE(test::writeArticles(articles.path(), 3).size(), 3);
        auto imported = test::runMapline({QStringLiteral("import"), QStringLiteral("--db"), url, articles.path()});
        QVERIFY2(imported.exitCode == 0, imported.err.constData());
        pg::PgIndexDelta d = delta(v);
        QCOMPARE(d.outcome, Outcome::Applied);
        QVERIFY(v.index->size() > before);
        // The new events and the other reports of their happenings crossed the wire (in this small
        // store, whose articles the new ones retell, most of it; the cases below read less).
        QVERIFY2(d.eventRows >= qint64(v.index->size() - before) && d.eventRows <= qint64(v.index->size()),
                 qPrintable(QStringLiteral("%1 rows read for %2 new events of %3").arg(d.eventRows).arg(v.index->size() - before).arg(before)));
        QCOMPARE(d.removed, qint64(0));
        QString difference = differenceFromFullLoad(v, url);
        QVERIFY2(difference.isEmpty(), qPrintable(difference));

        // A dataset file.
        imported = test::runMapline({QStringLiteral("import"), QStringLiteral("--db"), url,
                                     test::testData(QStringLiteral("datasets/gdelt2-20191024143000.export.CSV"))});
        QVERIFY2(imported.exitCode <= 1 && !imported.crashed, imported.err.constData());
        const qsizetype beforeDataset = v.index->size();
        d = delta(v);
        QCOMPARE(d.outcome, Outcome::Applied);
        QVERIFY(v.index->size() > beforeDataset);
        QCOMPARE(d.eventRows, qint64(v.index->size() - beforeDataset));
        difference = differenceFromFullLoad(v, url);
        QVERIFY2(difference.isEmpty(), qPrintable(difference));

        // Hand-made changes in SQL, each committed alone, each a delta of its own: an event
        // deleted (a fused one, and one of a happening's reports), an actor renamed, a happening
        // fused again (its position, date and sources), a report moved to another happening, a
        // place renamed, a date cleared (the event leaves the index), an actor link removed.
        const QString fusedEvent = QStringLiteral("(SELECT min(id) FROM events WHERE happening_id IN (SELECT happening_id "
                                                  "FROM events GROUP BY happening_id HAVING count(*) > 2))");
        // A happening's reports all put at its fused place and day (its lead: the lowest id),
        // then all but the last moved a little: the last, which the second change did not
        // touch, becomes the lead.
        const QString happening = QStringLiteral(
            "(SELECT min(h.id) FROM happenings h WHERE h.lon IS NOT NULL AND h.date IS NOT NULL AND (SELECT count(*) FROM "
            "events e WHERE e.happening_id = h.id AND e.date IS NOT NULL) > 1)");
        QVERIFY(number(url, QStringLiteral("SELECT count(*) FROM happenings WHERE id = ") + happening) == 1);
        const QStringList changes = {
            QStringLiteral("UPDATE events e SET lon = h.lon, lat = h.lat, date = h.date, date_end = h.date_end FROM "
                           "happenings h WHERE h.id = e.happening_id AND h.id = %1").arg(happening),
            QStringLiteral("UPDATE events SET lon = lon + 0.01 WHERE happening_id = %1 AND id < (SELECT max(id) FROM events "
                           "WHERE happening_id = %1)").arg(happening),
            QStringLiteral("DELETE FROM events WHERE id = %1").arg(fusedEvent),
            QStringLiteral("UPDATE actors SET name = name || ' (renamed)' WHERE id = (SELECT actor_id FROM event_actors GROUP BY "
                           "actor_id ORDER BY count(*), actor_id LIMIT 1)"),
            QStringLiteral("UPDATE happenings SET lon = lon + 0.25, lat = lat - 0.25, date = date - 1, sources = sources + 4 "
                           "WHERE id = (SELECT happening_id FROM events WHERE id = %1)").arg(fusedEvent),
            QStringLiteral("UPDATE events SET happening_id = (SELECT max(happening_id) FROM events) WHERE id = %1").arg(fusedEvent),
            QStringLiteral("UPDATE places SET name = 'Renamed place' WHERE id = (SELECT max(place_id) FROM events WHERE date IS "
                           "NOT NULL)"),
            QStringLiteral("UPDATE events SET date = NULL, date_end = NULL WHERE id = (SELECT max(id) FROM events WHERE date IS "
                           "NOT NULL)"),
            QStringLiteral("DELETE FROM event_actors WHERE event_id = (SELECT min(event_id) FROM event_actors)"),
        };
        for (const QString &change : changes) {
            const qsizetype size = v.index->size();
            QVERIFY2(run(url, change), qPrintable(change));
            d = delta(v);
            QVERIFY2(d.outcome == Outcome::Applied, qPrintable(change + QStringLiteral(": ") + d.why));
            QVERIFY2(d.eventRows < qint64(size) / 2, qPrintable(change)); // not a full read
            // The event deleted, or whose date was cleared, leaves the index; nothing else does.
            const bool leaves = change.startsWith(QLatin1String("DELETE FROM events")) || change.contains(QLatin1String("date = NULL"));
            QCOMPARE(d.removed, qint64(leaves ? 1 : 0));
            QCOMPARE(qint64(v.index->size()), qint64(size) - d.removed);
            difference = differenceFromFullLoad(v, url);
            QVERIFY2(difference.isEmpty(), qPrintable(change + QStringLiteral(": ") + difference));
        }
        QVERIFY(v.index->actorNames().filter(QStringLiteral("(renamed)")).size() == 1);
    }

    // One transaction of another analyst: events with a new type, actor and place dated before
    // every indexed event, between them and after them, one event moved two days later, one
    // deleted. The delta merges the rows it read into the old columns
    // (EventIndexBuilder::buildOnto): the same index as a full load, the new type named last.
    void mergesNewRowsBeforeBetweenAndAfter()
    {
        const QString url = copyOfTheStore();
        QVERIFY(!url.isEmpty());
        Viewer v = open(url);
        QVERIFY(v.index && v.position.isValid());
        const qsizetype before = v.index->size();
        const QString dated = QStringLiteral("(SELECT %1(id) FROM events WHERE date IS NOT NULL)");
        const QString change = QStringLiteral(
            "BEGIN; "
            "UPDATE events SET date = date + 2, date_end = date_end + 2 WHERE id = %1; "
            "DELETE FROM events WHERE id = %2; "
            "INSERT INTO actors (name) VALUES ('Merge test actor'); "
            "INSERT INTO places (name, kind) VALUES ('Merge test place', 'city'); "
            "INSERT INTO events (article_id, type, date, date_end, lon, lat, confidence, place_id, geo_precision) "
            "SELECT (SELECT min(id) FROM articles), 'merge_test_type', d, d, 65.5, 34.5, 0.5, "
            "(SELECT max(id) FROM places), 'city' FROM (SELECT min(date) - 3 AS d FROM events UNION ALL "
            "SELECT min(date) + (max(date) - min(date)) / 2 FROM events UNION ALL SELECT max(date) + 3 FROM events) v; "
            "INSERT INTO event_actors (event_id, actor_id) SELECT id, (SELECT max(id) FROM actors) FROM events "
            "WHERE type = 'merge_test_type'; "
            "COMMIT")
                                   .arg(dated.arg(QStringLiteral("max")), dated.arg(QStringLiteral("min")));
        QVERIFY2(run(url, change), qPrintable(change));
        const pg::PgIndexDelta d = delta(v);
        QVERIFY2(d.outcome == Outcome::Applied, qPrintable(d.why));
        QCOMPARE(d.removed, qint64(1));
        QVERIFY2(d.eventRows >= 4 && d.eventRows < qint64(before) / 2, qPrintable(QString::number(d.eventRows)));
        QCOMPARE(qint64(v.index->size()), qint64(before) + 3 - 1);
        QCOMPARE(d.kept, qint64(before) - 1 - (d.eventRows - 3));
        const QString difference = differenceFromFullLoad(v, url);
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
        QCOMPARE(v.index->typeNames().last(), QStringLiteral("merge_test_type"));
        QVERIFY(v.index->actorNames().contains(QStringLiteral("Merge test actor")));
        // The first and last rows are new ones.
        QCOMPARE(v.index->typeNames().at(v.index->typeId(0)), QStringLiteral("merge_test_type"));
        QCOMPARE(v.index->typeNames().at(v.index->typeId(v.index->size() - 1)), QStringLiteral("merge_test_type"));
    }

    // Nothing committed since (a rolled-back write, a write to a table the index does not read):
    // the same index, not an event row read; the polling check agrees.
    void nothingChangedReadsNothing()
    {
        const QString url = copyOfTheStore();
        QVERIFY(!url.isEmpty());
        Viewer v = open(url);
        QVERIFY(v.index && v.position.isValid());
        auto changed = pg::pgchangelog::changedSince(v.reader->connection(), v.position);
        QVERIFY2(changed, qPrintable(changed.error()));
        QVERIFY(!changed.value());
        QVERIFY(run(url, QStringLiteral("BEGIN; DELETE FROM events; ROLLBACK")));
        QVERIFY(run(url, QStringLiteral("UPDATE settings SET value = 'AF' WHERE key = 'area_of_interest'")));
        const auto held = v.index;
        const pg::PgIndexDelta d = delta(v);
        QCOMPARE(d.outcome, Outcome::Unchanged);
        QCOMPARE(d.eventRows, qint64(0));
        QCOMPARE(d.bytes, qint64(0));
        QVERIFY(v.index == held);
        QVERIFY(!pg::pgchangelog::changedSince(v.reader->connection(), v.position).value());

        QVERIFY(run(url, QStringLiteral("UPDATE events SET flags = flags WHERE id = (SELECT min(id) FROM events)")));
        changed = pg::pgchangelog::changedSince(v.reader->connection(), v.position);
        QVERIFY(changed && changed.value());
        QCOMPARE(delta(v).outcome, Outcome::Applied);
        QVERIFY(!pg::pgchangelog::changedSince(v.reader->connection(), v.position).value());
    }

    // What the store cannot answer for is loaded in full: refreshEventIndex then gives what a
    // full load gives.
    void fallsBackWhenTheStoreCannotSay()
    {
        const QString url = copyOfTheStore(), other = copyOfTheStore();
        QVERIFY(!url.isEmpty() && !other.isEmpty());
        Viewer v = open(url);
        QVERIFY(v.index && v.position.isValid());
        const auto expectFullLoad = [&](const char *why) {
            auto d = pg::loadEventIndexDelta(v.reader->connection(), v.index, v.position, everyEvent());
            QVERIFY2(d, qPrintable(d.error()));
            QVERIFY2(d->outcome == Outcome::NeedsFullLoad, why);
            QVERIFY2(d->why.contains(QLatin1String(why)), qPrintable(d->why));
        };

        // A position of another store.
        Viewer elsewhere = open(other);
        QVERIFY(elsewhere.index);
        std::swap(v.position, elsewhere.position);
        expectFullLoad("another store");
        std::swap(v.position, elsewhere.position);

        // The log compacted past the position.
        QVERIFY(run(url, QStringLiteral("DELETE FROM events WHERE id = (SELECT max(id) FROM events)")));
        {
            auto admin = pg::PgConnection::open(url);
            QVERIFY(admin && admin.value()->exec(QStringLiteral("SET search_path = mapline, public"), QString()));
            const auto compacted = pg::pgchangelog::compact(*admin.value(), QDateTime::currentDateTimeUtc().addSecs(60));
            QVERIFY2(compacted, qPrintable(compacted.error()));
            QVERIFY(compacted.value() >= 1);
        }
        expectFullLoad("compacted");
        pg::PgIndexDelta report;
        auto refreshed = pg::refreshEventIndex(v.reader->connection(), v.index, &v.position, everyEvent(), &report);
        QVERIFY2(refreshed, qPrintable(refreshed.error()));
        QCOMPARE(report.outcome, Outcome::NeedsFullLoad);
        v.index = refreshed.value();
        QString difference = differenceFromFullLoad(v, url);
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
        // From the new position the delta works again.
        QVERIFY(run(url, QStringLiteral("DELETE FROM events WHERE id = (SELECT max(id) FROM events)")));
        QCOMPARE(delta(v).outcome, Outcome::Applied);

        // The schema changed (a trigger added): its triggers are part of the stamp.
        QVERIFY(run(url, QStringLiteral("CREATE TRIGGER a_new_one AFTER UPDATE ON events FOR EACH STATEMENT EXECUTE FUNCTION "
                                        "count_change()")));
        expectFullLoad("schema changed");
        refreshed = pg::refreshEventIndex(v.reader->connection(), v.index, &v.position, everyEvent(), &report);
        QVERIFY(refreshed);
        v.index = refreshed.value();
        QCOMPARE(delta(v).outcome, Outcome::Unchanged);

        // A logging trigger disabled: changes could go unseen.
        QVERIFY(run(url, QStringLiteral("ALTER TABLE events DISABLE TRIGGER events_log_delete")));
        expectFullLoad("events_log_delete");
    }

    // The viewer's cached copy follows the delta: the next launch maps it, reading no row.
    void deltaWritesTheCachedCopyAgain()
    {
        const QString url = copyOfTheStore();
        QVERIFY(!url.isEmpty());
        IndexLoadOptions cached = IndexLoadOptions::withGazetteer();
        cached.persistFromEvents = 1;
        Viewer v = open(url, cached);
        QVERIFY(v.index && v.position.isValid());
        QVERIFY(run(url, QStringLiteral("UPDATE events SET type = 'protest' WHERE id = (SELECT min(id) FROM events WHERE date "
                                        "IS NOT NULL)")));
        QCOMPARE(delta(v, cached).outcome, Outcome::Applied);
        auto reader = pg::PgEventReader::open(url);
        QVERIFY(reader);
        pg::PgIndexLoadStats stats;
        const auto launched = pg::loadEventIndex(reader.value()->connection(), cached, &stats);
        QVERIFY2(launched, qPrintable(launched.error()));
        QCOMPARE(stats.eventRows, qint64(0));
        QVERIFY(launched.value()->isMapped());
        const QString difference = test::columnDifference(*launched.value(), *v.index);
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
    }

    // LISTEN: a writer's commit is notified once, and only at commit; a rollback never.
    void notifiesOnCommit()
    {
        const QString url = copyOfTheStore();
        QVERIFY(!url.isEmpty());
        auto listener = pg::PgConnection::open(url);
        QVERIFY(listener);
        QVERIFY(pg::pgchangelog::listen(*listener.value()));
        QCOMPARE(pg::pgchangelog::takeNotices(*listener.value()), 0);
        auto writer = pg::PgConnection::open(url);
        QVERIFY(writer && writer.value()->exec(QStringLiteral("SET search_path = mapline, public"), QString()));
        QVERIFY(writer.value()->exec(QStringLiteral("BEGIN; UPDATE events SET flags = flags WHERE id IN (SELECT id FROM events "
                                                    "LIMIT 3); UPDATE actors SET kind = kind"),
                                     QString()));
        QVERIFY(run(url, QStringLiteral("BEGIN; DELETE FROM event_actors; ROLLBACK")));
        // A round trip on the listening connection: whatever the server sent by now has arrived.
        QVERIFY(listener.value()->exec(QStringLiteral("SELECT 1"), QString()));
        QCOMPARE(pg::pgchangelog::takeNotices(*listener.value()), 0);
        QVERIFY(writer.value()->exec(QStringLiteral("COMMIT"), QString()));
        // Waits for the socket (the viewer's QSocketNotifier), a minute at most.
        int notices = 0;
        for (int i = 0; i < 600 && notices == 0; ++i) {
            const int socket = pg::pgchangelog::socket(*listener.value());
            fd_set readable;
            FD_ZERO(&readable);
            FD_SET(socket, &readable);
            timeval wait{0, 100000};
            select(socket + 1, &readable, nullptr, nullptr, &wait);
            notices = pg::pgchangelog::takeNotices(*listener.value());
        }
        QCOMPARE(notices, 1);
    }

    // The "two imports and a viewer on one PostgreSQL store": two `mapline import`
    // processes over overlapping folders while the viewer refreshes by deltas; at the end its
    // index equals a full load, and every article is stored once, with all its events.
    void twoImportsWhileTheViewerRefreshes()
    {
        const QString url = mServer.createDatabase();
        const QString alone = mServer.createDatabase();
        QVERIFY(!url.isEmpty() && !alone.isEmpty());
        QTemporaryDir dir;
        const int total = 18;
        for (const char *sub : {"a", "b", "all"})
            QVERIFY(QDir(dir.path()).mkpath(QLatin1String(sub)));
        const QStringList articles = test::writeArticles(dir.filePath(QStringLiteral("all")), total);
        QCOMPARE(articles.size(), total);
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
            }
        }
        const QString acled = test::testData(QStringLiteral("datasets/acled-afghanistan-2020.csv"));
        // The store exists (schema version 3) before the viewer opens it.
        const auto first = test::runMapline({QStringLiteral("import"), QStringLiteral("--db"), url, acled});
        QVERIFY2(first.exitCode <= 1, first.err.constData());
        Viewer v = open(url);
        QVERIFY(v.index && v.position.isValid());

        QProcess a, b;
        a.start(QStringLiteral(MAPLINE_EXE), {QStringLiteral("import"), QStringLiteral("--db"), url, dir.filePath(QStringLiteral("a")),
                                               test::testData(QStringLiteral("datasets/gdelt1-20011125.export.CSV"))});
        b.start(QStringLiteral(MAPLINE_EXE), {QStringLiteral("import"), QStringLiteral("--db"), url,
                                               test::testData(QStringLiteral("datasets/gdelt1-20011125.export.CSV")),
                                               dir.filePath(QStringLiteral("b"))});
        int applied = 0, refreshes = 0;
        while (a.state() != QProcess::NotRunning || b.state() != QProcess::NotRunning) {
            pg::PgIndexDelta report;
            auto refreshed = pg::refreshEventIndex(v.reader->connection(), v.index, &v.position, everyEvent(), &report);
            QVERIFY2(refreshed, qPrintable(refreshed.error()));
            QVERIFY2(report.outcome != Outcome::NeedsFullLoad, qPrintable(report.why));
            v.index = refreshed.value();
            applied += report.outcome == Outcome::Applied;
            ++refreshes;
            a.waitForFinished(100);
            b.waitForFinished(100);
        }
        QVERIFY(a.exitStatus() == QProcess::NormalExit && b.exitStatus() == QProcess::NormalExit);
        QVERIFY2(a.exitCode() <= 1 && b.exitCode() <= 1, (a.readAllStandardError() + b.readAllStandardError()).constData());
        const pg::PgIndexDelta last = delta(v);
        QVERIFY2(last.outcome != Outcome::NeedsFullLoad, qPrintable(last.why));
        applied += last.outcome == Outcome::Applied;
        qInfo() << refreshes << "refreshes while importing," << applied << "with changes";
        QVERIFY(applied >= 1);
        const QString difference = differenceFromFullLoad(v, url);
        QVERIFY2(difference.isEmpty(), qPrintable(difference));

        // Each article once and whole: what one import alone stores, article by article.
        const auto one = test::runMapline({QStringLiteral("import"), QStringLiteral("--db"), alone, acled,
                                           test::testData(QStringLiteral("datasets/gdelt1-20011125.export.CSV")),
                                           dir.filePath(QStringLiteral("all"))});
        QVERIFY2(one.exitCode <= 1, one.err.constData());
        QCOMPARE(number(url, QStringLiteral("SELECT count(*) FROM articles WHERE body <> ''")), qint64(total));
        QCOMPARE(number(url, QStringLiteral("SELECT count(*) - count(DISTINCT content_hash) FROM articles")), qint64(0));
        const QString perArticle = QStringLiteral(
            "SELECT sum(hashtext(a.content_hash || ':' || (SELECT count(*) FROM events e WHERE e.article_id = a.id) || ':' || "
            "(SELECT count(*) FROM sentences s WHERE s.article_id = a.id))::bigint) FROM articles a");
        QCOMPARE(number(url, perArticle), number(alone, perArticle));
        QCOMPARE(test::eventsOf(url, false, true), test::eventsOf(alone, false, true));
        QCOMPARE(qint64(v.index->size()), number(url, QStringLiteral("SELECT count(*) FROM events WHERE date IS NOT NULL")));
    }
};

QTEST_GUILESS_MAIN(TestPgDelta)
#include "tst_pgdelta.moc"
