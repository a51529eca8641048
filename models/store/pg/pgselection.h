#pragma once

// A WHERE clause and its text parameters for PgConnection::query: placeholders are written '?'
// and numbered $1, $2... as clauses are added. Internal to models/store/pg.
#include <QList>
#include <QString>

namespace mapline::pg {

struct PgSelection {
    QString where;
    QList<QString> params;

    void add(QString clause, const QList<QString> &values = {})
    {
        for (const QString &v : values) {
            params << v;
            clause.replace(clause.indexOf(QLatin1Char('?')), 1, QStringLiteral("$%1").arg(params.size()));
        }
        where += where.isEmpty() ? QStringLiteral(" WHERE ") : QStringLiteral(" AND ");
        where += clause;
    }
    // A double as text that reads back as the same value.
    static QString number(double value) { return QString::number(value, 'g', 17); }
};

} // namespace mapline::pg
