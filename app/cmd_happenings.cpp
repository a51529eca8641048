// mapline happenings: the happenings of the database (the reports of one real occurrence fused,
// docs/FUSION.md), filtered as `mapline events` filters, as JSON, CSV or GeoJSON.
#include "commands.h"

#include "commandsupport.h"
#include "happeningfields.h"
#include "io/displaypath.h"
#include "readstore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

namespace mapline::cli {

int runHappenings(const QStringList &arguments)
{
    CommandParser cmd(QStringLiteral("happenings"),
                      QStringLiteral("Print the happenings of the database as JSON (one array), CSV or GeoJSON (one "
                                     "FeatureCollection, a point per happening): one row per real "
                                     "occurrence, with the reports (events of articles, rows of datasets) that tell "
                                     "it fused into it, how many distinct sources tell it, and where they disagree. "
                                     "The filters are those of 'mapline events', applied to the happening: its date, "
                                     "type and place, and its reports' actors and text."));
    cmd.addFilterOptions();
    const QStringList formats = {QStringLiteral("json"), QStringLiteral("csv"), QStringLiteral("geojson")};
    cmd.addListingOptions(formats, QStringLiteral("happenings"));
    if (const auto code = cmd.parse(arguments))
        return *code;
    EventQuery query;
    QString format;
    if (const auto code = cmd.readListingOptions(formats, format, query))
        return *code;
    if (const auto code = cmd.readFilters(query))
        return *code;

    QTextStream err(stderr);
    if (const auto code = cmd.refuseCredentials())
        return *code;
    auto store = ReadStore::open(cmd.database()); // a SQLite file or a PostgreSQL store
    if (!store) {
        err << "mapline happenings: " << messageLine(store.error(), {cmd.database()}) << Qt::endl;
        return InputFailed;
    }
    if (const auto code = store.value()->resolveFilters(cmd, query))
        return *code;
    const auto happenings = store.value()->happenings(query);
    if (!happenings) {
        err << "mapline happenings: " << messageLine(happenings.error(), {cmd.database()}) << Qt::endl;
        return InputFailed;
    }
    QTextStream out(stdout);
    out.setEncoding(QStringConverter::Utf8);
    if (format == u"json") {
        QJsonArray array;
        for (const Happening &h : *happenings)
            array.append(happeningToJson(h));
        out << QJsonDocument(array).toJson(QJsonDocument::Indented);
    } else if (format == u"geojson") {
        QJsonArray features;
        for (const Happening &h : *happenings)
            features.append(happeningToGeoJsonFeature(h));
        QJsonObject collection;
        collection.insert(QStringLiteral("type"), QStringLiteral("FeatureCollection"));
        collection.insert(QStringLiteral("features"), features);
        out << QJsonDocument(collection).toJson(QJsonDocument::Indented);
    } else {
        out << happeningCsvHeader() << "\r\n";
        for (const Happening &h : *happenings)
            out << happeningToCsvRecord(h) << "\r\n";
    }
    return Success;
}

} // namespace mapline::cli
