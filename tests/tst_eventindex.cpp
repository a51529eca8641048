// EventIndex: columns sorted by time, windows by binary search (ranges and long events
// included), filter masks, lookups, memory, and loading from a real store.
#include "geo/projection.h"
#include "index/eventindexbuilder.h"
#include "index/eventindexloader.h"
#include "store/eventstore.h"
#include "testsupport.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace mapline;

namespace {

Event makeEvent(qint64 id, const QString &type, QDate start, QDate end, double lon, double lat,
            GeoPrecision precision = GeoPrecision::City, const QStringList &actors = {})
{
    Event e;
    e.id = id;
    e.type = type;
    e.time = {start, end, start == end ? DatePrecision::Day : DatePrecision::Range};
    e.place.name = QStringLiteral("P%1").arg(id);
    e.place.coordinate = QGeoCoordinate(lat, lon);
    e.place.precision = precision;
    for (const QString &a : actors)
        e.actors.append(ActorMention{Actor{a, a, QStringLiteral("group")}, Span{}});
    return e;
}

QList<qint64> idsIn(const EventIndex &index, const EventIndex::Window &w, const EventMask *mask = nullptr)
{
    QList<qint64> ids;
    index.forEach(w, mask, [&](qsizetype row) { ids << index.id(row); });
    std::sort(ids.begin(), ids.end());
    return ids;
}

EventIndex build(const QList<Event> &events)
{
    EventIndexBuilder builder;
    for (const Event &e : events)
        builder.add(e);
    return builder.build();
}

const QDate d0(2001, 11, 1);

} // namespace

class TestEventIndex : public QObject {
    Q_OBJECT
private slots:
    void sortsByTimeThenId();
    void skipsUnplacedAndUndated();
    void windowFindsDays();
    void windowFindsOverlappingRanges();
    void windowFindsLongEvents();
    void windowMatchesBruteForce();
    void openWindow();
    void maskByType();
    void maskByActorAndIds();
    void maskExactPlacesOnly();
    void rowOfId();
    void boundsOfWindow();
    void projectsToMercator();
    void unknownTypesGetIds();
    void memoryPerEvent();
    void loadsFromStore();
};

void TestEventIndex::sortsByTimeThenId()
{
    const EventIndex index = build({makeEvent(30, "talks", d0.addDays(2), d0.addDays(2), 68, 36),
                                    makeEvent(20, "armed_clash", d0, d0, 69, 34),
                                    makeEvent(10, "armed_clash", d0.addDays(2), d0.addDays(2), 65, 31)});
    QCOMPARE(index.size(), 3);
    QCOMPARE(index.id(0), 20);
    QCOMPARE(index.id(1), 10);
    QCOMPARE(index.id(2), 30);
    QCOMPARE(EventIndex::dateOf(index.startDay(0)), d0);
    QCOMPARE(index.firstDay(), EventIndex::dayNumber(d0));
    QCOMPARE(index.lastDay(), EventIndex::dayNumber(d0.addDays(2)));
}

void TestEventIndex::skipsUnplacedAndUndated()
{
    Event unplaced = makeEvent(1, "talks", d0, d0, 0, 0);
    unplaced.place.coordinate = QGeoCoordinate();
    Event undated = makeEvent(2, "talks", d0, d0, 68, 36);
    undated.time = {};
    EventIndexBuilder builder;
    QVERIFY(!builder.add(unplaced));
    QVERIFY(!builder.add(undated));
    QVERIFY(builder.add(makeEvent(3, "talks", d0, d0, 68, 36)));
    QCOMPARE(builder.build().size(), 1);
}

void TestEventIndex::windowFindsDays()
{
    QList<Event> events;
    for (int i = 0; i < 30; ++i)
        events << makeEvent(i + 1, "armed_clash", d0.addDays(i), d0.addDays(i), 68, 36);
    const EventIndex index = build(events);
    const auto w = index.window(d0.addDays(10), d0.addDays(12));
    QCOMPARE(idsIn(index, w), (QList<qint64>{11, 12, 13}));
    QCOMPARE(w.end - w.begin, 3); // a contiguous range: no long events, no look-back
    QCOMPARE(index.count(index.window(d0.addDays(40), d0.addDays(50))), 0);
    QCOMPARE(index.count(index.window(d0.addDays(5), d0.addDays(4))), 0); // empty window
}

