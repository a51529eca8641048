#pragma once

#include "index/eventindex.h"
#include "result.h"

#include <memory>

namespace mapline {

class EventStore;

// Builds the EventIndex of a store with one streaming, read-only SELECT over events (and the
// actors table for names). Runs on the thread that owns `store`.
Result<std::shared_ptr<const EventIndex>> loadEventIndex(const EventStore &store);

// Opens `databasePath` read-only on the calling thread (a worker thread, typically: the GUI keeps
// its own connection) and builds its index.
Result<std::shared_ptr<const EventIndex>> loadEventIndex(const QString &databasePath);

} // namespace mapline
