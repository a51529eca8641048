// `mapline events` output (EventTextWriter) and what it reads (EventStore::forEachRecord): the
// bytes are those of the earlier writers (QJsonDocument of eventToJson objects, eventToCsvRecord)
// on awkward values and numbers, the records those of EventStore::forEachEvent on awkward stored
// rows, and a time window read from its first day on (the persistent index copy) lists the same
// rows as a walk of every earlier event, long events that start before it included.
#include "eventindex/indexfixtures.h"
#include "eventfields.h"
#include "eventtextwriter.h"
#include "index/eventindexloader.h"
#include "index/persistentindex.h"
#include "store/eventstore.h"
#include "store/recordsorter.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QtTest>

#include <cmath>
#include <limits>

using namespace mapline;
using mapline::test::articleWith;
using mapline::test::makeEvent;

namespace {

// The bytes the command wrote before the text writer: QJsonDocument of the whole array, or the
// CSV header and eventToCsvRecord() lines.
QByteArray earlierText(const QList<Event> &events, bool json)
{
    if (json) {
        QJsonArray array;
        for (const Event &e : events)
            array.append(eventToJson(e));
        return QJsonDocument(array).toJson(QJsonDocument::Indented);
    }
    QString text = csvHeader() + QStringLiteral("\r\n");
    for (const Event &e : events)
        text += eventToCsvRecord(e) + QStringLiteral("\r\n");
    return text.toUtf8();
}

QByteArray writerText(const QList<Event> &events, bool json)
{
    QByteArray out;
    EventTextWriter writer(json ? EventTextWriter::Format::Json : EventTextWriter::Format::Csv, [&out](std::string_view b) {
        out.append(b.data(), qsizetype(b.size()));
        return true;
    });
    for (const Event &e : events)
        writer.write(e);
    writer.finish();
    return out;
}

QByteArray recordsText(const EventStore &store, const EventQuery &query, bool json)
{
    QByteArray out;
    EventTextWriter writer(json ? EventTextWriter::Format::Json : EventTextWriter::Format::Csv, [&out](std::string_view b) {
        out.append(b.data(), qsizetype(b.size()));
        return true;
    });
    const Status s = store.forEachRecord(query, [&writer](const EventRecord &r) { return writer.write(r); });
    if (!s)
        return "failed: " + s.error().toUtf8();
    writer.finish();
    return out;
}

QByteArray eventsText(const EventStore &store, const EventQuery &query, bool json)
{
    const auto events = store.events(query);
    if (!events)
        return "failed: " + events.error().toUtf8();
    return earlierText(events.value(), json);
}

Status rawSql(const QString &path, const QStringList &statements)
{
    Status status;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw"));
        db.setDatabaseName(path);
        if (!db.open())
            status = Status::failure(db.lastError().text());
        QSqlQuery q(db);
        for (const QString &s : statements)
            if (status.ok() && !q.exec(s))
                status = Status::failure(s + QStringLiteral(": ") + q.lastError().text());
        q.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("raw"));
    return status;
}

// What the listing logged about the rows it read.
QStringList gLog;
void keepLog(QtMsgType, const QMessageLogContext &context, const QString &message)
{
    if (QLatin1String(context.category) == QLatin1String("mapline.store.listing"))
        gLog << message;
}

// The rows of the listing tests, for rawSql: one article, 300 sentences, 50 places, six actors
// (ids 4096 apart: the same slot of the reader's cache) and 99, ten happenings, `events` events
// dated by `dateOfRow` (SQL of x, the row's number) and ending on `dateEndOfRow` (SQL of x and d,
// the row's date), one in 37 then made undated by `undated`, and their actors (some twice, some
// gone from `actors`).
QStringList listingRows(const QString &article, int events, const QString &dateOfRow, const QString &dateEndOfRow,
                        const QString &undated)
{
    return {
        QStringLiteral("INSERT INTO articles (id, content_hash, title, body, imported_at) VALUES "
                       "(1, '%1', '%1', 'Body.', '2026-01-01')").arg(article),
        QStringLiteral("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 300) "
                       "INSERT INTO sentences (id, article_id, idx, start_offset, end_offset, text) "
                       "SELECT x * 3, 1, x, 0, 1, 'Sentence ' || x || ', with a comma and a \"quote\"' FROM c"),
        QStringLiteral("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 50) "
                       "INSERT INTO places (id, name, kind, admin1, country, lon, lat) "
                       "SELECT x * 7, 'Place ' || x, 'city', 'Province ' || (x % 5), 'AF', 65 + x / 10.0, 33 + x / 20.0 FROM c"),
        QStringLiteral("WITH RECURSIVE c(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM c WHERE x < 5) "
                       "INSERT INTO actors (id, name) SELECT x * 4096 + 1, 'Actor ' || x FROM c"),
        QStringLiteral("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 10) "
                       "INSERT INTO happenings (id, sources) SELECT x * 11, x FROM c"),
        QStringLiteral("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < %1) "
                       "INSERT INTO events (id, article_id, sentence_id, type, date, date_end, date_precision, place_id, "
                       "place_text, lon, lat, geo_precision, confidence, flags, happening_id, external_id) "
                       "SELECT x, 1, CASE WHEN x % 29 = 0 THEN 1 ELSE 3 * (1 + x % 300) END, "
                       "CASE x % 3 WHEN 0 THEN 'armed_clash' WHEN 1 THEN 'air_strike' ELSE 'talks' END, d, %3, "
                       "CASE WHEN x % 5 = 0 THEN 'range' ELSE 'day' END, CASE WHEN x % 11 = 0 THEN NULL ELSE 7 * (1 + x % 60) END, "
                       "'near town ' || x, CASE WHEN x % 13 = 0 THEN NULL ELSE 60 + (x % 1000) / 100.0 END, 33.5, 'city', "
                       "(x % 10) / 10.0, 0, CASE WHEN x % 4 = 0 THEN 11 * (1 + x % 12) END, "
                       "CASE x % 3 WHEN 0 THEN '' WHEN 1 THEN CAST(x + 1000000 AS TEXT) ELSE 'AFG' || x END "
                       "FROM (SELECT x, %2 AS d FROM c)").arg(events).arg(dateOfRow, dateEndOfRow),
        undated,
        QStringLiteral("INSERT INTO event_actors (event_id, actor_id, span_start) SELECT id, 1 + (id % 6) * 4096, "
                       "CASE WHEN id % 3 = 0 THEN NULL ELSE 10 - id % 4 END FROM events"),
        QStringLiteral("INSERT OR IGNORE INTO event_actors (event_id, actor_id, span_start) SELECT id, 1 + ((id / 2) % 6) * 4096, "
                       "id % 5 FROM events WHERE id % 2 = 0"),
        QStringLiteral("INSERT OR IGNORE INTO event_actors (event_id, actor_id) SELECT id, 99 FROM events WHERE id % 17 = 0"),
    };
}

} // namespace

