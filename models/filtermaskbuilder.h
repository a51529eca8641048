#pragma once

#include "filterstate.h"
#include "index/eventindex.h"
#include "index/eventmask.h"
#include "result.h"

#include <memory>

namespace mapline {

class EventStore;

// Turns a FilterState into the EventMask the map and the timeline draw with. The index's own
// mask() does types, actors, exact places and search ids; this adds the place radius (from the
// projected coordinates) and the date precision (from each event's day span, see
// precisionOf()), so one pass per filter change serves every frame after it.
class FilterMaskBuilder {
public:
    // Null when nothing filters.
    static std::shared_ptr<const EventMask> build(const EventIndex &index, const FilterState &state,
                                                  const std::optional<QSet<qint64>> &searchIds = {});

    // The ids of events whose sentence or article title match `search` (FTS5). A malformed
    // query is an error whose message tells how to write it, never a failure of the store.
    static Result<QSet<qint64>> searchIds(const EventStore &store, const QString &search);

    // The date precision a day span has when it was made by TimeRange: one day, an ISO week
    // (Monday to Sunday), a calendar month, a calendar year, else a range.
    static DatePrecision precisionOf(qint32 startDay, qint32 endDay);
};

} // namespace mapline
