#include "store/changecounter.h"

#include "store/sqlutil.h"

#include <QSet>

namespace mapline::ChangeCounter {
namespace {

const QString kChangesTable = QStringLiteral(
    "CREATE TABLE IF NOT EXISTS mapline_changes (id INTEGER PRIMARY KEY CHECK (id = 1), "
    "database_id BLOB NOT NULL, generation INTEGER NOT NULL)");

struct WatchedTable {
    const char *table;
    const char *columns; // what an UPDATE must touch to matter to the index
    bool inserts;
};

// What models/index/eventindexloader.cpp reads. A new actor or place alone changes nothing the
// index shows, but one inserted under the id of a dangling reference (no foreign keys in another
// program's connection) would: inserts count there too.
const WatchedTable kWatchedTables[] = {
    {"events", "id, date, date_end, lon, lat, geo_precision, type, flags, place_id, happening_id", true},
    {"event_actors", "event_id, actor_id", true},
    {"actors", "id, name", true},
    {"places", "id, name, admin1, country", true},
    {"happenings", "id, date, date_end, lon, lat, sources", true},
};

} // namespace

const QList<Trigger> &triggers()
{
    static const QList<Trigger> list = [] {
        QList<Trigger> out;
        const QString body = QStringLiteral(" BEGIN UPDATE mapline_changes SET generation = generation + 1; END");
        for (const WatchedTable &w : kWatchedTables) {
            const QString table = QString::fromLatin1(w.table);
            const QString prefix = QStringLiteral("mapline_changes_") + table;
            if (w.inserts)
                out.append({prefix + QStringLiteral("_i"),
                            QStringLiteral("CREATE TRIGGER %1_i AFTER INSERT ON %2").arg(prefix, table) + body});
            out.append({prefix + QStringLiteral("_u"),
                        QStringLiteral("CREATE TRIGGER %1_u AFTER UPDATE OF %2 ON %3")
                                .arg(prefix, QString::fromLatin1(w.columns), table) +
                            body});
            out.append({prefix + QStringLiteral("_d"),
                        QStringLiteral("CREATE TRIGGER %1_d AFTER DELETE ON %2").arg(prefix, table) + body});
        }
        return out;
    }();
    return list;
}

const char *stateQuery()
{
    return "SELECT database_id, generation FROM mapline_changes WHERE id = 1";
}

Status install(const QSqlDatabase &db, const QString &path)
{
    QSet<QString> present;
    bool haveTable = false;
    QSet<QString> tables;
    {
        QSqlQuery q(db);
        if (!q.exec(QStringLiteral("SELECT type, name FROM sqlite_master WHERE type IN ('table', 'trigger')")))
            return Status::failure(QStringLiteral("%1: cannot read the schema: %2").arg(path, q.lastError().text()));
        while (q.next()) {
            const QString name = q.value(1).toString();
            if (q.value(0).toString() == QLatin1String("trigger"))
                present.insert(name);
            else
                tables.insert(name);
        }
        haveTable = tables.contains(QStringLiteral("mapline_changes"));
    }
    QList<const Trigger *> missing;
    for (const Trigger &t : triggers()) {
        const QString table = t.name.mid(16, t.name.size() - 18); // mapline_changes_TABLE_x
        if (!present.contains(t.name) && tables.contains(table))
            missing.append(&t);
    }
    if (haveTable && missing.isEmpty())
        return {};
    const QString what = QStringLiteral("%1: adding the change counter of the index copy").arg(path);
    if (Status s = sql::exec(db, QStringLiteral("BEGIN IMMEDIATE"), what); !s)
        return s;
    const auto fail = [&](Status s) {
        sql::exec(db, QStringLiteral("ROLLBACK"), what);
        return s;
    };
    if (Status s = sql::exec(db, kChangesTable, what); !s)
        return fail(s);
    if (Status s = sql::exec(db, QStringLiteral("INSERT OR IGNORE INTO mapline_changes (id, database_id, generation) "
                                                "VALUES (1, randomblob(16), 0)"),
                             what);
        !s)
        return fail(s);
    // Another connection may have added some while this one waited for the write lock.
    QSqlQuery now(db);
    if (!now.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'trigger'")))
        return fail(Status::failure(QStringLiteral("%1: %2").arg(what, now.lastError().text())));
    present.clear();
    while (now.next())
        present.insert(now.value(0).toString());
    for (const Trigger *t : std::as_const(missing))
        if (!present.contains(t->name))
            if (Status s = sql::exec(db, t->sql, what); !s)
                return fail(s);
    if (Status s = sql::exec(db, QStringLiteral("UPDATE mapline_changes SET generation = generation + 1"), what); !s)
        return fail(s);
    return sql::exec(db, QStringLiteral("COMMIT"), what);
}

} // namespace mapline::ChangeCounter