class TestEventTextWriter : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void numbersAsQtPrintsThem();
    void eventsAsTheEarlierWritersWroteThem_data();
    void eventsAsTheEarlierWritersWroteThem();
    void storedRowsAsEventsReadThem();
    void windowReadsFromItsFirstDay();
    void everyRowInTheListingsOrder_data();
    void everyRowInTheListingsOrder();
    void windowInSlicesInTheListingsOrder_data();
    void windowInSlicesInTheListingsOrder();
    void sorterOrdersAsSqlite();

private:
    QTemporaryDir mDir;
};

void TestEventTextWriter::initTestCase()
{
    QVERIFY(mDir.isValid());
}

void TestEventTextWriter::numbersAsQtPrintsThem()
{
    QList<double> values = {0.0, -0.0, 1.0, -1.0, 30.0, 0.5, 0.75, 0.9, 0.1, 0.123456789, 1e-4, 1e-5, 0.001, 0.0005,
                            0.0004, -0.0004, 1e6, 1e15, 1e15 + 0.5, 1e17, 123456.000001, 36.728, 68.868, -33.8688,
                            151.2093, 179.9999999, -180.0, 90.0, 1.0078125, 2.0000005, 34.5000005, 65.0234375, 0.3,
                            1.0 / 3, 2.0 / 3, 5e-324, 37416733691462.0078125, -12.5078125, 0.0078125, std::numeric_limits<double>::max(),
                            std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()};
    QRandomGenerator random(17);
    for (int i = 0; i < 20000; ++i) {
        // Coordinates as datasets write them (1 to 8 decimals) and as arithmetic leaves them.
        const int decimals = random.bounded(1, 9);
        const double scale = std::pow(10.0, decimals);
        values << std::round(random.bounded(360.0) * scale - 180.0 * scale) / scale;
        values << random.bounded(360.0) - 180.0;
        values << random.bounded(1.0);
        values << std::ldexp(random.bounded(1.0), random.bounded(-60, 60));
        // Near a half of the sixth decimal, where a rounding of value * 1e6 could go the wrong way.
        values << (std::floor(random.bounded(360.0e6)) + 0.5) / 1e6 - 180.0;
        values << std::nextafter((std::floor(random.bounded(1.0e9)) + 0.5) / 1e6, 0.0);
    }
    for (const double v : values) {
        std::string json;
        EventTextWriter::appendJsonDouble(json, v);
        QJsonArray array;
        array.append(v);
        const QByteArray qt = QJsonDocument(array).toJson(QJsonDocument::Compact);
        QCOMPARE(QByteArray::fromStdString(json), qt.mid(1, qt.size() - 2));
        std::string fixed;
        EventTextWriter::appendFixed6(fixed, v);
        QCOMPARE(QString::fromStdString(fixed), QString::number(v, 'f', 6));
    }
}

void TestEventTextWriter::eventsAsTheEarlierWritersWroteThem_data()
{
    QTest::addColumn<bool>("json");
    QTest::newRow("json") << true;
    QTest::newRow("csv") << false;
}

