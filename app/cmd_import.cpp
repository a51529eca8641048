// mapline import: article files and folders into the event store; dataset files (GDELT, ACLED,
// Mapline exports) and GeoNames dumps too, told apart from articles by their first bytes.
#include "commands.h"

#include "commandsupport.h"
#include "pgimportsession.h"
#include "interop/datasetimporter.h"
#include "interop/usergazetteer.h"
#include "io/displaypath.h"
#include "io/folderscan.h"
#include "index/eventindexloader.h"
#include "store/articleimporter.h"
#include "store/eventstore.h"
#include "store/pg/pgarticleimporter.h"
#include "store/pg/pgcheck.h"
#include "store/pg/pgconnection.h"
#include "store/pg/pgindexcopy.h"
#include "store/pg/pgschema.h"

#include <QTextStream>

#include <cstdio>
#include <functional>
#include <limits>
#include <vector>
#include <unistd.h>

namespace mapline::cli {
namespace {

// " (2 of them discarded by an analyst)" after "N rows already in the database", where some were.
QString discardedNote(const DatasetImporter::FileResult &r)
{
    if (r.discarded <= 0)
        return {};
    return r.discarded == r.alreadyPresent && r.discarded == 1 ? QStringLiteral(" (discarded by an analyst)")
           : r.discarded == r.alreadyPresent ? QStringLiteral(" (all discarded by an analyst)")
                                             : QStringLiteral(" (%1 of them discarded by an analyst)").arg(r.discarded);
}

// The dataset side of `mapline import`: each GDELT, ACLED or Mapline-export file is stored whole in
// one transaction (DatasetImporter), each GeoNames dump extends gazetteer-user.tsv beside the
// database (UserGazetteer). Bad rows are listed by line on stderr and make the exit code 1.
class DatasetFiles {
public:
    DatasetFiles(EventStore &store, bool keepOutside, QTextStream &out, QTextStream &err)
        : mStore(&store)
        , mDatabase(displayPath(store.path()))
        , mKeepOutside(keepOutside)
        , mImporter(store, keepOutside)
        , mOut(out)
        , mErr(err)
    {
    }
    // Into a PostgreSQL store (`database` its URL): datasets through `target`; GeoNames dumps,
    // which extend a file beside a SQLite store, are refused.
    DatasetFiles(DatasetImporter::Target target, const QString &database, bool keepOutside, QTextStream &out,
                 QTextStream &err)
        : mDatabase(database)
        , mKeepOutside(keepOutside)
        , mImporter(std::move(target), keepOutside)
        , mOut(out)
        , mErr(err)
    {
    }

    // Imports `input` when it is a dataset or a GeoNames dump and returns true; false leaves it
    // to the article importer, with what detection read kept in `input` to be read again.
    // `named`: the user named the file (not found in a folder), so a data file Mapline cannot
    // read is a failure rather than a note.
    bool import(InputFile &input, bool named)
    {
        const QString file = input.path();
        const DatasetFormat::Kind kind = DatasetFormat::detect(input);
        if (!input.error().isEmpty()) {
            fail(input.error(), {file});
            return true;
        }
        if (kind == DatasetFormat::Kind::GeoNames && !mStore) {
            fail(QStringLiteral("%1: not imported: a GeoNames dump extends the gazetteer beside a SQLite store; a "
                                "PostgreSQL store has none yet")
                     .arg(file),
                 {file});
            return true;
        }
        if (kind == DatasetFormat::Kind::GeoNames) {
            importGazetteer(std::move(input));
            return true;
        }
        if (!DatasetFormat::isEventDataset(kind)) {
            if (kind == DatasetFormat::Kind::Unknown && !DatasetFormat::hasDataExtension(file))
                return false; // an article
            const DatasetImporter::FileResult r = mImporter.importFile(std::move(input), kind);
            if (named)
                fail(r.error, {file});
            else
                mErr << "skipped    " << messageLine(r.error, {file}) << Qt::endl;
            return true;
        }
        const DatasetImporter::FileResult r = mImporter.importFile(std::move(input), kind, progress(file));
        endProgress();
        using S = DatasetImporter::FileResult::Status;
        switch (r.status) {
        case S::Imported:
            ++mImported;
            mEvents += r.events;
            mOutside += r.outside;
            mSkipped += r.skipped;
            mOut << "imported   " << displayPath(file) << " (" << r.label << ": " << counted(r.rows, "row", "rows")
                 << ", " << counted(r.events, "event", "events");
            if (r.outside > 0)
                mOut << ", " << r.outside << " outside the area of interest left out";
            if (r.skipped > 0)
                mOut << ", " << counted(r.skipped, "bad row", "bad rows") << " skipped";
            if (r.alreadyPresent > 0)
                mOut << ", " << counted(r.alreadyPresent, "row", "rows") << " already in the database" << discardedNote(r);
            mOut << "; dataset " << r.datasetId << ")" << Qt::endl;
            break;
        case S::Duplicate:
            ++mDuplicates;
            if (r.datasetId > 0)
                mOut << "unchanged  " << displayPath(file) << " (already in the database as dataset " << r.datasetId
                     << ")" << Qt::endl;
            else
                mOut << "unchanged  " << displayPath(file) << " (" << r.label << ": "
                     << counted(r.alreadyPresent, "row", "rows") << " already in the database" << discardedNote(r) << ", nothing new)"
                     << Qt::endl;
            break;
        case S::Cancelled:
        case S::Failed: fail(r.error, {file}); break;
        }
        for (const DatasetImporter::Issue &issue : r.issues)
            mErr << "bad row    " << displayPath(file) << ":" << issue.line << ": "
                 << messageLine(issue.message, {file}) << Qt::endl;
        if (r.skipped > r.issues.size())
            mErr << "bad row    " << displayPath(file) << ": "
                 << counted(r.skipped - r.issues.size(), "more bad row", "more bad rows") << " not listed" << Qt::endl;
        return true;
    }

