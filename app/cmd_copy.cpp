// mapline copy: a whole store from one place to another (SQLite file or PostgreSQL URL, both ways).
#include "commands.h"

#include "commandsupport.h"
#include "io/displaypath.h"
#include "store/copy/storecopy.h"
#include "store/pg/pgconnection.h"

#include <QElapsedTimer>
#include <QTextStream>

namespace mapline::cli {

int runCopy(const QStringList &arguments)
{
    CommandParser cmd(QStringLiteral("copy"),
                      QStringLiteral("Copy a whole store, every table and id, from a SQLite file or a PostgreSQL URL\n"
                                     "(postgresql://USER@HOST:PORT/DATABASE) into a new or empty one of either kind.\n"
                                     "Passwords come from PGPASSWORD or ~/.pgpass, never from the URL."),
                      QString(), false);
    const QCommandLineOption from(QStringLiteral("from"), QStringLiteral("The store to copy (read only)."),
                                  QStringLiteral("PATH|URL"));
    const QCommandLineOption to(QStringLiteral("to"), QStringLiteral("The store to create or fill; it must hold no data."),
                                QStringLiteral("PATH|URL"));
    cmd.parser().addOption(from);
    cmd.parser().addOption(to);
    if (const auto code = cmd.parse(arguments))
        return *code;
    if (!cmd.parser().positionalArguments().isEmpty())
        return cmd.usageError(QStringLiteral("unexpected argument '%1'").arg(cmd.parser().positionalArguments().first()));
    if (cmd.parser().isSet(QStringLiteral("db")))
        return cmd.usageError(QStringLiteral("copy takes --from and --to, not --db"));
    if (!cmd.parser().isSet(from) || !cmd.parser().isSet(to))
        return cmd.usageError(QStringLiteral("copy needs --from SOURCE and --to DESTINATION"));
    const QString source = cmd.parser().value(from);
    const QString destination = cmd.parser().value(to);
    for (const QString &url : {source, destination})
        if (pg::isUrl(url) && pg::holdsPassword(url))
            return cmd.usageError(QStringLiteral("a PostgreSQL URL holds a password, which Mapline never takes on the command "
                                                 "line: give the URL without it, and the password in PGPASSWORD or ~/.pgpass"));

    QTextStream err(stderr);
    QElapsedTimer clock;
    clock.start();
    StoreCopy::Failure failure = StoreCopy::Failure::None;
    // One line per table on stderr as it is done: a large store takes a while.
    const auto report = StoreCopy::run(source, destination, &failure, [&err](const QString &table, qint64 rows) {
        err << "mapline copy: " << table << ": " << counted(rows, "row", "rows") << Qt::endl;
    });
    if (!report) {
        err << "mapline copy: " << messageLine(report.error(), {source, destination}) << Qt::endl;
        return failure == StoreCopy::Failure::Refused ? UsageError : InputFailed;
    }
    for (const QString &warning : report->warnings)
        err << "mapline copy: warning: " << messageLine(warning, {source}) << Qt::endl;
    qint64 total = 0;
    for (const auto &[table, rows] : report->rows)
        total += rows;
    QTextStream(stdout) << "copied " << displayPath(source) << " to " << displayPath(destination)
                        << ": " << counted(total, "row", "rows") << " in " << report->rows.size() << " tables ("
                        << QString::number(clock.elapsed() / 1000.0, 'f', 1) << " s)" << Qt::endl;
    return Success;
}

} // namespace mapline::cli