void TestEventTextWriter::eventsAsTheEarlierWritersWroteThem()
{
    QFETCH(bool, json);
    QCOMPARE(writerText({}, json), earlierText({}, json));

    QList<Event> events;
    Event plain = makeEvent(7, QStringLiteral("armed_clash"), QDate(2001, 11, 21), QDate(2001, 11, 21), 68.868, 36.728,
                            GeoPrecision::City, {QStringLiteral("Taliban")});
    plain.articleId = 3;
    plain.sentence = QStringLiteral("Fighting broke out near Kunduz.");
    plain.confidence = 0.75;
    plain.happeningId = 12;
    plain.sources = 2;
    plain.externalId = QStringLiteral("881991063"); // a dataset row's own id
    events << plain;

    Event awkward = plain;
    awkward.id = 8;
    QString controls;
    for (char16_t c = 1; c < 0x20; ++c)
        controls += QChar(c);
    awkward.sentence = QStringLiteral("He said \"no\", then left;\r\nback\\slash\ttab ") + controls +
                       QStringLiteral(" \u00e9\u2028\ufffe\U0001F600 \x7f /");
    awkward.placeText = QStringLiteral("=SUM(A1), \"quoted\"");
    awkward.place.name = QStringLiteral("Mazar-e Sharif, Balkh");
    awkward.place.admin1 = QStringLiteral("Balkh\nProvince");
    awkward.place.country = QStringLiteral("AF");
    awkward.acledEventType = QStringLiteral("Battles");
    awkward.acledSubEventType = QStringLiteral("Armed clash");
    awkward.cameoRoot = QStringLiteral("19");
    awkward.actors.clear();
    for (const QString &a : {QStringLiteral("Taliban"), QStringLiteral("Northern \"Alliance\", North"),
                             QStringLiteral("Taliban"), QStringLiteral("al Qaeda")})
        awkward.actors.append(ActorMention{Actor{a, {}, QStringLiteral("group")}, Span{}});
    awkward.confidence = 1.0;
    awkward.happeningId = -4;
    awkward.externalId = QStringLiteral("=AFG\"9\", 1;\r\n\t\u00e9");
    events << awkward;

    Event bare; // nothing known: no dates, no place, no actors, no happening
    bare.id = 9;
    bare.type = QStringLiteral("threat");
    events << bare;

    Event odd = plain;
    odd.id = std::numeric_limits<qint64>::max();
    odd.articleId = -1;
    odd.time = {QDate(2001, 1, 1), QDate(2001, 12, 31), DatePrecision::Year};
    odd.place.coordinate = QGeoCoordinate(-0.0, 180.0);
    odd.confidence = 0.123456;
    odd.sources = 300;
    odd.externalId = QStringLiteral("AFG90001");
    events << odd;

    Event far = plain;
    far.id = 10;
    far.place.coordinate = QGeoCoordinate(1e-5, -179.9999995);
    far.confidence = 1e-7;
    far.actors = {ActorMention{Actor{QStringLiteral("One, \"two\""), {}, {}}, Span{}}};
    events << far;

    const QByteArray expected = earlierText(events, json);
    const QByteArray actual = writerText(events, json);
    if (actual != expected) {
        for (qsizetype i = 0; i < std::min(actual.size(), expected.size()); ++i)
            if (actual[i] != expected[i]) {
                qWarning() << "first difference at" << i << actual.mid(std::max<qsizetype>(0, i - 40), 80)
                           << expected.mid(std::max<qsizetype>(0, i - 40), 80);
                break;
            }
    }
    QCOMPARE(actual, expected);
}

// Rows another program wrote: text that is not UTF-8 or a BLOB, numbers where text belongs, a
// precision word Mapline does not know, dates that are not plain or not a day, half a coordinate. The records carry what the Events read from them.
void TestEventTextWriter::storedRowsAsEventsReadThem()
{
    const QString path = mDir.filePath(QStringLiteral("awkward.sqlite"));
    {
        auto store = test::openStore(path);
        QVERIFY(store);
        QList<Event> events;
        for (int i = 0; i < 12; ++i) {
            Event e = makeEvent(0, QStringLiteral("armed_clash"), QDate(2001, 11, 1 + i), QDate(2001, 11, 1 + i),
                                68.0 + i / 7.0, 36.0 + i / 9.0, GeoPrecision::City,
                                i % 3 ? QStringList{QStringLiteral("Taliban"), QStringLiteral("Northern Alliance")}
                                      : QStringList{});
            e.confidence = 0.5 + i / 100.0;
            events << e;
        }
        QVERIFY(store->importArticle(articleWith(QStringLiteral("Twelve reports in one sentence."), events)).ok());
    }
    QVERIFY(rawSql(path, {
        QStringLiteral("UPDATE events SET place_text = CAST(x'4b756e64757a20ff20c0af20eda08020f09f9880' AS TEXT) WHERE id = 1"),
        QStringLiteral("UPDATE events SET type = 19.5, cameo_root = 190 WHERE id = 2"),
        QStringLiteral("UPDATE events SET lon = '68.5', date_precision = 'fortnight', confidence = 1 WHERE id = 3"),
        QStringLiteral("UPDATE events SET lat = NULL, geo_precision = 'street' WHERE id = 4"),
        QStringLiteral("UPDATE events SET date_end = '2001-11-31' WHERE id = 5"),
        QStringLiteral("UPDATE events SET date_end = NULL WHERE id = 6"),
        QStringLiteral("UPDATE events SET date = '2001-11-07T10:00:00', date_end = '2001-11-07T23:00:00', "
                       "acled_event_type = x'e282ac' WHERE id = 7"),
        QStringLiteral("UPDATE events SET date = NULL, date_end = NULL WHERE id IN (8, 9)"),
        // A dataset row's id as another program may have stored it: a number, not UTF-8, a text.
        QStringLiteral("UPDATE events SET external_id = 1001 WHERE id = 2"),
        QStringLiteral("UPDATE events SET external_id = 10.5 WHERE id = 3"),
        QStringLiteral("UPDATE events SET external_id = CAST(x'41464739ff' AS TEXT) WHERE id = 4"),
        QStringLiteral("UPDATE events SET external_id = 'AFG90001' WHERE id IN (5, 8)"),
        QStringLiteral("UPDATE actors SET name = CAST(x'54616c696261ff' AS TEXT) WHERE name = 'Taliban'"),
    }).ok());
    auto store = test::openStore(path);
    QVERIFY(store);
    for (const bool json : {true, false}) {
        QList<EventQuery> queries;
        queries << EventQuery{};
        EventQuery window;
        window.from = QDate(2001, 11, 4);
        window.to = QDate(2001, 11, 8);
        queries << window;
        EventQuery limited;
        limited.limit = 5;
        queries << limited;
        EventQuery near;
        near.near = QGeoCoordinate(36.5, 68.5);
        near.radiusKm = 60;
        near.limit = 3;
        queries << near;
        for (const EventQuery &q : queries)
            QCOMPARE(recordsText(*store, q, json), eventsText(*store, q, json));
    }
}

