// The workspace's speed with a database of 1,000,000 events (and 10,000,000: the *10M cases): opening it to an interactive
// window (index load from SQLite, the timeline's histogram, the table's first query), and
// scrubbing (one window step: the histogram of the visible axis and the map's event overlay).
// The database is generated once into $MAPLINE_BENCH_DB or /tmp (about a minute) and reused.
// Figures go to docs/PERFORMANCE.md (the workspace section).
#include "eventlookup.h"
#include "filtermaskbuilder.h"
#include "geo/basemap.h"
#include "index/eventindexloader.h"
#include "render/maprenderer.h"
#include "store/eventstore.h"
#include "timeline/timelinehistogram.h"
#include "timeline/timelinemodel.h"

#include <benchmark/benchmark.h>

#include <QDateTime>
#include <QFileInfo>
#include <QGuiApplication>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>

using namespace mapline;

namespace {

constexpr int kEvents = 1000000;
const QDate kFirstDay(2001, 1, 1);
const QDate kLastDay(2021, 12, 31);

QString databasePath()
{
    const QString env = qEnvironmentVariable("MAPLINE_BENCH_DB");
    return env.isEmpty() ? QStringLiteral("/tmp/mapline-bench-workspace-1m.sqlite") : env;
}

// One article and its sentences, 40 actors, 1M events (90% single days, 8% short ranges, 2%
// long ones) around Afghan towns, with one or two actors each: the shape of bench_map's index.
bool makeDatabase(const QString &path)
{
    if (QFileInfo::exists(path)) {
        auto existing = EventStore::open(path, EventStore::Mode::ReadOnly);
        if (existing && existing.value()->stats() && existing.value()->stats()->events == kEvents)
            return true;
        QFile::remove(path);
        QFile::remove(path + QStringLiteral("-wal"));
        QFile::remove(path + QStringLiteral("-shm"));
    }
    auto store = EventStore::open(path);
    if (!store) {
        qWarning() << store.error();
        return false;
    }
    QSqlDatabase db = store.value()->database();
    QSqlQuery q(db);
    q.exec(QStringLiteral("PRAGMA synchronous=OFF"));
    q.exec(QStringLiteral("BEGIN"));
    q.exec(QStringLiteral("INSERT INTO articles (id, content_hash, title, body, imported_at) VALUES "
                          "(1, 'bench', 'Benchmark', 'Benchmark article.', '2026-01-01')"));
    QSqlQuery sentence(db);
    sentence.prepare(QStringLiteral("INSERT INTO sentences (id, article_id, idx, start_offset, end_offset, text) "
                                    "VALUES (?, 1, ?, 0, 10, ?)"));
    for (int i = 0; i < 1000; ++i) {
        sentence.addBindValue(i + 1);
        sentence.addBindValue(i);
        sentence.addBindValue(QStringLiteral("Fighting was reported near town %1 on Wednesday.").arg(i));
        sentence.exec();
    }
    for (int a = 0; a < 40; ++a)
        q.exec(QStringLiteral("INSERT INTO actors (id, name) VALUES (%1, 'Actor %1')").arg(a + 1));
    static const char *const types[] = {"armed_clash", "air_strike", "shelling", "bombing", "attack_on_civilians",
                                        "killing", "talks", "agreement", "surrender", "disarmament", "troop_movement",
                                        "deployment", "territory_taken", "statement", "threat"};
    const double towns[][2] = {{69.18, 34.53}, {65.71, 31.61}, {62.20, 34.35}, {67.11, 36.71}, {68.87, 36.73},
                               {70.45, 34.43}, {64.37, 31.59}, {68.42, 33.55}, {69.92, 33.34}, {69.53, 36.74}};
    QSqlQuery event(db);
    event.prepare(QStringLiteral("INSERT INTO events (id, article_id, sentence_id, type, date, date_end, date_precision, "
                                 "lon, lat, geo_precision, confidence, flags) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, 0.8, 0)"));
    QSqlQuery actor(db);
    actor.prepare(QStringLiteral("INSERT OR IGNORE INTO event_actors (event_id, actor_id) VALUES (?, ?)"));
    QRandomGenerator random(2001);
    const int days = int(kFirstDay.daysTo(kLastDay)) + 1;
    for (int i = 0; i < kEvents; ++i) {
        const auto &town = towns[random.bounded(10)];
        const double lon = random.bounded(10) < 7 ? town[0] + (random.generateDouble() - 0.5) * 0.4 : 61.0 + random.bounded(10.0);
        const double lat = random.bounded(10) < 7 ? town[1] + (random.generateDouble() - 0.5) * 0.4 : 30.0 + random.bounded(7.0);
        const QDate start = kFirstDay.addDays(random.bounded(days));
        const int kind = random.bounded(100);
        const QDate end = kind < 90 ? start : kind < 98 ? start.addDays(random.bounded(1, 8)) : start.addDays(random.bounded(28, 366));
        event.addBindValue(i + 1);
        event.addBindValue(1 + random.bounded(1000));
        event.addBindValue(QString::fromLatin1(types[random.bounded(15)]));
        event.addBindValue(start.toString(Qt::ISODate));
        event.addBindValue(end.toString(Qt::ISODate));
        event.addBindValue(QString::fromLatin1(kind < 90 ? "day" : "range"));
        event.addBindValue(lon);
        event.addBindValue(lat);
        event.addBindValue(QString::fromLatin1(random.bounded(10) == 0 ? "province" : "city"));
        if (!event.exec()) {
            qWarning() << event.lastError().text();
            return false;
        }
        const int n = 1 + random.bounded(2);
        for (int a = 0; a < n; ++a) {
            actor.addBindValue(i + 1);
            actor.addBindValue(1 + random.bounded(40));
            actor.exec();
        }
    }
    return q.exec(QStringLiteral("COMMIT"));
}

// The table's first page as the workspace reads it: the window's first 2000 rows from the
// index (honouring the mask), then those events by id from the store.
qsizetype tablePage(const EventStore &store, const EventIndex &index, QDate from, QDate to)
{
    QList<qint64> ids;
    index.forEach(index.window(from, to), nullptr, [&](qsizetype row) {
        if (ids.size() < 2000)
            ids.append(index.id(row));
    });
    return EventLookup::byIds(store, ids)->size();
}

std::shared_ptr<const EventIndex> loadedIndex()
{
    static std::shared_ptr<const EventIndex> index = [] {
        auto r = loadEventIndex(databasePath());
        return r ? r.value() : nullptr;
    }();
    return index;
}

// The legend's and the actor filter's counts. Arg 0: as Workspace::updateLists counts them
// (app/workspace.cpp: a walk over every row with a QHash per actor mention); Arg 1: read from
// the counts the index keeps.
qint64 filterListCounts(const EventIndex &index, bool fromIndex)
{
    qint64 sum = 0;
    if (fromIndex) {
        for (quint32 n : index.typeCounts())
            sum += n;
        for (quint32 n : index.actorCounts())
            sum += n;
        return sum;
    }
    std::vector<qint64> perType(size_t(index.typeNames().size()), 0);
    QHash<quint32, qint64> actorCounts;
    const quint8 *types = index.typeData();
    for (qsizetype row = 0; row < index.size(); ++row) {
        ++perType[types[row]];
        for (quint32 a : index.actorsOf(row))
            ++actorCounts[a];
    }
    for (qint64 n : perType)
        sum += n;
    for (qint64 n : std::as_const(actorCounts))
        sum += n;
    return sum;
}

// Opening the database to an interactive window, as Workspace::openDatabase, its index load
// and Workspace::setIndex do: the GUI's read-write connection (migration check, corrections
// re-applied), the index from a read-only connection, the timeline's histogram of all the
// data, the filter lists' counts, the filter mask, the table's first page for the initial
// window (the last month). The map's first frame renders on a worker afterwards
// (BM_FirstMapFrame).
void BM_OpenToInteractive(benchmark::State &state)
{
    qsizetype rows = 0;
    for (auto _ : state) {
        auto store = EventStore::open(databasePath());
        store.value()->applyCorrections();
        auto index = loadEventIndex(databasePath());
        TimelineModel timeline;
        timeline.setAxisPixels(1500);
        timeline.setIndex(index.value());
        benchmark::DoNotOptimize(timeline.histogram().maxTotal());
        benchmark::DoNotOptimize(filterListCounts(*index.value(), true));
        benchmark::DoNotOptimize(FilterMaskBuilder::build(*index.value(), FilterState()));
        rows = tablePage(*store.value(), *index.value(), kLastDay.addMonths(-1), kLastDay);
    }
    state.counters["events"] = double(loadedIndex()->size());
    state.counters["table_rows"] = double(rows);
}
BENCHMARK(BM_OpenToInteractive)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime()->Iterations(3);

// The same through the persistent copy (IndexLoadOptions::withGazetteer(), as the Workspace).
void BM_OpenToInteractiveCopy(benchmark::State &state)
{
    static_cast<void>(loadEventIndex(databasePath(), IndexLoadOptions::withGazetteer())); // writes the copy when stale
    bool mapped = false;
    for (auto _ : state) {
        auto store = EventStore::open(databasePath());
        store.value()->applyCorrections();
        auto index = loadEventIndex(databasePath(), IndexLoadOptions::withGazetteer());
        mapped = index.value()->isMapped();
        TimelineModel timeline;
        timeline.setAxisPixels(1500);
        timeline.setIndex(index.value());
        benchmark::DoNotOptimize(timeline.histogram().maxTotal());
        benchmark::DoNotOptimize(filterListCounts(*index.value(), true));
        benchmark::DoNotOptimize(FilterMaskBuilder::build(*index.value(), FilterState()));
        benchmark::DoNotOptimize(tablePage(*store.value(), *index.value(), kLastDay.addMonths(-1), kLastDay));
    }
    state.counters["mapped"] = mapped ? 1 : 0;
}
BENCHMARK(BM_OpenToInteractiveCopy)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime()->Iterations(3);

// The steps of the open one by one: the GUI's store (open, migration check, corrections).
void BM_OpenStore(benchmark::State &state)
{
    for (auto _ : state) {
        auto store = EventStore::open(databasePath());
        benchmark::DoNotOptimize(store.value()->applyCorrections().ok());
    }
}
BENCHMARK(BM_OpenStore)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

// The timeline taking the new index (its histogram of the whole axis).
void BM_TimelineSetIndex(benchmark::State &state)
{
    const auto index = loadedIndex();
    for (auto _ : state) {
        TimelineModel timeline;
        timeline.setAxisPixels(1500);
        timeline.setIndex(index);
        benchmark::DoNotOptimize(timeline.histogram().maxTotal());
    }
}
BENCHMARK(BM_TimelineSetIndex)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_FilterLists(benchmark::State &state)
{
    const EventIndex &index = *loadedIndex();
    for (auto _ : state)
        benchmark::DoNotOptimize(filterListCounts(index, state.range(0) != 0));
}
BENCHMARK(BM_FilterLists)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// The map's first event overlay for the initial window (the last month), at 1600x1000.
void BM_FirstMapFrame(benchmark::State &state)
{
    const auto index = loadedIndex();
    MapSettings map;
    map.setOutputSize(QSize(1600, 1000));
    map.setEvents(index);
    map.setGeoExtent(QGeoRectangle(QGeoCoordinate(38.5, 60.5), QGeoCoordinate(29.35, 74.9)), 40);
    map.setTimeWindow(kLastDay.addMonths(-1), kLastDay);
    for (auto _ : state)
        benchmark::DoNotOptimize(MapRenderer::overlayImage(map, nullptr));
}
BENCHMARK(BM_FirstMapFrame)->Unit(benchmark::kMillisecond)->UseRealTime();

// The index load on the worker thread. Arg 2: two halves on two threads, as the workspace
// loads; Arg 1: one thread. CPU time is the whole process's (both threads).
void BM_IndexLoad(benchmark::State &state)
{
    IndexLoadOptions options;
    if (state.range(0) == 1)
        options.parallelFromIds = std::numeric_limits<qint64>::max();
    for (auto _ : state)
        benchmark::DoNotOptimize(loadEventIndex(databasePath(), options).ok());
    state.counters["bytes_per_event"] = double(loadedIndex()->memoryBytes()) / double(loadedIndex()->size());
}
BENCHMARK(BM_IndexLoad)->Arg(2)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime()->Iterations(3);

void BM_TableFirstPage(benchmark::State &state)
{
    auto store = EventStore::open(databasePath(), EventStore::Mode::ReadOnly);
    for (auto _ : state)
        benchmark::DoNotOptimize(tablePage(*store.value(), *loadedIndex(), kLastDay.addMonths(-1), kLastDay));
}
BENCHMARK(BM_TableFirstPage)->Unit(benchmark::kMillisecond)->UseRealTime();

// For comparison: the same page through EventStore::events() (a filtered query whose actor
// lookup covers every event of the selection, not just the page).
void BM_TableFirstPageStoreQuery(benchmark::State &state)
{
    auto store = EventStore::open(databasePath(), EventStore::Mode::ReadOnly);
    for (auto _ : state) {
        EventQuery query;
        query.from = kLastDay.addMonths(-1);
        query.to = kLastDay;
        query.limit = 2000;
        benchmark::DoNotOptimize(store.value()->events(query)->size());
    }
}
BENCHMARK(BM_TableFirstPageStoreQuery)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

// The histogram of the whole axis (20 years in month bars) and of one year in day bars.
void BM_Histogram(benchmark::State &state)
{
    const EventIndex &index = *loadedIndex();
    const auto size = timeline::BucketSize(state.range(0));
    const qint32 from = size == timeline::BucketSize::Month ? index.firstDay() : index.lastDay() - 365;
    for (auto _ : state)
        benchmark::DoNotOptimize(timeline::TimelineHistogram::compute(index, nullptr, from, index.lastDay(), size).maxTotal());
}
BENCHMARK(BM_Histogram)->Arg(int(timeline::BucketSize::Month))->Arg(int(timeline::BucketSize::Day))->Unit(benchmark::kMillisecond);

// A filter change: the mask for one hidden type and a place radius, over 1M events.
void BM_FilterMask(benchmark::State &state)
{
    const EventIndex &index = *loadedIndex();
    FilterState filters;
    filters.hiddenTypes = {QStringLiteral("statement")};
    if (state.range(0)) {
        filters.placeCoordinate = QGeoCoordinate(34.53, 69.18);
        filters.radiusKm = 50;
    }
    for (auto _ : state)
        benchmark::DoNotOptimize(FilterMaskBuilder::build(index, filters)->count());
}
BENCHMARK(BM_FilterMask)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// One scrubbing step with a month-long moving window stepped by a day: the window moves, the
// timeline recomputes its histogram (worst case: the axis moved too, a year of day bars),
// the map renders its event overlay for the new window at 1600x1000. Frames per second =
// 1000 / (ms per iteration).
void BM_ScrubStep(benchmark::State &state)
{
    const auto index = loadedIndex();
    TimelineModel timeline;
    timeline.setAxisPixels(1500);
    timeline.setIndex(index);
    timeline.setWindow(QDate(2010, 1, 1), QDate(2010, 1, 31));
    timeline.setAxis(timeline::dayOf(QDate(2009, 7, 1)), timeline::dayOf(QDate(2010, 7, 1)));
    MapSettings map;
    map.setOutputSize(QSize(1600, 1000));
    map.setEvents(index);
    map.setGeoExtent(QGeoRectangle(QGeoCoordinate(38.5, 60.5), QGeoCoordinate(29.35, 74.9)), 40);
    EventLayout layout;
    qint64 windowEvents = 0;
    for (auto _ : state) {
        timeline.stepForward();
        timeline.panAxis(1.0);
        benchmark::DoNotOptimize(timeline.histogram().maxTotal());
        map.setTimeWindow(timeline.from(), timeline.to());
        benchmark::DoNotOptimize(MapRenderer::overlayImage(map, &layout));
        windowEvents = layout.windowEvents;
    }
    state.counters["window_events"] = double(windowEvents);
    state.counters["fps"] = benchmark::Counter(double(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ScrubStep)->Unit(benchmark::kMillisecond)->UseRealTime();


// ---- 10,000,000 events (issue 17, item 4) ----

constexpr qint64 kEvents10M = 10000000;

QString database10MPath()
{
    const QString env = qEnvironmentVariable("MAPLINE_BENCH_DB_10M");
    return env.isEmpty() ? QStringLiteral("/tmp/mapline-bench-workspace-10m.sqlite") : env;
}

// The 10M store in the 1M store's shape (2001-2021, ten towns and anywhere, 90 % days, 8 % up to
// a week, 2 % up to a year, one or two of 40 actors, 15 types), written in SQL with the id's
// Lehmer steps as the random numbers: about 15 minutes once on this machine (the R*Tree and five
// indexes on events), then reused. Only run with --benchmark_filter=10M.
const char *const kGenerate10M[] = {
    R"SQL(INSERT INTO articles (id, content_hash, title, body, imported_at) VALUES (1, 'bench', 'Benchmark', 'Benchmark article.', '2026-01-01'))SQL",
    R"SQL(WITH RECURSIVE c(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM c WHERE x < 999)
INSERT INTO sentences (id, article_id, idx, start_offset, end_offset, text)
SELECT x + 1, 1, x, 0, 10, 'Fighting was reported near town ' || x || ' on Wednesday.' FROM c)SQL",
    R"SQL(WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 40)
INSERT INTO actors (id, name) SELECT x, 'Actor ' || x FROM c)SQL",
    R"SQL(CREATE TEMP TABLE gen_types (i INTEGER PRIMARY KEY, name TEXT))SQL",
    R"SQL(INSERT INTO gen_types VALUES (0,'armed_clash'),(1,'air_strike'),(2,'shelling'),(3,'bombing'),(4,'attack_on_civilians'),
 (5,'killing'),(6,'talks'),(7,'agreement'),(8,'surrender'),(9,'disarmament'),(10,'troop_movement'),(11,'deployment'),
 (12,'territory_taken'),(13,'statement'),(14,'threat'))SQL",
    R"SQL(CREATE TEMP TABLE gen_towns (i INTEGER PRIMARY KEY, lon REAL, lat REAL))SQL",
    R"SQL(INSERT INTO gen_towns VALUES (0,69.18,34.53),(1,65.71,31.61),(2,62.20,34.35),(3,67.11,36.71),(4,68.87,36.73),
 (5,70.45,34.43),(6,64.37,31.59),(7,68.42,33.55),(8,69.92,33.34),(9,69.53,36.74))SQL",
    R"SQL(WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < :N),
