#pragma once

#include "interop/dataset.h"

#include <functional>

namespace mapline {

// Turns one record of a file Mapline exported (CSV, GeoJSON, KML, GeoPackage, Shapefile) back into
// an event: the contract's fields, read by name through `value`, which returns a null QString for
// a field the record lacks or leaves empty. Shared by MaplineCsvReader and OgrEventReader so every
// format comes back the same way.
class MaplineRecord {
public:
    using FieldValue = std::function<QString(const QString &contractName)>;

    // False with `problem` set when a value cannot be stored as it is (a date that is not one,
    // a latitude beyond 90, a confidence above 1, an end before the start, no type).
    static bool toRow(const FieldValue &value, DatasetRow &row, QString &problem);

    // "2001-11-21", "2001/11/21" (what some OGR drivers give for a date field) or a date-time.
    static QDate parseDate(const QString &text);
};

} // namespace mapline