// A week of a year of events, with events that start long before it and last into it (a month,
// a year, three years), and one that ended just before it: the same rows from the persistent
// index copy's window as from a walk of every earlier event, and the walk when the copy is stale.
void TestEventTextWriter::windowReadsFromItsFirstDay()
{
    const QString path = mDir.filePath(QStringLiteral("window.sqlite"));
    {
        auto store = test::openStore(path);
        QVERIFY(store);
        QList<Event> events;
        for (int day = 0; day < 365; ++day) {
            const QDate d = QDate(2001, 1, 1).addDays(day);
            events << makeEvent(0, QStringLiteral("armed_clash"), d, d.addDays(day % 4), 68.0, 36.0);
        }
        events << makeEvent(0, QStringLiteral("talks"), QDate(2001, 5, 1), QDate(2001, 5, 31), 69.0, 34.5);
        events << makeEvent(0, QStringLiteral("talks"), QDate(2001, 1, 1), QDate(2001, 12, 31), 69.0, 34.5);
        events << makeEvent(0, QStringLiteral("shelling"), QDate(1999, 1, 1), QDate(2001, 12, 31), 69.0, 34.5);
        events << makeEvent(0, QStringLiteral("shelling"), QDate(1999, 1, 1), QDate(2001, 5, 10), 69.0, 34.5);
        events << makeEvent(0, QStringLiteral("threat"), QDate(), QDate(), 69.0, 34.5);
        QVERIFY(store->importArticle(articleWith(QStringLiteral("A year of reports."), events)).ok());
    }
    auto store = test::openStore(path);
    QVERIFY(store);
    EventQuery week;
    week.from = QDate(2001, 5, 14);
    week.to = QDate(2001, 5, 20);
    const QByteArray walked = eventsText(*store, week, true);
    QVERIFY(walked.contains("\"date\": \"1999-01-01\""));      // three years, into the week
    QVERIFY(walked.contains("\"date_end\": \"2001-05-31\""));  // the month
    QVERIFY(!walked.contains("\"date_end\": \"2001-05-10\"")); // ended before it

    const QtMessageHandler previous = qInstallMessageHandler(keepLog);
    QLoggingCategory::setFilterRules(QStringLiteral("mapline.store.listing.info=true"));
    // No copy yet: every event before the window's end is read, as before.
    gLog.clear();
    QCOMPARE(recordsText(*store, week, true), walked);
    QVERIFY2(gLog.size() == 1 && gLog[0].contains(QLatin1String("every dated event")), qPrintable(gLog.join('\n')));

    IndexLoadOptions options;
    options.persistent = true;
    options.persistFromEvents = 0;
    QVERIFY(loadEventIndex(path, options).ok());
    QVERIFY(QFile::exists(PersistentIndex::pathFor(path)));
    for (const bool json : {true, false}) {
        for (const auto &[from, to] : {std::pair{QDate(2001, 5, 14), QDate(2001, 5, 20)},
                                       std::pair{QDate(2001, 5, 14), QDate()},
                                       std::pair{QDate(2001, 12, 31), QDate(2002, 3, 1)},
                                       std::pair{QDate(2003, 1, 1), QDate()},
                                       std::pair{QDate(1998, 1, 1), QDate(1999, 1, 1)}}) {
            EventQuery q;
            q.from = from;
            q.to = to;
            gLog.clear();
            QCOMPARE(recordsText(*store, q, json), eventsText(*store, q, json));
            QVERIFY2(gLog.size() >= 2 && gLog.first().startsWith(QLatin1String("events from")) &&
                         gLog.last().startsWith(QLatin1String("the window from")),
                     qPrintable(from.toString(Qt::ISODate) + u' ' + to.toString(Qt::ISODate) + u' ' + gLog.join(u'\n')));
        }
        EventQuery typed = week;
        typed.types = {QStringLiteral("shelling")};
        QCOMPARE(recordsText(*store, typed, json), eventsText(*store, typed, json));
    }
    // The four events that start before the week and reach into it (three years, a year, the
    // month, one of a few days) come by id, then the week's own days are read in slices: its
    // seven days' events, in date order, handed on as read.
    gLog.clear();
    QCOMPARE(recordsText(*store, week, true), walked);
    QCOMPARE(gLog, (QStringList{QStringLiteral("events from 2001-05-14 on, and 4 earlier ones by id"),
                                QStringLiteral("the events before the window by id: 4 through the sort"),
                                QStringLiteral("the window from 2001-05-14 in 1 slices: 7 as read, 0 through the slice's sort")}));

    // Another program adds a long event: the copy is stale, and the walk lists it.
    QVERIFY(rawSql(path, {QStringLiteral("INSERT INTO events (article_id, sentence_id, type, date, date_end, "
                                         "date_precision, geo_precision, confidence, flags) SELECT article_id, "
                                         "sentence_id, 'talks', '1990-01-01', '2005-01-01', 'range', 'city', 0.5, 0 "
                                         "FROM events LIMIT 1")}).ok());
    gLog.clear();
    const QByteArray stale = recordsText(*store, week, true);
    QVERIFY(stale.contains("\"date\": \"1990-01-01\""));
    QCOMPARE(stale, eventsText(*store, week, true));
    QVERIFY2(gLog.size() == 1 && gLog[0].contains(QLatin1String("stale")), qPrintable(gLog.join('\n')));
    QLoggingCategory::setFilterRules(QString());
    qInstallMessageHandler(previous);
}

