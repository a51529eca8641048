// `mapline copy` between SQLite and PostgreSQL (a real server: tests/support/pgserver.*): a store
// built by the real importers, with a correction, a merge of two happenings and a control
// correction, copied to PostgreSQL and back into a new SQLite file, is the same table by table,
// row by row, value by value; refusals and failures leave the destination as it was.
#include "corrections/correction.h"
#include "control/controlcorrection.h"
#include "pgimports.h"
#include "pgserver.h"
#include "store/copy/storecopy.h"
#include "store/eventstore.h"
#include "store/pg/pgconnection.h"
#include "store/schema.h"
#include "testsupport.h"

#include <QFile>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace mapline;
using test::runMapline;

namespace {

// An own connection to a SQLite file, closed with the object.
class SqliteFile {
public:
    explicit SqliteFile(const QString &path) : mName(QStringLiteral("tst_copy_%1").arg(++sCount))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), mName);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        db.open();
    }
    ~SqliteFile() { QSqlDatabase::removeDatabase(mName); }
    QSqlDatabase db() const { return QSqlDatabase::database(mName, false); }

private:
    static inline int sCount = 0;
    QString mName;
};

QStringList stringsOf(QSqlDatabase db, const QString &sql)
{
    QStringList out;
    QSqlQuery q(db);
    if (!q.exec(sql))
        return {QStringLiteral("failed: ") + q.lastError().text()};
    while (q.next())
        out << q.value(0).toString();
    return out;
}

// The store's public tables (not the full-text and spatial indexes' own, which are derived, nor
// mapline_changes: each database's own change counter, a random id and a count of its writes,
// which a copy does not carry: the destination counts its own).
QStringList publicTables(QSqlDatabase db)
{
    QStringList derived{QStringLiteral("mapline_changes")};
    for (const schema::IndexDefinition &d : schema::indexDefinitions())
        derived << d.name << d.shadows;
    QStringList out;
    for (const QString &t : stringsOf(db, QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT "
                                                         "LIKE 'sqlite%' ORDER BY name")))
        if (!derived.contains(t))
            out << t;
    return out;
}

// Every difference between two stores: tables, columns, and every value with its storage class.
QStringList differences(const QString &pathA, const QString &pathB)
{
    SqliteFile a(pathA), b(pathB);
    QStringList out;
    const QStringList tables = publicTables(a.db());
    if (tables != publicTables(b.db()))
        out << QStringLiteral("tables: %1 | %2").arg(tables.join(u','), publicTables(b.db()).join(u','));
    for (const QString &table : tables) {
        const QString columnsSql = QStringLiteral("SELECT name FROM pragma_table_info('%1') ORDER BY cid").arg(table);
        const QStringList columns = stringsOf(a.db(), columnsSql);
        if (columns != stringsOf(b.db(), columnsSql)) {
            out << QStringLiteral("%1: columns differ").arg(table);
            continue;
        }
        QStringList select, order;
        for (int i = 0; i < columns.size(); ++i) {
            select << QStringLiteral("typeof(\"%1\"), \"%1\"").arg(columns[i]);
            order << QString::number(i + 1); // by every column: the same rows compare in the same order
        }
        const QString sql = QStringLiteral("SELECT %1 FROM \"%2\" ORDER BY %3")
                                .arg(select.join(u','), table, QStringList(order).join(u','));
        QSqlQuery qa(a.db()), qb(b.db());
        if (!qa.exec(sql) || !qb.exec(sql)) {
            out << QStringLiteral("%1: %2 %3").arg(table, qa.lastError().text(), qb.lastError().text());
            continue;
        }
        qint64 rows = 0;
        for (;;) {
            const bool na = qa.next(), nb = qb.next();
            if (na != nb) {
                out << QStringLiteral("%1: %2 has more rows").arg(table, na ? pathA : pathB);
                break;
            }
            if (!na)
                break;
            ++rows;
            for (int i = 0; i < columns.size() * 2; ++i)
                if (qa.value(i) != qb.value(i) || qa.value(i).isNull() != qb.value(i).isNull())
                    out << QStringLiteral("%1 row %2 %3: %4 | %5")
                               .arg(table)
                               .arg(rows)
                               .arg(columns[i / 2], qa.value(i).toString(), qb.value(i).toString());
            if (out.size() > 20)
                return out;
        }
    }
    return out;
}

