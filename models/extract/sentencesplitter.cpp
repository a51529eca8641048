#include "sentencesplitter.h"

#include <QSet>

namespace mapline {
namespace {

// Lower-case abbreviations without their final period. Titles, ranks, months, and
// dotted forms whose inner periods are handled by the initial rule (u.s, u.n).
const QSet<QString> &abbreviations()
{
    static const QSet<QString> set = {
        QStringLiteral("mr"),   QStringLiteral("mrs"),  QStringLiteral("ms"),   QStringLiteral("dr"),
        QStringLiteral("prof"), QStringLiteral("gen"),  QStringLiteral("lt"),   QStringLiteral("col"),
        QStringLiteral("maj"),  QStringLiteral("capt"), QStringLiteral("cpt"),  QStringLiteral("sgt"),
        QStringLiteral("cmdr"), QStringLiteral("adm"),  QStringLiteral("brig"), QStringLiteral("gov"),
        QStringLiteral("sen"),  QStringLiteral("rep"),  QStringLiteral("rev"),  QStringLiteral("st"),
        QStringLiteral("jr"),   QStringLiteral("sr"),   QStringLiteral("no"),   QStringLiteral("vs"),
        QStringLiteral("jan"),  QStringLiteral("feb"),  QStringLiteral("mar"),  QStringLiteral("apr"),
        QStringLiteral("jun"),  QStringLiteral("jul"),  QStringLiteral("aug"),  QStringLiteral("sep"),
        QStringLiteral("sept"), QStringLiteral("oct"),  QStringLiteral("nov"),  QStringLiteral("dec"),
        QStringLiteral("u.s"),  QStringLiteral("u.n"),  QStringLiteral("u.k"),  QStringLiteral("e.g"),
        QStringLiteral("i.e"),  QStringLiteral("etc"),  QStringLiteral("approx"), QStringLiteral("mt"),
        QStringLiteral("ft"),   QStringLiteral("km"),   QStringLiteral("a.m"),  QStringLiteral("p.m")};
    return set;
}

bool isAbbreviationBefore(const QString &text, qsizetype dot)
{
    qsizetype begin = dot;
    while (begin > 0 && (text[begin - 1].isLetter() || text[begin - 1] == QLatin1Char('.')))
        --begin;
    const QString word = text.mid(begin, dot - begin).toLower();
    if (word.isEmpty())
        return false;
    if (word.size() == 1 && word[0].isLetter())
        return true; // an initial: "Abdul R. Dostum"
    return abbreviations().contains(word);
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

QList<Sentence> splitSentences(const QString &text)
{
    QList<Sentence> out;
    qsizetype start = 0;
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = text[i];
        if (c == QLatin1Char('\n')) {
            pushSentence(text, start, i, out);
            start = i + 1;
            continue;
        }
        if (c != QLatin1Char('.') && c != QLatin1Char('!') && c != QLatin1Char('?'))
            continue;
        // Closing quotes and brackets belong to the sentence they end.
        qsizetype end = i + 1;
        while (end < n && (text[end] == QLatin1Char('"') || text[end] == QChar(0x201D) ||
                           text[end] == QLatin1Char('\'') || text[end] == QChar(0x2019) ||
                           text[end] == QLatin1Char(')')))
            ++end;
        if (end >= n || text[end] != QLatin1Char(' '))
            continue;
        qsizetype next = end;
        while (next < n && text[next] == QLatin1Char(' '))
            ++next;
        if (next >= n)
            continue;
        const QChar following = text[next];
        const bool startsSentence = following.isUpper() || following.isDigit() ||
                                    following == QLatin1Char('"') || following == QChar(0x201C);
        if (!startsSentence)
            continue;
        if (c == QLatin1Char('.') && isAbbreviationBefore(text, i))
            continue;
        pushSentence(text, start, end, out);
        start = end;
        i = end - 1;
    }
    pushSentence(text, start, n, out);
    return out;
}

} // namespace mapline