s(x, a) AS (SELECT x, (x * 2654435761 + 12345) % 2147483647 FROM c),
r(x, r1, r2, r3, r4, r5, r6, r7, r8) AS (
  SELECT x, a * 48271 % 2147483647, a * 69621 % 2147483647, a * 16807 % 2147483647, a * 39373 % 2147483647,
         a * 40692 % 2147483647, a * 40014 % 2147483647, a * 53668 % 2147483647, a * 12211 % 2147483647 FROM s),
v(x, r1, r2, start, kind, town, jx, jy, r7) AS (
  SELECT x, r1, r2, date('2001-01-01', '+' || (r3 % 7670) || ' days'), r4 % 100, r5 % 10, (r6 % 1000000) / 1e6,
         (r8 % 1000000) / 1e6, r7 FROM r)
INSERT INTO events (id, article_id, sentence_id, type, date, date_end, date_precision, lon, lat, geo_precision,
                    confidence, flags)
SELECT v.x, 1, 1 + v.r1 % 1000, t.name, v.start,
       CASE WHEN v.kind < 90 THEN v.start
            WHEN v.kind < 98 THEN date(v.start, '+' || (1 + v.r2 % 7) || ' days')
            ELSE date(v.start, '+' || (28 + v.r2 % 338) || ' days') END,
       CASE WHEN v.kind < 90 THEN 'day' ELSE 'range' END,
       CASE WHEN v.r7 % 10 < 7 THEN w.lon + (v.jx - 0.5) * 0.4 ELSE 61.0 + v.jx * 10 END,
       CASE WHEN v.r7 % 10 < 7 THEN w.lat + (v.jy - 0.5) * 0.4 ELSE 30.0 + v.jy * 7 END,
       CASE WHEN (v.r7 / 10) % 10 = 0 THEN 'province' ELSE 'city' END, 0.8, 0
