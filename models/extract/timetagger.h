#pragma once

#include "event.h" // Span
#include "timerange.h"

#include <QDate>
#include <QList>
#include <QString>
#include <QStringView>

namespace mapline {

// A time expression found in one sentence.
struct TimeMention {
    Span span;            // [start, end) within the sentence
    QString text;         // as written, e.g. "Wednesday", "a day earlier", "in recent days"
    QString rule;         // how it resolves from the publication date; empty when absolute ("Nov. 21, 2001")
    TimeRange range;      // resolved; invalid when the rule needs a publication date and none is known
    double confidence = 0.0;
    bool future = false;  // the expression refers forward ("will meet on Friday", "next week")
};

// All time expressions in `sentence`, resolved against `published` (null: relative ones stay unresolved).
QList<TimeMention> tagTimes(QStringView sentence, QDate published);

// Re-resolves a stored rule against a (new) publication date; invalid range if the rule is unknown.
TimeRange resolveTimeRule(const QString &rule, QDate published);

} // namespace mapline
