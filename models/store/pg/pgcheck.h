#pragma once

// `mapline check --db URL` and `mapline repair --db URL`: what StoreCheck and
// EventStore::repairIndexes are for a SQLite file, on a team's PostgreSQL store (docs/SCHEMA.md,
// "Checking and repairing a PostgreSQL store"). The server keeps its own pages whole (checksums,
// WAL); what can go wrong is what a person or a script does to the store from outside Mapline:
// a column, index, trigger or text-search configuration dropped or altered, a sequence set back
// (a restore of some tables), rows deleted around the foreign keys (session_replication_role),
// events deleted under their happenings. The check reads, in one REPEATABLE READ snapshot:
//   schema_version  the store's version is this Mapline's
//   extensions      PostGIS and unaccent are installed
//   links           no row points at a missing row (events without their article, ...)
//   geometry        events', places' and happenings' `geom` is the point generated from lon/lat
//                   (a generated column of geometry(Point, 4326), every row's point its lon/lat)
//                   and its GiST index is there and valid
//   text_search     the `words` configuration folds diacritics; the GIN indexes over sentences
//                   and titles are there and valid
//   indexes         the schema's other indexes are there and valid
//   triggers        the triggers that count changes, log touched events and mark happenings
//                   stale are there and enabled
//   sequences       every identity sequence's next value is past its table's largest id
//   happenings      no stale happening, no event without a happening or with a missing one, and
//                   each happening's `reports` is the count of its events
// Everything but `links` can be rebuilt from the tables: repair() does so, each step in a
// transaction of its own under the store's write lock (pgwritelock.h), so imports wait for it.
#include "result.h"
#include "store/storecheck.h"

#include <QList>
#include <QStringList>

namespace mapline::pg {

class PgConnection;

namespace pgindexcopy {
struct Prepared;
}

namespace pgcheck {

// Checks the store on `connection` (sets its search path). Fails only when the database cannot be
// read or holds no Mapline store. A store of another schema version gets only the version and
// extension items (the others would judge tables this Mapline does not know).
Result<QList<CheckItem>> run(PgConnection &connection);

// Rebuilds what run() finds wrong and the tables can give back: migrates an older store and adds
// missing extensions where this role may (pgschema::prepare); the text-search configuration; the
// geometry columns (with the event_list view over them); missing and invalid indexes; missing and
// disabled triggers (and their functions); sequences behind their ids; happenings that are stale,
// miscounted or missing (their events fused again, pgfusion.h's fuseUnfused). Each step is one
// transaction; a step with nothing to do writes nothing. Returns what was done, one line a thing
// (empty: nothing needed repair). Rows that point at missing rows are left: they cannot be rebuilt.
Result<QStringList> repair(PgConnection &connection);

// After an import into the store (`mapline import --db URL`): the server's copy of the map's index
// written again when repair() would write it (a store large enough for clients to keep a copy with
// none yet, one more than 5 % behind, one no client can use), so that the first viewer to open the
// store after a large import downloads the index instead of reading every event. Reads every event
// when it writes (the import of a large file pays the stream the viewer would); a small import
// leaves a current copy alone. `connection` is a store's, prepared (pgschema::prepare); what was
// done goes to `done`. The importer reports a failure as a warning: its rows are committed.
// `prepared`: the map's index the import built from its own rows (pgindexcopy::Prepared), written
// instead of reading every event when the store's change count after the commit shows that
// nothing else was written since (else every event is read as without it).
Status refreshIndexCopy(PgConnection &connection, QStringList &done, const pgindexcopy::Prepared *prepared = nullptr);

} // namespace pgcheck
} // namespace mapline::pg