qint64 countIn(const QString &path, const QString &sql)
{
    SqliteFile f(path);
    QSqlQuery q(f.db());
    return q.exec(sql) && q.next() ? q.value(0).toLongLong() : -1;
}

} // namespace

class TestCopy : public QObject {
    Q_OBJECT

private:
    test::PgServer mServer;
    QTemporaryDir mDir;
    QString mOriginal;

    qint64 pgCount(const QString &url, const QString &sql)
    {
        auto c = pg::PgConnection::open(url);
        if (!c)
            return -1;
        const auto r = c.value()->query(sql, QString());
        return r && r->rows() == 1 ? r->int64(0, 0) : -1;
    }

private slots:
    void initTestCase()
    {
        MAPLINE_START_PG_SERVER(mServer);
        QVERIFY(mDir.isValid());

        // A store as an analyst has one: articles and two datasets through the real importers...
        mOriginal = mDir.filePath(QStringLiteral("original.sqlite"));
        const auto imported = runMapline({QStringLiteral("import"), QStringLiteral("--db"), mOriginal,
                                          test::testData(QStringLiteral("articles")),
                                          test::testData(QStringLiteral("datasets/acled-afghanistan-2020.csv")),
                                          test::testData(QStringLiteral("datasets/gdelt1-20011125.export.CSV"))});
        QVERIFY2(imported.exitCode <= 1 && !imported.crashed, imported.err.constData());
        auto store = test::openStore(mOriginal);
        QVERIFY(store);
        // ...an event corrected...
        const auto events = store->events();
        QVERIFY(events && events->size() > 10);
        const Event &first = events->first();
        const auto key = store->eventKey(first.id);
        QVERIFY2(key, qPrintable(key.error()));
        Correction correction;
        correction.type = EventTypeCodes{QStringLiteral("killing"), QStringLiteral("Violence against civilians"),
                                         QStringLiteral("Attack"), QStringLiteral("18")};
        correction.time = TimeRange::day(QDate(2001, 11, 30));
        // ...by one analyst, then again by another (the history keeps the first, with its author)...
        store->setAnalyst(QStringLiteral("Farid"));
        QVERIFY(store->setCorrection(*key, correction));
        store->setAnalyst(QStringLiteral("Nadia Ahmadi"));
        correction.time = TimeRange::day(QDate(2001, 12, 1));
        QVERIFY(store->setCorrection(*key, correction));
        // ...two happenings merged (two article events of different happenings)...
        const Event *other = nullptr;
        for (const Event &e : *events)
            if (e.id != first.id && e.happeningId != first.happeningId && e.trigger.isValid() && e.sentenceIndex >= 0) {
                other = &e;
                break;
            }
        QVERIFY(other);
        const auto otherKey = store->eventKey(other->id);
        const auto firstKey = store->eventKey(first.id);
        QVERIFY(otherKey && firstKey);
        HappeningCorrection merge;
        merge.kind = HappeningCorrection::Kind::Merge;
        merge.report = *firstKey;
        merge.other = *otherKey;
        QVERIFY(store->changeHappeningCorrections({merge}, {}));
        // ...the control of a place corrected, and a setting changed.
        ControlCorrection control;
        control.place = QStringLiteral("Herat");
        control.admin1 = QStringLiteral("Herat");
        control.country = QStringLiteral("AF");
        control.coordinate = QGeoCoordinate(34.348, 62.199);
        control.from = QDate(2001, 11, 12);
        control.side = QStringLiteral("Anti-Taliban");
        control.note = QStringLiteral("tab\there, a backslash \\ and a new\nline, Mazār-i-Sharīf");
        QVERIFY(store->changeControlCorrections({control}, {}));
        QVERIFY(store->setSetting(QStringLiteral("area_of_interest"), QStringLiteral("AF,PK")));
        store.reset();
        for (const char *table : {"articles", "events", "datasets", "corrections", "happening_corrections",
                                  "control_corrections", "sides", "side_members", "happenings", "event_actors",
                                  "correction_history"})
            QVERIFY2(countIn(mOriginal, QStringLiteral("SELECT count(*) FROM %1").arg(QLatin1String(table))) > 0, table);
        QVERIFY(countIn(mOriginal, QStringLiteral("SELECT count(*) FROM events WHERE fatalities IS NOT NULL")) > 0);
        QCOMPARE(countIn(mOriginal, QStringLiteral("SELECT count(*) FROM corrections WHERE corrected_by = 'Nadia Ahmadi'")), 1);
        QCOMPARE(countIn(mOriginal, QStringLiteral("SELECT count(*) FROM correction_history WHERE old_by = 'Farid' AND "
                                                   "changed_by = 'Nadia Ahmadi'")),
                 1);
    }

