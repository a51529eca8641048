// mapline export: the stored events, filtered, to a file for GIS tools, Google Earth and
// spreadsheets (GeoJSON, KML, GeoPackage, CSV, Shapefile), all written through OGR.
#include "commands.h"

#include "commandsupport.h"
#include "interop/eventexporter.h"
#include "interop/happeningexporter.h"
#include "io/displaypath.h"
#include "readstore.h"

#include <QFileInfo>
#include <QTextStream>

namespace mapline::cli {

int runExport(const QStringList &arguments)
{
    CommandParser cmd(
        QStringLiteral("export"),
        QStringLiteral("Write the events of the database, filtered as by 'mapline events', to a file: "
                       "GeoJSON (RFC 7946), KML (Google Earth, with a time stamp or span on each "
                       "placemark and a style per event type), GeoPackage, CSV or Shapefile. The "
                       "fields are those of 'mapline events'. The file is written under a temporary "
                       "name and appears complete or not at all; an existing file is replaced (through a "
                       "symbolic link, the file it names), never the database or anything that is not a "
                       "regular file. A CSV is for spreadsheets: a text that begins with = + - @, a tab or "
                       "a carriage return gets a leading ' so that it is not run as a formula, and "
                       "'mapline import' takes it off again; --raw writes the texts as they are."));
    QCommandLineParser &p = cmd.parser();
    p.addOption({QStringLiteral("out"), QStringLiteral("The file to write."), QStringLiteral("FILE")});
    p.addOption({QStringLiteral("format"),
                 QStringLiteral("geojson, kml, gpkg, csv or shp (default: from the file's extension). Given, "
                                "the file is of that format whatever its name."),
                 QStringLiteral("FORMAT")});
    p.addOption({QStringLiteral("happenings"),
                 QStringLiteral("One feature per happening (the reports of one occurrence fused, with the fields of "
                                "'mapline happenings') instead of one per event.")});
    p.addOption({QStringLiteral("raw"),
                 QStringLiteral("CSV only: write texts exactly as stored, without the ' that keeps a spreadsheet "
                                "from running a text that begins with = + - @ as a formula (for programs, not "
                                "spreadsheets).")});
    cmd.addFilterOptions();
    if (const auto code = cmd.parse(arguments))
        return *code;
    if (!p.positionalArguments().isEmpty())
        return cmd.usageError(
            QStringLiteral("unexpected argument \"%1\"").arg(p.positionalArguments().first()));

    const QString outPath = p.value(QStringLiteral("out"));
    if (outPath.isEmpty())
        return cmd.usageError(QStringLiteral("--out FILE is required"));
    std::optional<ExportFormat> format;
    if (p.isSet(QStringLiteral("format"))) {
        format = ExportFormats::fromName(p.value(QStringLiteral("format")));
        if (!format)
            return cmd.usageError(QStringLiteral("--format must be one of %1, not \"%2\"")
                                      .arg(ExportFormats::names().join(QStringLiteral(", ")),
                                           p.value(QStringLiteral("format"))));
    } else {
        format = ExportFormats::fromPath(outPath);
        if (!format)
            return cmd.usageError(
                QStringLiteral("cannot tell the format from \"%1\"; name the file .geojson, .kml, "
                               ".gpkg, .csv or .shp, or give --format")
                    .arg(displayPath(outPath)));
    }
    if (*format == ExportFormat::Shapefile &&
        QFileInfo(outPath).suffix().compare(u"shp", Qt::CaseInsensitive) != 0)
        return cmd.usageError(QStringLiteral("a Shapefile's name must end in .shp, not \"%1\"").arg(displayPath(outPath)));

    if (p.isSet(QStringLiteral("raw")) && *format != ExportFormat::Csv)
        return cmd.usageError(QStringLiteral("--raw applies to CSV only"));
    EventExporter::Options options;
    options.spreadsheetSafeCsv = !p.isSet(QStringLiteral("raw"));

    EventQuery query;
    if (const auto code = cmd.readFilters(query))
        return *code;

    QTextStream err(stderr);
    if (const auto code = cmd.refuseCredentials())
        return *code;
    auto store = ReadStore::open(cmd.database()); // a SQLite file or a PostgreSQL store
    if (!store) {
        err << "mapline export: " << messageLine(store.error(), {cmd.database()}) << Qt::endl;
        return InputFailed;
    }
    if (const auto code = store.value()->resolveFilters(cmd, query))
        return *code;
    const bool happenings = p.isSet(QStringLiteral("happenings"));
    Result<EventExporter::Outcome> written = EventExporter::Outcome{};
    if (happenings) {
        const auto list = store.value()->happenings(query);
        if (!list) {
            err << "mapline export: " << messageLine(list.error(), {cmd.database()}) << Qt::endl;
            return InputFailed;
        }
        written = HappeningExporter::write(*list, outPath, *format, options);
    } else {
        // Streamed from the database to the file: memory stays flat however many events there are.
        const Result<QStringList> types = store.value()->eventTypes(query);
        if (!types) {
            err << "mapline export: " << messageLine(types.error(), {cmd.database()}) << Qt::endl;
            return InputFailed;
        }
        EventExporter::Source source;
        source.types = *types;
        const ReadStore &db = *store.value();
        source.forEach = [&db, &query](const std::function<bool(const Event &)> &sink) {
            return db.forEachEvent(query, [&sink](Event &&e) { return sink(e); });
        };
        // The OGR formats take the rows as records: no Event, QString or QVariant a field.
        source.forEachRecord = [&db, &query](const std::function<bool(const EventRecord &)> &sink) {
            return db.forEachRecord(query, sink);
        };
        written = EventExporter::write(source, outPath, *format, {}, options);
    }
    if (!written) {
        // The file's failure, or the database's when it could not be read to its end.
        err << "mapline export: " << messageLine(written.error(), {outPath, cmd.database()}) << Qt::endl;
        return InputFailed;
    }
    const QString label = ExportFormats::label(*format);
    const char *one = happenings ? "happening" : "event";
    const char *many = happenings ? "happenings" : "events";
    QTextStream(stdout) << "exported " << counted(written->written, one, many) << " to " << displayPath(outPath) << " ("
                        << label << ")"
                        << Qt::endl;
    if (written->withoutPosition > 0)
        err << "mapline export: " << counted(written->withoutPosition, one, many)
            << " without a position left out ("
            << label << " cannot hold them; GeoJSON, GeoPackage and CSV can)" << Qt::endl;
    if (written->cutValues > 0)
        err << "mapline export: " << counted(written->cutValues, "text", "texts")
            << " longer than 254 bytes " << (written->cutValues == 1 ? "was" : "were") << " cut (the Shapefile "
            << "limit; GeoPackage keeps them whole)" << Qt::endl;
    return Success;
}

} // namespace mapline::cli
