#pragma once

// Builds the spatial index of the events (events_rtree, SQLite's R*Tree module) in one pass
// instead of entry by entry: the entries are packed into full nodes in memory (sort-tile-
// recursive: sorted by longitude into vertical slices, each slice by latitude, then the same one
// level up over the nodes' boxes until one node holds the rest: the root) and the nodes are
// written straight into the module's shadow tables (`_node`: one blob a node; `_rowid`: the leaf
// of every entry; `_parent`: the parent of every node but the root) in the layout the module
// reads: a node is a 2-byte depth (meaningful in the root only) and a 2-byte cell count, big-
// endian, then its cells, each an 8-byte id (an entry's rowid in a leaf, a child's node number
// above) and the box as four 32-bit floats (min_lon, max_lon, min_lat, max_lat), big-endian. The
// root is node 1, and the node size is the length of the root blob the module itself created.
//
// Coordinates are rounded to floats the way the module rounds an inserted entry (the lower bound
// down, the upper bound up), so a query answers exactly as it does on a tree built by inserts
// (tests/tst_rtreebulkload.cpp compares them, and rtreecheck() the structure).
//
// Internal to models/store; runs in the caller's transaction (a crash or a rollback leaves the
// old tree), on the store's own connection.
#include "result.h"

#include <QString>

#include <vector>

struct sqlite3;

namespace mapline {

class RtreeBulkLoad {
public:
    // Whether replacing the whole tree is cheaper than inserting `added` entries into a tree of
    // `present` (an insert costs 5-7 µs, a bulk load about 1 µs an entry of the whole tree).
    static bool worthIt(qint64 added, qint64 present);

    // Whether no statement of the connection is part way through its rows: DROP TABLE fails
    // ("database table is locked") while one is, so the caller inserts instead.
    static bool connectionIdle(sqlite3 *db);

    // Drops events_rtree, creates it again with `createStatement` (the schema's) and fills it
    // with every event that has a position. No statement of the connection may be reading the
    // table meanwhile (DROP TABLE would fail: "database table is locked").
    static Status rebuildEvents(sqlite3 *db, const QString &createStatement);

    // Fills `table`, an R*Tree of two dimensions created just before (still empty), with a point
    // entry (x, y) for each id, in the same packing (`ids` ascending; a GeoPackage's spatial
    // index, written by EventExporter).
    static Status loadPoints(sqlite3 *db, const QString &table, const std::vector<qint64> &ids,
                             const std::vector<double> &xs, const std::vector<double> &ys);

    // The module's own rounding of a coordinate to the float stored: the lower bound of a box
    // (never above `value`) and the upper bound (never below it).
    static float lowerBound(double value);
    static float upperBound(double value);
};

} // namespace mapline
