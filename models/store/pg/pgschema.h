#pragma once

// The schema of a PostgreSQL store (docs/SCHEMA.md, "PostgreSQL"): the SQLite store's public
// tables, columns and view in a PostgreSQL schema of their own (`mapline`), with PostGIS points
// (EPSG:4326) generated from lon/lat and GiST indexes, and PostgreSQL's text search (GIN over
// sentences and titles, diacritics folded by unaccent). The version is settings.schema_version;
// migrations take a store forward, each in one transaction, as for SQLite (store/schema.h).
// Version 1 of the PostgreSQL store is SQLite schema version 7.
#include "result.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace mapline::pg {

class PgConnection;

namespace pgschema {

inline constexpr const char kSchema[] = "mapline";
// The settings key of the version: the store's own bookkeeping, not copied by `mapline copy`.
inline constexpr const char kVersionKey[] = "schema_version";

struct Migration {
    int version;
    QStringList statements;
};
const QList<Migration> &migrations();
int latestVersion();

// The `geom` column of events, places and happenings (a PostGIS point generated from lon/lat), as
// the store's tables declare it; and the event_list view's CREATE statement. For the migrations
// and `mapline repair` (pgcheck.h), which adds them again.
QString pointColumn();
QString eventListView();

enum class Mode {
    Create,   // create the store when the database has none, migrate an older one forward
    ReadOnly, // refuse a database without a store, and one older than this program (no writes)
};

// Sets the connection's search_path to the store's schema and PostGIS's, and makes sure the store
// is there at the latest version (Create) or checks that it is (ReadOnly). Returns the version.
// Refuses: a `mapline` schema that is not Mapline's, a newer version, PostGIS or unaccent missing
// when this role may not add them (the message says what the database's administrator must run).
Result<int> prepare(PgConnection &connection, Mode mode);

// The store's tables that `mapline copy` moves, in an order that keeps foreign keys satisfied.
const QStringList &tables();

} // namespace pgschema
} // namespace mapline::pg
