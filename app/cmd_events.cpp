// mapline events: the stored events, filtered, as JSON or CSV.
#include "commands.h"

#include "commandsupport.h"
#include "eventfields.h"
#include "io/displaypath.h"
#include "readstore.h"

#include <QJsonDocument>
#include <QTextStream>

namespace mapline::cli {

int runEvents(const QStringList &arguments)
{
    CommandParser cmd(QStringLiteral("events"),
                      QStringLiteral("Print the events of the database, filtered, as JSON (one array) or CSV."));
    cmd.addFilterOptions();
    const QStringList formats = {QStringLiteral("json"), QStringLiteral("csv")};
    cmd.addListingOptions(formats, QStringLiteral("events"));
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
    // A SQLite file or a PostgreSQL store: the same events, in the same order.
    auto store = ReadStore::open(cmd.database());
    if (!store) {
        err << "mapline events: " << messageLine(store.error(), {cmd.database()}) << Qt::endl;
        return InputFailed;
    }
    for (const QString &warning : store.value()->warnings())
        err << "mapline events: warning: " << warning << Qt::endl;
    if (const auto code = store.value()->resolveFilters(cmd, query))
        return *code;
    // Streamed: each event is written as it is read, so memory stays flat however many there are.
    // The JSON is the same text QJsonDocument writes for the whole array, indented.
    QTextStream out(stdout);
    out.setEncoding(QStringConverter::Utf8);
    const bool json = format == u"json";
    qint64 written = 0;
    // The opening is written with the first event (or at the end): a query that fails before
    // any row prints nothing. One that fails midway leaves the JSON unclosed, so that no reader
    // takes the part for the whole.
    bool begun = false;
    auto begin = [&] {
        if (!begun)
            out << (json ? QStringLiteral("[\n") : csvHeader() + QStringLiteral("\r\n"));
        begun = true;
    };
    const Status streamed = store.value()->forEachEvent(query, [&](Event &&e) {
        begin();
        if (json) {
            if (written > 0)
                out << ",\n";
            const QByteArray object = QJsonDocument(eventToJson(e)).toJson(QJsonDocument::Indented);
            // Each line one level deeper, as inside an array; the object's last newline dropped.
            qsizetype from = 0;
            while (from < object.size() - 1) {
                qsizetype end = object.indexOf('\n', from);
                if (end < 0)
                    end = object.size();
                out << "    " << QString::fromUtf8(object.constData() + from, end - from);
                from = end + 1;
                if (from < object.size() - 1)
                    out << "\n";
            }
        } else {
            out << eventToCsvRecord(e) << "\r\n";
        }
        ++written;
        return out.status() == QTextStream::Ok;
    });
    if (!streamed) {
        out.flush();
        err << "mapline events: " << messageLine(streamed.error(), {cmd.database()}) << Qt::endl;
        return InputFailed;
    }
    begin();
    if (json)
        out << (written > 0 ? "\n]\n" : "]\n");
    out.flush();
    return Success;
}

} // namespace mapline::cli
