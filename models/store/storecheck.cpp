#include "store/storecheck.h"

#include "store/rawconnection.h"
#include "store/schema.h"

#include <QFile>
#include <QLocale>
#include <QSet>

#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>

namespace mapline {
namespace {

// The first column of `sql`'s rows, or the error as the only problem.
QStringList rowsOf(RawConnection &db, const QByteArray &sql, QStringList *problems)
{
    QStringList rows;
    if (db.run(sql.constData(), &rows) != SQLITE_OK)
        *problems << db.error();
    return rows;
}

} // namespace

Result<QList<CheckItem>> StoreCheck::run(const QString &path)
{
    using R = Result<QList<CheckItem>>;
    RawConnection db;
    const bool writable = ::access(QFile::encodeName(path).constData(), W_OK) == 0;
    if (db.open(path, writable) != SQLITE_OK)
        return R::failure(QStringLiteral("%1: cannot open: %2").arg(path, db.error()));
    db.setBusyTimeout(10000);
    const bool canWrite = db.writable();
    // One snapshot for every check; for a writable connection a write transaction (the FTS5
    // check is an INSERT), rolled back at the end.
    if (db.run(canWrite ? "BEGIN IMMEDIATE" : "BEGIN") != SQLITE_OK || db.run("SELECT 1 FROM sqlite_master LIMIT 1") != SQLITE_OK)
        return R::failure(QStringLiteral("%1: cannot read: %2").arg(path, db.error()));
    QList<CheckItem> items;

    CheckItem integrity{QStringLiteral("integrity_check"), QStringLiteral("tables and indexes"), {}, false, {}};
    for (const QString &row : rowsOf(db, "PRAGMA integrity_check(20)", &integrity.problems))
        if (row != u"ok")
            integrity.problems << row;
    items << integrity;

    CheckItem keys{QStringLiteral("foreign_key_check"), QStringLiteral("links between tables"), {}, false, {}};
    QStringList fk;
    if (db.run("SELECT \"table\" || ' row ' || rowid || ' points to a missing row of ' || parent "
               "FROM pragma_foreign_key_check",
               &fk) != SQLITE_OK)
        keys.problems << db.error();
    keys.problems += fk.mid(0, 20);
    if (fk.size() > 20)
        keys.problems << QStringLiteral("%1 more").arg(fk.size() - 20);
    items << keys;

    QSet<QString> present;
    for (const QString &name : rowsOf(db, "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')",
                                      &integrity.problems))
        present.insert(name);
    for (const schema::IndexDefinition &d : schema::indexDefinitions()) {
        CheckItem item{d.name, d.description, {}, true, {}};
        QStringList missing;
        for (const QString &table : QStringList{d.name} + d.shadows)
            if (!present.contains(table))
                missing << table;
        for (const schema::IndexDefinition::Trigger &t : d.triggers)
            if (!present.contains(t.name))
                missing << t.name;
        if (!missing.isEmpty())
            item.problems << QStringLiteral("missing: %1").arg(missing.join(QStringLiteral(", ")));
        const bool tables = std::none_of(missing.begin(), missing.end(), [&](const QString &m) {
            return m == d.name || d.shadows.contains(m);
        });
        if (tables && d.name.endsWith(QLatin1String("_fts"))) {
            if (!canWrite) {
                item.note = QStringLiteral("content not checked: the file is read-only here");
            } else {
                const QByteArray check = QStringLiteral("INSERT INTO %1(%1, rank) VALUES('integrity-check', 1)")
                                             .arg(d.name)
                                             .toUtf8(); // [reviewed] a name of schema::indexDefinitions()
                if (db.run(check.constData()) != SQLITE_OK)
                    item.problems << db.error();
            }
        } else if (tables) {
            for (const QString &row : rowsOf(db, "SELECT rtreecheck('events_rtree')", &item.problems))
                if (row != u"ok")
                    item.problems << row.split(QLatin1Char('\n'), Qt::SkipEmptyParts).mid(0, 10);
            QStringList counts;
            if (db.run("SELECT (SELECT count(*) FROM events e WHERE lon IS NOT NULL AND lat IS NOT NULL AND NOT EXISTS "
                       "(SELECT 1 FROM events_rtree r WHERE r.id = e.id)) || ' ' || "
                       "(SELECT count(*) FROM events_rtree r WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.id = r.id "
                       "AND e.lon BETWEEN r.min_lon AND r.max_lon AND e.lat BETWEEN r.min_lat AND r.max_lat)) || ' ' || "
                       "(SELECT count(*) FROM events_rtree)",
                       &counts) != SQLITE_OK) {
                item.problems << db.error();
            } else {
                const QStringList n = counts.value(0).split(QLatin1Char(' '));
                if (n.value(0).toLongLong() > 0)
                    item.problems << QStringLiteral("%1 placed events are not in it (a search by place misses them)")
                                         .arg(n.value(0));
                if (n.value(1).toLongLong() > 0)
                    item.problems << QStringLiteral("%1 of its entries match no event's position").arg(n.value(1));
                item.note = QStringLiteral("%1 entries").arg(QLocale::system().toString(n.value(2).toLongLong()));
            }
        }
        items << item;
    }
    db.run("ROLLBACK");
    return items;
}

} // namespace mapline
