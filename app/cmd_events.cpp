// mapline events: the stored events, filtered, as JSON or CSV.
#include "commands.h"

#include "commandsupport.h"
#include "eventfields.h"
#include "io/displaypath.h"
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
    cmd.addFilterOptions();
    p.addOption({QStringLiteral("format"), QStringLiteral("json (default) or csv."), QStringLiteral("FORMAT"),
                 QStringLiteral("json")});
    p.addOption({QStringLiteral("limit"), QStringLiteral("At most this many events."), QStringLiteral("N")});
    if (const auto code = cmd.parse(arguments))
        return *code;
    if (!p.positionalArguments().isEmpty())
        return cmd.usageError(QStringLiteral("unexpected argument \"%1\"").arg(p.positionalArguments().first()));

    EventQuery query;
    if (const auto code = cmd.readFilters(query))
        return *code;
    const QString format = p.value(QStringLiteral("format")).toLower();
    if (format != u"json" && format != u"csv")
        return cmd.usageError(QStringLiteral("--format must be json or csv, not \"%1\"").arg(format));
    if (p.isSet(QStringLiteral("limit"))) {
        bool ok = true;
        query.limit = p.value(QStringLiteral("limit")).toInt(&ok);
        if (!ok || query.limit < 0)
            return cmd.usageError(QStringLiteral("--limit must be a number"));
    }

    QTextStream err(stderr);
    auto store = EventStore::open(cmd.database(), EventStore::Mode::ReadOnly);
    if (!store) {
        err << "mapline events: " << messageLine(store.error(), {cmd.database()}) << Qt::endl;
        return InputFailed;
    }
    for (const QString &warning : store.value()->warnings())
        err << "mapline events: warning: " << warning << Qt::endl;
    if (const auto code = cmd.resolveFilters(*store.value(), query))
        return *code;
    const Result<QList<Event>> events = store.value()->events(query);
    if (!events) {
        err << "mapline events: " << messageLine(events.error(), {cmd.database()}) << Qt::endl;
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