    void sqliteToPostgresAndBackLosesNothing()
    {
        const QString url = mServer.createDatabase();
        QVERIFY(!url.isEmpty());
        const auto there = runMapline({QStringLiteral("copy"), QStringLiteral("--from"), mOriginal, QStringLiteral("--to"), url});
        QVERIFY2(there.exitCode == 0, there.err.constData());
        QVERIFY2(there.out.startsWith("copied "), there.out.constData());
        QVERIFY2(there.err.contains("mapline copy: events: "), there.err.constData()); // progress, table by table
        // Mapline's own bookkeeping (the change counter of the persistent index) is not "another
        // program's table": no warning on a copy of a store Mapline made.
        QVERIFY2(!there.err.contains("warning"), there.err.constData());
        QCOMPARE(pgCount(url, QStringLiteral("SELECT count(*) FROM mapline.events")),
                 countIn(mOriginal, QStringLiteral("SELECT count(*) FROM events")));
        // PostGIS points where there are positions; ids go on after the copied ones.
        QCOMPARE(pgCount(url, QStringLiteral("SELECT count(*) FROM mapline.events WHERE geom IS NOT NULL")),
                 countIn(mOriginal, QStringLiteral("SELECT count(*) FROM events WHERE lon IS NOT NULL")));
        QCOMPARE(pgCount(url, QStringLiteral("SELECT nextval(pg_get_serial_sequence('mapline.events', 'id'))")),
                 countIn(mOriginal, QStringLiteral("SELECT max(id) + 1 FROM events")));

        const QString back = mDir.filePath(QStringLiteral("back.sqlite"));
        const auto home = runMapline({QStringLiteral("copy"), QStringLiteral("--from"), url, QStringLiteral("--to"), back});
        QVERIFY2(home.exitCode == 0, home.err.constData());
        const QStringList diff = differences(mOriginal, back);
        QVERIFY2(diff.isEmpty(), qPrintable(diff.join(u'\n')));

        // The copy's full-text and spatial indexes are whole: `mapline check` passes, and a search
        // and a --near give what they give on the original.
        const auto check = runMapline({QStringLiteral("check"), QStringLiteral("--db"), back});
        QVERIFY2(check.exitCode == 0, check.out + check.err);
        for (const QStringList &filter : {QStringList{QStringLiteral("--search"), QStringLiteral("taliban OR kunduz")},
                                          QStringList{QStringLiteral("--near"), QStringLiteral("Kabul")}}) {
            const auto a = runMapline(QStringList{QStringLiteral("events"), QStringLiteral("--db"), mOriginal} + filter);
            const auto b = runMapline(QStringList{QStringLiteral("events"), QStringLiteral("--db"), back} + filter);
            QVERIFY2(a.exitCode == 0 && a.out.size() > 100, a.err.constData());
            QCOMPARE(b.out, a.out);
        }

        // SQLite to SQLite falls out of the same code.
        const QString twin = mDir.filePath(QStringLiteral("twin.sqlite"));
        const auto direct = runMapline({QStringLiteral("copy"), QStringLiteral("--from"), mOriginal, QStringLiteral("--to"), twin});
        QVERIFY2(direct.exitCode == 0, direct.err.constData());
        QVERIFY2(differences(mOriginal, twin).isEmpty(), qPrintable(differences(mOriginal, twin).join(u'\n')));
    }

