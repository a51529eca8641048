#pragma once

#include "interop/dataset.h"
#include "interop/datasetformat.h"
#include "store/eventstore.h"

#include <QList>
#include <QString>

#include <functional>

namespace mapline {

// Imports dataset files (GDELT 1.0/2.0, ACLED, Mapline exports) into the event store: detects the
// format, streams the rows into EventStore::importDataset (one transaction per file), leaves out
// rows outside the database's area of interest (not for Mapline exports: they hold what the
// analyst chose to export), and reports bad rows by line. Used by `mapline import` and by the
// viewer's import worker (which passes a progress callback that can cancel).
class DatasetImporter {
public:
    // Called now and then with the progress (bytes for text files, features otherwise); returning
    // false cancels the import, which then leaves no trace.
    using Progress = std::function<bool(qint64 done, qint64 total)>;

    struct Issue {
        qint64 line = 0;
        QString message;
    };

    struct FileResult {
        enum class Status { Imported, Duplicate, Cancelled, Failed };
        QString path;
        Status status = Status::Failed;
        QString label;        // "GDELT 2.0 events", ...
        qint64 datasetId = 0; // for Duplicate: the dataset already stored (0: its rows are, in others)
        qint64 rows = 0;      // data rows read
        qint64 events = 0;    // events stored
        qint64 skipped = 0;   // bad rows
        qint64 outside = 0;   // rows outside the area of interest
        qint64 alreadyPresent = 0; // rows whose dataset id is in the database already, left out
        qint64 discarded = 0;      // of those, rows an analyst had discarded
        QList<Issue> issues;  // the first kMaxIssues bad rows
        QString error;        // for Failed: names the file and the reason
    };

    static constexpr int kMaxIssues = 100;

    // Where the files go: a SQLite store (the constructor below), or any store that offers these
    // (a PostgreSQL store: pg::PgDatasetWriter). `area`: the store's area of interest setting.
    struct Target {
        std::function<Result<QList<DatasetInfo>>()> datasets;
        std::function<Result<DatasetImportOutcome>(const DatasetInfo &, DatasetRowSource &)> importDataset;
        QString area;
    };
    DatasetImporter(EventStore &store, bool keepOutside);
    DatasetImporter(Target target, bool keepOutside);

    FileResult importFile(const QString &path, const Progress &progress = {});
    FileResult importFile(const QString &path, DatasetFormat::Kind kind, const Progress &progress = {});
    // Imports `file`, opened already and detected as `kind` (DatasetFormat::detect(InputFile &)):
    // read once from its start, so a pipe works too (the text formats; OGR's need a file).
    FileResult importFile(InputFile file, DatasetFormat::Kind kind, const Progress &progress = {});

private:
    Target mTarget;
    bool mKeepOutside;
    QStringList mArea;
};

} // namespace mapline
