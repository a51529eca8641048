// The read side of the PostgreSQL store beyond `events`/`happenings`/`export` (tst_copy): the
// map's index streamed from the server equals the one loaded from a SQLite copy of the same store,
// and `mapline snapshot`, `animate` and `control` on a postgresql:// URL give the same pixels and
// bytes as on the SQLite file. A store built by the real importers (articles, ACLED, GDELT), with a
// correction of control, copied to a real server (tests/support/pgserver.*) by `mapline copy`.
#include "control/controlcorrection.h"
#include "index/eventindexloader.h"
#include "indexdifference.h"
#include "pgimports.h"
#include "pgserver.h"
#include "store/eventstore.h"
#include "store/pg/pgconnection.h"
#include "store/pg/pgeventreader.h"
#include "store/pg/pgindexloader.h"
#include "store/pg/pgindexreader.h"
#include "index/persistentindex.h"
#include "testsupport.h"

#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace mapline;
using test::runMapline;

namespace {

// The viewer's and snapshot's options without the persistent copy: a load that reads every row.
IndexLoadOptions readEverything()
{
    IndexLoadOptions options = IndexLoadOptions::withGazetteer();
    options.persistent = false;
    return options;
}

} // namespace

class TestPgRead : public QObject {
    Q_OBJECT

private:
    test::PgServer mServer;
    QTemporaryDir mDir;
    QString mSqlite;
    QString mUrl;

    std::unique_ptr<pg::PgEventReader> reader()
    {
        auto r = pg::PgEventReader::open(mUrl);
        if (!r)
            qWarning().noquote() << r.error();
        return r ? std::move(r).value() : nullptr;
    }

    // Runs `arguments` on the SQLite file and on the server; both must succeed.
    QPair<test::ProcessResult, test::ProcessResult> onBoth(const QStringList &arguments, const QString &outA = {},
                                                          const QString &outB = {})
    {
        QStringList a = arguments + QStringList{QStringLiteral("--db"), mSqlite};
        QStringList b = arguments + QStringList{QStringLiteral("--db"), mUrl};
        if (!outA.isEmpty()) {
            a << QStringLiteral("--out") << outA;
            b << QStringLiteral("--out") << outB;
        }
        return {runMapline(a), runMapline(b)};
    }

    // A new database holding a copy of the store (the server copies it: CREATE DATABASE ...
    // TEMPLATE, no other session on it may be open); its URL.
    QString copyOfTheStore()
    {
        return mServer.copyDatabase(mUrl);
    }
    // Runs `sql` on its own connection to `url`, committed.
    bool run(const QString &url, const QString &sql)
    {
        return test::pgExec(url, sql);
    }
    qint64 count(const QString &url, const QString &sql)
    {
        auto c = pg::PgConnection::open(url);
        if (!c || !c.value()->exec(QStringLiteral("SET search_path = mapline, public"), QString()))
            return -1;
        const auto r = c.value()->query(sql, QString());
        return r && r->rows() == 1 ? r->int64(0, 0) : -1;
    }
    // A load with the client's cache on (in `folder`) for a store of any size; how many event
    // rows the server sent in `rows`.
    Result<std::shared_ptr<const EventIndex>> cachedLoad(const QString &url, const QString &folder, qint64 *rows)
    {
        qputenv("MAPLINE_INDEX_CACHE", folder.toUtf8());
        IndexLoadOptions options = IndexLoadOptions::withGazetteer();
        options.persistFromEvents = 1;
        auto r = pg::PgEventReader::open(url);
        if (!r)
            return Result<std::shared_ptr<const EventIndex>>::failure(r.error());
        pg::PgIndexLoadStats stats;
        auto index = pg::loadEventIndex(r.value()->connection(), options, &stats);
        *rows = stats.eventRows;
        qputenv("MAPLINE_INDEX_CACHE", mDir.filePath(QStringLiteral("cache")).toUtf8());
        return index;
    }

