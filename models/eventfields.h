#pragma once

#include "event.h"

#include <QJsonObject>
#include <QStringList>

namespace mapline {

// The fields of the command-line contract (DESIGN.md), in contract order. JSON, CSV and every
// data export use these names, so a script written against one works against the others.
const QStringList &eventFieldNames();

QJsonObject eventToJson(const Event &event);

// One CSV record (RFC 4180 quoting; actors joined with "; "), without the line end.
QString eventToCsvRecord(const Event &event);
QString csvHeader();
QString csvQuote(const QString &field);

} // namespace mapline
