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
    for (int i = 0; i < mFiles.size(); ++i) {
        if (mCancelled.load()) {
            report.cancelled = true;
            break;
        }
        emit progress(i, int(mFiles.size()), QFileInfo(mFiles[i]).fileName());
        const ArticleImporter::FileResult result = importer.importFile(mFiles[i]);
        report.summary.add(result);
        report.filesDone = i + 1;
        if (result.status == ArticleImporter::FileResult::Status::Failed)
            report.failures << result.error;
        for (const QString &w : result.warnings)
            report.warnings << QStringLiteral("%1: %2").arg(QFileInfo(mFiles[i]).fileName(), w);
        if (result.status == ArticleImporter::FileResult::Status::Imported) {
            const Result<int> applied = store.value()->applyCorrections(result.articleId);
            if (applied)
                report.correctionsApplied += *applied;
            else
                report.warnings << applied.error();
        }
    }
    emit progress(report.filesDone, int(mFiles.size()), QString());
    emit finished(report);
}

} // namespace mapline
