#include "pgimportsession.h"

#include "store/articleimporter.h"
#include "store/pg/pgarticleimporter.h"
#include "store/pg/pgconnection.h"
#include "store/pg/pgdatasetwriter.h"
#include "store/pg/pgschema.h"

namespace mapline {

PgImportSession::~PgImportSession() = default;

Result<std::unique_ptr<PgImportSession>> PgImportSession::open(const QString &url, const ParseOptions &options,
                                                               const QByteArray &password)
{
    using R = Result<std::unique_ptr<PgImportSession>>;
    std::unique_ptr<PgImportSession> session(new PgImportSession);
    auto articles = pg::PgArticleImporter::open(url, options, password);
    if (!articles)
        return R::failure(articles.error());
    session->mArticles = std::move(articles).value();
    // For the tests of killed imports only (tst_pgimport): batches of this many articles, so that a
    // few small files make several batches.
    if (const int perBatch = qEnvironmentVariableIntValue("MAPLINE_TEST_BATCH_ARTICLES"); perBatch > 0) {
        ArticleImporter::Limits limits;
        limits.articles = perBatch;
        session->mArticles->setLimits(limits);
    }
    // Datasets on a connection of their own: a file is one transaction, beside the batches.
    auto connection = pg::PgConnection::open(url, password);
    if (!connection)
        return R::failure(connection.error());
    session->mConnection = std::move(connection).value();
    if (auto version = pg::pgschema::prepare(*session->mConnection, pg::pgschema::Mode::Create); !version)
        return R::failure(version.error());
    session->mWriter = std::make_unique<pg::PgDatasetWriter>(*session->mConnection);
    const Result<QString> area = session->mWriter->setting(QStringLiteral("area_of_interest"));
    if (!area)
        return R::failure(area.error());
    session->mArea = *area;
    return session;
}

std::optional<pg::pgindexcopy::Prepared> PgImportSession::takePreparedIndexCopy()
{
    return mWriter->takePreparedIndexCopy();
}

DatasetImporter::Target PgImportSession::datasetTarget()
{
    DatasetImporter::Target target;
    pg::PgDatasetWriter *writer = mWriter.get();
    target.datasets = [writer] { return writer->datasets(); };
    target.importDataset = [writer](const DatasetInfo &info, DatasetRowSource &rows) {
        return writer->importDataset(info, rows);
    };
    target.area = mArea;
    return target;
}

} // namespace mapline
