// Batched writes: one transaction for many articles, a SAVEPOINT for each (WriteScope).
//
// Why it is faster: SQLite opens a statement savepoint for every INSERT that may fail half way
// (foreign keys, triggers), and FTS5 writes its pending terms out as a new segment at every
// savepoint of a transaction it takes part in; the R*Tree drops its node handle. So the index
// triggers (full-text over titles and sentences, R*Tree over positions) are dropped inside the
// batch's transaction and the batch's new rows are indexed with one statement per index just
// before the commit, which puts the triggers back. Nothing of this is visible to other
// connections (nothing is committed before the triggers are back), and a crash or a rollback
// undoes the drop with everything else (tests/tst_crashsafety.cpp).
//
// The change counter's insert triggers on events and event_actors (ChangeCounter) are dropped the
// same way: each fired for every row, and a trigger makes SQLite open a statement journal for
// every insert. The batch moves the counter once before its commit instead, which is all the
// persistent index copy reads of it (equal or not; the batch's DDL moves the schema cookie too).
#include "store/eventstore.h"

#include "store/rawquery.h"
#include "store/rawstatement.h"
#include "store/rtreebulkload.h"
#include "store/schema.h"
#include "store/sqlutil.h"
#include "store/writecache.h"
#include "store/writescope.h"

#include <sqlite3.h>

