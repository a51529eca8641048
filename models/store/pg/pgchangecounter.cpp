#include "store/pg/pgchangecounter.h"

#include "store/pg/pgchangelog.h"
#include "store/pg/pgconnection.h"
#include "store/pg/pgschema.h"

#include <QCryptographicHash>
#include <QtEndian>

namespace mapline::pg::pgchangecounter {
namespace {

// The tables the EventIndex reads (as store/changecounter.cpp counts them in SQLite).
const QStringList &countedTables()
{
    static const QStringList list = {QStringLiteral("events"), QStringLiteral("event_actors"), QStringLiteral("actors"),
                                     QStringLiteral("places"), QStringLiteral("happenings")};
    return list;
}

} // namespace

const QStringList &triggers()
{
    static const QStringList list = [] {
        QStringList names;
        for (const QString &table : countedTables())
            names << table + QStringLiteral("_count_change");
        return names;
    }();
    return list;
}

QStringList migration()
{
    QStringList statements = {
        // The store's own random id: a cache is never taken for another store's.
        QStringLiteral("CREATE TABLE mapline_changes (id integer PRIMARY KEY CHECK (id = 1), database_id text NOT NULL)"),
        QStringLiteral("INSERT INTO mapline_changes (id, database_id) VALUES (1, md5(random()::text || clock_timestamp()::text "
                       "|| pg_backend_pid()::text))"),
        QStringLiteral("CREATE TABLE change_log (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
                       "xact xid8 NOT NULL DEFAULT pg_current_xact_id() UNIQUE, "
                       "changed_at timestamptz NOT NULL DEFAULT now())"),
        // One row a writing transaction: the first counted statement inserts it and notes so in a
        // transaction-local setting (undone with a rolled-back savepoint, as the row is); the
        // unique transaction id keeps a second insert a no-op that never waits for anyone.
        QStringLiteral("CREATE FUNCTION count_change() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$"
                       "BEGIN IF current_setting('mapline.counted', true) IS DISTINCT FROM pg_current_xact_id()::text THEN "
                       "INSERT INTO change_log DEFAULT VALUES ON CONFLICT (xact) DO NOTHING; "
                       "PERFORM set_config('mapline.counted', pg_current_xact_id()::text, true); END IF; "
                       "RETURN NULL; END$$"),
    };
    for (const QString &table : countedTables())
        statements << QStringLiteral("CREATE TRIGGER %1_count_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %1 "
                                     "FOR EACH STATEMENT EXECUTE FUNCTION count_change()")
                          .arg(table);
    return statements;
}

Result<IndexStamp> stamp(PgConnection &c)
{
    using R = Result<IndexStamp>;
    const Result<PgResult> r = c.query(
        QStringLiteral("SELECT (SELECT database_id FROM mapline_changes WHERE id = 1), (SELECT count(*) FROM change_log), "
                       "(SELECT COALESCE(max(id), 0) FROM events), (SELECT value FROM settings WHERE key = $2), "
                       "(SELECT oid FROM pg_database WHERE datname = current_database()), "
                       "(SELECT string_agg(t.tgname || ':' || t.tgenabled::text || ':' || t.oid::text || ':' || t.xmin::text || ':' || pg_get_triggerdef(t.oid), E'\\n' "
                       "ORDER BY t.tgname) FROM pg_trigger t JOIN pg_class k ON k.oid = t.tgrelid JOIN pg_namespace n ON "
                       "n.oid = k.relnamespace WHERE n.nspname = $1 AND NOT t.tgisinternal)"),
        {QString::fromLatin1(pgschema::kSchema), QString::fromLatin1(pgschema::kVersionKey)},
        QStringLiteral("reading the change counter"));
    if (!r)
        return R::failure(r.error());
    IndexStamp s;
    const QString triggerText = r->string(0, 5);
    s.generation = r->int64(0, 1);
    s.maxEventId = r->int64(0, 2);
    s.userVersion = r->int64(0, 3);
    const QByteArray cookie = QCryptographicHash::hash(triggerText.toUtf8(), QCryptographicHash::Sha256);
    s.schemaCookie = qint64(qFromLittleEndian<quint64>(cookie.constData()) >> 1);
    if (r->isNull(0, 0)) {
        s.unusable = QStringLiteral("the store has no change counter");
        return s;
    }
    // Every counting trigger there and enabled ('O': fires in normal sessions). The cookie holds
    // each trigger's oid and row version (xmin): disabling a trigger, writing unseen and enabling
    // it again leaves a new row version, so the copy of before is not taken.
    // From version 3, the triggers that log which events changed too (pgchangelog.h).
    QStringList required = triggers();
    if (s.userVersion >= 3)
        required += pgchangelog::triggers();
    // Whole names: "actors_..." is the end of "event_actors_..." too.
    const QString lines = QLatin1Char('\n') + triggerText;
    for (const QString &name : std::as_const(required))
        if (!lines.contains(QLatin1Char('\n') + name + QStringLiteral(":O:")))
            s.unusable = QStringLiteral("trigger %1 is missing or disabled: changes could go uncounted").arg(name);
    if (!s.usable())
        return s;
    const QByteArray identity = c.url().toUtf8() + '\n' + r->string(0, 0).toUtf8() + '\n' + r->string(0, 4).toUtf8();
    s.databaseId = QCryptographicHash::hash(identity, QCryptographicHash::Md5).toHex();
    return s;
}

} // namespace mapline::pg::pgchangecounter
