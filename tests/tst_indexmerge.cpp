// Bringing the map's index up to date by merging the changed rows into the old columns
// (EventIndexBuilder::buildOnto, what pg::loadEventIndexDelta does with the rows it read) gives,
// column by column, what a full build of the changed events gives: rows added before, between
// and after the old ones, removed, edited (moved in time), a happening's lead changed, an event
// moved into another happening, new actors, places and types, renamed ones, several deltas in a
// row, on random stores; it refuses (so the caller loads in full) a kept row whose actor is no
// longer known and a happening with reports both kept and added. build() gives the same index
// whatever order the rows were added in (its happenings numbered without a sort of every key
// when they came by id), and addFrom() with a table of the old names copies rows exactly.
#include "index/eventindexbuilder.h"
#include "indexdifference.h"

#include <QtTest>

#include <algorithm>
#include <map>
#include <random>
#include <set>

using namespace mapline;

namespace {

const std::set<qint64> kNoEvents; // a builder of the names only

// An event of the model store, as the loader reads it.
struct StoredEvent {
    qint64 id = 0;
    qint32 start = 0, end = 0;
    double lon = 0, lat = 0; // NaN: no position
    QString type;
    std::vector<qint64> actors; // store ids of actors, ascending
    qint64 place = -1;          // store id of its place, -1 for none
    qint64 happening = 0;
    int sources = 0;
    quint8 rank = 0;
};

// A store: actors and places by store id (the loader interns them in that order), events by id.
struct Store {
    std::map<qint64, QString> actors, places;
    std::map<qint64, StoredEvent> events;
};

// The builder as the loaders fill it: names by store id, then the events by ascending id, each
// one's type interned just before it is added. `only` (when given) limits the events added.
EventIndexBuilder builderOf(const Store &s, const std::set<qint64> *only = nullptr)
{
    EventIndexBuilder b;
    std::map<qint64, quint32> actorIds, placeIds;
    for (const auto &[id, name] : s.actors)
        actorIds[id] = b.actorId(name);
    for (const auto &[id, name] : s.places)
        placeIds[id] = b.placeNameId(name);
    for (const auto &[id, e] : s.events) {
        if (only && !only->contains(id))
            continue;
        std::vector<quint32> actors;
        for (qint64 a : e.actors)
            actors.push_back(actorIds.at(a));
        b.add(e.id, e.start, e.end, e.lon, e.lat, b.typeId(e.type), GeoPrecision::City, 0, actors, e.happening,
              e.sources, e.place >= 0 ? placeIds.at(e.place) : EventIndex::kNoPlaceName, true, e.rank);
    }
    return b;
}

EventIndex fullBuild(const Store &s)
{
    return builderOf(s).build();
}

// The delta from `before` (whose index is `old`) to `after`, as pgindexdelta.cpp computes it:
// the events whose rows differ or are gone, plus every report of their happenings, old and new,
// are read again; the rest is kept from `old`.
std::optional<EventIndex> merged(const EventIndex &old, const Store &before, const Store &after, QString *why = nullptr)
{
    std::set<qint64> touched;
    for (const auto &[id, e] : before.events) {
        const auto it = after.events.find(id);
        const auto sameReal = [](double a, double b) { return a == b || (a != a && b != b); };
        if (it == after.events.end() || it->second.start != e.start || it->second.end != e.end ||
            !sameReal(it->second.lon, e.lon) || !sameReal(it->second.lat, e.lat) || it->second.type != e.type ||
            it->second.actors != e.actors ||
            it->second.place != e.place || it->second.happening != e.happening || it->second.sources != e.sources ||
            it->second.rank != e.rank)
            touched.insert(id);
        // An actor or place renamed touches its events.
        for (qint64 a : e.actors)
            if (!after.actors.contains(a) || after.actors.at(a) != before.actors.at(a))
                touched.insert(id);
        if (e.place >= 0 && (!after.places.contains(e.place) || after.places.at(e.place) != before.places.at(e.place)))
            touched.insert(id);
    }
    for (const auto &[id, e] : after.events)
        if (!before.events.contains(id))
            touched.insert(id);
    std::set<qint64> happenings;
    for (qint64 id : touched) {
        if (const auto it = before.events.find(id); it != before.events.end() && it->second.happening > 0)
            happenings.insert(it->second.happening);
        if (const auto it = after.events.find(id); it != after.events.end() && it->second.happening > 0)
            happenings.insert(it->second.happening);
    }
    std::set<qint64> read;
    for (const auto &[id, e] : after.events)
        if (touched.contains(id) || happenings.contains(e.happening))
            read.insert(id);
    std::vector<bool> dropped(size_t(old.size()), false);
    for (qsizetype row = 0; row < old.size(); ++row)
        dropped[size_t(row)] = touched.contains(old.id(row)) || read.contains(old.id(row));
    EventIndexBuilder b = builderOf(after, &read);
    return b.buildOnto(old, dropped, why);
}

struct Random {
    std::mt19937_64 g;
    int below(int n) { return int(g() % quint64(n)); }
    bool chance(int percent) { return below(100) < percent; }
};

StoredEvent randomEvent(Random &r, qint64 id, const Store &s, int dayFrom, int dayTo)
{
    StoredEvent e;
    e.id = id;
    e.start = dayFrom + r.below(dayTo - dayFrom);
    e.end = e.start + (r.chance(85) ? 0 : r.chance(70) ? r.below(10) : 40 + r.below(300));
    if (r.chance(8)) {
        e.lon = e.lat = std::numeric_limits<double>::quiet_NaN();
    } else {
        e.lon = 61 + r.below(1000) * 0.01;
        e.lat = 30 + r.below(1000) * 0.008;
    }
    e.type = QStringLiteral("type_%1").arg(r.below(6));
    std::vector<qint64> actorIds;
    for (const auto &[a, name] : s.actors)
        actorIds.push_back(a);
    const int mentions = r.below(4);
    for (int i = 0; i < mentions && !actorIds.empty(); ++i)
        e.actors.push_back(actorIds[size_t(r.below(int(actorIds.size())))]);
    std::sort(e.actors.begin(), e.actors.end());
    e.actors.erase(std::unique(e.actors.begin(), e.actors.end()), e.actors.end());
    if (r.chance(85) && !s.places.empty())
        e.place = std::next(s.places.begin(), r.below(int(s.places.size())))->first;
    return e;
}

Store randomStore(Random &r, int events)
{
    Store s;
    for (qint64 a = 1; a <= 15; ++a)
        s.actors[a] = QStringLiteral("Actor %1").arg(a);
    for (qint64 p = 1; p <= 12; ++p)
        s.places[p] = QStringLiteral("Place %1").arg(p);
    qint64 happening = 100;
    for (qint64 id = 10; id < 10 + events; ++id) {
        StoredEvent e = randomEvent(r, id, s, 12000, 12400);
        if (r.chance(30)) { // a report of a happening, new or an earlier one
            e.happening = r.chance(50) || happening == 100 ? ++happening : 101 + r.below(int(happening - 100));
            e.sources = 1 + r.below(5);
            e.rank = quint8(r.below(4));
        }
        s.events[id] = e;
    }
    return s;
}

// A random change: events edited (moved in time and space, retyped), removed, added (before,
// between and after the old days, some in a new type, with a new actor, at a new place), a
// happening's ranks changed, an event moved into another happening, an actor and a place renamed.
Store changed(Random &r, const Store &before, qint64 *nextId)
{
    Store s = before;
    if (r.chance(30)) {
        const qint64 a = qint64(s.actors.size()) + 1 + r.below(3);
        s.actors[a] = QStringLiteral("New actor %1").arg(a);
    }
    if (r.chance(30)) {
        const qint64 p = qint64(s.places.size()) + 1 + r.below(3);
        s.places[p] = QStringLiteral("New place %1").arg(p);
    }
    if (r.chance(15))
        s.actors[1 + r.below(5)] += QStringLiteral(" (renamed)");
    if (r.chance(15))
        s.places[1 + r.below(5)] += QStringLiteral(" (renamed)");
    std::vector<qint64> ids;
    for (const auto &[id, e] : s.events)
        ids.push_back(id);
    const int edits = r.below(6);
    for (int i = 0; i < edits && !ids.empty(); ++i) {
        StoredEvent &e = s.events[ids[size_t(r.below(int(ids.size())))]];
        const StoredEvent moved = randomEvent(r, e.id, s, 11900, 12500);
        e.start = moved.start;
        e.end = moved.end;
        e.lon = moved.lon;
        e.lat = moved.lat;
        if (r.chance(30))
            e.type = QStringLiteral("type_%1").arg(r.below(9));
        if (r.chance(30))
            e.actors = moved.actors;
    }
    const int removals = r.below(4);
    for (int i = 0; i < removals && !s.events.empty(); ++i)
        s.events.erase(std::next(s.events.begin(), r.below(int(s.events.size()))));
    if (r.chance(40)) { // a happening's reports ranked again: another lead
        std::vector<qint64> happenings;
        for (const auto &[id, e] : s.events)
            if (e.happening > 0)
                happenings.push_back(e.happening);
        if (!happenings.empty()) {
            const qint64 h = happenings[size_t(r.below(int(happenings.size())))];
            for (auto &[id, e] : s.events)
                if (e.happening == h) {
                    e.rank = quint8(r.below(4));
                    e.sources = std::max(1, e.sources + r.below(3) - 1);
                }
        }
    }
    if (r.chance(30) && !s.events.empty()) { // an event joins another happening (or a new one)
        StoredEvent &e = std::next(s.events.begin(), r.below(int(s.events.size())))->second;
        e.happening = r.chance(50) ? 100 + r.below(20) + 1 : 500 + r.below(5);
        e.sources = 1 + r.below(3);
    }
    const int additions = r.below(8);
    for (int i = 0; i < additions; ++i) {
        const int where = r.below(3); // before, between, after the old days
        StoredEvent e = randomEvent(r, (*nextId)++, s, where == 0 ? 11000 : 12000, where == 2 ? 13000 : 12400);
        if (where == 2)
            e.start = e.end = 12500 + r.below(400);
        if (r.chance(20))
            e.type = QStringLiteral("new type %1").arg(r.below(3));
        if (r.chance(25)) {
            e.happening = 100 + r.below(30);
            e.sources = 1 + r.below(4);
            e.rank = quint8(r.below(4));
        }
        s.events[e.id] = e;
    }
    return s;
}

} // namespace

