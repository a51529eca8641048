#include "importworker.h"

#include "interop/datasetimporter.h"
#include "interop/usergazetteer.h"
#include "io/localpath.h"
#include "pgimportsession.h"
#include "store/eventstore.h"
#include "store/pg/pgarticleimporter.h"
#include "store/pg/pgconnection.h"

#include <functional>

namespace mapline {

ImportWorker::ImportWorker(QString database, QStringList files, ParseOptions options, QByteArray password)
    : mDatabasePath(std::move(database))
    , mPassword(std::move(password))
    , mFiles(std::move(files))
    , mOptions(std::move(options))
{
    qRegisterMetaType<mapline::ImportReport>();
}

void ImportWorker::importGazetteer(InputFile dump, EventStore &store, ImportReport &report)
{
    // As `mapline import` does: the places of the area of interest join gazetteer-user.tsv.
    QStringList area;
    if (!mOptions.keepOutside) {
        const Result<QString> setting = store.setting(QStringLiteral("area_of_interest"));
        if (setting.ok())
            area = setting->toUpper().split(QLatin1Char(','), Qt::SkipEmptyParts);
    }
    const QString path = dump.path();
    const auto r = UserGazetteer::importGeoNames(std::move(dump), UserGazetteer::pathFor(store.path()), area,
                                                 [this](qint64, qint64) { return !mCancelled.load(); });
    ++report.filesDone;
    if (!r) {
        ++report.summary.failed;
        report.failures << fileNameAsText(r.error());
    } else if (r->cancelled) {
        report.cancelled = true;
    } else {
        ++report.summary.imported;
        report.warnings << fileNameAsText(QStringLiteral("%1: %2 places written to the gazetteer beside the database")
                                              .arg(path)
                                              .arg(r->written));
    }
}

void ImportWorker::run()
{
    ImportReport report;
    report.filesTotal = int(mFiles.size());
    report.failures = mFailures;
    report.summary.failed += int(mFailures.size());
    // Either store's importers; `add`, `addStream` and `flush` are the articles' batches.
    std::unique_ptr<EventStore> store;              // a SQLite file
    std::unique_ptr<ArticleImporter> fileArticles;  // ...and its articles
    std::unique_ptr<PgImportSession> session;       // a team's PostgreSQL store
    std::unique_ptr<DatasetImporter> datasetImporter;
    std::function<QList<ArticleImporter::FileResult>(const QString &)> add;
    std::function<QList<ArticleImporter::FileResult>(InputFile &)> addStream;
    std::function<QList<ArticleImporter::FileResult>()> flush;
    if (pg::isUrl(mDatabasePath)) {
        auto opened = PgImportSession::open(mDatabasePath, mOptions, mPassword);
        mPassword.fill('\0');
        if (!opened) {
            report.fatal = opened.error();
            emit finished(report);
            return;
        }
        session = std::move(opened).value();
        datasetImporter = std::make_unique<DatasetImporter>(session->datasetTarget(), mOptions.keepOutside);
        pg::PgArticleImporter *articles = &session->articles();
        add = [articles](const QString &path) { return articles->add(path); };
        addStream = [articles](InputFile &input) { return articles->add(input); };
        flush = [articles] { return articles->flush(); };
    } else {
        auto opened = EventStore::open(mDatabasePath);
        if (!opened) {
            report.fatal = opened.error();
            emit finished(report);
            return;
        }
        store = std::move(opened).value();
        fileArticles = std::make_unique<ArticleImporter>(*store, mOptions);
        datasetImporter = std::make_unique<DatasetImporter>(*store, mOptions.keepOutside);
        ArticleImporter *articles = fileArticles.get();
        add = [articles](const QString &path) { return articles->add(path); };
        addStream = [articles](InputFile &input) { return articles->add(input); };
        flush = [articles] { return articles->flush(); };
    }
    DatasetImporter &datasets = *datasetImporter;
    // Shown in a widget: bytes of a name that are not UTF-8 as U+FFFD, as Qt shows names.
    auto fail = [&report](const QString &message) {
        ++report.summary.failed;
        ++report.filesDone;
        report.failures << fileNameAsText(message);
    };
    // Results arrive when their batch is committed: only then is a file done.
    auto take = [&report, &fail](const QList<ArticleImporter::FileResult> &results) {
        for (const ArticleImporter::FileResult &result : results) {
            if (result.status == ArticleImporter::FileResult::Status::Failed) {
                fail(result.error);
                continue;
            }
            report.summary.add(result);
            ++report.filesDone;
            const QString name = fileNameAsText(result.path.mid(result.path.lastIndexOf(QLatin1Char('/')) + 1));
            for (const QString &w : result.warnings)
                report.warnings << QStringLiteral("%1: %2").arg(name, w);
            report.correctionsApplied += result.corrections;
        }
    };
    for (int i = 0; i < mFiles.size(); ++i) {
        if (mCancelled.load()) {
            report.cancelled = true;
            break;
        }
        const QString &path = mFiles[i];
        emit progress(i, int(mFiles.size()), fileNameAsText(path.mid(path.lastIndexOf(QLatin1Char('/')) + 1)));
        // What the file is, from its first bytes, as `mapline import` decides: a dataset (GDELT,
        // ACLED, a Mapline export) or an article.
        InputFile input;
        if (Status s = input.open(path); !s) {
            fail(s.error());
            continue;
        }
        const DatasetFormat::Kind kind = DatasetFormat::detect(input);
        if (!input.error().isEmpty()) {
            fail(input.error());
            continue;
        }
        if (kind == DatasetFormat::Kind::Unknown && !DatasetFormat::hasDataExtension(path)) {
            if (input.isRegular()) {
                input.close();
                take(add(path));
            } else {
                take(addStream(input)); // a pipe: read once
            }
            continue;
        }
        // A dataset is a transaction of its own: the articles' open batch is committed first.
        take(flush());
        if (kind == DatasetFormat::Kind::GeoNames) {
            if (store)
                importGazetteer(std::move(input), *store, report);
            else // as `mapline import --db URL` says
                fail(QStringLiteral("%1: not imported: a GeoNames dump extends the gazetteer beside a SQLite store; a "
                                    "PostgreSQL store has none yet")
                         .arg(path));
            continue;
        }
        const DatasetImporter::FileResult r =
            datasets.importFile(std::move(input), kind, [this](qint64, qint64) { return !mCancelled.load(); });
        using S = DatasetImporter::FileResult::Status;
        switch (r.status) {
        case S::Imported:
            ++report.summary.imported;
            ++report.filesDone;
            report.summary.events += r.events;
            break;
        case S::Duplicate:
            ++report.summary.duplicates;
            ++report.filesDone;
            break;
        case S::Cancelled: report.cancelled = true; break;
        case S::Failed: fail(r.error); break;
        }
        if (r.skipped > 0)
            report.warnings << fileNameAsText(QStringLiteral("%1: %2 bad rows left out").arg(path).arg(r.skipped));
        for (const DatasetImporter::Issue &issue : r.issues)
            report.warnings << fileNameAsText(QStringLiteral("%1:%2: %3").arg(path).arg(issue.line).arg(issue.message));
        if (report.cancelled)
            break;
    }
    take(flush()); // at the end and on cancel: the articles done stay done
    emit progress(report.filesDone, int(mFiles.size()), QString());
    emit finished(report);
}

} // namespace mapline
