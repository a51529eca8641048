#include "cli.h"

#include "commands.h"
#include "io/displaypath.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTextStream>

namespace mapline::cli {
namespace {

// The subcommands of the contract; each lives in app/cmd_<name>.cpp.
struct Subcommand {
    const char *name;
    int (*run)(const QStringList &arguments);
};

const QList<Subcommand> &subcommandTable()
{
    static const QList<Subcommand> table = {
        {"import", runImport},
        {"events", runEvents},
        {"happenings", runHappenings},
        {"control", runControl},
        {"export", runExport},
        {"snapshot", runSnapshot},
        {"animate", runAnimate},
        {"check", runCheck},
        {"repair", runRepair},
        {"copy", runCopy},
    };
    return table;
}

const QStringList &subcommands()
{
    static const QStringList names = [] {
        QStringList list;
        for (const Subcommand &c : subcommandTable())
            list << QString::fromLatin1(c.name);
        return list;
    }();
    return names;
}

QString generalHelp()
{
    return QStringLiteral(
        "Usage: mapline [--db PATH] [FILE...]                open the viewer; FILEs are imported\n"
        "       mapline import  [--db PATH] [--date YYYY-MM-DD] [--source NAME] [--keep-outside] PATH...\n"
        "       mapline events  [--db PATH|URL] [--from DATE] [--to DATE] [--type TYPE] [--near PLACE]\n"
        "                       [--search TEXT] [--min-sources N] [--format json|csv]\n"
        "       mapline happenings [--db PATH|URL] [filters as for events] [--format json|csv|geojson]\n"
        "       mapline control [--db PATH] --date DATE [--side NAME] [--from DATE] [--to DATE] [--type TYPE]\n"
        "                       [--actor NAME] [--near PLACE] [--search TEXT] [--format json|csv|geojson]\n"
        "       mapline export  [--db PATH|URL] --out FILE [--format geojson|kml|gpkg|csv|shp] [--happenings]\n"
        "                       [--from DATE] [--to DATE] [--type TYPE] [--actor NAME] [--near PLACE]\n"
        "                       [--search TEXT] [--min-sources N]\n"
        "       mapline snapshot [--db PATH] --out FILE.png|.svg|.pdf|.tif [--from DATE] [--to DATE]\n"
        "                       [--bbox W,S,E,N] [--size WxH] [--title TEXT] [--layer FILE]... [--heatmap]\n"
        "                       [--style map|briefing] [--paper a4|a3|letter[-portrait]]\n"
        "                       [--min-sources N]\n"
        "       mapline animate [--db PATH] --out DIR|FILE.gif|FILE.mp4 [--from DATE] [--to DATE]\n"
        "                       [--step day|week|month|Nd] [--window DAYS | --cumulative] [--fps N]\n"
        "                       [--size WxH] [--bbox W,S,E,N] [--title TEXT] [--skip-empty]\n"
        "                       [--type TYPE] [--actor NAME] [--near PLACE] [--search TEXT] [--min-sources N]\n"
        "       mapline check   [--db PATH]           check the database and its indexes (writes nothing)\n"
        "       mapline repair  [--db PATH]           rebuild the full-text and spatial indexes\n"
        "       mapline copy    --from PATH|URL --to PATH|URL   copy a whole store (SQLite, PostgreSQL)\n"
        "       mapline --help | --version\n"
        "\n"
        "Mapline turns news articles into dated, geolocated, typed events and shows them on an\n"
        "offline map. Run 'mapline COMMAND --help' for the options of a command.\n"
        "\n"
        "The database is --db PATH, else $MAPLINE_DB, else %1.\n"
        "events, happenings, export and copy also take a team's PostgreSQL store as a URL,\n"
        "postgresql://USER@HOST:PORT/DATABASE (the password in PGPASSWORD or ~/.pgpass).\n"
        "\n"
        "Exit codes: 0 success; 1 some input failed (the rest was still done, failures on stderr);\n"
        "2 usage error.\n").arg(QDir::toNativeSeparators(defaultDatabasePath()));
}

// Splits "--db PATH" / "--db=PATH" off the front and finds the subcommand, if any.
struct Split {
    QString db;
    bool dbGiven = false;
    int commandIndex = -1; // index of the subcommand in the arguments
    bool help = false;
    bool version = false;
    QString unknownOption;
    QString unknownCommand; // a first word that is neither a subcommand nor a file
};

Split split(const QStringList &args)
{
    Split s;
    for (int i = 1; i < args.size(); ++i) {
        const QString &a = args[i];
        if (a == u"--db" && i + 1 < args.size()) {
            s.db = args[++i];
            s.dbGiven = true;
        } else if (a.startsWith(QStringLiteral("--db="))) {
            s.db = a.mid(5);
            s.dbGiven = true;
        } else if (a == u"--help" || a == u"-h" || a == u"-?") {
            s.help = true;
        } else if (a == u"--version" || a == u"-v") {
            s.version = true;
        } else if (a == u"--") {
            break;
        } else if (a.startsWith(QLatin1Char('-'))) {
            if (s.unknownOption.isEmpty())
                s.unknownOption = a;
        } else if (subcommands().contains(a)) {
            s.commandIndex = i;
            break;
        } else {
            // A file for the viewer; a bare word that names no file is a mistyped command
            // (`mapline contrl`): a usage error, not a viewer that opens and ignores it.
            if (!QFileInfo::exists(a) && !a.contains(QLatin1Char('/')) && !a.contains(QLatin1Char('.')))
                s.unknownCommand = a;
            break;
        }
    }
    return s;
}

} // namespace

QString defaultDatabasePath()
{
    const QString env = qEnvironmentVariable("MAPLINE_DB");
    if (!env.isEmpty())
        return env;
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(folder);
    return QDir(folder).filePath(QStringLiteral("events.sqlite"));
}

std::optional<Invocation> viewerInvocation(const QStringList &arguments)
{
    const Split s = split(arguments);
    if (s.commandIndex >= 0 || s.help || s.version || !s.unknownOption.isEmpty() || !s.unknownCommand.isEmpty())
        return std::nullopt;
    Invocation inv;
    inv.gui = true;
    inv.database = s.db;
    for (int i = 1; i < arguments.size(); ++i) {
        const QString &a = arguments[i];
        if (a == u"--db") {
            ++i;
        } else if (!a.startsWith(QLatin1Char('-'))) {
            inv.files << a;
        }
    }
    return inv;
}

int run(const QStringList &arguments)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    const Split s = split(arguments);
    if (s.commandIndex < 0) {
        if (s.version) {
            out << "mapline " << MAPLINE_VERSION << Qt::endl;
            return Success;
        }
        if (s.help) {
            out << generalHelp();
            return Success;
        }
        if (!s.unknownCommand.isEmpty()) {
            err << "mapline: '" << messageLine(s.unknownCommand) << "' is not a command, nor a file to open ("
                << subcommands().join(QStringLiteral(", ")) << ")\nTry 'mapline --help'." << Qt::endl;
            return UsageError;
        }
        err << "mapline: unknown option " << s.unknownOption << "\nTry 'mapline --help'." << Qt::endl;
        return UsageError;
    }
    // The subcommand's own parser sees "mapline COMMAND args..." plus a --db given up front.
    QStringList rest = {arguments.value(0), arguments[s.commandIndex]};
    rest += arguments.mid(s.commandIndex + 1);
    if (s.dbGiven && !rest.contains(QStringLiteral("--db")) &&
        std::none_of(rest.begin(), rest.end(), [](const QString &a) { return a.startsWith(QStringLiteral("--db=")); }))
        rest << QStringLiteral("--db") << s.db;
    const QString &command = arguments[s.commandIndex];
    for (const Subcommand &c : subcommandTable())
        if (command == QLatin1String(c.name))
            return c.run(rest);
    return UsageError; // unreachable: split() only finds known subcommands
}

} // namespace mapline::cli
