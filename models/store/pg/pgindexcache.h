#pragma once

// Where a client keeps its copies of PostgreSQL stores' map indexes (PersistentIndex files, one
// a store): the material is sensitive (every event's place, day, type and actors), so it is the
// user's own cache folder, created 0700, each file 0600, and it can be turned off. A copy is used
// only while the store's change counter (pgchangecounter.h) shows the very state it was built
// at; otherwise the events are streamed from the server again and the copy replaced.
//
// $MAPLINE_INDEX_CACHE: unset, the folder is $XDG_CACHE_HOME/mapline/index (~/.cache/mapline/
// index); "off" (or "0", "no", "none") keeps no copy at all; anything else is the folder to use.
#include <QString>

namespace mapline::pg::pgindexcache {

// The folder, or an empty string when the cache is off.
QString folder();
// The copy of the store whose stamp's databaseId is `databaseId` (hex), in folder().
QString pathFor(const QString &folder, const QByteArray &databaseId);
// Creates `folder` (and its parents) when missing and makes it 0700; false when it cannot.
bool prepareFolder(const QString &folder, QString *why);

} // namespace mapline::pg::pgindexcache
