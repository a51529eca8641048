#pragma once

// Dataset files (GDELT 1.0/2.0, ACLED, Mapline exports) into a team's PostgreSQL store, behind
// DatasetImporter (which reads, checks and filters the rows, as for SQLite). One file is one
// transaction. Its rows are read first, with no lock held (two analysts read their files at
// once): each row's parts in COPY's text format go to a temporary file (memory bounded), and the
// client keeps what choosing them needs (dataset keys, each row's place and actors as indexes into
// the file's distinct ones). Then, under the store's write lock (pgwritelock.h): the file's content
// hash checked (the same file again, or by two analysts at once, is stored once: "unchanged"),
// rows whose dataset key is stored already (or earlier in the file) left out and counted, the ids
// of the new events and sentences reserved from their sequences (one block each: the lock makes
// the writers take turns), places and actors inserted where new (a few thousand rows, through
// small temporary tables), and the rows sent by COPY straight into sentences, events and
// event_actors, with no staging table and no INSERT ... SELECT. The rows get the same ids, values
// and counts as the SQLite store gives them (eventstore_dataset.cpp). One thread.
#include "interop/dataset.h"
#include "result.h"
#include "store/pg/pgindexcopy.h"

#include <QList>
#include <QString>

#include <optional>

namespace mapline {
class FusionReports;
}

namespace mapline::pg {

class PgConnection;
class DatasetSpool;

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
    // The map's index the last importDataset() built from its own rows (pgindexcopy::Prepared),
    // handed over once; empty when it built none (not a bulk load into an empty store, another
    // file since).
    std::optional<pgindexcopy::Prepared> takePreparedIndexCopy();

private:
    // `reports`: each row as a report to fuse (none when the fusion is off).
    Status stage(const DatasetInfo &info, DatasetRowSource &rows, DatasetSpool &spool, FusionReports *reports);
    Result<DatasetImportOutcome> store(const DatasetInfo &info, DatasetRowSource &rows);

    PgConnection &mConnection;
    std::optional<pgindexcopy::Prepared> mPrepared;
};

} // namespace mapline::pg
