// Extraction speed on news articles of the sample's size: the pure pipeline (ArticleParser::parse
// on in-memory text: cleaning, sentences, times, places, actors, events) on one core, and import
// into a temporary SQLite event store (parse + ArticleImporter's batches, as `mapline import`
// does it minus reading the file; and one transaction per article, for comparison). The corpus is the gold articles of
// tests/data/gold/, cycled; each stored copy gets a distinct number in its text so that none is a duplicate.
// Targets (issue 3): >= 2,000 articles/s pure (aim 10,000), >= 1,000 articles/s with the store.
// Figures: docs/PERFORMANCE.md and docs/EXTRACTION.md.
#include "extract/articleparser.h"
#include "extract/extractionresources.h"
#include "extract/textdecoder.h"
#include "store/articleimporter.h"
#include "store/eventstore.h"

#include <benchmark/benchmark.h>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>

using namespace mapline;

namespace {

struct Sample {
    QString text;
    ArticleMeta meta;
};

const QList<Sample> &corpus()
{
    static const QList<Sample> samples = [] {
        qputenv("MAPLINE_RESOURCES", MAPLINE_SOURCE_RESOURCES_DIR);
        QList<Sample> out;
        const QDir dir(QStringLiteral(MAPLINE_TEST_DATA "/gold"));
        for (const QString &name : dir.entryList({QStringLiteral("*.txt")}, QDir::Files, QDir::Name)) {
            QFile f(dir.filePath(name));
            if (!f.open(QIODevice::ReadOnly))
                continue;
            Sample s;
            s.text = decodeText(f.readAll()).text;
            QFile meta(dir.filePath(name) + QStringLiteral(".meta"));
            if (meta.open(QIODevice::ReadOnly))
                for (const QByteArray &line : meta.readAll().split('\n'))
                    if (line.startsWith("published:"))
                        s.meta.published = QDate::fromString(QString::fromUtf8(line.mid(10).trimmed()), Qt::ISODate);
            out.append(s);
        }
        if (out.isEmpty())
            qFatal("no articles in %s", MAPLINE_TEST_DATA "/gold");
        return out;
    }();
    return samples;
}

void BM_ExtractPure(benchmark::State &state)
{
    const QList<Sample> &samples = corpus();
    ExtractionResources::shared(); // loading the lexicons and gazetteer is start-up, not per article
    const ArticleParser parser;
    qint64 i = 0, events = 0, bytes = 0;
    for (auto _ : state) {
        const Sample &s = samples[i++ % samples.size()];
        ParsedArticle parsed = parser.parse(s.text, s.meta);
        events += parsed.events.size();
        bytes += s.text.size();
        benchmark::DoNotOptimize(parsed);
    }
    state.SetItemsProcessed(i);
    state.SetBytesProcessed(bytes * 2);
    state.counters["events/article"] = double(events) / double(std::max<qint64>(1, i));
}

// Parse + store, `batched`: through ArticleImporter's batches (a savepoint per article, a commit
// every 64 articles or 250 ms), as `mapline import` and the viewer do; else one transaction per
// article (EventStore::importArticle alone), as before the batches, for comparison.
void extractWithStore(benchmark::State &state, bool batched)
{
    const QList<Sample> &samples = corpus();
    ExtractionResources::shared();
    QTemporaryDir dir;
    auto store = EventStore::open(dir.filePath(QStringLiteral("bench.sqlite")));
    if (!store) {
        state.SkipWithError(qPrintable(store.error()));
        return;
    }
    ArticleImporter importer(*store.value(), {});
    if (state.range(0) > 0)
        importer.setLimits({int(state.range(0)), 3600 * 1000}); // by count only, whatever the machine's load
    const ArticleParser parser;
    qint64 i = 0, failed = 0, imported = 0;
    auto count = [&](const QList<ArticleImporter::FileResult> &results) {
        for (const auto &r : results) {
            if (r.status == ArticleImporter::FileResult::Status::Imported)
                ++imported;
            else if (failed++ == 0)
                state.SkipWithError(qPrintable(r.error.isEmpty() ? QStringLiteral("duplicate") : r.error));
        }
    };
    for (auto _ : state) {
        const Sample &s = samples[i % samples.size()];
        // A distinct story each time: a number inside the first sentence of the body (a line of
        // its own would be dropped as page furniture before the content hash is taken).
        QString text = s.text;
        const qsizetype dot = text.indexOf(QStringLiteral(". "), text.size() / 4);
        text.insert(dot < 0 ? text.size() : dot, QStringLiteral(" (copy %1)").arg(i));
        ++i;
        const ParsedArticle parsed = parser.parse(text, s.meta);
        if (batched) {
            count(importer.add(parsed, QStringLiteral("copy %1").arg(i)));
        } else {
            const auto outcome = store.value()->importArticle(parsed);
            if ((!outcome || outcome->duplicate) && failed++ == 0)
                state.SkipWithError(qPrintable(outcome ? QStringLiteral("duplicate") : outcome.error()));
        }
    }
    count(importer.flush()); // the last commit is part of the work
    state.SetItemsProcessed(i);
    state.counters["failed"] = double(failed);
}

void BM_ExtractWithStore(benchmark::State &state)
{
    extractWithStore(state, true);
}

void BM_ExtractWithStore_TransactionPerArticle(benchmark::State &state)
{
    extractWithStore(state, false);
}

// The one-off cost of loading the gazetteer and lexicons, paid once per process.
void BM_LoadResources(benchmark::State &state)
{
    corpus();
    for (auto _ : state) {
        auto r = ExtractionResources::load(ExtractionResourceFiles::fromResources());
        benchmark::DoNotOptimize(r);
    }
}

} // namespace

BENCHMARK(BM_ExtractPure)->Unit(benchmark::kMicrosecond)->MinTime(2.0);
// Argument: 0 for the importer's own limits (64 articles or 250 ms), else articles per batch.
BENCHMARK(BM_ExtractWithStore)->Unit(benchmark::kMicrosecond)->MinTime(2.0)->Arg(0)->Arg(16)->Arg(64)->Arg(500);
BENCHMARK(BM_ExtractWithStore_TransactionPerArticle)->Unit(benchmark::kMicrosecond)->MinTime(2.0)->Arg(0);
BENCHMARK(BM_LoadResources)->Unit(benchmark::kMillisecond)->Iterations(3);

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv); // the Qt SQL driver needs an application object
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