class TestIndexMerge : public QObject {
    Q_OBJECT

private slots:
    // Hand-made: an index of four events, then new rows before, between and after them, one
    // removed, one moved in time, a new actor, place and type.
    void mergesRowsBeforeBetweenAndAfter()
    {
        Store s;
        s.actors = {{1, QStringLiteral("Taliban")}, {2, QStringLiteral("ANA")}};
        s.places = {{1, QStringLiteral("Kunduz")}, {2, QStringLiteral("Herat")}};
        const auto ev = [](qint64 id, qint32 day, const QString &type, std::vector<qint64> actors, qint64 place) {
            StoredEvent e;
            e.id = id;
            e.start = e.end = day;
            e.lon = 65 + double(id) * 0.1;
            e.lat = 33;
            e.type = type;
            e.actors = std::move(actors);
            e.place = place;
            return e;
        };
        s.events = {{10, ev(10, 100, QStringLiteral("armed_clash"), {1}, 1)},
                    {11, ev(11, 110, QStringLiteral("air_strike"), {2}, 2)},
                    {12, ev(12, 120, QStringLiteral("armed_clash"), {1, 2}, -1)},
                    {13, ev(13, 130, QStringLiteral("protest"), {}, 1)}};
        const EventIndex old = fullBuild(s);
        Store after = s;
        after.actors[3] = QStringLiteral("ISKP");
        after.places[3] = QStringLiteral("Jalalabad");
        after.events[20] = ev(20, 90, QStringLiteral("suicide_attack"), {3}, 3);  // before every old row
        after.events[21] = ev(21, 115, QStringLiteral("armed_clash"), {1}, 2);    // between
        after.events[22] = ev(22, 110, QStringLiteral("air_strike"), {}, -1);     // same day as 11, after it
        after.events[23] = ev(23, 140, QStringLiteral("protest"), {2, 3}, 1);     // after every old row
        after.events.erase(12);
        after.events[11].start = after.events[11].end = 125; // moved past 12's day
        QString why;
        const auto m = merged(old, s, after, &why);
        QVERIFY2(m, qPrintable(why));
        const EventIndex full = fullBuild(after);
        QCOMPARE(m->size(), qsizetype(7));
        QCOMPARE(test::columnDifference(*m, full), QString());
        QCOMPARE(m->typeNames(), full.typeNames());
        QCOMPARE(m->typeNames().last(), QStringLiteral("suicide_attack")); // first used by id 20
    }

