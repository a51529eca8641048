#pragma once

#include "happening.h"
#include "result.h"

#include <QHash>
#include <QList>

namespace mapline {

class EventStore;

// Happenings by id, for a page of the viewer's table and its details panel: the fused values,
// reports, sources and disagreements, without the ids of their reports (a GDELT happening may
// have thousands; EventStore::happening() reads one with them). Ids not in the store are
// skipped; an older database without happenings gives an empty hash.
class HappeningLookup {
public:
    static Result<QHash<qint64, Happening>> byIds(const EventStore &store, const QList<qint64> &ids);
};

} // namespace mapline
