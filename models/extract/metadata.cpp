#include "metadata.h"

#include "extract/timetagger.h"

#include <QStringList>

#include <algorithm>

namespace mapline {
namespace {

bool allDigits(QStringView s)
{
    if (s.isEmpty())
        return false;
    for (QChar c : s) {
        if (!c.isDigit())
            return false;
    }
    return true;
}

int monthFromName(QStringView s)
{
    static const char16_t *const names[] = {u"jan", u"feb", u"mar", u"apr", u"may", u"jun",
                                            u"jul", u"aug", u"sep", u"oct", u"nov", u"dec"};
    if (s.size() < 3)
        return 0;
    for (int m = 0; m < 12; ++m) {
        if (s.first(3).compare(QStringView(names[m]), Qt::CaseInsensitive) == 0)
            return m + 1;
    }
    return 0;
}

bool plausibleYear(int y)
{
    return y >= 1980 && y <= 2100;
}

// yyyymmdd, yyyy-mm-dd or yyyy_mm_dd anywhere in `s` (not inside a longer digit run).
QDate compactDateIn(QStringView s)
{
    const qsizetype n = s.size();
    for (qsizetype i = 0; i + 8 <= n; ++i) {
        if (!s[i].isDigit() || (i > 0 && s[i - 1].isDigit()))
            continue;
        qsizetype run = i;
        while (run < n && s[run].isDigit())
            ++run;
        if (run - i == 8) {
            const QDate d(s.sliced(i, 4).toInt(), s.sliced(i + 4, 2).toInt(), s.sliced(i + 6, 2).toInt());
            if (d.isValid() && plausibleYear(d.year()))
                return d;
        }
        if (run - i == 4 && i + 10 <= n && (s[i + 4] == u'-' || s[i + 4] == u'_') && s[i + 7] == s[i + 4] &&
            allDigits(s.sliced(i + 5, 2)) && allDigits(s.sliced(i + 8, 2)) && (i + 10 == n || !s[i + 10].isDigit())) {
            const QDate d(s.sliced(i, 4).toInt(), s.sliced(i + 5, 2).toInt(), s.sliced(i + 8, 2).toInt());
            if (d.isValid() && plausibleYear(d.year()))
                return d;
        }
    }
    return {};
}

// Words a date stamp line may hold besides the date itself.
bool isStampWord(QStringView w)
{
    static const char16_t *const words[] = {
        u"posted", u"updated", u"update", u"published", u"last", u"modified", u"at", u"on", u"gmt", u"utc",
        u"est", u"edt", u"cst", u"cdt", u"mst", u"mdt", u"pst", u"pdt", u"bst", u"cet", u"cest", u"pkt", u"ist",
        u"am", u"pm", u"a", u"p", u"m", u"hours", u"hrs", u"local", u"time", u"by", u"story", u"date",
        u"issued", u"created", u"filed", u"edition", u"am", u"of", u"web"};
    for (const char16_t *s : words) {
        if (w.compare(QStringView(s), Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

} // namespace

QString toString(MetaOrigin origin)
{
    switch (origin) {
    case MetaOrigin::None: return QStringLiteral("none");
    case MetaOrigin::Sidecar: return QStringLiteral("sidecar");
    case MetaOrigin::Options: return QStringLiteral("options");
    case MetaOrigin::Html: return QStringLiteral("html");
    case MetaOrigin::PageStamp: return QStringLiteral("page stamp");
    case MetaOrigin::Url: return QStringLiteral("url");
    case MetaOrigin::Dateline: return QStringLiteral("dateline");
    case MetaOrigin::TitleLine: return QStringLiteral("title line");
    case MetaOrigin::FirstLine: return QStringLiteral("first line");
    }
    return {};
}

QDate parseDateStamp(QStringView text)
{
    const QStringView t = text.trimmed();
    if (t.isEmpty())
        return {};
    if (t.size() >= 10 && allDigits(t.first(4)) && (t[4] == u'-' || t[4] == u'/') && t[7] == t[4] &&
        allDigits(t.sliced(5, 2)) && allDigits(t.sliced(8, 2))) {
        const QDate d(t.first(4).toInt(), t.sliced(5, 2).toInt(), t.sliced(8, 2).toInt());
        if (d.isValid())
            return d;
    }
    if (t.size() >= 8 && allDigits(t.first(8)) && (t.size() == 8 || !t[8].isDigit())) {
        const QDate d(t.first(4).toInt(), t.sliced(4, 2).toInt(), t.sliced(6, 2).toInt());
        if (d.isValid())
            return d;
    }
    // US numeric: 11/22/2001 (month first, as US sites write it; day first when the month would be > 12).
    const qsizetype slash = t.indexOf(u'/');
    if (slash > 0 && slash <= 2) {
        const QStringList parts = t.toString().section(u' ', 0, 0).split(u'/');
        if (parts.size() == 3 && parts[2].size() == 4) {
            int a = parts[0].toInt(), b = parts[1].toInt();
            const int y = parts[2].toInt();
            if (a > 12)
                std::swap(a, b);
            const QDate d(y, a, b);
            if (d.isValid())
                return d;
        }
    }
    for (const TimeMention &m : tagTimes(t, QDate())) {
        if (m.rule.isEmpty() && m.range.precision == DatePrecision::Day)
            return m.range.start;
    }
    return {};
}

bool isDateStampLine(QStringView line, QDate *date)
{
    const QStringView t = line.trimmed();
    if (t.isEmpty() || t.size() > 140)
        return false;
    // Both kinds of date below need an ASCII digit: a compact date is digits, and every absolute
    // day the time tagger reads has a number token (a year, a day of the month or an ISO date).
    // Most short lines have none: they are not run through the tagger.
    if (std::none_of(t.begin(), t.end(), [](QChar c) { return c.unicode() >= u'0' && c.unicode() <= u'9'; }))
        return false;
    const QList<TimeMention> mentions = tagTimes(t, QDate());
    const TimeMention *day = nullptr;
    for (const TimeMention &m : mentions) {
        if (m.rule.isEmpty() && m.range.precision == DatePrecision::Day) {
            day = &m;
            break;
        }
    }
    QDate found = day ? day->range.start : compactDateIn(t);
    if (!found.isValid())
        return false;
    // Everything outside the date must be stamp words, weekdays, numbers and punctuation.
    qsizetype i = 0;
    const qsizetype n = t.size();
    while (i < n) {
        if (day && i == day->span.start) {
            i = day->span.end;
            continue;
        }
        if (!t[i].isLetter()) {
            ++i;
            continue;
        }
        qsizetype j = i;
        while (j < n && t[j].isLetter())
            ++j;
        const QStringView w = t.sliced(i, j - i);
        const bool weekday = w.size() >= 3 && QStringView(u"monday tuesday wednesday thursday friday saturday sunday")
                                                  .contains(w, Qt::CaseInsensitive);
        if (!isStampWord(w) && !weekday && !monthFromName(w))
            return false;
        i = j;
    }
    if (date)
        *date = found;
    return true;
}

QDate dateFromUrl(QStringView url)
{
    QStringView path = url;
    if (const qsizetype scheme = path.indexOf(u"://"); scheme >= 0)
        path = path.sliced(scheme + 3);
    if (const qsizetype q = path.indexOf(u'#'); q >= 0)
        path = path.first(q);
    const QList<QStringView> segments = path.split(u'/');
    for (qsizetype i = 0; i < segments.size(); ++i) {
        const QStringView seg = segments[i];
        if (seg.size() != 4 || !allDigits(seg) || !plausibleYear(seg.toInt()))
            continue;
        // A year segment, then (possibly after a few section names) month and day segments.
        for (qsizetype j = i + 1; j + 1 < segments.size() && j <= i + 5; ++j) {
            const QStringView ms = segments[j];
            const QStringView ds = segments[j + 1];
            int month = 0;
            if (allDigits(ms) && ms.size() <= 2)
                month = ms.toInt();
            else if (ms.size() >= 3 && ms.size() <= 9 && monthFromName(ms))
                month = monthFromName(ms);
            if (month < 1 || month > 12 || !allDigits(ds) || ds.size() > 2)
                continue;
            const QDate d(seg.toInt(), month, ds.toInt());
            if (d.isValid())
                return d;
        }
    }
    return compactDateIn(path);
}

QString cleanPageTitle(QStringView title)
{
    const QString t = title.toString().simplified();
    QStringList parts = {t};
    for (const QString &sep : {QStringLiteral(" - "), QStringLiteral(" | "), QStringLiteral(" :: "),
                              QStringLiteral(" — "), QStringLiteral(" – "), QStringLiteral(" : ")}) {
        QStringList next;
        for (const QString &p : std::as_const(parts))
            next += p.split(sep, Qt::SkipEmptyParts);
        parts = next;
    }
    QString best;
    for (const QString &p : std::as_const(parts)) {
        const QString s = p.trimmed();
        const bool site = s.contains(u".com", Qt::CaseInsensitive) || s.contains(u".co.uk", Qt::CaseInsensitive) ||
                          s.startsWith(u"BBC", Qt::CaseInsensitive) || (s.contains(u"News", Qt::CaseSensitive) && s.size() < 25);
        if (site || parseDateStamp(s).isValid())
            continue;
        if (s.size() > best.size())
            best = s;
    }
    return best.isEmpty() ? t : best;
}

PageMetadata metadataFromHtml(const HtmlDocument &doc)
{
    PageMetadata p;
    auto first = [&](std::initializer_list<const char16_t *> names) {
        for (const char16_t *name : names) {
            const QString v = doc.metaContent(QStringView(name));
            if (!v.isEmpty())
                return v;
        }
        return QString();
    };
    p.title = first({u"og:title", u"twitter:title", u"dc.title", u"headline", u"title"}).simplified();
    if (p.title.isEmpty())
        p.title = doc.headline.simplified();
    if (p.title.isEmpty() && !doc.title.isEmpty()) {
        p.title = cleanPageTitle(doc.title);
        p.titleFromTitleTag = true;
    }
    p.source = first({u"og:site_name", u"dc.publisher", u"publisher", u"source", u"application-name"}).simplified();
    p.url = doc.canonicalUrl;
    p.author = first({u"author", u"dc.creator", u"byl", u"article:author"}).simplified();
    for (const char16_t *name : {u"article:published_time", u"og:published_time", u"datepublished", u"date",
                                 u"pubdate", u"publishdate", u"publish-date", u"publish_date", u"dc.date",
                                 u"dc.date.issued", u"dcterms.issued", u"dcterms.created", u"original-publish-date",
                                 u"originalpublicationdate", u"sailthru.date", u"displaydate", u"og:pubdate",
                                 u"ptime", u"creation_date", u"dc.date.created", u"article:modified_time",
                                 u"last-modified"}) {
        const QString v = doc.metaContent(QStringView(name));
        if (v.isEmpty())
            continue;
        const QDate d = parseDateStamp(v);
        if (d.isValid()) {
            p.published = d;
            break;
        }
    }
    return p;
}

ResolvedMetadata resolveMetadata(const MetadataInputs &in)
{
    ResolvedMetadata r;
    r.meta = in.sidecar;
    auto pick = [](QString &field, MetaOrigin &origin, std::initializer_list<std::pair<QString, MetaOrigin>> options) {
        for (const auto &[value, from] : options) {
            if (!value.trimmed().isEmpty()) {
                field = value.trimmed();
                origin = from;
                return;
            }
        }
    };
    pick(r.meta.title, r.titleOrigin,
         {{in.sidecar.title, MetaOrigin::Sidecar}, {in.page.title, MetaOrigin::Html},
          {in.titleLine, MetaOrigin::TitleLine}, {in.firstLine, MetaOrigin::FirstLine}});
    pick(r.meta.source, r.sourceOrigin,
         {{in.sidecar.source, MetaOrigin::Sidecar}, {in.optionSource, MetaOrigin::Options},
          {in.page.source, MetaOrigin::Html}, {in.datelineSource, MetaOrigin::Dateline}});
    pick(r.meta.url, r.urlOrigin, {{in.sidecar.url, MetaOrigin::Sidecar}, {in.page.url, MetaOrigin::Html}});
    const std::pair<QDate, MetaOrigin> dates[] = {
        {in.sidecar.published, MetaOrigin::Sidecar}, {in.optionDate, MetaOrigin::Options},
        {in.page.published, MetaOrigin::Html}, {in.stampDate, MetaOrigin::PageStamp},
        {dateFromUrl(r.meta.url), MetaOrigin::Url}};
    r.meta.published = QDate();
    for (const auto &[date, from] : dates) {
        if (date.isValid()) {
            r.meta.published = date;
            r.dateOrigin = from;
            break;
        }
    }
    return r;
}

} // namespace mapline
