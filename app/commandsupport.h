#pragma once

#include "cli.h"

#include <QCommandLineParser>
#include <QDate>
#include <QTextStream>

#include <optional>

namespace mapline {
class EventStore;
struct EventQuery;
}

namespace mapline::cli {

// Shared by the subcommands: the --db option, parsing with usage errors as exit code 2,
// and --help for the subcommand.
class CommandParser {
public:
    CommandParser(const QString &command, const QString &description, const QString &positional = {});

    QCommandLineParser &parser() { return mParser; }
    // Parses; returns an exit code when the command should stop now (help shown, usage error).
    std::optional<int> parse(const QStringList &arguments);
    QString database() const;
    // A YYYY-MM-DD option; sets `error` when the value is not a valid date.
    QDate dateOption(const QString &name, QString &error) const;
    int usageError(const QString &message) const;

    // The event filters shared by `events` and `export`: --from --to --type --actor --near --radius --search.
    void addFilterOptions();
    // Reads the filters that need no database into `query`; an exit code on a usage error.
    std::optional<int> readFilters(EventQuery &query) const;
    // Resolves --near through the store and checks --search; an exit code on a usage error.
    std::optional<int> resolveFilters(const EventStore &store, EventQuery &query) const;

private:
    QString mCommand;
    QString mPositional;
    QCommandLineParser mParser;
    QCommandLineOption mDb;
    QCommandLineOption mHelp;
};

} // namespace mapline::cli
