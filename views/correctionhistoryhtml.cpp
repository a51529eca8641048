#include "correctionhistoryhtml.h"

#include <QCoreApplication>

namespace mapline::correctionhtml {
namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("CorrectionHistory", text);
}

} // namespace

QString stampLine(const std::optional<CorrectionStamp> &stamp, const QDateTime &now)
{
    if (!stamp)
        return tr("Corrected by an analyst (Correct > Revert to extracted restores the machine's values)");
    return tr("Corrected by %1, %2 (Correct > Revert to extracted restores the machine's values)")
        .arg(history::analystName(stamp->by).toHtmlEscaped(), history::whenText(stamp->at, now).toHtmlEscaped());
}

QString historySection(const QList<HistoryEntry> &history, const QDateTime &now)
{
    if (history.isEmpty())
        return {};
    QString html = QStringLiteral("<p style=\"margin-bottom:2px\"><b>%1</b></p><table cellspacing=\"2\">")
                       .arg(tr("History of the corrections (newest first)"));
    for (auto it = history.crbegin(); it != history.crend(); ++it) {
        const HistoryEntry &e = *it;
        QString what = e.change.toHtmlEscaped();
        if (e.oldValue && !e.old.by.isNull())
            what += QStringLiteral("<br><span style=\"color:#555\">%1</span>")
                        .arg(tr("replaced %1's correction of %2")
                                 .arg(history::analystName(e.old.by).toHtmlEscaped(),
                                      history::whenText(e.old.at, now).toHtmlEscaped()));
        html += QStringLiteral("<tr><td class=\"key\" style=\"white-space:nowrap\">%1<br>%2</td><td>%3</td></tr>")
                    .arg(history::analystName(e.changed.by).toHtmlEscaped(),
                         history::whenText(e.changed.at, now).toHtmlEscaped(), what);
    }
    return html + QStringLiteral("</table>");
}

QString conflictNote(const QString &message)
{
    if (message.isEmpty())
        return {};
    return QStringLiteral("<p style=\"background:#fff3bf; color:#5c3c00; padding:4px\">&#9888; %1</p>")
        .arg(message.toHtmlEscaped());
}

} // namespace mapline::correctionhtml