    // The comparison above must see a column or a table that the copy would drop.
    void theComparisonSeesWhatACopyDrops()
    {
        const QString url = mServer.createDatabase();
        QVERIFY(runMapline({QStringLiteral("copy"), QStringLiteral("--from"), mOriginal, QStringLiteral("--to"), url}).exitCode == 0);
        auto c = pg::PgConnection::open(url);
        QVERIFY(c);
        const Status dropped = c.value()->exec(QStringLiteral("ALTER TABLE mapline.events DROP COLUMN fatalities CASCADE; "
                                                              "DELETE FROM mapline.control_corrections"),
                                               QString());
        QVERIFY2(dropped, qPrintable(dropped.error()));
        const QString back = mDir.filePath(QStringLiteral("dropped.sqlite"));
        QVERIFY(runMapline({QStringLiteral("copy"), QStringLiteral("--from"), url, QStringLiteral("--to"), back}).exitCode == 0);
        const QString diff = differences(mOriginal, back).join(u'\n');
        QVERIFY2(diff.contains(QLatin1String("fatalities")), qPrintable(diff));
        QVERIFY2(diff.contains(QLatin1String("control_corrections")), qPrintable(diff));
    }

    // `mapline events` (and `happenings`, `export`) on the PostgreSQL store prints, byte for byte,
    // what it prints on the SQLite store the data was copied from, whatever the filters and the format.
    void readCommandsAreTheSameFromEitherStore()
    {
        const QString url = mServer.createDatabase();
        QVERIFY(runMapline({QStringLiteral("copy"), QStringLiteral("--from"), mOriginal, QStringLiteral("--to"), url}).exitCode == 0);
        const QList<QStringList> filters = {
            {},
            {QStringLiteral("--from"), QStringLiteral("2001-11-15"), QStringLiteral("--to"), QStringLiteral("2001-11-30"),
             QStringLiteral("--type"), QStringLiteral("armed_clash"), QStringLiteral("--type"), QStringLiteral("air_strike"),
             QStringLiteral("--format"), QStringLiteral("csv")},
            {QStringLiteral("--near"), QStringLiteral("Kunduz"), QStringLiteral("--radius"), QStringLiteral("100")},
            {QStringLiteral("--search"), QStringLiteral("\"northern alliance\" OR bomb*")},
            {QStringLiteral("--search"), QStringLiteral("(taliban OR alliance) NOT kunduz"), QStringLiteral("--format"),
             QStringLiteral("csv")},
            {QStringLiteral("--search"), QStringLiteral("Mazār")}, // diacritics folded on both sides
            {QStringLiteral("--min-sources"), QStringLiteral("2"), QStringLiteral("--actor"), QStringLiteral("taliban")},
            {QStringLiteral("--limit"), QStringLiteral("3"), QStringLiteral("--near"), QStringLiteral("Kabul")},
        };
        for (const QStringList &filter : filters) {
            const auto a = runMapline(QStringList{QStringLiteral("events"), QStringLiteral("--db"), mOriginal} + filter);
            const auto b = runMapline(QStringList{QStringLiteral("events"), QStringLiteral("--db"), url} + filter);
            QVERIFY2(a.exitCode == 0 && a.out.size() > 100, qPrintable(filter.join(u' ') + QString::fromUtf8(a.err)));
            QVERIFY2(b.exitCode == 0, qPrintable(filter.join(u' ') + QString::fromUtf8(b.err)));
            QVERIFY2(a.out == b.out, qPrintable(filter.join(u' ')));
        }
        // `happenings` and `export` the same way (a GeoPackage holds its time of writing: GeoJSON,
        // CSV and KML compared byte for byte).
        const QList<QStringList> others = {
            {QStringLiteral("happenings")},
            {QStringLiteral("happenings"), QStringLiteral("--format"), QStringLiteral("csv"), QStringLiteral("--search"),
             QStringLiteral("taliban"), QStringLiteral("--near"), QStringLiteral("Kunduz"), QStringLiteral("--radius"),
             QStringLiteral("200")},
            {QStringLiteral("happenings"), QStringLiteral("--format"), QStringLiteral("geojson"), QStringLiteral("--min-sources"),
             QStringLiteral("2")},
        };
        for (const QStringList &command : others) {
            const auto a = runMapline(command + QStringList{QStringLiteral("--db"), mOriginal});
            const auto b = runMapline(command + QStringList{QStringLiteral("--db"), url});
            QVERIFY2(a.exitCode == 0 && a.out.size() > 100, qPrintable(command.join(u' ') + QString::fromUtf8(a.err)));
            QVERIFY2(b.exitCode == 0, qPrintable(command.join(u' ') + QString::fromUtf8(b.err)));
            QVERIFY2(a.out == b.out, qPrintable(command.join(u' ')));
        }
        for (const QString &name : {QStringLiteral("events.geojson"), QStringLiteral("events.kml"), QStringLiteral("happenings.csv")}) {
            const QStringList options = name.startsWith(u'h') ? QStringList{QStringLiteral("--happenings")} : QStringList();
            const QString fromSqlite = mDir.filePath(QStringLiteral("sqlite-") + name);
            const QString fromPostgres = mDir.filePath(QStringLiteral("postgres-") + name);
            QCOMPARE(runMapline(QStringList{QStringLiteral("export"), QStringLiteral("--db"), mOriginal, QStringLiteral("--out"),
                                            fromSqlite} + options).exitCode, 0);
            const auto b = runMapline(QStringList{QStringLiteral("export"), QStringLiteral("--db"), url, QStringLiteral("--out"),
                                                  fromPostgres} + options);
            QVERIFY2(b.exitCode == 0, b.err.constData());
            const QByteArray written = test::readFile(fromSqlite);
            QVERIFY2(written.size() > 1000, qPrintable(name));
            QVERIFY2(test::readFile(fromPostgres) == written, qPrintable(name));
        }

        // A store that is not there: the server's reason, exit 1; a bad search: a usage error.
        const auto missing = runMapline({QStringLiteral("events"), QStringLiteral("--db"), mServer.url(QStringLiteral("nowhere"))});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY2(missing.err.contains("\"nowhere\" does not exist"), missing.err.constData());
        QCOMPARE(runMapline({QStringLiteral("events"), QStringLiteral("--db"), url, QStringLiteral("--search"),
                             QStringLiteral("taliban AND")})
                     .exitCode,
                 2);
    }

