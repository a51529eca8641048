#pragma once

// The map's index of a PostgreSQL store brought up to date from the index a client holds and
// the position it was read at (pgchangelog.h), reading only what other analysts changed since:
// the ids of the events their transactions touched (change_events, schema version 3), then one
// COPY of those events' rows (and of every report of a happening any of them belongs to, before
// or after, so each happening's lead is chosen among all its reports). The events the old index
// holds and nobody touched are kept as they are: the rows read are merged into the old index's
// columns (EventIndexBuilder::buildOnto, in memory, integer work per kept event, no sort of them);
// the result equals, column by column and row by row, what a full loadEventIndex would build now
// (tests/tst_pgdelta.cpp). The actor and place names are read again in full (a few thousand rows:
// the index interns them in the store's id order), but only when something changed.
//
// When the store cannot say what changed (schema changed, position of another store or from
// before the log was compacted, a counting trigger disabled, a window instead of every event),
// the delta says so and the caller loads in full; refreshEventIndex() does either.
#include "index/eventindex.h"
#include "index/eventindexloader.h"
#include "result.h"
#include "store/pg/pgchangelog.h"

#include <memory>

namespace mapline::pg {

class PgConnection;

struct PgIndexDelta {
    enum class Outcome {
        Unchanged,     // nothing was committed since: `index` is the one given
        Applied,       // `index` is new, built from the old one and what changed
        NeedsFullLoad, // `why` says why; `index` is null
    };
    Outcome outcome = Outcome::NeedsFullLoad;
    std::shared_ptr<const EventIndex> index;
    PgIndexPosition position; // where `index` stands now (Unchanged, Applied)
    QString why;
    qint64 ranges = 0;    // ranges of touched event ids read
    qint64 eventRows = 0; // event rows received
    qint64 bytes = 0;     // bytes of COPY data received
    qint64 kept = 0;      // events taken from the old index
    qint64 removed = 0;   // events of the old index no longer indexed (deleted, or their date cleared)
};

// `current` must be the index loaded (or refreshed) at `from` with the same `options` (a whole
// load: no from/to). One REPEATABLE READ snapshot; with options.persistent the client's cached
// copy is written again for the new state (pgindexcache.h), so the next launch maps it. Fails
// only when the server does (the connection's message); every other reason is NeedsFullLoad.
Result<PgIndexDelta> loadEventIndexDelta(PgConnection &connection, const std::shared_ptr<const EventIndex> &current,
                                         const PgIndexPosition &from, const IndexLoadOptions &options);

// What View > Refresh runs: the delta when it applies, else a full load (pg::loadEventIndex);
// `position` is read and moved forward. `report` (when given) tells which it was.
Result<std::shared_ptr<const EventIndex>> refreshEventIndex(PgConnection &connection,
                                                            const std::shared_ptr<const EventIndex> &current,
                                                            PgIndexPosition *position, const IndexLoadOptions &options,
                                                            PgIndexDelta *report = nullptr);

} // namespace mapline::pg
