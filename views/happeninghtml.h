#pragma once

#include "event.h"
#include "happening.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

namespace mapline {

// A report of a happening as the details panel lists it.
struct HappeningReport {
    Event event;
    QString source;   // the article's source, or the dataset row's
    QString document; // the article's title, or the dataset file's name
};

// The details panel's account of a happening (docs/FUSION.md): how many sources tell it and who,
// the disagreements in plain words ("AP and CNN say 2001-11-26 (6 reports); VOA says 2001-11-25"),
// and every report side by side, one row each: its source, date and place beside its sentence
// with the evidence highlighted; a date or place that is not the happening's in red. Each row
// links to the report (mapline:report/ID) and, when `editable`, to splitting it out
// (mapline:split/ID). Rich text for a QTextBrowser: every value is escaped.
class HappeningHtml {
    Q_DECLARE_TR_FUNCTIONS(HappeningHtml)
public:
    // `reports`: those read (all of them up to a limit); `selected`: the report shown above.
    static QString render(const Happening &happening, const QList<HappeningReport> &reports, qint64 selected,
                          bool editable);
    // One disagreement as a sentence.
    static QString plainText(const Disagreement &disagreement);
    // "1 report", "3 reports".
    static QString reportsText(int reports);
    // "AP, CNN and Reuters".
    static QString listOf(const QStringList &names);
};

} // namespace mapline
