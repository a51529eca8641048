// The event stage: for each sentence (analysed in sentencefacts.cpp) and each asserted trigger,
// an Event with its time, place (placeresolver.cpp), actors, codes and confidence.
#include "extract/eventextractor.h"
#include "extract/wordis.h"

#include "extract/dateline.h"
#include "extract/extractionresources.h"
#include "extract/eventrules.h"
#include "extract/placeresolver.h"
#include "extract/sentencefacts.h"
#include "extract/timetagger.h"

#include <optional>
#include <QHash>

#include <algorithm>
#include <limits>
#include <climits>

namespace mapline {
namespace {

using Role = PlaceMention::Role;

// An event dated only as "after <an earlier, dated happening>" spans from that happening to
// publication; longer than this, it is background history rather than a reported event.
constexpr qint64 kLongestSinceRangeDays = 92;
// History the story recalls ("The Taliban emerged in Kandahar in 1994", "the tunnel was blown up
// in 1997"): an event that ended more than this before publication is background, not news of
// the article's story, and is left out (it would stretch every timeline over years).
constexpr qint64 kBackgroundDays = 365;

class Assembler {
public:
    Assembler(const ExtractionResources &r, const Article &a, const ParseOptions &o)
        : mR(r), mArticle(a), mOptions(o), mPlaces(r, a, o),
          // Only "3/4/2002" and "on 9/3" depend on the order: no slash, nothing to decide.
          mDateOrder(a.body.contains(u'/') ? dateOrderOf(a.body, publisherDateBias(r.words, a.meta)) : DateOrder::Unknown)
    {
    }

    // A sentence analysed (the first pass, in reading order: times, places, actors, triggers).
    struct Analysed {
        SentenceFacts facts;
        int datelineEntry = -1; // a roundup paragraph's own dateline ("KHOST - ")
        QString datelineText;
    };
    Analysed analyse(const Sentence &s);
    // What the article names that later sentences may refer back or ahead to (the second pass
    // needs all sentences analysed first).
    void noteFacilities(const QList<Analysed> &all);
    // The second pass, in reading order: the events of one analysed sentence.
    void sentence(Analysed &a, QList<Event> &events);

private:
    Span paragraphDateline(const Sentence &s, int *entry, QString *text) const;
    // The other places of a list the trigger's place heads ("near Kandahar and Khost"), each its
    // own event's; none for a trigger whose place is not named after it.
    QList<const PlaceMention *> listedPlaces(const SentenceFacts &f, const TriggerMatch &t, const PlaceChoice &chosen) const;
    // "alliance tanks" after "the Eastern Alliance": the group the article named last with that
    // word in its name (ActorSpan::anaphoric); remembers the groups this sentence names.
    void resolveGroupAnaphors(SentenceFacts &f);
    // False when the trigger tells of another happening the sentence only refers to.
    bool chooseTime(const SentenceFacts &f, const TriggerMatch &t, Event &e, double &factor) const;
    void chooseActors(const SentenceFacts &f, const TriggerMatch &t, Event &e) const;
    const EventTypeInfo &finalType(const SentenceFacts &f, const TriggerMatch &t, const Event &e) const;

