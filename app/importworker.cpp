#include "importworker.h"

#include "store/eventstore.h"

#include <QFileInfo>

namespace mapline {

ImportWorker::ImportWorker(QString databasePath, QStringList files, ParseOptions options)
    : mDatabasePath(std::move(databasePath))
    , mFiles(std::move(files))
    , mOptions(std::move(options))
{
    qRegisterMetaType<mapline::ImportReport>();
}

void ImportWorker::run()
{
    ImportReport report;
    report.filesTotal = int(mFiles.size());
    auto store = EventStore::open(mDatabasePath);
    if (!store) {
        report.fatal = store.error();
        emit finished(report);
        return;
    }
    ArticleImporter importer(*store.value(), mOptions);
    // Results arrive when their batch is committed: only then is a file done.
    auto take = [&report](const QList<ArticleImporter::FileResult> &results) {
        for (const ArticleImporter::FileResult &result : results) {
            report.summary.add(result);
            ++report.filesDone;
            if (result.status == ArticleImporter::FileResult::Status::Failed)
                report.failures << result.error;
            for (const QString &w : result.warnings)
                report.warnings << QStringLiteral("%1: %2").arg(QFileInfo(result.path).fileName(), w);
            report.correctionsApplied += result.corrections;
        }
    };
    for (int i = 0; i < mFiles.size(); ++i) {
        if (mCancelled.load()) {
            report.cancelled = true;
            break;
        }
        emit progress(i, int(mFiles.size()), QFileInfo(mFiles[i]).fileName());
        take(importer.add(mFiles[i]));
    }
    take(importer.flush()); // at the end and on cancel: the articles done stay done
    emit progress(report.filesDone, int(mFiles.size()), QString());
    emit finished(report);
}

} // namespace mapline