    // A happening's lead moves to another report, the happening numbers shift around a new
    // event of no happening (its key, -id, comes first) and a new happening.
    void happeningsRenumberedAndLeadsChosenAgain()
    {
        Store s;
        const auto ev = [](qint64 id, qint32 day, qint64 happening, quint8 rank) {
            StoredEvent e;
            e.id = id;
            e.start = e.end = day;
            e.lon = 65;
            e.lat = 33 + double(id) * 0.01;
            e.type = QStringLiteral("armed_clash");
            e.happening = happening;
            e.sources = happening > 0 ? 2 : 0;
            e.rank = rank;
            return e;
        };
        s.events = {{1, ev(1, 10, 7, 3)}, {2, ev(2, 11, 7, 0)}, {3, ev(3, 12, 0, 0)}, {4, ev(4, 13, 9, 1)},
                    {5, ev(5, 14, 9, 1)}, {6, ev(6, 15, 0, 0)}};
        const EventIndex old = fullBuild(s);
        QVERIFY(old.flags(old.rowOfId(1)) & EventIndex::Lead);
        Store after = s;
        after.events[1].rank = 0;
        after.events[2].rank = 3;
        after.events[2].sources = 4;
        after.events[8] = ev(8, 9, 0, 0);
        after.events[9] = ev(9, 16, 8, 2);
        QString why;
        const auto m = merged(old, s, after, &why);
        QVERIFY2(m, qPrintable(why));
        QCOMPARE(test::columnDifference(*m, fullBuild(after)), QString());
        QVERIFY(m->flags(m->rowOfId(2)) & EventIndex::Lead);
        QVERIFY(!(m->flags(m->rowOfId(1)) & EventIndex::Lead));
        QVERIFY(m->flags(m->rowOfId(4)) & EventIndex::Lead); // kept: its happening untouched
        QCOMPARE(m->sources(m->rowOfId(1)), 4);
    }

