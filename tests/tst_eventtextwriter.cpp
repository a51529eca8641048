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
            QVERIFY2(gLog.size() == 1 && gLog[0].startsWith(QLatin1String("events from")), qPrintable(gLog.join('\n')));
        }
        EventQuery typed = week;
        typed.types = {QStringLiteral("shelling")};
        QCOMPARE(recordsText(*store, typed, json), eventsText(*store, typed, json));
    }
    // The week is read from 30 days before it (the month, the longest event of a month or less)
    // and the two events longer than a month that reach into it come by id.
    gLog.clear();
    QCOMPARE(recordsText(*store, week, true), walked);
    QCOMPARE(gLog, QStringList{QStringLiteral("events from 2001-04-14 on, and 2 longer ones by id")});

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

QTEST_GUILESS_MAIN(TestEventTextWriter)
#include "tst_eventtextwriter.moc"