    // Builds the index of `url` by the server's join and by readEventsApart(); false (with a
    // warning) unless the columns and the written files are the same.
    bool readsBothWaysTheSame(const QString &url, const QString &tag)
    {
        auto c = pg::PgConnection::open(url);
        if (!c || !c.value()->exec(QStringLiteral("SET search_path = mapline, public; BEGIN ISOLATION LEVEL REPEATABLE READ"), QString()))
            return false;
        const IndexLoadOptions options = readEverything();
        pg::PgIndexReader joined(**c, options), apart(**c, options);
        const QString where = QStringLiteral("e.date IS NOT NULL");
        pg::PgIndexLoadStats stats;
        if (!joined.readNames() || !joined.readEvents(pg::PgIndexReader::eventsCopy(where, false), nullptr) ||
            !apart.readNames() || !apart.readEventsApart(where, &stats))
            return false;
        const EventIndex a = joined.build(), b = apart.build();
        const QString difference = test::columnDifference(a, b);
        if (a.size() <= 20 || stats.eventRows != qint64(a.size()) || !difference.isEmpty()) {
            qWarning().noquote() << tag << a.size() << stats.eventRows << difference;
            return false;
        }
        IndexStamp stamp;
        stamp.databaseId = QByteArray(32, 'a');
        stamp.generation = 1;
        const QString fileA = mDir.filePath(tag + QStringLiteral("-joined.mapline-index")),
                      fileB = mDir.filePath(tag + QStringLiteral("-apart.mapline-index"));
        if (!PersistentIndex::write(a, stamp, 0, fileA) || !PersistentIndex::write(b, stamp, 0, fileB))
            return false;
        QFile inA(fileA), inB(fileB);
        if (!inA.open(QIODevice::ReadOnly) || !inB.open(QIODevice::ReadOnly) || inA.readAll() != inB.readAll()) {
            qWarning().noquote() << tag << "the files differ";
            return false;
        }
        return true;
    }

private slots:
    void initTestCase()
    {
        MAPLINE_START_PG_SERVER(mServer);
        QVERIFY(mDir.isValid());
        // The client's cache of indexes in the test's own folder, never the user's.
        qputenv("MAPLINE_INDEX_CACHE", mDir.filePath(QStringLiteral("cache")).toUtf8());
        mSqlite = mDir.filePath(QStringLiteral("store.sqlite"));
        const auto imported = runMapline({QStringLiteral("import"), QStringLiteral("--db"), mSqlite,
                                          test::testData(QStringLiteral("articles")),
                                          test::testData(QStringLiteral("datasets/acled-afghanistan-2020.csv")),
                                          test::testData(QStringLiteral("datasets/gdelt1-20011125.export.CSV"))});
        QVERIFY2(imported.exitCode <= 1 && !imported.crashed, imported.err.constData());
        {
            auto store = test::openStore(mSqlite);
            QVERIFY(store);
            ControlCorrection control;
            control.place = QStringLiteral("Herat");
            control.admin1 = QStringLiteral("Herat");
            control.country = QStringLiteral("AF");
            control.coordinate = QGeoCoordinate(34.348, 62.199);
            control.from = QDate(2001, 11, 12);
            control.side = QStringLiteral("Anti-Taliban");
            control.note = QStringLiteral("the analyst's word");
            QVERIFY(store->changeControlCorrections({control}, {}));
        }
        mUrl = mServer.createDatabase();
        QVERIFY2(!mUrl.isEmpty(), qPrintable(mServer.error()));
        const auto copied = runMapline({QStringLiteral("copy"), QStringLiteral("--from"), mSqlite, QStringLiteral("--to"), mUrl});
        QVERIFY2(copied.exitCode == 0, copied.err.constData());
    }

