#pragma once

#include "cli.h"

#include <QCommandLineParser>
#include <QDate>
#include <QTextStream>

#include <optional>

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

private:
    QString mCommand;
    QString mPositional;
    QCommandLineParser mParser;
    QCommandLineOption mDb;
    QCommandLineOption mHelp;
};

} // namespace mapline::cli
