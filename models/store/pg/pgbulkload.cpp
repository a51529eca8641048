#include "store/pg/pgbulkload.h"

#include "store/pg/pgconnection.h"
#include "store/pg/pgschema.h"

namespace mapline::pg {
namespace {

// maintenance_work_mem for the builds after a load, in kB.
constexpr int kBuildMemoryKb = 256 * 1024;

QString quoted(const QString &identifier)
{
    QString out = identifier;
    out.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + out + QLatin1Char('"');
}

} // namespace

Result<QStringList> dropForLoad(PgConnection &connection, const QStringList &keyTables)
{
    using R = Result<QStringList>;
    const QString schema = QString::fromLatin1(pgschema::kSchema);
    const Result<PgResult> keys = connection.query(
        QStringLiteral("SELECT c.oid::regclass::text, con.conname, pg_get_constraintdef(con.oid) FROM pg_constraint con "
                       "JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                       "WHERE n.nspname = $1 AND con.contype = 'f' ORDER BY con.oid"),
        {schema}, QStringLiteral("reading the foreign keys"));
    const Result<PgResult> indexes = connection.query(
        QStringLiteral("SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                       "JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                       "WHERE n.nspname = $1 AND NOT i.indisprimary AND NOT EXISTS "
                       "(SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid) ORDER BY i.indexrelid"),
        {schema}, QStringLiteral("reading the indexes"));
    const Result<PgResult> unique = connection.query(
        QStringLiteral("SELECT c.oid::regclass::text, con.conname, pg_get_constraintdef(con.oid) FROM pg_constraint con "
                       "JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                       "WHERE n.nspname = $1 AND con.contype IN ('p', 'u') AND c.relname = ANY($2::text[]) "
                       "ORDER BY con.oid"),
        {schema, QStringLiteral("{%1}").arg(keyTables.join(QLatin1Char(',')))}, QStringLiteral("reading the keys"));
    if (!keys || !indexes || !unique)
        return R::failure(!keys ? keys.error() : !indexes ? indexes.error() : unique.error());
    QStringList drop, restore;
    for (int i = 0; i < keys->rows(); ++i) {
        drop << QStringLiteral("ALTER TABLE %1 DROP CONSTRAINT %2").arg(keys->string(i, 0), quoted(keys->string(i, 1)));
        restore << QStringLiteral("ALTER TABLE %1 ADD CONSTRAINT %2 %3")
                       .arg(keys->string(i, 0), quoted(keys->string(i, 1)), keys->string(i, 2));
    }
    for (int i = 0; i < indexes->rows(); ++i) {
        drop << QStringLiteral("DROP INDEX %1").arg(indexes->string(i, 0));
        restore.prepend(indexes->string(i, 1)); // the indexes before the keys: the checks use them
    }
    // The primary and unique keys after the foreign keys that use them are dropped, first back.
    for (int i = unique->rows() - 1; i >= 0; --i) {
        drop << QStringLiteral("ALTER TABLE %1 DROP CONSTRAINT %2").arg(unique->string(i, 0), quoted(unique->string(i, 1)));
        restore.prepend(QStringLiteral("ALTER TABLE %1 ADD CONSTRAINT %2 %3")
                            .arg(unique->string(i, 0), quoted(unique->string(i, 1)), unique->string(i, 2)));
    }
    if (!drop.isEmpty()) {
        if (Status s = connection.exec(drop.join(QStringLiteral("; ")), QStringLiteral("preparing the load")); !s)
            return R::failure(s.error());
    }
    return restore;
}

Status restoreAfterLoad(PgConnection &connection, const QStringList &statements)
{
    // The builds' sorts in memory, and room for two parallel workers beside the backend (a btree
    // build gives each participant at least 32 MB, so PostgreSQL's default 64 MB allows one): for
    // this transaction only, and never less than the server is set to.
    if (!statements.isEmpty()) {
        if (Status s = connection.exec(QStringLiteral("SELECT set_config('maintenance_work_mem', '%1kB', true) FROM "
                                                      "pg_settings WHERE name = 'maintenance_work_mem' AND "
                                                      "setting::bigint < %1")
                                           .arg(kBuildMemoryKb),
                                       QStringLiteral("rebuilding the indexes and keys"));
            !s)
            return s;
    }
    for (const QString &statement : statements)
        if (Status s = connection.exec(statement, QStringLiteral("rebuilding the indexes and keys")); !s)
            return s;
    return {};
}

} // namespace mapline::pg
