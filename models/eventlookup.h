#pragma once

#include "event.h"
#include "result.h"

#include <QList>

namespace mapline {

class EventStore;

// Full events by id, in the order asked for: what the workspace's table and details panel need
// once the index has decided which events to show (the window's first rows under the filter
// mask). A primary-key lookup, so a page of the table costs the same in a database of a
// hundred events or of a million. Ids not in the store are skipped.
class EventLookup {
public:
    static Result<QList<Event>> byIds(const EventStore &store, const QList<qint64> &ids);
};

} // namespace mapline
