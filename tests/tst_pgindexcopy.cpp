// The server's copy of the map's index (issue 19, schema version 5, store/pg/pgindexcopy.h): a
// client with no cached copy of its own (a fresh cache folder) downloads the copy another client
// wrote after its full load, and its index equals a full streamed load; a copy other analysts'
// imports have made stale is brought up to date by the delta (equal to a full load), and written
// again by the client that read a delta of more than 5 % or found it older than ten minutes; a missing, damaged or truncated copy
// falls back to streaming every event (and is written again); a role that may only read uses the
// copy and never writes it, without a failure; `mapline check` reports a damaged copy and
// `mapline repair` writes it again; a store of version 4 migrates forward. On a real server
// (tests/support/pgserver.*).
#include "index/eventindexloader.h"
#include "indexdifference.h"
#include "pgimports.h"
#include "pgserver.h"
#include "store/pg/pgcheck.h"
#include "interop/datasetimporter.h"
#include "store/pg/pgconnection.h"
#include "store/pg/pgdatasetwriter.h"
#include "store/pg/pgeventreader.h"
#include "store/pg/pgindexcache.h"
#include "store/pg/pgindexcopy.h"
#include "store/pg/pgindexdelta.h"
#include "store/pg/pgindexloader.h"
#include "store/pg/pgschema.h"
#include "testsupport.h"

#include <QDir>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QtTest>

using namespace mapline;

namespace {

// The viewer's options, with the copies kept whatever the store's size (the test store is small).
IndexLoadOptions viewerOptions()
{
    IndexLoadOptions options = IndexLoadOptions::withGazetteer();
    options.persistFromEvents = 0;
    return options;
}

// A full streamed load with no copy of any kind: what every other load must equal.
IndexLoadOptions streamedOptions()
{
    IndexLoadOptions options = IndexLoadOptions::withGazetteer();
    options.persistent = false;
    return options;
}

} // namespace

// One load by a client with its own cache folder: the index, what the load did, where it stands.
struct Load {
    std::shared_ptr<const EventIndex> index;
    pg::PgIndexLoadStats stats;
    pg::PgIndexPosition position;
    QString error;
};

class TestPgIndexCopy : public QObject {
    Q_OBJECT

private:
    test::PgServer mServer;
    QTemporaryDir mDir;
    QString mStore; // the store every case starts from a copy of
    int mCaches = 0;

    QString copyOfTheStore()
    {
        return mServer.copyDatabase(mStore);
    }
    static bool run(const QString &url, const QString &sql)
    {
        return test::pgExec(url, sql);
    }
    static qint64 number(const QString &url, const QString &sql) { return test::pgCount(url, sql); }
    // A new, empty cache folder: a client that has never opened the store.
    QString freshCache() { return mDir.filePath(QStringLiteral("cache%1").arg(++mCaches)); }

    // Loads the index as the viewer does, with `cache` as the client's cache folder.
    static Load load(const QString &url, const QString &cache, const IndexLoadOptions &options = viewerOptions())
    {
        Load l;
        qputenv("MAPLINE_INDEX_CACHE", cache.toUtf8());
        auto reader = pg::PgEventReader::open(url);
        if (!reader) {
            l.error = reader.error();
            return l;
        }
        auto index = pg::loadEventIndex(reader.value()->connection(), options, &l.stats, &l.position);
        if (!index)
            l.error = index.error();
        else
            l.index = std::move(index).value();
        return l;
    }
    static QString differenceFromFullLoad(const Load &l, const QString &url)
    {
        const Load fresh = load(url, QStringLiteral("off"), streamedOptions());
        if (!fresh.index)
            return QStringLiteral("no full load: ") + fresh.error;
        if (!l.index)
            return QStringLiteral("no index: ") + l.error;
        return test::columnDifference(*l.index, *fresh.index);
    }
    // A first client streams every event and writes the server's copy.
    QString storeWithACopy()
    {
        const QString url = copyOfTheStore();
        if (url.isEmpty())
            return {};
        const Load first = load(url, freshCache());
        if (!first.index || first.stats.fromServerCopy || !first.stats.serverCopyWritten) {
            qWarning() << "the first load did not write the server's copy" << first.error;
            return {};
        }
        return url;
    }