    // A copy killed half-way (held up by a lock on the source's last table, after writing every
    // other table into the destination's transaction): the destination is as it was, and usable.
    void aKilledCopyLeavesTheDestinationAsItWas()
    {
        const QString source = mServer.createDatabase();
        QVERIFY(runMapline({QStringLiteral("copy"), QStringLiteral("--from"), mOriginal, QStringLiteral("--to"), source}).exitCode == 0);
        const QString emptyPostgres = mServer.createDatabase();
        const QString emptySqlite = mDir.filePath(QStringLiteral("empty.sqlite"));
        QVERIFY(test::openStore(emptySqlite));
        const qint64 sides = countIn(emptySqlite, QStringLiteral("SELECT count(*) FROM side_members"));
        for (const QString &destination : {emptyPostgres, emptySqlite}) {
            auto blocker = pg::PgConnection::open(source);
            QVERIFY(blocker);
            QVERIFY(blocker.value()->exec(QStringLiteral("BEGIN; LOCK TABLE mapline.control_corrections IN ACCESS EXCLUSIVE MODE"),
                                          QString()));
            QProcess copy;
            copy.setReadChannel(QProcess::StandardError); // the progress, table by table
            copy.start(QStringLiteral(MAPLINE_EXE), {QStringLiteral("copy"), QStringLiteral("--from"), source,
                                                     QStringLiteral("--to"), destination});
            QByteArray progress;
            while (!progress.contains("side_members:") && copy.state() != QProcess::NotRunning && copy.waitForReadyRead(30000))
                progress += copy.readAllStandardError();
            QVERIFY2(progress.contains("events:") && progress.contains("side_members:"), progress.constData());
            QTest::qWait(200); // now waiting for the lock, with every other table written
            QCOMPARE(copy.state(), QProcess::Running);
            copy.kill();
            QVERIFY(copy.waitForFinished(10000));
            QVERIFY(blocker.value()->exec(QStringLiteral("ROLLBACK"), QString()));
        }
        QCOMPARE(pgCount(emptyPostgres, QStringLiteral("SELECT count(*) FROM mapline.articles")), 0);
        QCOMPARE(pgCount(emptyPostgres, QStringLiteral("SELECT count(*) FROM mapline.events")), 0);
        QCOMPARE(pgCount(emptyPostgres, QStringLiteral("SELECT count(*) FROM pg_indexes WHERE schemaname = 'mapline' AND "
                                                       "indexname = 'sentences_text_search'")),
                 1); // the indexes dropped for the load are back with the rollback
        QCOMPARE(countIn(emptySqlite, QStringLiteral("SELECT count(*) FROM articles")), 0);
        QCOMPARE(countIn(emptySqlite, QStringLiteral("SELECT count(*) FROM side_members")), sides);
        QCOMPARE(runMapline({QStringLiteral("check"), QStringLiteral("--db"), emptySqlite}).exitCode, 0);
        // Both take a copy again.
        for (const QString &destination : {emptyPostgres, emptySqlite}) {
            const auto again = runMapline({QStringLiteral("copy"), QStringLiteral("--from"), source, QStringLiteral("--to"), destination});
            QVERIFY2(again.exitCode == 0, again.err.constData());
        }
        const QStringList diff = differences(mOriginal, emptySqlite);
        QVERIFY2(diff.isEmpty(), qPrintable(diff.join(u'\n')));
    }

