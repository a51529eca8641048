#pragma once

// What an import into a team's PostgreSQL store needs open, for `mapline import --db URL`
// (app/cmd_import.cpp) and the viewer's File > Import (app/importworker.cpp) alike: the articles'
// importer (pg::PgArticleImporter: batches, one transaction each, fused under the write lock) and,
// on a connection of its own, the dataset writer (pg::PgDatasetWriter: a file one transaction,
// through COPY) behind DatasetImporter's Target, with the store's area of interest. The store is
// created or migrated as it opens (pgschema::prepare). One thread: the one that opened it.
#include "extract/articleparser.h"
#include "interop/datasetimporter.h"
#include "result.h"

#include <QByteArray>
#include <QString>

#include <memory>
#include <optional>

namespace mapline {

namespace pg {
class PgArticleImporter;
class PgConnection;
class PgDatasetWriter;
namespace pgindexcopy {
struct Prepared;
}
} // namespace pg

class PgImportSession {
public:
    // `password`: one the viewer's analyst typed, else none (PGPASSWORD or ~/.pgpass). The
    // failure's message names the store by its URL.
    static Result<std::unique_ptr<PgImportSession>> open(const QString &url, const ParseOptions &options,
                                                         const QByteArray &password = {});
    ~PgImportSession();
    PgImportSession(const PgImportSession &) = delete;
    PgImportSession &operator=(const PgImportSession &) = delete;

    pg::PgArticleImporter &articles() { return *mArticles; }
    // The datasets' target for a DatasetImporter; it refers to this session, which must outlive it.
    DatasetImporter::Target datasetTarget();
    // The map's index the last dataset file built from its own rows (pg::PgDatasetWriter::
    // takePreparedIndexCopy()), handed over once: for pgcheck::refreshIndexCopy() after the import.
    std::optional<pg::pgindexcopy::Prepared> takePreparedIndexCopy();

private:
    PgImportSession() = default;

    std::unique_ptr<pg::PgArticleImporter> mArticles;
    std::unique_ptr<pg::PgConnection> mConnection; // the datasets'
    std::unique_ptr<pg::PgDatasetWriter> mWriter;
    QString mArea;
};

} // namespace mapline
