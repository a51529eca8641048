// Dataset import speed: a synthetic 1,000,000-row GDELT 2.0 export (generated here, 61 columns,
// 2 % of the rows in Afghanistan, the rest around the world) read by GdeltReader alone, then
// imported through DatasetImporter into a fresh event store: every row kept (--keep-outside),
// and the usual case where the area of interest keeps the Afghan rows. Plus an ACLED file, and a
// 10,000,000-row file imported whole (BM_ImportGdelt2_EveryRow10M: 3.6 GB of input, about 7 GB of
// database and WAL at once; run it alone with --benchmark_filter=10M).
// Figures: docs/PERFORMANCE.md, "Dataset import".
#include "interop/acledreader.h"
#include "interop/datasetimporter.h"
#include "interop/gdeltreader.h"
#include "store/eventstore.h"

#include <benchmark/benchmark.h>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryDir>

using namespace mapline;

namespace {

constexpr int kGdeltRows = 1'000'000;
constexpr int kAcledRows = 200'000;

struct Geo {
    const char *fullName, *fips, *adm1;
    double lat, lon;
};
const Geo kAfghan[] = {
    {"Kabul, Kabol, Afghanistan", "AF", "AF13", 34.5167, 69.1833},
    {"Kunduz, Kondoz, Afghanistan", "AF", "AF24", 36.728, 68.868},
    {"Kandahar, Kandahar, Afghanistan", "AF", "AF23", 31.6133, 65.7101},
    {"Mazar-e Sharif, Balkh, Afghanistan", "AF", "AF30", 36.7069, 67.1122},
    {"Afghanistan", "AF", "AF", 33, 65},
};
const Geo kWorld[] = {
    {"Washington, District of Columbia, United States", "US", "USDC", 38.8951, -77.0364},
    {"London, London, City of, United Kingdom", "UK", "UKH9", 51.5, -0.1167},
    {"Islamabad, Islamabad, Pakistan", "PK", "PK08", 33.7, 73.1667},
    {"Tehran, Tehran, Iran", "IR", "IR26", 35.75, 51.5148},
    {"New Delhi, Delhi, India", "IN", "IN07", 28.6, 77.2},
    {"Beijing, Beijing, China", "CH", "CH22", 39.9289, 116.388},
    {"Moscow, Moskva, Russia", "RS", "RS48", 55.7522, 37.6156},
};
const char *const kActors[][2] = {
    {"AFGINSTAL", "TALIBAN"}, {"AFGGOV", "AFGHANISTAN"}, {"USAMIL", "UNITED STATES"},
    {"PAKGOV", "PAKISTAN"},   {"IRN", "IRAN"},           {"", ""}};
const char *const kCodes[][3] = {{"193", "193", "19"},  {"0256", "025", "02"}, {"042", "042", "04"},
                                 {"1831", "183", "18"}, {"195", "195", "19"},  {"010", "010", "01"}};

// One GDELT 2.0 row (61 tab-separated columns) with a geography block repeated three times.
void appendRow(QByteArray &out, int i, QRandomGenerator &rng)
{
    const bool afghan = rng.bounded(100) < 2;
    const Geo &g =
        afghan ? kAfghan[rng.bounded(int(std::size(kAfghan)))] : kWorld[rng.bounded(int(std::size(kWorld)))];
    const auto &a1 = kActors[rng.bounded(int(std::size(kActors)))];
    const auto &a2 = kActors[rng.bounded(int(std::size(kActors)))];
    const auto &code = kCodes[rng.bounded(int(std::size(kCodes)))];
    const int day = 1 + i % 28;
    const QByteArray date = QByteArray("201910") + (day < 10 ? "0" : "") + QByteArray::number(day);
    const double lat = g.lat + (rng.bounded(200) - 100) / 1000.0;
    const double lon = g.lon + (rng.bounded(200) - 100) / 1000.0;
    QByteArrayList f;
    f << QByteArray::number(900000000 + i) << date << date.left(6) << "2019"
      << "2019.8055";
    f << a1[0] << a1[1] << QByteArray(a1[0]).left(3) << ""
      << ""
      << ""
      << ""
      << "GOV"
      << ""
      << "";
    f << a2[0] << a2[1] << QByteArray(a2[0]).left(3) << ""
      << ""
      << ""
      << ""
      << ""
      << ""
      << "";
    f << "1" << code[0] << code[1] << code[2] << "1"
      << "-2.0"
      << "4"
      << "1"
      << "4"
      << "-3.3";
    for (int block = 0; block < 3; ++block)
        f << "4" << g.fullName << g.fips << g.adm1 << "1234" << QByteArray::number(lat, 'f', 4)
          << QByteArray::number(lon, 'f', 4) << "-3378435";
    f << "20191024143000"
      << "http://www.example.org/news/2019/10/24/story-" + QByteArray::number(i) + ".html";
    out += f.join('\t');
    out += '\n';
}

struct Files {
    QTemporaryDir dir;
    QString gdelt;
    QString acled;
    qint64 gdeltBytes = 0;
    qint64 acledBytes = 0;