    // check and repair on a database that holds no store say so (tst_pgcheck checks stores), and
    // write nothing.
    void otherCommandsSayTheyNeedAStore()
    {
        const QString url = mServer.url(QStringLiteral("postgres"));
        for (const QStringList &command : {QStringList{QStringLiteral("repair")},
                                           QStringList{QStringLiteral("check")}}) {
            const auto r = runMapline(command + QStringList{QStringLiteral("--db"), url});
            QCOMPARE(r.exitCode, 1);
            QVERIFY2(r.err.contains("holds no Mapline store"), r.err.constData());
        }
        QCOMPARE(test::pgCount(url, QStringLiteral("SELECT count(*) FROM pg_namespace WHERE nspname = 'mapline'")), qint64(0));
        // The viewer opens a URL (tst_pgviewer); one holding a password it refuses, as the commands do.
        const QString withPassword = QStringLiteral("postgresql://someone:hunter2secret@/postgres?host=%1&port=%2")
                                         .arg(mServer.socketFolder())
                                         .arg(mServer.port());
        const auto viewer = runMapline({QStringLiteral("--db"), withPassword});
        QCOMPARE(viewer.exitCode, 2);
        QVERIFY2(viewer.err.contains("holds a password"), viewer.err.constData());
        QVERIFY(!viewer.err.contains("hunter2secret"));
    }

