// The fusion's speed (issue 13; docs/PERFORMANCE.md, "Fusion") on its worst case: a synthetic
// GDELT 1.0 file whose every row is in Afghanistan, dense in six towns and one year, with the
// codings of the fusion test set (the same design as benchmarks/gen_gdelt_fusion.py, which makes
// the files the `mapline import` process is measured on).
//
// - BM_ImportGdelt1Fused: importing 100,000 such rows into a fresh database, fused as they come;
// - BM_Refuse: fusing again a whole database of 1,000,000 such events (EventStore::refuse(): what
//   a database fused by older rules gets when it is opened for writing, and the migration that
//   brings happenings to an older database), once with its happenings as stored (the same rules:
//   nothing changes) and once with the events' happenings cleared (every one written anew);
// - BM_FuserOnly: the HappeningFuser alone over the same 1,000,000 reports, in memory (what the
//   rules cost without the database).
//
// The files and the 1,000,000-event database are made once, when first needed, before any timing
// (a few minutes). MAPLINE_BENCH_FUSION_DATABASE=FILE has BM_Refuse re-fuse a copy of FILE instead
// (the database `mapline import` made of gen_gdelt_fusion.py's file: docs/PERFORMANCE.md).
#include "event.h"
#include "fusion/fusionreports.h"
#include "fusion/happeningfuser.h"
#include "interop/datasetimporter.h"
#include "store/eventstore.h"

#include <benchmark/benchmark.h>

#include <QCoreApplication>
#include <QDate>
#include <QFile>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>

using namespace mapline;

namespace {

constexpr int kImportRows = 100'000;
constexpr int kDatabaseEvents = 1'000'000;

struct Town {
    const char *fullName, *adm1;
    double lat, lon;
    const char *feature;
};
const Town kTowns[] = {
    {"Kunduz, Kondoz, Afghanistan", "AF24", 36.728, 68.868, "-3388128"},
    {"Mazar-e Sharif, Balkh, Afghanistan", "AF30", 36.7069, 67.1122, "-3378435"},
    {"Kandahar, Kandahar, Afghanistan", "AF23", 31.6133, 65.7101, "-3378090"},
    {"Sarobi, Kabol, Afghanistan", "AF13", 34.5896, 69.7601, "-3373501"},
    {"Kabul, Kabol, Afghanistan", "AF13", 34.5167, 69.1833, "-3369157"},
    {"Herat, Herat, Afghanistan", "AF11", 34.3482, 62.1997, "-3376762"},
};
// Actor 1, actor 2 (code, name, country), event code, base code, root code, Goldstein: the fusion
// test set's GDELT codings.
const char *const kCodings[][10] = {
    {"AFGREB", "NORTHERN ALLIANCE", "AFG", "AFGINSTAL", "TALIBAN", "AFG", "192", "192", "19", "-10"},
    {"AFG", "AFGHANISTAN", "AFG", "AFGINSTAL", "TALIBAN", "AFG", "190", "190", "19", "-10"},
    {"USA", "UNITED STATES", "USA", "AFGINSTAL", "TALIBAN", "AFG", "195", "195", "19", "-10"},
    {"AFGINSTAL", "TALIBAN", "AFG", "AFGREB", "NORTHERN ALLIANCE", "AFG", "190", "190", "19", "-10"},
    {"", "", "", "CVL", "JOURNALIST", "", "1823", "182", "18", "-10"},
    {"AFGINSTAL", "TALIBAN", "AFG", "", "", "", "0874", "087", "08", "-2"},
    {"AFG", "AFGHANISTAN", "AFG", "AFGINSTAL", "TALIBAN", "AFG", "192", "192", "19", "-10"},
    {"AFGINSTAL", "TALIBAN", "AFG", "AFGGOV", "AFGHANISTAN", "AFG", "057", "057", "05", "8"},
    {"USA", "UNITED STATES", "USA", "AFGINSTAL", "TALIBAN", "AFG", "190", "190", "19", "-10"},
};

// One GDELT 1.0 row (57 tab-separated columns).
void appendRow(QByteArray &out, int i, QRandomGenerator &rng)
{
    const QDate day = QDate(2001, 1, 1).addDays(rng.bounded(365));
    const auto &c = kCodings[rng.bounded(int(std::size(kCodings)))];
    const bool country = rng.bounded(100) < 2;
    const Town &t = kTowns[rng.bounded(int(std::size(kTowns)))];
    const double lat = country ? 33.0 : t.lat + rng.bounded(0.6) - 0.3;
    const double lon = country ? 65.0 : t.lon + rng.bounded(0.6) - 0.3;
    const QByteArray date = day.toString(QStringLiteral("yyyyMMdd")).toLatin1();
    QByteArrayList f;
    f << QByteArray::number(300000000 + i) << date << date.left(6) << date.left(4)
      << QByteArray::number(day.year() + (day.dayOfYear() - 1) / 365.0, 'f', 4);
    for (int a = 0; a < 2; ++a) {
        f << c[a * 3] << c[a * 3 + 1] << c[a * 3 + 2];
        for (int k = 0; k < 7; ++k)
            f << QByteArray();
    }
    f << "1" << c[6] << c[7] << c[8] << "4" << c[9] << "6" << "2" << "6" << "-4.2";
    for (int block = 0; block < 3; ++block) {
        if (country)
            f << "1" << "Afghanistan" << "AF" << "AF" << "33.0000" << "65.0000" << "AF";
        else
            f << "4" << t.fullName << "AF" << t.adm1 << QByteArray::number(lat, 'f', 4) << QByteArray::number(lon, 'f', 4)
              << t.feature;
    }
    f << "20130203";
    out += f.join('\t');
    out += '\n';
}

QString writeFile(const QString &path, int rows)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    QRandomGenerator rng(13);
    QByteArray chunk;
    for (int i = 0; i < rows; ++i) {
        appendRow(chunk, i, rng);
        if (chunk.size() > (4 << 20)) {
            file.write(chunk);
            chunk.clear();
        }
    }
    file.write(chunk);
    return path;
}

