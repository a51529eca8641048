// mapline control: who holds which place on a day, inferred from the stored events
// (models/control/, docs/CONTROL.md), as JSON (one array), CSV or GeoJSON.
#include "commands.h"

#include "commandsupport.h"
#include "control/controlinference.h"
#include "eventfields.h"
#include "io/displaypath.h"
#include "readstore.h"
#include "store/eventstore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <cmath>

namespace mapline::cli {
namespace {

struct Row {
    const PlaceControl *place;
    const ControlState *state;
};

QJsonValue sinceValue(const ControlState &s)
{
    return s.since.isValid() ? QJsonValue(s.since.toString(Qt::ISODate)) : QJsonValue(QJsonValue::Null);
}

QString originName(const ControlState &s)
{
    return s.analyst ? QStringLiteral("analyst") : QStringLiteral("inferred");
}

QJsonObject rowToJson(const Row &r, const SideTable &sides)
{
    QJsonArray evidence;
    for (qint64 id : r.state->evidence)
        evidence.append(id);
    QJsonArray rivals;
    for (int side : r.state->rivals)
        rivals.append(sides.sides().at(side).name);
    QJsonObject o;
    o.insert(QStringLiteral("place"), r.place->place.name);
    o.insert(QStringLiteral("lat"), r.place->place.coordinate.latitude());
    o.insert(QStringLiteral("lon"), r.place->place.coordinate.longitude());
    o.insert(QStringLiteral("admin1"), r.place->place.admin1);
    o.insert(QStringLiteral("country"), r.place->place.country);
    o.insert(QStringLiteral("side"), sides.sides().at(r.state->side).name);
    o.insert(QStringLiteral("since"), sinceValue(*r.state));
    // "unknown" for the state before the first change: held until then, since when not said.
    o.insert(QStringLiteral("since_precision"), r.state->since.isValid() ? toString(r.state->sincePrecision)
                                                                         : QStringLiteral("unknown"));
    o.insert(QStringLiteral("contested"), r.state->contested);
    o.insert(QStringLiteral("rivals"), rivals);
    o.insert(QStringLiteral("confidence"), std::round(r.state->confidence * 1000.0) / 1000.0);
    o.insert(QStringLiteral("evidence"), evidence);
    // "analyst": set by a correction (docs/CONTROL.md, "Corrections"); "inferred": from the events.
    o.insert(QStringLiteral("origin"), originName(*r.state));
    o.insert(QStringLiteral("note"), r.state->note);
    return o;
}

QString csvRecord(const Row &r, const SideTable &sides)
{
    QStringList ids;
    for (qint64 id : r.state->evidence)
        ids << QString::number(id);
    QStringList rivals;
    for (int side : r.state->rivals)
        rivals << sides.sides().at(side).name;
    const ControlState &s = *r.state;
    return QStringList{csvQuote(r.place->place.name), QString::number(r.place->place.coordinate.latitude(), 'g', 10),
                       QString::number(r.place->place.coordinate.longitude(), 'g', 10),
                       csvQuote(r.place->place.admin1), csvQuote(r.place->place.country),
                       csvQuote(sides.sides().at(s.side).name), s.since.toString(Qt::ISODate),
                       s.since.isValid() ? toString(s.sincePrecision) : QStringLiteral("unknown"),
                       s.contested ? QStringLiteral("true") : QStringLiteral("false"), csvQuote(rivals.join(u';')),
                       QString::number(s.confidence, 'f', 3), ids.join(u';'), originName(s), csvQuote(s.note)}
        .join(u',');
}

} // namespace

int runControl(const QStringList &arguments)
{
    CommandParser cmd(QStringLiteral("control"),
                      QStringLiteral("Print who holds each place on a day, inferred from the events (captures, "
                                     "surrenders, withdrawals, sieges, reports of who holds it), as JSON (one "
                                     "array), CSV or GeoJSON. The filters choose the events the inference reads."));
    QCommandLineParser &p = cmd.parser();
    p.addOption({QStringLiteral("date"), QStringLiteral("The day (YYYY-MM-DD). Required."), QStringLiteral("DATE")});
    p.addOption({QStringLiteral("side"), QStringLiteral("Only places this side holds."), QStringLiteral("NAME")});
    cmd.addFilterOptions();
    p.addOption({QStringLiteral("format"), QStringLiteral("json (default), csv or geojson."), QStringLiteral("FORMAT"),
                 QStringLiteral("json")});
    if (const auto code = cmd.parse(arguments))
        return *code;
    if (!p.positionalArguments().isEmpty())
        return cmd.usageError(QStringLiteral("unexpected argument \"%1\"").arg(p.positionalArguments().first()));
    if (!p.isSet(QStringLiteral("date")))
        return cmd.usageError(QStringLiteral("--date is required"));
    QString dateError;
    const QDate day = cmd.dateOption(QStringLiteral("date"), dateError);
    if (!dateError.isEmpty())
        return cmd.usageError(dateError);
    EventQuery query;
    if (const auto code = cmd.readFilters(query))
        return *code;
    const QString format = p.value(QStringLiteral("format")).toLower();
    if (format != u"json" && format != u"csv" && format != u"geojson")
        return cmd.usageError(QStringLiteral("--format must be json, csv or geojson, not \"%1\"").arg(format));

    QTextStream err(stderr);
    auto store = ReadStore::open(cmd.database());
    if (!store) {
        err << "mapline control: " << messageLine(store.error(), {cmd.database()}) << Qt::endl;
        return InputFailed;
    }
    for (const QString &warning : store.value()->warnings())
        err << "mapline control: warning: " << warning << Qt::endl;
    if (const auto code = store.value()->resolveFilters(cmd, query))
        return *code;
    // The database's sides (the analyst may have edited them); the shipped lexicon when it has
    // none (a database created by an older Mapline, opened read-only before its migration).
    Result<SideTable> sides = store.value()->sides();
    if (sides && sides->isEmpty())
        sides = SideTable::shipped();
    if (!sides) {
        err << "mapline control: " << messageLine(sides.error(), {cmd.database()}) << Qt::endl;
        return InputFailed;
    }
    int onlySide = -1;
    if (p.isSet(QStringLiteral("side"))) {
        onlySide = sides->sideIndex(p.value(QStringLiteral("side")));
        if (onlySide < 0) {
            QStringList names;
            for (const SideTable::Side &s : sides->sides())
                names << s.name;
            return cmd.usageError(QStringLiteral("no side \"%1\" (the sides: %2)")
                                      .arg(p.value(QStringLiteral("side")), names.join(QStringLiteral(", "))));
        }
    }
    const Result<QList<Event>> events = store.value()->events(query);
    if (!events) {
        err << "mapline control: " << messageLine(events.error(), {cmd.database()}) << Qt::endl;
        return InputFailed;
    }
    const Result<QList<ControlCorrection>> corrections = store.value()->controlCorrections();
    if (!corrections) {
        err << "mapline control: " << messageLine(corrections.error(), {cmd.database()}) << Qt::endl;
        return InputFailed;
    }
    ControlHistory history = ControlInference::infer(*events, *sides);
    // The analyst's corrections are not read from the events: the filters on events do not choose
    // them, except --near, which keeps the places within its radius.
    QList<ControlCorrection> applied;
    for (const ControlCorrection &c : *corrections)
        if (!query.near.isValid() || !c.coordinate.isValid() || c.coordinate.distanceTo(query.near) <= query.radiusKm * 1000.0)
            applied.append(c);
    QStringList skipped;
    ControlInference::correct(history, applied, *sides, &skipped);
    for (const QString &why : skipped)
        err << "mapline control: warning: " << cmd.database() << ": correction of control left out: " << why << Qt::endl;
    QList<Row> rows;
    for (const PlaceControl &pc : history.places) {
        const ControlState *s = pc.stateOn(day);
        if (s && (onlySide < 0 || s->side == onlySide))
            rows.append({&pc, s});
    }

    QTextStream out(stdout);
    out.setEncoding(QStringConverter::Utf8);
    if (format == u"csv") {
        out << "place,lat,lon,admin1,country,side,since,since_precision,contested,rivals,confidence,evidence,origin,note\r\n";
        for (const Row &r : rows)
            out << csvRecord(r, *sides) << "\r\n";
    } else if (format == u"json") {
        QJsonArray array;
        for (const Row &r : rows)
            array.append(rowToJson(r, *sides));
        out << QJsonDocument(array).toJson(QJsonDocument::Indented);
    } else {
        // RFC 7946: longitude first, WGS 84, no crs member.
        QJsonArray features;
        for (const Row &r : rows) {
            QJsonObject properties = rowToJson(r, *sides);
            properties.insert(QStringLiteral("date"), day.toString(Qt::ISODate));
            properties.insert(QStringLiteral("colour"), sides->sides().at(r.state->side).colour);
            const QJsonArray coordinates{r.place->place.coordinate.longitude(), r.place->place.coordinate.latitude()};
            features.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("Feature")},
                                        {QStringLiteral("geometry"), QJsonObject{{QStringLiteral("type"), QStringLiteral("Point")},
                                                                                 {QStringLiteral("coordinates"), coordinates}}},
                                        {QStringLiteral("properties"), properties}});
        }
        out << QJsonDocument(QJsonObject{{QStringLiteral("type"), QStringLiteral("FeatureCollection")},
                                         {QStringLiteral("features"), features}})
                   .toJson(QJsonDocument::Indented);
    }
    return Success;
}

} // namespace mapline::cli
