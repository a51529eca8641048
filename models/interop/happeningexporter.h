#pragma once

#include "happening.h"
#include "interop/eventexporter.h"
#include "interop/exportformat.h"
#include "result.h"

#include <QList>
#include <QString>

namespace mapline {

// Writes happenings (`mapline export --happenings`), one feature per happening at its fused place,
// in every format the event export writes: GeoJSON, GeoPackage, CSV and Shapefile through OGR, KML
// as KmlWriter writes it, with the fields of `mapline happenings` (happeningFieldNames()). KML
// placemarks are named after the type, the place and the number of sources, carry the date as a
// TimeStamp or TimeSpan and share a style per type with the event export. Written through
// StagedOutput like the event export (whole or not at all, never over an input); CSV texts are
// spreadsheet-safe unless options.spreadsheetSafeCsv is false (`--raw`).
class HappeningExporter {
public:
    static Result<EventExporter::Outcome> write(const QList<Happening> &happenings, const QString &path,
                                                ExportFormat format, const EventExportOptions &options = {});
    // The Shapefile's 10-character names of the fields.
    static QString shapefileName(const QString &field);
};

} // namespace mapline
