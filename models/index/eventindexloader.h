#pragma once

#include "index/eventindex.h"
#include "place.h"

#include <QDate>
#include "result.h"

#include <functional>
#include <memory>
#include <optional>

namespace mapline {

class EventStore;

struct IndexLoadOptions {
    // A database whose event ids span at least this many is read in two halves on two threads.
    qint64 parallelFromIds = 200000;
    // For an event without a coordinate whose place is known by name (a Mapline CSV row with
    // "Kunduz" and no lat/lon): the place's best known position, from `name`, its province
    // `admin1` and `country` (a gazetteer's; Place::precision says how coarse it is). Called on
    // the loading threads, once a place; unset: such events have no position.
    std::function<std::optional<Place>(const QString &name, const QString &admin1, const QString &country)>
        bestKnownPosition;

    // When valid, only the events whose dates reach into [from, to] are read (either end may be
    // open): a snapshot of one week of a large database need not index all of it.
    QDate from;
    QDate to;

    // Keep and use the persistent copy of the index beside the database (PersistentIndex,
    // "NAME.sqlite.mapline-index"): when it describes the database as it is now it is mapped
    // instead of reading every event (with `from` or `to`, only that window's rows are read from
    // it, checking only the blocks they touch: PersistentIndex::open); otherwise the events are read from SQLite
    // and, for a load of every event of at least `persistFromEvents`, the copy is written anew.
    // Whatever is wrong with the copy (stale, damaged, of another format, not writable) is said
    // in the log (category "mapline.index") and never fails the load.
    bool persistent = false;
    qsizetype persistFromEvents = 100000;
    // The copy's checksum block (PersistentIndex::kBlockBytes; a multiple of 64): tests make it small.
    quint32 persistBlockBytes = 64 * 1024;
    // writeIndexCopy(): the rows spilled to temporary files this many at a time, and dealt into
    // buckets of this many (0: twice that) sorted in memory one at a time. Tests make them small.
    qsizetype persistChunkRows = 1 << 18;
    qsizetype persistBucketRows = 0;
    // What bestKnownPosition answers from (a copy that looked positions up is stale when this
    // changes); unset: such a copy is never used.
    std::function<quint64()> positionsFingerprint;

    // The options with bestKnownPosition from the bundled gazetteer (Gazetteer::bestKnown),
    // loaded on first use only: most databases have no such event.
    // `persistent` too: the viewer, snapshots and animations keep a copy of a large index.
    static IndexLoadOptions withGazetteer();
};

// Builds the EventIndex of a store from read-only connections of its own (SQLite's C API, one
// pass over the place names, then one ordered pass over events merged with one over
// event_actors; a large database is read in two halves on two threads, from one snapshot).
// Every dated event is indexed, those without a coordinate as Unplaced. Called on the thread that owns `store`; what
// `store` has not committed is not seen.
Result<std::shared_ptr<const EventIndex>> loadEventIndex(const EventStore &store, const IndexLoadOptions &options = {});

// Writes the persistent copy of the index of `databasePath` (PersistentIndex::pathFor), as a
// load with `persistent` does after reading every event from SQLite, the same bytes, but in
// bounded memory: the rows are spilled to temporary files beside the copy and its columns written
// in streamed passes (EventIndexBuilder::writeCopy), no index built. What an import calls when it
// is done: the viewer's next open maps the copy. Nothing is done when the copy is current, the
// database has fewer than `persistFromEvents` events or no change counter (said in the log).
// `from`, `to` and `persistent` are ignored (a whole copy).
Status writeIndexCopy(const QString &databasePath, const IndexLoadOptions &options = {});

// Opens `databasePath` read-only on the calling thread (a worker thread, typically: the GUI keeps
// its own connection) and builds its index.
Result<std::shared_ptr<const EventIndex>> loadEventIndex(const QString &databasePath,
                                                         const IndexLoadOptions &options = {});

} // namespace mapline