// A listing without filters reads the events in id order (sequential cursors) and hands each on
// while the ids follow the dates, sorting the rest in runs (RecordSorter): the same rows, in the
// same order, none lost or repeated, as the Events reader's, for 4,000 events with dates at
// random over the ids, in date order but for a few late ones, and in date order with undated ones
// among them; with awkward values (dates that are not plain days, a number as a date, ties,
// missing sentences and places, actors whose ids share a cache slot, spans that reorder actors).
// The "in date order" cases fail if the rows read in order are not handed on at once.
void TestEventTextWriter::everyRowInTheListingsOrder_data()
{
    QTest::addColumn<QString>("dateOfRow"); // SQL of x, the row's number
    QTest::addColumn<bool>("awkward");      // dates that are not plain days, a number as a date
    QTest::addColumn<int>("handedAtLeast"); // rows handed on as read, at least
    QTest::addColumn<bool>("sorted");       // some rows go through runs in the file
    QTest::newRow("dates at random") << QStringLiteral("date('2001-01-01', '+' || (((x * x * 7919 + x * 104729) % 9973) % 400) || ' days')")
                                     << true << 0 << true;
    QTest::newRow("in date order, a few late") << QStringLiteral("CASE WHEN x > 3990 THEN date('2001-01-01', '+' || (1340 - (x - 3990)) || ' days') "
                                                                  "ELSE date('2001-01-01', '+' || (x / 3) || ' days') END")
                                               << false << 3800 << true;
    QTest::newRow("in date order") << QStringLiteral("date('2001-01-01', '+' || (x / 3) || ' days')") << false << 3850 << false;
}