    // The server's copy's bytes, in hex ("" when there is none).
    static QString copyBytes(const QString &url)
    {
        auto c = pg::PgConnection::open(url);
        if (!c || !(*c)->exec(QStringLiteral("SET search_path = mapline, public"), QStringLiteral("test")))
            return QStringLiteral("no connection");
        auto r = (*c)->query(QStringLiteral("SELECT coalesce(encode(string_agg(bytes, ''::bytea ORDER BY part), 'hex'), '') "
                                            "FROM index_copy_parts"),
                             QStringLiteral("test"));
        return r ? r->string(0, 0) : r.error();
    }
    // A new empty store with the server's copy of its (empty) index written, then `file` imported
    // into it in bulk (pg::PgDatasetWriter, as `mapline import --db URL` does): the store's URL and
    // the index the import built from its own rows (pgindexcopy::Prepared), or an empty URL.
    QString storeWithAnImport(const QString &file, std::optional<pg::pgindexcopy::Prepared> &prepared)
    {
        const QString url = mServer.createDatabase();
        if (url.isEmpty())
            return {};
        auto c = pg::PgConnection::open(url);
        if (!c || !pg::pgschema::prepare(*c.value(), pg::pgschema::Mode::Create))
            return {};
        const Load empty = load(url, freshCache());
        qunsetenv("MAPLINE_INDEX_CACHE");
        if (!empty.index || !empty.stats.serverCopyWritten) {
            qWarning() << "the empty store's copy was not written" << empty.error;
            return {};
        }
        qputenv("MAPLINE_TEST_PG_BULK_ROWS", "1");
        const auto restore = qScopeGuard([] { qunsetenv("MAPLINE_TEST_PG_BULK_ROWS"); });
        pg::PgDatasetWriter writer(*c.value());
        DatasetImporter::Target target;
        target.datasets = [&writer] { return writer.datasets(); };
        target.importDataset = [&writer](const DatasetInfo &info, DatasetRowSource &rows) {
            return writer.importDataset(info, rows);
        };
        DatasetImporter importer(target, true);
        const DatasetImporter::FileResult r = importer.importFile(file);
        if (r.status != DatasetImporter::FileResult::Status::Imported || r.events < 1) {
            qWarning() << "not imported" << r.error << r.events;
            return {};
        }
        prepared = writer.takePreparedIndexCopy();
        return url;
    }
    // refreshIndexCopy() after the import, as `mapline import --db URL` calls it: what it did.
    static QString refreshAfterImport(const QString &url, const pg::pgindexcopy::Prepared *prepared)
    {
        auto c = pg::PgConnection::open(url);
        if (!c)
            return c.error();
        if (const Result<int> v = pg::pgschema::prepare(*c.value(), pg::pgschema::Mode::ReadOnly); !v)
            return v.error();
        QStringList done;
        if (Status s = pg::pgcheck::refreshIndexCopy(*c.value(), done, prepared); !s)
            return QStringLiteral("failed: ") + s.error();
        return done.join(u'\n');
    }

private slots:
    void initTestCase()
    {
        MAPLINE_START_PG_SERVER(mServer);
        QVERIFY(mDir.isValid());
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
        QCOMPARE(number(mStore, QStringLiteral("SELECT count(*) FROM index_copy")), qint64(0)); // `copy` carries none
    }

    void cleanup() { qunsetenv("MAPLINE_INDEX_CACHE"); }