    // A data file that could not be read or imported: its line on stderr, and exit code 1.
    void fail(const QString &error, const QStringList &files)
    {
        mErr << "failed     " << messageLine(error, files) << Qt::endl;
        ++mFailed;
    }

    bool any() const { return mImported + mDuplicates + mFailed + mGazetteers > 0; }
    int imported() const { return mImported; }
    bool failed() const { return mFailed > 0 || mSkipped > 0; }

    void printSummary() const
    {
        if (mImported + mDuplicates + mFailed > 0) {
            mOut << counted(mImported, "dataset", "datasets") << " imported, " << mDuplicates << " unchanged, "
                 << mFailed << " failed; " << counted(mEvents, "event", "events");
            if (mOutside > 0)
                mOut << " (" << counted(mOutside, "row", "rows")
                     << " outside the area of interest left out; --keep-outside keeps them)";
            if (mSkipped > 0)
                mOut << "; " << counted(mSkipped, "bad row", "bad rows") << " skipped";
            mOut << "; database " << mDatabase << Qt::endl;
        }
    }

private:
    void importGazetteer(InputFile dump)
    {
        const QString file = dump.path();
        QStringList area;
        if (!mKeepOutside) {
            const Result<QString> setting = mStore->setting(QStringLiteral("area_of_interest"));
            if (setting.ok())
                area = setting->toUpper().split(QLatin1Char(','), Qt::SkipEmptyParts);
        }
        const QString target = UserGazetteer::pathFor(mStore->path());
        const auto r = UserGazetteer::importGeoNames(std::move(dump), target, area, progress(file));
        endProgress();
        ++mGazetteers;
        if (!r) {
            fail(r.error(), {file, target});
            return;
        }
        mSkipped += r->skipped;
        mOut << "gazetteer  " << displayPath(file) << " (GeoNames dump: " << counted(r->written, "place", "places")
             << " written to " << displayPath(r->path);
        if (r->kept > 0)
            mOut << ", " << r->kept << " kept from before";
        if (r->outside > 0)
            mOut << "; " << r->outside << " outside the area of interest left out";
        if (r->ignored > 0)
            mOut << "; " << r->ignored << " historical or abandoned features left out";
        mOut << ")" << Qt::endl;
        for (const UserGazetteer::Issue &issue : r->issues)
            mErr << "bad row    " << displayPath(file) << ":" << issue.line << ": "
                 << messageLine(issue.message, {file}) << Qt::endl;
    }

    // A percentage on stderr while a big file imports, when stderr is a terminal.
    std::function<bool(qint64, qint64)> progress(const QString &file)
    {
        if (!isatty(fileno(stderr)))
            return {};
        mShowing = true;
        return [this, name = displayPath(file.mid(file.lastIndexOf(QLatin1Char('/')) + 1))](qint64 done,
                                                                                              qint64 total) {
            if (total > 0)
                mErr << "\rimporting  " << name << " " << (done * 100 / total) << "%" << Qt::flush;
            return true;
        };
    }
    void endProgress()
    {
        if (mShowing)
            mErr << "\r\x1b[K" << Qt::flush;
        mShowing = false;
    }

