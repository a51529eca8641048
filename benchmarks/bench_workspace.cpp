// The workspace's speed with a database of 1,000,000 events: opening it to an interactive
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