    const ExtractionResources &mR;
    const Article &mArticle;
    const ParseOptions &mOptions;
    PlaceResolver mPlaces;
    StoryAnchor mAnchor; // the last day the story named, for "the next day"
    // The time the last sentence gave its events, for a sentence that goes on about them.
    struct StoryTime {
        int sentence = -100;
        TimeRange time;
        QString rule;
        QString text;
    } mLastTime;
    DateOrder mDateOrder; // how the article writes "3/4/2002"
    QHash<QString, Actor> mGroupByHead; // the last word of a group's name ("alliance") -> the group named last
};

void Assembler::resolveGroupAnaphors(SentenceFacts &f)
{
    for (ActorSpan &a : f.actors) {
        if (a.head.isEmpty())
            continue;
        if (!a.anaphoric) {
            if (wordIs(a.actor.kind, u"group"))
                mGroupByHead.insert(a.head, a.actor);
        } else if (const auto it = mGroupByHead.constFind(a.head); it != mGroupByHead.constEnd()) {
            a.actor = it.value();
        }
    }
}

Assembler::Analysed Assembler::analyse(const Sentence &s)
{
    Analysed a;
    const Span dateline = paragraphDateline(s, &a.datelineEntry, &a.datelineText);
    // Every sentence is tagged: a day it names anchors "the next day" in the ones after it.
    a.facts = analyseSentence(mR, s, mOptions.areaCountries,
                              tagTimes(s.text, mArticle.meta.published, &mAnchor, mDateOrder), dateline);
    return a;
}

void Assembler::noteFacilities(const QList<Analysed> &all)
{
    QList<std::pair<int, int>> named;
    for (const Analysed &a : all)
        for (const PlaceMention &p : a.facts.places)
            if (p.role == PlaceMention::Role::Event && mR.facilityOf(p.entry))
                named.append({a.facts.sentence->index, p.entry});
    mPlaces.setNamedFacilities(std::move(named));
}

void Assembler::sentence(Analysed &a, QList<Event> &events)
{
    const QDate published = mArticle.meta.published;
    if (a.datelineEntry >= 0)
        mPlaces.setParagraphDateline(a.datelineEntry, a.datelineText);
    SentenceFacts &f = a.facts;
    if (f.tokens.isEmpty())
        return;
    const Sentence &s = *f.sentence;
    resolveGroupAnaphors(f);
    mPlaces.addFacilities(f);
    std::optional<PlaceChoice> toldPlace; // the place of the sentence's first event
    QList<std::pair<QString, int>> told;  // the type and place of each event made of this sentence
    for (const TriggerMatch &t : std::as_const(f.triggers)) {
        // Negated and hypothetical mentions are not events: they stay out of the store (see
        // docs/EXTRACTION.md, "What is not an event").
        if (t.flags & (Event::Negated | Event::Hypothetical))
            continue;
        // "The blast tore through stalls", "the fighting could trap refugees": a definite noun
        // with neither place nor time of its own points back to an event told before.
        bool definite = false;
        if (t.first > 0) {
            const QString &det = f.tokens[t.first - 1].norm;
            definite = wordIs(det, u"the") || wordIs(det, u"this") || wordIs(det, u"these") || wordIs(det, u"those");
            if (definite && !f.ownPlace && !f.ownTime)
                continue;
        }
        Event e;
        e.sentenceIndex = s.index;
        e.sentence = s.text;
        e.acledSubEventType = t.acledSubEventType;
        e.trigger = Span{f.tokens[t.first].start, f.tokens[t.end - 1].end};
        double timeFactor = 1.0;
        if (!chooseTime(f, t, e, timeFactor) || e.hasFlag(Event::Hypothetical))
            continue; // another happening, or a future time: "will meet on Friday"
        if (published.isValid() && e.time.isValid() && e.time.start > published)
            continue;
        if (published.isValid() && e.time.isValid() && e.time.end.daysTo(published) > kBackgroundDays) {
            // Background: no event, but the story goes on in that time ("In reprisal, ...").
            if (mLastTime.sentence != s.index && e.timeSpan.isValid())
                mLastTime = {s.index, e.time, e.timeRule, e.timeText};
            continue;
        }
        const PlaceChoice place = mPlaces.choose(f, t);
        // "clashed with Taliban units in Kunduz on Friday, though it was impossible to confirm the
        // extent of the fighting": the same happening as the sentence's event of its type there
        // ("the fall of Kabul followed the capture of Mazar-e Sharif" is two).
        if (definite && std::any_of(told.cbegin(), told.cend(), [&](const std::pair<QString, int> &k) {
                return k.first == mR.coder.type(t.type).type && k.second == place.entry;
            }))
            continue;
        if (place.entry >= 0) {
            e.place = placeOf(mR.gazetteer, place);
            e.placeText = place.text;
            e.placeSpan = place.span;
        }
        if (place.inherited)
            e.flags |= Event::InheritedPlace;
        chooseActors(f, t, e);
        if (civiliansOnTheMove(mR, f, t))
            continue;
        if (!toldPlace)
            toldPlace = place;
        const EventTypeInfo &type = finalType(f, t, e);
        if (type.type != mR.coder.type(t.type).type)
            e.acledSubEventType = type.acledSubEventType;
        e.type = type.type;
        e.acledEventType = type.acledEventType;
        e.cameoRoot = type.cameoRoot;
        e.confidence = std::clamp(t.confidence * place.factor * timeFactor, 0.0, 1.0);
        // The sentence's first event with a time of its own is what it tells.
        if (mLastTime.sentence != s.index && e.timeSpan.isValid() && !e.timeRule.startsWith(u"since:"))
            mLastTime = {s.index, e.time, e.timeRule, e.timeText};
        // "struck at Kandahar ... and at hideouts around Tora Bora and Khost": one event a place.
        for (const PlaceMention *other : listedPlaces(f, t, place)) {
            Event copy = e;
            PlaceChoice c;
            c.entry = other->entry;
            c.near = other->near;
            copy.place = placeOf(mR.gazetteer, c);
            copy.placeText = s.text.mid(other->span.start, other->span.end - other->span.start);
            copy.placeSpan = other->span;
            copy.confidence *= 0.9;
            events.append(std::move(copy));
        }
        told.append({e.type, place.entry});
        events.append(std::move(e));
    }
    // A sentence with no event that sets the story in the past ("His authority goes back to
    // March 1979, when ...") sets the time the next ones recall.
    if (mLastTime.sentence != s.index && published.isValid()) {
        for (const TimeMention &m : f.times) {
            if (m.future || !m.range.isValid() || m.range.end.daysTo(published) <= kLongestSinceRangeDays)
                continue;
            const int first = tokenRange(f.tokens, m.span).first;
            if (first < f.tokens.size() && f.region[first] < 0) {
                mLastTime = {s.index, m.range, m.rule, m.text};
                break;
            }
        }
    }
    mPlaces.remember(f, toldPlace ? &*toldPlace : nullptr);
}

QList<const PlaceMention *> Assembler::listedPlaces(const SentenceFacts &f, const TriggerMatch &t,
                                                   const PlaceChoice &chosen) const
{
    QList<const PlaceMention *> out;
    const QString &type = mR.coder.type(t.type).type;
    const bool targets = wordIs(type, u"air_strike") || wordIs(type, u"shelling") || wordIs(type, u"armed_clash") || wordIs(type, u"bombing") ||
                         wordIs(type, u"territory_taken") || wordIs(type, u"attack_on_civilians");
    if (!targets || chosen.entry < 0 || chosen.inherited || !chosen.span.isValid())
        return out;
    const PlaceMention *head = nullptr;
    for (const PlaceMention &p : f.places)
        if (p.span == chosen.span)
            head = &p;
    if (!head || head->first < t.end || head->role != PlaceMention::Role::Event)
        return out;
    const Gazetteer &g = mR.gazetteer;
    int lastEnd = head->end;
    for (const PlaceMention &p : f.places) {
        if (p.first <= head->first || p.role != PlaceMention::Role::Event || f.region[p.first] != f.region[t.first] ||
            p.first - t.end > 24)
            continue;
        const Place &place = g.place(p.entry);
        const Place &first = g.place(head->entry);
        if (p.entry == head->entry || place.precision == GeoPrecision::Country ||
            (g.entry(p.entry).natural && place.precision == GeoPrecision::Province) ||
            (place.precision == GeoPrecision::Province && place.admin1 == first.admin1))
            continue; // "Khost, in Khost province": the same place said twice
        const QString &before = f.tokens[p.first - 1].norm;
        if (wordIs(before, u"to") || wordIs(before, u"toward") || wordIs(before, u"towards") || wordIs(before, u"into") || wordIs(before, u"from"))
            break; // where someone went or came from, not a target
        // Nothing but the list between: no other trigger (another verb's places), no new clause.
        bool list = false;
        for (int k = lastEnd; k < p.first; ++k)
            list = list || wordIs(f.tokens[k].norm, u"and") || wordIs(f.tokens[k].norm, u"or");
        const bool verb = std::any_of(f.triggers.cbegin(), f.triggers.cend(),
                                      [&](const TriggerMatch &o) { return o.first >= lastEnd && o.first < p.first; });
        if (!list || verb)
            break;
        out.append(&p);
        lastEnd = p.end;
    }
    return out;
}

// "KHOST - Unidentified gunmen fired ...": a paragraph of a roundup that opens with a dateline in
// capitals naming a known place is filed from there (the span of the dateline, else invalid).
Span Assembler::paragraphDateline(const Sentence &s, int *entryOut, QString *textOut) const
{
    if ((s.start > 0 && mArticle.body.at(s.start - 1) != u'\n') || s.text.size() < 2 || !s.text[0].isUpper() ||
        !s.text[1].isUpper())
        return {}; // a dateline in capitals starts with two capitals: most sentences are no item
    const Dateline d = findDateline(s.text);
    if (!d.isValid() || d.place.isEmpty() || d.place != d.place.toUpper())
        return {};
    const int entry = mR.geoparser.resolve(d.place, mOptions.areaCountries);
    if (entry < 0)
        return {};
    *entryOut = entry;
    *textOut = d.place;
    return d.span;
}

// Bombs dropped by warplanes or by a state's air force are air strikes, not IEDs; an attack on
// civilians is violence against civilians, not a battle.
const EventTypeInfo &Assembler::finalType(const SentenceFacts &f, const TriggerMatch &t, const Event &e) const
{
    const EventTypeInfo &type = mR.coder.type(t.type);
    if (wordIs(type.type, u"armed_clash") && civilianTarget(mR.words, f, t)) {
        const int civilians = mR.coder.typeIndex(QStringLiteral("attack_on_civilians"));
        if (civilians >= 0)
            return mR.coder.type(civilians);
    }
    bool air = t.airCue;
    for (const ActorSpan &a : f.actors) {
        const bool chosen = std::any_of(e.actors.cbegin(), e.actors.cend(),
                                        [&](const ActorMention &m) { return !a.actor.name.isEmpty() && m.actor.name == a.actor.name; });
        air = air || (a.air && (chosen || a.end == t.first)); // "American bombing"
    }
    if (air && (wordIs(type.type, u"bombing") || wordIs(type.type, u"shelling")) && !wordIs(t.acledSubEventType, u"Suicide bomb")) {
        const int airType = mR.coder.typeIndex(QStringLiteral("air_strike"));
        if (airType >= 0)
            return mR.coder.type(airType);
    }
    return type;
}

bool Assembler::chooseTime(const SentenceFacts &f, const TriggerMatch &t, Event &e, double &factor) const
{
    // "after the fall of Kabul": a noun naming an earlier happening takes only a time of its own
    // phrase ("since the fall of Mazar-i-Sharif on Nov. 9"); without one it is no event here.
    const int background = f.backgroundPreposition(t);
    const int backgroundEnd = background >= 0 ? f.clauseEnd(t.first) : 0;
    int best = -1;
    int bestDistance = INT_MAX;
    const bool past = simplePast(mR.words, f, t);
    for (int j = 0; j < f.times.size(); ++j) {
        const auto [first, end] = tokenRange(f.tokens, f.times[j].span);
        if (first >= f.tokens.size() || f.region[first] != f.region[t.first])
            continue;
        if (background >= 0 && (first < background || first >= backgroundEnd))
            continue;
        // "bombed the city for days": how long, not when ("have fought for a week" runs to now).
        if (past && isDuration(f.times[j]))
            continue;
        const int d = tokenDistance(f.tokens, t.first, t.end, first, end);
        if (d < bestDistance) {
            bestDistance = d;
            best = j;
        }
    }
    // "whose men pulled back on Saturday after coming under mortar fire": a trigger in an
    // "after" clause with no time of its own happened about when the clause it hangs on did.
    double borrowed = 1.0;
    const int opener = f.region[t.first];
    // "... for a 12th day Thursday, while U.S. B-52s bombed ridges of the Spin Ghar": a "while" or
    // "when" clause happened when its main clause did.
    const QString &openerWord = opener > 0 ? f.tokens[opener].norm : QString();
    if (best < 0 && background < 0 && opener > 0 && (wordIs(openerWord, u"after") || wordIs(openerWord, u"while") || wordIs(openerWord, u"when"))) {
        for (int j = 0; j < f.times.size(); ++j) {
            const auto [first, end] = tokenRange(f.tokens, f.times[j].span);
            if (first >= opener || f.region[first] != f.region[opener - 1])
                continue;
            const int d = tokenDistance(f.tokens, t.first, t.end, first, end);
            if (d < bestDistance) {
                bestDistance = d;
                best = j;
                borrowed = 0.8;
            }
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
        // "The Taliban was founded in 1994 ... Its fighters took Kandahar that November": "that"
        // month or year of the history the story is telling, not this one.
        const QStringView before = QStringView(f.sentence->text).first(tm.span.start).trimmed();
        const bool thatTime = tm.text.startsWith(QLatin1String("that "), Qt::CaseInsensitive) ||
                              before.endsWith(QLatin1String(" that"), Qt::CaseInsensitive);
        if (thatTime && published.isValid() &&
            mLastTime.time.isValid() && mLastTime.time.end.daysTo(published) > kBackgroundDays &&
            f.sentence->index - mLastTime.sentence <= 2) {
            e.time = mLastTime.time;
            e.timeRule = mLastTime.rule;
            factor = 0.5;
            return true;
        }
        // "killed 170 civilians in January" told in December: last January, not the coming one.
        if (!tm.future && published.isValid() && tm.range.isValid() && tm.range.start > published &&
            tm.rule.startsWith(u"monthname:") && tm.rule.count(u':') == 1) {
            e.timeRule = tm.rule + QStringLiteral(":last");
            e.time = resolveTimeRule(e.timeRule, published);
        }
        // "shelled the town this month": what happened ends by the publication day, not with
        // the month ("upto:" keeps re-dating exact; an absolute range is cut as it is).
        if (!tm.future && published.isValid() && e.time.isValid() && e.time.start <= published &&
            e.time.end > published) {
            if (e.timeRule.isEmpty())
                e.time = TimeRange::range(e.time.start, published);
            else
                e.time = resolveTimeRule(e.timeRule = QStringLiteral("upto:") + e.timeRule, published);
        }
        factor = (e.time.isValid() ? 0.6 + 0.4 * std::clamp(tm.confidence, 0.0, 1.0) : 0.5) * borrowed;
        return true;
    }
    if (background >= 0)
        return false;
    // "the Taliban retreated after the fall of Kabul in the past two weeks": told relative to
    // another happening with a time, so not on the publication day. After it: from that time
    // to publication, with a low confidence; before it: nothing we can date.
    if (const int k = f.anchoringClause(t); k >= 0) {
        const QString &w = f.tokens[k].norm;
        if (!wordIs(w, u"after") && !wordIs(w, u"since") && !wordIs(w, u"following"))
            return false;
        for (const TimeMention &tm : f.times) {
            if (tokenRange(f.tokens, tm.span).first <= k || tm.future)
                continue;
            // since: takes any rule but another since:, whose start stands in for it when known.
            const bool nested = tm.rule.startsWith(u"since:");
            if (nested && !tm.range.isValid())
                continue;
            const QString inner = tm.rule.isEmpty() || nested ? QStringLiteral("day:") + tm.range.start.toString(Qt::ISODate)
                                                              : tm.rule;
            e.timeRule = QStringLiteral("since:") + inner;
            e.time = resolveTimeRule(e.timeRule, published);
            // "where the movement began its takeover after the fall of the regime in 1989": an
            // anchor more than a season back is history the story recalls, not news it reports;
            // a range of years would say nothing and stretch every timeline.
            if (e.time.isValid() && e.time.start.daysTo(e.time.end) > kLongestSinceRangeDays)
                return false;
            e.timeText = tm.text;
            e.timeSpan = tm.span;
            factor = 0.5;
            return true;
        }
        return false;
    }
    // "... attacked outposts near the air base last Tuesday. Local officials said at least six
    // fighters were killed.": a sentence with neither a time nor a place of its own goes on
    // about what the sentence before told, and then.
    // History the story recalls ("In March 1979 he joined a revolt ... In reprisal, aircraft
    // bombed the city for days") goes on in the past tense for a few sentences: not today's news.
    const bool goesOn = !f.ownTime && !f.ownPlace && f.times.isEmpty() && f.anaphors.isEmpty() &&
                        mLastTime.sentence == f.sentence->index - 1;
    const bool history = past && published.isValid() && mLastTime.time.isValid() &&
                         mLastTime.time.end.daysTo(published) > kLongestSinceRangeDays &&
                         f.sentence->index - mLastTime.sentence <= 3;
    if (goesOn || history) {
        e.time = mLastTime.time;
        e.timeRule = mLastTime.rule;
        e.timeText = mLastTime.text;
        factor = 0.75;
        return true;
    }
    // No time of its own: the article's reporting time, the day of publication.
    e.flags |= Event::InheritedTime;
    e.timeRule = EventExtractor::inheritedTimeRule();
    e.time = published.isValid() ? TimeRange::day(published) : TimeRange{};
    factor = published.isValid() ? 0.8 : 0.5;
    return true;
}

void Assembler::chooseActors(const SentenceFacts &f, const TriggerMatch &t, Event &e) const
{
    const bool speechEvent = wordIs(mR.coder.type(t.type).type, u"statement") || wordIs(mR.coder.type(t.type).type, u"threat");
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
                passive = passive || wordIs(w, u"was") || wordIs(w, u"were") || wordIs(w, u"is") || wordIs(w, u"are") || wordIs(w, u"been");
                ++q;
            }
            // "were reported": passive, the actor is who it is about; "is reporting": active.
            passive = passive && q < n && (f.tokens[q].norm.endsWith(QLatin1String("ed")) || wordIs(f.tokens[q].norm, u"told"));
            if (!passive && q < n && (f.classes[q] & WordClasses::Speech) && !(f.tokens[a.end - 1].gapAfter & NameToken::Comma))
                continue;
        }
        const int d = tokenDistance(f.tokens, t.first, t.end, a.first, a.end);
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
        m.role = c.span->role;
        m.span = Span{f.tokens[c.span->first].start, f.tokens[c.span->end - 1].end};
        e.actors.append(std::move(m));
    }
    // Keep the order of the sentence: it reads as the text does.
    std::sort(e.actors.begin(), e.actors.end(), [](const ActorMention &x, const ActorMention &y) { return x.span.start < y.span.start; });
}

