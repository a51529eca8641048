#include "happeninghtml.h"

#include "eventexplanation.h"
#include "eventtablemodel.h"

namespace mapline {

QString HappeningHtml::reportsText(int reports)
{
    return reports == 1 ? tr("1 report") : tr("%1 reports").arg(reports);
}

QString HappeningHtml::listOf(const QStringList &names)
{
    if (names.isEmpty())
        return tr("an unknown source");
    if (names.size() == 1)
        return names.first();
    return tr("%1 and %2").arg(names.mid(0, names.size() - 1).join(QStringLiteral(", ")), names.last());
}

QString HappeningHtml::plainText(const Disagreement &d)
{
    QStringList says;
    for (const Disagreement::Value &v : d.values)
        says << (v.sources.size() == 1 ? tr("%1 says %2 (%3)") : tr("%1 say %2 (%3)"))
                    .arg(listOf(v.sources), v.value, reportsText(v.reports));
    const QString field = d.field == u"date" ? tr("the date") : d.field == u"place" ? tr("the place") : d.field;
    QString text = tr("The sources disagree on %1: %2.").arg(field, says.join(QStringLiteral("; ")));
    if (!d.values.isEmpty())
        text += QLatin1Char(' ') + (d.field == u"date" ? tr("The happening is dated %1, what most reports give.")
                                                       : tr("The happening is placed at %1, the most precise place."))
                                       .arg(d.values.first().value);
    return text;
}

QString HappeningHtml::render(const Happening &h, const QList<HappeningReport> &reports, qint64 selected, bool editable)
{
    const auto esc = [](const QString &s) { return s.toHtmlEscaped(); };
    const int sources = h.sources();
    // The same three steps as the map's ring (SourcesStyle): one source grey, two amber, 3+ green.
    const QString colour = sources >= 3 ? QStringLiteral("#2b8a3e") : sources == 2 ? QStringLiteral("#e67700")
                                                                                    : QStringLiteral("#868e96");
    QStringList about;
    about << reportsText(h.reports);
    about << tr("happening no. %1").arg(h.id);
    about << tr("confidence %1").arg(h.confidence, 0, 'f', 2);
    QString html = QStringLiteral("<hr><p><b style=\"color:%1; font-size:large\">%2</b> %3<br>"
                                  "<span style=\"color:#555\">%4</span>%5</p>")
                       .arg(colour, sources == 1 ? tr("Told by 1 source") : tr("Told by %1 sources").arg(sources),
                            esc(h.sourceNames.join(QStringLiteral(", "))), esc(about.join(QStringLiteral(" · "))),
                            h.corrected ? QStringLiteral("<br><span class=\"corrected\">&#9998; %1</span>")
                                              .arg(esc(tr("Merged or split by an analyst (Edit > Undo takes it back)")))
                                        : QString());
    for (const Disagreement &d : h.disagreements)
        html += QStringLiteral("<p style=\"color:#c92a2a\">%1</p>").arg(esc(plainText(d)));
    if (reports.size() <= 1 && h.reports <= 1) {
        html += QStringLiteral("<p style=\"color:#555\">%1</p>").arg(esc(tr("No other report tells it.")));
        return html;
    }
    // Side by side: who, when and where on the left, what they wrote on the right.
    html += QStringLiteral("<p style=\"margin-bottom:2px\"><b>%1</b></p>")
                .arg(esc(h.reports == 1 ? tr("The report") : tr("The %1 reports, side by side").arg(h.reports)));
    html += QStringLiteral("<table width=\"100%\" cellspacing=\"0\" cellpadding=\"4\" style=\"border-collapse:collapse\">");
    bool odd = false;
    for (const HappeningReport &r : reports) {
        const Event &e = r.event;
        const bool otherDate = h.time.isValid() && e.time.isValid() &&
                               (e.time.end < h.time.start || h.time.end < e.time.start);
        const bool otherPlace = e.place.isValid() && !h.place.name.isEmpty() && e.place.name != h.place.name &&
                                e.place.precision != GeoPrecision::Province && e.place.precision != GeoPrecision::Country;
        const auto marked = [&](bool differs, const QString &text) {
            return differs ? QStringLiteral("<span style=\"color:#c92a2a\" title=\"%1\">%2</span>")
                                 .arg(esc(tr("not the happening's")), esc(text))
                           : esc(text);
        };
        QStringList left;
        left << QStringLiteral("<b>%1</b>").arg(esc(r.source.isEmpty() ? tr("unknown source") : r.source));
        left << marked(otherDate, EventTableModel::displayDate(e));
        if (e.place.isValid() || !e.placeText.isEmpty())
            left << marked(otherPlace, e.place.isValid() ? e.place.name : e.placeText);
        QStringList links;
        if (e.id != selected)
            links << QStringLiteral("<a href=\"mapline:report/%1\">%2</a>").arg(e.id).arg(esc(tr("show")));
        else
            links << QStringLiteral("<i>%1</i>").arg(esc(tr("shown above")));
        if (editable && h.reports > 1)
            links << QStringLiteral("<a href=\"mapline:split/%1\">%2</a>").arg(e.id).arg(esc(tr("split out")));
        left << QStringLiteral("<span style=\"font-size:small\">%1</span>").arg(links.join(QStringLiteral(" · ")));
        QString right = EventExplanation::highlightedSentence(e);
        if (!r.document.isEmpty())
            right += QStringLiteral("<br><span style=\"color:#888; font-size:small\">%1</span>").arg(esc(r.document));
        html += QStringLiteral("<tr%1><td valign=\"top\" width=\"32%\" style=\"border-top:1px solid #ddd\">%2</td>"
                               "<td valign=\"top\" style=\"border-top:1px solid #ddd\">%3</td></tr>")
                    .arg(e.id == selected ? QStringLiteral(" bgcolor=\"#fff3bf\"")
                         : odd            ? QStringLiteral(" bgcolor=\"#f8f9fa\"")
                                          : QString(),
                         left.join(QStringLiteral("<br>")), right);
        odd = !odd;
    }
    html += QStringLiteral("</table>");
    if (h.reports > reports.size())
        html += QStringLiteral("<p style=\"color:#555\">%1</p>")
                    .arg(esc(tr("and %n more (mapline happenings lists them all)", nullptr, int(h.reports - reports.size()))));
    return html;
}

} // namespace mapline