    // Every column, name, count and id of the index is the same from either store, for every
    // event and for a window's; the server sent only the window's rows.
    void indexFromPostgresEqualsIndexFromSqlite_data()
    {
        QTest::addColumn<QDate>("from");
        QTest::addColumn<QDate>("to");
        QTest::newRow("every event") << QDate() << QDate();
        QTest::newRow("a window") << QDate(2001, 11, 20) << QDate(2001, 11, 26);
    }
    void indexFromPostgresEqualsIndexFromSqlite()
    {
        QFETCH(QDate, from);
        QFETCH(QDate, to);
        IndexLoadOptions options = readEverything();
        options.from = from;
        options.to = to;
        const auto fromSqlite = loadEventIndex(mSqlite, options);
        QVERIFY2(fromSqlite, qPrintable(fromSqlite.error()));
        auto r = reader();
        QVERIFY(r);
        pg::PgIndexLoadStats stats;
        const auto fromPostgres = pg::loadEventIndex(r->connection(), options, &stats);
        QVERIFY2(fromPostgres, qPrintable(fromPostgres.error()));

        const EventIndex &s = *fromSqlite.value();
        const EventIndex &p = *fromPostgres.value();
        QVERIFY(s.size() > 20);
        QVERIFY(s.actorNames().size() > 3 && s.typeNames().size() > 3);
        QVERIFY(s.happeningCount() < s.size()); // some happenings hold several reports
        const QString difference = test::columnDifference(p, s);
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
        // Only the window's rows crossed the wire: every row the server sent was indexed.
        QCOMPARE(stats.eventRows, qint64(s.size()));
    }

    // The whole store's read joins the happenings and actor links on the client
    // (PgIndexReader::readEventsApart): the same index, byte for byte in its file, as the
    // server's join gives, with an event of each kind of rank (its place or days its happening's
    // or not, no coordinates on either side, -0 against 0) and the first event's link to the first
    // actor stored last (the links come in the table's order and are sorted here).
    void readApartEqualsTheServersJoin()
    {
        const QString url = copyOfTheStore();
        QVERIFY(!url.isEmpty());
        // The last event of happenings of several placed events each (the rank chooses their
        // leads: EventIndex::Lead).
        QList<qint64> events, happenings;
        for (int k = 0; k < 5; ++k) {
            const QString nth = QStringLiteral("SELECT %1 FROM (SELECT happening_id, max(id) AS id FROM events WHERE happening_id "
                                               "IS NOT NULL GROUP BY happening_id HAVING count(*) >= 2 AND count(lon) = count(*) "
                                               "AND count(lat) = count(*)) x ORDER BY id OFFSET %2 LIMIT 1");
            events << count(url, nth.arg(QStringLiteral("id")).arg(k));
            happenings << count(url, nth.arg(QStringLiteral("happening_id")).arg(k));
            QVERIFY2(events.last() > 0 && happenings.last() > 0, qPrintable(QString::number(k)));
        }
        const qint64 firstActor = count(url, QStringLiteral("SELECT min(id) FROM actors"));
        const qint64 linked = count(url, QStringLiteral("SELECT min(event_id) FROM event_actors WHERE actor_id <> %1")
                                             .arg(firstActor));
        QVERIFY(firstActor > 0 && linked > 0);
        QVERIFY(run(url, QStringLiteral("SET search_path = mapline, public; "
                                        "UPDATE events SET lon = lon / 2 + 1 WHERE id = %1; "
                                        "UPDATE events SET date_end = date + 3 WHERE id IN (%2, %9); "
                                        "UPDATE events SET lon = lon / 2 + 1 WHERE id = %9; "
                                        "UPDATE happenings h SET lon = e.lon, lat = e.lat FROM events e WHERE e.id = %2 AND "
                                        "h.id = e.happening_id; "
                                        "UPDATE events SET lon = NULL, lat = NULL WHERE id = %3; "
                                        "UPDATE happenings SET lon = NULL, lat = NULL WHERE id = %4; "
                                        "UPDATE happenings SET lon = 0, lat = 10 WHERE id = %5; "
                                        "UPDATE events e SET lon = '-0'::float8, lat = 10, date = h.date, date_end = h.date_end "
                                        "FROM happenings h WHERE e.id = %6 AND h.id = e.happening_id; "
                                        "DELETE FROM event_actors WHERE event_id = %7 AND actor_id = %8; "
                                        "INSERT INTO event_actors (event_id, actor_id) VALUES (%7, %8)")
                                .arg(events[0])
                                .arg(events[1])
                                .arg(events[2])
                                .arg(happenings[2])
                                .arg(happenings[3])
                                .arg(events[3])
                                .arg(linked)
                                .arg(firstActor)
                                .arg(events[4])));
        // Every rank is there, -0 against 0 counted as the same place.
        QCOMPARE(count(url, QStringLiteral("SELECT count(DISTINCT (e.lon IS NOT DISTINCT FROM h.lon AND e.lat IS NOT DISTINCT "
                                           "FROM h.lat)::int * 2 + (e.date IS NOT DISTINCT FROM h.date AND e.date_end IS NOT "
                                           "DISTINCT FROM h.date_end)::int) FROM events e JOIN happenings h ON h.id = "
                                           "e.happening_id")),
                 qint64(4));
        QCOMPARE(count(url, QStringLiteral("SELECT count(*) FROM events e JOIN happenings h ON h.id = e.happening_id WHERE "
                                           "e.id = %1 AND e.lon::text = '-0' AND h.lon::text = '0' AND e.lon = h.lon")
                                .arg(events[3])),
                 qint64(1));

        // The links in the table's order, one of them last: sorted whole.
        QVERIFY(readsBothWaysTheSame(url, QStringLiteral("apart")));
        // Written again by event, each event's actors in descending order: each event's sorted.
        QVERIFY(run(url, QStringLiteral("SET search_path = mapline, public; CREATE TEMP TABLE links AS SELECT * FROM event_actors "
                                        "ORDER BY event_id, actor_id DESC; DELETE FROM event_actors; INSERT INTO event_actors "
                                        "SELECT * FROM links ORDER BY event_id, actor_id DESC")));
        QVERIFY(count(url, QStringLiteral("SELECT count(*) FROM (SELECT event_id FROM event_actors GROUP BY event_id HAVING "
                                          "count(*) > 1) x")) > 0);
        QVERIFY(readsBothWaysTheSame(url, QStringLiteral("by-event")));
    }

