#pragma once

// One write of the store, all or nothing: its own BEGIN IMMEDIATE transaction, or, inside a batch
// (EventStore::beginBatch), a SAVEPOINT of the batch's transaction. Rolls back unless committed.
// Internal to models/store.
#include "result.h"
#include "store/eventstore.h"

namespace mapline {

// A write failure's message, with what to do about a full disk or a file-size limit
// (eventstore_import.cpp).
QString explainWriteFailure(const QString &databasePath, const QString &why);

class WriteScope {
public:
    // Bulk: a write of many rows (a dataset file). Outside a batch it runs as a batch of its
    // own, with the full-text and spatial indexing done once at the end (EventStore::beginBatch).
    enum class Kind { Single, Bulk };
    explicit WriteScope(EventStore &store, Kind kind = Kind::Single) : mStore(store), mKind(kind) {}
    ~WriteScope() { rollback(); }
    WriteScope(const WriteScope &) = delete;
    WriteScope &operator=(const WriteScope &) = delete;

    Status begin();
    Status commit();
    // Undoes this write only; when SQLite has already aborted the whole transaction (a full disk,
    // an I/O error), the store's batch is marked lost (EventStore::batchLoss).
    void rollback();
    bool nested() const { return mNested; }

private:
    EventStore &mStore;
    Kind mKind;
    bool mActive = false;
    bool mOwnBatch = false;
    bool mNested = false;
    size_t mFuseMark = 0; // how many events were waiting to be fused when this write began
};

} // namespace mapline
