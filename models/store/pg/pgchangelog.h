#pragma once

// Which events each writing transaction touched (schema version 3, docs/SCHEMA.md "change_events"),
// so that a client holding the map's index can read only what changed since it was built
// (pgindexdelta.h) instead of streaming every event again.
//
// A client's position is the PostgreSQL snapshot (pg_current_snapshot()) its index was read in:
// the transactions committed after it are exactly those whose id that snapshot does not show as
// visible (pg_visible_in_snapshot), whatever order they started and committed in, which a
// counter or an identity column cannot say (a transaction holding a lower number may commit
// after one holding a higher). Every writing transaction's change_events rows carry its id.
//
// The rows are ranges of event ids [first_id, last_id], written set-wise by statement-level
// triggers over the statement's transition tables (REFERENCING NEW TABLE / OLD TABLE): one
// aggregate pass over the rows a statement wrote, one range when the ids are dense (a COPY
// import, 1,000,000 rows: one range), else one range per run of consecutive ids. A range may
// cover more ids than were touched (at most twice as many): reading a few more is harmless,
// missing one is not. Changes to actors, places and happenings reach the events that show them.
//
// NOTIFY: the counting trigger (pgchangecounter.h) notifies channel "mapline_changes" (payload:
// the store's schema) once per writing transaction, which PostgreSQL delivers at commit.
#include "index/persistentindex.h"
#include "result.h"

#include <QDateTime>
#include <QStringList>

namespace mapline::pg {

class PgConnection;

// Where a client's copy of the index stands: the snapshot it was read in, and that snapshot's
// stamp (the store's id, change count, triggers' hash, schema version). Empty: no position.
struct PgIndexPosition {
    IndexStamp stamp;
    QString snapshot; // pg_snapshot's text, "xmin:xmax:xip,..."
    bool whole = false; // every event was read (no from/to window)

    bool isValid() const { return !snapshot.isEmpty() && stamp.usable(); }
};

namespace pgchangelog {

// The channel the counting trigger notifies.
inline constexpr const char kChannel[] = "mapline_changes";

// The statements of the migration step (version 3; one transaction, pgschema).
QStringList migration();
// The triggers that log touched events, one per table and operation (plus TRUNCATE).
const QStringList &triggers();

// The position of the caller's current snapshot (call inside its REPEATABLE READ transaction,
// with `stamp` read in the same one).
Result<PgIndexPosition> position(PgConnection &connection, const IndexStamp &stamp, bool whole);

// Whether a writing transaction committed since `from` (one indexed query, of the transactions
// `from`'s snapshot does not show; nothing else is read). Its own short transaction; call it
// outside any. A position of another store or schema counts as changed.
Result<bool> changedSince(PgConnection &connection, const PgIndexPosition &from);

// Asks the server to deliver the counting trigger's notices on this connection (LISTEN). The
// connection must then stay outside transactions for notices to arrive; watch its socket
// (socket(), say with a QSocketNotifier) and call takeNotices() when it
// is readable.
Status listen(PgConnection &connection);
// The connection's socket, to watch for notices.
int socket(PgConnection &connection);
// Reads what the socket holds and returns how many commits of this store were notified since
// the last call (0: none; -1 with the connection lost).
int takeNotices(PgConnection &connection);

// Deletes change_events rows of transactions that ended before `before` (and before every
// transaction still open), and records how far the log now reaches: a position from before
// that then gets a full load (pgindexdelta.h). The count of change_log is left as it is.
// Returns the rows deleted.
Result<qint64> compact(PgConnection &connection, const QDateTime &before);

} // namespace pgchangelog
} // namespace mapline::pg