void TestEventTextWriter::everyRowInTheListingsOrder()
{
    QFETCH(QString, dateOfRow);
    QFETCH(bool, awkward);
    QFETCH(int, handedAtLeast);
    QFETCH(bool, sorted);
    const QString path = mDir.filePath(QStringLiteral("every-%1.sqlite").arg(QTest::currentDataTag()).replace(u' ', u'-'));
    {
        auto store = test::openStore(path);
        QVERIFY(store);
        QVERIFY(store->hasHappenings());
    }
    constexpr int kEvents = 4000;
    QStringList sql = listingRows(
        QStringLiteral("every"), kEvents, dateOfRow,
        QStringLiteral("CASE WHEN x % 5 = 0 THEN date(d, '+3 days') WHEN x % 7 = 0 THEN NULL ELSE d END"),
        // Undated among them (listed last, by id).
        QStringLiteral("UPDATE events SET date = NULL, date_end = NULL WHERE id % 37 = 0"));
    if (awkward) // sorted by their bytes; a number before every text
        sql << QStringLiteral("UPDATE events SET date = date || 'T10:00:00', date_end = NULL WHERE id % 53 = 0")
            << QStringLiteral("UPDATE events SET date = 20010101, date_end = NULL WHERE id = 1000");
    const Status made = rawSql(path, sql);
    QVERIFY2(made.ok(), qPrintable(made.error()));
    auto store = test::openStore(path);
    QVERIFY(store);
    QCOMPARE(test::scalar(*store, QStringLiteral("SELECT count(*) FROM events")).toInt(), kEvents);

    const QtMessageHandler previous = qInstallMessageHandler(keepLog);
    QLoggingCategory::setFilterRules(QStringLiteral("mapline.store.listing.info=true"));
    const size_t chunk = RecordSorter::chunkBytesForListings();
    const auto restore = qScopeGuard([&] {
        RecordSorter::setChunkBytesForListings(chunk);
        QLoggingCategory::setFilterRules(QString());
        qInstallMessageHandler(previous);
    });
    RecordSorter::setChunkBytesForListings(4 << 10); // many runs
    for (const bool json : {true, false}) {
        gLog.clear();
        const QByteArray listed = recordsText(*store, EventQuery{}, json);
        const QStringList log = gLog;
        const QByteArray expected = eventsText(*store, EventQuery{}, json);
        QCOMPARE(listed.count(json ? "\n    {\n" : "\r\n"), qsizetype(kEvents + (json ? 0 : 1)));
        QCOMPARE(listed, expected);
        QVERIFY(listed.contains(json ? "\"external_id\": \"1000004\"" : ",1000004\r\n")); // through the sorter too
        QVERIFY2(log.size() == 1 && log[0].startsWith(QLatin1String("every event in id order:")), qPrintable(log.join('\n')));
        const QStringList words = log[0].split(u' ');
        const int handed = words.value(5).toInt(), inRuns = words.value(8).toInt(), runs = words.value(11).toInt();
        QCOMPARE(handed + inRuns, kEvents);
        QVERIFY2(handed >= handedAtLeast, qPrintable(log[0]));
        QVERIFY2(!sorted || runs > 1, qPrintable(log[0]));
    }
    RecordSorter::setChunkBytesForListings(chunk);
    // In one chunk: sorted in memory, no file.
    gLog.clear();
    QCOMPARE(recordsText(*store, EventQuery{}, false), eventsText(*store, EventQuery{}, false));
    QVERIFY2(gLog.size() == 1 && gLog[0].endsWith(QLatin1String(" 0 runs")), qPrintable(gLog.join('\n')));
    // Nothing left beside the database (the runs' file has no name).
    QCOMPARE(QDir(mDir.path()).entryList({QStringLiteral("*.mapline-listing*"), QStringLiteral(".mapline-listing*")},
                                          QDir::Files | QDir::Hidden),
             QStringList());
}

// A window's days are read in slices (the ids of the date index a slice at a time, each slice in
// id order, handed on in the listing's order): the same rows in the same order as the Events
// reader's walk (a seek per row), none dropped, repeated or misordered, with slices of one row,
// of 7 and 100 (boundaries inside a day, between rows of the same date), and of the whole window;
// ids in date order (every row handed on as read), dates at random over the ids, in date order
// but for a few late ones; windows of a day, a week, months, an open end; filters by type and actor
// on top; events of a range, longer than a month (by id, before the slices), undated ones that end
// in the window, dates with a time of day, a number as a date, missing sentences and places.
void TestEventTextWriter::windowInSlicesInTheListingsOrder_data()
{
    QTest::addColumn<QString>("dateOfRow"); // SQL of x, the row's number
    QTest::addColumn<bool>("inOrder");      // every row of the window handed on as read
    QTest::newRow("dates at random") << QStringLiteral("date('2001-01-01', '+' || (((x * x * 7919 + x * 104729) % 9973) % 120) || ' days')")
                                     << false;
    QTest::newRow("in date order, a few late") << QStringLiteral("CASE WHEN x % 400 = 7 THEN date('2001-01-01', '+' || ((x * 13) % 120) || ' days') "
                                                                  "ELSE date('2001-01-01', '+' || (x / 33) || ' days') END")
                                               << false;
    QTest::newRow("in date order") << QStringLiteral("date('2001-01-01', '+' || (x / 33) || ' days')") << true;
}

