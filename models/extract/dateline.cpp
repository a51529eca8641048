#include "dateline.h"

#include "extract/furniture.h"

namespace mapline {
namespace {

constexpr qsizetype kMaxDatelineLength = 100;
constexpr qsizetype kMaxPlaceLength = 40;

bool isDashChar(QChar c)
{
    return c == u'-' || c == QChar(0x2013) || c == QChar(0x2014) || c == QChar(0x2015) || c == QChar(0x2012);
}

// The separator after the dateline: "--", "—", "–", "-", ":" with spaces around it (or the end
// of the paragraph). Returns the index after it and the spaces that follow, or -1.
qsizetype separatorAt(QStringView s, qsizetype i)
{
    const qsizetype n = s.size();
    while (i < n && s[i] == u' ')
        ++i;
    if (i >= n)
        return -1;
    qsizetype j = i;
    if (isDashChar(s[j])) {
        while (j < n && isDashChar(s[j]) && j - i < 3)
            ++j;
    } else if (s[j] == u':') {
        ++j;
    } else {
        return -1;
    }
    if (j < n && s[j] != u' ')
        return -1; // "Mazar-e", "U.S.-led": a hyphen inside a word, not a separator
    while (j < n && s[j] == u' ')
        ++j;
    return j;
}

// A run of place-name characters: letters, spaces, '.', '-', '\'' (up to ',', '(' or a separator).
qsizetype placeEnd(QStringView s, qsizetype i)
{
    const qsizetype n = std::min(s.size(), i + kMaxPlaceLength + 1);
    while (i < n) {
        const QChar c = s[i];
        if (c.isLetter() || c.isMark() || c == u'.' || c == u'\'' || c == QChar(0x2019))
            ++i;
        else if (c == u'-' && i + 1 < s.size() && s[i + 1].isLetter())
            ++i;
        else if (c == u' ' && i + 1 < s.size() && (s[i + 1].isLetter()))
            ++i;
        else
            break;
    }
    return i;
}

bool hasLower(QStringView s)
{
    for (QChar c : s) {
        if (c.isLower())
            return true;
    }
    return false;
}

bool looksLikeDate(QStringView s)
{
    static const char16_t *const months[] = {u"jan", u"feb", u"mar", u"apr", u"may", u"jun", u"jul",
                                             u"aug", u"sep", u"oct", u"nov", u"dec"};
    bool digit = false;
    for (QChar c : s)
        digit = digit || c.isDigit();
    if (!digit)
        return false;
    for (const char16_t *m : months) {
        if (s.contains(QStringView(m), Qt::CaseInsensitive))
            return true;
    }
    return false;
}

// "(CNN)", "(AP)", "(Reuters)", "(Agence France-Presse)": at most four words, no digits.
qsizetype sourceAt(QStringView s, qsizetype i, QString *source)
{
    if (i >= s.size() || s[i] != u'(')
        return -1;
    const qsizetype close = s.indexOf(u')', i);
    if (close < 0 || close - i > 40)
        return -1;
    const QStringView inner = s.sliced(i + 1, close - i - 1).trimmed();
    if (inner.isEmpty() || wordCount(inner) > 4)
        return -1;
    for (QChar c : inner) {
        if (c.isDigit())
            return -1;
    }
    if (!inner[0].isUpper() && inner != u"dpa")
        return -1;
    *source = inner.toString();
    return close + 1;
}

} // namespace

Dateline findDateline(QStringView paragraph)
{
    Dateline d;
    const QStringView s = paragraph.first(std::min(paragraph.size(), kMaxDatelineLength + 20));
    qsizetype i = 0;
    while (i < s.size() && s[i] == u' ')
        ++i;
    // "(CNN) -- The Taliban ...": a source with no place.
    if (i < s.size() && s[i] == u'(') {
        QString source;
        const qsizetype after = sourceAt(s, i, &source);
        if (after < 0)
            return d;
        const qsizetype end = separatorAt(s, after);
        if (end < 0)
            return d;
        d.source = source;
        d.span = {int(i), int(end)};
        return d;
    }
    const qsizetype pEnd = placeEnd(s, i);
    QStringView place = s.sliced(i, pEnd - i).trimmed();
    if (place.isEmpty() || !place[0].isUpper() || wordCount(place) > 5)
        return d;
    qsizetype j = pEnd;
    // Up to three comma parts: region or country, and a date ("Nov. 22", "Thursday, Nov. 22").
    QString country;
    QString dateText;
    for (int part = 0; part < 3 && j < s.size() && s[j] == u','; ++part) {
        qsizetype k = j + 1;
        while (k < s.size() && s[k] == u' ')
            ++k;
        qsizetype e = k;
        while (e < s.size() && e - k < 30 && s[e] != u',' && s[e] != u'(' && !(s[e] == u' ' && separatorAt(s, e) >= 0))
            ++e;
        const QStringView text = s.sliced(k, e - k).trimmed();
        if (text.isEmpty() || !(text[0].isUpper() || text[0].isDigit()) || wordCount(text) > 4)
            return d;
        if (looksLikeDate(text)) {
            dateText = dateText.isEmpty() ? text.toString() : dateText + QStringLiteral(", ") + text.toString();
        } else if (country.isEmpty() && dateText.isEmpty()) {
            country = text.toString();
        } else if (!dateText.isEmpty() || text.startsWith(u"Mon") || text.startsWith(u"Tue") ||
                   text.startsWith(u"Wed") || text.startsWith(u"Thu") || text.startsWith(u"Fri") ||
                   text.startsWith(u"Sat") || text.startsWith(u"Sun")) {
            dateText = dateText.isEmpty() ? text.toString() : dateText + QStringLiteral(", ") + text.toString();
        } else {
            return d;
        }
        j = e;
    }
    while (j < s.size() && s[j] == u' ')
        ++j;
    QString source;
    if (j < s.size() && s[j] == u'(') {
        const qsizetype after = sourceAt(s, j, &source);
        if (after < 0)
            return d;
        j = after;
    }
    const qsizetype end = separatorAt(s, j);
    if (end < 0 || end > kMaxDatelineLength)
        return d;
    // A capitalised place needs a source or a date to vouch for it, or "Taliban: ..." would count.
    const bool capitals = !hasLower(place) && place.size() >= 2;
    if (!capitals && source.isEmpty() && dateText.isEmpty())
        return d;
    // A colon only separates a capitals dateline ("KABUL: ..."), never "Officials said: ...".
    if (s[end - 1] == u':' || (end >= 2 && s.sliced(j, end - j).trimmed() == u":")) {
        if (!capitals)
            return d;
    }
    d.place = place.toString();
    d.country = country;
    d.source = source;
    d.dateText = dateText;
    d.span = {int(i), int(end)};
    return d;
}

} // namespace mapline
