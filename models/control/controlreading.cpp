// ControlInference::read: what one event says about who holds its place. The roles of the actors
// (who took, who lost, who holds) come from where the sentence names them around the trigger:
// the subject before an active verb, "by"/"to" after a passive one, "from" the side that lost.
#include "controlinference.h"

#include "geo/placenames.h"

#include <QSet>

namespace mapline {
namespace {

// Words that say a description of who holds a place is about the past.
const QSet<QString> &pastMarkers()
{
    static const QSet<QString> words = {QStringLiteral("formerly"), QStringLiteral("former"), QStringLiteral("once"),
                                        QStringLiteral("previously"), QStringLiteral("had"), QStringLiteral("until"),
                                        QStringLiteral("used"), QStringLiteral("ex")};
    return words;
}

const QSet<QString> &speechVerbs()
{
    static const QSet<QString> words = {QStringLiteral("said"), QStringLiteral("says"), QStringLiteral("say"),
                                        QStringLiteral("told"), QStringLiteral("reported"), QStringLiteral("claimed"),
                                        QStringLiteral("added"), QStringLiteral("announced"), QStringLiteral("denied")};
    return words;
}

const QSet<QString> &passiveAuxiliaries()
{
    static const QSet<QString> words = {QStringLiteral("was"), QStringLiteral("were"), QStringLiteral("been"),
                                        QStringLiteral("being"), QStringLiteral("is"), QStringLiteral("are"),
                                        QStringLiteral("be"), QStringLiteral("got")};
    return words;
}

// The sentence cut into words once, with the sides of the actors the event names.
struct Reading {
    const Event &event;
    const SideTable &sides;
    QDate day;
    QList<NameToken> tokens;
    int trigger = -1;    // first token of the trigger
    int triggerEnd = -1; // one past its last token
    int place = -1;      // first token of the place as written, -1 when not in the sentence
    int placeEnd = -1;

    struct Role {
        int side = -1;
        int token = -1; // first token of the actor's name
        QString part;   // a dataset row's "actor1" (the one acting) or "actor2"; empty in a text
        bool person = false;
    };
    QList<Role> actors;

    Reading(const Event &e, const SideTable &s, QDate d) : event(e), sides(s), day(d)
    {
        tokens = tokenizeNames(e.sentence);
        trigger = tokenAt(e.trigger.start);
        triggerEnd = e.trigger.isValid() ? tokenAt(e.trigger.end - 1) + 1 : -1;
        if (e.placeSpan.isValid()) {
            place = tokenAt(e.placeSpan.start);
            placeEnd = tokenAt(e.placeSpan.end - 1) + 1;
        }
        for (const ActorMention &m : e.actors)
            actors.append({s.sideOf(m.actor, d), m.span.isValid() ? tokenAt(m.span.start) : -1,
                           m.span.isValid() ? QString() : m.role, m.actor.kind == u"person"});
    }