FROM v JOIN gen_types t ON t.i = v.r2 % 15 JOIN gen_towns w ON w.i = v.town)SQL",
    R"SQL(INSERT INTO event_actors (event_id, actor_id) SELECT id, 1 + (id * 7919 + (id / 3)) % 40 FROM events)SQL",
    R"SQL(INSERT OR IGNORE INTO event_actors (event_id, actor_id) SELECT id, 1 + (id * 104729 % 2147483647) % 40 FROM events WHERE id % 2 = 0)SQL"
};

bool make10MDatabase(const QString &path)
{
    if (QFileInfo::exists(path)) {
        auto existing = EventStore::open(path, EventStore::Mode::ReadOnly);
        QSqlQuery q(existing ? existing.value()->database() : QSqlDatabase());
        if (existing && q.exec(QStringLiteral("SELECT max(id) FROM events")) && q.next() &&
            q.value(0).toLongLong() == kEvents10M)
            return true;
        for (const char *suffix : {"", "-wal", "-shm", ".mapline-index"})
            QFile::remove(path + QString::fromLatin1(suffix));
    }
    auto store = EventStore::open(path);
    if (!store) {
        qWarning() << store.error();
        return false;
    }
    QSqlQuery q(store.value()->database());
    for (const char *pragma : {"PRAGMA synchronous=OFF", "PRAGMA cache_size=-1500000", "BEGIN"})
        q.exec(QString::fromLatin1(pragma));
    for (const char *statement : kGenerate10M) {
        if (!q.exec(QString::fromUtf8(statement).replace(QStringLiteral(":N"), QString::number(kEvents10M)))) {
            qWarning() << q.lastError().text();
            return false;
        }
    }
    return q.exec(QStringLiteral("COMMIT"));
}

