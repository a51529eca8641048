#pragma once

// `mapline copy --from SRC --to DST`: a whole store from SQLite to PostgreSQL, back, or between two
// SQLite files. Every row of every public table (docs/SCHEMA.md) with its id, so every reference
// (events.happening_id, corrections.event_id, article ids) stays valid; what the destination
// derives from its tables (SQLite's full-text and spatial indexes, PostgreSQL's id sequences and
// geometry) is rebuilt there. Tables stream one row at a time, in one read snapshot of the source
// and one transaction on the destination: a failed or killed copy leaves the destination as it
// was (a SQLite file the copy created is removed again).
#include "result.h"

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <functional>

namespace mapline {

class StoreCopy {
public:
    struct Report {
        QList<QPair<QString, qint64>> rows; // table, rows copied, in the order copied
        QStringList warnings;               // an analyst's own tables, not copied
    };
    enum class Failure {
        None,
        Refused, // the destination already holds data, or is the source: nothing done (exit 2)
        Failed,  // a store could not be opened, read or written: nothing done (exit 1)
    };

    // `from` and `to`: a SQLite file or a postgresql:// URL. `progress` (optional) hears each table
    // as it is done. On failure, `*failure` says which kind.
    static Result<Report> run(const QString &from, const QString &to, Failure *failure,
                              const std::function<void(const QString &table, qint64 rows)> &progress = {});

    // The tables copied and the settings the destination keeps for itself (its schema version).
    static const QStringList &tables();
};

} // namespace mapline
