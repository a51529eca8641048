// The PostgreSQL store on a real PostgreSQL 15 server with PostGIS (the tests' own, tests/support/
// pgserver.*): the connection's refusals, the schema and its versions, what QGIS and GDAL see.
#include "pgserver.h"
#include "store/pg/pgconnection.h"
#include "store/pg/pgschema.h"
#include "store/pg/pgsearch.h"
#include "testsupport.h"

#include <QProcess>
#include <QtTest>

using namespace mapline;
using namespace mapline::pg;

class TestPgStore : public QObject {
    Q_OBJECT

private:
    test::PgServer mServer;

    std::unique_ptr<PgConnection> connect(const QString &url)
    {
        auto c = PgConnection::open(url);
        if (!c)
            qWarning().noquote() << c.error();
        return c ? std::move(c).value() : nullptr;
    }
    QString newDatabase(const QString &owner = {}, bool extensions = true)
    {
        const QString url = mServer.createDatabase(owner, extensions);
        if (url.isEmpty())
            qWarning().noquote() << mServer.error();
        return url;
    }

private slots:
    void initTestCase()
    {
        MAPLINE_START_PG_SERVER(mServer);
    }

    void refusesAPasswordInTheUrl_data()
    {
        QTest::addColumn<QString>("url");
        QTest::newRow("user:password@") << QStringLiteral("postgresql://analyst:hunter2secret@localhost/events");
        QTest::newRow("password parameter") << QStringLiteral("postgresql://analyst@localhost/events?password=hunter2secret");
        QTest::newRow("postgres:// scheme") << QStringLiteral("postgres://analyst:hunter2secret@/events?host=/tmp");
    }
    void refusesAPasswordInTheUrl()
    {
        QFETCH(QString, url);
        const auto c = PgConnection::open(url);
        QVERIFY(!c);
        QVERIFY2(c.error().contains(QLatin1String("PGPASSWORD")), qPrintable(c.error()));
        QVERIFY2(!c.error().contains(QLatin1String("hunter2secret")), qPrintable(c.error())); // never printed
    }

    // FTS5's query syntax in PostgreSQL's: precedence, phrases, prefixes, words cut as unicode61 cuts.
    void translatesTheSearch_data()
    {
        QTest::addColumn<QString>("search");
        QTest::addColumn<QString>("tsquery");
        QTest::newRow("word") << QStringLiteral("Taliban") << QStringLiteral("'taliban'");
        QTest::newRow("implied and") << QStringLiteral("kabul kunduz") << QStringLiteral("('kabul' & 'kunduz')");
        QTest::newRow("or below and") << QStringLiteral("a b OR c") << QStringLiteral("(('a' & 'b') | 'c')");
        QTest::newRow("not tightest") << QStringLiteral("a OR b NOT c") << QStringLiteral("('a' | ('b' & !'c'))");
        QTest::newRow("phrase") << QStringLiteral("\"roadside bomb\"") << QStringLiteral("('roadside' <-> 'bomb')");
        QTest::newRow("prefix") << QStringLiteral("bomb*") << QStringLiteral("'bomb':*");
        QTest::newRow("parentheses") << QStringLiteral("(a OR b) c") << QStringLiteral("(('a' | 'b') & 'c')");
        QTest::newRow("hyphen cuts") << QStringLiteral("\"al-Qaeda\"") << QStringLiteral("('al' <-> 'qaeda')");
        QTest::newRow("quote in a word") << QStringLiteral("\"o'neill\"") << QStringLiteral("('o' <-> 'neill')");
    }
    void translatesTheSearch()
    {
        QFETCH(QString, search);
        QFETCH(QString, tsquery);
        const Result<QString> q = tsqueryFor(search);
        QVERIFY2(q, qPrintable(q.error()));
        QCOMPARE(*q, tsquery);
    }
    void refusesASearchItCannotTranslate()
    {
        for (const QString &bad : {QStringLiteral("a AND"), QStringLiteral("(a"), QStringLiteral("\"open"), QStringLiteral("NEAR(a b)"),
                                   QStringLiteral("*"), QStringLiteral("a)"), QStringLiteral("text:a")}) {
            const Result<QString> q = tsqueryFor(bad);
            QVERIFY2(!q, qPrintable(bad));
            QVERIFY2(q.error().contains(QLatin1String("not a valid full-text query")), qPrintable(q.error()));
        }
    }

