#pragma once

// The EventIndex of a PostgreSQL store, as loadEventIndex (index/eventindexloader.h) builds it
// from a SQLite file: the same events, columns, names and ids, so the map, snapshots and
// animations are the same from either store (tests/tst_pgread.cpp compares them). Streamed: the
// actors and place names first, then every event with its actor ids in one `COPY (SELECT ...) TO
// STDOUT` ordered by id, decoded a line at a time as libpq hands it over (never a round trip a
// row), all in one REPEATABLE READ snapshot. One thread: the connection's.
#include "index/eventindex.h"
#include "index/eventindexloader.h"
#include "result.h"
#include "store/pg/pgchangelog.h"

#include <memory>

namespace mapline::pg {

class PgConnection;

// What a load read, for the tests and the timing log.
struct PgIndexLoadStats {
    qint64 eventRows = 0; // event rows received from the server
    qint64 bytes = 0;     // bytes of COPY data received
    bool fromServerCopy = false;      // the server's copy (pgindexcopy.h) was downloaded and used
    qint64 serverCopyBytes = 0;       // its bytes
    bool serverCopyRefreshed = false; // ...and written again after a large delta
    bool serverCopyWritten = false;   // a full load wrote the server's copy
};

// Reads the store behind `connection` (whose search_path pgschema::prepare has set). Honours
// `options.from`/`to` (only the events reaching into the window) and `bestKnownPosition`;
// `persistent` keeps the client's copy (pgindexcache.h); without a usable one of its own, the
// client takes the server's copy brought up to date by the delta (pgindexcopy.h), and after a
// full load writes the server's copy where the store has none it could use. `position` (when given): where the
// index stands, for a later delta load (pgindexdelta.h); not valid when the store cannot say
// (no change counter, a counting trigger disabled).
Result<std::shared_ptr<const EventIndex>> loadEventIndex(PgConnection &connection, const IndexLoadOptions &options,
                                                         PgIndexLoadStats *stats = nullptr,
                                                         PgIndexPosition *position = nullptr);

} // namespace mapline::pg
