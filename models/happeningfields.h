#pragma once

#include "happening.h"

#include <QJsonObject>
#include <QStringList>
#include <QVariantList>

namespace mapline {

// The fields of `mapline happenings` (DESIGN.md, docs/FUSION.md), in order: JSON, CSV and
// `mapline export --happenings` use these names.
const QStringList &happeningFieldNames();

// The values in happeningFieldNames() order, as flat values for files (CSV, OGR): ids as qint64,
// dates as QDate (null when unknown), lat/lon as double (null when unplaced), lists (actors,
// source names, event and article ids) as text joined with "; ", the disagreements in words,
// confidence as double.
QVariantList happeningFieldValues(const Happening &happening);

// JSON keeps the lists as arrays and the disagreements structured:
// [{"field": "date", "values": [{"value": "2001-11-26", "reports": 8, "sources": ["AP", ...]}, ...]}].
QJsonObject happeningToJson(const Happening &happening);
// A GeoJSON (RFC 7946) Feature: the fused place as a Point (null geometry when unplaced), the JSON
// fields as its properties.
QJsonObject happeningToGeoJsonFeature(const Happening &happening);
QString happeningCsvHeader();
QString happeningToCsvRecord(const Happening &happening); // RFC 4180, without the line end

} // namespace mapline