namespace mapline {
namespace {

// Each insert trigger and the statement that indexes the batch's rows (id > the bound) instead.
// An event may already be in the R*Tree when its position was updated within the batch
// (events_rtree_au).
// A catch-up without a parameter runs once, whatever the batch wrote.
struct DeferredIndex {
    const char *trigger;
    const char *catchUp;
};
const char kCountChanges[] = "UPDATE mapline_changes SET generation = generation + 1";
const DeferredIndex kDeferred[] = {
    {"articles_ai", "INSERT INTO articles_fts (rowid, title) SELECT id, title FROM articles WHERE id > ?"},
    {"sentences_ai", "INSERT INTO sentences_fts (rowid, text) SELECT id, text FROM sentences WHERE id > ?"},
    {"events_rtree_ai",
     "INSERT INTO events_rtree (id, min_lon, max_lon, min_lat, max_lat) SELECT id, lon, lon, lat, lat FROM events e "
     "WHERE id > ? AND lon IS NOT NULL AND lat IS NOT NULL AND NOT EXISTS (SELECT 1 FROM events_rtree r WHERE r.id = e.id)"},
    {"mapline_changes_events_i", kCountChanges},
    {"mapline_changes_event_actors_i", kCountChanges},
    // The batch's fusion (fusePending, before the commit) moves the new events into their
    // happenings and writes the happenings' rows: one statement a row, each firing its trigger.
    {"mapline_changes_events_u", kCountChanges},
    {"mapline_changes_happenings_i", kCountChanges},
    {"mapline_changes_happenings_u", kCountChanges},
    {"mapline_changes_happenings_d", kCountChanges},
};

Status dropIndexTriggers(const QSqlDatabase &db, DeferredIndexing &deferred)
{
    deferred = {};
    QSqlQuery marks(db);
    if (!marks.exec(QStringLiteral("SELECT (SELECT coalesce(max(id), 0) FROM articles), "
                                   "(SELECT coalesce(max(id), 0) FROM sentences), (SELECT coalesce(max(id), 0) FROM events)")) ||
        !marks.next())
        return Status::failure(QStringLiteral("batch: %1").arg(marks.lastError().text()));
    deferred.articles = marks.value(0).toLongLong();
    deferred.sentences = marks.value(1).toLongLong();
    deferred.events = marks.value(2).toLongLong();
    marks.finish();
    for (const DeferredIndex &index : kDeferred) {
        const QString name = QString::fromLatin1(index.trigger);
        QSqlQuery q(db);
        if (Status s = sql::prepare(q, QStringLiteral("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?")); !s)
            return s;
        q.addBindValue(name);
        if (Status s = sql::exec(q, QStringLiteral("trigger %1").arg(name)); !s)
            return s;
        if (!q.next())
            continue; // a later schema renamed it: its trigger simply fires per row
        deferred.dropped.append({name, q.value(0).toString()});
        q.finish();
        if (Status s = sql::exec(db, QStringLiteral("DROP TRIGGER ") + name, QStringLiteral("batch")); !s)
            return s;
    }
    return {};
}

// The batch's events go into the R*Tree by a bulk load of the whole tree when they are many
// against what it holds (a dataset file into a new or small database), else one by one. Returns
// whether it was loaded in bulk.
Result<bool> bulkLoadEvents(const QSqlDatabase &db, qint64 bound)
{
    QSqlQuery count(db);
    if (Status s = sql::prepare(count, QStringLiteral("SELECT (SELECT count(*) FROM events WHERE id > ? AND lon IS NOT NULL "
                                                      "AND lat IS NOT NULL), (SELECT count(*) FROM events_rtree_rowid)"));
        !s)
        return Result<bool>::failure(s.error());
    count.addBindValue(bound);
    if (Status s = sql::exec(count, QStringLiteral("indexing (events_rtree_ai)")); !s)
        return Result<bool>::failure(s.error());
    if (!count.next())
        return Result<bool>::failure(QStringLiteral("indexing (events_rtree_ai): no count"));
    const qint64 added = count.value(0).toLongLong(), present = count.value(1).toLongLong();
    count.finish();
    if (!RtreeBulkLoad::worthIt(added, present))
        return false;
    for (const schema::IndexDefinition &d : schema::indexDefinitions())
        if (d.name == u"events_rtree") {
            if (!sqliteHandle(db) || !RtreeBulkLoad::connectionIdle(sqliteHandle(db)))
                return false;
            if (Status s = RtreeBulkLoad::rebuildEvents(sqliteHandle(db), d.create); !s)
                return Result<bool>::failure(s.error());
            return true;
        }
    return false;
}

// The R*Tree's catch-up when none of the batch's events is in it yet (none had its position
// changed within the batch, which events_rtree_au indexes at once): the same rows without a look-up
// in the R*Tree for each (about a tenth of the catch-up's cost).
const char kRtreeCatchUpNew[] = "INSERT INTO events_rtree (id, min_lon, max_lon, min_lat, max_lat) SELECT id, lon, lon, lat, "
                                "lat FROM events e WHERE id > ? AND lon IS NOT NULL AND lat IS NOT NULL";

Result<bool> rtreeHasEventsPast(const QSqlDatabase &db, qint64 bound)
{
    QSqlQuery q(db);
    if (Status s = sql::prepare(q, QStringLiteral("SELECT EXISTS (SELECT 1 FROM events_rtree_rowid WHERE rowid > ?)")); !s)
        return Result<bool>::failure(s.error());
    q.addBindValue(bound);
    if (Status s = sql::exec(q, QStringLiteral("indexing (events_rtree_ai)")); !s)
        return Result<bool>::failure(s.error());
    if (!q.next())
        return Result<bool>::failure(QStringLiteral("no answer"));
    return q.value(0).toBool();
}

Status indexAndRestore(const QSqlDatabase &db, const DeferredIndexing &deferred)
{
    bool counted = false;
    for (const DeferredIndexing::Trigger &t : deferred.dropped) {
        for (const DeferredIndex &index : kDeferred) {
            if (t.name != QLatin1String(index.trigger))
                continue;
            if (index.catchUp == kCountChanges) {
                if (!counted)
                    if (Status s = sql::exec(db, QString::fromLatin1(kCountChanges), QStringLiteral("counting the batch's changes")); !s)
                        return s;
                counted = true;
                continue;
            }
            const qint64 bound = t.name == u"articles_ai" ? deferred.articles
                                 : t.name == u"sentences_ai" ? deferred.sentences
                                                             : deferred.events;
            const char *catchUp = index.catchUp;
            if (t.name == u"events_rtree_ai") {
                const Result<bool> bulk = bulkLoadEvents(db, bound);
                if (!bulk)
                    return Status::failure(QStringLiteral("indexing (%1): %2").arg(t.name, bulk.error()));
                if (*bulk)
                    continue;
                const Result<bool> any = rtreeHasEventsPast(db, bound);
                if (!any)
                    return Status::failure(QStringLiteral("indexing (%1): %2").arg(t.name, any.error()));
                if (!*any)
                    catchUp = kRtreeCatchUpNew;
            }
            QSqlQuery q(db);
            if (Status s = sql::prepare(q, QString::fromLatin1(catchUp)); !s)
                return Status::failure(QStringLiteral("indexing (%1): %2").arg(t.name, s.error()));
            q.addBindValue(bound);
            if (Status s = sql::exec(q, QStringLiteral("indexing (%1)").arg(t.name)); !s)
                return s;
        }
        if (Status s = sql::exec(db, t.sql, QStringLiteral("restoring trigger %1").arg(t.name)); !s)
            return s;
    }
    return {};
}

// SQLite counts every allocation it makes in its memory statistics, under a global mutex (a
// lock and an unlock per allocation, a few million in an article import: 2 % of its
// instructions). Nothing in Mapline reads the statistics nor sets a heap limit: they are turned
// off once, before main() opens any connection (sqlite3_config must come before SQLite's own
// initialisation; later it only returns SQLITE_MISUSE, and the counting stays on).
const bool kNoMemoryStatistics = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;

// The fusion's row cache (FusionRowCache) is kept into a new batch only when nothing but this
// connection's batches wrote since the last one committed: no other connection committed
// (PRAGMA data_version, read under the batch's write lock, is unchanged) and this connection
// changed no row outside a batch (sqlite3_total_changes64 is where the last commit left it). Also
// dropped when it grows past a bound (a long import: the rows are read again, no more).
constexpr size_t kMaxFusionRows = 200000;

Status checkFusionRows(const QSqlDatabase &db, FusionRowCache &rows, qint64 &lastVersion, qint64 lastChanges)
{
    sqlite3 *handle = sqliteHandle(db);
    RawQuery q;
    if (!handle)
        return Status::failure(QStringLiteral("batch: no SQLite connection"));
    if (Status s = q.prepare(handle, QStringLiteral("PRAGMA data_version")); !s)
        return s;
    if (!q.next())
        return Status::failure(QStringLiteral("batch: %1").arg(q.error()));
    const qint64 version = q.int64(0);
    if (version != lastVersion || sqlite3_total_changes64(handle) != lastChanges || rows.size() > kMaxFusionRows)
        rows.clear();
    lastVersion = version;
    return {};
}

} // namespace

EventStore::WriteCache &EventStore::writeCache()
{
    if (!mWriteCache)
        mWriteCache = std::make_unique<WriteCache>(database());
    return *mWriteCache;
}

Status EventStore::beginBatch()
{
    if (mMode == Mode::ReadOnly)
        return Status::failure(QStringLiteral("the database %1 is open read-only").arg(mPath));
    if (mBatch)
        return {};
    const QSqlDatabase db = database();
    // IMMEDIATE takes the write lock now, so a second writer waits (busy timeout) instead of
    // failing half way through.
    if (Status s = sql::exec(db, QStringLiteral("BEGIN IMMEDIATE"), QStringLiteral("%1: cannot start a transaction").arg(mPath));
        !s)
        return s;
    mBatch = true;
    mBatchLoss.clear();
    WriteCache &cache = writeCache();
    if (Status s = checkFusionRows(db, cache.fusionRows, cache.fusionRowsVersion, cache.fusionRowsChanges); !s) {
        rollbackBatch();
        return Status::failure(QStringLiteral("%1: %2").arg(mPath, s.error()));
    }
    if (Status s = dropIndexTriggers(db, writeCache().deferred); !s) {
        rollbackBatch();
        return Status::failure(QStringLiteral("%1: %2").arg(mPath, s.error()));
    }
    return {};
}

Status EventStore::commitBatch()
{
    if (!mBatch)
        return mBatchLoss.isEmpty() ? Status() : Status::failure(mBatchLoss);
    const QSqlDatabase db = database();
    // The batch's events are fused in its own transaction: an article lands with its happenings.
    Status s = fusePending();
    if (s)
        s = indexAndRestore(db, writeCache().deferred);
    if (s)
        s = sql::exec(db, QStringLiteral("COMMIT"), QStringLiteral("cannot commit"));
    if (!s) {
        rollbackBatch();
        mBatchLoss = QStringLiteral("%1: the batch was not stored: %2").arg(mPath, explainWriteFailure(mPath, s.error()));
        return Status::failure(mBatchLoss);
    }
    mBatch = false;
    if (sqlite3 *handle = sqliteHandle(db))
        writeCache().fusionRowsChanges = sqlite3_total_changes64(handle);
    return {};
}

void EventStore::rollbackBatch()
{
    if (!mBatch)
        return;
    QSqlQuery(database()).exec(QStringLiteral("ROLLBACK"));
    mBatch = false;
    if (mWriteCache) {
        mWriteCache->ids.clear();
        mWriteCache->toFuse.clear();
        mWriteCache->fusionRows.clear(); // it may hold what the batch's fusion wrote
        mWriteCache->fusionRowsChanges = -1;
    }
}

Status WriteScope::begin()
{
    mFuseMark = mStore.writeCache().toFuse.size();
    mNested = mStore.mBatch;
    if (!mNested && mKind == Kind::Bulk) {
        if (Status s = mStore.beginBatch(); !s)
            return s;
        mOwnBatch = true;
        mActive = true;
        return {};
    }
    if (mNested) {
        EventStore::WriteCache &cache = mStore.writeCache();
        if (!cache.savepointsPrepared) {
            sqlite3 *handle = sqliteHandle(mStore.database());
            if (!handle)
                return Status::failure(QStringLiteral("cannot start a transaction: no SQLite connection"));
            if (Status s = cache.savepoint.prepare(handle, "SAVEPOINT mapline_write"); !s)
                return Status::failure(QStringLiteral("cannot start a transaction: %1").arg(s.error()));
            if (Status s = cache.release.prepare(handle, "RELEASE mapline_write"); !s)
                return Status::failure(QStringLiteral("cannot start a transaction: %1").arg(s.error()));
            cache.savepointsPrepared = true;
        }
        if (Status s = cache.savepoint.run("cannot start a transaction"); !s)
            return s;
        mActive = true;
        return {};
    }
    if (Status s = sql::exec(mStore.database(), QStringLiteral("BEGIN IMMEDIATE"), QStringLiteral("cannot start a transaction")); !s)
        return s;
    mActive = true;
    return {};
}

Status WriteScope::commit()
{
    if (mOwnBatch) {
        if (Status s = mStore.commitBatch(); !s)
            return s; // rolled back already
        mActive = false;
        return {};
    }
    // A transaction of its own fuses what it wrote before it commits; a savepoint leaves that to
    // its batch's commit.
    if (!mNested) {
        if (Status s = mStore.fusePending(); !s)
            return s; // still active: the destructor rolls back
    }
    if (mNested) {
        if (Status s = mStore.writeCache().release.run("cannot commit"); !s)
            return s; // still active: the destructor rolls back
        mActive = false;
        return {};
    }
    if (Status s = sql::exec(mStore.database(), QStringLiteral("COMMIT"), QStringLiteral("cannot commit")); !s)
        return s; // still active: the destructor rolls back
    mActive = false;
    return {};
}

void WriteScope::rollback()
{
    if (!mActive)
        return;
    mActive = false;
    if (mOwnBatch) {
        mStore.rollbackBatch();
        return;
    }
    if (mStore.mWriteCache) {
        mStore.mWriteCache->ids.clear();
        auto &toFuse = mStore.mWriteCache->toFuse;
        toFuse.resize(std::min(toFuse.size(), mFuseMark));
    }
    QSqlQuery q(mStore.database());
    if (!mNested) {
        q.exec(QStringLiteral("ROLLBACK"));
        return;
    }
    // SQLite aborts the whole transaction by itself on some errors (a full disk, an I/O error,
    // out of memory): then the savepoint is gone with the rest of the batch.
    if (!q.exec(QStringLiteral("ROLLBACK TO mapline_write")) || !q.exec(QStringLiteral("RELEASE mapline_write"))) {
        const QString why = q.lastError().text();
        mStore.rollbackBatch();
        mStore.mBatchLoss = QStringLiteral("%1: the uncommitted batch of writes was lost: %2")
                                .arg(mStore.mPath, explainWriteFailure(mStore.mPath, why));
    }
}

} // namespace mapline
