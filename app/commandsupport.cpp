#include "commandsupport.h"

#include "control/controlloader.h"
#include "filtermaskbuilder.h"
#include "geo/gdalerrorcapture.h"
#include "geo/gdalhandles.h"
#include "geo/layersource.h"
#include "io/displaypath.h"
#include "io/protectedfiles.h"
#include "readstore.h"
#include "geo/networklockdown.h"
#include "store/pg/pgconnection.h"
#include "render/basemaprenderer.h"
#include "render/mapsettings.h"
#include "resourcepaths.h"
#include "store/eventstore.h"

#include <QFile>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>
#include <vector>

namespace mapline::cli {
namespace {

// The --no-... options and the decoration each one switches off.
struct DecorationOption {
    const char *name;
    MapSettings::Decoration decoration;
    const char *help;
};
constexpr DecorationOption kDecorationOptions[] = {
    {"no-caption", MapSettings::Caption, "Leave out the caption (the time window and the number of events)."},
    {"no-legend", MapSettings::Legend, "Leave out the legend of the event types."},
    {"no-scale-bar", MapSettings::ScaleBar, "Leave out the scale bar."},
    {"no-north-arrow", MapSettings::NorthArrow, "Leave out the north arrow."},
    {"no-attribution", MapSettings::Attribution, "Leave out the attribution of the map data."},
    {"no-labels", MapSettings::Labels, "Leave out the names of places, provinces and countries."},
};

// The event type keys of resources/lexicons/event_types.tsv, and "other" (empty when the file
// cannot be read: then no type is refused).
QStringList eventTypeKeys()
{
    QFile file(resourcePath(QStringLiteral("lexicons/event_types.tsv")));
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return {};
    QStringList keys;
    bool header = true;
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        if (std::exchange(header, false))
            continue;
        keys << line.section(QLatin1Char('\t'), 0, 0);
    }
    if (!keys.contains(QStringLiteral("other")))
        keys << QStringLiteral("other");
    return keys;
}

// "--type: no event type "armedclash"; did you mean armed_clash? The types: ...": the suggestion
// is the key that reads the same without case, spaces, hyphens and underscores, else the key
// closest by edits (at most a third of the word).
QString unknownTypeMessage(const QString &type, const QStringList &known)
{
    const auto folded = [](const QString &s) {
        QString out;
        for (QChar c : s)
            if (c.isLetterOrNumber())
                out += c.toLower();
        return out;
    };
    const auto distance = [](const QString &a, const QString &b) {
        std::vector<int> row(size_t(b.size()) + 1);
        for (size_t j = 0; j < row.size(); ++j)
            row[j] = int(j);
        for (qsizetype i = 1; i <= a.size(); ++i) {
            int diagonal = row[0];
            row[0] = int(i);
            for (qsizetype j = 1; j <= b.size(); ++j) {
                const int up = row[size_t(j)];
                row[size_t(j)] = std::min({up + 1, row[size_t(j - 1)] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
                diagonal = up;
            }
        }
        return row.back();
    };
    QString best;
    int bestDistance = std::numeric_limits<int>::max();
    for (const QString &key : known) {
        const int d = distance(folded(type), folded(key));
        if (d < bestDistance) {
            bestDistance = d;
            best = key;
        }
    }
    QString message = QStringLiteral("--type: no event type \"%1\"").arg(type);
    if (!best.isEmpty() && bestDistance <= std::max<qsizetype>(1, folded(type).size() / 3))
        message += QStringLiteral("; did you mean %1?").arg(best);
    return message + QStringLiteral(" The types: %1").arg(known.join(QStringLiteral(", ")));
}

} // namespace

QString counted(qint64 n, const char *one, const char *many)
{
    return QStringLiteral("%1 %2").arg(n).arg(QLatin1String(n == 1 ? one : many));
}

std::optional<QSize> parseImageSize(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("^(\\d{2,5})[xX](\\d{2,5})$"));
    const auto m = pattern.match(text.trimmed());
    if (!m.hasMatch())
        return std::nullopt;
    const QSize size(m.captured(1).toInt(), m.captured(2).toInt());
    if (size.width() < 64 || size.height() < 64 || size.width() > 10000 || size.height() > 10000)
        return std::nullopt;
    return size;
}

std::optional<QGeoRectangle> parseGeoBox(const QString &text)
{
    const QStringList parts = text.split(QLatin1Char(','));
    if (parts.size() != 4)
        return std::nullopt;
    double v[4];
    for (int i = 0; i < 4; ++i) {
        bool ok = false;
        v[i] = parts[i].trimmed().toDouble(&ok);
        if (!ok || !std::isfinite(v[i])) // "nan" and "inf" parse as numbers
            return std::nullopt;
    }
    const double west = v[0], south = v[1], east = v[2], north = v[3];
    if (west < -180 || east > 180 || south < -85 || north > 85 || west >= east || south >= north)
        return std::nullopt;
    return QGeoRectangle(QGeoCoordinate(north, west), QGeoCoordinate(south, east));
}

FilterState filterStateForQuery(const EventIndex &index, const EventQuery &query, const QString &placeName)
{
    FilterState state;
    // The types not asked for are hidden (all of them for unknown types: nothing shows).
    if (!query.types.isEmpty())
        for (const QString &type : index.typeNames())
            if (!query.types.contains(type))
                state.hiddenTypes.insert(type);
    state.actors = query.actors;
    state.placeName = placeName;
    state.placeCoordinate = query.near;
    state.radiusKm = query.radiusKm;
    state.search = query.search;
    state.minSources = query.minSources;
    return state;
}

Result<std::shared_ptr<const EventMask>> maskForQuery(const ReadStore &store, const EventIndex &index,
                                                      const EventQuery &query)
{
    const FilterState state = filterStateForQuery(index, query);
    std::optional<QSet<qint64>> ids;
    if (state.hasSearch()) {
        auto found = store.searchIds(query.search);
        if (!found)
            return Result<std::shared_ptr<const EventMask>>::failure(found.error());
        ids = std::move(found).value();
    }
    return FilterMaskBuilder::build(index, state, ids);
}

CommandParser::CommandParser(const QString &command, const QString &description, const QString &positional,
                             bool takesDb)
    : mCommand(command)
    , mPositional(positional)
    , mDb(QStringLiteral("db"), QStringLiteral("The event database (default: $MAPLINE_DB or %1).")
                                    .arg(defaultDatabasePath()), QStringLiteral("PATH"))
    , mHelp({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help."))
{
    mParser.setApplicationDescription(description);
    if (!takesDb)
        mDb.setFlags(QCommandLineOption::HiddenFromHelp);
    mParser.addOption(mDb);
    mParser.addOption(mHelp);
}

std::optional<int> CommandParser::parse(const QStringList &arguments)
{
    if (!mPositional.isEmpty())
        mParser.addPositionalArgument(mPositional, QString(), mPositional + QStringLiteral("..."));
    // Drop the subcommand so the parser sees "mapline [options] [positional]".
    QStringList args = arguments;
    args.removeAt(1);
    if (!mParser.parse(args))
        return usageError(mParser.errorText());
    if (mParser.isSet(mHelp)) {
        QString help = mParser.helpText();
        help.replace(QStringLiteral("Usage: mapline"), QStringLiteral("Usage: mapline ") + mCommand);
        QTextStream(stdout) << help;
        return Success;
    }
    // A PostgreSQL store works with these commands so far (docs/SCHEMA.md, "The PostgreSQL store").
    static const QStringList onPostgres = {QStringLiteral("events"),   QStringLiteral("happenings"),
                                           QStringLiteral("export"),   QStringLiteral("copy"),
                                           QStringLiteral("snapshot"), QStringLiteral("animate"),
                                           QStringLiteral("control"),  QStringLiteral("import"),
                                           QStringLiteral("check"),    QStringLiteral("repair")};
    if (pg::isUrl(database()) && !onPostgres.contains(mCommand))
        return usageError(QStringLiteral("`mapline %1` does not work on a PostgreSQL store yet (import, events, happenings, "
                                         "export, snapshot, animate, control, check, repair and copy do): use a SQLite "
                                         "file, and `mapline copy` to move a store between the two")
                              .arg(mCommand));
    return std::nullopt;
}

QString CommandParser::database() const
{
    return mParser.isSet(mDb) ? mParser.value(mDb) : defaultDatabasePath();
}

std::optional<int> CommandParser::refuseCredentials() const
{
    if (pg::isUrl(database()) && pg::holdsPassword(database()))
        return usageError(QStringLiteral("the PostgreSQL URL holds a password, which Mapline never takes on the command "
                                         "line: give the URL without it, and the password in PGPASSWORD or ~/.pgpass"));
    return std::nullopt;
}

QDate CommandParser::dateOption(const QString &name, QString &error) const
{
    if (!mParser.isSet(name))
        return {};
    const QString value = mParser.value(name);
    const QDate date = QDate::fromString(value, Qt::ISODate);
    if (!date.isValid() || value.size() != 10)
        error = QStringLiteral("--%1: \"%2\" is not a date in the form YYYY-MM-DD").arg(name, value);
    return date;
}

int CommandParser::usageError(const QString &message) const
{
    // messageLine: an argument holding a newline (a file name) must not split the message.
    QTextStream(stderr) << "mapline " << mCommand << ": " << messageLine(message) << "\nTry 'mapline " << mCommand
                        << " --help'." << Qt::endl;
    return UsageError;
}

void CommandParser::addFilterOptions()
{
    mParser.addOption({QStringLiteral("from"), QStringLiteral("Events on or after this day."), QStringLiteral("DATE")});
    mParser.addOption({QStringLiteral("to"), QStringLiteral("Events on or before this day."), QStringLiteral("DATE")});
    mParser.addOption({QStringLiteral("type"), QStringLiteral("Only this event type (repeat or separate with commas)."),
                       QStringLiteral("TYPE")});
    mParser.addOption({QStringLiteral("actor"), QStringLiteral("Only events with this actor (repeatable)."),
                       QStringLiteral("NAME")});
    mParser.addOption({QStringLiteral("near"), QStringLiteral("Only events near this place."), QStringLiteral("PLACE")});
    mParser.addOption({QStringLiteral("radius"), QStringLiteral("Distance for --near, in km (default 50)."),
                       QStringLiteral("KM"), QStringLiteral("50")});
    mParser.addOption({QStringLiteral("search"), QStringLiteral("Full-text search of sentences and titles; one word, or "
                                                                     "word*, also matches a dataset event's id (its "
                                                                     "GDELT number, its ACLED id)."),
                       QStringLiteral("TEXT")});
    mParser.addOption({QStringLiteral("min-sources"),
                       QStringLiteral("Only happenings told by at least N distinct sources, and their reports."),
                       QStringLiteral("N")});
}

void CommandParser::addListingOptions(const QStringList &formats, const QString &what)
{
    QStringList named = formats;
    named.first() += QStringLiteral(" (default)");
    const QString choice = named.size() == 1 ? named.first()
                                             : named.mid(0, named.size() - 1).join(QStringLiteral(", ")) +
                                                   QStringLiteral(" or ") + named.last();
    mParser.addOption({QStringLiteral("format"), choice + QLatin1Char('.'), QStringLiteral("FORMAT"), formats.first()});
    mParser.addOption({QStringLiteral("limit"), QStringLiteral("At most this many %1.").arg(what), QStringLiteral("N")});
}

std::optional<int> CommandParser::readListingOptions(const QStringList &formats, QString &format,
                                                     EventQuery &query) const
{
    if (!mParser.positionalArguments().isEmpty())
        return usageError(QStringLiteral("unexpected argument \"%1\"").arg(mParser.positionalArguments().first()));
    format = mParser.value(QStringLiteral("format")).toLower();
    if (!formats.contains(format)) {
        const QString choice = formats.size() == 1 ? formats.first()
                                                   : formats.mid(0, formats.size() - 1).join(QStringLiteral(", ")) +
                                                         QStringLiteral(" or ") + formats.last();
        return usageError(QStringLiteral("--format must be %1, not \"%2\"").arg(choice, format));
    }
    if (mParser.isSet(QStringLiteral("limit"))) {
        bool ok = true;
        query.limit = mParser.value(QStringLiteral("limit")).toInt(&ok);
        if (!ok || query.limit < 0)
            return usageError(QStringLiteral("--limit must be a number"));
    }
    return std::nullopt;
}

std::optional<int> CommandParser::readFilters(EventQuery &query) const
{
    QString error;
    query.from = dateOption(QStringLiteral("from"), error);
    query.to = dateOption(QStringLiteral("to"), error);
    if (!error.isEmpty())
        return usageError(error);
    if (query.from.isValid() && query.to.isValid() && query.from > query.to)
        return usageError(QStringLiteral("--from is after --to"));
    for (const QString &t : mParser.values(QStringLiteral("type")))
        for (const QString &part : t.split(QLatin1Char(','), Qt::SkipEmptyParts))
            query.types << part.trimmed();
    // A misspelt type would quietly match nothing: name the types instead (as git names commands).
    if (!query.types.isEmpty()) {
        const QStringList known = eventTypeKeys();
        for (const QString &type : std::as_const(query.types))
            if (!known.isEmpty() && !known.contains(type))
                return usageError(unknownTypeMessage(type, known));
    }
    query.actors = mParser.values(QStringLiteral("actor"));
    query.search = mParser.value(QStringLiteral("search"));
    bool ok = true;
    query.radiusKm = mParser.value(QStringLiteral("radius")).toDouble(&ok);
    if (!ok || !std::isfinite(query.radiusKm) || query.radiusKm <= 0)
        return usageError(QStringLiteral("--radius must be a positive number of kilometres"));
    if (mParser.isSet(QStringLiteral("min-sources"))) {
        query.minSources = mParser.value(QStringLiteral("min-sources")).toInt(&ok);
        if (!ok || query.minSources < 1)
            return usageError(QStringLiteral("--min-sources must be a whole number of sources, 1 or more, not \"%1\"")
                                  .arg(mParser.value(QStringLiteral("min-sources"))));
    }
    return std::nullopt;
}

std::optional<int> CommandParser::resolveFilters(const EventStore &store, EventQuery &query) const
{
    return resolveFilters([&store](const QString &name) { return store.findPlace(name); },
                          [&store](const QString &search) { return store.validateSearch(search); }, query);
}

std::optional<int> CommandParser::resolveFilters(const std::function<std::optional<Place>(const QString &)> &findPlace,
                                                 const std::function<Status(const QString &)> &validateSearch,
                                                 EventQuery &query) const
{
    if (mParser.isSet(QStringLiteral("near"))) {
        const QString name = mParser.value(QStringLiteral("near"));
        const auto place = findPlace(name);
        if (!place)
            return usageError(QStringLiteral("--near: no place named \"%1\" in the database").arg(name));
        query.near = place->coordinate;
    }
    if (!query.search.isEmpty()) {
        if (Status s = validateSearch(query.search); !s)
            return usageError(s.error());
    }
    return std::nullopt;
}

void CommandParser::addMapOptions()
{
    for (const DecorationOption &option : kDecorationOptions)
        mParser.addOption({QString::fromLatin1(option.name), QString::fromLatin1(option.help)});
    mParser.addOption({QStringLiteral("heatmap"), QStringLiteral("Draw event density instead of symbols.")});
    mParser.addOption({QStringLiteral("no-relief"), QStringLiteral("Leave out the built-in basemap's shaded relief.")});
    mParser.addOption({QStringLiteral("control"),
                       QStringLiteral("Colour the places by the side holding them at the end of the time window "
                                      "(territorial control, as `mapline control` infers it with the analyst's "
                                      "corrections); the legend names the sides.")});
    mParser.addOption({QStringLiteral("control-provinces"),
                       QStringLiteral("As --control, and tint the provinces around the places by their holders.")});
    mParser.addOption({QStringLiteral("basemap"),
                       QStringLiteral("The analyst's basemap, drawn over the land and under the borders, names and events: "
                                      "an OpenStreetMap extract (.osm.pbf, .osm) in a road-map style, MBTiles or "
                                      "GeoPackage tiles, a GeoTIFF (imagery, a gdaldem hillshade); or a GeoPackage in "
                                      "Mapline's basemap layout to replace the bundled one."),
                       QStringLiteral("FILE")});
    mParser.addOption({QStringLiteral("layer"),
                       QStringLiteral("A vector or raster file drawn over the basemap, under the events (repeatable; "
                                      "anything GDAL opens: Shapefile, GeoPackage, GeoJSON, KML, GeoTIFF, MBTiles...)."),
                       QStringLiteral("FILE")});
}

bool CommandParser::applyControlOptions(MapSettings &settings, const ReadStore *store) const
{
    const bool provinces = mParser.isSet(QStringLiteral("control-provinces"));
    if (!mParser.isSet(QStringLiteral("control")) && !provinces)
        return true;
    std::unique_ptr<ReadStore> own;
    if (!store) {
        auto opened = ReadStore::open(database());
        if (!opened) {
            QTextStream(stderr) << "mapline " << mCommand << ": " << messageLine(opened.error(), {database()}) << Qt::endl;
            return false;
        }
        own = std::move(opened).value();
        store = own.get();
    }
    const auto layer = store->controlLayer(settings.basemap().get());
    if (!layer) {
        QTextStream(stderr) << "mapline " << mCommand << ": control not drawn: " << messageLine(layer.error(), {database()})
                            << Qt::endl;
        return false;
    }
    settings.setControl(*layer);
    settings.setControlProvinces(provinces);
    return true;
}

bool CommandParser::applyMapOptions(MapSettings &settings, int decorations) const
{
    for (const DecorationOption &option : kDecorationOptions)
        if (mParser.isSet(QString::fromLatin1(option.name)))
            decorations &= ~option.decoration;
    settings.setDecorations(decorations);
    if (mParser.isSet(QStringLiteral("heatmap")))
        settings.setEventDisplay(MapSettings::EventDisplay::HeatMap);
    settings.setRelief(!mParser.isSet(QStringLiteral("no-relief")));
    bool allOpened = true;
    QList<MapSettings::Layer> layers;
    if (mParser.isSet(QStringLiteral("basemap")) && !maplineBasemap()) {
        const QString file = mParser.value(QStringLiteral("basemap"));
        ProtectedFiles::add(file, QStringLiteral("the basemap"));
        auto opened = LayerSource::open(file);
        if (!opened) {
            QTextStream(stderr) << "mapline " << mCommand << ": " << messageLine(opened.error(), {file}) << Qt::endl;
            allOpened = false;
        } else {
            for (const auto &source : opened.value()) {
                MapSettings::Layer layer;
                layer.source = source;
                layer.colour = BasemapRenderer::layerColour(int(layers.size()));
                layer.basemap = true;
                layers << layer;
            }
        }
    }
    for (const QString &file : mParser.values(QStringLiteral("layer"))) {
        ProtectedFiles::add(file, QStringLiteral("a map layer"));
        auto opened = LayerSource::open(file);
        if (!opened) {
            QTextStream(stderr) << "mapline " << mCommand << ": " << messageLine(opened.error(), {file}) << Qt::endl;
            allOpened = false;
            continue;
        }
        for (const auto &source : opened.value()) {
            MapSettings::Layer layer;
            layer.source = source;
            layer.opacity = source->kind() == LayerSource::Kind::Raster ? 0.85 : 1.0;
            layer.colour = BasemapRenderer::layerColour(int(layers.size()));
            layers << layer;
        }
    }
    settings.setLayers(layers);
    return allOpened;
}

std::optional<QString> CommandParser::maplineBasemap() const
{
    if (!mParser.isSet(QStringLiteral("basemap")))
        return std::nullopt;
    const QString file = mParser.value(QStringLiteral("basemap"));
    if (geo::remoteReference(file))
        return std::nullopt; // refused with its reason by applyMapOptions
    geo::GdalErrorCapture quiet;
    const geo::DatasetPtr dataset = geo::openDataset(file, GDAL_OF_VECTOR);
    if (dataset && dataset->GetLayerByName("countries"))
        return file;
    return std::nullopt;
}

} // namespace mapline::cli