void TestEventIndex::windowFindsOverlappingRanges()
{
    const EventIndex index = build({makeEvent(1, "talks", d0, d0.addDays(5), 68, 36),             // Nov 1-6
                                    makeEvent(2, "talks", d0.addDays(8), d0.addDays(9), 68, 36),  // Nov 9-10
                                    makeEvent(3, "talks", d0.addDays(7), d0.addDays(7), 68, 36)});
    QCOMPARE(idsIn(index, index.window(d0.addDays(5), d0.addDays(7))), (QList<qint64>{1, 3}));
    QCOMPARE(idsIn(index, index.window(d0.addDays(6), d0.addDays(6))), QList<qint64>{});
    QCOMPARE(idsIn(index, index.window(d0.addDays(9), d0.addDays(30))), QList<qint64>{2});
}

void TestEventIndex::windowFindsLongEvents()
{
    // "in 2001" (a year) and "last month" start long before a window in December.
    const EventIndex index = build({makeEvent(1, "statement", QDate(2001, 1, 1), QDate(2001, 12, 31), 68, 36),
                                    makeEvent(2, "talks", QDate(2001, 10, 1), QDate(2001, 10, 31), 68, 36),
                                    makeEvent(3, "armed_clash", QDate(2001, 12, 5), QDate(2001, 12, 5), 68, 36)});
    const auto w = index.window(QDate(2001, 12, 1), QDate(2001, 12, 10));
    QCOMPARE(idsIn(index, w), (QList<qint64>{1, 3}));
    QCOMPARE(w.longRows.size(), size_t(1)); // the year, found through the long-event list
    QCOMPARE(idsIn(index, index.window(QDate(2001, 10, 15), QDate(2001, 10, 15))), (QList<qint64>{1, 2}));
    QCOMPARE(idsIn(index, index.window(QDate(2002, 1, 1), QDate(2002, 12, 31))), QList<qint64>{});
}

void TestEventIndex::windowMatchesBruteForce()
{
    QRandomGenerator random(42);
    QList<Event> events;
    for (int i = 0; i < 3000; ++i) {
        const QDate start = QDate(2001, 1, 1).addDays(random.bounded(730));
        const int kind = random.bounded(10);
        const int length = kind < 6 ? 0 : kind < 9 ? random.bounded(1, 14) : random.bounded(20, 400);
        events << makeEvent(i + 1, "armed_clash", start, start.addDays(length), 60 + random.bounded(15.0),
                        29 + random.bounded(9.0));
    }
    const EventIndex index = build(events);
    for (int trial = 0; trial < 200; ++trial) {
        const QDate from = QDate(2000, 12, 1).addDays(random.bounded(800));
        const QDate to = from.addDays(random.bounded(60));
        QList<qint64> expected;
        for (const Event &e : events)
            if (e.time.overlaps(TimeRange::range(from, to)))
                expected << e.id;
        std::sort(expected.begin(), expected.end());
        QCOMPARE(idsIn(index, index.window(from, to)), expected);
    }
}

void TestEventIndex::openWindow()
{
    const EventIndex index = build({makeEvent(1, "talks", d0, d0, 68, 36), makeEvent(2, "talks", d0.addDays(3), d0.addDays(3), 68, 36)});
    QCOMPARE(index.count(index.all()), 2);
    QCOMPARE(index.count(index.window(QDate(), d0)), 1);
    QCOMPARE(index.count(index.window(d0.addDays(1), QDate())), 1);
}

void TestEventIndex::maskByType()
{
    const EventIndex index = build({makeEvent(1, "talks", d0, d0, 68, 36), makeEvent(2, "armed_clash", d0, d0, 68, 36),
                                    makeEvent(3, "air_strike", d0, d0, 68, 36)});
    QVERIFY(!index.mask({})); // nothing to filter: no mask
    EventFilter filter;
    filter.types = {QStringLiteral("armed_clash"), QStringLiteral("air_strike")};
    const auto mask = index.mask(filter);
    QVERIFY(mask);
    QCOMPARE(mask->count(), 2);
    QCOMPARE(idsIn(index, index.all(), mask.get()), (QList<qint64>{2, 3}));
    filter.types = {QStringLiteral("no_such_type")};
    QCOMPARE(index.mask(filter)->count(), 0);
}

