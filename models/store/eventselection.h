#pragma once

// The WHERE clause an EventQuery selects events by, shared by EventStore's readers of events
// (eventstore_query.cpp: Events; eventstore_readrecords.cpp: the command line's records).
// Internal to models/store.
#include "store/eventquery.h"

#include <QString>
#include <QVariantList>

class QSqlQuery;

namespace mapline {

// A WHERE clause over `events e` with its positional parameters, built once and bound to
// every query that needs the same selection.
struct EventSelection {
    QString where;
    QVariantList params;

    void add(const QString &clause, const QVariantList &values = {})
    {
        where += where.isEmpty() ? QStringLiteral(" WHERE ") : QStringLiteral(" AND ");
        where += clause;
        params += values;
    }
    void bind(QSqlQuery &query) const;

    // Every filter of `query` but its limit (and `near`'s exact distance, checked on each row).
    static EventSelection of(const EventQuery &query);
};

} // namespace mapline
