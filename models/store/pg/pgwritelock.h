#pragma once

// How every write into a PostgreSQL store begins (imports of articles and datasets): a transaction
// that first takes one transaction-scoped advisory lock, the same for every writer, so the writers
// of a store take their turn whole transaction by whole transaction. Nothing then waits for row
// locks in two orders (no deadlock), and the fusion step that must see every earlier write sees it
// (READ COMMITTED: each statement sees what was committed before it). Readers never wait. The lock
// goes with the transaction: at COMMIT, at ROLLBACK, or when the connection drops (a killed
// process). Not the key pgschema::prepare() takes to create the schema, so a writer never waits
// for a schema being created inside its own turn.
#include "result.h"

#include <QString>

namespace mapline::pg {

class PgConnection;

inline constexpr qint64 kWriteLockKey = 0x4d61706c696e6557; // "MaplineW"

// BEGIN and the lock; a failure leaves no transaction open.
Status beginWrite(PgConnection &connection, const QString &what);
// Whether the last failure of `connection` was a serialization failure or a deadlock the server
// broke (SQLSTATE 40001, 40P01): the transaction is lost, and may be run again as it was.
bool failedTransiently(const PgConnection &connection);
// How many times a transaction that failed transiently is tried again before it fails.
inline constexpr int kWriteRetries = 4;

} // namespace mapline::pg
