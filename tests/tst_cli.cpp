// The command-line contract of DESIGN.md, run as a user runs it: the real executable on real files.
#include "eventfields.h"
#include "extract/articleparser.h"
#include "store/eventstore.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace mapline;
using test::runMapline;

namespace {

// A database with two events written through the store, so `events` has something to print
// whatever the extraction does.
void writeEvents(const QString &db)
{
    auto store = EventStore::open(db);
    QVERIFY2(store.ok(), qPrintable(store.error()));
    ArticleMeta meta;
    meta.title = QStringLiteral("Talks on Konduz");
    meta.published = QDate(2001, 11, 22);
    ParsedArticle parsed = ArticleParser().parse(
        QStringLiteral("Commanders held talks here Thursday. Fighting went on in Konduz."), meta);
    parsed.events.clear(); // events of known content, whatever the extraction finds
    for (int i = 0; i < 2; ++i) {
        Event e;
        e.sentenceIndex = i;
        e.type = i == 0 ? QStringLiteral("talks") : QStringLiteral("armed_clash");
        e.time = TimeRange::day(QDate(2001, 11, 21 + i));
        e.place.name = i == 0 ? QStringLiteral("Mazar-e Sharif") : QStringLiteral("Kunduz");
        e.place.precision = GeoPrecision::City;
        e.place.coordinate = i == 0 ? QGeoCoordinate(36.709, 67.110) : QGeoCoordinate(36.728, 68.868);
        e.place.country = QStringLiteral("AF");
        e.confidence = 0.7;
        e.actors.append(ActorMention{Actor{QStringLiteral("Taliban"), {}, QStringLiteral("group")}, Span{}});
        parsed.events.append(e);
    }
    QVERIFY(store.value()->importArticle(parsed).ok());
}

} // namespace

class TestCli : public QObject {
    Q_OBJECT
private slots:
    void helpAndVersion();
    void usageErrorsExitTwo_data();
    void usageErrorsExitTwo();
    void filterMistakesAreUsageErrors_data();
    void filterMistakesAreUsageErrors();
    void importStoresArticlesAndSentences();
    void importReportsFailuresAndGoesOn();
    void eventsJsonHasEveryContractField();
    void eventsCsvHasContractHeader();
    void eventsCarryTheDatasetRowsIds();
    void eventsFilters();
    void eventsStreamInOrderWithTheirActors();
    void badDatabaseGivesMessage_data();
    void badDatabaseGivesMessage();
    void environmentChoosesDatabase();

private:
    QTemporaryDir mDir;
};

void TestCli::helpAndVersion()
{
    auto r = runMapline({QStringLiteral("--help")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains("mapline import"));
    QVERIFY(r.out.contains("Exit codes"));
    r = runMapline({QStringLiteral("--version")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.startsWith("mapline " MAPLINE_VERSION));
    r = runMapline({QStringLiteral("events"), QStringLiteral("--help")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains("--format"));
}

void TestCli::usageErrorsExitTwo_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("unknown option") << QStringList{QStringLiteral("--frobnicate")};
    QTest::newRow("unknown option of a command") << QStringList{QStringLiteral("events"), QStringLiteral("--colour")};
    QTest::newRow("import without paths") << QStringList{QStringLiteral("import")};
    QTest::newRow("bad date") << QStringList{QStringLiteral("events"), QStringLiteral("--from"), QStringLiteral("2001-13-45")};
    QTest::newRow("bad import date") << QStringList{QStringLiteral("import"), QStringLiteral("--date"),
                                                    QStringLiteral("22/11/2001"), QStringLiteral("x.txt")};
    QTest::newRow("bad format") << QStringList{QStringLiteral("events"), QStringLiteral("--format"), QStringLiteral("xml")};
    QTest::newRow("from after to") << QStringList{QStringLiteral("events"), QStringLiteral("--from"), QStringLiteral("2001-12-01"),
                                                  QStringLiteral("--to"), QStringLiteral("2001-11-01")};
    QTest::newRow("missing value") << QStringList{QStringLiteral("events"), QStringLiteral("--type")};
    // A word that is neither a command nor a file opened the viewer (issue 12, item 14).
    QTest::newRow("unknown command") << QStringList{QStringLiteral("contrl")};
}

// Issue 12, item 14: each of these printed nothing useful and exited 0 (or blamed the index).
void TestCli::filterMistakesAreUsageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("said");
    QTest::newRow("misspelt type") << QStringList{"events", "--type", "armedclash"}
                                   << QStringLiteral("did you mean armed_clash?");
    QTest::newRow("unknown type among known") << QStringList{"events", "--type", "talks,shelling_xyz"}
                                              << QStringLiteral("no event type \"shelling_xyz\"");
    QTest::newRow("column filter in a search") << QStringList{"events", "--search", "text:x"}
                                               << QStringLiteral("not a valid full-text query");
    QTest::newRow("NaN radius") << QStringList{"events", "--near", "Kunduz", "--radius", "nan"}
                                << QStringLiteral("--radius");
    QTest::newRow("NaN bbox") << QStringList{"snapshot", "--out", "OUT", "--bbox", "nan,29,75,38"}
                              << QStringLiteral("--bbox");
    QTest::newRow("infinite bbox") << QStringList{"snapshot", "--out", "OUT", "--bbox", "60,29,inf,38"}
                                   << QStringLiteral("--bbox");
}

void TestCli::filterMistakesAreUsageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, said);
    const QString db = mDir.filePath(QStringLiteral("mistakes.sqlite"));
    if (!QFileInfo::exists(db))
        writeEvents(db);
    const QString out = mDir.filePath(QStringLiteral("mistake.png"));
    args.replaceInStrings(QRegularExpression(QStringLiteral("^OUT$")), out);
    args << QStringLiteral("--db") << db;
    const auto r = runMapline(args);
    QVERIFY(!r.crashed);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(QString::fromUtf8(r.err).contains(said), r.err.constData());
    QVERIFY(r.out.isEmpty());
    QVERIFY(!QFileInfo::exists(out));
}