    EventStore *mStore = nullptr; // null for a PostgreSQL store
    QString mDatabase;            // as the summary names it
    bool mKeepOutside;
    DatasetImporter mImporter;
    QTextStream &mOut;
    QTextStream &mErr;
    int mImported = 0, mDuplicates = 0, mFailed = 0, mGazetteers = 0;
    qint64 mEvents = 0, mOutside = 0, mSkipped = 0;
    bool mShowing = false;
};

// Each article's line (stdout; a failure and the warnings on stderr), counted in `summary`.
void reportArticles(const QList<ArticleImporter::FileResult> &results, ArticleImporter::Summary &summary,
                    QTextStream &out, QTextStream &err)
{
    for (const ArticleImporter::FileResult &r : results) {
        summary.add(r);
        const QString name = displayPath(r.path);
        using S = ArticleImporter::FileResult::Status;
        switch (r.status) {
        case S::Imported:
            out << "imported   " << name << " (" << counted(r.sentences, "sentence", "sentences") << ", "
                << counted(r.events, "event", "events");
            if (r.outsideArea > 0)
                out << ", " << r.outsideArea << " outside the area of interest left out";
            if (r.corrections > 0)
                out << ", " << r.corrections << " of your corrections applied again";
            out << ")" << Qt::endl;
            break;
        case S::Duplicate:
            out << "unchanged  " << name << " (already in the database as article " << r.articleId << ")" << Qt::endl;
            break;
        case S::Redated:
            out << "dated      " << name << " (" << counted(r.reResolved, "event", "events") << " re-resolved)"
                << Qt::endl;
            break;
        case S::Failed:
            err << "failed     " << messageLine(r.error, {r.path}) << Qt::endl;
            break;
        }
        for (const QString &w : r.warnings)
            err << "warning    " << name << ": " << messageLine(w, {r.path}) << Qt::endl;
    }
}

void printArticleSummary(const ArticleImporter::Summary &summary, const QString &database, QTextStream &out)
{
    out << counted(summary.imported, "article", "articles") << " imported, " << summary.duplicates << " unchanged, ";
    if (summary.redated > 0)
        out << summary.redated << " dated, ";
    out << summary.failed << " failed; " << counted(summary.events, "event", "events");
    if (summary.outsideArea > 0)
        out << " (" << summary.outsideArea << " outside the area of interest left out; --keep-outside keeps them)";
    out << "; database " << database << Qt::endl;
}

// An article file the scan found. It is opened again when its batch comes, unless it is a pipe or a
// device, which is kept open (read once).
struct ArticleInput {
    QString path;
    InputFile stream; // open for a file that is not regular
};

// Every file named, every file found in the folders named (articles and data files), and every
// path that could not be used.
FolderScan scanInputs(const QStringList &paths)
{
    return FolderScan::scan(paths, [](const QString &name) {
        return isArticleFileName(name) || DatasetFormat::hasDataExtension(name);
    });
}

// Imports the scan's data files as they come (so both stores number the rows alike) and returns
// its article files, to be imported after them; a file that cannot be opened is reported by name.
std::vector<ArticleInput> importDatasetsFirst(const FolderScan &scan, DatasetFiles &datasets,
                                              const std::function<void(const QString &, const QString &)> &failed)
{
    std::vector<ArticleInput> articles;
    for (const FolderScan::File &f : scan.files) {
        InputFile input;
        if (Status s = input.open(f.path); !s) {
            if (DatasetFormat::hasDataExtension(f.path))
                datasets.fail(s.error(), {f.path});
            else
                failed(s.error(), f.path);
            continue;
        }
        if (datasets.import(input, f.named))
            continue;
        if (input.isRegular())
            input.close();
        articles.push_back({f.path, std::move(input)});
    }
    return articles;
}

// `mapline import --db postgresql://...`: articles into a team's store (pg::PgArticleImporter),
// and dataset files (pg::PgDatasetWriter), with the same lines and summary as into SQLite. A
// GeoNames dump is refused by name (exit code 1), the files beside it still imported.
int importIntoPostgres(const QString &url, const ParseOptions &options, const QStringList &paths, QTextStream &out,
                       QTextStream &err)
{
    // What the viewer's File > Import opens too (pgimportsession.h).
    auto session = PgImportSession::open(url, options);
    if (!session) {
        err << "mapline import: " << messageLine(session.error(), {}) << Qt::endl;
        return InputFailed;
    }
    pg::PgArticleImporter &importer = session.value()->articles();
    DatasetImporter::Target target = session.value()->datasetTarget();
    DatasetFiles datasets(std::move(target), url, options.keepOutside, out, err);
    const FolderScan scan = scanInputs(paths);
    ArticleImporter::Summary summary;
    auto failed = [&](const QString &message, const QString &path) {
        err << "failed     " << messageLine(message, {path}) << Qt::endl;
        ++summary.failed;
    };
    auto report = [&](const QList<ArticleImporter::FileResult> &results) { reportArticles(results, summary, out, err); };
    // Datasets as they come, articles after them, as into SQLite.
    std::vector<ArticleInput> articles = importDatasetsFirst(scan, datasets, failed);
    const bool anyArticle = !articles.empty();
    for (ArticleInput &a : articles)
        report(a.stream.isOpen() ? importer.add(a.stream) : importer.add(a.path));
    for (const QString &path : scan.missing)
        failed(QStringLiteral("%1: no such file or folder").arg(path), path);
    for (const FolderScan::Problem &problem : scan.problems)
        failed(QStringLiteral("%1: %2").arg(problem.path, problem.reason), problem.path);
    report(importer.flush());
    if (anyArticle || summary.failed > 0 || !datasets.any())
        printArticleSummary(summary, url, out);
    datasets.printSummary();
    if (summary.imported + summary.redated > 0 || datasets.any()) {
        // As into a file (the index copy written after the import): the server's copy of the index,
        // when a large import left it missing or behind, so that the next viewer to open the store
        // on any machine downloads it instead of reading every event (pgindexcopy.h).
        QStringList done;
        auto connection = pg::PgConnection::open(url);
        Status s = connection ? Status() : Status::failure(connection.error());
        if (s) {
            const Result<int> version = pg::pgschema::prepare(**connection, pg::pgschema::Mode::ReadOnly);
            // The index the last file built from its own rows, when nothing else was written since.
            const std::optional<pg::pgindexcopy::Prepared> prepared = session.value()->takePreparedIndexCopy();
            s = version ? pg::pgcheck::refreshIndexCopy(**connection, done, prepared ? &*prepared : nullptr)
                        : Status::failure(version.error());
        }
        if (!s)
            err << "warning    the server's copy of the map's index was not written (the next viewer reads every "
                   "event instead): "
                << messageLine(s.error(), {}) << Qt::endl;
    }
    if (!anyArticle && summary.failed == 0 && !datasets.any()) {
        QStringList shown;
        for (const QString &path : paths)
            shown << displayPath(path);
        err << "mapline import: no article files (.txt, .html) found in " << shown.join(QStringLiteral(", "))
            << Qt::endl;
        return InputFailed;
    }
    return summary.failed > 0 || datasets.failed() ? InputFailed : Success;
}

} // namespace

int runImport(const QStringList &arguments)
{
    CommandParser cmd(QStringLiteral("import"),
                      QStringLiteral("Import news articles (text or HTML files, or folders of them) into the "
                                     "event database. Each article is stored whole or not at all; importing "
                                     "the same article again changes nothing.\n"
                                     "Dataset files are recognised by their contents and imported whole, one "
                                     "transaction each: GDELT 1.0 and 2.0 event files, ACLED exports, and the "
                                     "files 'mapline export' writes (GeoJSON, KML, GeoPackage, CSV, Shapefile). "
                                     "Bad rows are listed by line and left out. A GeoNames dump (allCountries.txt, "
                                     "AF.txt...) extends the gazetteer: gazetteer-user.tsv beside the database.\n"
                                     "A pipe named as PATH is read once (mapline import /dev/stdin < file); "
                                     "inside folders only regular files are read. Every path that is not "
                                     "imported is named with the reason, and the exit code is then 1."),
                      QStringLiteral("PATH"));
    QCommandLineParser &p = cmd.parser();
    p.addOption({QStringLiteral("date"), QStringLiteral("Publication date of the articles: it anchors relative times (\"on Wednesday\") and is used "
                                "for every article whose sidecar (.meta) gives none, in place of a date found in "
                                "the page or its address."),
                 QStringLiteral("YYYY-MM-DD")});
    p.addOption({QStringLiteral("source"), QStringLiteral("Source name of the articles, for every article whose sidecar gives none, in place "
                                "of one found in the page."),
                 QStringLiteral("NAME")});
    p.addOption({QStringLiteral("keep-outside"),
                 QStringLiteral("Keep events (and GeoNames places) outside the database's area of interest.")});
    if (const auto code = cmd.parse(arguments))
        return *code;
    QString error;
    ParseOptions options;
    options.published = cmd.dateOption(QStringLiteral("date"), error);
    if (!error.isEmpty())
        return cmd.usageError(error);
    options.source = p.value(QStringLiteral("source"));
    options.keepOutside = p.isSet(QStringLiteral("keep-outside"));
    const QStringList paths = p.positionalArguments();
    if (paths.isEmpty())
        return cmd.usageError(QStringLiteral("no files or folders to import"));

    QTextStream out(stdout);
    QTextStream err(stderr);
    if (pg::isUrl(cmd.database())) {
        if (const auto code = cmd.refuseCredentials())
            return *code;
        return importIntoPostgres(cmd.database(), options, paths, out, err);
    }
    auto store = EventStore::open(cmd.database());
    if (!store) {
        err << "mapline import: " << messageLine(store.error(), {cmd.database()}) << Qt::endl;
        return InputFailed;
    }
    for (const QString &warning : store.value()->warnings())
        err << "warning    " << warning << Qt::endl;
    // Every file named, every file found in the folders named (articles and data files), and
    // every path that could not be used: each of those is reported by name with the reason.
    const FolderScan scan = scanInputs(paths);
    DatasetFiles datasets(*store.value(), options.keepOutside, out, err);
    ArticleImporter::Summary summary;
    auto failed = [&](const QString &message, const QString &path) {
        err << "failed     " << messageLine(message, {path}) << Qt::endl;
        ++summary.failed;
    };
    // Datasets are imported as they come; articles after them, in batches.
    std::vector<ArticleInput> articles = importDatasetsFirst(scan, datasets, failed);
    for (const QString &path : scan.missing)
        failed(QStringLiteral("%1: no such file or folder").arg(path), path);
    for (const FolderScan::Problem &problem : scan.problems)
        failed(QStringLiteral("%1: %2").arg(problem.path, problem.reason), problem.path);

    // Articles are stored in batches (ArticleImporter::add); a file's line is printed once its
    // batch is committed, so "imported" on the screen means stored, whatever happens next.
    ArticleImporter importer(*store.value(), options);
    // For tests and measurements only (tst_pgimport, tst_happeningcli, docs/PERFORMANCE.md):
    // batches of exactly this many articles, whatever the machine's load (no limit of time), so that a
    // few small files make several batches and a profile's batches fall alike run after run.
    if (const int perBatch = qEnvironmentVariableIntValue("MAPLINE_TEST_BATCH_ARTICLES"); perBatch > 0)
        importer.setLimits({perBatch, std::numeric_limits<int>::max(), std::numeric_limits<int>::max()});
    auto report = [&](const QList<ArticleImporter::FileResult> &results) { reportArticles(results, summary, out, err); };
    for (ArticleInput &a : articles)
        report(a.stream.isOpen() ? importer.add(a.stream) : importer.add(a.path));
    report(importer.flush());
    const bool anyArticle = !articles.empty() || summary.failed > 0;
    if (anyArticle || !datasets.any())
        printArticleSummary(summary, displayPath(store.value()->path()), out);
    datasets.printSummary();
    const bool nothing = !anyArticle && !datasets.any();
    if (summary.imported + summary.redated > 0 || datasets.any()) {
        // The viewer's next open maps the index instead of reading every event (a large database
        // only: IndexLoadOptions::persistFromEvents); what goes wrong is logged, never fatal.
        const QString path = store.value()->path();
        // Committed, so seen by the loader's own connection; a failure is the next open's to report.
        // Written in streamed passes: memory bounded whatever the number of events.
        static_cast<void>(writeIndexCopy(path, IndexLoadOptions::withGazetteer()));
    }
    if (nothing) {
        QStringList shown;
        for (const QString &path : paths)
            shown << displayPath(path);
        err << "mapline import: no article files (.txt, .html) found in " << shown.join(QStringLiteral(", "))
            << Qt::endl;
    }
    return summary.failed > 0 || datasets.failed() || nothing ? InputFailed : Success;
}

} // namespace mapline::cli