    // Random stores and random changes, each merged onto the index the last merge gave.
    void randomChangesInARow_data()
    {
        QTest::addColumn<int>("seed");
        for (int seed = 1; seed <= 40; ++seed)
            QTest::newRow(qPrintable(QStringLiteral("seed %1").arg(seed))) << seed;
    }
    void randomChangesInARow()
    {
        QFETCH(int, seed);
        Random r{std::mt19937_64(quint64(seed))};
        Store store = randomStore(r, 20 + r.below(300));
        qint64 nextId = 10000;
        auto index = std::make_shared<EventIndex>(fullBuild(store));
        for (int step = 0; step < 8; ++step) {
            const Store after = changed(r, store, &nextId);
            QString why;
            auto m = merged(*index, store, after, &why);
            QVERIFY2(m, qPrintable(QStringLiteral("step %1: %2").arg(step).arg(why)));
            const EventIndex full = fullBuild(after);
            const QString difference = test::columnDifference(*m, full);
            QVERIFY2(difference.isEmpty(), qPrintable(QStringLiteral("step %1: %2").arg(step).arg(difference)));
            QCOMPARE(m->typeNames(), full.typeNames());
            QCOMPARE(m->happeningCount(), full.happeningCount());
            for (qsizetype row = 0; row < full.size(); ++row)
                QCOMPARE(m->happeningOf(row), full.happeningOf(row));
            index = std::make_shared<EventIndex>(std::move(*m));
            store = after;
        }
    }

    // Nothing changed: the same columns; everything removed: an empty index.
    void nothingAndEverything()
    {
        Random r{std::mt19937_64(99)};
        const Store s = randomStore(r, 200);
        const EventIndex old = fullBuild(s);
        auto same = EventIndexBuilder(builderOf(s, nullptr)).buildOnto(old, std::vector<bool>(size_t(old.size()), false));
        QVERIFY(!same); // every event both kept and added
        EventIndexBuilder names = builderOf(s, &kNoEvents); // names only
        const auto unchanged = names.buildOnto(old, std::vector<bool>(size_t(old.size()), false));
        QVERIFY(unchanged);
        QCOMPARE(test::columnDifference(*unchanged, old), QString());
        EventIndexBuilder none = builderOf(s, &kNoEvents);
        const auto empty = none.buildOnto(old, std::vector<bool>(size_t(old.size()), true));
        QVERIFY(empty);
        QCOMPARE(empty->size(), qsizetype(0));
    }

