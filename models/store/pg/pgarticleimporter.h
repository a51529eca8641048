#pragma once

// Articles into a team's PostgreSQL store (`mapline import --db postgresql://...`): the same
// extraction as for SQLite (ArticleParser), the same results (ArticleImporter::FileResult), the
// same guarantees: each article whole or not at all, an article already stored ("unchanged")
// never stored twice, a result reported only once its batch is committed.
//
// Several analysts import into one store at once. Parsing, the costly part, runs outside any
// transaction, in every process at once. A batch is one transaction that takes one advisory lock
// first (pgwritelock.h), so writers of the store take their turn, batch by batch, and never wait for
// each other's row locks in two orders: no deadlock. articles.content_hash is UNIQUE and the insert
// is ON CONFLICT DO NOTHING, so a writer that did not take the lock still cannot store an article
// twice. A batch the server aborts as a serialization failure or a deadlock (SQLSTATE 40001,
// 40P01) is written again from its parsed articles, a few times. Each article is a savepoint: one
// that fails rolls back alone. One thread.
#include "extract/articleparser.h"
#include "store/articleimporter.h"

#include <QElapsedTimer>
#include <QHash>

#include <memory>
#include <vector>

namespace mapline::pg {

class PgConnection;

class PgArticleImporter {
public:
    using FileResult = ArticleImporter::FileResult;
    using Limits = ArticleImporter::Limits;

    // Connects to `url`, creating or migrating the store (pgschema::prepare).
    // `password`: one the viewer's analyst typed (pg::PgConnection::open), else none.
    static Result<std::unique_ptr<PgArticleImporter>> open(const QString &url, ParseOptions options,
                                                           const QByteArray &password = {});
    ~PgArticleImporter();
    PgArticleImporter(const PgArticleImporter &) = delete;
    PgArticleImporter &operator=(const PgArticleImporter &) = delete;

    const QString &url() const;
    // As ArticleImporter::add: parses the file into the open batch; the results that became final
    // with this call (empty until a batch is committed, then the whole batch).
    QList<FileResult> add(const QString &path);
    QList<FileResult> add(InputFile &file);
    QList<FileResult> add(const ParsedArticle &parsed, const QString &path);
    // Writes and commits the open batch; its results.
    QList<FileResult> flush();

    void setLimits(Limits limits) { mLimits = limits; }
    // How many times a batch the server aborted (40001, 40P01) was written again, in all.
    int retries() const { return mRetries; }

private:
    struct Pending {
        QString path;
        std::optional<ParsedArticle> parsed; // empty: parsing failed (result.error says why)
        FileResult result;
    };

    PgArticleImporter(std::unique_ptr<PgConnection> connection, ParseOptions options);
    QList<FileResult> staged(Pending pending);
    // One attempt at the batch: false with `transient` set when the server aborted it as a
    // serialization failure or deadlock (to be tried again), false otherwise when it failed.
    Status writeBatch(bool &transient);
    Status writeArticle(Pending &p);
    // A duplicate stored without a publication date, now given one (EventStore::setPublishedDate).
    Status redate(Pending &p, QDate date);
    Result<qint64> placeId(const Place &place);
    Result<qint64> actorId(const Actor &actor);

    std::unique_ptr<PgConnection> mConnection;
    ParseOptions mOptions;
    ArticleParser mParser;
    Limits mLimits;
    std::vector<Pending> mPending;
    QElapsedTimer mBatchAge;
    // Ids of places and actors seen in this transaction, forgotten at every rollback.
    QHash<QString, qint64> mPlaces, mActors;
    int mRetries = 0;
    std::vector<qint64> mBatchEvents; // the events the open batch inserted, fused before its commit
};

} // namespace mapline::pg
