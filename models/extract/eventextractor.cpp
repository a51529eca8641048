#include "extract/eventextractor.h"

#include "extract/extractionresources.h"
#include "extract/timetagger.h"

#include <QHash>

#include <algorithm>
#include <climits>

namespace mapline {
namespace {

using Role = PlaceMention::Role;

// Words between two token ranges, with each clause boundary between them counting as four
// more: the evidence for an event sits in the trigger's clause first.
int distance(const QList<NameToken> &tokens, int aFirst, int aEnd, int bFirst, int bEnd)
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

// The token range covering the characters [start, end).
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

// A place referred to without its name: "here", "there", "the city", "the province".
struct Anaphor {
    enum Kind { Here, There, City, Province, Region, Capital };
    Kind kind = Here;
    int first = 0;
    int end = 0;
};

QList<Anaphor> findAnaphors(const QList<NameToken> &tokens, const QList<quint32> &classes)
{
    QList<Anaphor> out;
    const int n = int(tokens.size());
    for (int k = 0; k < n; ++k) {
        const QString &w = tokens[k].norm;
        if (w == u"here") {
            out.append({Anaphor::Here, k, k + 1});
        } else if (w == u"there") {
            // "there was", "there had been": existential, no place.
            const bool existential = k + 1 < n && (classes[k + 1] & WordClasses::Be);
            if (!existential)
                out.append({Anaphor::There, k, k + 1});
        } else if ((w == u"the" || w == u"that" || w == u"this") && k + 1 < n && (classes[k + 1] & WordClasses::Anaphor) &&
                   !tokens[k].clauseEndsAfter()) {
            const QString &noun = tokens[k + 1].norm;
            if (k + 2 < n && tokens[k + 2].norm == u"of" && !tokens[k + 1].clauseEndsAfter())
                continue; // "the city of Konduz": the name follows
            const Anaphor::Kind kind = (noun == u"city" || noun == u"town" || noun == u"village") ? Anaphor::City
                                       : noun == u"province"                                     ? Anaphor::Province
                                                                                                 : Anaphor::Region;
            out.append({kind, k, k + 2});
        } else if (w == u"the" && k + 1 < n && tokens[k + 1].norm == u"capital" && !tokens[k].clauseEndsAfter() &&
                   !(k + 2 < n && tokens[k + 2].norm == u"of")) {
            out.append({Anaphor::Capital, k, k + 2});
        }
    }
    return out;
}

// The places named so far in the article, for "the city", "there" and sentences with none.
// "The city" is the most talked-about city, not merely the last one named: a story datelined
// Kabul that mentions Ghazni once still means Kabul by "the city".
struct PlaceMemory {
    QHash<int, int> counts; // entry -> times named
    int lastAny = -1;
    int lastCity = -1;
    int lastProvince = -1;
    int lastSentence = -100;     // the sentence that named lastAny
    int lastCitySentence = -100; // the sentence that named lastCity
    QString lastAnyText;

    void add(const Gazetteer &g, int entry, const QString &text, int sentence)
    {
        const GeoPrecision p = g.place(entry).precision;
        if (p == GeoPrecision::Country)
            return; // "the city" after "in Afghanistan" is not Afghanistan
        counts[entry] += 1;
        lastSentence = sentence;
        lastAny = entry;
        lastAnyText = text;
        if (p == GeoPrecision::City || p == GeoPrecision::District) {
            lastCity = entry;
            lastCitySentence = sentence;
        }
        else if (p == GeoPrecision::Province)
            lastProvince = entry;
    }

