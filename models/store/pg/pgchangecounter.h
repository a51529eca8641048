#pragma once

// The change counter of a PostgreSQL store (docs/SCHEMA.md, "mapline_changes and change_log"):
// what tells a client's cached copy of the map's index (pgindexcache.h) and a viewer's refresh
// whether anything the index reads has changed since. SQLite's counter (store/changecounter.h)
// is one row every writer updates; on a server that row would serialize every writer and could
// deadlock two imports (one holds the counter and waits for the other's article hash). Here each
// writing transaction instead inserts one row of its own into change_log (a statement-level
// trigger on every table the index reads; its transaction id unique, so no writer ever waits for
// another), and the count of rows a snapshot sees is the number of committed writing
// transactions: snapshots taken later see a superset, so an equal count means the same commits.
// Installed by the store's migration (pgschema.cpp); never copied by `mapline copy`.
#include "index/persistentindex.h"
#include "result.h"

#include <QStringList>

namespace mapline::pg {

class PgConnection;

namespace pgchangecounter {

// The statements of the migration step that installs the counter (one transaction, pgschema).
QStringList migration();
// The counting triggers' names, one a table the index reads.
const QStringList &triggers();

// The stamp of what the caller's current snapshot shows (call inside its REPEATABLE READ
// transaction): `databaseId` the hex MD5 of the URL, the store's random id and the database's
// oid (so a cache kept for one store is never taken for another, even a `pg_dump` of it on
// another server); `generation` the count of change_log; `schemaCookie` a hash of the schema's
// triggers and whether each is enabled; `userVersion` the schema version; `maxEventId`.
// Not usable() when a counting trigger is missing or disabled (changes could go uncounted).
Result<IndexStamp> stamp(PgConnection &connection);

} // namespace pgchangecounter
} // namespace mapline::pg