QTemporaryDir &scratch()
{
    static QTemporaryDir dir;
    return dir;
}

// kImportRows rows.
const QString &smallFile()
{
    static const QString path = writeFile(scratch().filePath(QStringLiteral("small.export.CSV")), kImportRows);
    return path;
}

struct Fixture {
    QTemporaryDir &dir = scratch();
    QString database; // kDatabaseEvents events, fused
    QString error;

    Fixture()
    {
        const QString large = writeFile(dir.filePath(QStringLiteral("large.export.CSV")), kDatabaseEvents);
        database = dir.filePath(QStringLiteral("large.sqlite"));
        auto store = EventStore::open(database);
        if (!store) {
            error = store.error();
            return;
        }
        const auto r = DatasetImporter(*store.value(), true).importFile(large);
        if (r.status != DatasetImporter::FileResult::Status::Imported)
            error = r.error;
        // Fused once in the canonical order (an import fuses in the file's): what a re-fusion by
        // the same rules then finds.
        else if (Status s = store.value()->refuse(); !s)
            error = s.error();
        QFile::remove(large);
    }
};

Fixture &fixture()
{
    static Fixture f;
    return f;
}

void BM_ImportGdelt1Fused(benchmark::State &state)
{
    const QString file = smallFile(); // made before any timing
    qint64 rows = 0;
    int run = 0;
    for (auto _ : state) {
        state.PauseTiming();
        QTemporaryDir dir;
        auto store = EventStore::open(dir.filePath(QStringLiteral("import-%1.sqlite").arg(run++)));
        if (!store) {
            state.SkipWithError(qPrintable(store.error()));
            return;
        }
        state.ResumeTiming();
        const auto r = DatasetImporter(*store.value(), true).importFile(file);
        if (r.status != DatasetImporter::FileResult::Status::Imported) {
            state.SkipWithError(qPrintable(r.error));
            return;
        }
        rows = r.rows;
        state.PauseTiming();
        store.value().reset();
        state.ResumeTiming();
    }
    state.counters["rows"] = double(rows);
    state.counters["rows/s"] = benchmark::Counter(double(rows) * state.iterations(), benchmark::Counter::kIsRate);
}

