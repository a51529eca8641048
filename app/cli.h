#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace mapline::cli {

// Exit codes of the command-line contract.
enum ExitCode { Success = 0, InputFailed = 1, UsageError = 2 };

// What main() should do with the arguments.
struct Invocation {
    bool gui = false;   // open the viewer
    QString database;   // --db given before or without a subcommand (may be empty)
    QStringList files;  // files given to the viewer to import
};

// Decides, without needing a display, whether the arguments ask for the viewer or a subcommand.
// Returns nullopt when a subcommand (or --help / --version / a usage error) should run through run().
std::optional<Invocation> viewerInvocation(const QStringList &arguments);

// Runs a subcommand, --help or --version; writes to stdout and stderr; returns the exit code.
int run(const QStringList &arguments);

// The database used when --db is not given: $MAPLINE_DB, else events.sqlite in the
// application data folder (created when missing).
QString defaultDatabasePath();

} // namespace mapline::cli
