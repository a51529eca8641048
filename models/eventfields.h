#pragma once

#include "event.h"

#include <QJsonObject>
#include <QStringList>
#include <QVariantList>

namespace mapline {

// The fields of the command-line contract (DESIGN.md), in contract order. JSON, CSV and every
// data export use these names, so a script written against one works against the others.
const QStringList &eventFieldNames();

// The event's values in eventFieldNames() order: ids as qint64, dates as QDate (null when
// unknown), lat/lon as double (null when unplaced), actors as a QStringList, confidence as
// double, the rest as QString. JSON, CSV and the OGR exports all format these.
QVariantList eventFieldValues(const Event &event);
// The event's actors' names, each once, in the order they are named.
QStringList eventActorNames(const Event &event);

QJsonObject eventToJson(const Event &event);

// One CSV record (RFC 4180 quoting; actors joined with "; "), without the line end.
QString eventToCsvRecord(const Event &event);
QString csvHeader();
QString csvQuote(const QString &field);

} // namespace mapline