// Clears every event's happening and every happening row: the re-fusion then writes them all,
// as the migration does on a database that had none.
bool clearHappenings(const QString &path, QString *error)
{
    const QString name = QStringLiteral("bench-clear");
    bool ok = true;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        ok = db.open();
        QSqlQuery q(db);
        for (const char *sql : {"BEGIN", "UPDATE events SET happening_id = NULL", "DELETE FROM happenings", "COMMIT"})
            if (ok && !q.exec(QString::fromLatin1(sql))) {
                ok = false;
                *error = q.lastError().text();
            }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

// MAPLINE_BENCH_FUSION_DATABASE names a database to re-fuse instead of the fixture's (such as the
// 1,000,000-row import of benchmarks/gen_gdelt_fusion.py's file, fused in the file's order, as
// `mapline import` leaves it): each run re-fuses a fresh copy of it (made before the timing), so
// every run finds the rows an import's order left, not those of the run before.
QString givenDatabase()
{
    return qEnvironmentVariable("MAPLINE_BENCH_FUSION_DATABASE");
}

bool copyGiven(const QString &to, QString *error)
{
    for (const char *suffix : {"", "-wal", "-shm"})
        QFile::remove(to + QLatin1String(suffix));
    if (QFile::copy(givenDatabase(), to))
        return true;
    *error = QStringLiteral("cannot copy %1 to %2").arg(givenDatabase(), to);
    return false;
}

void BM_Refuse(benchmark::State &state)
{
    const bool cleared = state.range(0) != 0;
    const bool given = !givenDatabase().isEmpty();
    if (!given && !fixture().error.isEmpty()) {
        state.SkipWithError(qPrintable(fixture().error));
        return;
    }
    const QString database = given ? scratch().filePath(QStringLiteral("given.sqlite")) : fixture().database;
    qint64 happenings = 0;
    for (auto _ : state) {
        state.PauseTiming();
        QString error;
        if (given && !copyGiven(database, &error)) {
            state.SkipWithError(qPrintable(error));
            return;
        }
        if (cleared && !clearHappenings(database, &error)) {
            state.SkipWithError(qPrintable(error));
            return;
        }
        auto store = EventStore::open(database);
        if (!store) {
            state.SkipWithError(qPrintable(store.error()));
            return;
        }
        state.ResumeTiming();
        if (Status s = store.value()->refuse(&happenings); !s) {
            state.SkipWithError(qPrintable(s.error()));
            return;
        }
        state.PauseTiming();
        store.value().reset();
        state.ResumeTiming();
    }
    state.counters["events"] = double(kDatabaseEvents);
    state.counters["happenings"] = double(happenings);
    state.counters["events/s"] =
        benchmark::Counter(double(kDatabaseEvents) * state.iterations(), benchmark::Counter::kIsRate);
}

// The rules alone: the reports of the 1,000,000-event database, read once, fused in memory.
void BM_FuserOnly(benchmark::State &state)
{
    static std::vector<FusionReports::Input> inputs = [] {
        std::vector<FusionReports::Input> out;
        QRandomGenerator rng(13);
        out.reserve(kDatabaseEvents);
        for (int i = 0; i < kDatabaseEvents; ++i) {
            QByteArray row;
            appendRow(row, i, rng);
            const QList<QByteArray> f = row.trimmed().split('\t');
            FusionReports::Input in;
            in.eventId = i + 1;
            const QDate day = QDate::fromString(QString::fromLatin1(f[1]), QStringLiteral("yyyyMMdd"));
            in.time = TimeRange::day(day);
            const bool country = f[35] == "1";
            in.geo = country ? GeoPrecision::Country : GeoPrecision::City;
            in.place = QString::fromLatin1(f[36]).section(QLatin1Char(','), 0, 0);
            in.positioned = true;
            in.lat = f[39].toDouble();
            in.lon = f[40].toDouble();
            in.country = QStringLiteral("Afghanistan");
            in.type = f[26].startsWith("19") || f[26].startsWith("18") ? QStringLiteral("armed_clash")
                                                                        : QStringLiteral("statement");
            in.cameoCode = QString::fromLatin1(f[26]);
            for (int a : {6, 16})
                if (!f[a].isEmpty())
                    in.actors << FusionReports::Input::Actor{QString::fromLatin1(f[a]), {}, false};
            in.publishers = {QStringLiteral("GDELT")};
            in.confidence = 0.5;
            out.push_back(std::move(in));
        }
        return out;
    }();
    qint64 happenings = 0;
    for (auto _ : state) {
        FusionReports reports;
        reports.reserve(inputs.size());
        std::vector<int> all;
        all.reserve(inputs.size());
        for (const FusionReports::Input &in : inputs)
            all.push_back(reports.add(in));
        HappeningFuser fuser(reports);
        fuser.addAll(std::move(all));
        happenings = qint64(fuser.roots().size());
        benchmark::DoNotOptimize(happenings);
    }
    state.counters["happenings"] = double(happenings);
    state.counters["reports/s"] =
        benchmark::Counter(double(kDatabaseEvents) * state.iterations(), benchmark::Counter::kIsRate);
}

} // namespace

BENCHMARK(BM_ImportGdelt1Fused)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_Refuse)->Arg(0)->Arg(1)->ArgName("cleared")->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_FuserOnly)->Unit(benchmark::kMillisecond)->Iterations(3);

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv); // the Qt SQL driver needs an application object
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
