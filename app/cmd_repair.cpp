// mapline repair: rebuilds the full-text and spatial indexes from the tables and restores their
// triggers, in one transaction; then checks the database as `mapline check` does. On a team's
// PostgreSQL store: pg::pgcheck::repair, each thing rebuilt in a transaction of its own.
#include "commands.h"

#include "commandsupport.h"
#include "store/eventstore.h"
#include "store/pg/pgcheck.h"
#include "store/pg/pgconnection.h"

#include <QTextStream>

namespace mapline::cli {

namespace {

int repairPostgres(const QString &url, QTextStream &out, QTextStream &err)
{
    {
        auto connection = pg::PgConnection::open(url);
        if (!connection) {
            err << "mapline repair: " << connection.error() << Qt::endl;
            return InputFailed;
        }
        const Result<QStringList> done = pg::pgcheck::repair(**connection);
        if (!done) {
            err << "mapline repair: " << done.error() << Qt::endl;
            return InputFailed;
        }
        for (const QString &line : *done)
            out << "repaired   " << url << ": " << line << Qt::endl;
        if (done->isEmpty())
            out << "repaired   " << url << ": nothing needed it" << Qt::endl;
    }
    return reportPgCheck(url, QStringLiteral("repair"));
}

} // namespace

int runRepair(const QStringList &arguments)
{
    CommandParser cmd(QStringLiteral("repair"),
                      QStringLiteral("Rebuild the database's full-text indexes (sentences, titles) and its spatial "
                                     "index from the tables, and restore the triggers that keep them up to date, in "
                                     "one transaction: a damaged or missing index, or a search that fails on the "
                                     "database. An index whose pages cannot be read is replaced, and the file is "
                                     "then rewritten without them (VACUUM). The tables themselves (articles, "
                                     "events, corrections...) are not changed. Then checks the database as "
                                     "'mapline check' does; exit code 0 when all is well. On a PostgreSQL store (--db "
                                     "postgresql://...): migrates an older store, adds PostGIS and unaccent where this "
                                     "role may, and rebuilds what the check finds wrong and the tables give back (the "
                                     "points from lon/lat, the text search, indexes, triggers, sequences behind their "
                                     "ids, happenings fused again), each in a transaction of its own, waiting for "
                                     "imports to finish."));
    if (const auto code = cmd.parse(arguments))
        return *code;
    if (!cmd.parser().positionalArguments().isEmpty())
        return cmd.usageError(QStringLiteral("unexpected argument \"%1\"").arg(cmd.parser().positionalArguments().first()));
    if (const auto code = cmd.refuseCredentials())
        return *code;
    QTextStream out(stdout);
    QTextStream err(stderr);
    if (pg::isUrl(cmd.database()))
        return repairPostgres(cmd.database(), out, err);
    auto store = EventStore::open(cmd.database());
    if (!store) {
        err << "mapline repair: " << store.error() << Qt::endl;
        return InputFailed;
    }
    for (const QString &warning : store.value()->warnings())
        err << "mapline repair: " << warning << Qt::endl;
    bool rewritten = false;
    if (Status s = store.value()->repairIndexes(&rewritten); !s) {
        err << "mapline repair: " << s.error() << Qt::endl;
        return InputFailed;
    }
    out << "rebuilt    " << store.value()->path()
        << ": the full-text indexes of sentences and titles, the spatial index of events, and their triggers" << Qt::endl;
    if (rewritten)
        out << "rewrote    " << store.value()->path() << " without the pages of the damaged index (VACUUM)" << Qt::endl;
    return reportCheck(*store.value(), QStringLiteral("repair"));
}

} // namespace mapline::cli