    // The last place passing `accept` when it was named in this sentence or the one before
    // ("Maidanshar, a town ... Previously ... in the town"); else the most named one, the last
    // named winning close calls.
    template <typename F> int salient(F accept, int last, int lastNamedIn, int sentence) const
    {
        if (last >= 0 && sentence - lastNamedIn <= 1 && accept(last))
            return last;
        constexpr double recency = 0.5;
        int best = -1;
        double bestScore = 0;
        for (auto it = counts.constBegin(); it != counts.constEnd(); ++it) {
            if (!accept(it.key()))
                continue;
            const double score = it.value() + (it.key() == last ? recency : 0.0);
            if (score > bestScore || (score == bestScore && it.key() == last)) {
                bestScore = score;
                best = it.key();
            }
        }
        return best;
    }
};

struct PlaceChoice {
    int entry = -1;
    QString text;
    Span span;
    double factor = 0.4; // how much the place supports the event, for its confidence
    bool inherited = false;
};

// Everything known about one sentence, shared by the events it holds.
struct SentenceFacts {
    const Sentence *sentence = nullptr;
    QList<NameToken> tokens;
    QList<quint32> classes;
    QList<ActorSpan> actors;
    QList<PlaceMention> places;
    QList<TimeMention> times;
    QList<Anaphor> anaphors;
    QList<int> region; // per token: -1 in the main clause, else the first token of its relative clause
};

class Assembler {
public:
    Assembler(const ExtractionResources &r, const Article &a, const ParseOptions &o) : mR(r), mArticle(a), mOptions(o)
    {
        if (!a.datelinePlace.trimmed().isEmpty())
            mDateline = mR.geoparser.resolve(a.datelinePlace, o.areaCountries);
        if (mDateline >= 0)
            mMemory.add(mR.gazetteer, mDateline, a.datelinePlace, -100);
    }

    void sentence(const Sentence &s, QList<Event> &events);

private:
    PlaceChoice choosePlace(const SentenceFacts &f, const TriggerMatch &t) const;
    void chooseTime(const SentenceFacts &f, const TriggerMatch &t, Event &e, double &factor) const;
    void chooseActors(const SentenceFacts &f, const TriggerMatch &t, Event &e) const;
    void remember(const SentenceFacts &f);
    bool inArea(int entry) const { return mOptions.areaCountries.contains(mR.gazetteer.place(entry).country); }