void TestCli::usageErrorsExitTwo()
{
    QFETCH(QStringList, args);
    args << QStringLiteral("--db") << mDir.filePath(QStringLiteral("usage.sqlite"));
    const auto r = runMapline(args);
    QVERIFY(!r.crashed);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("mapline"), r.err.constData());
    QVERIFY(r.out.isEmpty());
}

void TestCli::importStoresArticlesAndSentences()
{
    const QString db = mDir.filePath(QStringLiteral("import.sqlite"));
    const QString resources = qEnvironmentVariable("MAPLINE_RESOURCES") + QStringLiteral("/sample");
    auto r = runMapline({QStringLiteral("import"), QStringLiteral("--db"), db, resources});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(r.out.contains("imported"));
    QVERIFY(r.out.contains("1 article imported"));
    {
        auto store = EventStore::open(db, EventStore::Mode::ReadOnly);
        QVERIFY(store.ok());
        const auto stats = store.value()->stats();
        QVERIFY(stats.ok());
        QCOMPARE(stats->articles, 1);
        QVERIFY(stats->sentences > 10);
        const auto article = store.value()->article(1);
        QVERIFY(article.ok());
        QCOMPARE(article->meta.title, QStringLiteral("Alliance, Taliban end new talks on Konduz"));
        QCOMPARE(article->meta.source, QStringLiteral("CNN"));
        QCOMPARE(article->meta.published, QDate(2001, 11, 22));
        // Offsets point into the stored body.
        for (const Sentence &s : article->sentences)
            QCOMPARE(article->body.mid(s.start, s.end - s.start), s.text);
    }
    // Again: nothing changes.
    r = runMapline({QStringLiteral("import"), QStringLiteral("--db"), db, resources});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains("0 articles imported, 1 unchanged"));
}

void TestCli::importReportsFailuresAndGoesOn()
{
    QTemporaryDir dir;
    QVERIFY(test::writeFile(dir.filePath(QStringLiteral("a-good.txt")), "KABUL (Wire) -- Talks were held on Monday.\n"));
    QVERIFY(test::writeFile(dir.filePath(QStringLiteral("b-empty.txt")), ""));
    QVERIFY(test::writeFile(dir.filePath(QStringLiteral("c-binary.txt")), QByteArray("\x89PNG\r\n\x1a\n\0\0\0", 11)));
    QVERIFY(test::writeFile(dir.filePath(QStringLiteral("d-good.txt.meta")), "published: not-a-date\n"));
    QVERIFY(test::writeFile(dir.filePath(QStringLiteral("d-good.txt")), "Another story.\n"));
    QVERIFY(test::writeFile(dir.filePath(QStringLiteral("e-good.html")), "<p>A third story.</p>\n"));
    const QString db = mDir.filePath(QStringLiteral("failures.sqlite"));
    const auto r = runMapline({QStringLiteral("import"), QStringLiteral("--db"), db, dir.path(),
                               dir.filePath(QStringLiteral("missing.txt"))});
    QVERIFY(!r.crashed);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("b-empty.txt: the file is empty"), r.err.constData());
    QVERIFY2(r.err.contains("c-binary.txt: a binary file"), r.err.constData());
    QVERIFY2(r.err.contains("d-good.txt.meta:1"), r.err.constData());
    QVERIFY2(r.err.contains("missing.txt: no such file"), r.err.constData());
    QVERIFY2(r.out.contains("2 articles imported, 0 unchanged, 4 failed"), r.out.constData());
    auto store = EventStore::open(db, EventStore::Mode::ReadOnly);
    QVERIFY(store.ok());
    QCOMPARE(store.value()->stats()->articles, 2);
}