void TestEventIndex::maskByActorAndIds()
{
    const EventIndex index = build({makeEvent(1, "talks", d0, d0, 68, 36, GeoPrecision::City, {"Taliban", "Northern Alliance"}),
                                    makeEvent(2, "talks", d0, d0, 68, 36, GeoPrecision::City, {"Northern Alliance"}),
                                    makeEvent(3, "talks", d0, d0, 68, 36)});
    QCOMPARE(index.actorNames().size(), 2);
    EventFilter filter;
    filter.actors = {QStringLiteral("taliban")}; // names match case-insensitively
    QCOMPARE(idsIn(index, index.all(), index.mask(filter).get()), QList<qint64>{1});
    filter.actors = {QStringLiteral("Northern Alliance")};
    filter.ids = QSet<qint64>{2, 3};
    QCOMPARE(idsIn(index, index.all(), index.mask(filter).get()), QList<qint64>{2});
}

void TestEventIndex::maskExactPlacesOnly()
{
    const EventIndex index = build({makeEvent(1, "talks", d0, d0, 68, 36, GeoPrecision::City),
                                    makeEvent(2, "talks", d0, d0, 68, 36, GeoPrecision::Province),
                                    makeEvent(3, "talks", d0, d0, 68, 36, GeoPrecision::Country)});
    QVERIFY(!(index.flags(index.rowOfId(1)) & EventIndex::Uncertain));
    QVERIFY(index.flags(index.rowOfId(2)) & EventIndex::Uncertain);
    EventFilter filter;
    filter.exactPlacesOnly = true;
    QCOMPARE(idsIn(index, index.all(), index.mask(filter).get()), QList<qint64>{1});
}

void TestEventIndex::rowOfId()
{
    QList<Event> events;
    for (int i = 0; i < 100; ++i)
        events << makeEvent(1000 - i * 7, "talks", d0.addDays(i % 13), d0.addDays(i % 13), 68, 36);
    const EventIndex index = build(events);
    for (const Event &e : events)
        QCOMPARE(index.id(index.rowOfId(e.id)), e.id);
    QCOMPARE(index.rowOfId(1), -1);
}

void TestEventIndex::boundsOfWindow()
{
    const EventIndex index = build({makeEvent(1, "talks", d0, d0, 62.2, 34.35), makeEvent(2, "talks", d0, d0, 69.18, 34.53),
                                    makeEvent(3, "talks", d0.addDays(9), d0.addDays(9), 70.45, 34.43)});
    const auto bounds = index.bounds(index.window(d0, d0), nullptr);
    QVERIFY(bounds);
    QVERIFY(qAbs(bounds->left() - Projection::fromLonLat(62.2, 0).x()) < 2.0);
    QVERIFY(qAbs(bounds->right() - Projection::fromLonLat(69.18, 0).x()) < 2.0);
    QVERIFY(!index.bounds(index.window(d0.addDays(100), d0.addDays(101)), nullptr));
}

void TestEventIndex::projectsToMercator()
{
    const EventIndex index = build({makeEvent(1, "talks", d0, d0, 68.868, 36.728)});
    const QPointF expected = Projection::fromLonLat(68.868, 36.728);
    // Stored as float: about a metre at these magnitudes.
    QVERIFY(qAbs(index.x(0) - expected.x()) < 1.0);
    QVERIFY(qAbs(index.y(0) - expected.y()) < 1.0);
}

void TestEventIndex::unknownTypesGetIds()
{
    const EventIndex index = build({makeEvent(1, "talks", d0, d0, 68, 36), makeEvent(2, "GDELT 190", d0, d0, 68, 36)});
    QCOMPARE(index.typeNames().size(), 2);
    QVERIFY(index.typeIdOf(QStringLiteral("GDELT 190")) >= 0);
    QCOMPARE(index.typeIdOf(QStringLiteral("missing")), -1);
}

