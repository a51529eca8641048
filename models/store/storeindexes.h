#pragma once

// The store's full-text and spatial indexes with their triggers (schema::indexDefinitions()):
// whether they are all in the schema, and their rebuilding from the tables. Internal to
// models/store: EventStore::open checks them (and, for a writing open, restores what is missing),
// EventStore::repairIndexes rebuilds them all for `mapline repair`.
#include "result.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace mapline {

class StoreIndexes {
public:
    struct Missing {
        QString index;       // the virtual table
        QString description; // "full-text index of the sentences"
        QStringList objects; // what is not in the schema: the virtual table, shadow tables, triggers
        bool tables = false; // a table is missing (not only triggers)
    };

    // One look at the schema; empty when everything is there.
    static Result<QList<Missing>> missing(const QSqlDatabase &db);

    // Whether an index's own pages can all be read and agree with each other (FTS5's
    // integrity-check, rtreecheck). Run it outside any transaction: once SQLite meets a damaged
    // page inside a write transaction, no later write of that transaction succeeds.
    static Status healthy(const QSqlDatabase &db, const QString &name);

    // Rebuilds the indexes named (every one when `names` is empty) from their tables and
    // restores their triggers, in the caller's transaction. An index with missing tables, or one
    // of `replace` (damaged: healthy() failed), is taken out of the schema without being read and
    // created anew; its old pages then stay in the file, unused, until VACUUM: `orphanedPages`
    // is set.
    static Status rebuild(const QSqlDatabase &db, const QStringList &names, const QStringList &replace,
                          bool *orphanedPages);

    // "the full-text index of the sentences (sentences_fts) lacks sentences_ai", for messages.
    static QString describe(const Missing &missing);
};

} // namespace mapline
