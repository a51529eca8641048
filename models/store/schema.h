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

constexpr int kApplicationId = 0x4D504C4E; // "MPLN" in PRAGMA application_id
const QList<Migration> &migrations();
int latestVersion();

} // namespace mapline::schema
