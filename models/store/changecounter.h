#pragma once

#include "result.h"

#include <QByteArray>
#include <QList>
#include <QSqlDatabase>
#include <QString>

namespace mapline {

// A counter in the database that every change to what the EventIndex reads moves, whoever makes
// it: triggers on events, event_actors, actors, places and happenings bump
// mapline_changes.generation in the writer's own transaction (an import, a correction, a
// re-fusion, another program's `sqlite3 ... UPDATE`). With the schema cookie (any DDL, such as
// dropping one of these triggers, moves it) it tells the persistent index copy
// (PersistentIndex) whether it still describes the database. SQLite's own file change counter
// cannot: in WAL mode a commit that does not touch page 1 leaves it unchanged.
// The table and triggers are added by the first read-write open (EventStore::open), not by a
// migration: a file without them is simply never given a persistent copy.
namespace ChangeCounter {

// One trigger: its name and the exact statement that creates it.
struct Trigger {
    QString name;
    QString sql;
};

// Every trigger, in a fixed order.
const QList<Trigger> &triggers();

// "SELECT database_id, generation FROM mapline_changes WHERE id = 1": a random 16-byte id given
// to the database when the counter was installed, and the count of changes since.
const char *stateQuery();

// Adds the table and whatever trigger is missing, in one write transaction (none when nothing
// is missing). A trigger added later means changes went uncounted: the generation moves then.
Status install(const QSqlDatabase &db, const QString &path);

} // namespace ChangeCounter
} // namespace mapline