std::shared_ptr<const EventIndex> loaded10M()
{
    static std::shared_ptr<const EventIndex> index = [] {
        if (!make10MDatabase(database10MPath()))
            return std::shared_ptr<const EventIndex>();
        auto r = loadEventIndex(database10MPath(), IndexLoadOptions::withGazetteer());
        return r ? r.value() : nullptr;
    }();
    return index;
}

// The index load from SQLite, every row decoded (what every open did before the persistent
// copy). One iteration: about 10 s.
void BM_IndexLoad10M_Sqlite(benchmark::State &state)
{
    if (!loaded10M())
        return state.SkipWithError("no 10M database");
    qsizetype events = 0;
    for (auto _ : state) {
        auto index = loadEventIndex(database10MPath());
        events = index ? index.value()->size() : 0;
        state.counters["bytes_per_event"] = double(index.value()->memoryBytes()) / double(events);
    }
    state.counters["events"] = double(events);
}
BENCHMARK(BM_IndexLoad10M_Sqlite)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime()->Iterations(1);

// The load from the persistent copy (the copy is current: written by loaded10M()): the database's
// stamp, the header, the checksums and checks of every column, the names.
void BM_IndexLoad10M_Copy(benchmark::State &state)
{
    if (!loaded10M())
        return state.SkipWithError("no 10M database");
    bool mapped = false;
    for (auto _ : state) {
        auto index = loadEventIndex(database10MPath(), IndexLoadOptions::withGazetteer());
        mapped = index && index.value()->isMapped();
        state.counters["bytes_per_event"] = double(index.value()->memoryBytes()) / double(index.value()->size());
    }
    state.counters["mapped"] = mapped ? 1 : 0;
}
BENCHMARK(BM_IndexLoad10M_Copy)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime()->Iterations(3);

