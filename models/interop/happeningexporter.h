#pragma once

#include "happening.h"
#include "interop/eventexporter.h"
#include "interop/exportformat.h"
#include "result.h"

#include <QList>
#include <QString>

namespace mapline {

// Writes happenings (`mapline export --happenings`), one feature per happening at its fused place,
// in every format the event export writes (GeoJSON, KML, GeoPackage, CSV, Shapefile) through OGR,
// with the fields of `mapline happenings` (happeningFieldNames()). KML placemarks are named after
// the type, the place and the number of sources, carry the date as a TimeStamp or TimeSpan and
// share a style per type with the event export. Staged like the event export: the file appears
// whole or not at all.
class HappeningExporter {
public:
    static Result<EventExporter::Outcome> write(const QList<Happening> &happenings, const QString &path,
                                                ExportFormat format);
    // The Shapefile's 10-character names of the fields.
    static QString shapefileName(const QString &field);
};

} // namespace mapline
