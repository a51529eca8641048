// mapline repair: rebuilds the full-text and spatial indexes from the tables and restores their
// triggers, in one transaction; then checks the database as `mapline check` does.
#include "commands.h"

#include "commandsupport.h"
#include "store/eventstore.h"

#include <QTextStream>

namespace mapline::cli {

int runRepair(const QStringList &arguments)
{
    CommandParser cmd(QStringLiteral("repair"),
                      QStringLiteral("Rebuild the database's full-text indexes (sentences, titles) and its spatial "
                                     "index from the tables, and restore the triggers that keep them up to date, in "
                                     "one transaction: a damaged or missing index, or a search that fails on the "
                                     "database. An index whose pages cannot be read is replaced, and the file is "
                                     "then rewritten without them (VACUUM). The tables themselves (articles, "
                                     "events, corrections...) are not changed. Then checks the database as "
                                     "'mapline check' does; exit code 0 when all is well."));
    if (const auto code = cmd.parse(arguments))
        return *code;
    if (!cmd.parser().positionalArguments().isEmpty())
        return cmd.usageError(QStringLiteral("unexpected argument \"%1\"").arg(cmd.parser().positionalArguments().first()));
    QTextStream out(stdout);
    QTextStream err(stderr);
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
