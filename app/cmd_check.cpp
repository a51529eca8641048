// mapline check: every check SQLite offers on the database, and whether the indexes Mapline keeps
// (full-text, spatial, their triggers) are whole. Reads only.
#include "commands.h"

#include "commandsupport.h"
#include "store/eventstore.h"
#include "store/storecheck.h"

#include <QFileInfo>
#include <QTextStream>

namespace mapline::cli {

int reportCheck(const EventStore &store, const QString &command)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    const Result<QList<CheckItem>> items = store.check();
    if (!items) {
        err << "mapline " << command << ": " << items.error() << Qt::endl;
        return InputFailed;
    }
    int problems = 0;
    bool tables = false;
    for (const CheckItem &item : *items) {
        const QString title = QStringLiteral("%1 (%2)").arg(item.name, item.description);
        if (item.problems.isEmpty()) {
            out << "ok         " << title;
            if (!item.note.isEmpty())
                out << ": " << item.note;
            out << Qt::endl;
            continue;
        }
        problems += int(item.problems.size());
        tables = tables || !item.indexProblem;
        out << "FAILED     " << title << ": " << item.problems.join(QStringLiteral("; ")) << Qt::endl;
    }
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

int runCheck(const QStringList &arguments)
{
    CommandParser cmd(QStringLiteral("check"),
                      QStringLiteral("Check the database: SQLite's integrity_check and foreign_key_check, the "
                                     "full-text indexes (FTS5 integrity-check), the spatial index (rtreecheck, and "
                                     "every placed event in it) and the triggers that keep the indexes up to date. "
                                     "Writes nothing. Exit code 0 when all is well, 1 when something is wrong "
                                     "('mapline repair' rebuilds the indexes)."));
    if (const auto code = cmd.parse(arguments))
        return *code;
    if (!cmd.parser().positionalArguments().isEmpty())
        return cmd.usageError(QStringLiteral("unexpected argument \"%1\"").arg(cmd.parser().positionalArguments().first()));
    QTextStream err(stderr);
    auto store = EventStore::open(cmd.database(), EventStore::Mode::ReadOnly);
    if (!store) {
        err << "mapline check: " << store.error() << Qt::endl;
        return InputFailed;
    }
    return reportCheck(*store.value(), QStringLiteral("check"));
}

} // namespace mapline::cli