    const ExtractionResources &mR;
    const Article &mArticle;
    const ParseOptions &mOptions;
    int mDateline = -1;
    PlaceMemory mMemory;
    int mPrevious = -1;      // the last place named by an event's sentence
    int mPreviousIndex = -1; // that sentence's index
    QString mPreviousText;
};

void Assembler::sentence(const Sentence &s, QList<Event> &events)
{
    SentenceFacts f;
    f.sentence = &s;
    f.tokens = tokenizeNames(s.text);
    const int n = int(f.tokens.size());
    if (n == 0)
        return;
    f.classes = mR.words.classify(f.tokens);
    f.actors = mR.actors.tag(f.tokens);
    // ", who governed Herat before the Taliban took it in 1995,": a relative or subordinate
    // clause keeps its times to itself.
    f.region = QList<int>(n, -1);
    for (int k = 0, current = -1; k < n; ++k) {
        const QString &w = f.tokens[k].norm;
        if (k > 0 && (f.tokens[k - 1].gapAfter & NameToken::Comma) &&
            ((f.classes[k] & WordClasses::Relative) || w == u"where" || w == u"when"))
            current = k;
        // "... comes a month after the Taliban lost Kabul on November 13": so does a
        // subordinate clause.
        if (k > 0 && (w == u"after" || w == u"before" || w == u"since" || w == u"until" || w == u"because" ||
                      w == u"although" || w == u"though" || w == u"whereas" || w == u"while"))
            current = k;
        f.region[k] = current;
        if (f.tokens[k].clauseEndsAfter())
            current = -1;
    }

    // Names of people and groups are no places ("Taliban", "Dostum"), nor is the capitalised
    // run after a title ("Gen. Mullah Faizel", "President Bush").
    QList<bool> masked(n, false);
    for (const ActorSpan &a : std::as_const(f.actors))
        if (!a.placeName)
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
    f.places = mR.geoparser.find(f.tokens, f.classes, masked, mOptions.areaCountries);

    QList<bool> blocked(n, false);
    QList<bool> placeStarts(n, false);
    for (const PlaceMention &p : std::as_const(f.places)) {
        for (int k = p.first; k < p.end; ++k)
            blocked[k] = true;
        placeStarts[p.first] = p.role == Role::Event || p.role == Role::Reference;
    }
    for (const ActorSpan &a : std::as_const(f.actors))
        if (a.actor.kind == u"person" || a.actor.kind == u"group")
            for (int k = a.first; k < a.end; ++k)
                blocked[k] = true;
    for (int k = 0; k < n; ++k)
        blocked[k] = blocked[k] || (masked[k] && f.tokens[k].upper && !(f.classes[k] & WordClasses::Title));

    f.anaphors = findAnaphors(f.tokens, f.classes);
    for (const Anaphor &a : std::as_const(f.anaphors))
        if (a.kind != Anaphor::Here && a.kind != Anaphor::There)
            placeStarts[a.first] = true; // "entered the city" names its place
    const QList<TriggerMatch> triggers = mR.coder.find(f.tokens, f.classes, blocked, placeStarts);
    bool any = false;
    for (const TriggerMatch &t : triggers)
        any = any || !(t.flags & (Event::Negated | Event::Hypothetical));
    if (any)
        f.times = tagTimes(s.text, mArticle.meta.published);
    bool ownPlace = false;
    for (const PlaceMention &p : std::as_const(f.places))
        ownPlace = ownPlace || p.role == Role::Event || p.role == Role::Reference;
    for (const TriggerMatch &t : triggers) {
        // Negated and hypothetical mentions are not events: they stay out of the store (see
        // docs/EXTRACTION.md, "What is not an event").
        if (t.flags & (Event::Negated | Event::Hypothetical))
            continue;
        // "The blast tore through stalls", "the fighting could trap refugees": a definite noun
        // with neither place nor time of its own points back to an event told before.
        if (!ownPlace && f.times.isEmpty() && t.first > 0) {
            const QString &det = f.tokens[t.first - 1].norm;
            if (det == u"the" || det == u"this" || det == u"these" || det == u"those")
                continue;
        }
        Event e;
        e.sentenceIndex = s.index;
        e.sentence = s.text;
        const EventTypeInfo *type = &mR.coder.type(t.type);
        e.acledSubEventType = t.acledSubEventType;
        e.trigger = Span{f.tokens[t.first].start, f.tokens[t.end - 1].end};
        double timeFactor = 1.0;
        chooseTime(f, t, e, timeFactor);
        if (e.hasFlag(Event::Hypothetical))
            continue; // a future time: "will meet on Friday"
        const QDate published = mArticle.meta.published;
        if (published.isValid() && e.time.isValid() && e.time.start > published)
            continue;
        const PlaceChoice place = choosePlace(f, t);
        if (place.entry >= 0) {
            e.place = mR.gazetteer.place(place.entry);
            e.placeText = place.text;
            e.placeSpan = place.span;
        }
        if (place.inherited)
            e.flags |= Event::InheritedPlace;
        chooseActors(f, t, e);
        // Bombs dropped by warplanes or by a state's air force are air strikes, not IEDs.
        bool air = t.airCue;
        for (const ActorSpan &a : std::as_const(f.actors)) {
            const bool chosen = std::any_of(e.actors.cbegin(), e.actors.cend(),
                                            [&](const ActorMention &m) { return !a.actor.name.isEmpty() && m.actor.name == a.actor.name; });
            air = air || (a.air && (chosen || a.end == t.first)); // "American bombing"
        }
        if (air && (type->type == u"bombing" || type->type == u"shelling") && t.acledSubEventType != u"Suicide bomb") {
            const int airType = mR.coder.typeIndex(QStringLiteral("air_strike"));
            if (airType >= 0) {
                type = &mR.coder.type(airType);
                e.acledSubEventType = type->acledSubEventType;
            }
        }
        e.type = type->type;
        e.acledEventType = type->acledEventType;
        e.cameoRoot = type->cameoRoot;
        e.confidence = std::clamp(t.confidence * place.factor * timeFactor, 0.0, 1.0);
        events.append(std::move(e));
    }
    remember(f);
}

void Assembler::chooseTime(const SentenceFacts &f, const TriggerMatch &t, Event &e, double &factor) const
{
    int best = -1;
    int bestDistance = INT_MAX;
    for (int j = 0; j < f.times.size(); ++j) {
        const auto [first, end] = tokenRange(f.tokens, f.times[j].span);
        if (first >= f.tokens.size() || f.region[first] != f.region[t.first])
            continue;
        const int d = distance(f.tokens, t.first, t.end, first, end);
        if (d < bestDistance) {
            bestDistance = d;
            best = j;
        }
    }
    const QDate published = mArticle.meta.published;
    if (best >= 0) {
        const TimeMention &tm = f.times[best];
        if (tm.future)
            e.flags |= Event::Hypothetical;
        e.time = tm.range;
        e.timeText = tm.text;
        e.timeRule = tm.rule;
        e.timeSpan = tm.span;
        factor = tm.range.isValid() ? 0.6 + 0.4 * std::clamp(tm.confidence, 0.0, 1.0) : 0.5;
        return;
    }
    // No time of its own: the article's reporting time, the day of publication.
    e.flags |= Event::InheritedTime;
    e.timeRule = EventExtractor::inheritedTimeRule();
    e.time = published.isValid() ? TimeRange::day(published) : TimeRange{};
    factor = published.isValid() ? 0.8 : 0.5;
}

PlaceChoice Assembler::choosePlace(const SentenceFacts &f, const TriggerMatch &t) const
{
    const QString &text = f.sentence->text;
    PlaceChoice c;
    // A place named in the sentence: the nearest, countries only when nothing finer is named.
    int bestScore = INT_MAX;
    const PlaceMention *best = nullptr;
    const bool leaving = mR.coder.type(t.type).type == u"withdrawal";
    for (const PlaceMention &p : f.places) {
        if (p.role != Role::Event && p.role != Role::Reference)
            continue;
        // "pulled out and headed toward Kandahar": a withdrawal happens where it starts from.
        if (leaving && p.first > t.first && p.first > 0) {
            const QString &before = f.tokens[p.first - 1].norm;
            if (before == u"toward" || before == u"towards" || before == u"to" || before == u"into" || before == u"for")
                continue;
        }
        const Place &place = mR.gazetteer.place(p.entry);
        int score = distance(f.tokens, t.first, t.end, p.first, p.end);
        // "captured Jalalabad and were advancing on Ghazni": a place across "and" or "but"
        // belongs to the other verb.
        for (int k = std::min(p.end, t.end); k < std::max(p.first, t.first); ++k)
            if (f.tokens[k].norm == u"and" || f.tokens[k].norm == u"but")
                score += 3;
        if (place.precision == GeoPrecision::Country)
            score += 40;
        if (p.role == Role::Reference)
            score += 60;
        if (p.quality == Gazetteer::Quality::Fuzzy)
            score += 2;
        if (!p.locative)
            score += 1;
        if (score < bestScore) {
            bestScore = score;
            best = &p;
        }
    }
    // "the fall of Kabul", "captured Kunduz": the name after the trigger is its place.
    if (t.placeAfter) {
        for (const PlaceMention &p : f.places)
            if ((p.role == Role::Event || p.role == Role::Reference) && p.first >= t.end && p.first < t.end + 4 && !best)
                best = &p;
    }
    // "Kandahar, where the Taliban retreated": the clause's place is the one "where" refers to.
    for (int w = t.first - 1; w >= 1 && !t.placeAfter; --w) {
        if (f.tokens[w].clauseEndsAfter())
            break;
        if (f.tokens[w].norm != u"where")
            continue;
        for (const PlaceMention &p : f.places)
            if (p.role == Role::Event && p.end == w)
                best = &p;
        break;
    }
    if (best) {
        c.entry = best->entry;
        c.span = best->span;
        c.text = text.mid(best->span.start, best->span.end - best->span.start);
        const bool country = mR.gazetteer.place(best->entry).precision == GeoPrecision::Country;
        c.factor = (0.6 + 0.4 * best->confidence) * (country ? 0.8 : 1.0) * (best->role == Role::Reference ? 0.75 : 1.0);
        return c;
    }
    // "here", "there", "the city": the dateline place or the last place named.
    const Anaphor *anaphor = nullptr;
    int anaphorDistance = INT_MAX;
    for (const Anaphor &a : f.anaphors) {
        const int d = distance(f.tokens, t.first, t.end, a.first, a.end);
        if (d < anaphorDistance) {
            anaphorDistance = d;
            anaphor = &a;
        }
    }
    if (anaphor) {
        int entry = -1;
        double factor = 0.85;
        const Gazetteer &g = mR.gazetteer;
        const auto isCity = [&g](int e) {
            const GeoPrecision p = g.place(e).precision;
            return p == GeoPrecision::City || p == GeoPrecision::District;
        };
        const auto isProvince = [&g](int e) { return g.place(e).precision == GeoPrecision::Province; };
        switch (anaphor->kind) {
        case Anaphor::Here: entry = mDateline >= 0 ? mDateline : mMemory.lastAny; factor = 0.95; break;
        case Anaphor::There: entry = mMemory.lastAny; break;
        case Anaphor::City: entry = mMemory.salient(isCity, mMemory.lastCity, mMemory.lastCitySentence, f.sentence->index); break;
        case Anaphor::Province: entry = mMemory.salient(isProvince, mMemory.lastProvince, -100, f.sentence->index); break;
        case Anaphor::Region: entry = mMemory.lastAny; factor = 0.7; break;
        case Anaphor::Capital: {
            const QString country = mDateline >= 0 ? g.place(mDateline).country
                                    : mOptions.areaCountries.isEmpty() ? QString() : mOptions.areaCountries.first();
            entry = g.largestCity(country);
            factor = 0.8;
            break;
        }
        }
        if (entry < 0 && anaphor->kind != Anaphor::Capital)
            entry = mMemory.lastAny;
        if (entry >= 0) {
            c.entry = entry;
            c.span = Span{f.tokens[anaphor->first].start, f.tokens[anaphor->end - 1].end};
            c.text = text.mid(c.span.start, c.span.end - c.span.start);
            c.factor = factor;
            return c;
        }
    }
    // Nothing: the place the sentence before named, for wire copy goes on about the place its
    // last sentence named ("... Tora Bora. Hazrat Ali said his men captured two bases"); then the
    // dateline place; else, or when the reporter files from outside the area of interest (a
    // story datelined Islamabad about Kunduz), the place the article is most about.
    c.inherited = true;
    if (mPrevious >= 0 && mPreviousIndex == f.sentence->index - 1 && inArea(mPrevious)) {
        c.entry = mPrevious;
        c.text = mPreviousText;
        c.factor = 0.65;
        return c;
    }
    if (mDateline >= 0 && inArea(mDateline)) {
        c.entry = mDateline;
        c.text = mArticle.datelinePlace;
        c.factor = 0.75;
        return c;
    }
    const int salient = mMemory.salient([this](int e) { return inArea(e); }, mMemory.lastAny, -100, f.sentence->index);
    if (salient >= 0) {
        c.entry = salient;
        c.text = mR.gazetteer.place(salient).name;
        c.factor = 0.6;
    } else if (mDateline >= 0) {
        c.entry = mDateline;
        c.text = mArticle.datelinePlace;
        c.factor = 0.75;
    }
    return c;
}

void Assembler::chooseActors(const SentenceFacts &f, const TriggerMatch &t, Event &e) const
{
    const QString &text = f.sentence->text;
    const bool speechEvent = e.type == u"statement" || e.type == u"threat" || mR.coder.type(t.type).type == u"statement" ||
                             mR.coder.type(t.type).type == u"threat";
    struct Candidate {
        int distance;
        const ActorSpan *span;
    };
    QList<Candidate> candidates;
    const int n = int(f.tokens.size());
    for (const ActorSpan &a : f.actors) {
        if (a.actor.name.isEmpty() || (a.first < t.end && t.first < a.end))
            continue; // a bare nationality, or the trigger itself ("a tank guards": not the guards)
        // A country or city named as a place, an origin or a topic is no actor here.
        bool place = false;
        for (const PlaceMention &p : f.places)
            if (p.role != Role::Actor && p.first < a.end && a.first < p.end)
                place = true;
        if (place)
            continue;
        // "the Northern Alliance is reporting fighting": who reports is not who fights.
        if (!speechEvent) {
            int q = a.end;
            bool passive = false; // "fighters were reported to have surrendered": not a speaker
            while (q < n && (f.classes[q] & WordClasses::Auxiliary) && !(f.classes[q] & WordClasses::Speech) && q - a.end < 3) {
                const QString &w = f.tokens[q].norm;
                passive = passive || w == u"was" || w == u"were" || w == u"is" || w == u"are" || w == u"been";
                ++q;
            }
            // "were reported": passive, the actor is who it is about; "is reporting": active.
            passive = passive && q < n && (f.tokens[q].norm.endsWith(QLatin1String("ed")) || f.tokens[q].norm == u"told");
            if (!passive && q < n && (f.classes[q] & WordClasses::Speech) && !(f.tokens[a.end - 1].gapAfter & NameToken::Comma))
                continue;
        }
        const int d = distance(f.tokens, t.first, t.end, a.first, a.end);
        if (d <= 16)
            candidates.append({d, &a});
    }
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const Candidate &x, const Candidate &y) { return x.distance < y.distance; });
    for (const Candidate &c : candidates) {
        if (e.actors.size() >= 4)
            break;
        const bool seen = std::any_of(e.actors.cbegin(), e.actors.cend(),
                                      [&](const ActorMention &m) { return m.actor.name == c.span->actor.name; });
        if (seen)
            continue;
        ActorMention m;
        m.actor = c.span->actor;
        m.span = Span{f.tokens[c.span->first].start, f.tokens[c.span->end - 1].end};
        e.actors.append(std::move(m));
    }
    // Keep the order of the sentence: it reads as the text does.
    std::sort(e.actors.begin(), e.actors.end(), [](const ActorMention &x, const ActorMention &y) { return x.span.start < y.span.start; });
    Q_UNUSED(text);
}

