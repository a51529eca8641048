#include "store/pg/pgwritelock.h"

#include "store/pg/pgconnection.h"

namespace mapline::pg {

Status beginWrite(PgConnection &connection, const QString &what)
{
    if (Status s = connection.exec(QStringLiteral("BEGIN; SELECT pg_advisory_xact_lock(%1)").arg(kWriteLockKey), what);
        !s) {
        static_cast<void>(connection.exec(QStringLiteral("ROLLBACK"), what));
        return s;
    }
    return {};
}

bool failedTransiently(const PgConnection &connection)
{
    return connection.lastSqlState() == u"40001" || connection.lastSqlState() == u"40P01";
}

} // namespace mapline::pg
