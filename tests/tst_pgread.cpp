// The read side of the PostgreSQL store beyond `events`/`happenings`/`export` (tst_copy): the
// map's index streamed from the server equals the one loaded from a SQLite copy of the same store,
// and `mapline snapshot`, `animate` and `control` on a postgresql:// URL give the same pixels and
// bytes as on the SQLite file. A store built by the real importers (articles, ACLED, GDELT), with a
// correction of control, copied to a real server (tests/support/pgserver.*) by `mapline copy`.
#include "control/controlcorrection.h"
#include "index/eventindexloader.h"
#include "indexdifference.h"
#include "pgserver.h"
#include "store/eventstore.h"
#include "store/pg/pgconnection.h"
#include "store/pg/pgeventreader.h"
#include "store/pg/pgindexloader.h"
#include "testsupport.h"

#include <QDir>
#include <QImage>
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

private slots:
    void initTestCase()
    {
        if (!test::PgServer::available())
            QSKIP("no PostgreSQL server to test with: scripts/setup.sh installs postgresql-15 and postgresql-15-postgis-3");
        QVERIFY2(mServer.start(), qPrintable(mServer.error()));
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
        QTest::newRow("open start") << QDate() << QDate(2001, 11, 22);
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

    // A store on the server that another connection changed is read as it is now.
    void indexSeesWhatWasCommitted()
    {
        auto r = reader();
        QVERIFY(r);
        const auto before = pg::loadEventIndex(r->connection(), readEverything());
        QVERIFY2(before, qPrintable(before.error()));
        const QString url = mServer.createDatabase();
        QCOMPARE(runMapline({QStringLiteral("copy"), QStringLiteral("--from"), mSqlite, QStringLiteral("--to"), url}).exitCode, 0);
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

    // The same map, pixel for pixel: the events, clusters, legend and the control layer.
    void snapshotsArePixelIdentical_data()
    {
        QTest::addColumn<QStringList>("options");
        // --control, not --control-provinces: the provinces' tint differs by a few pixels from
        // one run to the next on the same SQLite file (a defect of its own, not of the store).
        QTest::newRow("whole range, control") << QStringList{QStringLiteral("--control")};
        QTest::newRow("a week") << QStringList{QStringLiteral("--from"), QStringLiteral("2001-11-20"), QStringLiteral("--to"),
                                               QStringLiteral("2001-11-26"), QStringLiteral("--title"), QStringLiteral("Week")};
        QTest::newRow("briefing, two sources") << QStringList{QStringLiteral("--style"), QStringLiteral("briefing"),
                                                              QStringLiteral("--min-sources"), QStringLiteral("2")};
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
                    QStringLiteral("2001-11-27"), QStringLiteral("--step"), QStringLiteral("3d"), QStringLiteral("--size"),
                    QStringLiteral("400x300"), QStringLiteral("--search"), QStringLiteral("taliban OR alliance"),
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

    // `mapline control` prints the same bytes: the inference from the same events, the same sides
    // and the analyst's correction, in every format and with filters.
    void controlOutputIsIdentical_data()
    {
        QTest::addColumn<QStringList>("options");
        QTest::newRow("json") << QStringList{QStringLiteral("--date"), QStringLiteral("2001-11-30")};
        QTest::newRow("json, the corrected day") << QStringList{QStringLiteral("--date"), QStringLiteral("2001-11-13")};
        QTest::newRow("csv, near") << QStringList{QStringLiteral("--date"), QStringLiteral("2001-11-26"), QStringLiteral("--format"),
                                                 QStringLiteral("csv"), QStringLiteral("--near"), QStringLiteral("Kunduz"),
                                                 QStringLiteral("--radius"), QStringLiteral("400")};
        QTest::newRow("geojson, one side") << QStringList{QStringLiteral("--date"), QStringLiteral("2001-11-30"),
                                                          QStringLiteral("--format"), QStringLiteral("geojson"),
                                                          QStringLiteral("--side"), QStringLiteral("Anti-Taliban")};
    }
    void controlOutputIsIdentical()
    {
        QFETCH(QStringList, options);
        const auto [fromSqlite, fromPostgres] = onBoth(QStringList{QStringLiteral("control")} + options);
        QVERIFY2(fromSqlite.exitCode == 0 && fromSqlite.out.size() > 50, fromSqlite.err.constData());
        QVERIFY2(fromPostgres.exitCode == 0, fromPostgres.err.constData());
        QCOMPARE(fromPostgres.out, fromSqlite.out);
    }

    // The correction of control made on the SQLite file reached the server and is applied there.
    void controlCarriesTheCorrection()
    {
        const auto r = runMapline({QStringLiteral("control"), QStringLiteral("--db"), mUrl, QStringLiteral("--date"),
                                   QStringLiteral("2001-11-13"), QStringLiteral("--format"), QStringLiteral("csv")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.contains("Herat") && r.out.contains("the analyst's word"), r.out.constData());
    }
};

QTEST_GUILESS_MAIN(TestPgRead)
#include "tst_pgread.moc"