    // A store on the server that another connection changed is read as it is now.
    void indexSeesWhatWasCommitted()
    {
        const QString url = copyOfTheStore();
        QVERIFY(!url.isEmpty());
        auto r = pg::PgEventReader::open(url);
        QVERIFY(r);
        const auto before = pg::loadEventIndex(r.value()->connection(), readEverything());
        QVERIFY2(before, qPrintable(before.error()));
        auto other = pg::PgConnection::open(url);
        QVERIFY(other);
        QVERIFY(other.value()->exec(QStringLiteral("SET search_path = mapline, public"), QStringLiteral("setting up")));
        const auto first = other.value()->query(QStringLiteral("SELECT min(id) FROM events WHERE date IS NOT NULL AND "
                                                               "type <> 'protest'"),
                                                QStringLiteral("finding an event"));
        QVERIFY2(first && first->rows() == 1, first ? "" : qPrintable(first.error()));
        const qint64 id = first->int64(0, 0);
        QVERIFY(other.value()->query(QStringLiteral("UPDATE events SET type = 'protest' WHERE id = $1"), {QString::number(id)},
                                     QStringLiteral("changing an event")));
        auto changed = pg::PgEventReader::open(url);
        QVERIFY(changed);
        const auto after = pg::loadEventIndex(changed.value()->connection(), readEverything());
        QVERIFY2(after, qPrintable(after.error()));
        QCOMPARE(after.value()->size(), before.value()->size());
        QVERIFY(!test::columnDifference(*after.value(), *before.value()).isEmpty());
        const int row = after.value()->rowOfId(id);
        QVERIFY(row >= 0);
        QCOMPARE(after.value()->typeNames().at(after.value()->typeId(row)), QStringLiteral("protest"));
    }