    void connectsAndReportsTheServersReason()
    {
        const QString url = mServer.url(QStringLiteral("no_such_database"));
        const auto c = PgConnection::open(url);
        QVERIFY(!c);
        QVERIFY2(c.error().startsWith(url), qPrintable(c.error()));
        QVERIFY2(c.error().contains(QLatin1String("no_such_database")) && c.error().contains(QLatin1String("does not exist")),
                 qPrintable(c.error()));
        QVERIFY(!isUrl(QStringLiteral("/tmp/events.sqlite")));
        QVERIFY(isUrl(QStringLiteral("postgresql://me@/db?host=/run/postgresql&port=5432")));
    }

    void createsTheSchemaOnceAndOpensItAgain()
    {
        const QString url = newDatabase();
        QVERIFY(!url.isEmpty());
        auto c = connect(url);
        QVERIFY(c);
        // Read-only: a database without a store is refused, and nothing is created.
        const Result<int> none = pgschema::prepare(*c, pgschema::Mode::ReadOnly);
        QVERIFY(!none);
        QVERIFY2(none.error().contains(QLatin1String("holds no Mapline store")), qPrintable(none.error()));
        const Result<int> created = pgschema::prepare(*c, pgschema::Mode::Create);
        QVERIFY2(created, qPrintable(created.error()));
        QCOMPARE(*created, pgschema::latestVersion());
        auto again = connect(url);
        const Result<int> reopened = pgschema::prepare(*again, pgschema::Mode::ReadOnly);
        QVERIFY2(reopened, qPrintable(reopened.error()));
        QCOMPARE(*reopened, pgschema::latestVersion());

        // Every table of the store, in schema mapline, and the view.
        const Result<PgResult> tables = again->query(
            QStringLiteral("SELECT table_name FROM information_schema.tables WHERE table_schema = 'mapline' ORDER BY 1"), {},
            QStringLiteral("tables"));
        QVERIFY2(tables, qPrintable(tables.error()));
        QStringList names;
        for (int i = 0; i < tables->rows(); ++i)
            names << tables->string(i, 0);
        QStringList expected = pgschema::tables();
        expected << QStringLiteral("event_list") << QStringLiteral("mapline_changes") << QStringLiteral("change_log")
                 << QStringLiteral("change_events") << QStringLiteral("index_copy") << QStringLiteral("index_copy_parts");
        expected.sort();
        QCOMPARE(names, expected);
        const Result<PgResult> version =
            again->query(QStringLiteral("SELECT value FROM settings WHERE key = 'schema_version'"), QStringLiteral("version"));
        QVERIFY(version && version->rows() == 1);
        QCOMPARE(version->string(0, 0), QString::number(pgschema::latestVersion()));

        // A newer store than this program knows is refused.
        QVERIFY(again->exec(QStringLiteral("UPDATE settings SET value = '99' WHERE key = 'schema_version'"), QString()));
        auto third = connect(url);
        const Result<int> newer = pgschema::prepare(*third, pgschema::Mode::Create);
        QVERIFY(!newer);
        QVERIFY2(newer.error().contains(QLatin1String("newer")), qPrintable(newer.error()));
    }

    void refusesASchemaThatIsNotMapline()
    {
        const QString url = newDatabase();
        auto c = connect(url);
        QVERIFY(c);
        QVERIFY(c->exec(QStringLiteral("CREATE SCHEMA mapline; CREATE TABLE mapline.budget (x int)"), QString()));
        const Result<int> r = pgschema::prepare(*c, pgschema::Mode::Create);
        QVERIFY(!r);
        QVERIFY2(r.error().contains(QLatin1String("not a Mapline store")), qPrintable(r.error()));
    }

