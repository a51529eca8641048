#pragma once

#include "cli.h"

#include <QCommandLineParser>
#include <QDate>
#include <QGeoRectangle>
#include <QSize>
#include <QTextStream>

#include <functional>
#include <memory>
#include <optional>

namespace mapline {
class EventIndex;
class EventMask;
class EventStore;
class MapSettings;
struct EventQuery;
struct FilterState;
struct Place;
class Status;
template <typename T> class Result;
}

namespace mapline::cli {

class ReadStore;

// "WIDTHxHEIGHT" in pixels, 64 to 10000 each (--size); nullopt when malformed or out of range.
std::optional<QSize> parseImageSize(const QString &text);
// "1 row", "233 rows": a count with its noun in the right number, for the commands' messages.
QString counted(qint64 n, const char *one, const char *many);
// "W,S,E,N" in degrees with west < east and south < north (--bbox); nullopt otherwise.
std::optional<QGeoRectangle> parseGeoBox(const QString &text);
// A resolved query's types (as the hidden ones of `index`), actors, place and search as the
// viewer's filters; its dates are not filters but the caller's time window. `placeName` names
// the place of --near, for describing them.
FilterState filterStateForQuery(const EventIndex &index, const EventQuery &query, const QString &placeName = {});
// The index mask of a resolved query's filters (filterStateForQuery); null when nothing filters.
Result<std::shared_ptr<const EventMask>> maskForQuery(const ReadStore &store, const EventIndex &index,
                                                      const EventQuery &query);

// Shared by the subcommands: the --db option, parsing with usage errors as exit code 2,
// and --help for the subcommand.
class CommandParser {
public:
    // `takesDb` false: --db is left out of the help (`copy` names its stores with --from and --to).
    CommandParser(const QString &command, const QString &description, const QString &positional = {},
                  bool takesDb = true);

    QCommandLineParser &parser() { return mParser; }
    // Parses; returns an exit code when the command should stop now (help shown, usage error).
    std::optional<int> parse(const QStringList &arguments);
    QString database() const;
    // A usage error when --db is a PostgreSQL URL that holds a password (never taken on the
    // command line: PGPASSWORD or ~/.pgpass); the password is not printed.
    std::optional<int> refuseCredentials() const;
    // A YYYY-MM-DD option; sets `error` when the value is not a valid date.
    QDate dateOption(const QString &name, QString &error) const;
    int usageError(const QString &message) const;

    // The event filters shared by `events` and `export`: --from --to --type --actor --near --radius --search.
    void addFilterOptions();
    // Reads the filters that need no database into `query`; an exit code on a usage error.
    std::optional<int> readFilters(EventQuery &query) const;
    // What a listing (`events`, `happenings`) takes besides the filters: --format (one of
    // `formats`, the first the default) and --limit N, `what` naming its rows in the help.
    void addListingOptions(const QStringList &formats, const QString &what);
    // Reads them: the format (lower case) and query.limit; an exit code on a usage error (an
    // argument left over, a format not offered, a limit that is not a number).
    std::optional<int> readListingOptions(const QStringList &formats, QString &format, EventQuery &query) const;
    // Resolves --near through the store and checks --search; an exit code on a usage error.
    std::optional<int> resolveFilters(const EventStore &store, EventQuery &query) const;
    // The same through any store's look-ups (a PostgreSQL store's: store/pg/pgeventreader.h).
    std::optional<int> resolveFilters(const std::function<std::optional<Place>(const QString &)> &findPlace,
                                      const std::function<Status(const QString &)> &validateSearch,
                                      EventQuery &query) const;

    // The map's look, shared by `snapshot` and `animate`: --no-caption, --no-legend,
    // --no-scale-bar, --no-north-arrow, --no-attribution, --no-labels, --heatmap, --layer FILE.
    void addMapOptions();
    // Applies them to `settings`: the decorations are `decorations` (the output's defaults) less
    // those switched off, the events a heat map when asked, and each --layer opened, in order,
    // over the basemap. A layer that cannot be opened is reported on stderr ("mapline COMMAND:
    // why") and left out: returns false then, for exit code 1 once the rest is written.
    bool applyMapOptions(MapSettings &settings, int decorations) const;
    // --control (the control layer: places coloured by the side holding them at the end of each
    // frame's window, the sides in the legend; docs/CONTROL.md) and --control-provinces (the
    // provinces tinted too). Reads `store` (or the database, read-only, when null) after the
    // basemap is set. A store that cannot be read is reported on stderr: returns false then.
    bool applyControlOptions(MapSettings &settings, const ReadStore *store = nullptr) const;
    // --basemap when it names a Mapline basemap GeoPackage (countries, provinces, places...), to
    // replace the bundled one; any other file given to --basemap (an OpenStreetMap extract,
    // MBTiles, a GeoTIFF) is drawn over the bundled basemap by applyMapOptions.
    std::optional<QString> maplineBasemap() const;

private:
    QString mCommand;
    QString mPositional;
    QCommandLineParser mParser;
    QCommandLineOption mDb;
    QCommandLineOption mHelp;
};

} // namespace mapline::cli