    void refusesAPasswordInTheUrl()
    {
        const QString url = QStringLiteral("postgresql://mapline_test:hunter2secret@/case_x?host=%1&port=%2")
                                .arg(mServer.socketFolder())
                                .arg(mServer.port());
        const auto r = runMapline({QStringLiteral("copy"), QStringLiteral("--from"), mOriginal, QStringLiteral("--to"), url});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("PGPASSWORD"), r.err.constData());
        QVERIFY(!r.err.contains("hunter2secret") && !r.out.contains("hunter2secret"));
        const auto events = runMapline({QStringLiteral("events"), QStringLiteral("--db"), url});
        QCOMPARE(events.exitCode, 2);
        QVERIFY(!events.err.contains("hunter2secret") && !events.out.contains("hunter2secret"));
    }

    void refusesADestinationThatHoldsData()
    {
        const QString url = mServer.createDatabase();
        QVERIFY(runMapline({QStringLiteral("copy"), QStringLiteral("--from"), mOriginal, QStringLiteral("--to"), url}).exitCode == 0);
        const qint64 events = pgCount(url, QStringLiteral("SELECT count(*) FROM mapline.events"));
        const auto again = runMapline({QStringLiteral("copy"), QStringLiteral("--from"), mOriginal, QStringLiteral("--to"), url});
        QCOMPARE(again.exitCode, 2);
        QVERIFY2(again.err.contains("already holds data"), again.err.constData());
        QCOMPARE(pgCount(url, QStringLiteral("SELECT count(*) FROM mapline.events")), events);

        // A SQLite store with events, and the source itself, are refused the same way.
        const auto intoItself = runMapline({QStringLiteral("copy"), QStringLiteral("--from"), mOriginal, QStringLiteral("--to"),
                                            mOriginal});
        QCOMPARE(intoItself.exitCode, 2);
        const QString full = mDir.filePath(QStringLiteral("full.sqlite"));
        QVERIFY(QFile::copy(mOriginal, full));
        const auto intoFull = runMapline({QStringLiteral("copy"), QStringLiteral("--from"), url, QStringLiteral("--to"), full});
        QCOMPARE(intoFull.exitCode, 2);
        QVERIFY2(intoFull.err.contains("already holds data"), intoFull.err.constData());
        QVERIFY(differences(mOriginal, full).isEmpty());
        // Usage.
        QCOMPARE(runMapline({QStringLiteral("copy"), QStringLiteral("--from"), mOriginal}).exitCode, 2);
    }

    void aFailedCopyLeavesTheDestinationAsItWas()
    {
        // A source PostgreSQL would refuse late (an event's date that is no date, in the last
        // table but a few): nothing of the tables before it stays in the destination.
        const QString broken = mDir.filePath(QStringLiteral("broken.sqlite"));
        QVERIFY(QFile::copy(mOriginal, broken));
        {
            SqliteFile f(broken);
            f.db().close();
            f.db().setConnectOptions();
            QVERIFY(f.db().open());
            QSqlQuery q(f.db());
            QVERIFY2(q.exec(QStringLiteral("UPDATE events SET date = '2001-13-45', date_end = NULL WHERE id = (SELECT max(id) FROM events)")),
                     qPrintable(q.lastError().text()));
        }
        const QString url = mServer.createDatabase();
        const auto r = runMapline({QStringLiteral("copy"), QStringLiteral("--from"), broken, QStringLiteral("--to"), url});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("events") && r.err.contains("nothing was copied"), r.err.constData());
        QCOMPARE(pgCount(url, QStringLiteral("SELECT count(*) FROM mapline.articles")), 0);
        QCOMPARE(pgCount(url, QStringLiteral("SELECT count(*) FROM mapline.events")), 0);

        // Into a new SQLite file from a PostgreSQL store SQLite refuses a row of (a confidence out
        // of range, let in by dropping the check): no file is left behind.
        const QString good = mServer.createDatabase();
        QVERIFY(runMapline({QStringLiteral("copy"), QStringLiteral("--from"), mOriginal, QStringLiteral("--to"), good}).exitCode == 0);
        auto c = pg::PgConnection::open(good);
        QVERIFY(c);
        QVERIFY(c.value()->exec(QStringLiteral("ALTER TABLE mapline.events DROP CONSTRAINT events_confidence_check; "
                                               "UPDATE mapline.events SET confidence = 2 WHERE id = (SELECT max(id) FROM mapline.events)"),
                                QString()));
        const QString target = mDir.filePath(QStringLiteral("never.sqlite"));
        const auto back = runMapline({QStringLiteral("copy"), QStringLiteral("--from"), good, QStringLiteral("--to"), target});
        QCOMPARE(back.exitCode, 1);
        QVERIFY2(back.err.contains("CHECK constraint"), back.err.constData());
        QVERIFY(!QFile::exists(target));
        QVERIFY(!QFile::exists(target + QStringLiteral("-wal")));
    }
};

QTEST_GUILESS_MAIN(TestCopy)
#include "tst_copy.moc"
