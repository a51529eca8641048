#pragma once

#include "cli.h"

#include <QCommandLineParser>
#include <QDate>
#include <QGeoRectangle>
#include <QSize>
#include <QTextStream>

#include <memory>
#include <optional>

namespace mapline {
class EventIndex;
class EventMask;
class EventStore;
struct EventQuery;
template <typename T> class Result;
}

namespace mapline::cli {

// "WIDTHxHEIGHT" in pixels, 64 to 10000 each (--size); nullopt when malformed or out of range.
std::optional<QSize> parseImageSize(const QString &text);
// "W,S,E,N" in degrees with west < east and south < north (--bbox); nullopt otherwise.
std::optional<QGeoRectangle> parseGeoBox(const QString &text);
// The index mask of a resolved query's types, actors, place and search (its dates are not
// applied: they are the caller's time window); null when nothing filters.
Result<std::shared_ptr<const EventMask>> maskForQuery(const EventStore &store, const EventIndex &index,
                                                      const EventQuery &query);

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
