#pragma once

// A large load into a PostgreSQL store (`mapline copy` into an empty store, a dataset file at least
// as large as the store) is fastest without the store's secondary indexes (text search, GiST,
// btree) and foreign keys, built again once over the whole tables: one sort per index and one
// anti-join per key, rather than one index entry and one trigger look-up per row. The unique and
// primary keys stay (they check each row), but for the tables the caller names (`keyTables`: those
// whose rows it writes with ids it chose, so no row can clash): their keys too are built again
// after the rows (1,000,000 events: the primary key's entry per row cost 1.5 s in the COPY, its
// build 0.3 s). Both steps run inside the caller's transaction, so a
// load that fails or is killed leaves them as they were; other sessions reading the tables wait
// for the commit (ALTER TABLE and DROP INDEX take their tables' exclusive lock).
#include "result.h"

#include <QStringList>

namespace mapline::pg {

class PgConnection;

// Drops the secondary indexes and foreign keys of the store's schema, and the primary and unique
// keys of `keyTables`; the statements that put them back (the primary and unique keys first, then
// the indexes, then the foreign keys: their checks use both), to run with restoreAfterLoad().
Result<QStringList> dropForLoad(PgConnection &connection, const QStringList &keyTables = {});
Status restoreAfterLoad(PgConnection &connection, const QStringList &statements);

} // namespace mapline::pg
