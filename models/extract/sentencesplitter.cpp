#include "sentencesplitter.h"

#include <QHash>

namespace mapline {
namespace {

enum class Abbrev { None, Always, BeforeNumber, BeforeTimeWord };

// Lower-case abbreviations without their final period; dotted forms keep their inner periods.
const QHash<QStringView, Abbrev> &abbreviations()
{
    static const QHash<QStringView, Abbrev> table = [] {
        QHash<QStringView, Abbrev> t;
        for (const char16_t *a : {u"mr", u"mrs", u"ms", u"dr", u"prof", u"gen", u"gens", u"lt", u"col", u"maj",
                                  u"capt", u"cpt", u"sgt", u"cpl", u"pvt", u"cmdr", u"cmdt", u"adm", u"brig", u"gov",
                                  u"sen", u"sens", u"rep", u"reps", u"rev", u"st", u"ste", u"jr", u"sr", u"vs",
                                  u"jan", u"feb", u"mar", u"apr", u"jun", u"jul", u"aug", u"sep", u"sept", u"oct",
                                  u"nov", u"dec", u"mon", u"tue", u"tues", u"thu", u"thur", u"thurs",
                                  u"fri", u"u.s", u"u.n", u"u.k", u"e.u", u"u.s.s.r", u"e.g", u"i.e",
                                  u"approx", u"mt", u"ft", u"ave", u"blvd", u"sq", u"gov", u"pres", u"supt",
                                  u"insp", u"det", u"hon", u"messrs", u"mme", u"mlle", u"ca", u"cf",
                                  u"al", u"inc", u"corp", u"ltd", u"co", u"bros", u"dept", u"univ", u"assn",
                                  u"calif", u"conn", u"fla", u"kan", u"mich", u"minn", u"neb", u"nev", u"okla", u"tenn", u"tex", u"wis", u"n.y", u"n.j", u"d.c",
                                  u"l.a", u"p.o", u"a.k.a"})
            t.insert(QStringView(a), Abbrev::Always);
        for (const char16_t *a : {u"no", u"nos", u"vol", u"art", u"fig", u"p", u"pp", u"ch", u"km", u"kg", u"mi"})
            t.insert(QStringView(a), Abbrev::BeforeNumber);
        for (const char16_t *a : {u"a.m", u"p.m", u"etc"})
            t.insert(QStringView(a), Abbrev::BeforeTimeWord);
        return t;
    }();
    return table;
}

// Words after "a.m." that continue the sentence ("at 10 a.m. Thursday", "9 p.m. EST").
bool isTimeWord(QStringView w)
{
    static const char16_t *const words[] = {
        u"monday", u"tuesday", u"wednesday", u"thursday", u"friday", u"saturday", u"sunday", u"est", u"edt",
        u"gmt", u"utc", u"pst", u"pdt", u"cst", u"cdt", u"bst", u"local", u"jan", u"feb", u"march", u"april",
        u"may", u"june", u"july", u"aug", u"sept", u"oct", u"nov", u"dec", u"january", u"february", u"august",
        u"september", u"october", u"november", u"december", u"et", u"pt", u"ct"};
    for (const char16_t *t : words) {
        if (w.compare(QStringView(t), Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

bool isClosing(QChar c)
{
    return c == u'"' || c == QChar(0x201D) || c == u'\'' || c == QChar(0x2019) || c == u')' || c == u']' ||
           c == QChar(0xBB);
}

bool startsSentence(QChar c)
{
    return c.isUpper() || c.isDigit() || c == u'"' || c == QChar(0x201C) || c == u'(' || c == u'[' ||
           c == u'\'' || c == QChar(0x2018) || c == QChar(0xAB) || c.category() == QChar::Letter_Other;
}

// Should the period at text[dot] not end the sentence?
bool isAbbreviationAt(const QString &text, qsizetype dot, qsizetype next)
{
    qsizetype begin = dot;
    while (begin > 0 && (text[begin - 1].isLetter() || text[begin - 1] == u'.'))
        --begin;
    const qsizetype len = dot - begin;
    if (len <= 0 || len > 10)
        return false;
    char16_t buf[10];
    for (qsizetype i = 0; i < len; ++i)
        buf[i] = text[begin + i].toLower().unicode();
    const QStringView word(buf, len);
    if (len == 1)
        return true; // an initial: "Abdul R. Dostum"
    // Dotted initials ("U.S.", "J.R.R."): letters separated by periods.
    bool dotted = len >= 3;
    for (qsizetype i = 0; i < len && dotted; ++i)
        dotted = (i % 2 == 0) ? QChar(word[i]).isLetter() : word[i] == u'.';
    const auto it = abbreviations().constFind(word);
    const Abbrev kind = it == abbreviations().constEnd() ? (dotted ? Abbrev::Always : Abbrev::None) : *it;
    switch (kind) {
    case Abbrev::None:
        return false;
    case Abbrev::Always:
        return true;
    case Abbrev::BeforeNumber:
        return next < text.size() && text[next].isDigit();
    case Abbrev::BeforeTimeWord: {
        qsizetype e = next;
        while (e < text.size() && text[e].isLetter())
            ++e;
        return isTimeWord(QStringView(text).sliced(next, e - next));
    }
    }
    return false;
}

void pushSentence(const QString &text, qsizetype start, qsizetype end, QList<Sentence> &out)
{
    while (start < end && text[start].isSpace())
        ++start;
    while (end > start && text[end - 1].isSpace())
        --end;
    if (end <= start)
        return;
    Sentence s;
    s.index = int(out.size());
    s.start = int(start);
    s.end = int(end);
    s.text = text.mid(start, end - start);
    out.append(std::move(s));
}

} // namespace

QList<Sentence> splitSentences(const QString &text, Span skip)
{
    QList<Sentence> out;
    const qsizetype n = text.size();
    qsizetype start = 0;
    auto skipAt = [&](qsizetype pos) {
        // A sentence never starts inside the skipped range.
        if (skip.isValid() && pos >= skip.start && pos < skip.end)
            return qsizetype(skip.end);
        return pos;
    };
    start = skipAt(0);
    for (qsizetype i = start; i < n; ++i) {
        if (skip.isValid() && i >= skip.start && i < skip.end) {
            // A skipped range in the middle of a sentence ends it.
            if (i > start)
                pushSentence(text, start, i, out);
            i = skip.end - 1;
            start = skip.end;
            continue;
        }
        const QChar c = text[i];
        if (c == u'\n') {
            pushSentence(text, start, i, out);
            start = skipAt(i + 1);
            continue;
        }
        if (c != u'.' && c != u'!' && c != u'?')
            continue;
        qsizetype end = i + 1;
        while (end < n && (text[end] == u'.' || text[end] == u'!' || text[end] == u'?'))
            ++end; // "?!", "..."
        while (end < n && isClosing(text[end]))
            ++end;
        if (end >= n || !(text[end] == u' ' || text[end] == u'\t'))
            continue;
        qsizetype next = end;
        while (next < n && (text[next] == u' ' || text[next] == u'\t'))
            ++next;
        if (next >= n || text[next] == u'\n')
            continue;
        if (!startsSentence(text[next]))
            continue;
        // An ellipsis inside a quotation ("we will fight ... until death") does not end it.
        const bool ellipsis = (i + 2 < n && text[i + 1] == u'.' && text[i + 2] == u'.') || (i > 0 && text[i - 1] == u'.');
        if (c == u'.' && ellipsis)
            continue;
        if (c == u'.' && end == i + 1 && isAbbreviationAt(text, i, next))
            continue;
        pushSentence(text, start, end, out);
        start = end;
        i = end - 1;
    }
    if (start < n)
        pushSentence(text, start, n, out);
    return out;
}

} // namespace mapline