// Open to interactive, as BM_OpenToInteractive, on 10M events through the persistent copy (what
// the Workspace does now), plus the map's first event overlay of the last month.
void BM_OpenToInteractive10M(benchmark::State &state)
{
    if (!loaded10M())
        return state.SkipWithError("no 10M database");
    const QString path = database10MPath();
    qsizetype rows = 0;
    for (auto _ : state) {
        auto store = EventStore::open(path);
        store.value()->applyCorrections();
        auto index = loadEventIndex(path, IndexLoadOptions::withGazetteer());
        TimelineModel timeline;
        timeline.setAxisPixels(1500);
        timeline.setIndex(index.value());
        benchmark::DoNotOptimize(timeline.histogram().maxTotal());
        benchmark::DoNotOptimize(filterListCounts(*index.value(), true));
        benchmark::DoNotOptimize(FilterMaskBuilder::build(*index.value(), FilterState()));
        rows = tablePage(*store.value(), *index.value(), kLastDay.addMonths(-1), kLastDay);
        MapSettings map;
        map.setOutputSize(QSize(1600, 1000));
        map.setEvents(index.value());
        map.setGeoExtent(QGeoRectangle(QGeoCoordinate(38.5, 60.5), QGeoCoordinate(29.35, 74.9)), 40);
        map.setTimeWindow(kLastDay.addMonths(-1), kLastDay);
        benchmark::DoNotOptimize(MapRenderer::overlayImage(map, nullptr));
    }
    state.counters["table_rows"] = double(rows);
}
BENCHMARK(BM_OpenToInteractive10M)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime()->Iterations(3);

