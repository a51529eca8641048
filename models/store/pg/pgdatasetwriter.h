#pragma once

// Dataset files (GDELT 1.0/2.0, ACLED, Mapline exports) into a team's PostgreSQL store, behind
// DatasetImporter (which reads, checks and filters the rows, as for SQLite). One file is one
// transaction: its rows stream through COPY into a temporary staging table (no lock held, so two
// analysts read and send their files at once); then, under the store's write lock (pgwritelock.h),
// a handful of set-wise statements: the file's content hash checked (the same file again, or by
// two analysts at once, is stored once: "unchanged"), rows whose dataset key is stored already (or
// earlier in the file) left out and counted, places and actors inserted where new and resolved by
// join, sentences, events and their actors inserted with INSERT ... SELECT ... ON CONFLICT. The
// rows get the same ids, values and counts as the SQLite store gives them (eventstore_dataset.cpp).
// One thread.
#include "interop/dataset.h"
#include "result.h"

#include <QList>
#include <QString>

namespace mapline {
class FusionReports;
}

namespace mapline::pg {

class PgConnection;

class PgDatasetWriter {
public:
    // `connection` is prepared (pgschema::prepare) and outlives the writer.
    explicit PgDatasetWriter(PgConnection &connection) : mConnection(connection) {}

    // As EventStore::importDataset.
    Result<DatasetImportOutcome> importDataset(const DatasetInfo &info, DatasetRowSource &rows);
    // As EventStore::datasets: the stored dataset files, oldest first.
    Result<QList<DatasetInfo>> datasets() const;
    // The store's setting `key` (empty when unset).
    Result<QString> setting(const QString &key) const;

private:
    // `reports`: each row as a report to fuse (none when the fusion is off).
    Status stage(const DatasetInfo &info, DatasetRowSource &rows, qint64 &count, FusionReports *reports);
    Result<DatasetImportOutcome> store(const DatasetInfo &info, DatasetRowSource &rows);

    PgConnection &mConnection;
};

} // namespace mapline::pg