    // The client's copy of the index: written after a load from the server (0600, in a 0700
    // folder), mapped on the next open without a row from the server, until another connection
    // commits a change to what the index reads; a rolled-back change or a write elsewhere keeps it.
    void cachedCopyIsUsedUntilTheStoreChanges()
    {
        const QString url = copyOfTheStore();
        QVERIFY(!url.isEmpty());
        const QString folder = mDir.filePath(QStringLiteral("cache-a/index"));
        qint64 rows = -1;
        const auto first = cachedLoad(url, folder, &rows);
        QVERIFY2(first, qPrintable(first.error()));
        QCOMPARE(rows, qint64(first.value()->size()));
        const QStringList files = QDir(folder).entryList(QDir::Files);
        QCOMPARE(files.size(), 1);
        const QFileDevice::Permissions others = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup |
                                                QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
        const QFileInfo copy(QDir(folder).filePath(files.first()));
        QVERIFY(copy.permissions() & QFileDevice::ReadOwner);
        QCOMPARE(copy.permissions() & others, QFileDevice::Permissions());
        QCOMPARE(QFileInfo(folder).permissions() & others, QFileDevice::Permissions());

        const auto second = cachedLoad(url, folder, &rows);
        QVERIFY2(second, qPrintable(second.error()));
        QCOMPARE(rows, qint64(0)); // not a row from the server
        QVERIFY(second.value()->isMapped());
        QVERIFY2(test::columnDifference(*second.value(), *first.value()).isEmpty(), "the mapped copy differs");

        // Rolled back, or a table the index does not read: the copy still holds.
        QVERIFY(run(url, QStringLiteral("BEGIN; UPDATE events SET type = 'protest'; ROLLBACK")));
        QVERIFY(run(url, QStringLiteral("UPDATE settings SET value = 'AF' WHERE key = 'area_of_interest'")));
        QVERIFY(cachedLoad(url, folder, &rows));
        QCOMPARE(rows, qint64(0));

        // Committed by someone else: the copy is stale; the server's copy (written by the first
        // load, pgindexcopy.h) brought up to date by the delta reads only the changed event and
        // its happening's reports, not every event; and the change is seen.
        QVERIFY(run(url, QStringLiteral("UPDATE events SET type = 'protest' WHERE id = (SELECT min(id) FROM events WHERE "
                                        "date IS NOT NULL)")));
        const auto third = cachedLoad(url, folder, &rows);
        QVERIFY2(third, qPrintable(third.error()));
        QVERIFY2(rows >= 1 && rows < qint64(third.value()->size()), qPrintable(QString::number(rows)));
        QVERIFY(third.value()->typeIdOf(QStringLiteral("protest")) >= 0);
        QVERIFY(cachedLoad(url, folder, &rows));
        QCOMPARE(rows, qint64(0)); // the new state's copy
    }

    // Changes that could go uncounted (a counting trigger disabled), or the cache turned off:
    // no copy is kept or used.
    void noCopyWhenChangesCouldGoUncounted()
    {
        const QString url = copyOfTheStore();
        QVERIFY(!url.isEmpty());
        const QString folder = mDir.filePath(QStringLiteral("cache-b"));
        qint64 rows = -1;
        QVERIFY(cachedLoad(url, folder, &rows));
        QVERIFY(rows > 0);
        QVERIFY(run(url, QStringLiteral("ALTER TABLE events DISABLE TRIGGER events_count_change")));
        for (int i = 0; i < 2; ++i) {
            QVERIFY(cachedLoad(url, folder, &rows));
            QVERIFY(rows > 0);
        }
        QVERIFY(run(url, QStringLiteral("ALTER TABLE events ENABLE TRIGGER events_count_change")));
        QVERIFY(cachedLoad(url, folder, &rows));
        QVERIFY(rows > 0); // the trigger's state is part of the stamp: the old copy is not taken
        QVERIFY(cachedLoad(url, folder, &rows));
        QCOMPARE(rows, qint64(0));

        const QString off = mDir.filePath(QStringLiteral("cache-off"));
        for (const char *value : {"off", "0"}) {
            qputenv("MAPLINE_INDEX_CACHE", value);
            IndexLoadOptions options = IndexLoadOptions::withGazetteer();
            options.persistFromEvents = 1;
            auto r = pg::PgEventReader::open(url);
            QVERIFY(r);
            pg::PgIndexLoadStats stats;
            QVERIFY(pg::loadEventIndex(r.value()->connection(), options, &stats));
            QVERIFY(stats.eventRows > 0);
        }
        qputenv("MAPLINE_INDEX_CACHE", mDir.filePath(QStringLiteral("cache")).toUtf8());
        QVERIFY(!QFileInfo::exists(QDir::currentPath() + QStringLiteral("/off")));
    }

