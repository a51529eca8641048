#pragma once

#include "event.h"
#include "interop/exportformat.h"
#include "result.h"

#include <QList>
#include <QString>

#include <functional>

namespace mapline {

// Writes events to GeoJSON (RFC 7946), KML (a TimeStamp or TimeSpan per placemark for Google
// Earth's time slider, a style per event type), GeoPackage, CSV or Shapefile through OGR, with the
// command-line contract's fields (ExportFields). The file appears complete or not at all
// (StagedOutput): an existing file is replaced only once the new one is whole.
class EventExporter {
public:
    struct Outcome {
        qint64 written = 0;
        qint64 withoutPosition = 0; // left out: the format cannot hold an event without a position
        qint64 cutValues = 0;       // Shapefile texts cut to 254 bytes (the DBF limit)
    };

    // Called every few hundred events with (written so far, total), from the writing thread;
    // returning false stops the export: nothing is written and the result is a failure.
    using Progress = std::function<bool(qint64 done, qint64 total)>;

    static Result<Outcome> write(const QList<Event> &events, const QString &path, ExportFormat format,
                                 const Progress &progress = {});

    // The KML placemark's name and its icon colour (#RRGGBB) for an event type.
    static QString placemarkName(const Event &event);
    static QString typeColour(const QString &type);
};

} // namespace mapline