    // The first client streams and writes the copy; a second one on a fresh cache folder downloads
    // it instead of streaming, and its index equals a full streamed load; its next open maps its
    // own cached copy.
    void firstOpenOnAFreshCacheUsesTheServersCopy()
    {
        const QString url = storeWithACopy();
        QVERIFY(!url.isEmpty());
        QCOMPARE(number(url, QStringLiteral("SELECT count(*) FROM index_copy")), qint64(1));
        QVERIFY(number(url, QStringLiteral("SELECT count(*) FROM index_copy_parts")) >= 1);
        QCOMPARE(number(url, QStringLiteral("SELECT sum(octet_length(bytes)) FROM index_copy_parts")),
                 number(url, QStringLiteral("SELECT bytes FROM index_copy")));

        const QString cache = freshCache();
        const Load second = load(url, cache);
        QVERIFY2(second.index, qPrintable(second.error));
        QVERIFY(second.stats.fromServerCopy);
        QVERIFY(second.stats.serverCopyBytes > 0);
        QCOMPARE(second.stats.eventRows, qint64(0)); // nothing streamed: the copy was current
        QVERIFY(second.index->isMapped());
        QVERIFY(second.position.isValid());
        const QString difference = differenceFromFullLoad(second, url);
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
        // Kept in the client's cache, private, and mapped by the next open without asking again.
        const QStringList files = QDir(cache).entryList({QStringLiteral("*.mapline-index")}, QDir::Files);
        QCOMPARE(files.size(), 1);
        QCOMPARE(QFile::permissions(QDir(cache).filePath(files.first())) & 0x0077, QFileDevice::Permissions());
        const Load third = load(url, cache);
        QVERIFY2(third.index, qPrintable(third.error));
        QVERIFY(!third.stats.fromServerCopy);
        QVERIFY(third.index->isMapped());
    }

    // Other analysts write after the copy was made: a fresh client downloads it and reads only the
    // changes (the delta); its index equals a full load. A small delta leaves a new copy as it is;
    // one of more than 5 % of the events, or any from a copy older than ten minutes, makes that
    // client write the copy again.
    void aStaleCopyIsBroughtUpToDateByTheDelta()
    {
        const QString url = storeWithACopy();
        QVERIFY(!url.isEmpty());
        const qint64 made = number(url, QStringLiteral("SELECT generation FROM index_copy"));
        const qint64 events = number(url, QStringLiteral("SELECT count(*) FROM events WHERE date IS NOT NULL"));
        QVERIFY(events > 100);
        // One event's date moved, another deleted: well under 5 %.
        QVERIFY(run(url, QStringLiteral("UPDATE events SET date = date + 1, date_end = date_end + 1 WHERE id = (SELECT min(id) "
                                        "FROM events WHERE date IS NOT NULL)")));
        QVERIFY(run(url, QStringLiteral("DELETE FROM events WHERE id = (SELECT max(id) FROM events WHERE date IS NOT NULL)")));
        Load small = load(url, freshCache());
        QVERIFY2(small.index, qPrintable(small.error));
        QVERIFY(small.stats.fromServerCopy);
        QVERIFY(small.stats.eventRows >= 1 && small.stats.eventRows * 20 <= events);
        QVERIFY(!small.stats.serverCopyRefreshed);
        QCOMPARE(number(url, QStringLiteral("SELECT generation FROM index_copy")), made);
        QString difference = differenceFromFullLoad(small, url);
        QVERIFY2(difference.isEmpty(), qPrintable(difference));

        // A tenth of the events retyped.
        QVERIFY(run(url, QStringLiteral("UPDATE events SET type = 'shelling' WHERE date IS NOT NULL AND id % 10 = 3")));
        Load large = load(url, freshCache());
        QVERIFY2(large.index, qPrintable(large.error));
        QVERIFY(large.stats.fromServerCopy);
        QVERIFY(large.stats.serverCopyRefreshed);
        QVERIFY(number(url, QStringLiteral("SELECT generation FROM index_copy")) > made);
        difference = differenceFromFullLoad(large, url);
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
        // The next fresh client finds the copy current.
        const Load next = load(url, freshCache());
        QVERIFY2(next.index, qPrintable(next.error));
        QVERIFY(next.stats.fromServerCopy);
        QCOMPARE(next.stats.eventRows, qint64(0));
        difference = differenceFromFullLoad(next, url);
        QVERIFY2(difference.isEmpty(), qPrintable(difference));

        // A small delta from a copy older than ten minutes writes it again too.
        const qint64 refreshed = number(url, QStringLiteral("SELECT generation FROM index_copy"));
        QVERIFY(run(url, QStringLiteral("UPDATE index_copy SET written_at = now() - interval '11 minutes'; "
                                        "UPDATE events SET date = date + 1, date_end = date_end + 1 WHERE id = (SELECT max(id) "
                                        "FROM events WHERE date IS NOT NULL)")));
        const Load old = load(url, freshCache());
        QVERIFY2(old.index, qPrintable(old.error));
        QVERIFY(old.stats.fromServerCopy);
        QVERIFY(old.stats.eventRows * 20 <= events);
        QVERIFY(old.stats.serverCopyRefreshed);
        QVERIFY(number(url, QStringLiteral("SELECT generation FROM index_copy")) > refreshed);
        difference = differenceFromFullLoad(old, url);
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
    }