void TestCli::eventsJsonHasEveryContractField()
{
    const QString db = mDir.filePath(QStringLiteral("json.sqlite"));
    writeEvents(db);
    const auto r = runMapline({QStringLiteral("events"), QStringLiteral("--db"), db, QStringLiteral("--format"),
                               QStringLiteral("json")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(r.out, &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    QVERIFY(doc.isArray());
    const QJsonArray events = doc.array();
    QCOMPARE(events.size(), 2);
    const QStringList required = {"id", "article_id", "date", "date_end", "date_precision", "place", "place_text",
                                  "lat", "lon", "geo_precision", "admin1", "country", "type", "acled_event_type",
                                  "acled_sub_event_type", "cameo_root", "actors", "sentence", "confidence"};
    for (const QJsonValue &v : events) {
        const QJsonObject o = v.toObject();
        for (const QString &field : required)
            QVERIFY2(o.contains(field), qPrintable(field));
        QVERIFY(o.value("actors").isArray());
        QVERIFY(o.value("lat").isDouble());
        const double confidence = o.value("confidence").toDouble(-1);
        QVERIFY(confidence >= 0 && confidence <= 1);
    }
    const QJsonObject first = events.first().toObject();
    QCOMPARE(first.value("date").toString(), QStringLiteral("2001-11-21"));
    QCOMPARE(first.value("date_precision").toString(), QStringLiteral("day"));
    QCOMPARE(first.value("place").toString(), QStringLiteral("Mazar-e Sharif"));
    QCOMPARE(first.value("geo_precision").toString(), QStringLiteral("city"));
    QCOMPARE(first.value("actors").toArray().first().toString(), QStringLiteral("Taliban"));
    QCOMPARE(first.value("sentence").toString(), QStringLiteral("Commanders held talks here Thursday."));
}

void TestCli::eventsCsvHasContractHeader()
{
    const QString db = mDir.filePath(QStringLiteral("csv.sqlite"));
    writeEvents(db);
    const auto r = runMapline({QStringLiteral("events"), QStringLiteral("--db"), db, QStringLiteral("--format"),
                               QStringLiteral("csv")});
    QCOMPARE(r.exitCode, 0);
    const QList<QByteArray> lines = r.out.split('\n');
    QCOMPARE(lines.first().trimmed(), csvHeader().toUtf8());
    QCOMPARE(lines.size(), 4); // header, two events, and the empty tail after the last line end
    QVERIFY(lines[1].contains("2001-11-21"));
}

// A dataset row's own id (GDELT's GLOBALEVENTID) is in no text of the event any more (rows with the
// same description share one sentence): `events` carries it as external_id, in JSON and in CSV
// (the last column), as the file wrote it, so an analyst can join the output back to the rows it
// came from; an event read from an article has none (null, an empty field).
void TestCli::eventsCarryTheDatasetRowsIds()
{
    const QString db = mDir.filePath(QStringLiteral("ids.sqlite"));
    writeEvents(db);
    const auto imported = runMapline({QStringLiteral("import"), QStringLiteral("--db"), db,
                                      test::testData(QStringLiteral("datasets/gdelt1-20011125.export.CSV"))});
    QVERIFY2(imported.exitCode <= 1 && !imported.crashed, imported.err.constData());
    // What the store holds, by event id.
    QHash<qint64, QString> stored;
    {
        auto store = test::openStore(db);
        QVERIFY(store);
        QSqlQuery q(store->database());
        QVERIFY(q.exec(QStringLiteral("SELECT id, external_id FROM events")));
        while (q.next())
            stored.insert(q.value(0).toLongLong(), q.value(1).toString());
    }
    QStringList numbers;
    for (const QString &id : std::as_const(stored))
        if (!id.isEmpty())
            numbers << id;
    numbers.sort();
    // The sample's rows in the area of interest, with a valid date and place.
    QCOMPARE(numbers, (QStringList{QStringLiteral("1001"), QStringLiteral("1003"), QStringLiteral("1008"),
                                   QStringLiteral("1009")}));

    const auto json = runMapline({QStringLiteral("events"), QStringLiteral("--db"), db, QStringLiteral("--format"),
                                  QStringLiteral("json")});
    QVERIFY2(json.exitCode == 0, json.err.constData());
    const QJsonArray events = QJsonDocument::fromJson(json.out).array();
    QCOMPARE(events.size(), stored.size());
    QStringList fromJson;
    int articleEvents = 0;
    for (const QJsonValue &v : events) {
        const QJsonObject o = v.toObject();
        QVERIFY(o.contains(QStringLiteral("external_id")));
        const QString id = stored.value(o.value("id").toInteger(), QStringLiteral("?"));
        if (id.isEmpty()) {
            QVERIFY(o.value("external_id").isNull()); // read from an article: none
            ++articleEvents;
        } else {
            QVERIFY(o.value("external_id").isString()); // a text, as the dataset wrote it
            QCOMPARE(o.value("external_id").toString(), id);
            fromJson << id;
        }
    }
    QCOMPARE(articleEvents, 2);
    fromJson.sort();
    QCOMPARE(fromJson, numbers);

    const auto csv = runMapline({QStringLiteral("events"), QStringLiteral("--db"), db, QStringLiteral("--format"),
                                 QStringLiteral("csv")});
    QVERIFY2(csv.exitCode == 0, csv.err.constData());
    QList<QByteArray> lines = csv.out.split('\n');
    QCOMPARE(lines.takeFirst().trimmed(), csvHeader().toUtf8());
    QVERIFY(csvHeader().endsWith(QStringLiteral(",sources,external_id"))); // added last: no column moves
    QCOMPARE(lines.takeLast(), QByteArray());
    QCOMPARE(lines.size(), stored.size());
    const int idColumn = int(eventFieldNames().indexOf(QStringLiteral("id")));
    QStringList fromCsv;
    for (const QByteArray &line : std::as_const(lines)) {
        // The sample's texts hold no quotes or commas in the first and last columns.
        const QList<QByteArray> fields = line.trimmed().split(',');
        const QString id = stored.value(fields[idColumn].toLongLong(), QStringLiteral("?"));
        QCOMPARE(QString::fromUtf8(fields.last()), id);
        if (!id.isEmpty())
            fromCsv << id;
    }
    fromCsv.sort();
    QCOMPARE(fromCsv, numbers);
}

void TestCli::eventsFilters()
{
    const QString db = mDir.filePath(QStringLiteral("filters.sqlite"));
    writeEvents(db);
    auto countOf = [&](const QStringList &extra) {
        QStringList args = {QStringLiteral("events"), QStringLiteral("--db"), db};
        args += extra;
        const auto r = runMapline(args);
        return r.exitCode == 0 ? QJsonDocument::fromJson(r.out).array().size() : -r.exitCode;
    };
    QCOMPARE(countOf({}), 2);
    QCOMPARE(countOf({"--type", "talks"}), 1);
    QCOMPARE(countOf({"--type", "talks,armed_clash"}), 2);
    QCOMPARE(countOf({"--from", "2001-11-22"}), 1);
    QCOMPARE(countOf({"--near", "Kunduz", "--radius", "20"}), 1);
    QCOMPARE(countOf({"--search", "Konduz"}), 2); // the title matches too
    QCOMPARE(countOf({"--search", "fighting"}), 1);
    QCOMPARE(countOf({"--near", "Atlantis"}), -2);
    QCOMPARE(countOf({"--search", "\"unbalanced"}), -2);
}

// `events` writes each event as it reads it, its actors read by a second cursor in the same order
// (EventStore::forEachEvent): every event must come with its own actors, in date order, and the
// JSON must be the text Qt writes for the whole array at once.
void TestCli::eventsStreamInOrderWithTheirActors()
{
    const QString db = mDir.filePath(QStringLiteral("stream.sqlite"));
    const QStringList names = {QStringLiteral("Taliban"), QStringLiteral("Northern Alliance"),
                               QStringLiteral("United States"), QStringLiteral("al Qaeda")};
    constexpr int kEvents = 240;
    QHash<QString, QStringList> actorsOf; // by sentence
    {
        auto store = EventStore::open(db);
        QVERIFY2(store.ok(), qPrintable(store.error()));
        QStringList sentences;
        for (int i = 0; i < kEvents; ++i)
            sentences << QStringLiteral("Report number %1 came in.").arg(i);
        ArticleMeta meta;
        meta.title = QStringLiteral("Many reports");
        meta.published = QDate(2001, 12, 1);
        ParsedArticle parsed = ArticleParser().parse(sentences.join(QLatin1Char(' ')), meta);
        QCOMPARE(parsed.article.sentences.size(), kEvents);
        parsed.events.clear();
        for (int i = 0; i < kEvents; ++i) {
            Event e;
            e.sentenceIndex = i;
            e.type = QStringLiteral("armed_clash");
            e.time = TimeRange::day(QDate(2001, 11, 1).addDays((i * 7) % 30)); // dates out of id order
            e.place.name = QStringLiteral("Kunduz");
            e.place.precision = GeoPrecision::City;
            e.place.coordinate = QGeoCoordinate(36.728, 68.868);
            e.confidence = 0.5;
            QStringList mine;
            for (int k = 0; k < i % 5; ++k) { // 0 to 4 actors
                const QString &name = names[(i + k) % names.size()];
                e.actors.append(ActorMention{Actor{name, {}, QStringLiteral("group")}, Span{}});
                mine << name;
            }
            mine.sort();
            actorsOf.insert(parsed.article.sentences[i].text, mine);
            parsed.events.append(e);
        }
        QVERIFY(store.value()->importArticle(parsed).ok());
    }
    const auto r = runMapline({QStringLiteral("events"), QStringLiteral("--db"), db});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QJsonParseError error;
    const QJsonArray events = QJsonDocument::fromJson(r.out, &error).array();
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    QCOMPARE(events.size(), kEvents);
    QString lastDate;
    for (const QJsonValue &v : events) {
        const QJsonObject o = v.toObject();
        QVERIFY(o.value("date").toString() >= lastDate);
        lastDate = o.value("date").toString();
        QStringList actors;
        for (const QJsonValue &a : o.value("actors").toArray())
            actors << a.toString();
        actors.sort();
        QCOMPARE(actors, actorsOf.value(o.value("sentence").toString(), {QStringLiteral("?")}));
    }
    QCOMPARE(r.out, QJsonDocument(events).toJson(QJsonDocument::Indented));
    // Nothing selected: an empty array, as before.
    const auto none = runMapline({QStringLiteral("events"), QStringLiteral("--db"), db, QStringLiteral("--from"),
                                  QStringLiteral("2002-01-01")});
    QCOMPARE(none.exitCode, 0);
    QCOMPARE(none.out, QJsonDocument(QJsonArray()).toJson(QJsonDocument::Indented));
}

void TestCli::badDatabaseGivesMessage_data()
{
    QTest::addColumn<QString>("db");
    QTest::addColumn<QByteArray>("content"); // written first when not empty
    QTest::addColumn<QString>("reason");
    QTest::newRow("missing folder") << QStringLiteral("no/such/folder/x.sqlite") << QByteArray() << QStringLiteral("does not exist");
    QTest::newRow("a folder") << QStringLiteral(".") << QByteArray() << QStringLiteral("folder");
    QTest::newRow("a text file") << QStringLiteral("notes.txt") << QByteArray("my notes\n") << QStringLiteral("not a SQLite database");
}

void TestCli::badDatabaseGivesMessage()
{
    QFETCH(QString, db);
    QFETCH(QByteArray, content);
    QFETCH(QString, reason);
    const QString path = mDir.filePath(db);
    if (!content.isEmpty())
        QVERIFY(test::writeFile(path, content));
    for (const QStringList &args : {QStringList{QStringLiteral("events"), QStringLiteral("--db"), path},
                                    QStringList{QStringLiteral("import"), QStringLiteral("--db"), path,
                                                QStringLiteral(MAPLINE_TEST_DATA)}}) {
        const auto r = runMapline(args);
        QVERIFY(!r.crashed);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(reason.toUtf8()), r.err.constData());
        QVERIFY2(r.err.contains(QFileInfo(path).fileName().toUtf8()), r.err.constData());
    }
    if (!content.isEmpty())
        QCOMPARE(test::readFile(path), content);
}

void TestCli::environmentChoosesDatabase()
{
    const QString db = mDir.filePath(QStringLiteral("env.sqlite"));
    writeEvents(db);
    const auto r = runMapline({QStringLiteral("events")}, db);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(QJsonDocument::fromJson(r.out).array().size(), 2);
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
