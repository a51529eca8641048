#pragma once

#include "index/eventindex.h"
#include "result.h"

#include <memory>

namespace mapline {

class EventStore;

struct IndexLoadOptions {
    // A database whose event ids span at least this many is read in two halves on two threads.
    qint64 parallelFromIds = 200000;
};

// Builds the EventIndex of a store from read-only connections of its own (SQLite's C API, one
// ordered pass over events merged with one over event_actors; a large database is read in two
// halves on two threads, from one snapshot). Called on the thread that owns `store`; what
// `store` has not committed is not seen.
Result<std::shared_ptr<const EventIndex>> loadEventIndex(const EventStore &store, const IndexLoadOptions &options = {});

// Opens `databasePath` read-only on the calling thread (a worker thread, typically: the GUI keeps
// its own connection) and builds its index.
Result<std::shared_ptr<const EventIndex>> loadEventIndex(const QString &databasePath,
                                                         const IndexLoadOptions &options = {});

} // namespace mapline
