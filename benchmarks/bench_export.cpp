// Data export speed by format and event count: EventExporter::write of 1,000, 10,000 and 100,000
// synthetic events (every field filled, a sentence of about 150 characters, three actors, one of
// twelve types, positions around Afghanistan) into a temporary folder, the staged rename included.
// KML is Mapline's own streaming writer (GDAL's LIBKML driver, used before, took 58 s for 3,178
// events and grew about as n^2.5); the others go through OGR. Figures: docs/PERFORMANCE.md,
// "Data export".
#include "interop/eventexporter.h"

#include <benchmark/benchmark.h>

#include <QCoreApplication>
#include <QRandomGenerator>
#include <QTemporaryDir>

using namespace mapline;

namespace {

const char *const kTypes[] = {"armed_clash", "air_strike", "shelling",  "bombing", "killing", "talks",
                              "agreement",   "withdrawal", "statement", "protest", "arrest",  "threat"};
const char *const kPlaces[] = {"Kabul", "Kunduz", "Kandahar", "Mazar-e Sharif", "Herat", "Jalalabad"};

QList<Event> makeEvents(int count)
{
    QRandomGenerator rng(20011122);
    QList<Event> events;
    events.reserve(count);
    for (int i = 0; i < count; ++i) {
        Event e;
        e.id = i + 1;
        e.articleId = 1 + i / 20;
        e.type = QString::fromLatin1(kTypes[rng.bounded(int(std::size(kTypes)))]);
        const QDate day = QDate(2001, 10, 1).addDays(rng.bounded(120));
        e.time = rng.bounded(4) == 0 ? TimeRange{day, day.addDays(6), DatePrecision::Week} : TimeRange::day(day);
        e.place.name = QString::fromLatin1(kPlaces[rng.bounded(int(std::size(kPlaces)))]);
        e.placeText = e.place.name;
        e.place.coordinate = QGeoCoordinate(29.5 + rng.generateDouble() * 9, 60.5 + rng.generateDouble() * 14);
        e.place.precision = GeoPrecision::City;
        e.place.admin1 = e.place.name;
        e.place.country = QStringLiteral("AF");
        e.acledEventType = QStringLiteral("Battles");
        e.acledSubEventType = QStringLiteral("Armed clash");
        e.cameoRoot = QStringLiteral("19");
        for (const char *actor : {"Taliban", "Northern Alliance", "United States"})
            e.actors.append(ActorMention{Actor{QString::fromLatin1(actor), {}, QStringLiteral("group")}, Span{}});
        e.sentence = QStringLiteral("Fighters of the Northern Alliance & the Taliban exchanged fire near %1 on the "
                                    "road north of the city, officials said, in event number %2.")
                         .arg(e.place.name)
                         .arg(i);
        e.confidence = 0.5 + rng.generateDouble() / 2;
        events << e;
    }
    return events;
}

void exportEvents(benchmark::State &state, ExportFormat format, const char *extension)
{
    const QList<Event> events = makeEvents(int(state.range(0)));
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("events.") + QLatin1String(extension));
    for (auto _ : state) {
        const auto written = EventExporter::write(events, path, format);
        if (!written)
            state.SkipWithError(written.error().toUtf8().constData());
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}

void BM_ExportKml(benchmark::State &state) { exportEvents(state, ExportFormat::Kml, "kml"); }
void BM_ExportGeoJson(benchmark::State &state) { exportEvents(state, ExportFormat::GeoJson, "geojson"); }
void BM_ExportCsv(benchmark::State &state) { exportEvents(state, ExportFormat::Csv, "csv"); }
void BM_ExportGeoPackage(benchmark::State &state) { exportEvents(state, ExportFormat::GeoPackage, "gpkg"); }

} // namespace

BENCHMARK(BM_ExportKml)->Arg(1'000)->Arg(10'000)->Arg(100'000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ExportGeoJson)->Arg(1'000)->Arg(10'000)->Arg(100'000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ExportCsv)->Arg(1'000)->Arg(10'000)->Arg(100'000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ExportGeoPackage)->Arg(1'000)->Arg(10'000)->Arg(100'000)->Unit(benchmark::kMillisecond)->UseRealTime();

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
