#include "store/pg/pgchangelog.h"

#include "store/pg/pgconnection.h"
#include "store/pg/pgschema.h"

#include <libpq-fe.h>

namespace mapline::pg::pgchangelog {
namespace {

// Per table the index reads: the ids of the events a statement's rows show, from a relation
// named %1 (the statement's transition table).
struct Logged {
    const char *table;
    const char *eventIds;
};
constexpr Logged kLogged[] = {
    {"events", "SELECT id FROM %1"},
    {"event_actors", "SELECT event_id FROM %1"},
    // An actor renamed, a place's name or position changed, a happening fused again: the events
    // that show them (event_actors and events are indexed on these keys; places are never
    // updated by Mapline, only inserted, so a scan of events for a hand-made change is fine).
    {"actors", "SELECT ea.event_id FROM event_actors ea WHERE ea.actor_id IN (SELECT id FROM %1)"},
    {"places", "SELECT e.id FROM events e WHERE e.place_id IN (SELECT id FROM %1)"},
    {"happenings", "SELECT e.id FROM events e WHERE e.happening_id IN (SELECT id FROM %1)"},
};

QString sqlLiteral(QString text)
{
    return QLatin1Char('\'') + text.replace(QLatin1Char('\''), QStringLiteral("''")) + QLatin1Char('\'');
}

} // namespace

const QStringList &triggers()
{
    static const QStringList list = [] {
        QStringList names;
        for (const Logged &l : kLogged)
            for (const char *op : {"insert", "update", "delete", "truncate"})
                names << QStringLiteral("%1_log_%2").arg(QLatin1String(l.table), QLatin1String(op));
        return names;
    }();
    return list;
}

QStringList migration()
{
    QStringList statements = {
        // Every writing transaction's change_events rows are kept from this transaction on;
        // compact() moves it forward.
        QStringLiteral("ALTER TABLE mapline_changes ADD COLUMN events_logged_from xid8 NOT NULL DEFAULT '0'"),
        QStringLiteral("UPDATE mapline_changes SET events_logged_from = pg_current_xact_id()"),
        QStringLiteral("CREATE TABLE change_events (xact xid8 NOT NULL DEFAULT pg_current_xact_id(), "
                       "first_id bigint NOT NULL, last_id bigint NOT NULL CHECK (last_id >= first_id))"),
        QStringLiteral("CREATE INDEX change_events_xact ON change_events(xact)"),
        // TG_ARGV[0]: the statement's event ids as a query over its transition tables (run by
        // EXECUTE, which sees them). Dense ids (span at most twice their count): one range, from
        // one aggregate pass; else one range per run of consecutive ids (a sort). TRUNCATE has
        // no transition table: every id.
        QStringLiteral(
            "CREATE FUNCTION log_touched_events() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$"
            "DECLARE lo bigint; hi bigint; n bigint; "
            "BEGIN "
            "IF TG_OP = 'TRUNCATE' THEN "
            "INSERT INTO change_events (first_id, last_id) VALUES (-9223372036854775808, 9223372036854775807); "
            "RETURN NULL; END IF; "
            "EXECUTE 'SELECT min(i), max(i), count(*) FROM (' || TG_ARGV[0] || ') s(i)' INTO lo, hi, n; "
            "IF n = 0 THEN RETURN NULL; END IF; "
            "IF hi::numeric - lo < 2 * n THEN "
            "INSERT INTO change_events (first_id, last_id) VALUES (lo, hi); "
            "ELSE EXECUTE 'INSERT INTO change_events (first_id, last_id) SELECT min(i), max(i) FROM (SELECT i, i - "
            "dense_rank() OVER (ORDER BY i) AS g FROM (' || TG_ARGV[0] || ') s(i)) r GROUP BY g'; "
            "END IF; "
            "RETURN NULL; END$$"),
        // The counter notifies once per writing transaction (where it counts): delivered at commit.
        QStringLiteral("CREATE OR REPLACE FUNCTION count_change() RETURNS trigger LANGUAGE plpgsql SET search_path FROM "
                       "CURRENT AS $$"
                       "BEGIN IF current_setting('mapline.counted', true) IS DISTINCT FROM pg_current_xact_id()::text THEN "
                       "INSERT INTO change_log DEFAULT VALUES ON CONFLICT (xact) DO NOTHING; "
                       "PERFORM set_config('mapline.counted', pg_current_xact_id()::text, true); "
                       "PERFORM pg_notify('%1', TG_TABLE_SCHEMA); END IF; "
                       "RETURN NULL; END$$")
            .arg(QLatin1String(kChannel)),
    };
    for (const Logged &l : kLogged) {
        const QString table = QLatin1String(l.table);
        const QString ids = QLatin1String(l.eventIds);
        const QString fresh = ids.arg(QStringLiteral("new_rows")), old = ids.arg(QStringLiteral("old_rows"));
        statements << QStringLiteral("CREATE TRIGGER %1_log_insert AFTER INSERT ON %1 REFERENCING NEW TABLE AS new_rows "
                                     "FOR EACH STATEMENT EXECUTE FUNCTION log_touched_events(%2)")
                          .arg(table, sqlLiteral(fresh))
                   << QStringLiteral("CREATE TRIGGER %1_log_update AFTER UPDATE ON %1 REFERENCING OLD TABLE AS old_rows "
                                     "NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION log_touched_events(%2)")
                          .arg(table, sqlLiteral(fresh + QStringLiteral(" UNION ALL ") + old))
                   << QStringLiteral("CREATE TRIGGER %1_log_delete AFTER DELETE ON %1 REFERENCING OLD TABLE AS old_rows "
                                     "FOR EACH STATEMENT EXECUTE FUNCTION log_touched_events(%2)")
                          .arg(table, sqlLiteral(old))
                   << QStringLiteral("CREATE TRIGGER %1_log_truncate AFTER TRUNCATE ON %1 FOR EACH STATEMENT EXECUTE "
                                     "FUNCTION log_touched_events()")
                          .arg(table);
    }
    return statements;
}

Result<PgIndexPosition> position(PgConnection &connection, const IndexStamp &stamp, bool whole)
{
    using R = Result<PgIndexPosition>;
    const Result<PgResult> r = connection.query(QStringLiteral("SELECT pg_current_snapshot()::text"),
                                                QStringLiteral("reading the snapshot's position"));
    if (!r)
        return R::failure(r.error());
    PgIndexPosition p;
    p.stamp = stamp;
    p.snapshot = r->string(0, 0);
    p.whole = whole;
    return p;
}

Result<bool> changedSince(PgConnection &connection, const PgIndexPosition &from)
{
    using R = Result<bool>;
    if (!from.isValid())
        return true;
    // One statement: its own snapshot. change_log's xact is unique, so indexed: the scan starts at
    // the position's oldest open transaction.
    const Result<PgResult> r = connection.query(
        QStringLiteral("SELECT EXISTS (SELECT 1 FROM change_log WHERE xact >= pg_snapshot_xmin($1::pg_snapshot) AND "
                       "NOT pg_visible_in_snapshot(xact, $1::pg_snapshot)), "
                       "(SELECT value FROM settings WHERE key = $2)"),
        {from.snapshot, QString::fromLatin1(pgschema::kVersionKey)}, QStringLiteral("asking whether the store changed"));
    if (!r)
        return R::failure(r.error());
    return r->string(0, 0) == u"t" || r->int64(0, 1) != from.stamp.userVersion;
}

Status listen(PgConnection &connection)
{
    return connection.exec(QStringLiteral("LISTEN %1").arg(QLatin1String(kChannel)),
                           QStringLiteral("listening for other analysts' changes"));
}

int socket(PgConnection &connection)
{
    return PQsocket(connection.handle());
}

int takeNotices(PgConnection &connection)
{
    pg_conn *c = connection.handle();
    if (!PQconsumeInput(c))
        return -1;
    int notices = 0;
    while (PGnotify *n = PQnotifies(c)) {
        if (QLatin1String(n->relname) == QLatin1String(kChannel) && QLatin1String(n->extra) == QLatin1String(pgschema::kSchema))
            ++notices;
        PQfreemem(n);
    }
    return notices;
}

Result<qint64> compact(PgConnection &connection, const QDateTime &before)
{
    using R = Result<qint64>;
    const QString what = QStringLiteral("compacting the change log");
    if (Status s = connection.exec(QStringLiteral("BEGIN"), what); !s)
        return R::failure(s.error());
    // The horizon: no transaction still open holds an id below it (pg_snapshot_xmin), so no row
    // below it can be written after the deletion.
    const Result<PgResult> r = connection.query(
        QStringLiteral("WITH h AS (SELECT LEAST(pg_snapshot_xmin(pg_current_snapshot()), (SELECT min(xact) FROM change_log "
                       "WHERE changed_at >= $1::timestamptz)) AS x), "
                       "d AS (DELETE FROM change_events WHERE xact < (SELECT x FROM h) RETURNING 1), "
                       "u AS (UPDATE mapline_changes SET events_logged_from = GREATEST(events_logged_from, (SELECT x FROM h)) "
                       "RETURNING 1) "
                       "SELECT (SELECT count(*) FROM d), (SELECT count(*) FROM u)"),
        {before.toUTC().toString(Qt::ISODateWithMs)}, what);
    if (!r) {
        connection.exec(QStringLiteral("ROLLBACK"), what);
        return R::failure(r.error());
    }
    if (Status s = connection.exec(QStringLiteral("COMMIT"), what); !s)
        return R::failure(s.error());
    return r->int64(0, 0);
}

} // namespace mapline::pg::pgchangelog