    // The counter: one row a committed writing transaction, however many statements it ran; two
    // writers at once never wait for each other on it.
    void counterCountsTransactionsWithoutMakingWritersWait()
    {
        const QString url = copyOfTheStore();
        QVERIFY(!url.isEmpty());
        const qint64 before = count(url, QStringLiteral("SELECT count(*) FROM change_log"));
        QVERIFY(before >= 1); // the copy itself
        QVERIFY(run(url, QStringLiteral("BEGIN; UPDATE events SET flags = flags WHERE id IN (SELECT id FROM events LIMIT 3); "
                                        "UPDATE actors SET kind = kind; DELETE FROM event_actors WHERE false; COMMIT")));
        QCOMPARE(count(url, QStringLiteral("SELECT count(*) FROM change_log")), before + 1);

        auto a = pg::PgConnection::open(url), b = pg::PgConnection::open(url);
        QVERIFY(a && b);
        const QString setup = QStringLiteral("SET search_path = mapline, public; SET lock_timeout = '5s'; BEGIN; ");
        QVERIFY(a.value()->exec(setup + QStringLiteral("UPDATE events SET flags = flags WHERE id = (SELECT min(id) FROM events)"),
                                QStringLiteral("first writer")));
        // The first writer's transaction is open and counted; the second is not held up by it.
        const Status second = b.value()->exec(
            setup + QStringLiteral("UPDATE events SET flags = flags WHERE id = (SELECT max(id) FROM events); COMMIT"),
            QStringLiteral("second writer"));
        QVERIFY2(second, qPrintable(second.error()));
        QVERIFY(a.value()->exec(QStringLiteral("COMMIT"), QStringLiteral("first writer")));
        QCOMPARE(count(url, QStringLiteral("SELECT count(*) FROM change_log")), before + 3);
    }

    // The same map, pixel for pixel: the events, clusters, legend and the control layer.
    void snapshotsArePixelIdentical_data()
    {
        QTest::addColumn<QStringList>("options");
        // The provinces tinted too: their order once came from a hash, so the same file gave a few
        // different pixels from one run to the next. A week's window is the index test's.
        QTest::newRow("control") << QStringList{QStringLiteral("--control-provinces")};
    }
    void snapshotsArePixelIdentical()
    {
        QFETCH(QStringList, options);
        const QString a = mDir.filePath(QStringLiteral("sqlite.png")), b = mDir.filePath(QStringLiteral("postgres.png"));
        const auto [fromSqlite, fromPostgres] =
            onBoth(QStringList{QStringLiteral("snapshot"), QStringLiteral("--size"), QStringLiteral("800x500")} + options, a, b);
        QVERIFY2(fromSqlite.exitCode == 0, fromSqlite.err.constData());
        QVERIFY2(fromPostgres.exitCode == 0, fromPostgres.err.constData());
        const QImage imageA(a), imageB(b);
        QVERIFY(!imageA.isNull() && !imageB.isNull());
        QCOMPARE(imageB.size(), imageA.size());
        QVERIFY(imageA.convertToFormat(QImage::Format_ARGB32) == imageB.convertToFormat(QImage::Format_ARGB32));
    }

    // An animation with a text search (the server's text search picks the events) and the
    // control layer: every frame the same.
    void animationFramesAreIdentical()
    {
        const QString a = mDir.filePath(QStringLiteral("frames-sqlite")), b = mDir.filePath(QStringLiteral("frames-postgres"));
        const auto [fromSqlite, fromPostgres] =
            onBoth({QStringLiteral("animate"), QStringLiteral("--from"), QStringLiteral("2001-11-18"), QStringLiteral("--to"),
                    QStringLiteral("2001-11-27"), QStringLiteral("--step"), QStringLiteral("4d"), QStringLiteral("--size"),
                    QStringLiteral("320x200"), QStringLiteral("--search"), QStringLiteral("taliban OR alliance"),
                    QStringLiteral("--control")},
                   a, b);
        QVERIFY2(fromSqlite.exitCode == 0, fromSqlite.err.constData());
        QVERIFY2(fromPostgres.exitCode == 0, fromPostgres.err.constData());
        const QStringList frames = QDir(a).entryList({QStringLiteral("frame-*.png")}, QDir::Files, QDir::Name);
        QVERIFY(frames.size() >= 3);
        QCOMPARE(QDir(b).entryList({QStringLiteral("frame-*.png")}, QDir::Files, QDir::Name), frames);
        for (const QString &frame : frames)
            QVERIFY2(QImage(QDir(a).filePath(frame)) == QImage(QDir(b).filePath(frame)), qPrintable(frame));
    }

