#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace mapline::schema {

// The schema is a public interface (docs/SCHEMA.md): analysts query the file directly.
// Each migration takes the database from version - 1 to `version` and runs in one transaction.
struct Migration {
    int version;
    QStringList statements;
    // Then fuse the whole database into happenings, in the same transaction (EventStore::refuse).
    bool fuse = false;
};

// The migration that adds the sides of the conflict (`sides`, `side_members`, docs/CONTROL.md).
// EventStore::migrate fills them from the shipped lexicon in that migration's transaction. Renumber
// here only: the migration list and the seeding both use this constant.
constexpr int kSidesVersion = 6;
constexpr int kApplicationId = 0x4D504C4E; // "MPLN" in PRAGMA application_id
const QList<Migration> &migrations();
int latestVersion();

// A full-text or spatial index (a virtual table over a table) as the latest schema defines it,
// with the triggers that keep it in step: what EventStore checks on open and `mapline repair`
// rebuilds (store/storeindexes.cpp). A migration that changes one of them changes it here too.
struct IndexDefinition {
    struct Trigger {
        QString name;
        QString create;
    };
    QString name;          // the virtual table
    QString description;   // for messages: "full-text index of the sentences"
    QString create;        // CREATE VIRTUAL TABLE ...
    QStringList shadows;   // the tables SQLite keeps it in
    QStringList rebuild;   // fill it from its table, run in order (it may hold anything before)
    QList<Trigger> triggers;
};
const QList<IndexDefinition> &indexDefinitions();

} // namespace mapline::schema
