#pragma once

#include "corrections/correctionhistory.h"

#include <QList>
#include <QString>

#include <optional>

namespace mapline::correctionhtml {

// The details panel's account of who corrected an event (issue 19), as HTML: "Corrected by NAME,
// DATE" (`stamp`; "unknown" for a correction older than the names), and the history of its
// corrections, newest first: each change, who made it and when, what it replaced and whose that
// was. Every text is escaped. `now` decides "today" and "yesterday".
QString stampLine(const std::optional<CorrectionStamp> &stamp, const QDateTime &now = QDateTime::currentDateTime());
QString historySection(const QList<HistoryEntry> &history, const QDateTime &now = QDateTime::currentDateTime());
// The note of a write that replaced another analyst's (history::conflictMessage()), on top.
QString conflictNote(const QString &message);

} // namespace mapline::correctionhtml