    int tokenAt(int offset) const
    {
        if (offset < 0)
            return -1;
        for (int i = 0; i < tokens.size(); ++i)
            if (tokens.at(i).end > offset)
                return i;
        return -1;
    }
    QString word(int i) const { return i >= 0 && i < tokens.size() ? tokens.at(i).norm : QString(); }
    bool clauseBreakBetween(int a, int b) const
    {
        for (int i = std::min(a, b); i < std::max(a, b); ++i)
            if (tokens.at(i).gapAfter & (NameToken::Stop | NameToken::Dash | NameToken::Paren))
                return true;
        return false;
    }
    bool passive() const
    {
        const QString first = word(trigger);
        if (first.startsWith(u"fell") || first.startsWith(u"fall") || first == u"came")
            return true;
        for (int i = trigger - 1; i >= 0 && i >= trigger - 3; --i)
            if (passiveAuxiliaries().contains(word(i)))
                return true;
        return false;
    }
    // "the fall of", "the capture of": a noun, whose taker follows ("to the alliance").
    bool nominal() const
    {
        static const QSet<QString> nouns = {QStringLiteral("fall"), QStringLiteral("capture"), QStringLiteral("seizure"),
                                            QStringLiteral("liberation"), QStringLiteral("takeover"),
                                            QStringLiteral("surrender"), QStringLiteral("conquest")};
        return nouns.contains(word(trigger));
    }
    // A subordinate clause opens between two words: "took Kunduz after Taliban troops gave up".
    bool subordinateBetween(int a, int b) const
    {
        static const QSet<QString> words = {QStringLiteral("after"), QStringLiteral("as"), QStringLiteral("when"),
                                            QStringLiteral("while"), QStringLiteral("before"), QStringLiteral("since"),
                                            QStringLiteral("because"), QStringLiteral("where"), QStringLiteral("who"),
                                            QStringLiteral("which"), QStringLiteral("that")};
        for (int i = a; i < b; ++i)
            if (words.contains(word(i)))
                return true;
        return false;
    }
    // The side of the actor named right after `preposition` (an article between at most) after the
    // trigger: "fell to the alliance", "taken from the Taliban", "handed over to ...". A possessive
    // pronoun there ("fell to their forces") is the side of the nearest actor named before it in
    // the sentence ("Northern Alliance officials say Kunduz fell to their forces").
    int sideAfter(QStringView preposition) const
    {
        for (const Role &r : actors) {
            if (r.side < 0 || r.token <= trigger)
                continue;
            for (int i = r.token - 1; i >= std::max(trigger, r.token - 2); --i) // "to the alliance"
                if (word(i) == preposition)
                    return clauseBreakBetween(trigger, r.token) || subordinateBetween(triggerEnd, r.token) ? -1 : r.side;
        }
        static const QSet<QString> possessives = {QStringLiteral("their"), QStringLiteral("its"), QStringLiteral("his")};
        for (int i = std::max(trigger, triggerEnd - 1); i + 1 < tokens.size() && i < triggerEnd + 4; ++i) {
            if (word(i) != preposition || !possessives.contains(word(i + 1)))
                continue;
            if (clauseBreakBetween(trigger, i + 1) || subordinateBetween(triggerEnd, i + 1))
                return -1;
            return nearestSideBefore(i + 1, word(i + 1) == u"his");
        }
        return -1;
    }
    // The side of the nearest actor named before token `before` (any clause; -1 when it has none):
    // what a possessive pronoun at `before` refers to, a person for "his", a group for "their".
    int nearestSideBefore(int before, bool person) const
    {
        int best = -1, bestToken = -1;
        for (const Role &r : actors)
            if (r.token >= 0 && r.token < before && r.token > bestToken && r.person == person) {
                best = r.side;
                bestToken = r.token;
            }
        return best;
    }
    // A verb of saying between two words: "Karzai said Omar had fled" (Karzai did not flee).
    bool speechBetween(int a, int b) const
    {
        for (int i = a + 1; i < b; ++i)
            if (speechVerbs().contains(word(i)))
                return true;
        return false;
    }
    // The subject: the nearest actor with a side before the trigger, in its clause.
    int subject() const
    {
        int best = -1, bestToken = -1;
        for (const Role &r : actors)
            if (r.side >= 0 && r.token >= 0 && r.token < trigger && r.token > bestToken &&
                !clauseBreakBetween(r.token, trigger) && !speechBetween(r.token, trigger)) {
                best = r.side;
                bestToken = r.token;
            }
        return best;
    }
    // The side of a dataset row's actors in `part` ("actor1", "actor2") when they agree; -1 when
    // none of them has one, -2 when they are on different sides.
    int sideOfPart(QStringView part) const
    {
        int side = -1;
        for (const Role &r : actors) {
            if (r.part != part || r.side < 0)
                continue;
            if (side >= 0 && side != r.side)
                return -2;
            side = r.side;
        }
        return side;
    }
    bool hasParts() const
    {
        for (const Role &r : actors)
            if (!r.part.isEmpty())
                return true;
        return false;
    }
    // The only side among the actors, when every one of them is on it (datasets without roles): an
    // actor on no side may be the one that took the place ("forces of Ismail Khan took Herat after
    // the Taliban withdrew" names the Taliban too), so then nothing is said.
    int onlySide() const
    {
        int side = -1;
        for (const Role &r : actors) {
            if (r.side < 0 || (side >= 0 && side != r.side))
                return -1;
            side = r.side;
        }
        return side;
    }
    bool placeAfterTrigger(int within) const
    {
        return place >= triggerEnd && place - triggerEnd <= within && !clauseBreakBetween(triggerEnd, place);
    }
    // The place is what the verb acts on ("handed over Gardez", "handed over the city of Gardez"),
    // not where it happened ("handed over their weapons in Kunduz").
    bool placeIsObject() const
    {
        static const QSet<QString> locative = {QStringLiteral("in"), QStringLiteral("at"), QStringLiteral("near"),
                                               QStringLiteral("around"), QStringLiteral("outside"),
                                               QStringLiteral("inside"), QStringLiteral("from"), QStringLiteral("to"),
                                               QStringLiteral("into"), QStringLiteral("on")};
        return placeAfterTrigger(6) && !locative.contains(word(place - 1));
    }
    bool hasSpans() const { return trigger >= 0; }
};

ControlObservation base(const Reading &r, ControlObservation::Kind kind, double factor)
{
    ControlObservation o;
    o.kind = kind;
    const TimeRange &t = r.event.time;
    o.weakDate = t.precision != DatePrecision::Day || r.event.hasFlag(Event::InheritedTime);
    // A weak date is the day by which it had happened: the end of the range, the article's day.
    o.day = o.weakDate ? t.end : t.start;
    o.precision = r.event.hasFlag(Event::InheritedTime) ? DatePrecision::Range : t.precision;
    o.confidence = std::clamp(r.event.confidence * factor, 0.0, 1.0);
    o.eventId = r.event.id;
    o.articleId = r.event.articleId;
    o.sentenceIndex = r.event.sentenceIndex;
    return o;
}

void changeOf(const Reading &r, QList<ControlObservation> &out)
{
    const QString &type = r.event.type;
    int to = -1, from = -1;
    double factor = 1.0;
    if (!r.hasSpans()) {
        // A dataset row. With its roles (ACLED's actor1 "overtakes territory", "regains territory",
        // takes it over in a transfer; GDELT's Actor1): actor1 took it from actor2. An actor1 on no
        // side says only who lost it. Without roles (rows imported before schema 7): the one side
        // all its actors are on took it.
        if (type != u"territory_taken" && type != u"handover")
            return;
        if (r.hasParts()) {
            to = r.sideOfPart(u"actor1");
            from = r.sideOfPart(u"actor2");
            if (to == -2 || from == -2)
                return; // one role on two sides: a row that contradicts itself
            if (to < 0 && from < 0)
                return; // neither is on a side: nothing about the sides
        } else {
            to = r.onlySide();
            if (to < 0)
                return;
        }
        factor = 0.9;
    } else if (r.place < 0) {
        return; // the place is the dateline's or the previous sentence's: not what changed hands
    } else if (type == u"territory_taken") {
        from = r.sideAfter(u"from");
        if (r.passive() || r.nominal()) { // "fell to X", "the fall of P to X", "taken by X"
            to = r.sideAfter(u"to");
            if (to < 0)
                to = r.sideAfter(u"by");
            if (to < 0)
                to = r.sideAfter(u"of"); // "fell into the hands of X", "came under the control of X"
        } else {
            to = r.subject();
        }
        if (r.word(r.trigger) == u"surrender" && to < 0) // "the surrender of Kunduz"
            factor = 0.9;
    } else if (type == u"handover") {
        // Only a place handed over: "handed over Kandahar to ...", "Kandahar was handed over".
        if (!r.placeIsObject() && !(r.passive() && r.place >= 0 && r.place < r.trigger))
            return;
        to = r.sideAfter(u"to");
        from = r.passive() ? r.sideAfter(u"by") : r.subject();
    } else if (type == u"surrender") {
        // "the Taliban surrendered Kunduz (to ...)": the place given up; "surrendered in Kunduz":
        // the garrison gave up, the town with it, less surely.
        if (r.place < 0 || r.event.place.precision == GeoPrecision::District)
            return;
        from = r.subject();
        to = r.sideAfter(u"to");
        factor = r.placeAfterTrigger(1) ? 0.95 : 0.7;
    } else if (type == u"withdrawal") {
        // The place is where they left, unless it is where they went ("retreated to Kandahar",
        // "Kandahar, where the Taliban retreated": there they hold).
        const QString before = r.word(r.place - 1);
        from = r.subject();
        if (r.place < r.trigger && !r.passive()) {
            bool where = false;
            for (int i = r.placeEnd; i < r.trigger; ++i)
                where = where || r.word(i) == u"where";
            if (where && from >= 0) {
                ControlObservation o = base(r, ControlObservation::Hold, 0.5);
                o.to = from;
                out.append(o);
            }
            return; // "in Kunduz, the Taliban fled": who held what is not said
        }
        if (before == u"to" || before == u"toward" || before == u"towards" || before == u"into" ||
            before == u"for") {
            if (from >= 0 && r.place > r.trigger) {
                ControlObservation o = base(r, ControlObservation::Hold, 0.5);
                o.to = from;
                out.append(o);
            }
            return;
        }
        to = r.sideAfter(u"to");
        factor = 0.85;
    } else {
        return;
    }
    if (to < 0 && from < 0 && r.hasSpans())
        to = -1; // a change with no side named: the history gives it to whoever did not hold it
    if (to >= 0 && to == from)
        return;
    ControlObservation o = base(r, ControlObservation::Change, factor);
    o.to = to;
    o.from = from;
    out.append(o);
}

// "besieged Kunduz", "the siege of Kunduz by the alliance": the other side holds it.
void siegeOf(const Reading &r, QList<ControlObservation> &out)
{
    const QString w = r.word(r.trigger);
    if (!(w.startsWith(u"siege") || w.startsWith(u"besieg") || w.startsWith(u"encircl") || w.startsWith(u"surround")))
        return;
    // "besieged by the alliance", "the siege of Kunduz by ..."; else the subject ("the alliance
    // besieged Kunduz, the last city held by the Taliban": that "by" is not the besieger's).
    int besieger = r.passive() || w.startsWith(u"siege") ? r.sideAfter(u"by") : -1;
    if (besieger < 0)
        besieger = r.subject();
    if (besieger < 0)
        return;
    const int holder = r.sides.opponentOf(besieger);
    if (holder < 0)
        return;
    ControlObservation o = base(r, ControlObservation::Hold, 0.8);
    o.to = holder;
    out.append(o);
}

// "Taliban-held Kunduz", "held by the Taliban", "under Taliban control", "the last stronghold of
// the Taliban", "Taliban fighters defending Kunduz": near the event's place, in the present.
void holdsIn(const Reading &r, QList<ControlObservation> &out)
{
    if (r.place < 0)
        return;
    const QString &s = r.event.sentence;
    static const QStringList cues = {QStringLiteral("held"), QStringLiteral("control"), QStringLiteral("stronghold"),
                                     QStringLiteral("hands"), QStringLiteral("defending"), QStringLiteral("garrison")};
    bool any = false;
    for (const QString &c : cues)
        any = any || s.contains(c, Qt::CaseInsensitive);
    if (!any)
        return;
    const int lo = std::max(0, r.place - 8), hi = std::min<int>(r.tokens.size(), r.placeEnd + 9);
    for (int i = lo; i < hi; ++i) {
        const QString &w = r.tokens.at(i).norm;
        int side = -1;
        int cueStart = i;
        const auto actorNear = [&](int a, int b) {
            for (const Reading::Role &role : r.actors)
                if (role.side >= 0 && role.token >= a && role.token < b)
                    return role.side;
            return -1;
        };
        if ((w == u"held" || w == u"controlled") && i > 0 && r.tokens.at(i - 1).hyphenNext()) {
            side = actorNear(i - 3, i); // "Taliban-held", "Northern Alliance-controlled"
            cueStart = i - 1;
        } else if ((w == u"held" || w == u"controlled" || w == u"defended") && r.word(i + 1) == u"by") {
            side = actorNear(i + 2, i + 5);
        } else if (w == u"control" && i > 0) {
            // "under Taliban control", "under the control of the alliance", "in Taliban control"
            for (int k = i - 1; k >= std::max(0, i - 4); --k)
                if (r.word(k) == u"under" || r.word(k) == u"in") {
                    side = actorNear(k + 1, i);
                    cueStart = k;
                }
            if (side < 0 && r.word(i + 1) == u"of" && (r.word(i - 1) == u"the" || r.word(i - 2) == u"under"))
                side = actorNear(i + 2, i + 5);
        } else if (w == u"stronghold" || w == u"strongholds" || w == u"garrison" || w == u"hands") {
            side = actorNear(i - 3, i); // "the Taliban stronghold of", "the Taliban's last stronghold"
            if (side < 0 && r.word(i + 1) == u"of")
                side = actorNear(i + 2, i + 5); // "the last stronghold of the Taliban", "the hands of"
            cueStart = i - 3;
        } else if (w == u"defending" || w == u"defend") {
            side = actorNear(i - 4, i); // "Taliban fighters defending Kunduz"
        }
        if (side < 0)
            continue;
        bool past = false;
        for (int k = std::max(0, cueStart - 4); k < i; ++k)
            past = past || pastMarkers().contains(r.tokens.at(k).norm);
        if (past)
            continue;
        ControlObservation o = base(r, ControlObservation::Hold, 0.8);
        o.to = side;
        out.append(o);
        return;
    }
}

} // namespace

bool ControlInference::isControllable(const Place &place)
{
    if (!place.isValid() || place.source == u"offset")
        return false;
    return place.precision == GeoPrecision::City || place.precision == GeoPrecision::District ||
           place.precision == GeoPrecision::Landmark;
}

QList<ControlObservation> ControlInference::read(const Event &event, const SideTable &sides)
{
    QList<ControlObservation> out;
    if (!isControllable(event.place) || !event.time.isValid() || sides.isEmpty())
        return out;
    const QString &type = event.type;
    const bool change = type == u"territory_taken" || type == u"handover" || type == u"surrender" ||
                        type == u"withdrawal";
    const bool siege = type == u"troop_movement";
    if (!change && !siege && event.sentence.isEmpty())
        return out;
    const Reading r(event, sides, event.time.start);
    if (change) {
        changeOf(r, out);
        // "captured Kunduz, the last Taliban stronghold in the north": who held it before.
        if (out.size() == 1 && out.first().kind == ControlObservation::Change && out.first().from < 0) {
            QList<ControlObservation> before;
            holdsIn(r, before);
            if (!before.isEmpty() && before.first().to != out.first().to)
                out.first().from = before.first().to;
        }
        return out;
    }
    else if (siege && r.hasSpans())
        siegeOf(r, out);
    if (out.isEmpty() && r.hasSpans())
        holdsIn(r, out);
    return out;
}

} // namespace mapline