    // `mapline import --db URL` of a file that changes more than 5 % of the store writes the
    // server's copy again before it ends (as an import into a file writes its copy), so the next
    // client on any machine downloads a current copy and reads no event row.
    void anImportWritesAStaleCopyAgain()
    {
        const QString url = storeWithACopy();
        QVERIFY(!url.isEmpty());
        const qint64 made = number(url, QStringLiteral("SELECT generation FROM index_copy"));
        const qint64 before = number(url, QStringLiteral("SELECT count(*) FROM events"));
        const auto r = test::runMapline({QStringLiteral("import"), QStringLiteral("--db"), url, QStringLiteral("--keep-outside"),
                              test::testData(QStringLiteral("fusion/datasets/acled-afghanistan-2001.csv"))});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(!r.err.contains("copy of the map's index"), r.err.constData());
        const qint64 after = number(url, QStringLiteral("SELECT count(*) FROM events"));
        QVERIFY2(after * 20 > before * 21, qPrintable(QStringLiteral("%1 -> %2 events").arg(before).arg(after)));
        QVERIFY(number(url, QStringLiteral("SELECT generation FROM index_copy")) > made);
        const Load next = load(url, freshCache());
        QVERIFY2(next.index, qPrintable(next.error));
        QVERIFY(next.stats.fromServerCopy);
        QCOMPARE(next.stats.eventRows, qint64(0));
        const QString difference = differenceFromFullLoad(next, url);
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
    }

    // A viewer that keeps up with the store by its own deltas (View > Refresh, the live refresh)
    // writes the server's copy when that is behind and older than ten minutes, so a first open
    // elsewhere finds it current; a recent copy is left as it is.
    void aViewersRefreshWritesAnOldCopyAgain()
    {
        const QString url = storeWithACopy();
        QVERIFY(!url.isEmpty());
        const QString cache = freshCache();
        qputenv("MAPLINE_INDEX_CACHE", cache.toUtf8());
        auto reader = pg::PgEventReader::open(url);
        QVERIFY2(reader, qPrintable(reader.error()));
        pg::PgConnection &c = reader.value()->connection();
        pg::PgIndexPosition position;
        auto index = pg::loadEventIndex(c, viewerOptions(), nullptr, &position);
        QVERIFY2(index, qPrintable(index.error()));
        const qint64 made = number(url, QStringLiteral("SELECT generation FROM index_copy"));
        const QString change = QStringLiteral("UPDATE events SET date = date + 1, date_end = date_end + 1 WHERE id = (SELECT "
                                              "min(id) FROM events WHERE date IS NOT NULL)");

        QVERIFY(run(url, change));
        pg::PgIndexDelta report;
        qputenv("MAPLINE_INDEX_CACHE", cache.toUtf8());
        auto refreshed = pg::refreshEventIndex(c, index.value(), &position, viewerOptions(), &report);
        QVERIFY2(refreshed, qPrintable(refreshed.error()));
        QCOMPARE(report.outcome, pg::PgIndexDelta::Outcome::Applied);
        QCOMPARE(number(url, QStringLiteral("SELECT generation FROM index_copy")), made); // a recent copy: left

        QVERIFY(run(url, QStringLiteral("UPDATE index_copy SET written_at = now() - interval '11 minutes'; ") + change));
        qputenv("MAPLINE_INDEX_CACHE", cache.toUtf8());
        refreshed = pg::refreshEventIndex(c, refreshed.value(), &position, viewerOptions(), &report);
        QVERIFY2(refreshed, qPrintable(refreshed.error()));
        QCOMPARE(report.outcome, pg::PgIndexDelta::Outcome::Applied);
        QCOMPARE(number(url, QStringLiteral("SELECT generation FROM index_copy")), position.stamp.generation);
        QVERIFY(position.stamp.generation > made);
        const Load next = load(url, freshCache());
        QVERIFY2(next.index && next.stats.fromServerCopy, qPrintable(next.error));
        QCOMPARE(next.stats.eventRows, qint64(0)); // current: nothing read but the copy
        const QString difference = differenceFromFullLoad(next, url);
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
    }