void Assembler::remember(const SentenceFacts &f)
{
    const QString &text = f.sentence->text;
    int destinationEnd = -1; // end of the last destination named, for lists ("toward Kunduz and Samangan")
    for (const PlaceMention &p : f.places) {
        if (p.role != Role::Event)
            continue;
        const QString written = text.mid(p.span.start, p.span.end - p.span.start);
        mMemory.add(mR.gazetteer, p.entry, written, f.sentence->index);
        // A destination ("headed south toward Kandahar") is not where the story goes on.
        const QString &before = p.first > 0 ? f.tokens[p.first - 1].norm : QString();
        const bool listed = destinationEnd >= 0 && p.first - destinationEnd <= 1 &&
                            (p.first == destinationEnd || before == u"and" || before == u"or");
        const bool destination = listed || before == u"toward" || before == u"towards" || before == u"to" || before == u"into";
        if (destination)
            destinationEnd = p.end;
        if (mR.gazetteer.place(p.entry).precision != GeoPrecision::Country && !destination) {
            mPrevious = p.entry;
            mPreviousIndex = f.sentence->index;
            mPreviousText = written;
        }
    }
}

// One event per type, place and time in an article: the same fighting told twice is one event,
// kept with the sentence that gives it the most confidence.
QList<Event> deduplicate(QList<Event> events)
{
    QHash<QString, int> seen;
    QList<Event> out;
    out.reserve(events.size());
    for (Event &e : events) {
        const QString key = e.type + QLatin1Char('|') + e.place.name + QLatin1Char('|') + e.place.country +
                            QLatin1Char('|') + e.time.start.toString(Qt::ISODate) + QLatin1Char('|') +
                            e.time.end.toString(Qt::ISODate);
        const auto it = seen.constFind(key);
        if (it == seen.constEnd()) {
            seen.insert(key, int(out.size()));
            out.append(std::move(e));
        } else if (e.confidence > out[it.value()].confidence) {
            out[it.value()] = std::move(e);
        }
    }
    return out;
}

} // namespace

EventExtractor::EventExtractor() : mResources(ExtractionResources::shared()) {}

EventExtractor::EventExtractor(std::shared_ptr<const ExtractionResources> resources) : mResources(std::move(resources)) {}

QString EventExtractor::inheritedTimeRule()
{
    return QStringLiteral("inherit"); // resolveTimeRule(): the publication day
}

QList<Event> EventExtractor::extract(const Article &article, const ParseOptions &options, int *outsideArea) const
{
    if (outsideArea)
        *outsideArea = 0;
    if (!mResources || mResources->isEmpty())
        return {};
    Assembler assembler(*mResources, article, options);
    QList<Event> events;
    for (const Sentence &s : article.sentences)
        assembler.sentence(s, events);
    events = deduplicate(std::move(events));
    if (options.keepOutside)
        return events;
    QList<Event> inside;
    inside.reserve(events.size());
    for (Event &e : events) {
        if (e.place.isValid() && !options.areaCountries.contains(e.place.country)) {
            if (outsideArea)
                ++*outsideArea;
            continue;
        }
        inside.append(std::move(e));
    }
    return inside;
}

} // namespace mapline
