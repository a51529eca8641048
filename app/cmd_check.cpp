// mapline check: every check SQLite offers on the database, and whether the indexes Mapline keeps
// (full-text, spatial, their triggers) are whole; on a team's PostgreSQL store, pg::pgcheck's
// (schema, extensions, links, geometry, text search, indexes, triggers, sequences, happenings).
// Reads only.
#include "commands.h"

#include "commandsupport.h"
#include "store/eventstore.h"
#include "store/pg/pgcheck.h"
#include "store/pg/pgconnection.h"
#include "store/storecheck.h"

#include <QFileInfo>
#include <QTextStream>

#include <algorithm>

namespace mapline::cli {

namespace {

// Prints the items ("ok", "FAILED") on stdout; the number of problems, and (`tables`) whether any
// is one `mapline repair` cannot fix.
int printItems(const QList<CheckItem> &items, QTextStream &out, bool *tables)
{
    int problems = 0;
    for (const CheckItem &item : items) {
        const QString title = QStringLiteral("%1 (%2)").arg(item.name, item.description);
        if (item.problems.isEmpty()) {
            out << "ok         " << title;
            if (!item.note.isEmpty())
                out << ": " << item.note;
            out << Qt::endl;
            continue;
        }
        problems += int(item.problems.size());
        if (tables)
            *tables = *tables || !item.indexProblem;
        out << "FAILED     " << title << ": " << item.problems.join(QStringLiteral("; ")) << Qt::endl;
    }
    return problems;
}

} // namespace

int reportCheck(const EventStore &store, const QString &command)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    const Result<QList<CheckItem>> items = store.check();
    if (!items) {
        err << "mapline " << command << ": " << items.error() << Qt::endl;
        return InputFailed;
    }
    bool tables = false;
    const int problems = printItems(*items, out, &tables);
    const QString path = store.path();
    if (problems == 0) {
        out << "checked    " << path << ": no problems found" << Qt::endl;
        return Success;
    }
    err << "mapline " << command << ": " << path << ": " << counted(problems, "problem", "problems") << "; ";
    if (command == u"check")
        err << "'mapline repair --db " << path << "' rebuilds the full-text and spatial indexes and their "
            << "triggers from the tables (make a copy of the file first)";
    if (tables)
        err << (command == u"check" ? "; if " : "") << "integrity_check or foreign_key_check "
            << (command == u"check" ? "still fails after that" : "still fails") << ", the tables themselves are "
            << "damaged: keep a copy of the file, and restore a backup or recover the rows with sqlite3's .recover";
    err << Qt::endl;
    return InputFailed;
}

int reportPgCheck(const QString &url, const QString &command)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    auto connection = pg::PgConnection::open(url);
    if (!connection) {
        err << "mapline " << command << ": " << connection.error() << Qt::endl;
        return InputFailed;
    }
    const Result<QList<CheckItem>> items = pg::pgcheck::run(**connection);
    if (!items) {
        err << "mapline " << command << ": " << items.error() << Qt::endl;
        return InputFailed;
    }
    const int problems = printItems(*items, out, nullptr);
    if (problems == 0) {
        out << "checked    " << url << ": no problems found" << Qt::endl;
        return Success;
    }
    const bool links = std::any_of(items->begin(), items->end(), [](const CheckItem &i) {
        return i.name == u"links" && !i.problems.isEmpty();
    });
    err << "mapline " << command << ": " << url << ": " << counted(problems, "problem", "problems");
    if (command == u"check" && std::any_of(items->begin(), items->end(), [](const CheckItem &i) {
            return i.indexProblem && !i.problems.isEmpty();
        }))
        err << "; 'mapline repair --db " << url << "' rebuilds the geometry, the text search, the indexes, the triggers "
            << "and the sequences from the tables, fuses the happenings again and writes the server's copy of the "
            << "map's index again, each in a transaction of its own";
    if (links)
        err << "; rows that point at missing rows cannot be rebuilt from the tables (they were written around the "
            << "store's foreign keys, by psql or a script): restore a backup (pg_dump), or delete them";
    err << Qt::endl;
    return InputFailed;
}

int runCheck(const QStringList &arguments)
{
    CommandParser cmd(QStringLiteral("check"),
                      QStringLiteral("Check the database: SQLite's integrity_check and foreign_key_check, the "
                                     "full-text indexes (FTS5 integrity-check), the spatial index (rtreecheck, and "
                                     "every placed event in it) and the triggers that keep the indexes up to date. "
                                     "On a PostgreSQL store (--db postgresql://...): the schema version, PostGIS and "
                                     "unaccent, rows pointing at missing rows, the points against lon/lat, the text "
                                     "search, the indexes, the triggers, the sequences against the largest ids and the "
                                     "happenings against their events. Writes nothing. Exit code 0 when all is well, 1 "
                                     "when something is wrong ('mapline repair' rebuilds what the tables give back)."));
    if (const auto code = cmd.parse(arguments))
        return *code;
    if (!cmd.parser().positionalArguments().isEmpty())
        return cmd.usageError(QStringLiteral("unexpected argument \"%1\"").arg(cmd.parser().positionalArguments().first()));
    if (const auto code = cmd.refuseCredentials())
        return *code;
    if (pg::isUrl(cmd.database()))
        return reportPgCheck(cmd.database(), QStringLiteral("check"));
    QTextStream err(stderr);
    auto store = EventStore::open(cmd.database(), EventStore::Mode::ReadOnly);
    if (!store) {
        err << "mapline check: " << store.error() << Qt::endl;
        return InputFailed;
    }
    return reportCheck(*store.value(), QStringLiteral("check"));
}

} // namespace mapline::cli
