#pragma once

#include "result.h"

#include <QDate>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>

#include <initializer_list>
#include <utility>

namespace mapline::sql {

// The reason a query failed. When its prepare() failed unnoticed (a table missing from the
// schema, a damaged schema), exec() says only "Parameter count mismatch": the statement is then
// prepared again for SQLite's own reason.
inline QString failureOf(QSqlQuery &query)
{
    const QString text = query.lastError().text();
    if (text.contains(QLatin1String("Parameter count mismatch")) && !query.lastQuery().isEmpty() &&
        !query.prepare(query.lastQuery()))
        return query.lastError().text();
    return text;
}

// Runs a prepared (and bound) query; on failure the message names `what` and SQLite's reason.
inline Status exec(QSqlQuery &query, const QString &what)
{
    if (query.exec())
        return {};
    return Status::failure(QStringLiteral("%1: %2").arg(what, failureOf(query)));
}

// The same for statements run once per row: the message ("what name") is built only on failure.
template <typename Name>
inline Status exec(QSqlQuery &query, const char *what, const Name &name)
{
    if (query.exec())
        return {};
    return Status::failure(QStringLiteral("%1 %2: %3").arg(QLatin1String(what)).arg(name).arg(failureOf(query)));
}

// Prepares and runs a statement without parameters.
inline Status exec(const QSqlDatabase &db, const QString &statement, const QString &what)
{
    QSqlQuery query(db);
    if (!query.exec(statement))
        return Status::failure(QStringLiteral("%1: %2").arg(what, query.lastError().text()));
    return {};
}

inline Status prepare(QSqlQuery &query, const QString &statement)
{
    if (query.prepare(statement))
        return {};
    return Status::failure(QStringLiteral("cannot prepare \"%1\": %2")
                               .arg(statement.left(80), query.lastError().text()));
}

// Prepares each query with its statement; stops at the first that fails.
inline Status prepareAll(std::initializer_list<std::pair<QSqlQuery *, const char *>> all)
{
    for (const auto &[query, statement] : all) {
        if (Status s = prepare(*query, QString::fromLatin1(statement)); !s)
            return s;
    }
    return {};
}

// NULL for an invalid date, ISO 8601 text otherwise.
inline QVariant dateValue(const QDate &date)
{
    return date.isValid() ? QVariant(date.toString(Qt::ISODate)) : QVariant(QMetaType::fromType<QString>());
}

inline QVariant intOrNull(int value, bool valid)
{
    return valid ? QVariant(value) : QVariant(QMetaType::fromType<int>());
}

} // namespace mapline::sql

namespace mapline::sql {
// Qt's SQLite driver binds a null QString as NULL; NOT NULL text columns get '' instead.
inline QVariant text(const QString &s)
{
    return s.isNull() ? QVariant(QString(QLatin1String(""))) : QVariant(s);
}
} // namespace mapline::sql
