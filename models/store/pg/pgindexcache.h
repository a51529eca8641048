#pragma once

// Where a client keeps its copies of PostgreSQL stores' map indexes (PersistentIndex files, one
// a store): the material is sensitive (every event's place, day, type and actors), so it is the
// user's own cache folder, created 0700, each file 0600, and it can be turned off. A copy is used
// only while the store's change counter (pgchangecounter.h) shows the very state it was built
// at; otherwise the events are streamed from the server again and the copy replaced.
//
// $MAPLINE_INDEX_CACHE: unset, the folder is $XDG_CACHE_HOME/mapline/index (~/.cache/mapline/
// index); "off" (or "0", "no", "none") keeps no copy at all; anything else is the folder to use.
#include "index/eventindex.h"
#include "index/eventindexloader.h"
#include "index/persistentindex.h"

#include <QString>

namespace mapline::pg::pgindexcache {

// The folder, or an empty string when the cache is off.
QString folder();
// The copy of the store whose stamp's databaseId is `databaseId` (hex), in folder().
QString pathFor(const QString &folder, const QByteArray &databaseId);
// Creates `folder` (and its parents) when missing and makes it 0700; false when it cannot.
bool prepareFolder(const QString &folder, QString *why);
// What the copy records of the best known positions: 0 when none was looked up (`asked`), else
// the options' fingerprint of them (1 when they give none: such a copy is never used).
quint64 fingerprint(const IndexLoadOptions &options, bool asked);
// Writes `index` as the copy at `path` for `stamp` (its folder made first, the file 0600); what
// goes wrong is said in the log ("mapline.index") and never fails the caller's load. True when written.
bool keep(const EventIndex &index, const IndexStamp &stamp, quint64 fingerprint, const QString &path);

} // namespace mapline::pg::pgindexcache