    // What the caller must then load in full: a kept event's actor no longer known; a happening
    // with reports both kept and added.
    void refusesWhatItCannotMerge()
    {
        Random r{std::mt19937_64(7)};
        Store s = randomStore(r, 100);
        const EventIndex old = fullBuild(s);
        Store gone = s;
        gone.actors.erase(gone.actors.begin()->first); // no event of it read again
        for (auto &[id, e] : gone.events)
            std::erase(e.actors, s.actors.begin()->first);
        EventIndexBuilder b = builderOf(gone, &kNoEvents);
        QString why;
        QVERIFY(!b.buildOnto(old, std::vector<bool>(size_t(old.size()), false), &why));
        QVERIFY2(why.contains(QLatin1String("actor")), qPrintable(why));

        // One report of a happening of two read again, the other kept.
        qint64 reread = -1;
        std::map<qint64, int> reports;
        for (const auto &[id, e] : s.events)
            if (e.happening > 0)
                ++reports[e.happening];
        for (const auto &[id, e] : s.events)
            if (e.happening > 0 && reports[e.happening] > 1) {
                reread = id;
                break;
            }
        QVERIFY(reread > 0);
        std::set<qint64> only{reread};
        EventIndexBuilder half = builderOf(s, &only);
        std::vector<bool> dropped(size_t(old.size()), false);
        dropped[size_t(old.rowOfId(reread))] = true;
        QVERIFY(!half.buildOnto(old, dropped, &why));
        QVERIFY2(why.contains(QLatin1String("happening")), qPrintable(why));
    }

    // build() numbers happenings and chooses leads the same whatever order the rows came in.
    void buildIsTheSameInAnyOrder()
    {
        Random r{std::mt19937_64(5)};
        const Store s = randomStore(r, 2000);
        const EventIndex byId = fullBuild(s);
        QVERIFY(byId.hasFusedReports());
        std::vector<StoredEvent> events;
        for (const auto &[id, e] : s.events)
            events.push_back(e);
        std::shuffle(events.begin(), events.end(), r.g);
        EventIndexBuilder b;
        for (const auto &[id, name] : s.actors)
            b.actorId(name);
        for (const auto &[id, name] : s.places)
            b.placeNameId(name);
        // Types interned in the order a load by id meets them, so only the rows' order differs.
        for (const auto &[id, e] : s.events)
            b.typeId(e.type);
        for (const StoredEvent &e : events) {
            std::vector<quint32> actors;
            for (qint64 a : e.actors)
                actors.push_back(quint32(a - 1));
            b.add(e.id, e.start, e.end, e.lon, e.lat, b.typeId(e.type), GeoPrecision::City, 0, actors, e.happening,
                  e.sources, e.place >= 0 ? quint32(e.place - 1) : EventIndex::kNoPlaceName, true, e.rank);
        }
        const EventIndex shuffled = b.build();
        QCOMPARE(test::columnDifference(shuffled, byId), QString());
        for (qsizetype row = 0; row < byId.size(); ++row)
            QCOMPARE(shuffled.happeningOf(row), byId.happeningOf(row));
    }

    // addFrom() with the table of old to new names: every row copied as it is.
    void addFromCopiesRowsExactly()
    {
        Random r{std::mt19937_64(11)};
        const Store s = randomStore(r, 500);
        const EventIndex old = fullBuild(s);
        EventIndexBuilder b = builderOf(s, &kNoEvents);
        EventIndexBuilder::NameMap names = b.nameMap(old);
        for (qsizetype i = 0; i < old.size(); ++i)
            QVERIFY(b.addFrom(old, old.rowByIdOrder(i), names));
        QCOMPARE(test::columnDifference(b.build(), old), QString());
    }
};

QTEST_GUILESS_MAIN(TestIndexMerge)
#include "tst_indexmerge.moc"