// One event per type, place and time in an article: the same fighting told twice is one event,
// kept with the sentence that gives it the most confidence.
QList<Event> deduplicate(QList<Event> events)
{
    // The days as numbers, not ISO text (QDate::toString goes through a printf, about 4,000
    // instructions a date): the same keys, since ISO text names a date of the years 0-9999 and
    // is empty for any other or an invalid one, which share one number here.
    const auto day = [](QDate d) {
        return d.isValid() && d.year() >= 0 && d.year() <= 9999 ? d.toJulianDay() : std::numeric_limits<qint64>::min();
    };
    QHash<QString, int> seen;
    QList<Event> out;
    out.reserve(events.size());
    for (Event &e : events) {
        const QString key = e.type + QLatin1Char('|') + e.place.name + QLatin1Char('|') + e.place.country +
                            QLatin1Char('|') + QString::number(day(e.time.start)) + QLatin1Char('|') +
                            QString::number(day(e.time.end));
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
    QList<Assembler::Analysed> analysed;
    analysed.reserve(article.sentences.size());
    for (const Sentence &s : article.sentences)
        analysed.append(assembler.analyse(s));
    assembler.noteFacilities(analysed);
    QList<Event> events;
    for (Assembler::Analysed &a : analysed)
        assembler.sentence(a, events);
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
