// mapline events: the stored events, filtered, as JSON or CSV.
#include "commands.h"

#include "commandsupport.h"
#include "eventfields.h"
#include "store/eventstore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>

namespace mapline::cli {

int runEvents(const QStringList &arguments)
{
    CommandParser cmd(QStringLiteral("events"),
                      QStringLiteral("Print the events of the database, filtered, as JSON (one array) or CSV."));
    QCommandLineParser &p = cmd.parser();
    p.addOption({QStringLiteral("from"), QStringLiteral("Events on or after this day."), QStringLiteral("DATE")});
    p.addOption({QStringLiteral("to"), QStringLiteral("Events on or before this day."), QStringLiteral("DATE")});
    p.addOption({QStringLiteral("type"), QStringLiteral("Only this event type (repeat or separate with commas)."),
                 QStringLiteral("TYPE")});
    p.addOption({QStringLiteral("actor"), QStringLiteral("Only events with this actor (repeatable)."),
                 QStringLiteral("NAME")});
    p.addOption({QStringLiteral("near"), QStringLiteral("Only events near this place."), QStringLiteral("PLACE")});
    p.addOption({QStringLiteral("radius"), QStringLiteral("Distance for --near, in km (default 50)."),
                 QStringLiteral("KM"), QStringLiteral("50")});
    p.addOption({QStringLiteral("search"), QStringLiteral("Full-text search of sentences and titles."),
                 QStringLiteral("TEXT")});
    p.addOption({QStringLiteral("format"), QStringLiteral("json (default) or csv."), QStringLiteral("FORMAT"),
                 QStringLiteral("json")});
    p.addOption({QStringLiteral("limit"), QStringLiteral("At most this many events."), QStringLiteral("N")});
    if (const auto code = cmd.parse(arguments))
        return *code;
    if (!p.positionalArguments().isEmpty())
        return cmd.usageError(QStringLiteral("unexpected argument \"%1\"").arg(p.positionalArguments().first()));

    QString error;
    EventQuery query;
    query.from = cmd.dateOption(QStringLiteral("from"), error);
    query.to = cmd.dateOption(QStringLiteral("to"), error);
    if (!error.isEmpty())
        return cmd.usageError(error);
    if (query.from.isValid() && query.to.isValid() && query.from > query.to)
        return cmd.usageError(QStringLiteral("--from is after --to"));
    for (const QString &t : p.values(QStringLiteral("type")))
        for (const QString &part : t.split(QLatin1Char(','), Qt::SkipEmptyParts))
            query.types << part.trimmed();
    query.actors = p.values(QStringLiteral("actor"));
    query.search = p.value(QStringLiteral("search"));
    const QString format = p.value(QStringLiteral("format")).toLower();
    if (format != u"json" && format != u"csv")
        return cmd.usageError(QStringLiteral("--format must be json or csv, not \"%1\"").arg(format));
    bool ok = true;
    query.radiusKm = p.value(QStringLiteral("radius")).toDouble(&ok);
    if (!ok || query.radiusKm <= 0)
        return cmd.usageError(QStringLiteral("--radius must be a positive number of kilometres"));
    if (p.isSet(QStringLiteral("limit"))) {
        query.limit = p.value(QStringLiteral("limit")).toInt(&ok);
        if (!ok || query.limit < 0)
            return cmd.usageError(QStringLiteral("--limit must be a number"));
    }

    QTextStream err(stderr);
    auto store = EventStore::open(cmd.database(), EventStore::Mode::ReadOnly);
    if (!store) {
        err << "mapline events: " << store.error() << Qt::endl;
        return InputFailed;
    }
    if (p.isSet(QStringLiteral("near"))) {
        const QString name = p.value(QStringLiteral("near"));
        const auto place = store.value()->findPlace(name);
        if (!place)
            return cmd.usageError(QStringLiteral("--near: no place named \"%1\" in the database").arg(name));
        query.near = place->coordinate;
    }
    if (!query.search.isEmpty()) {
        if (Status s = store.value()->validateSearch(query.search); !s)
            return cmd.usageError(s.error());
    }
    const Result<QList<Event>> events = store.value()->events(query);
    if (!events) {
        err << "mapline events: " << events.error() << Qt::endl;
        return InputFailed;
    }
    QTextStream out(stdout);
    out.setEncoding(QStringConverter::Utf8);
    if (format == u"json") {
        QJsonArray array;
        for (const Event &e : *events)
            array.append(eventToJson(e));
        out << QJsonDocument(array).toJson(QJsonDocument::Indented);
    } else {
        out << csvHeader() << "\r\n";
        for (const Event &e : *events)
            out << eventToCsvRecord(e) << "\r\n";
    }
    return Success;
}

} // namespace mapline::cli
