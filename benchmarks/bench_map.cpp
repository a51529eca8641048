// The map's speed with 1,000,000 synthetic events over Afghanistan, 2001-2021: one frame at
// 1600x1000 for a time window of 100,000 and of all events, the basemap redrawn after a zoom,
// the heat map, window queries, and the EventIndex's bytes per event.
// Figures go to docs/PERFORMANCE.md (the map section).
#include "geo/basemap.h"
#include "geo/projection.h"
#include "index/eventindexbuilder.h"
#include "render/basemaprenderer.h"
#include "render/decorationrenderer.h"
#include "render/eventlayerrenderer.h"
#include "render/labelrenderer.h"
#include "render/maprenderer.h"

#include <benchmark/benchmark.h>

#include <QFileInfo>
#include <QGuiApplication>
#include <QPainter>
#include <QRandomGenerator>

#include <memory>

using namespace mapline;

namespace {

constexpr int kEvents = 1000000;
const QDate kFirstDay(2001, 1, 1);
const QDate kLastDay(2021, 12, 31);

// Towns events gather around, with weights: most reports come from a few places.
struct Town {
    double longitude;
    double latitude;
    int weight;
};
const Town kTowns[] = {{69.18, 34.53, 30}, {65.71, 31.61, 18}, {62.20, 34.35, 10}, {67.11, 36.71, 10}, {68.87, 36.73, 9},
                       {70.45, 34.43, 9},  {64.37, 31.59, 12}, {68.42, 33.55, 7},  {69.92, 33.34, 6},  {69.53, 36.74, 4},
                       {67.83, 34.82, 2},  {69.22, 33.60, 4},  {68.87, 34.40, 4},  {68.71, 35.94, 3},  {65.75, 36.67, 3},
                       {70.58, 37.12, 2},  {62.10, 32.37, 3},  {64.90, 30.95, 3},  {67.50, 32.90, 3},  {71.14, 34.87, 3}};

// `fused`: the same events told in happenings of three reports each (happening i / 3), told by 1
// to 5 sources, as a fused database's index holds them (Happenings mode).
std::shared_ptr<const EventIndex> makeIndex(bool fused)
{
    static const QStringList types = {"armed_clash", "air_strike", "shelling", "bombing", "attack_on_civilians",
                                      "killing", "talks", "agreement", "surrender", "disarmament", "troop_movement",
                                      "deployment", "territory_taken", "statement", "threat", "acled_protest"};
    QRandomGenerator random(2001);
    EventIndexBuilder builder;
    builder.reserve(kEvents);
    std::vector<quint32> actors;
    for (int a = 0; a < 40; ++a)
        builder.actorId(QStringLiteral("Actor %1").arg(a));
    int totalWeight = 0;
    for (const Town &t : kTowns)
        totalWeight += t.weight;
    const qint32 first = EventIndex::dayNumber(kFirstDay);
    const int days = int(kFirstDay.daysTo(kLastDay)) + 1;
    for (int i = 0; i < kEvents; ++i) {
        double lon, lat;
        if (random.bounded(10) < 7) {
            int pick = random.bounded(totalWeight);
            const Town *town = kTowns;
            while (pick >= town->weight)
                pick -= (town++)->weight;
            // Box-Muller for a town's spread of about 20 km.
            const double u = std::max(1e-12, random.generateDouble()), v = random.generateDouble();
            const double r = std::sqrt(-2 * std::log(u)) * 0.18;
            lon = town->longitude + r * std::cos(2 * M_PI * v);
            lat = town->latitude + r * std::sin(2 * M_PI * v);
        } else {
            lon = 61.0 + random.bounded(10.0);
            lat = 30.0 + random.bounded(7.0);
        }
        const qint32 start = first + random.bounded(days);
        const int kind = random.bounded(100);
        const qint32 end = kind < 90 ? start : kind < 98 ? start + random.bounded(1, 8) : start + random.bounded(28, 366);
        actors.clear();
        actors.push_back(quint32(random.bounded(40)));
        if (random.bounded(2))
            actors.push_back(quint32(random.bounded(40)));
        const auto precision = random.bounded(10) == 0 ? GeoPrecision::Province : GeoPrecision::City;
        builder.add(i + 1, start, end, lon, lat, types[random.bounded(int(types.size()))], precision, 0, actors,
                    fused ? i / 3 + 1 : 0, fused ? 1 + (i / 3) % 5 : 0);
    }
    return std::make_shared<const EventIndex>(builder.build());
}

std::shared_ptr<const EventIndex> syntheticIndex()
{
    static std::shared_ptr<const EventIndex> index = makeIndex(false);
    return index;
}

std::shared_ptr<const EventIndex> fusedIndex()
{
    static std::shared_ptr<const EventIndex> index = makeIndex(true);
    return index;
}

std::shared_ptr<const Basemap> basemap()
{
    static std::shared_ptr<const Basemap> map = [] {
        QString path = QStringLiteral(MAPLINE_SOURCE_RESOURCES_DIR "/geo/basemap.gpkg");
        if (!QFileInfo::exists(path))
            path = QStringLiteral(MAPLINE_TEST_DATA "/map/basemap-fixture.gpkg");
        auto loaded = Basemap::load(path);
        return loaded ? loaded.value() : nullptr;
    }();
    return map;
}

// The whole country at 1600x1000 (about 1.2 km per pixel), and a window ending 2021-12-31
// that holds `events` events.
MapSettings frameSettings(qsizetype events)
{
    MapSettings s;
    s.setOutputSize(QSize(1600, 1000));
    s.setBasemap(basemap());
    s.setEvents(syntheticIndex());
    s.setGeoExtent(QGeoRectangle(QGeoCoordinate(38.5, 60.5), QGeoCoordinate(29.35, 74.9)), 40);
    const EventIndex &index = *syntheticIndex();
    if (events < index.size()) {
        // Widen the window back from the last day until it holds `events`.
        QDate from = kLastDay;
        qsizetype step = 256;
        while (step > 0) {
            while (index.count(index.window(from.addDays(-step), kLastDay)) <= events)
                from = from.addDays(-step);
            step /= 2;
        }
        s.setTimeWindow(from, kLastDay);
    }
    return s;
}

void reportWindow(benchmark::State &state, const MapSettings &s, const EventLayout &layout)
{
    state.counters["window_events"] = double(layout.windowEvents);
    state.counters["symbols_drawn"] = double(layout.items.size());
    Q_UNUSED(s);
}

// What the canvas renders off the GUI thread when the time window moves: the event layer.
void BM_EventLayer(benchmark::State &state)
{
    const MapSettings s = frameSettings(state.range(0));
    QImage image = MapRenderer::blankImage(s);
    EventLayout layout;
    for (auto _ : state) {
        image.fill(Qt::transparent);
        QPainter painter(&image);
        layout = EventLayerRenderer::render(painter, s);
    }
    reportWindow(state, s, layout);
}
BENCHMARK(BM_EventLayer)->Arg(100000)->Arg(kEvents)->Unit(benchmark::kMillisecond)->UseRealTime();

// The same plus the names, which make room for the symbols (MapRenderer::overlayImage).
void BM_EventOverlay(benchmark::State &state)
{
    const MapSettings s = frameSettings(state.range(0));
    EventLayout layout;
    for (auto _ : state)
        benchmark::DoNotOptimize(MapRenderer::overlayImage(s, &layout));
    reportWindow(state, s, layout);
}
BENCHMARK(BM_EventOverlay)->Arg(100000)->Arg(kEvents)->Unit(benchmark::kMillisecond)->UseRealTime();

// Scrubbing the time slider: each frame's window is a week later than the last one's, so
// cluster counts change and their sprites are mostly new (the realistic, colder case).
void BM_EventOverlayScrub(benchmark::State &state)
{
    MapSettings s = frameSettings(state.range(0));
    const QDate from = s.from().isValid() ? s.from() : kFirstDay;
    const qint64 span = from.daysTo(kLastDay);
    int step = 0;
    EventLayout layout;
    for (auto _ : state) {
        const QDate start = kFirstDay.addDays((7 * step++) % std::max<qint64>(1, kFirstDay.daysTo(kLastDay) - span));
        s.setTimeWindow(start, start.addDays(span));
        benchmark::DoNotOptimize(MapRenderer::overlayImage(s, &layout));
    }
    reportWindow(state, s, layout);
}
BENCHMARK(BM_EventOverlayScrub)->Arg(100000)->Unit(benchmark::kMillisecond)->UseRealTime();

// A whole frame on screen when the time window moves: cached basemap, new overlay, selection,
// scale bar, legend and attribution.
void BM_Frame(benchmark::State &state)
{
    MapSettings s = frameSettings(state.range(0));
    s.setDecorations(MapSettings::ScaleBar | MapSettings::Attribution | MapSettings::Legend);
    s.setSelectedEventId(500000);
    const QImage base = MapRenderer::basemapImage(s);
    QImage frame = MapRenderer::blankImage(s, QImage::Format_RGB32);
    EventLayout layout;
    for (auto _ : state) {
        const QImage overlay = MapRenderer::overlayImage(s, &layout);
        QPainter painter(&frame);
        painter.drawImage(0, 0, base);
        painter.drawImage(0, 0, overlay);
        EventLayerRenderer::paintSelection(painter, s);
        DecorationRenderer::paint(painter, s, layout);
    }
    reportWindow(state, s, layout);
}
BENCHMARK(BM_Frame)->Arg(100000)->Arg(kEvents)->Unit(benchmark::kMillisecond)->UseRealTime();

// Happenings mode on a fused index (three reports a happening): the mask of leads, then the
// scrub and the whole frame as above with each symbol weighted by its sources.
void BM_HappeningMask(benchmark::State &state)
{
    const EventIndex &index = *fusedIndex();
    EventFilter filter;
    filter.types = {QStringLiteral("armed_clash"), QStringLiteral("air_strike")};
    const auto reports = index.mask(filter);
    for (auto _ : state)
        benchmark::DoNotOptimize(index.happeningMask(reports.get()));
}
BENCHMARK(BM_HappeningMask)->Unit(benchmark::kMillisecond);

MapSettings happeningSettings(qsizetype events)
{
    MapSettings s = frameSettings(events);
    s.setEvents(fusedIndex());
    s.setEventMask(fusedIndex()->happeningMask(nullptr));
    s.setShowsSources(true);
    return s;
}

void BM_HappeningsScrub(benchmark::State &state)
{
    MapSettings s = happeningSettings(state.range(0));
    const QDate from = s.from().isValid() ? s.from() : kFirstDay;
    const qint64 span = from.daysTo(kLastDay);
    int step = 0;
    EventLayout layout;
    for (auto _ : state) {
        const QDate start = kFirstDay.addDays((7 * step++) % std::max<qint64>(1, kFirstDay.daysTo(kLastDay) - span));
        s.setTimeWindow(start, start.addDays(span));
        benchmark::DoNotOptimize(MapRenderer::overlayImage(s, &layout));
    }
    reportWindow(state, s, layout);
}
BENCHMARK(BM_HappeningsScrub)->Arg(100000)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_HappeningsFrame(benchmark::State &state)
{
    MapSettings s = happeningSettings(state.range(0));
    s.setDecorations(MapSettings::ScaleBar | MapSettings::Attribution | MapSettings::Legend);
    const QImage base = MapRenderer::basemapImage(s);
    QImage frame = MapRenderer::blankImage(s, QImage::Format_RGB32);
    EventLayout layout;
    for (auto _ : state) {
        const QImage overlay = MapRenderer::overlayImage(s, &layout);
        QPainter painter(&frame);
        painter.drawImage(0, 0, base);
        painter.drawImage(0, 0, overlay);
        DecorationRenderer::paint(painter, s, layout);
    }
    reportWindow(state, s, layout);
}
BENCHMARK(BM_HappeningsFrame)->Arg(100000)->Arg(kEvents)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_HeatMap(benchmark::State &state)
{
    MapSettings s = frameSettings(state.range(0));
    s.setEventDisplay(MapSettings::EventDisplay::HeatMap);
    EventLayout layout;
    for (auto _ : state)
        benchmark::DoNotOptimize(MapRenderer::overlayImage(s, &layout));
    reportWindow(state, s, layout);
}
BENCHMARK(BM_HeatMap)->Arg(100000)->Arg(kEvents)->Unit(benchmark::kMillisecond)->UseRealTime();

// The basemap redrawn after a zoom step (alternating in and out around Kabul): what the canvas
// renders once a wheel or drag settles.
void BM_BasemapAfterZoom(benchmark::State &state)
{
    MapSettings s = frameSettings(kEvents);
    const double start = state.range(0);
    s.setCenter(Projection::fromLonLat(68.5, 34.5));
    s.setMetresPerPixel(start);
    bool in = true;
    for (auto _ : state) {
        s.zoomBy(in ? 2.0 : 0.5, QPointF(700, 450));
        in = !in;
        benchmark::DoNotOptimize(MapRenderer::basemapImage(s));
    }
    state.counters["basemap_features"] = basemap() ? double(basemap()->countries().features().size() +
                                                            basemap()->provinces().features().size())
                                                   : 0.0;
}
BENCHMARK(BM_BasemapAfterZoom)->Arg(1200)->Arg(300)->Arg(40)->Unit(benchmark::kMillisecond)->UseRealTime();

// The same without the shaded relief: the drawing before the relief was added, for comparison.
void BM_BasemapAfterZoomNoRelief(benchmark::State &state)
{
    MapSettings s = frameSettings(kEvents);
    s.setRelief(false);
    s.setCenter(Projection::fromLonLat(68.5, 34.5));
    s.setMetresPerPixel(double(state.range(0)));
    bool in = true;
    for (auto _ : state) {
        s.zoomBy(in ? 2.0 : 0.5, QPointF(700, 450));
        in = !in;
        benchmark::DoNotOptimize(MapRenderer::basemapImage(s));
    }
}
BENCHMARK(BM_BasemapAfterZoomNoRelief)->Arg(1200)->Arg(300)->Arg(40)->Unit(benchmark::kMillisecond)->UseRealTime();

// The basemap redrawn after each step of a drag (a new view every time, so the relief's view
// cache never helps: its worst case), with the relief (1) and without (0).
void BM_BasemapAfterPan(benchmark::State &state)
{
    MapSettings s = frameSettings(kEvents);
    s.setRelief(state.range(1) != 0);
    s.setCenter(Projection::fromLonLat(68.5, 34.5));
    s.setMetresPerPixel(double(state.range(0)));
    int step = 0;
    for (auto _ : state) {
        s.panByPixels(QPointF((step++ % 2) ? -37 : 41, 23));
        benchmark::DoNotOptimize(MapRenderer::basemapImage(s));
    }
}
BENCHMARK(BM_BasemapAfterPan)
    ->Args({1200, 1})
    ->Args({1200, 0})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_WindowQuery(benchmark::State &state)
{
    const EventIndex &index = *syntheticIndex();
    QRandomGenerator random(1);
    qsizetype found = 0;
    for (auto _ : state) {
        const QDate from = kFirstDay.addDays(random.bounded(7000));
        const auto w = index.window(from, from.addDays(30));
        found = index.count(w);
        benchmark::DoNotOptimize(found);
    }
    state.counters["events_in_30_days"] = double(found);
}
BENCHMARK(BM_WindowQuery)->Unit(benchmark::kMicrosecond);

void BM_FilterMask(benchmark::State &state)
{
    const EventIndex &index = *syntheticIndex();
    EventFilter filter;
    filter.types = {QStringLiteral("armed_clash"), QStringLiteral("air_strike")};
    filter.actors = {QStringLiteral("Actor 3")};
    for (auto _ : state)
        benchmark::DoNotOptimize(index.mask(filter));
}
BENCHMARK(BM_FilterMask)->Unit(benchmark::kMillisecond);

void BM_IndexBytesPerEvent(benchmark::State &state)
{
    const EventIndex &index = *syntheticIndex();
    for (auto _ : state)
        benchmark::DoNotOptimize(index.memoryBytes());
    state.counters["events"] = double(index.size());
    state.counters["bytes_per_event"] = double(index.memoryBytes()) / double(index.size());
}
BENCHMARK(BM_IndexBytesPerEvent)->Iterations(1);

void BM_FusedIndexBytesPerEvent(benchmark::State &state)
{
    const EventIndex &index = *fusedIndex();
    for (auto _ : state)
        benchmark::DoNotOptimize(index.memoryBytes());
    state.counters["events"] = double(index.size());
    state.counters["happenings"] = double(index.happeningCount());
    state.counters["bytes_per_event"] = double(index.memoryBytes()) / double(index.size());
}
BENCHMARK(BM_FusedIndexBytesPerEvent)->Iterations(1);

} // namespace

int main(int argc, char **argv)
{
    // Text needs a QGuiApplication; the offscreen platform needs no display.
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    syntheticIndex(); // built once, outside the timings
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
