// mapline events: the stored events, filtered, as JSON or CSV.
#include "commands.h"

#include "commandsupport.h"
#include "eventrecord.h"
#include "eventtextwriter.h"
#include "io/displaypath.h"
#include "readstore.h"

#include <QTextStream>

#include <cerrno>
#include <cstdio>
#include <cstring>

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
    // Streamed: each event is written as it is read (composed as text, handed to stdout a
    // megabyte at a time), so memory stays flat however many there are. The JSON is the same
    // text QJsonDocument writes for the whole array, indented. The opening is written with the
    // first event (or at the end): a query that fails before any row prints nothing. One that
    // fails midway leaves the JSON unclosed, so that no reader takes the part for the whole.
    EventTextWriter writer(format == u"json" ? EventTextWriter::Format::Json : EventTextWriter::Format::Csv,
                           [](std::string_view bytes) { return std::fwrite(bytes.data(), 1, bytes.size(), stdout) == bytes.size(); });
    const Status streamed = store.value()->forEachRecord(query, [&writer](const EventRecord &r) { return writer.write(r); });
    if (!streamed) {
        writer.flush();
        std::fflush(stdout);
        err << "mapline events: " << messageLine(streamed.error(), {cmd.database()}) << Qt::endl;
        return InputFailed;
    }
    const bool finished = writer.finish();
    if (std::fflush(stdout) != 0 || !finished) {
        err << "mapline events: cannot write the output: " << QString::fromLocal8Bit(std::strerror(errno)) << Qt::endl;
        return InputFailed;
    }
    return Success;
}

} // namespace mapline::cli