    // Writers of the copy: one holding the lock makes a second leave it (no copy written, no
    // failure, no wait); a reader during a writer's transaction sees the old copy whole.
    void writersTakeTurnsAndReadersNeverSeeHalfACopy()
    {
        const QString url = copyOfTheStore();
        QVERIFY(!url.isEmpty());
        auto other = pg::PgConnection::open(url);
        QVERIFY(other);
        QVERIFY(other.value()->exec(QStringLiteral("SELECT pg_advisory_lock(%1)").arg(pg::pgindexcopy::kLockKey), QString()));
        const Load second = load(url, freshCache());
        QVERIFY2(second.index, qPrintable(second.error));
        QVERIFY(!second.stats.serverCopyWritten);
        QCOMPARE(number(url, QStringLiteral("SELECT count(*) FROM index_copy")), qint64(0));
        QVERIFY(other.value()->exec(QStringLiteral("SELECT pg_advisory_unlock(%1)").arg(pg::pgindexcopy::kLockKey), QString()));
        const Load first = load(url, freshCache());
        QVERIFY2(first.index && first.stats.serverCopyWritten, qPrintable(first.error));

        // Another writer halfway through replacing it (its parts deleted, not committed).
        QVERIFY(other.value()->exec(QStringLiteral("SET search_path = mapline, public; BEGIN; DELETE FROM index_copy_parts; "
                                                   "UPDATE index_copy SET parts = 0, bytes = 0"),
                                    QString()));
        const Load during = load(url, freshCache());
        QVERIFY2(during.index, qPrintable(during.error));
        QVERIFY(during.stats.fromServerCopy);
        const QString difference = differenceFromFullLoad(during, url);
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
        QVERIFY(other.value()->exec(QStringLiteral("ROLLBACK"), QString()));
    }

    // No copy, a damaged one, a truncated one, one the change log no longer reaches: every event
    // is streamed (the index equals a full load), and the copy is written again.
    void aMissingOrDamagedCopyFallsBackToStreaming()
    {
        const QString url = storeWithACopy();
        QVERIFY(!url.isEmpty());
        const QStringList damages = {
            QStringLiteral("DELETE FROM index_copy_parts; DELETE FROM index_copy"),
            // A byte of the columns changed: a block's checksum does not match.
            QStringLiteral("UPDATE index_copy_parts SET bytes = set_byte(bytes, octet_length(bytes) - 100, "
                           "(get_byte(bytes, octet_length(bytes) - 100) + 1) % 256) WHERE part = (SELECT max(part) FROM index_copy_parts)"),
            // The header's bytes changed.
            QStringLiteral("UPDATE index_copy_parts SET bytes = set_byte(bytes, 40, (get_byte(bytes, 40) + 1) % 256) WHERE part = 0"),
            QStringLiteral("UPDATE index_copy_parts SET bytes = substring(bytes from 1 for octet_length(bytes) - 64) "
                           "WHERE part = (SELECT max(part) FROM index_copy_parts)"),
            QStringLiteral("UPDATE index_copy SET snapshot = '1:1:'"),
        };
        for (const QString &damage : damages) {
            QVERIFY2(run(url, damage), qPrintable(damage));
            const Load l = load(url, freshCache());
            QVERIFY2(l.index, qPrintable(damage + QStringLiteral(": ") + l.error));
            QVERIFY2(!l.stats.fromServerCopy, qPrintable(damage));
            QVERIFY2(l.stats.eventRows > 100, qPrintable(damage)); // streamed
            QVERIFY2(l.stats.serverCopyWritten, qPrintable(damage));
            const QString difference = differenceFromFullLoad(l, url);
            QVERIFY2(difference.isEmpty(), qPrintable(damage + QStringLiteral(": ") + difference));
            // Written again whole: the next fresh client uses it.
            const Load next = load(url, freshCache());
            QVERIFY2(next.index && next.stats.fromServerCopy, qPrintable(damage));
        }
    }