void TestEventTextWriter::windowInSlicesInTheListingsOrder()
{
    QFETCH(QString, dateOfRow);
    QFETCH(bool, inOrder);
    const QString path = mDir.filePath(QStringLiteral("slices-%1.sqlite").arg(QTest::currentDataTag()).replace(u' ', u'-'));
    {
        auto store = test::openStore(path);
        QVERIFY(store);
    }
    constexpr int kEvents = 4000;
    QStringList sql = listingRows(
        QStringLiteral("slices"), kEvents, dateOfRow,
        QStringLiteral("CASE WHEN x % 97 = 0 THEN date(d, '+200 days') WHEN x % 5 = 0 THEN date(d, '+3 days') "
                       "WHEN x % 7 = 0 THEN NULL ELSE d END"),
        // Undated, some of them ending in the windows (listed after the dated, by id).
        QStringLiteral("UPDATE events SET date = NULL WHERE id % 37 = 0"));
    if (!inOrder) // a time of day sorts after the day's plain dates; a number as a date
        sql << QStringLiteral("UPDATE events SET date = date || 'T10:00:00', date_end = NULL WHERE id % 53 = 0")
            << QStringLiteral("UPDATE events SET date = 20010301, date_end = NULL WHERE id = 1000");
    const Status made = rawSql(path, sql);
    QVERIFY2(made.ok(), qPrintable(made.error()));
    IndexLoadOptions options;
    options.persistent = true;
    options.persistFromEvents = 0;
    QVERIFY(loadEventIndex(path, options).ok());
    QVERIFY(QFile::exists(PersistentIndex::pathFor(path)));
    auto store = test::openStore(path);
    QVERIFY(store);

    const QtMessageHandler previous = qInstallMessageHandler(keepLog);
    QLoggingCategory::setFilterRules(QStringLiteral("mapline.store.listing.info=true"));
    const size_t sliceRows = RecordSorter::sliceRowsForListings();
    const auto restore = qScopeGuard([&] {
        RecordSorter::setSliceRowsForListings(sliceRows);
        QLoggingCategory::setFilterRules(QString());
        qInstallMessageHandler(previous);
    });
    struct Window {
        QDate from, to;
    };
    const Window windows[] = {{QDate(2001, 2, 10), QDate(2001, 2, 10)},
                              {QDate(2001, 2, 5), QDate(2001, 2, 11)},
                              {QDate(2001, 1, 20), QDate(2001, 3, 31)},
                              {QDate(2001, 3, 1), QDate()}};
    qint64 asReadTotal = 0, sortedTotal = 0;
    for (const size_t rows : {size_t(1), size_t(7), size_t(100), size_t(100000)}) {
        RecordSorter::setSliceRowsForListings(rows);
        for (const Window &w : windows) {
            for (int filter = 0; filter < 3; ++filter) {
                EventQuery q;
                q.from = w.from;
                q.to = w.to;
                if (filter == 1)
                    q.types = {QStringLiteral("talks"), QStringLiteral("armed_clash")};
                if (filter == 2)
                    q.actors = {QStringLiteral("actor 2")};
                for (const bool json : {true, false}) {
                    gLog.clear();
                    const QByteArray listed = recordsText(*store, q, json);
                    const QStringList log = gLog;
                    const QByteArray walked = eventsText(*store, q, json);
                    QVERIFY(listed.count(json ? "\n    {\n" : "\r\n") > (filter == 0 ? 30 : 5));
                    QVERIFY2(listed == walked, qPrintable(QStringLiteral("slices of %1 rows, %2 to %3, filter %4, %5")
                                                              .arg(rows)
                                                              .arg(w.from.toString(Qt::ISODate), w.to.toString(Qt::ISODate))
                                                              .arg(filter)
                                                              .arg(json ? u"JSON" : u"CSV")));
                    // "events from DAY on, and N longer ones by id", then "the window from DAY in N
                    // slices: N as read, N through the slice's sort".
                    QVERIFY2(log.size() >= 2 && log.last().startsWith(QLatin1String("the window from")), qPrintable(log.join('\n')));
                    const QStringList words = log.last().split(u' ');
                    const qint64 slices = words.value(5).toLongLong(), asRead = words.value(7).toLongLong(),
                                 sorted = words.value(10).toLongLong();
                    QVERIFY2(slices >= 1, qPrintable(log.last()));
                    if (rows == 1)
                        QVERIFY2(sorted == 0, qPrintable(log.last()));
                    if (inOrder)
                        QVERIFY2(sorted == 0 && asRead > 0, qPrintable(log.last()));
                    asReadTotal += asRead;
                    sortedTotal += sorted;
                }
            }
        }
    }
    QVERIFY(asReadTotal > 0);
    if (!inOrder)
        QVERIFY2(sortedTotal > 0, qPrintable(QString::number(sortedTotal)));
}

