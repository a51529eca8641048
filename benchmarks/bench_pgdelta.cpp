// The viewer's refresh of a PostgreSQL store's index (pg::loadEventIndexDelta) against streaming
// every event again (pg::loadEventIndex), on a store someone else writes between the steps: ten
// articles imported, then a dataset file. Each step runs once, in order, on one connection
// (a viewer's): the full stream, a refresh with nothing changed, a refresh after the articles,
// one after the dataset. The store and the inputs are given (docs/PERFORMANCE.md says how the
// figures were taken):
//   MAPLINE_BENCH_PG_URL    the store (say 1,000,000 GDELT rows imported by `mapline import`)
//   MAPLINE_BENCH_MAPLINE   the mapline executable that imports between the steps
//   MAPLINE_BENCH_ARTICLES  a folder of articles new to the store
//   MAPLINE_BENCH_DATASET   a dataset file new to the store
// Wall time (real) and the client's CPU time; the server's share is the difference.
#include "index/eventindexloader.h"
#include "store/pg/pgeventreader.h"
#include "store/pg/pgindexdelta.h"
#include "store/pg/pgindexloader.h"

#include <benchmark/benchmark.h>

#include <QCoreApplication>
#include <QProcess>

#include <cstdio>

using namespace mapline;

namespace {

struct Viewer {
    std::unique_ptr<pg::PgEventReader> reader;
    std::shared_ptr<const EventIndex> index;
    pg::PgIndexPosition position;
};
Viewer &viewer()
{
    static Viewer v;
    return v;
}

IndexLoadOptions options()
{
    IndexLoadOptions o = IndexLoadOptions::withGazetteer();
    o.persistent = false;
    return o;
}

bool importing(const char *variable, benchmark::State &state)
{
    const QString input = qEnvironmentVariable(variable);
    if (input.isEmpty()) {
        state.SkipWithError("an input is not set");
        return false;
    }
    const int code = QProcess::execute(qEnvironmentVariable("MAPLINE_BENCH_MAPLINE"),
                                       {QStringLiteral("import"), QStringLiteral("--db"),
                                        qEnvironmentVariable("MAPLINE_BENCH_PG_URL"), input});
    if (code < 0 || code > 1) {
        state.SkipWithError("the import failed");
        return false;
    }
    return true;
}

void BM_PgFullStream(benchmark::State &state)
{
    Viewer &v = viewer();
    auto reader = pg::PgEventReader::open(qEnvironmentVariable("MAPLINE_BENCH_PG_URL"));
    if (!reader) {
        fprintf(stderr, "%s\n", qPrintable(reader.error()));
        state.SkipWithError("cannot open the store");
        return;
    }
    v.reader = std::move(reader).value();
    for (auto _ : state) {
        auto index = pg::loadEventIndex(v.reader->connection(), options(), nullptr, &v.position);
        if (!index) {
            fprintf(stderr, "%s\n", qPrintable(index.error()));
            state.SkipWithError("the full load failed");
            return;
        }
        v.index = std::move(index).value();
    }
    state.counters["events"] = double(v.index->size());
}

// The delta after `variable`'s input was imported by another process (not timed).
void delta(benchmark::State &state, const char *variable)
{
    Viewer &v = viewer();
    if (!v.index) {
        state.SkipWithError("no full load to start from");
        return;
    }
    if (variable && !importing(variable, state))
        return;
    pg::PgIndexDelta d;
    for (auto _ : state) {
        auto r = pg::loadEventIndexDelta(v.reader->connection(), v.index, v.position, options());
        if (!r || r->outcome == pg::PgIndexDelta::Outcome::NeedsFullLoad) {
            fprintf(stderr, "%s\n", r ? qPrintable(r->why) : qPrintable(r.error()));
            state.SkipWithError("no delta");
            return;
        }
        d = std::move(r).value();
    }
    v.index = d.index;
    v.position = d.position;
    state.counters["events"] = double(v.index->size());
    state.counters["rows_read"] = double(d.eventRows);
    state.counters["ranges"] = double(d.ranges);
}

void BM_PgDeltaNothingChanged(benchmark::State &state) { delta(state, nullptr); }
void BM_PgDeltaAfterArticles(benchmark::State &state) { delta(state, "MAPLINE_BENCH_ARTICLES"); }
void BM_PgDeltaAfterDataset(benchmark::State &state) { delta(state, "MAPLINE_BENCH_DATASET"); }

} // namespace

BENCHMARK(BM_PgFullStream)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_PgDeltaNothingChanged)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_PgDeltaAfterArticles)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_PgDeltaAfterDataset)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    if (qEnvironmentVariable("MAPLINE_BENCH_PG_URL").isEmpty()) {
        fprintf(stderr, "bench_pgdelta: set MAPLINE_BENCH_PG_URL (and the other inputs, see the source)\n");
        return 2;
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