    void addsTheExtensionsOrSaysWhatTheAdministratorMustRun()
    {
        // The superuser adds them itself.
        {
            auto c = connect(newDatabase({}, false));
            QVERIFY(c);
            const Result<int> r = pgschema::prepare(*c, pgschema::Mode::Create);
            QVERIFY2(r, qPrintable(r.error()));
            const Result<PgResult> ext =
                c->query(QStringLiteral("SELECT count(*) FROM pg_extension WHERE extname IN ('postgis', 'unaccent')"), QString());
            QVERIFY(ext);
            QCOMPARE(ext->int64(0, 0), 2);
        }
        // An ordinary role may not add PostGIS: the message says what to ask for.
        auto c = connect(newDatabase(QStringLiteral("analyst"), false));
        QVERIFY(c);
        const Result<int> r = pgschema::prepare(*c, pgschema::Mode::Create);
        QVERIFY(!r);
        QVERIFY2(r.error().contains(QLatin1String("administrator")) && r.error().contains(QLatin1String("CREATE EXTENSION")) &&
                     r.error().contains(QLatin1String("postgis")),
                 qPrintable(r.error()));
        const Result<PgResult> schemas =
            c->query(QStringLiteral("SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'mapline'"), QString());
        QVERIFY(schemas);
        QCOMPARE(schemas->int64(0, 0), 0); // nothing was left behind
        // With the extensions in place (the DBA ran it), the same role creates its store.
        auto owned = connect(newDatabase(QStringLiteral("analyst"), true));
        QVERIFY(owned);
        const Result<int> ok = pgschema::prepare(*owned, pgschema::Mode::Create);
        QVERIFY2(ok, qPrintable(ok.error()));
    }

    void qgisAndGdalSeeThePointLayers()
    {
        const QString url = newDatabase();
        auto c = connect(url);
        QVERIFY(c);
        QVERIFY(pgschema::prepare(*c, pgschema::Mode::Create));
        const Result<PgResult> columns = c->query(
            QStringLiteral("SELECT f_table_name, type, srid FROM geometry_columns WHERE f_table_schema = 'mapline' ORDER BY 1"),
            QString());
        QVERIFY2(columns, qPrintable(columns.error()));
        QStringList rows;
        for (int i = 0; i < columns->rows(); ++i)
            rows << QStringLiteral("%1 %2 %3").arg(columns->string(i, 0), columns->string(i, 1), columns->string(i, 2));
        QCOMPARE(rows, (QStringList{QStringLiteral("event_list POINT 4326"), QStringLiteral("events POINT 4326"),
                                    QStringLiteral("happenings POINT 4326"), QStringLiteral("places POINT 4326")}));
        // A row's point follows its lon/lat.
        QVERIFY(c->exec(QStringLiteral("INSERT INTO places (name, kind, lon, lat) VALUES ('Kunduz', 'city', 68.86, 36.73)"),
                        QString()));
        const Result<PgResult> point = c->query(QStringLiteral("SELECT ST_AsText(geom), ST_SRID(geom) FROM places"), QString());
        QVERIFY(point && point->rows() == 1);
        QCOMPARE(point->string(0, 0), QStringLiteral("POINT(68.86 36.73)"));
        QCOMPARE(point->string(0, 1), QStringLiteral("4326"));

        // GDAL's own PostgreSQL driver (ogrinfo, a separate process: Mapline's own process keeps
        // that driver deregistered) lists the layers, as QGIS would.
        if (QStandardPaths::findExecutable(QStringLiteral("ogrinfo")).isEmpty())
            QSKIP("ogrinfo (gdal-bin) is not installed");
        const QString connection = QStringLiteral("PG:dbname=%1 host=%2 port=%3 user=mapline_test schemas=mapline")
                                       .arg(url.section(QLatin1Char('/'), 3).section(QLatin1Char('?'), 0, 0),
                                            mServer.socketFolder())
                                       .arg(mServer.port());
        QProcess ogr;
        ogr.start(QStringLiteral("ogrinfo"), {QStringLiteral("-ro"), QStringLiteral("-q"), connection});
        QVERIFY(ogr.waitForFinished(30000));
        const QString listing = QString::fromUtf8(ogr.readAllStandardOutput());
        QVERIFY2(ogr.exitCode() == 0, qPrintable(QString::fromUtf8(ogr.readAllStandardError())));
        for (const QString &layer : {QStringLiteral("events (Point)"), QStringLiteral("places (Point)"),
                                    QStringLiteral("happenings (Point)")})
            QVERIFY2(listing.contains(layer), qPrintable(listing));
    }
};

QTEST_GUILESS_MAIN(TestPgStore)
#include "tst_pgstore.moc"