// RecordSorter's order is SQLite's ORDER BY date, id (NULL last here: the undated part), whatever
// the chunk: keys of every class, ties, texts that share their first 16 bytes; every record comes
// back once, whole.
void TestEventTextWriter::sorterOrdersAsSqlite()
{
    QRandomGenerator random(29);
    struct Item {
        RecordSorter::Key key;
        std::string bytes;
        std::string sentence;
    };
    std::vector<Item> items;
    for (int i = 0; i < 3000; ++i) {
        Item it;
        it.key.id = (i * 7919) % 100003; // each once: no two equal keys
        const int kind = random.bounded(10);
        if (kind == 0) {
            it.key.keyClass = RecordSorter::KeyClass::Undated;
        } else if (kind == 1) {
            it.key.keyClass = RecordSorter::KeyClass::Number;
            it.key.number = random.bounded(100) / 4.0;
        } else if (kind == 2) {
            it.key.keyClass = RecordSorter::KeyClass::Blob;
            it.bytes = std::string(size_t(random.bounded(3)), char(random.bounded(256)));
        } else {
            it.key.keyClass = RecordSorter::KeyClass::Text;
            it.bytes = QDate(2001, 1, 1).addDays(random.bounded(40)).toString(Qt::ISODate).toStdString();
            if (kind == 3)
                it.bytes += "T10:00:0" + std::to_string(random.bounded(10)); // beyond 16 bytes, same first 16
            else if (kind == 4)
                it.bytes.resize(size_t(random.bounded(11)));
        }
        it.sentence = "sentence " + std::to_string(i) + std::string(size_t(random.bounded(300)), 'x');
        items.push_back(std::move(it));
    }
    std::vector<size_t> order(items.size());
    for (size_t i = 0; i < order.size(); ++i) {
        items[i].key.bytes = items[i].bytes;
        order[i] = i;
    }
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        return RecordSorter::compare(items[a].key, items[b].key) < 0;
    });
    // A key against SQLite's own order of the same values.
    const auto sqlOrder = [&] {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("order"));
        db.setDatabaseName(QStringLiteral(":memory:"));
        db.open();
        QSqlQuery q(db);
        q.exec(QStringLiteral("CREATE TABLE t (i INTEGER, k, id INTEGER)"));
        q.prepare(QStringLiteral("INSERT INTO t VALUES (?, ?, ?)"));
        for (size_t i = 0; i < items.size(); ++i) {
            const Item &it = items[i];
            q.addBindValue(qint64(i));
            switch (it.key.keyClass) {
            case RecordSorter::KeyClass::Undated: q.addBindValue(QVariant()); break;
            case RecordSorter::KeyClass::Number: q.addBindValue(it.key.number); break;
            case RecordSorter::KeyClass::Blob: q.addBindValue(QByteArray::fromStdString(it.bytes)); break;
            case RecordSorter::KeyClass::Text: q.addBindValue(QString::fromStdString(it.bytes)); break;
            }
            q.addBindValue(it.key.id);
            q.exec();
        }
        std::vector<size_t> sqlite;
        q.exec(QStringLiteral("SELECT i FROM t ORDER BY k IS NULL, k, id"));
        while (q.next())
            sqlite.push_back(size_t(q.value(0).toLongLong()));
        q.finish();
        db.close();
        return sqlite;
    };
    const std::vector<size_t> sqlite = sqlOrder();
    QSqlDatabase::removeDatabase(QStringLiteral("order"));
    QCOMPARE(sqlite.size(), order.size());
    QVERIFY(sqlite == order);

    // Added in id order too, as the listing adds them.
    std::vector<size_t> byId(items.size());
    for (size_t i = 0; i < byId.size(); ++i)
        byId[i] = i;
    std::sort(byId.begin(), byId.end(), [&](size_t a, size_t b) { return items[a].key.id < items[b].key.id; });
    for (const auto &[chunk, ascending] : {std::pair{size_t(1) << 30, false}, std::pair{size_t(4096), false},
                                           std::pair{size_t(1), false}, std::pair{size_t(1) << 30, true},
                                           std::pair{size_t(4096), true}}) {
        RecordSorter sorter(mDir.path(), chunk);
        for (size_t i = 0; i < items.size(); ++i) {
            const Item &it = items[ascending ? byId[i] : i];
            EventRecord r;
            r.id = it.key.id;
            r.date = it.key.keyClass == RecordSorter::KeyClass::Text ? std::string_view(it.bytes) : std::string_view();
            r.sentence = it.sentence;
            r.located = it.key.id % 2 == 0;
            r.lat = 1.5;
            r.lon = -2.25;
            r.sources = it.key.id;
            if (it.key.id % 3 != 0)
                r.externalId = it.sentence;
            QVERIFY(sorter.add(it.key, r).ok());
        }
        QCOMPARE(sorter.runs() > 1, chunk < 10000);
        size_t at = 0;
        bool whole = true;
        QVERIFY(sorter.drain([&](const EventRecord &r) {
            const Item &want = items[order[at]];
            whole = whole && r.id == want.key.id && r.sentence == want.sentence && r.sources == r.id &&
                    r.date == (want.key.keyClass == RecordSorter::KeyClass::Text ? want.bytes : std::string()) &&
                    r.located == (r.id % 2 == 0) && (!r.located || (r.lat == 1.5 && r.lon == -2.25)) &&
                    r.externalId == (r.id % 3 != 0 ? std::string_view(want.sentence) : std::string_view());
            ++at;
            return true;
        }).ok());
        QCOMPARE(at, items.size());
        QVERIFY(whole);
    }
    // Only plain days and undated keys (each key one number), in id order, in one chunk and in
    // many.
    std::vector<size_t> plain;
    for (const size_t i : order)
        if (items[i].key.keyClass == RecordSorter::KeyClass::Undated ||
            (items[i].key.keyClass == RecordSorter::KeyClass::Text && items[i].bytes.size() == 10))
            plain.push_back(i);
    QVERIFY(plain.size() > 1000);
    std::vector<size_t> plainById = plain;
    std::sort(plainById.begin(), plainById.end(), [&](size_t a, size_t b) { return items[a].key.id < items[b].key.id; });
    for (const size_t chunk : {size_t(1) << 30, size_t(4096)}) {
        RecordSorter sorter(mDir.path(), chunk);
        for (const size_t i : plainById) {
            EventRecord r;
            r.id = items[i].key.id;
            r.sentence = items[i].sentence;
            QVERIFY(sorter.add(items[i].key, r).ok());
        }
        std::vector<qint64> ids;
        QVERIFY(sorter.drain([&](const EventRecord &r) {
            ids.push_back(r.id);
            return true;
        }).ok());
        std::vector<qint64> expected;
        for (const size_t i : plain)
            expected.push_back(items[i].key.id);
        QVERIFY(ids == expected);
    }
}

QTEST_GUILESS_MAIN(TestEventTextWriter)
#include "tst_eventtextwriter.moc"
