#include "eventexplanation.h"

#include <QCoreApplication>
#include <QLocale>

#include <algorithm>
#include <cstdlib>

namespace mapline {
namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("EventExplanation", text);
}

// "the week before that of the publication date", "the month 3 months after that of ...".
QString relative(const QString &unit, int n)
{
    if (n == 0)
        return tr("the %1 of the publication date").arg(unit);
    const QString side = n < 0 ? tr("before") : tr("after");
    if (std::abs(n) == 1)
        return tr("the %1 %2 that of the publication date").arg(unit, side);
    return tr("the %1 %2 %1s %3 that of the publication date").arg(unit).arg(std::abs(n)).arg(side);
}

QString weekdayName(int d)
{
    return d >= 1 && d <= 7 ? QLocale::c().dayName(d) : QString::number(d);
}
} // namespace

QString EventExplanation::dateText(const TimeRange &t)
{
    if (!t.isValid())
        return tr("unresolved");
    const QString start = t.start.toString(Qt::ISODate);
    switch (t.precision) {
    case DatePrecision::Day: return start;
    case DatePrecision::Month: return t.start.toString(QStringLiteral("yyyy-MM"));
    case DatePrecision::Year: return QString::number(t.start.year());
    case DatePrecision::Week:
        return tr("week %1 of %2 (%3 – %4)")
            .arg(t.start.weekNumber())
            .arg(t.start.year())
            .arg(start, t.end.toString(Qt::ISODate));
    default: return start == t.end.toString(Qt::ISODate) ? start : start + QStringLiteral(" – ") + t.end.toString(Qt::ISODate);
    }
}

QString EventExplanation::ruleText(const QString &rule)
{
    const QStringList p = rule.split(u':');
    const QString kind = p.value(0);
    if (kind == u"inherit")
        return tr("the publication date");
    if (kind == u"offset") {
        const int n = p.value(1).toInt();
        if (n == 0)
            return tr("the publication date itself");
        const int days = std::abs(n);
        const QString amount = days == 1 ? tr("1 day") : tr("%1 days").arg(days);
        return n < 0 ? tr("%1 before the publication date").arg(amount) : tr("%1 after the publication date").arg(amount);
    }
    if (kind == u"weekday") {
        const QString day = weekdayName(p.value(1).toInt());
        const QString mode = p.value(2);
        if (mode == u"future")
            return tr("the first %1 on or after the publication date").arg(day);
        if (mode == u"last")
            return tr("the last %1 before the publication date").arg(day);
        if (mode == u"next")
            return tr("the first %1 after the publication date").arg(day);
        return tr("the %1 on or before the publication date").arg(day);
    }
    if (kind == u"week")
        return relative(tr("week"), p.value(1).toInt());
    if (kind == u"month")
        return relative(tr("month"), p.value(1).toInt());
    if (kind == u"year")
        return relative(tr("year"), p.value(1).toInt());
    if (kind == u"past" || kind == u"next" || kind == u"morethan") {
        // An amount with a unit: "14" (days), "2w", "3m", "1y".
        QString amount = p.value(1);
        QChar unit = u'd';
        if (!amount.isEmpty() && amount.back().isLetter()) {
            unit = amount.back();
            amount.chop(1);
        }
        bool ok = false;
        const int n = amount.toInt(&ok);
        if (ok && n > 0) {
            const QString span = unit == u'w'   ? (n == 1 ? tr("1 week") : tr("%1 weeks").arg(n))
                                 : unit == u'm' ? (n == 1 ? tr("1 month") : tr("%1 months").arg(n))
                                 : unit == u'y' ? (n == 1 ? tr("1 year") : tr("%1 years").arg(n))
                                                : (n == 1 ? tr("1 day") : tr("%1 days").arg(n));
            if (kind == u"past")
                return tr("the %1 up to the publication date").arg(span);
            if (kind == u"next")
                return tr("the %1 from the publication date").arg(span);
            return tr("more than %1 up to the publication date").arg(span);
        }
    }
    if (kind == u"recent" || kind == u"past" || kind == u"morethan")
        return tr("a range ending on the publication date");
    if (kind == u"next")
        return tr("a range starting on the publication date");
    if (kind == u"since") {
        // "since" a range that already ends on the publication date is that range.
        const QString inner = p.value(1);
        if (inner == u"past" || inner == u"recent" || inner == u"morethan")
            return ruleText(p.mid(1).join(u':'));
        return tr("from %1 to the publication date").arg(ruleText(p.mid(1).join(u':')));
    }
    if (kind == u"shift") {
        const int n = p.value(1).toInt();
        const QString days = std::abs(n) == 1 ? tr("1 day") : tr("%1 days").arg(std::abs(n));
        const QString from = ruleText(p.mid(2).join(u':'));
        return n < 0 ? tr("%1 before %2").arg(days, from) : tr("%1 after %2").arg(days, from);
    }
    if (kind == u"upto")
        return tr("%1, ending no later than the publication date").arg(ruleText(p.mid(1).join(u':')));
    return tr("relative to the publication date (%1)").arg(rule);
}