void TestEventIndex::memoryPerEvent()
{
    EventIndexBuilder builder;
    const quint32 actors[] = {builder.actorId(QStringLiteral("Taliban")), builder.actorId(QStringLiteral("US"))};
    const int n = 100000;
    builder.reserve(n);
    for (int i = 0; i < n; ++i)
        builder.add(i + 1, 11000 + i % 7000, 11000 + i % 7000, 60.0 + (i % 1500) / 100.0, 29.0 + (i % 900) / 100.0,
                    QStringLiteral("armed_clash"), GeoPrecision::City, 0, actors);
    const EventIndex index = builder.build();
    const double perEvent = double(index.memoryBytes()) / n;
    qInfo("EventIndex: %.1f bytes per event", perEvent);
    QVERIFY2(perEvent <= 64.0, qPrintable(QString::number(perEvent)));
}

void TestEventIndex::loadsFromStore()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto opened = EventStore::open(dir.filePath(QStringLiteral("events.sqlite")));
    QVERIFY2(opened, qPrintable(opened.error()));
    EventStore &store = *opened.value();

    ParsedArticle parsed;
    parsed.article.body = QStringLiteral("Taliban fought in Kunduz. Talks were held in Kabul in November.");
    parsed.article.contentHash = QString::fromLatin1(
        QCryptographicHash::hash(parsed.article.body.toUtf8(), QCryptographicHash::Sha256).toHex());
    parsed.article.meta.title = QStringLiteral("Index test");
    parsed.article.meta.published = QDate(2001, 11, 22);
    parsed.article.sentences = {{0, 0, 25, QStringLiteral("Taliban fought in Kunduz.")},
                                {1, 26, 64, QStringLiteral("Talks were held in Kabul in November.")}};
    Event clash = makeEvent(0, "armed_clash", QDate(2001, 11, 21), QDate(2001, 11, 21), 68.868, 36.728,
                        GeoPrecision::City, {"Taliban"});
    clash.sentenceIndex = 0;
    clash.confidence = 0.9;
    Event talks = makeEvent(0, "talks", QDate(2001, 11, 1), QDate(2001, 11, 30), 69.178, 34.528, GeoPrecision::Province);
    talks.sentenceIndex = 1;
    talks.confidence = 0.7;
    talks.time.precision = DatePrecision::Month;
    Event nowhere = makeEvent(0, "statement", QDate(2001, 11, 22), QDate(2001, 11, 22), 0, 0);
    nowhere.place = {};
    nowhere.sentenceIndex = 1;
    nowhere.confidence = 0.5;
    parsed.events = {clash, talks, nowhere};
    const auto imported = store.importArticle(parsed);
    QVERIFY2(imported, qPrintable(imported.error()));

    const auto loaded = loadEventIndex(store);
    QVERIFY2(loaded, qPrintable(loaded.error()));
    const EventIndex &index = *loaded.value();
    QCOMPARE(index.size(), 2); // the unplaced statement is not on the map
    QCOMPARE(index.typeNames().value(index.typeId(0)), QStringLiteral("talks")); // Nov 1 sorts first
    QCOMPARE(EventIndex::dateOf(index.endDay(0)), QDate(2001, 11, 30));
    QVERIFY(index.flags(0) & EventIndex::Uncertain);
    QCOMPARE(index.actorNames(), QStringList{QStringLiteral("Taliban")});
    QCOMPARE(index.actorsOf(1).size(), size_t(1));
    QCOMPARE(index.count(index.window(QDate(2001, 11, 21), QDate(2001, 11, 21))), 2);

    // The same through its own read-only connection, as the GUI's loader thread does.
    const auto again = loadEventIndex(store.path());
    QVERIFY2(again, qPrintable(again.error()));
    QCOMPARE(again.value()->size(), 2);
    QVERIFY(!loadEventIndex(dir.filePath(QStringLiteral("missing/none.sqlite"))));
}

QTEST_GUILESS_MAIN(TestEventIndex)
#include "tst_eventindex.moc"