// A scrubbing step (BM_ScrubStep) on the mapped 10M index: a month window holds ~46,000 events.
void BM_ScrubStep10M(benchmark::State &state)
{
    if (!loaded10M())
        return state.SkipWithError("no 10M database");
    auto index = loadEventIndex(database10MPath(), IndexLoadOptions::withGazetteer()).value();
    TimelineModel timeline;
    timeline.setAxisPixels(1500);
    timeline.setIndex(index);
    timeline.setWindow(QDate(2010, 1, 1), QDate(2010, 1, 31));
    timeline.setAxis(timeline::dayOf(QDate(2009, 7, 1)), timeline::dayOf(QDate(2010, 7, 1)));
    MapSettings map;
    map.setOutputSize(QSize(1600, 1000));
    map.setEvents(index);
    map.setGeoExtent(QGeoRectangle(QGeoCoordinate(38.5, 60.5), QGeoCoordinate(29.35, 74.9)), 40);
    EventLayout layout;
    qint64 windowEvents = 0;
    for (auto _ : state) {
        timeline.stepForward();
        timeline.panAxis(1.0);
        benchmark::DoNotOptimize(timeline.histogram().maxTotal());
        map.setTimeWindow(timeline.from(), timeline.to());
        benchmark::DoNotOptimize(MapRenderer::overlayImage(map, &layout));
        windowEvents = layout.windowEvents;
    }
    state.counters["window_events"] = double(windowEvents);
    state.counters["mapped"] = index->isMapped() ? 1 : 0;
    state.counters["fps"] = benchmark::Counter(double(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ScrubStep10M)->Unit(benchmark::kMillisecond)->UseRealTime();

// The two halves of BM_ScrubStep10M on their own: the timeline's histogram of a year of day bars
// as the axis pans a day (the GUI thread's share in the viewer), and the map's event overlay of a
// month window stepped by a day (a worker thread's).
void BM_ScrubHistogram10M(benchmark::State &state)
{
    if (!loaded10M())
        return state.SkipWithError("no 10M database");
    auto index = loadEventIndex(database10MPath(), IndexLoadOptions::withGazetteer()).value();
    TimelineModel timeline;
    timeline.setAxisPixels(1500);
    timeline.setIndex(index);
    timeline.setWindow(QDate(2010, 1, 1), QDate(2010, 1, 31));
    timeline.setAxis(timeline::dayOf(QDate(2009, 7, 1)), timeline::dayOf(QDate(2010, 7, 1)));
    qint64 bands = 0;
    for (auto _ : state) {
        timeline.panAxis(1.0);
        bands = timeline.histogram().bandEvents();
        benchmark::DoNotOptimize(timeline.histogram().maxTotal());
    }
    state.counters["band_events"] = double(bands);
}
BENCHMARK(BM_ScrubHistogram10M)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ScrubOverlay10M(benchmark::State &state)
{
    if (!loaded10M())
        return state.SkipWithError("no 10M database");
    auto index = loadEventIndex(database10MPath(), IndexLoadOptions::withGazetteer()).value();
    MapSettings map;
    map.setOutputSize(QSize(1600, 1000));
    map.setEvents(index);
    map.setGeoExtent(QGeoRectangle(QGeoCoordinate(38.5, 60.5), QGeoCoordinate(29.35, 74.9)), 40);
    EventLayout layout;
    QDate from(2010, 1, 1);
    for (auto _ : state) {
        from = from.addDays(1);
        map.setTimeWindow(from, from.addDays(30));
        benchmark::DoNotOptimize(MapRenderer::overlayImage(map, &layout));
    }
    state.counters["window_events"] = double(layout.windowEvents);
    state.counters["items"] = double(layout.items.size());
}
BENCHMARK(BM_ScrubOverlay10M)->Unit(benchmark::kMillisecond)->UseRealTime();

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    if (!makeDatabase(databasePath()) || !loadedIndex()) {
        qWarning("cannot make the benchmark database at %s", qPrintable(databasePath()));
        return 1;
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
