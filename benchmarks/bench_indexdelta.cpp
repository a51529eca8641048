// Bringing the map's index up to date after a small change, in memory: what pg::loadEventIndexDelta
// does with the rows it read (docs/PERFORMANCE.md, "Refreshing a viewer's index from PostgreSQL:
// the delta"), without a server. A synthetic index of N events (the argument: 1,000,000 or
// 10,000,000; ids 1..N, 20 years of days, 3,000 actors, 2,000 places, 20 types, a tenth of the
// events in happenings of two to four reports), then a change of 100 events: 40 edited (new day
// and position), 20 removed, 40 new (days before, between and after the old ones), and one
// happening's reports read again with another lead.
//   BM_DeltaRebuild   every kept event through EventIndexBuilder::addFrom, then build() (the
//                     delta before the merge; addFrom with a table of names since)
//   BM_DeltaMerge     the 100 rows merged into the old columns (EventIndexBuilder::buildOnto)
//   BM_FullBuild      build() of N events added by ascending id (a full load's last step; the
//                     adds are not timed)
// MAPLINE_BENCH_DELTA_EVENTS overrides N for a single run (callgrind on smaller inputs).
#include "index/eventindexbuilder.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace mapline;

namespace {

// A small deterministic generator (the figures must not depend on the library's).
struct Lcg {
    quint64 s;
    quint32 next()
    {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        return quint32(s >> 33);
    }
    quint32 below(quint32 n) { return next() % n; }
};

struct Synthetic {
    qint64 id;
    qint32 start, end;
    double lon, lat;
    quint8 type;
    GeoPrecision precision;
    std::vector<quint32> actors;
    qint64 happening;
    int sources;
    quint32 place;
    quint8 rank;
};

constexpr int kTypes = 20, kActors = 3000, kPlaces = 2000;

void internNames(EventIndexBuilder &b)
{
    for (int t = 0; t < kTypes; ++t)
        b.typeId(QStringLiteral("type_%1").arg(t));
    for (int a = 0; a < kActors; ++a)
        b.actorId(QStringLiteral("Actor %1").arg(a));
    for (int p = 0; p < kPlaces; ++p)
        b.placeNameId(QStringLiteral("Place %1").arg(p));
}

Synthetic event(Lcg &g, qint64 id, qint64 happening)
{
    Synthetic e;
    e.id = id;
    e.start = qint32(11323 + g.below(7670)); // 2001 to 2021
    const quint32 span = g.below(100);
    e.end = e.start + (span < 90 ? 0 : span < 98 ? qint32(g.below(7)) : qint32(40 + g.below(400)));
    const bool placed = g.below(50) != 0;
    e.lon = placed ? 60.5 + g.below(1000) * 0.0114 : std::numeric_limits<double>::quiet_NaN();
    e.lat = placed ? 29.4 + g.below(1000) * 0.0094 : std::numeric_limits<double>::quiet_NaN();
    e.type = quint8(g.below(kTypes));
    e.precision = GeoPrecision(g.below(4));
    const quint32 actors = g.below(3);
    for (quint32 a = 0; a < actors; ++a)
        e.actors.push_back(g.below(kActors));
    std::sort(e.actors.begin(), e.actors.end());
    e.actors.erase(std::unique(e.actors.begin(), e.actors.end()), e.actors.end());
    e.happening = happening;
    e.sources = happening > 0 ? int(1 + g.below(4)) : 0;
    e.place = g.below(10) == 0 ? EventIndex::kNoPlaceName : g.below(kPlaces);
    e.rank = happening > 0 ? quint8(g.below(4)) : 0;
    return e;
}

void add(EventIndexBuilder &b, const Synthetic &e)
{
    b.add(e.id, e.start, e.end, e.lon, e.lat, e.type, e.precision, 0, e.actors, e.happening, e.sources, e.place,
          e.lon == e.lon, e.rank);
}

struct Case {
    std::shared_ptr<const EventIndex> base;
    std::vector<Synthetic> changed; // by ascending id: what the delta reads again
    std::vector<bool> dropped;      // rows of `base` touched (read again or removed)
    qint64 events = 0;
};

qint64 eventCount(qint64 requested)
{
    const QByteArray env = qgetenv("MAPLINE_BENCH_DELTA_EVENTS");
    return env.isEmpty() ? requested : env.toLongLong();
}

const Case &theCase(qint64 n)
{
    static Case c;
    if (c.events == n)
        return c;
    c = Case();
    c.events = n;
    Lcg g{12345};
    std::vector<Synthetic> events;
    events.reserve(size_t(n));
    qint64 happening = 0;
    for (qint64 id = 1; id <= n;) {
        if (g.below(40) == 0) { // a happening of 2 to 4 reports (about a tenth of the events)
            ++happening;
            const qint64 reports = std::min<qint64>(2 + g.below(3), n - id + 1);
            for (qint64 r = 0; r < reports; ++r)
                events.push_back(event(g, id++, happening));
        } else {
            events.push_back(event(g, id++, 0));
        }
    }
    {
        EventIndexBuilder b;
        internNames(b);
        b.reserve(n);
        for (const Synthetic &e : events)
            add(b, e);
        c.base = std::make_shared<const EventIndex>(b.build());
    }
    // The change: 40 edited, 20 removed (unfused events, spread over the ids), one happening
    // read again whole (its lead moves to its last report), 40 new events after the last id.
    std::vector<bool> touched(size_t(n) + 1, false), removed(size_t(n) + 1, false);
    for (int i = 0; i < 60; ++i) {
        qint64 id = 1 + qint64(g.next()) * 7919 % n;
        while (events[size_t(id - 1)].happening > 0 || touched[size_t(id)])
            id = id % n + 1;
        touched[size_t(id)] = true;
        removed[size_t(id)] = i >= 40;
    }
    for (qint64 id = n / 2; id <= n; ++id)
        if (events[size_t(id - 1)].happening > 0) {
            const qint64 h = events[size_t(id - 1)].happening;
            for (Synthetic &e : events)
                if (e.happening == h) {
                    touched[size_t(e.id)] = true;
                    e.rank = 0;
                }
            for (auto it = events.rbegin(); it != events.rend(); ++it)
                if (it->happening == h) {
                    it->rank = 3;
                    break;
                }
            break;
        }
    for (qint64 id = 1; id <= n; ++id) {
        if (!touched[size_t(id)] || removed[size_t(id)])
            continue;
        Synthetic e = events[size_t(id - 1)];
        if (e.happening == 0) {
            Synthetic moved = event(g, id, 0);
            e.start = moved.start;
            e.end = moved.end;
            e.lon = moved.lon;
            e.lat = moved.lat;
        }
        c.changed.push_back(e);
    }
    for (int i = 0; i < 40; ++i) {
        Synthetic e = event(g, n + 1 + i, 0);
        e.start = i < 10 ? 11000 + i : i < 20 ? 19500 + i : e.start; // before, after, between
        e.end = std::max(e.end, e.start);
        c.changed.push_back(e);
    }
    c.dropped.assign(size_t(c.base->size()), false);
    for (qsizetype row = 0; row < c.base->size(); ++row)
        c.dropped[size_t(row)] = touched[size_t(c.base->id(row))];
    return c;
}

// The delta as pgindexdelta.cpp built it before the merge: names interned as the store lists
// them, then every event by ascending id, the kept ones taken from the old index.
void BM_DeltaRebuild(benchmark::State &state)
{
    const Case &c = theCase(eventCount(state.range(0)));
    for (auto _ : state) {
        EventIndexBuilder b;
        internNames(b);
        b.reserve(c.base->size() + qsizetype(c.changed.size()));
        EventIndexBuilder::NameMap names = b.nameMap(*c.base);
        qsizetype next = 0;
        const auto keepUpTo = [&](qint64 id) {
            for (; next < c.base->size(); ++next) {
                const qsizetype row = c.base->rowByIdOrder(next);
                if (id >= 0 && c.base->id(row) > id)
                    break;
                if (!c.dropped[size_t(row)])
                    b.addFrom(*c.base, row, names);
            }
        };
        for (const Synthetic &e : c.changed) {
            keepUpTo(e.id);
            add(b, e);
        }
        keepUpTo(-1);
        const EventIndex index = b.build();
        benchmark::DoNotOptimize(index.size());
    }
    state.counters["events"] = double(c.base->size());
}
BENCHMARK(BM_DeltaRebuild)->Arg(1000000)->Arg(10000000)->Unit(benchmark::kMillisecond)->Iterations(3);

// The delta as pgindexdelta.cpp builds it now: the rows read added, the old columns merged.
void BM_DeltaMerge(benchmark::State &state)
{
    const Case &c = theCase(eventCount(state.range(0)));
    for (auto _ : state) {
        EventIndexBuilder b;
        internNames(b);
        for (const Synthetic &e : c.changed)
            add(b, e);
        QString why;
        const std::optional<EventIndex> index = b.buildOnto(*c.base, c.dropped, &why);
        if (!index) {
            fprintf(stderr, "%s\n", qPrintable(why));
            state.SkipWithError("the merge refused");
            return;
        }
        benchmark::DoNotOptimize(index->size());
    }
    state.counters["events"] = double(c.base->size());
}
BENCHMARK(BM_DeltaMerge)->Arg(1000000)->Arg(10000000)->Unit(benchmark::kMillisecond)->Iterations(3);

void BM_FullBuild(benchmark::State &state)
{
    const qint64 n = eventCount(state.range(0));
    Lcg g{777};
    std::vector<Synthetic> events;
    events.reserve(size_t(n));
    qint64 happening = 0;
    for (qint64 id = 1; id <= n; ++id)
        events.push_back(event(g, id, g.below(10) == 0 ? ++happening / 2 + 1 : 0));
    for (auto _ : state) {
        state.PauseTiming();
        EventIndexBuilder b;
        internNames(b);
        b.reserve(n);
        for (const Synthetic &e : events)
            add(b, e);
        state.ResumeTiming();
        const EventIndex index = b.build();
        benchmark::DoNotOptimize(index.size());
    }
}
BENCHMARK(BM_FullBuild)->Arg(1000000)->Arg(10000000)->Unit(benchmark::kMillisecond)->Iterations(3);

} // namespace

BENCHMARK_MAIN();