    // A role that may only read: it uses the copy; with none there it streams, writes nothing,
    // and fails nothing.
    void aReadOnlyRoleReadsTheCopyAndNeverWritesIt()
    {
        const QString url = storeWithACopy();
        QVERIFY(!url.isEmpty());
        QVERIFY(run(url, QStringLiteral("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'reader') THEN "
                                        "CREATE ROLE reader LOGIN; END IF; END $$; GRANT USAGE ON SCHEMA mapline TO reader; "
                                        "GRANT SELECT ON ALL TABLES IN SCHEMA mapline TO reader")));
        const QString database = QUrl(url).path().mid(1);
        const QString readerUrl = mServer.url(database, QStringLiteral("reader"));
        const Load withCopy = load(readerUrl, freshCache());
        QVERIFY2(withCopy.index, qPrintable(withCopy.error));
        QVERIFY(withCopy.stats.fromServerCopy);
        QString difference = differenceFromFullLoad(withCopy, url);
        QVERIFY2(difference.isEmpty(), qPrintable(difference));

        QVERIFY(run(url, QStringLiteral("DELETE FROM index_copy_parts; DELETE FROM index_copy")));
        const Load without = load(readerUrl, freshCache());
        QVERIFY2(without.index, qPrintable(without.error));
        QVERIFY(!without.stats.fromServerCopy);
        QVERIFY(!without.stats.serverCopyWritten);
        QCOMPARE(number(url, QStringLiteral("SELECT count(*) FROM index_copy")), qint64(0));
        difference = differenceFromFullLoad(without, url);
        QVERIFY2(difference.isEmpty(), qPrintable(difference));

        // Not even allowed to read the copy: it streams.
        QVERIFY(run(url, QStringLiteral("REVOKE SELECT ON index_copy, index_copy_parts FROM reader")));
        const Load refused = load(readerUrl, freshCache());
        QVERIFY2(refused.index, qPrintable(refused.error));
        QVERIFY(!refused.stats.fromServerCopy);
    }