    // A dataset row's own id (GDELT's GLOBALEVENTID, ACLED's event_id_cnty) read from the server:
    // `events` carries it as external_id as from the SQLite file (the same bytes), `export` too,
    // and the viewer's events by id have it; an article's events have none.
    void eventsCarryTheDatasetRowsIds()
    {
        for (const QString &format : {QStringLiteral("json"), QStringLiteral("csv")}) {
            const auto [fromSqlite, fromPostgres] = onBoth({QStringLiteral("events"), QStringLiteral("--format"), format});
            QVERIFY2(fromPostgres.exitCode == 0, fromPostgres.err.constData());
            QCOMPARE(fromPostgres.out, fromSqlite.out);
            if (format == u"json") {
                QHash<QString, qint64> byExternalId;
                int without = 0;
                for (const QJsonValue &v : QJsonDocument::fromJson(fromPostgres.out).array()) {
                    const QJsonValue id = v.toObject().value(QStringLiteral("external_id"));
                    if (id.isNull())
                        ++without;
                    else
                        byExternalId.insert(id.toString(), v.toObject().value(QStringLiteral("id")).toInteger());
                }
                QVERIFY(without > 10); // the articles' events
                for (const char *id : {"1001", "1009", "AFG90001"})
                    QVERIFY2(byExternalId.contains(QString::fromLatin1(id)), id);
                // The viewer's read by id.
                auto r = reader();
                QVERIFY(r);
                const auto events = r->eventsByIds({byExternalId.value(QStringLiteral("1001"))});
                QVERIFY2(events, qPrintable(events.error()));
                QCOMPARE(events->size(), 1);
                QCOMPARE(events->first().externalId, QStringLiteral("1001"));
            } else {
                QVERIFY2(fromPostgres.out.contains(",1001\r\n"), fromPostgres.out.left(2000).constData());
            }
        }
        const QString a = mDir.filePath(QStringLiteral("ids-lite.geojson")), b = mDir.filePath(QStringLiteral("ids-pg.geojson"));
        const auto [fromSqlite, fromPostgres] = onBoth({QStringLiteral("export")}, a, b);
        QVERIFY2(fromPostgres.exitCode == 0, fromPostgres.err.constData());
        const QByteArray pg = test::readFile(b);
        QCOMPARE(pg, test::readFile(a));
        QVERIFY(pg.contains("\"external_id\": \"1001\""));
    }

    // `mapline control` prints the same bytes: the inference from the same events, the same sides
    // and the analyst's correction, in every format and with filters.
    void controlOutputIsIdentical_data()
    {
        QTest::addColumn<QStringList>("options");
        QTest::newRow("json, the corrected day") << QStringList{QStringLiteral("--date"), QStringLiteral("2001-11-13")};
        QTest::newRow("csv, near") << QStringList{QStringLiteral("--date"), QStringLiteral("2001-11-26"), QStringLiteral("--format"),
                                                 QStringLiteral("csv"), QStringLiteral("--near"), QStringLiteral("Kunduz"),
                                                 QStringLiteral("--radius"), QStringLiteral("400")};
    }
    void controlOutputIsIdentical()
    {
        QFETCH(QStringList, options);
        const auto [fromSqlite, fromPostgres] = onBoth(QStringList{QStringLiteral("control")} + options);
        QVERIFY2(fromSqlite.exitCode == 0 && fromSqlite.out.size() > 50, fromSqlite.err.constData());
        QVERIFY2(fromPostgres.exitCode == 0, fromPostgres.err.constData());
        QCOMPARE(fromPostgres.out, fromSqlite.out);
        if (options.contains(QStringLiteral("2001-11-13"))) // the correction made on the SQLite file, applied
            QVERIFY2(fromPostgres.out.contains("Herat") && fromPostgres.out.contains("the analyst's word"),
                     fromPostgres.out.constData());
    }
};

QTEST_GUILESS_MAIN(TestPgRead)
#include "tst_pgread.moc"
