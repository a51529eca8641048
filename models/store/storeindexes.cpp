#include "store/storeindexes.h"

#include "store/schema.h"
#include "store/sqlutil.h"

#include <QSet>

#include <algorithm>

namespace mapline {
namespace {

Status exec(const QSqlDatabase &db, const QString &statement, const QString &what)
{
    return sql::exec(db, statement, what);
}

// Takes `tables` (an index's virtual table and shadow tables) out of the schema without reading
// them: DROP TABLE reads a table's pages to free them, and fails on a damaged page or on a virtual
// table whose shadow tables are gone. Their pages stay in the file, unused. Returns whether any
// entry was removed.
Result<bool> removeFromSchema(const QSqlDatabase &db, const QStringList &tables)
{
    using R = Result<bool>;
    if (Status s = exec(db, QStringLiteral("PRAGMA writable_schema=ON"), QStringLiteral("repair")); !s)
        return R::failure(s.error());
    QSqlQuery q(db);
    const QString marks = QStringList(tables.size(), QStringLiteral("?")).join(QLatin1Char(','));
    // [reviewed] `marks` is a list of '?' placeholders; the names are bound.
    const QString statement = QStringLiteral("DELETE FROM sqlite_master WHERE name IN (%1) OR "
                                             "(type = 'index' AND tbl_name IN (%1))").arg(marks);
    Status s = sql::prepare(q, statement);
    if (s) {
        for (int pass = 0; pass < 2; ++pass)
            for (const QString &t : tables)
                q.addBindValue(t);
        s = sql::exec(q, QStringLiteral("repair"));
    }
    const int removed = s ? q.numRowsAffected() : 0;
    // RESET also reloads the schema this connection holds in memory.
    if (Status reset = exec(db, QStringLiteral("PRAGMA writable_schema=RESET"), QStringLiteral("repair")); s && !reset)
        s = reset;
    if (!s)
        return R::failure(s.error());
    return removed > 0;
}

Status runAll(const QSqlDatabase &db, const QStringList &statements, const QString &what)
{
    for (const QString &statement : statements)
        if (Status s = exec(db, statement, what); !s)
            return s;
    return {};
}

} // namespace

Result<QList<StoreIndexes::Missing>> StoreIndexes::missing(const QSqlDatabase &db)
{
    using R = Result<QList<Missing>>;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")))
        return R::failure(q.lastError().text());
    QSet<QString> present;
    while (q.next())
        present.insert(q.value(0).toString());
    if (q.lastError().isValid())
        return R::failure(q.lastError().text());
    QList<Missing> out;
    for (const schema::IndexDefinition &d : schema::indexDefinitions()) {
        Missing m{d.name, d.description, {}, false};
        for (const QString &table : QStringList{d.name} + d.shadows) {
            if (!present.contains(table)) {
                m.objects << table;
                m.tables = true;
            }
        }
        for (const schema::IndexDefinition::Trigger &t : d.triggers)
            if (!present.contains(t.name))
                m.objects << t.name;
        if (!m.objects.isEmpty())
            out << m;
    }
    return out;
}

Status StoreIndexes::healthy(const QSqlDatabase &db, const QString &name)
{
    QSqlQuery q(db);
    if (name == u"events_rtree") {
        if (!q.exec(QStringLiteral("SELECT rtreecheck('events_rtree')")) || !q.next())
            return Status::failure(q.lastError().text());
        const QString result = q.value(0).toString();
        return result == u"ok" ? Status() : Status::failure(result.section(QLatin1Char('\n'), 0, 0));
    }
    // [reviewed] a name of schema::indexDefinitions(), not a value
    if (!q.exec(QStringLiteral("INSERT INTO %1(%1) VALUES('integrity-check')").arg(name)))
        return Status::failure(q.lastError().text());
    return {};
}

Status StoreIndexes::rebuild(const QSqlDatabase &db, const QStringList &names, const QStringList &replace,
                             bool *orphanedPages)
{
    const Result<QList<Missing>> absent = missing(db);
    if (!absent)
        return Status::failure(absent.error());
    for (const schema::IndexDefinition &d : schema::indexDefinitions()) {
        if (!names.isEmpty() && !names.contains(d.name))
            continue;
        const QString what = QStringLiteral("rebuilding the %1 (%2)").arg(d.description, d.name);
        // Its triggers go first: nothing may write into the index while it is rebuilt.
        for (const schema::IndexDefinition::Trigger &t : d.triggers)
            if (Status s = exec(db, QStringLiteral("DROP TRIGGER IF EXISTS ") + t.name, what); !s)
                return s;
        const bool tablesMissing = std::any_of(absent->begin(), absent->end(),
                                               [&](const Missing &m) { return m.index == d.name && m.tables; });
        if (tablesMissing || replace.contains(d.name)) {
            // A new index in place of the old one, whose pages are not read (DROP TABLE would).
            const Result<bool> removed = removeFromSchema(db, QStringList{d.name} + d.shadows);
            if (!removed)
                return Status::failure(QStringLiteral("%1: %2").arg(what, removed.error()));
            if (*removed && orphanedPages)
                *orphanedPages = true;
            if (Status s = exec(db, d.create, what); !s)
                return s;
        }
        if (Status s = runAll(db, d.rebuild, what); !s)
            return s;
        for (const schema::IndexDefinition::Trigger &t : d.triggers)
            if (Status s = exec(db, t.create, what); !s)
                return s;
    }
    return {};
}

QString StoreIndexes::describe(const Missing &missing)
{
    if (missing.objects.contains(missing.index))
        return QStringLiteral("the %1 (%2) is missing").arg(missing.description, missing.index);
    return QStringLiteral("the %1 (%2) lacks %3").arg(missing.description, missing.index, missing.objects.join(QStringLiteral(", ")));
}

} // namespace mapline