    // check: the copy's item; a damaged copy is a problem repair fixes by writing it again.
    void checkReportsTheCopyAndRepairWritesItAgain()
    {
        const QString url = storeWithACopy();
        QVERIFY(!url.isEmpty());
        const auto item = [&url]() -> CheckItem {
            auto c = pg::PgConnection::open(url);
            if (!c)
                return {};
            auto items = pg::pgcheck::run(*c.value());
            if (!items)
                return {};
            for (const CheckItem &i : *items)
                if (i.name == u"index_copy")
                    return i;
            return {};
        };
        CheckItem ok = item();
        QCOMPARE(ok.name, QStringLiteral("index_copy"));
        QVERIFY2(ok.problems.isEmpty(), qPrintable(ok.problems.join(u'\n')));
        QVERIFY2(ok.note.contains(QStringLiteral("0 changes since")), qPrintable(ok.note));

        QVERIFY(run(url, QStringLiteral("DELETE FROM index_copy_parts WHERE part = 0")));
        const CheckItem damaged = item();
        QCOMPARE(damaged.problems.size(), 1);
        QVERIFY2(damaged.problems.first().contains(QStringLiteral("damaged")), qPrintable(damaged.problems.first()));
        QVERIFY(damaged.indexProblem);

        {
            auto c = pg::PgConnection::open(url);
            QVERIFY(c);
            const Result<QStringList> done = pg::pgcheck::repair(*c.value());
            QVERIFY2(done, qPrintable(done.error()));
            QVERIFY2(done->join(u'\n').contains(QStringLiteral("the server's copy of the index written again")),
                     qPrintable(done->join(u'\n')));
        }
        QVERIFY2(item().problems.isEmpty(), qPrintable(item().problems.join(u'\n')));
        const Load l = load(url, freshCache());
        QVERIFY2(l.index && l.stats.fromServerCopy, qPrintable(l.error));
        const QString difference = differenceFromFullLoad(l, url);
        QVERIFY2(difference.isEmpty(), qPrintable(difference));

        // A tenth of the events changed: stale, and repair writes it again.
        QVERIFY(run(url, QStringLiteral("UPDATE events SET type = 'shelling' WHERE date IS NOT NULL AND id % 10 = 3")));
        const CheckItem stale = item();
        QCOMPARE(stale.problems.size(), 1);
        QVERIFY2(stale.problems.first().startsWith(QStringLiteral("stale: ")), qPrintable(stale.problems.first()));
    }

    // The copy's tables dropped by hand: a load streams without failing, check names them, repair
    // makes them again and writes the copy.
    void droppedTablesAreMadeAgainByRepair()
    {
        const QString url = storeWithACopy();
        QVERIFY(!url.isEmpty());
        QVERIFY(run(url, QStringLiteral("DROP TABLE index_copy_parts; DROP TABLE index_copy")));
        const Load l = load(url, freshCache());
        QVERIFY2(l.index, qPrintable(l.error));
        QVERIFY(!l.stats.fromServerCopy && !l.stats.serverCopyWritten);
        auto c = pg::PgConnection::open(url);
        QVERIFY(c);
        auto items = pg::pgcheck::run(*c.value());
        QVERIFY2(items, qPrintable(items.error()));
        bool named = false;
        for (const CheckItem &i : *items)
            named = named || (i.name == u"index_copy" && i.problems.join(u'\n').contains(QStringLiteral("missing")));
        QVERIFY(named);
        const Result<QStringList> done = pg::pgcheck::repair(*c.value());
        QVERIFY2(done, qPrintable(done.error()));
        QVERIFY2(done->join(u'\n').contains(QStringLiteral("tables index_copy and index_copy_parts made again")),
                 qPrintable(done->join(u'\n')));
        const Load after = load(url, freshCache());
        QVERIFY2(after.index && after.stats.fromServerCopy, qPrintable(after.error));
    }

