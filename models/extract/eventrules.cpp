// Small judgements of the event stage; see eventrules.h.
#include "extract/eventrules.h"
#include "extract/wordis.h"

#include "extract/extractionresources.h"

#include <QUrl>

#include <algorithm>

namespace mapline {

int publisherDateBias(const WordClasses &words, const ArticleMeta &meta)
{
    for (const NameToken &t : tokenizeNames(meta.source))
        if (words.is(t.norm, WordClasses::DayFirstSource))
            return 2;
    if (meta.url.isEmpty())
        return 0;
    const QString host = QUrl::fromUserInput(meta.url).host().toLower();
    const QStringList labels = host.split(QLatin1Char('.'), Qt::SkipEmptyParts);
    if (!labels.isEmpty() && words.is(labels.last(), WordClasses::DayFirstDomain))
        return 2;
    for (const QString &label : labels)
        if (words.is(label, WordClasses::DayFirstSource))
            return 2;
    return 0;
}

bool civilianTarget(const WordClasses &words, const SentenceFacts &f, const TriggerMatch &t)
{
    const int n = int(f.tokens.size());
    int k = t.end;
    if (k < n && (wordIs(f.tokens[k].norm, u"on") || wordIs(f.tokens[k].norm, u"against")) && !f.tokens[k - 1].clauseEndsAfter())
        ++k; // "an attack on civilians"
    bool civilian = false;
    const int last = std::min(n, k + 6);
    for (int j = k; j < last && !f.tokens[j - 1].clauseEndsAfter(); ++j) {
        if (j > k && (f.classes[j] & WordClasses::Locative))
            break;
        for (const ActorSpan &a : f.actors) {
            if (a.first != j || a.actor.name.isEmpty())
                continue;
            if (!words.is(foldName(a.role.isEmpty() ? a.actor.name : a.role).remove(QLatin1Char(' ')), WordClasses::Civilian))
                return false; // "Taliban positions", "U.S. troops", "two guards"
            civilian = true;
        }
        civilian = civilian || (f.classes[j] & WordClasses::Civilian);
    }
    return civilian;
}

bool civiliansOnTheMove(const ExtractionResources &r, const SentenceFacts &f, const TriggerMatch &t)
{
    const QString &type = r.coder.type(t.type).type;
    if (!wordIs(type, u"withdrawal") && !wordIs(type, u"troop_movement"))
        return false;
    const ActorSpan *subject = nullptr;
    for (const ActorSpan &a : f.actors)
        if (a.end <= t.first && t.first - a.end <= 4 && !a.actor.name.isEmpty() && (!subject || a.end > subject->end))
            subject = &a;
    if (!subject)
        return false;
    for (int k = subject->end - 1; k < t.first; ++k)
        if (f.tokens[k].clauseEndsAfter())
            return false;
    return r.words.is(foldName(subject->role.isEmpty() ? subject->actor.name : subject->role).remove(QLatin1Char(' ')),
                      WordClasses::Civilian);
}

bool simplePast(const WordClasses &words, const SentenceFacts &f, const TriggerMatch &t)
{
    if (!t.verb)
        return false;
    const QString &w = f.tokens[t.first].norm;
    if (!(w.endsWith(QLatin1String("ed")) || words.is(w, WordClasses::PastVerb)))
        return false;
    for (int k = t.first - 1; k >= 0 && k >= t.first - 3 && !f.tokens[k].clauseEndsAfter(); --k)
        if (wordIs(f.tokens[k].norm, u"has") || wordIs(f.tokens[k].norm, u"have") || wordIs(f.tokens[k].norm, u"ve"))
            return false;
    return true;
}

bool isDuration(const TimeMention &m)
{
    return m.text.startsWith(QLatin1String("for "), Qt::CaseInsensitive);
}

} // namespace mapline
