#pragma once

#include "extract/articleparser.h"
#include "store/articleimporter.h"

#include <QMetaType>
#include <QObject>
#include <QStringList>

#include <atomic>

namespace mapline {

// What an import run did, sent back to the GUI thread when it ends.
struct ImportReport {
    ArticleImporter::Summary summary;
    QStringList failures;   // one message per failed file, naming it and the reason
    QStringList warnings;   // per file, for the details of the report
    int correctionsApplied = 0;
    int filesDone = 0;
    int filesTotal = 0;
    bool cancelled = false;
    QString fatal;          // the database could not be opened: nothing was imported
};

class EventStore;

// Imports article files on a worker thread with its own connection (a store belongs to the
// thread that opened it): into a SQLite file through ArticleImporter's batches, into a team's
// PostgreSQL store (a postgresql:// URL) through the importers `mapline import --db URL` uses
// (PgImportSession: pg::PgArticleImporter, and pg::PgDatasetWriter behind DatasetImporter); each article whole or not at
// all, and on Cancel the batch is committed, so the articles done stay done. ArticleImporter
// applies the analyst's corrections to each stored article (a re-imported article gets them
// back). Files named (dropped, or given on the command line) are told apart by their first
// bytes as `mapline import` does: GDELT, ACLED and Mapline exports are imported as datasets,
// one transaction each, and a GeoNames dump extends the gazetteer beside a SQLite file (refused,
// by name, on a server, which has none). Move the worker to a QThread
// and invoke run(); cancel() may be called from any thread and stops before the next file (or
// rolls back the dataset being imported).
class ImportWorker : public QObject {
    Q_OBJECT
public:
    // `database`: a SQLite file's path or a store's URL; `password`: one the analyst typed for
    // that server (memory only), else none.
    ImportWorker(QString database, QStringList files, ParseOptions options, QByteArray password = {});

    void cancel() { mCancelled.store(true); }
    // Failures known before the run (a folder that cannot be read): reported with the others.
    void addFailures(const QStringList &messages) { mFailures += messages; }
    const QStringList &files() const { return mFiles; }

public slots:
    void run();

signals:
    void progress(int done, int total, const QString &currentFile);
    void finished(const mapline::ImportReport &report);

private:
    void importGazetteer(InputFile dump, EventStore &store, ImportReport &report);

    QString mDatabasePath;
    QByteArray mPassword;
    QStringList mFiles;
    ParseOptions mOptions;
    QStringList mFailures;
    std::atomic<bool> mCancelled{false};
};

} // namespace mapline

Q_DECLARE_METATYPE(mapline::ImportReport)