    Files()
    {
        QRandomGenerator rng(20191024);
        gdelt = dir.filePath(QStringLiteral("synthetic.export.CSV"));
        QFile g(gdelt);
        g.open(QIODevice::WriteOnly);
        QByteArray chunk;
        for (int i = 0; i < kGdeltRows; ++i) {
            appendRow(chunk, i, rng);
            if (chunk.size() > (4 << 20)) {
                g.write(chunk);
                chunk.clear();
            }
        }
        g.write(chunk);
        gdeltBytes = g.size();

        acled = dir.filePath(QStringLiteral("synthetic-acled.csv"));
        QFile a(acled);
        a.open(QIODevice::WriteOnly);
        a.write("data_id,iso,event_id_cnty,event_id_no_cnty,event_date,year,time_precision,event_type,sub_"
                "event_type,"
                "actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,region,country,admin1,"
                "admin2,"
                "admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,"
                "timestamp,iso3\n");
        chunk.clear();
        for (int i = 0; i < kAcledRows; ++i) {
            chunk +=
                QByteArray::number(i) + ",4,AFG" + QByteArray::number(i) + "," + QByteArray::number(i) +
                ",\"" + QByteArray::number(1 + i % 28) + " March 2020\",2020," +
                QByteArray::number(1 + i % 3) +
                ",Battles,\"Armed clash\",Taliban,,2,\"Military Forces of Afghanistan (2014-)\",,1,12,"
                "\"Caucasus and Central Asia\",Afghanistan,Balkh,\"Dawlat Abad\",,\"Dawlat "
                "Abad\",36.9882,66.8207,2,"
                "\"Xinhua; Khaama Press\",National-International,\"On 21 March 2020, 12 Taliban militants, "
                "including 2 \"\"commanders\"\", were killed in Dawlat Abad district, "
                "Balkh.\",12,1584984341,AFG\n";
            if (chunk.size() > (4 << 20)) {
                a.write(chunk);
                chunk.clear();
            }
        }
        a.write(chunk);
        acledBytes = a.size();
    }
};

Files &files()
{
    static Files f;
    return f;
}

// The 10,000,000-row GDELT 2.0 file (3.6 GB, the rows of the 1,000,000-row one continued), made
// only when its benchmark runs, in a folder of its own (MAPLINE_BENCH_TMP, else the system's).
struct LargeFile {
    static constexpr int kRows = 10'000'000;
    QTemporaryDir dir{qEnvironmentVariable("MAPLINE_BENCH_TMP", QDir::tempPath()) + QStringLiteral("/bench-datasets-XXXXXX")};
    QString path;

