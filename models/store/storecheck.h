#pragma once

// `mapline check`: every check SQLite and its extensions offer, run on the store's file through a
// connection of its own. The FTS5 integrity-check is an INSERT (that writes nothing) and needs a
// writable connection: all checks run inside one transaction that is rolled back, and the
// connection never checkpoints on close. Internal to models/store; EventStore::check runs it.
#include "result.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace mapline {

struct CheckItem {
    QString name;        // "integrity_check", "sentences_fts", ...
    QString description; // "tables and indexes", "full-text index of the sentences", ...
    QStringList problems; // empty: passed
    bool indexProblem = false; // a problem `mapline repair` can fix (an index or its triggers)
    QString note;        // "12,345 entries", "skipped: the file is read-only"
};

class StoreCheck {
public:
    // `path` has been accepted by EventStore::open. Fails only when the file cannot be opened.
    static Result<QList<CheckItem>> run(const QString &path);
};

} // namespace mapline
