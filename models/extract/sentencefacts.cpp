#include "extract/sentencefacts.h"
#include "extract/wordis.h"

#include "extract/extractionresources.h"

#include <algorithm>

namespace mapline {
namespace {

using Role = PlaceMention::Role;

QList<Anaphor> findAnaphors(const QList<NameToken> &tokens, const QList<quint32> &classes)
{
    QList<Anaphor> out;
    const int n = int(tokens.size());
    for (int k = 0; k < n; ++k) {
        const QString &w = tokens[k].norm;
        if (wordIs(w, u"here")) {
            out.append({Anaphor::Here, k, k + 1});
        } else if ((classes[k] & WordClasses::Determiner) && wordIs(w, u"this") && k + 2 < n && !tokens[k].clauseEndsAfter() &&
                   !tokens[k + 1].upper &&
                   !tokens[k + 1].clauseEndsAfter() &&
                   (wordIs(tokens[k + 2].norm, u"town") || wordIs(tokens[k + 2].norm, u"city") || wordIs(tokens[k + 2].norm, u"village"))) {
            out.append({Anaphor::Here, k, k + 3}); // "in this northern town": the dateline's
            k += 2;
        } else if (wordIs(w, u"there")) {
            // "there was", "there had been": existential, no place.
            const bool existential = k + 1 < n && (classes[k + 1] & WordClasses::Be);
            if (!existential)
                out.append({Anaphor::There, k, k + 1});
        } else if ((wordIs(w, u"the") || wordIs(w, u"that") || wordIs(w, u"this")) && k + 1 < n && (classes[k + 1] & WordClasses::Anaphor) &&
                   !tokens[k].clauseEndsAfter()) {
            const QString &noun = tokens[k + 1].norm;
            if (k + 2 < n && wordIs(tokens[k + 2].norm, u"of") && !tokens[k + 1].clauseEndsAfter())
                continue; // "the city of Konduz": the name follows
            const Anaphor::Kind kind = (wordIs(noun, u"city") || wordIs(noun, u"town") || wordIs(noun, u"village")) ? Anaphor::City
                                       : wordIs(noun, u"province")                                     ? Anaphor::Province
                                                                                                 : Anaphor::Region;
            out.append({kind, k, k + 2});
        } else if (wordIs(w, u"the") && k + 1 < n && wordIs(tokens[k + 1].norm, u"capital") && !tokens[k].clauseEndsAfter() &&
                   !(k + 2 < n && wordIs(tokens[k + 2].norm, u"of"))) {
            out.append({Anaphor::Capital, k, k + 2});
        }
    }
    return out;
}

bool isSubordinator(const QString &w)
{
    return wordIs(w, u"after") || wordIs(w, u"before") || wordIs(w, u"since") || wordIs(w, u"until") || wordIs(w, u"because") ||
           wordIs(w, u"although") || wordIs(w, u"though") || wordIs(w, u"whereas") || wordIs(w, u"while");
}

// Prepositions that place a happening before or after the one the sentence tells.
bool isTemporalPreposition(const QString &w)
{
    return wordIs(w, u"after") || wordIs(w, u"before") || wordIs(w, u"since") || wordIs(w, u"following") || wordIs(w, u"until") || wordIs(w, u"till");
}

// ", who governed Herat before the Taliban took it in 1995,": a relative or subordinate clause
// keeps its times to itself. `timeStart`: tokens that begin a time expression.
QList<int> clauseRegions(const QList<NameToken> &tokens, const QList<quint32> &classes, const QList<bool> &timeStart)
{
    const int n = int(tokens.size());
    QList<int> region(n, -1);
    for (int k = 0, current = -1; k < n; ++k) {
        const QString &w = tokens[k].norm;
        if (k > 0 && (tokens[k - 1].gapAfter & NameToken::Comma) &&
            ((classes[k] & WordClasses::Relative) || wordIs(w, u"where") || wordIs(w, u"when")))
            current = k;
        // "... comes a month after the Taliban lost Kabul on November 13": so does a
        // subordinate clause; not a preposition that starts a time ("since January").
        if (k > 0 && isSubordinator(w) && !timeStart[k])
            current = k;
        region[k] = current;
        if (tokens[k].clauseEndsAfter())
            current = -1;
    }
    return region;
}

// A group or person whose name is also a place's ("Washington", "Wahdat") is that place only
// when the name is spelt as the place is, or the place lies in the area of interest: the
// Hezb-e Wahdat party is not the town of Vahdat in Tajikistan.
bool actsAsPlace(const ExtractionResources &r, const SentenceFacts &f, const ActorSpan &a, const QStringList &area)
{
    if (!a.placeName)
        return false;
    const Span span{f.tokens[a.first].start, f.tokens[a.end - 1].end};
    Gazetteer::Quality quality = Gazetteer::Quality::Exact;
    const QList<int> entries = r.gazetteer.lookup(QStringView(f.sentence->text).sliced(span.start, span.end - span.start), &quality);
    if (quality == Gazetteer::Quality::Exact)
        return true;
    return std::any_of(entries.cbegin(), entries.cend(), [&](int e) { return area.contains(r.gazetteer.place(e).country); });
}

// Names of people and groups are no places ("Taliban", "Dostum"), nor is the capitalised run
// after a title ("Gen. Mullah Faizel", "President Bush").
QList<bool> maskNames(const ExtractionResources &r, const SentenceFacts &f, const QStringList &area)
{
    const int n = int(f.tokens.size());
    QList<bool> masked(n, false);
    for (const ActorSpan &a : f.actors)
        if (!actsAsPlace(r, f, a, area))
            for (int k = a.first; k < a.end; ++k)
                masked[k] = true;
    for (int k = 0; k + 1 < n; ++k) {
        if (!(f.classes[k] & WordClasses::Title) || !f.tokens[k + 1].upper || (f.tokens[k].gapAfter & NameToken::Comma))
            continue;
        int j = k + 1;
        while (j < n && f.tokens[j].upper) {
            masked[j] = true;
            if (f.tokens[j].possessive || (f.tokens[j].gapAfter & ~quint8(NameToken::Hyphen)))
                break;
            ++j;
        }
        if (f.tokens[k].upper)
            masked[k] = true;
    }
    return masked;
}

} // namespace

int tokenDistance(const QList<NameToken> &tokens, int aFirst, int aEnd, int bFirst, int bEnd)
{
    int lo = 0, hi = 0;
    if (aEnd <= bFirst) {
        lo = aEnd - 1;
        hi = bFirst;
    } else if (bEnd <= aFirst) {
        lo = bEnd - 1;
        hi = aFirst;
    } else {
        return 0;
    }
    int d = hi - lo - 1;
    for (int k = std::max(lo, 0); k < hi; ++k)
        if (tokens[k].clauseEndsAfter())
            d += (tokens[k].gapAfter & (NameToken::Stop | NameToken::Dash | NameToken::Paren)) ? 6 : 4;
    return d;
}

std::pair<int, int> tokenRange(const QList<NameToken> &tokens, const Span &span)
{
    int first = int(tokens.size());
    int end = 0;
    for (int k = 0; k < tokens.size(); ++k) {
        if (tokens[k].end > span.start && tokens[k].start < span.end) {
            first = std::min(first, k);
            end = k + 1;
        }
    }
    if (first >= end) { // a span between tokens: the token after it
        first = 0;
        while (first < tokens.size() && tokens[first].start < span.start)
            ++first;
        end = first + 1;
    }
    return {first, end};
}

int SentenceFacts::clauseEnd(int k) const
{
    const int n = int(tokens.size());
    while (k < n && !tokens[k].clauseEndsAfter())
        ++k;
    return std::min(k + 1, n);
}

int SentenceFacts::backgroundPreposition(const TriggerMatch &t) const
{
    if (t.verb)
        return -1;
    // Back over what may stand between the preposition and the noun: "the", "its", "the
    // Taliban's", "the U.S.-led", "the recent".
    for (int k = t.first - 1, steps = 0; k >= 0 && steps < 4; --k, ++steps) {
        if (tokens[k].clauseEndsAfter())
            return -1;
        const QString &w = tokens[k].norm;
        // "despite the deal", "under the deal": another happening, told as its circumstance.
        if (isTemporalPreposition(w) || wordIs(w, u"despite") || wordIs(w, u"under"))
            return k;
        const bool filler = wordIs(w, u"the") || wordIs(w, u"its") || wordIs(w, u"their") || wordIs(w, u"his") || wordIs(w, u"her") ||
                            wordIs(w, u"recent") || wordIs(w, u"last") || tokens[k].possessive || tokens[k].upper ||
                            tokens[k].hyphenNext();
        if (!filler)
            return -1;
    }
    return -1;
}

bool SentenceFacts::inTemporalClause(int k) const
{
    return region[k] >= 0 && isTemporalPreposition(tokens[region[k]].norm);
}

int SentenceFacts::anchoringClause(const TriggerMatch &t) const
{
    const int end = clauseEnd(t.first);
    for (int k = t.end; k < end; ++k) {
        if (!isTemporalPreposition(tokens[k].norm))
            continue;
        for (const TimeMention &m : times) {
            const int first = tokenRange(tokens, m.span).first;
            if (first > k && first < end && m.range.isValid())
                return k;
        }
        return -1;
    }
    return -1;
}

SentenceFacts analyseSentence(const ExtractionResources &r, const Sentence &s, const QStringList &area,
                              QList<TimeMention> times, Span dateline)
{
    SentenceFacts f;
    f.sentence = &s;
    f.times = std::move(times);
    f.tokens = tokenizeNames(s.text);
    const int n = int(f.tokens.size());
    if (n == 0)
        return f;
    f.classes = r.words.classify(f.tokens);
    f.actors = r.actors.tag(f.tokens);
    QList<bool> masked = maskNames(r, f, area);
    QList<bool> timeStart(n, false);
    for (const TimeMention &m : std::as_const(f.times)) {
        const auto [first, end] = tokenRange(f.tokens, m.span);
        for (int k = first; k < end && k < n; ++k)
            masked[k] = true;
        if (first < n)
            timeStart[first] = true;
        if (first > 0 && first <= n && isSubordinator(f.tokens[first - 1].norm))
            timeStart[first - 1] = true; // "after Monday", "until Friday": the span may leave the word out
    }
    f.region = clauseRegions(f.tokens, f.classes, timeStart);
    for (int k = 0; dateline.isValid() && k < n && f.tokens[k].start < dateline.end; ++k)
        masked[k] = true;
    f.places = r.geoparser.find(f.tokens, f.classes, masked, area);

    // Tokens inside names are no triggers; place starts serve "requires place_after".
    QList<bool> blocked(n, false);
    QList<bool> placeStarts(n, false);
    for (const PlaceMention &p : std::as_const(f.places)) {
        for (int k = p.first; k < p.end; ++k)
            blocked[k] = true;
        placeStarts[p.first] = p.role == Role::Event || p.role == Role::Reference;
        f.ownPlace = f.ownPlace || (placeStarts[p.first] && !f.inTemporalClause(p.first));
    }
    for (const TimeMention &m : std::as_const(f.times)) {
        const auto [first, end] = tokenRange(f.tokens, m.span);
        // "The deal came a day after a B-52 dropped ...": the time is the clause's.
        const bool clauseTime = (end < n && (wordIs(f.tokens[end].norm, u"after") || wordIs(f.tokens[end].norm, u"before"))) ||
                                (end > 0 && end <= n && (wordIs(f.tokens[end - 1].norm, u"after") || wordIs(f.tokens[end - 1].norm, u"before")));
        f.ownTime = f.ownTime || (first < n && !f.inTemporalClause(first) && !clauseTime);
    }
    // Names and roles are nouns, no triggers ("guards fired on prisoners": no guarding).
    for (const ActorSpan &a : std::as_const(f.actors))
        if (wordIs(a.actor.kind, u"person") || wordIs(a.actor.kind, u"group") || wordIs(a.actor.kind, u"role"))
            for (int k = a.first; k < a.end; ++k)
                blocked[k] = true;
    for (int k = 0; k < n; ++k)
        blocked[k] = blocked[k] || (masked[k] && f.tokens[k].upper && !(f.classes[k] & WordClasses::Title));

    f.anaphors = findAnaphors(f.tokens, f.classes);
    for (const Anaphor &a : std::as_const(f.anaphors))
        if (a.kind != Anaphor::Here && a.kind != Anaphor::There)
            placeStarts[a.first] = true; // "entered the city" names its place
    f.triggers = r.coder.find(f.tokens, f.classes, blocked, placeStarts);
    // "prisoners who had surrendered at Kunduz a day earlier seized weapons": a relative clause
    // without a comma runs from "who" to the verb after its own.
    for (int k = 1; k < n; ++k) {
        if (!(f.classes[k] & WordClasses::Relative))
            continue; // most words: no string compared
        const QString &w = f.tokens[k].norm;
        if ((!wordIs(w, u"who") && !wordIs(w, u"which")) || f.region[k] != f.region[k - 1] || f.tokens[k - 1].clauseEndsAfter())
            continue;
        int own = -1;
        int next = -1;
        for (const TriggerMatch &t : std::as_const(f.triggers)) {
            if (!t.verb || t.first <= k || f.region[t.first] != f.region[k])
                continue;
            if (own < 0)
                own = t.first;
            else if (next < 0)
                next = t.first;
        }
        if (own < 0 || next < 0)
            continue;
        bool sameClause = true;
        for (int j = k; j < next; ++j)
            sameClause = sameClause && !f.tokens[j].clauseEndsAfter();
        if (!sameClause)
            continue;
        const int outer = f.region[k];
        for (int j = k; j < next; ++j)
            if (f.region[j] == outer)
                f.region[j] = k;
    }
    for (const TriggerMatch &t : std::as_const(f.triggers))
        f.anyAsserted = f.anyAsserted || !(t.flags & (Event::Negated | Event::Hypothetical));
    return f;
}

} // namespace mapline
