#pragma once

#include "event.h"
#include "eventrecord.h"
#include "interop/exportformat.h"
#include "result.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace mapline {

// How EventExporter writes (outside the class so that it can be a default argument).
struct EventExportOptions {
    // CSV only: a text that a spreadsheet would run as a formula (= + - @ tab CR first) gets
    // a leading ' (CsvFormulaGuard), which Mapline's own reader takes off again. False: the
    // texts exactly as stored, for programs that are not spreadsheets (`export --raw`).
    bool spreadsheetSafeCsv = true;
};

// Writes events to GeoJSON (RFC 7946), GeoPackage, CSV or Shapefile through OGR, and KML (a
// TimeStamp or TimeSpan per placemark for Google Earth's time slider, a style per event type)
// through KmlWriter, with the command-line contract's fields (ExportFields). The file appears
// complete or not at all, and never over an input or something that is not a regular file
// (StagedOutput): an existing file is replaced only once the new one is whole.
class EventExporter {
public:
    using Options = EventExportOptions;

    struct Outcome {
        qint64 written = 0;
        qint64 withoutPosition = 0; // left out: the format cannot hold an event without a position
        qint64 cutValues = 0;       // Shapefile texts cut to 254 bytes (the DBF limit)
    };

    // Called every few hundred events with (written so far, total), from the writing thread;
    // returning false stops the export: nothing is written and the result is a failure.
    using Progress = std::function<bool(qint64 done, qint64 total)>;

    // Where the events come from: `forEach` hands them one by one to its sink (which returns
    // false to stop) and fails when they cannot be read; `types` holds at least every type they
    // have (KML writes its styles first); `total` is for the progress (-1: not known).
    struct Source {
        std::function<Status(const std::function<bool(const Event &)> &sink)> forEach;
        // Optional: the same events as EventRecords (EventStore::forEachRecord), which the OGR
        // formats write without building an Event each; KML always reads Events.
        std::function<Status(const std::function<bool(const EventRecord &)> &sink)> forEachRecord;
        QStringList types;
        qint64 total = -1;
    };

    static Result<Outcome> write(const QList<Event> &events, const QString &path, ExportFormat format,
                                 const Progress &progress = {}, const Options &options = {});
    // Streamed: memory does not grow with the number of events (EventStore::forEachEvent).
    static Result<Outcome> write(const Source &source, const QString &path, ExportFormat format,
                                 const Progress &progress = {}, const Options &options = {});

    // The KML placemark's name and its icon colour (#RRGGBB) for an event type.
    static QString placemarkName(const Event &event);
    static QString typeColour(const QString &type);
};

} // namespace mapline
