#pragma once

#include "interop/exportformat.h"
#include "io/stagedoutput.h"

#include <QByteArray>
#include <QString>

// What the event and the happening exports share: the staging of each format, the DBF's text
// limit, the check that GDAL wrote a file whole, and the names of types.
namespace mapline::exportsupport {

// A DBF text field holds at most 254 bytes.
constexpr int kDbfTextBytes = 254;

// The staging of one export: a Shapefile's companions, the format's own extension for the
// temporary file (GDAL's CSV driver makes a folder of "events.txt"), SQLite locking for GeoPackage.
StagedOutput::Options stagingOptions(ExportFormat format);

// Cuts UTF-8 text to `limit` bytes without splitting a character.
QByteArray cutUtf8(const QByteArray &utf8, qsizetype limit);

// "armed_clash" -> "Armed clash"; `fallback` for an empty type.
QString typeLabel(const QString &type, const QString &fallback);

// GDAL's GeoJSON and CSV drivers close a file cut short (a full disk, a file-size limit) as if it
// were whole: a finished GeoJSON ends with "]}", a CSV has its header and `records` whole records
// of `fields` fields. The other drivers report their write errors themselves (true).
bool writtenWhole(const QString &path, ExportFormat format, qint64 records, qsizetype fields);

} // namespace mapline::exportsupport