QString EventExplanation::time(const Event &e, const ArticleMeta &meta)
{
    const QString published = meta.published.isValid() ? meta.published.toString(Qt::ISODate) : QString();
    const QString resolved = dateText(e.time);
    if (e.hasFlag(Event::InheritedTime) || e.timeRule == u"inherit") {
        if (!e.time.isValid())
            return tr("No time in the sentence, and the article has no publication date: unresolved");
        return tr("No time in the sentence → %1, the article's publication date").arg(resolved);
    }
    const QString written = e.timeText.isEmpty() ? tr("(no time written)") : e.timeText;
    if (e.timeRule.isEmpty()) {
        if (!e.time.isValid())
            return tr("%1 → unresolved").arg(written);
        return tr("%1 → %2, a date as written").arg(written, resolved);
    }
    if (!e.time.isValid())
        return tr("%1 → unresolved: it is %2, and the article has no publication date")
            .arg(written, ruleText(e.timeRule));
    if (published.isEmpty())
        return tr("%1 → %2 (%3)").arg(written, resolved, ruleText(e.timeRule));
    return tr("%1 → %2, from publication date %3 (%4)").arg(written, resolved, published, ruleText(e.timeRule));
}

QString EventExplanation::place(const Event &e, const QString &datelinePlace)
{
    if (!e.place.isValid())
        return e.placeText.isEmpty() ? tr("No place found") : tr("%1 → not found in the gazetteer").arg(e.placeText);
    QStringList parts{e.place.name, toString(e.place.precision)};
    if (!e.place.admin1.isEmpty() && e.place.admin1 != e.place.name)
        parts << e.place.admin1;
    if (!e.place.source.isEmpty())
        parts << e.place.source;
    const QString target = parts.join(QStringLiteral(", "));
    if (e.hasFlag(Event::InheritedPlace) || e.placeText.isEmpty()) {
        if (!datelinePlace.isEmpty())
            return tr("No place in the sentence → %1 (dateline %2 or an earlier sentence)").arg(target, datelinePlace);
        return tr("No place in the sentence → %1 (from an earlier sentence)").arg(target);
    }
    return tr("%1 → %2").arg(e.placeText, target);
}

QString EventExplanation::highlightedSentence(const Event &e)
{
    struct Mark {
        Span span;
        QString cls;
        QString title;
    };
    QList<Mark> marks;
    const auto add = [&](const Span &s, const QString &cls, const QString &title) {
        if (s.isValid() && s.end <= e.sentence.size())
            marks.append({s, cls, title});
    };
    add(e.trigger, QStringLiteral("trigger"), tr("event"));
    add(e.timeSpan, QStringLiteral("time"), tr("time"));
    add(e.placeSpan, QStringLiteral("place"), tr("place"));
    for (const ActorMention &m : e.actors)
        add(m.span, QStringLiteral("actor"), m.actor.name);
    std::stable_sort(marks.begin(), marks.end(), [](const Mark &a, const Mark &b) { return a.span.start < b.span.start; });

    QString html;
    int pos = 0;
    for (const Mark &m : marks) {
        if (m.span.start < pos)
            continue; // overlaps the previous mark
        html += e.sentence.mid(pos, m.span.start - pos).toHtmlEscaped();
        html += QStringLiteral("<span class=\"%1\" title=\"%2\">%3</span>")
                    .arg(m.cls, m.title.toHtmlEscaped(),
                         e.sentence.mid(m.span.start, m.span.end - m.span.start).toHtmlEscaped());
        pos = m.span.end;
    }
    html += e.sentence.mid(pos).toHtmlEscaped();
    return html;
}

} // namespace mapline
