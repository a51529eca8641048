#pragma once

// What an EventStore keeps for its writes, prepared once per connection and reused by every
// article (Qt re-prepares nothing; SQLite re-prepares by itself after a schema change).
// Internal to models/store.
#include "store/entityids.h"
#include "store/eventstore.h"
#include "store/fusionsync.h"
#include "store/rawstatement.h"

#include <QSqlQuery>

namespace mapline {

// The inserts run through SQLite's C API on the store's connection (RawStatement): binding a
// QVariant per value cost more than SQLite's own work for an article's few dozen rows.
struct ArticleStatements {
    explicit ArticleStatements(const QSqlDatabase &db) : db(db), findArticle(db) {}
    Status prepareAll();

    QSqlDatabase db;
    QSqlQuery findArticle;
    RawStatement insertArticle, insertSentence, insertEvent, insertEventActor;
    bool prepared = false;
};

// The index triggers a batch drops and puts back (eventstore_batch.cpp), and where the batch's
// rows begin.
struct DeferredIndexing {
    struct Trigger {
        QString name;
        QString sql;
    };
    QList<Trigger> dropped;
    qint64 articles = 0, sentences = 0, events = 0; // the largest ids before the batch
};

struct EventStore::WriteCache {
    explicit WriteCache(const QSqlDatabase &db) : ids(db), article(db), pendingCorrections(db) {}
    EntityIds ids;
    ArticleStatements article;
    // applyCorrections(articleId), after every imported article: prepared once (parsing its join
    // for each article was 5 % of an import).
    QSqlQuery pendingCorrections;
    bool pendingCorrectionsPrepared = false;
    DeferredIndexing deferred;
    // Events the open transaction inserted or changed, to fuse before it commits (fusePending).
    // A savepoint rolled back takes its own back off (WriteScope).
    std::vector<qint64> toFuse;
    // The rows the fusion of this connection's batches read, kept from one batch to the next
    // (FusionRowCache), and what tells that nothing else wrote in between: SQLite's data_version
    // (another connection committed) and total_changes (this one wrote outside a batch).
    FusionRowCache fusionRows;
    qint64 fusionRowsVersion = -1;
    qint64 fusionRowsChanges = -1;
    // A batch's savepoint around each article (WriteScope), prepared once: QSqlQuery parsed both
    // statements again for every article (44,000 instructions an article).
    RawStatement savepoint, release;
    bool savepointsPrepared = false;
};

} // namespace mapline