    // A bulk load into a store that held no events builds the map's index from the rows it wrote
    // while the server rebuilds the indexes (pgdatasetwriter.cpp), and the import writes it as the
    // server's copy without reading every event back: the same bytes as the copy written from a
    // full read of the store.
    void anImportsOwnIndexIsTheCopyTheReadGives_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("GDELT 1.0") << test::testData(QStringLiteral("datasets/gdelt1-20011125.export.CSV"));
        QTest::newRow("GDELT 2.0") << test::testData(QStringLiteral("datasets/gdelt2-20191024143000.export.CSV"));
        QTest::newRow("ACLED, happenings of several reports") << test::testData(QStringLiteral("fusion/datasets/acled-afghanistan-2001.csv"));
    }
    void anImportsOwnIndexIsTheCopyTheReadGives()
    {
        QFETCH(QString, file);
        std::optional<pg::pgindexcopy::Prepared> prepared;
        const QString url = storeWithAnImport(file, prepared);
        QVERIFY(!url.isEmpty());
        QVERIFY(prepared && prepared->index);
        const QString done = refreshAfterImport(url, &*prepared);
        QVERIFY2(done.contains(QStringLiteral("from the import's own rows")), qPrintable(done));
        const QString own = copyBytes(url);
        QVERIFY(own.size() > 1000);

        // The copy made from a full read of the same state, as the import wrote it before.
        auto c = pg::PgConnection::open(url);
        QVERIFY(c);
        QVERIFY(pg::pgschema::prepare(*c.value(), pg::pgschema::Mode::ReadOnly));
        QVERIFY(run(url, QStringLiteral("DELETE FROM index_copy_parts")));
        IndexLoadOptions options = IndexLoadOptions::withGazetteer();
        options.persistent = false;
        pg::PgIndexPosition at;
        auto read = pg::loadEventIndex(*c.value(), options, nullptr, &at);
        QVERIFY2(read, qPrintable(read.error()));
        QCOMPARE(read.value()->size(), prepared->index->size());
        const QString difference = test::columnDifference(*prepared->index, *read.value());
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
        const Result<bool> stored = pg::pgindexcopy::store(*c.value(), *read.value(), at, pg::pgindexcache::fingerprint(options, true), true);
        QVERIFY2(stored && *stored, stored ? "not written" : qPrintable(stored.error()));
        QCOMPARE(copyBytes(url), own);
    }

    // Another analyst's change committed between the import's commit and its copy: the count after
    // the commit is not the one the import expected, so the events are read back, and the copy
    // holds that change (the index built from the file's rows would not).
    void anotherWritersChangeSendsTheImportBackToTheRead()
    {
        std::optional<pg::pgindexcopy::Prepared> prepared;
        const QString url = storeWithAnImport(test::testData(QStringLiteral("fusion/datasets/acled-afghanistan-2001.csv")), prepared);
        QVERIFY(!url.isEmpty());
        QVERIFY(prepared && prepared->index);
        QVERIFY(run(url, QStringLiteral("UPDATE events SET type = 'shelling' WHERE id = (SELECT min(id) FROM events WHERE date "
                                        "IS NOT NULL AND type <> 'shelling')")));
        {
            const Load changed = load(url, QStringLiteral("off"), streamedOptions());
            QVERIFY2(changed.index, qPrintable(changed.error));
            QVERIFY(!test::columnDifference(*prepared->index, *changed.index).isEmpty());
        }
        const QString done = refreshAfterImport(url, &*prepared);
        QVERIFY2(!done.contains(QStringLiteral("from the import's own rows")), qPrintable(done));
        QVERIFY2(done.contains(QStringLiteral("the server's copy of the index written again")), qPrintable(done));
        const Load next = load(url, freshCache());
        QVERIFY2(next.index, qPrintable(next.error));
        QVERIFY(next.stats.fromServerCopy);
        QCOMPARE(next.stats.eventRows, qint64(0));
        const QString difference = differenceFromFullLoad(next, url);
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
    }

    // A store of version 4 (before the copy) is taken forward: the tables appear, empty.
    void aVersion4StoreMigratesForward()
    {
        const QString url = copyOfTheStore();
        QVERIFY(!url.isEmpty());
        QVERIFY(run(url, QStringLiteral("DROP TABLE index_copy_parts; DROP TABLE index_copy; "
                                        "UPDATE settings SET value = '4' WHERE key = 'schema_version'")));
        auto c = pg::PgConnection::open(url);
        QVERIFY(c);
        const Result<int> version = pg::pgschema::prepare(*c.value(), pg::pgschema::Mode::Create);
        QVERIFY2(version, qPrintable(version.error()));
        QCOMPARE(*version, 5);
        QCOMPARE(number(url, QStringLiteral("SELECT count(*) FROM index_copy")), qint64(0));
        QCOMPARE(number(url, QStringLiteral("SELECT count(*) FROM pg_attribute WHERE attrelid = 'mapline.index_copy_parts'::regclass "
                                            "AND attname = 'bytes' AND attstorage = 'e'")),
                 qint64(1));
    }
};

QTEST_GUILESS_MAIN(TestPgIndexCopy)
#include "tst_pgindexcopy.moc"
