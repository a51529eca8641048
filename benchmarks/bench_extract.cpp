// Extraction speed on news articles of the sample's size (and BM_ImportCommand, the command itself): the pure pipeline (ArticleParser::parse
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

#include "cli.h"

#include <benchmark/benchmark.h>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <cstdio>
#include <fcntl.h>
#include <unistd.h>

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
        importer.setLimits({int(state.range(0)), 3600 * 1000, 3600 * 1000}); // by count only, whatever the machine's load
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

// `mapline import --db NEW FOLDER` itself, as a user runs it (cli::run, in this process): files
// listed, read and decoded, sidecars looked up, a progress line printed per file (to /dev/null
// here), the extraction resources loaded, batches committed with their fusion. The folder holds
// state.range(0) distinct copies of the gold articles with their sidecars. What one iteration
// costs divided by the files is the figure to compare with `/usr/bin/time mapline import`
// (docs/PERFORMANCE.md): the other benchmarks leave out the files, the start-up and the output.
// `again`: the same folder imported again into the database that holds it already (every file
// unchanged: BM_ReimportCommand, what a re-imported folder costs; its events are not extracted).
void importCommand(benchmark::State &state, bool again)
{
    const QList<Sample> &samples = corpus();
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("articles"));
    QDir().mkpath(folder);
    const QDir gold(QStringLiteral(MAPLINE_TEST_DATA "/gold"));
    const QStringList names = gold.entryList({QStringLiteral("*.txt")}, QDir::Files, QDir::Name);
    const int files = int(state.range(0));
    for (int i = 0; i < files; ++i) {
        const QString name = names[i % names.size()];
        QString text = samples[i % samples.size()].text;
        const qsizetype dot = text.indexOf(QStringLiteral(". "), text.size() / 4);
        text.insert(dot < 0 ? text.size() : dot, QStringLiteral(" (copy %1)").arg(i));
        const QString out = QStringLiteral("%1/%2-%3").arg(folder).arg(i, 5, 10, QLatin1Char('0')).arg(name);
        QFile f(out);
        if (!f.open(QIODevice::WriteOnly) || f.write(text.toUtf8()) < 0) {
            state.SkipWithError("cannot write the articles");
            return;
        }
        QFile::copy(gold.filePath(name + QStringLiteral(".meta")), out + QStringLiteral(".meta"));
    }
    const auto import = [&](const QString &db) {
        std::fflush(stdout);
        const int saved = dup(STDOUT_FILENO);
        const int devnull = open("/dev/null", O_WRONLY);
        dup2(devnull, STDOUT_FILENO);
        const int code = cli::run({QStringLiteral("mapline"), QStringLiteral("import"), QStringLiteral("--db"), db, folder});
        std::fflush(stdout);
        dup2(saved, STDOUT_FILENO);
        close(saved);
        close(devnull);
        return code;
    };
    const QString stored = dir.filePath(QStringLiteral("stored.sqlite"));
    if (again && import(stored) != 0) {
        state.SkipWithError("mapline import failed");
        return;
    }
    int run = 0;
    for (auto _ : state) {
        // Unchanged files write nothing: the same database serves every run.
        if (import(again ? stored : dir.filePath(QStringLiteral("import-%1.sqlite").arg(run++))) != 0) {
            state.SkipWithError("mapline import failed");
            return;
        }
    }
    state.SetItemsProcessed(state.iterations() * files);
}

void BM_ImportCommand(benchmark::State &state)
{
    importCommand(state, false);
}

void BM_ReimportCommand(benchmark::State &state)
{
    importCommand(state, true);
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
// Argument: the files in the folder. Each iteration is a whole command into a new database, but
// the extraction resources are loaded once per process (ExtractionResources::shared), here by the
// benchmarks before: add BM_LoadResources for a whole process.
BENCHMARK(BM_ImportCommand)->Unit(benchmark::kMillisecond)->Arg(1000)->Iterations(3);
BENCHMARK(BM_ReimportCommand)->Unit(benchmark::kMillisecond)->Arg(1000)->Iterations(3);

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv); // the Qt SQL driver needs an application object
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