    LargeFile()
    {
        QRandomGenerator rng(20191024);
        path = dir.filePath(QStringLiteral("synthetic-10m.export.CSV"));
        QFile g(path);
        g.open(QIODevice::WriteOnly);
        QByteArray chunk;
        for (int i = 0; i < kRows; ++i) {
            appendRow(chunk, i, rng);
            if (chunk.size() > (4 << 20)) {
                g.write(chunk);
                chunk.clear();
            }
        }
        g.write(chunk);
    }
};

template <typename Reader>
void readAll(benchmark::State &state, Reader &&makeReader, const QString &path, qint64 bytes)
{
    qint64 rows = 0;
    for (auto _ : state) {
        auto reader = makeReader();
        if (!reader.open(path).ok()) {
            state.SkipWithError("cannot open the file");
            return;
        }
        DatasetRow row;
        QString problem;
        rows = 0;
        for (EventFileReader::Next n; (n = reader.next(row, problem)) != EventFileReader::Next::End;) {
            if (n != EventFileReader::Next::Row) {
                state.SkipWithError(qPrintable(problem));
                return;
            }
            ++rows;
            benchmark::DoNotOptimize(row.event.sentence.size());
        }
    }
    state.counters["rows"] = double(rows);
    state.counters["rows/s"] =
        benchmark::Counter(double(rows) * state.iterations(), benchmark::Counter::kIsRate);
    state.counters["MB/s"] =
        benchmark::Counter(double(bytes) * state.iterations() / 1e6, benchmark::Counter::kIsRate);
}

void BM_ParseGdelt2(benchmark::State &state)
{
    readAll(
        state, [] { return GdeltReader(GdeltReader::Version::V2); }, files().gdelt, files().gdeltBytes);
}

void BM_ParseAcled(benchmark::State &state)
{
    readAll(
        state, [] { return AcledReader(); }, files().acled, files().acledBytes);
}

void importInto(benchmark::State &state, const QString &path, bool keepOutside)
{
    qint64 rows = 0, events = 0;
    int run = 0;
    for (auto _ : state) {
        state.PauseTiming();
        QTemporaryDir dir;
        auto store = EventStore::open(dir.filePath(QStringLiteral("bench-%1.sqlite").arg(run++)));
        if (!store) {
            state.SkipWithError(qPrintable(store.error()));
            return;
        }
        state.ResumeTiming();
        const auto r = DatasetImporter(*store.value(), keepOutside).importFile(path);
        if (r.status != DatasetImporter::FileResult::Status::Imported) {
            state.SkipWithError(qPrintable(r.error));
            return;
        }
        rows = r.rows;
        events = r.events;
        state.PauseTiming();
        store.value().reset(); // closing (the WAL checkpoint) is not part of the import
        state.ResumeTiming();
    }
    state.counters["rows"] = double(rows);
    state.counters["events"] = double(events);
    state.counters["rows/s"] =
        benchmark::Counter(double(rows) * state.iterations(), benchmark::Counter::kIsRate);
    state.counters["events/s"] =
        benchmark::Counter(double(events) * state.iterations(), benchmark::Counter::kIsRate);
}

void BM_ImportGdelt2_EveryRow(benchmark::State &state)
{
    importInto(state, files().gdelt, true);
}

// Ten million rows, every one stored, as `mapline import --db NEW --keep-outside` does it: the
// close (the WAL's checkpoint) is timed too, CPU time is the whole process's (the reader's thread
// included), and the counters give the largest WAL and database files seen.
void BM_ImportGdelt2_EveryRow10M(benchmark::State &state)
{
    static LargeFile large;
    qint64 rows = 0, events = 0, walBytes = 0, dbBytes = 0;
    for (auto _ : state) {
        state.PauseTiming();
        QTemporaryDir dir(large.dir.filePath(QStringLiteral("db-XXXXXX")));
        const QString db = dir.filePath(QStringLiteral("bench-10m.sqlite"));
        auto store = EventStore::open(db);
        if (!store) {
            state.SkipWithError(qPrintable(store.error()));
            return;
        }
        state.ResumeTiming();
        const auto r = DatasetImporter(*store.value(), true).importFile(large.path);
        if (r.status != DatasetImporter::FileResult::Status::Imported) {
            state.SkipWithError(qPrintable(r.error));
            return;
        }
        walBytes = std::max(walBytes, QFileInfo(db + QStringLiteral("-wal")).size());
        dbBytes = std::max(dbBytes, QFileInfo(db).size());
        store.value().reset();
        rows = r.rows;
        events = r.events;
    }
    state.counters["rows"] = double(rows);
    state.counters["events/s"] =
        benchmark::Counter(double(events) * state.iterations(), benchmark::Counter::kIsRate);
    state.counters["wal_MB"] = double(walBytes) / 1e6;
    state.counters["db_MB"] = double(dbBytes) / 1e6;
}

void BM_ImportGdelt2_AreaOfInterest(benchmark::State &state)
{
    importInto(state, files().gdelt, false);
}

void BM_ImportAcled(benchmark::State &state)
{
    importInto(state, files().acled, false);
}

} // namespace

BENCHMARK(BM_ParseGdelt2)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_ParseAcled)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_ImportGdelt2_EveryRow)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);
BENCHMARK(BM_ImportGdelt2_AreaOfInterest)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);
BENCHMARK(BM_ImportAcled)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);
BENCHMARK(BM_ImportGdelt2_EveryRow10M)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime()->Iterations(1);

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv); // the Qt SQL driver needs an application object
    benchmark::Initialize(&argc, argv);
    files(); // generated before any timing
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
