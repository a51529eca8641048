#pragma once

// The server's copy of the map's index (schema version 5, docs/SCHEMA.md "index_copy"): the
// bytes of a PersistentIndex file (index/persistentindex.h) kept in the store itself, so that a
// client with no usable cached copy of its own (pgindexcache.h: a new machine, a new analyst, a
// cache emptied) downloads it and brings it up to date with the delta (pgindexdelta.h) instead
// of streaming every event and building the index (83-164 s at ten million events, against a
// few seconds; docs/PERFORMANCE.md).
//
// Tables: index_copy, one row: where the copy stands (the PostgreSQL snapshot its events were
// read in, the change count, triggers' hash, schema version and largest event id of that
// snapshot, the file's format, size and number of parts); index_copy_parts: the file's bytes in
// parts of kPartBytes, bytea stored EXTERNAL (not compressed: the columns are numbers that
// compress little, and compressing 460 MB costs seconds at every write and read).
//
// Who writes it: a client that has just read every event from the server (pg::loadEventIndex's
// full load, the viewer's, a snapshot's, an animation's) and so holds the whole index built with
// the viewer's options; a client that brought the server's copy up to date by a delta, when
// that delta was large or the copy old (kRefreshShareDivisor, kRefreshAfterSeconds: so the
// clients after it do not each pay that delta); a viewer whose own refresh finds the copy behind
// and old (refreshFromCache()); and
// `mapline repair`; and `mapline import --db URL` at its end, by repair's rule (pgcheck::
// refreshIndexCopy: a large store with no copy, a copy more than 5 % behind), so that the import
// of a large file pays the stream once instead of the next viewer on every machine (a small import
// leaves the copy to the delta). A role that may not write the tables (a read-only
// analyst) reads the copy and never writes it, without a failure. The copy holds what the
// tables already hold (the events' days, places, types, actors), nothing more; readable by whoever
// may read the tables (a role granted SELECT on the schema's tables).
//
// Writers replace the copy whole in one transaction (every part deleted and written again, then
// the row), under an advisory lock tried without waiting: a second writer at the same moment
// leaves the work to the first. Readers read the row and the parts in one REPEATABLE READ
// snapshot: never half of one copy and half of another.
#include "index/eventindex.h"
#include "index/eventindexloader.h"
#include "index/persistentindex.h"
#include "result.h"
#include "store/pg/pgchangelog.h"

#include <QStringList>

#include <memory>

namespace mapline::pg {

class PgConnection;

namespace pgindexcopy {

// The file travels in parts of this many bytes (the last one shorter).
inline constexpr qsizetype kPartBytes = 4 * 1024 * 1024;
// A client that brought the server's copy up to date by a delta writes it again when that delta
// read more than this share of its events (1/20: 5 %), or when the copy is older than
// kRefreshAfterSeconds. The delta's cost to a client grows with the whole index, not with what
// changed (it builds the new index from every kept row: 26-28 s at ten million events for a
// delta of 100 rows, docs/PERFORMANCE.md), so every later client would pay it again; writing the
// copy costs that client a few seconds and the server the file's size in WAL, so a copy is
// written again at most every ten minutes for small deltas, at once for large ones.
inline constexpr qint64 kRefreshShareDivisor = 20;
inline constexpr qint64 kRefreshAfterSeconds = 600;
// The advisory lock a writer of the copy tries ("MaplineI").
inline constexpr qint64 kLockKey = 0x4d61706c696e6549;

// The statements of the migration step (version 5; one transaction, pgschema).
QStringList migration();

// Where the server's copy stands (index_copy's row).
struct State {
    bool present = false;
    bool ours = false; // written in this database (not restored into it from another)
    qint64 format = 0;
    PgIndexPosition position; // its stamp's databaseId is empty (the server's copy names no client)
    qint64 events = 0;
    qint64 bytes = 0;
    qint64 parts = 0;
    QString writtenAt;
    qint64 ageSeconds = 0; // since it was written
};
// Reads the row in the caller's transaction; present is false when there is none.
Result<State> state(PgConnection &connection);

// What the server's copy gave a client that had no usable copy of its own.
struct Loaded {
    std::shared_ptr<const EventIndex> index; // null: not usable, `why` says why (the caller streams)
    PgIndexPosition position;                // where `index` stands now
    QString why;
    qint64 bytes = 0;        // bytes downloaded
    bool deltaApplied = false;
    qint64 deltaRows = 0;    // event rows the delta read
    bool refreshed = false;  // this client wrote the server's copy again (kRefreshShareDivisor, kRefreshAfterSeconds)
};

// Downloads the server's copy into `cachePath` (the client's cached copy of this store,
// pgindexcache.h, written 0600 under a temporary name, then renamed), its header naming the store
// as `current` does, maps it, and brings it to the current state by a delta (pgindexdelta.h);
// writes the server's copy again when that delta was large. Call outside any transaction.
// Fails only when the server does; every other reason (no copy, another format, damaged, a
// delta that cannot apply) is a Loaded without an index.
Result<Loaded> load(PgConnection &connection, const IndexStamp &current, const IndexLoadOptions &options,
                    const QString &cachePath);

// Writes the PersistentIndex file at `file`, built at `position` (of `events` events), as the
// server's copy. Skipped (no failure, the reason logged and in `*why`) when this role may not
// write the tables, another writer holds the lock, or the server's copy is newer (or as new,
// unless `replaceEqual`). Call outside any transaction. True when written.
Result<bool> store(PgConnection &connection, const QString &file, const PgIndexPosition &position, qint64 events,
                   bool replaceEqual, QString *why = nullptr);

// After a viewer's own refresh by a delta (pg::refreshEventIndex) wrote its cached copy for the
// current state at `position`: writes that file as the server's copy when the server's is behind it
// and older than kRefreshAfterSeconds (so a first open elsewhere finds it current while some viewer
// keeps up with the store). At most a query otherwise. False when nothing was written.
Result<bool> refreshFromCache(PgConnection &connection, const QString &file, const PgIndexPosition &position, qint64 events);

// The map's index a dataset import built from the rows it wrote, while the server rebuilt the
// indexes and keys (pgdatasetwriter.cpp: a bulk load into a store that held no events and no
// happenings), with the viewer's options (IndexLoadOptions::withGazetteer()), and the change count
// the store shows right after that import's commit if nothing else was written since the import
// read it under the write lock (its own transaction counted once). pgcheck::refreshIndexCopy()
// writes it as the server's copy instead of reading every event back when a snapshot taken after
// the commit shows that count (then it shows exactly the import's rows); else it reads them.
struct Prepared {
    std::shared_ptr<const EventIndex> index;
    qint64 generation = -1;
};

// The same for an index in memory (`mapline repair`): written to a private temporary file first.
Result<bool> store(PgConnection &connection, const EventIndex &index, const PgIndexPosition &position,
                   quint64 positionsFingerprint, bool replaceEqual, QString *why = nullptr);

} // namespace pgindexcopy
} // namespace mapline::pg
