// tagTimes: a hand-written scanner over word tokens (see timetagger_p.h); the rules it emits are
// resolved by resolveTimeRule (timetagger_rules.cpp), so tagging and re-dating agree by design.
// This file: relative expressions ("since", durations, "a day earlier", "last week") and the
// future-tense test; timetagger_dates.cpp: dates, weekdays, months and years.
#include "extract/timetagger.h"
#include "extract/wordis.h"

#include "extract/timetagger_scanner.h"

namespace mapline {
namespace timetag {

// "the next day", "the following morning", "the day after", "two days later", "a week later",
// "the previous day": days counted from the last day the story named, not from its publication.
std::optional<Match> Scanner::storyRelative(int k)
{
    const auto dayPart = [&](int j) {
        return word(j, Morning) || word(j, Afternoon) || word(j, Evening) || word(j, Night);
    };
    if (word(k, The)) {
        const int j = k + 1;
        const bool next = word(j, Next) || word(j, Following);
        const bool previous = word(j, Previous) || word(j, Preceding);
        if ((next || previous) && ((word(j + 1, Day) && !mT[j + 1].plural) || dayPart(j + 1)) && !word(j + 2, Of))
            return make(k, j + 2, storyRule(next ? 1 : -1), 0.7);
        if (word(j, Day) && !mT[j].plural && word(j + 1, After) && endOrPunct(j + 2))
            return make(k, j + 2, storyRule(1), 0.7);
        return std::nullopt;
    }
    int value = 0;
    const int used = amount(k, &value);
    const int u = k + used;
    if (used == 0 || value < 1 || u >= mN || !word(u + 1, Later))
        return std::nullopt;
    const int days = word(u, Day) ? value : word(u, Week) ? 7 * value : 0;
    if (days == 0 || days > 60)
        return std::nullopt;
    return make(k, u + 2, storyRule(days), 0.65);
}

// "since Sunday", "since Nov. 5", "since last week": a range from that time to the anchor.
// "since 1996" stays a year.
std::optional<Match> Scanner::since(int k)
{
    if (!word(k, Since) || k + 1 >= mN)
        return std::nullopt;
    std::optional<Match> inner = date(k + 1);
    if (!inner)
        inner = calendarRelative(k + 1);
    if (!inner)
        inner = weekday(k + 1);
    if (!inner)
        inner = monthPhrase(k + 1);
    if (!inner)
        return std::nullopt;
    if (inner->rule.isEmpty()) {
        if (inner->absolute.precision == DatePrecision::Year)
            return inner;
        inner->rule = QStringLiteral("day:") + inner->absolute.start.toString(Qt::ISODate);
    }
    if (inner->rule.startsWith(u"since:") || inner->future)
        return std::nullopt;
    Match m = make(k, inner->last, QStringLiteral("since:") + inner->rule, 0.75);
    return m;
}

// "in recent days", "in the past two weeks", "over the past few days", "the previous day",
// "in the coming weeks".
std::optional<Match> Scanner::duration(int k)
{
    int j = k;
    const bool prep = word(j, For) || word(j, Over) || word(j, During) || word(j, In) || word(j, Within) ||
                      word(j, Throughout);
    if (prep)
        ++j;
    const bool the = word(j, The);
    if (the)
        ++j;
    if (j >= mN)
        return std::nullopt;
    const Word q = mT[j].word;
    if (q != Past && q != Last && q != Previous && q != Preceding && q != Next && q != Coming && q != Recent)
        return std::nullopt;
    ++j;
    int value = 0;
    const int used = (q == Recent) ? 0 : amount(j, &value);
    const bool hasAmount = used > 0 && mT[j].word != A;
    j += used;
    if (j >= mN || !isUnit(mT[j].word) || mT[j].word == Weekend)
        return std::nullopt;
    const Word unit = mT[j].word;
    const bool plural = mT[j].plural;
    ++j;
    if (word(j, Of) || punct(j, u'\''))
        return std::nullopt; // "the last week of November", "the past year's harvest"
    if (!prep && !the && q != Recent && !hasAmount)
        return std::nullopt; // "last week", "next month": calendar, handled elsewhere
    if (q == Recent) {
        if (!plural || !(prep || the))
            return std::nullopt;
        return make(k, j, recentUnit(unit), 0.7);
    }
    if (q == Previous || q == Preceding) {
        if (!the)
            return std::nullopt;
        if (!hasAmount && value != -1 && !plural) {
            switch (unit) {
            case Day: return make(k, j, QStringLiteral("offset:-1"), 0.65);
            case Week: return make(k, j, QStringLiteral("week:-1"), 0.65);
            case Month: return make(k, j, QStringLiteral("month:-1"), 0.65);
            case Year: return make(k, j, QStringLiteral("year:-1"), 0.65);
            default: return std::nullopt;
            }
        }
    }
    if (q == Next || q == Coming) {
        if (!plural && !hasAmount)
            return std::nullopt; // "the next day" is relative to the story, not to the publication
        QString rule;
        if (value == -1 || !hasAmount) {
            const QString r = recentUnit(unit);
            rule = wordIs(r, u"recent:days") ? QStringLiteral("next:7")
                 : wordIs(r, u"recent:weeks") ? QStringLiteral("next:21")
                 : wordIs(r, u"recent:months") ? QStringLiteral("next:3m") : QStringLiteral("next:3y");
        } else {
            rule = QStringLiteral("next:") + amountText(unit, value);
        }
        Match m = make(k, j, rule, 0.65);
        m.future = true;
        return m;
    }
    // past / last / previous with an amount, or "the past week"
    if (value == -1 || (plural && !hasAmount))
        return make(k, j, recentUnit(unit), 0.7);
    return make(k, j, QStringLiteral("past:") + amountText(unit, hasAmount ? value : 1), 0.75);
}

// "for more than a week", "for over two months", "for two weeks", "for weeks".
std::optional<Match> Scanner::moreThan(int k)
{
    int j = k;
    const bool forWord = word(j, For);
    if (forWord)
        ++j;
    bool more = false;
    if (word(j, More) && word(j + 1, Than)) {
        more = true;
        j += 2;
    } else if (forWord && (word(j, Over) || word(j, Nearly) || word(j, About))) {
        more = word(j, Over);
        ++j;
    } else if (!forWord) {
        return std::nullopt;
    }
    int value = 0;
    const int used = amount(j, &value);
    j += used;
    if (j >= mN || !isUnit(mT[j].word) || mT[j].word == Weekend)
        return std::nullopt;
    const Word unit = mT[j].word;
    if (used == 0 && !mT[j].plural)
        return std::nullopt;
    ++j;
    if (word(j, Of) && !forWord)
        return std::nullopt; // "more than a week of fighting" is fine with "for"; bare, it is a quantity
    if (used == 0 || value == -1) {
        // "for weeks", "for several days"; "for hours" says nothing about the date.
        if (more || unit == Hour)
            return std::nullopt;
        return make(k, j, recentUnit(unit), 0.55);
    }
    const QString amountRule = amountText(unit, value);
    Match m = make(k, j, (more ? QStringLiteral("morethan:") : QStringLiteral("past:")) + amountRule, more ? 0.6 : 0.5);
    if (!more)
        m.futureRule = QStringLiteral("next:") + amountRule;
    return m;
}

// "today", "yesterday", "a day earlier", "two days ago", "last week", "earlier this month",
// "over the weekend", "last night", "this morning", "overnight".
std::optional<Match> Scanner::calendarRelative(int k)
{
    if (k >= mN)
        return std::nullopt;
    const Word w = mT[k].word;
    auto future = [&](Match m) { m.future = true; return m; };
    switch (w) {
    case Today:
        return make(k, k + 1, QStringLiteral("offset:0"), 0.9);
    case Tonight:
        return make(k, k + 1, QStringLiteral("offset:0"), 0.85);
    case Yesterday: {
        int e = k + 1;
        if (word(e, Morning) || word(e, Afternoon) || word(e, Evening))
            ++e;
        return make(k, e, QStringLiteral("offset:-1"), 0.9);
    }
    case Tomorrow:
        return future(make(k, k + 1, QStringLiteral("offset:1"), 0.85));
    case Overnight:
        return make(k, k + 1, QStringLiteral("past:1"), 0.6);
    default:
        break;
    }
    if ((w == Earlier || w == Later || w == Early || w == Late) && word(k + 1, Today)) {
        Match m = make(k, k + 2, QStringLiteral("offset:0"), 0.85);
        m.future = w == Later;
        return m;
    }
    if (w == Last && word(k + 1, Night))
        return make(k, k + 2, QStringLiteral("offset:-1"), 0.85);
    if (w == This && (word(k + 1, Morning) || word(k + 1, Afternoon) || word(k + 1, Evening)))
        return make(k, k + 2, QStringLiteral("offset:0"), 0.85);
    if (w == The && word(k + 1, Day) && !mT[k + 1].plural) {
        if (word(k + 2, Before) && word(k + 3, Yesterday))
            return make(k, k + 4, QStringLiteral("offset:-2"), 0.85);
        if (word(k + 2, After) && word(k + 3, Tomorrow))
            return future(make(k, k + 4, QStringLiteral("offset:2"), 0.8));
    }
    // "over the weekend", "at the weekend", "this weekend", "last weekend", "next weekend"
    {
        int j = k;
        if (word(j, Over) || word(j, At) || word(j, During))
            ++j;
        if ((word(j, The) || word(j, This)) && word(j + 1, Weekend) && !mT[j + 1].plural) {
            Match m = make(k, j + 2, QStringLiteral("weekend:0"), 0.7);
            m.futureRule = QStringLiteral("weekend:1");
            return m;
        }
        if (j == k && word(j, Last) && word(j + 1, Weekend))
            return make(k, j + 2, QStringLiteral("weekend:-1"), 0.75);
        if (j == k && (word(j, Next) || word(j, Coming)) && word(j + 1, Weekend))
            return future(make(k, j + 2, QStringLiteral("weekend:1"), 0.75));
    }
    // [early|late|earlier|later] (last|this|next) (week|month|year)
    {
        int j = k;
        const Word mod = (w == Early || w == Late || w == Earlier || w == Later) ? w : None;
        if (mod != None)
            ++j;
        if (word(j, Last) || word(j, This) || word(j, Next) || word(j, Coming)) {
            const Word which = mT[j].word;
            const int u = j + 1;
            if (u < mN && !mT[u].plural && (mT[u].word == Week || mT[u].word == Month || mT[u].word == Year) &&
                !word(u + 1, Of)) {
                const Word unit = mT[u].word;
                const QString base = unit == Week ? QStringLiteral("week:") : unit == Month ? QStringLiteral("month:")
                                                                                            : QStringLiteral("year:");
                const double conf = unit == Week ? 0.75 : 0.8;
                if (which == Last)
                    return make(k, u + 1, base + QStringLiteral("-1"), conf);
                if (which == Next || which == Coming)
                    return future(make(k, u + 1, base + QStringLiteral("1"), conf));
                if (mod == Earlier || mod == Early) {
                    const QString todate = unit == Week ? QStringLiteral("weektodate")
                                         : unit == Month ? QStringLiteral("monthtodate") : QStringLiteral("yeartodate");
                    return make(k, u + 1, todate, conf);
                }
                Match m = make(k, u + 1, base + QStringLiteral("0"), conf);
                m.future = mod == Later;
                return m;
            }
        }
    }
    // "a day earlier", "two days ago", "the day before", "a week ago", "three years earlier"
    {
        int j = k;
        int value = 0;
        int used = 0;
        if (w == The && word(k + 1, Day) && !mT[k + 1].plural) {
            value = 1;
            used = 1;
        } else {
            used = amount(j, &value);
        }
        j += used;
        if (used > 0 && j < mN && isUnit(mT[j].word) && mT[j].word != Weekend && mT[j].word != Hour) {
            const Word unit = mT[j].word;
            const int a = j + 1;
            const bool ago = word(a, Ago);
            const bool earlier = word(a, Earlier);
            // "the day before the vote" is relative to the vote, not to the publication.
            const bool before = word(a, Before) && endOrPunct(a + 1);
            // "two weeks after the Taliban abandoned the town", "a day after two helicopters were
            // hit": what the clause tells happened that long before the news (not "after Nov. 9").
            if (word(a, After) && w != The && value > 0 && a + 1 < mN && mT[a + 1].kind == Tok::WordTok &&
                !clauseNamesTime(a + 1)) {
                switch (unit) {
                case Day: {
                    Match m = make(k, a + 1, QStringLiteral("offset:-%1").arg(value), 0.65);
                    m.storyBackDays = value;
                    return m;
                }
                case Week: return make(k, a + 1, QStringLiteral("offset:-%1").arg(7 * value), 0.6);
                case Fortnight: return make(k, a + 1, QStringLiteral("offset:-%1").arg(14 * value), 0.6);
                case Month: return make(k, a + 1, QStringLiteral("month:-%1").arg(value), 0.6);
                case Year: return make(k, a + 1, QStringLiteral("year:-%1").arg(value), 0.6);
                default: break;
                }
            }
            if ((ago || earlier || before) && !(w == The && ago)) {
                if (value == -1)
                    return make(k, a + 1, recentUnit(unit), 0.55);
                const double conf = value == 1 && unit == Day ? 0.8 : 0.7;
                switch (unit) {
                case Day: {
                    Match m = make(k, a + 1, QStringLiteral("offset:-%1").arg(value), conf);
                    m.storyBackDays = earlier || before ? value : 0;
                    return m;
                }
                case Week: return make(k, a + 1, QStringLiteral("offset:-%1").arg(7 * value), 0.6);
                case Fortnight: return make(k, a + 1, QStringLiteral("offset:-%1").arg(14 * value), 0.6);
                case Month: return make(k, a + 1, QStringLiteral("month:-%1").arg(value), 0.65);
                case Year: return make(k, a + 1, QStringLiteral("year:-%1").arg(value), 0.7);
                case Decade: return make(k, a + 1, QStringLiteral("year:-%1").arg(10 * value), 0.5);
                default: break;
                }
            }
        }
    }
    return std::nullopt;
}

// Does the clause around tokens [first, last) look forward? Backwards to the clause start:
// "will", "'ll", "shall", "must", "is expected/scheduled/due/set to", "plans to", "is to",
// "going to", "would" (weaker); a reporting verb or a past auxiliary ("said", "were") first
// means no. A sentence-initial time ("On Saturday, the leaders will meet") looks ahead too.
bool Scanner::futureContext(int first, int last, double *confidence) const
{
    // "set the surrender of the city for Sunday", "scheduled for Friday": the day a plan names.
    const bool forTime = word(first - 1, For);
    for (int i = first - 1, steps = 0; i >= 0 && steps < 12; --i, ++steps) {
        const Tok &t = mT[i];
        if (t.kind == Tok::Punct) {
            if (t.punct == u';' || t.punct == u':' || t.punct == u'(' || t.punct == u')' || t.punct == u'"' ||
                t.punct == 0x201C || t.punct == 0x201D)
                break;
            continue;
        }
        switch (t.word) {
        case Will: case Shall: case Ll: case Must: case Upcoming:
            return true;
        case Would:
            *confidence *= 0.8;
            return true;
        case Going:
            if (word(i + 1, To))
                return true;
            break;
        case Expected: case Scheduled: case Due: case Set:
            // "is expected to", and as reported speech "were expected to meet ... on Saturday".
            if (word(i - 1, Is) || word(i - 1, Be) || word(i - 1, Was) || (forTime && t.word != Expected))
                return true;
            break;
        case Plan:
            if (word(i + 1, To))
                return true;
            break;
        case Is:
            if (word(i + 1, To))
                return true;
            break;
        case Said: case Was:
            // "will be announced in September": a passive after a future auxiliary still looks ahead.
            return (t.word == Said && (word(i - 1, Will) || (word(i - 1, Be) && (word(i - 2, Will) || word(i - 2, Ll)))));
        default:
            break;
        }
    }
    if (first <= 2) {
        for (int i = last; i < mN && i < last + 8; ++i) {
            if (punct(i, u';'))
                break;
            if (word(i, Will) || word(i, Shall) || word(i, Ll))
                return true;
            if (word(i, Said) || word(i, Was))
                break;
        }
    }
    return false;
}

} // namespace timetag

using namespace timetag;

namespace {

// A rule that names one day, which later "the next day" can count from.
bool isDayRule(QStringView rule)
{
    return rule.startsWith(u"offset:") || rule.startsWith(u"weekday:") || rule.startsWith(u"day:") ||
           rule.startsWith(u"shift:") || (rule.startsWith(u"date:") && !rule.contains(u".."));
}

// "story:N" resolved from the story's anchor: shift:N:RULE (folding a shift of a shift into one), else
// from the publication day.
QString resolveStoryRule(QStringView rule, const StoryAnchor *anchor)
{
    int n = rule.sliced(kStoryRule.size()).toInt();
    if (!anchor || anchor->rule.isEmpty())
        return QStringLiteral("offset:%1").arg(n);
    QStringView base = anchor->rule;
    if (base.startsWith(u"shift:")) {
        const QStringView rest = base.sliced(6);
        const qsizetype colon = rest.indexOf(u':');
        n += rest.first(colon).toInt();
        base = rest.sliced(colon + 1);
    }
    return QStringLiteral("shift:%1:").arg(n) + base.toString();
}

} // namespace

QList<TimeMention> tagTimes(QStringView sentence, QDate published, StoryAnchor *anchor, DateOrder order)
{
    QList<TimeMention> out;
    // One list a thread, reused from sentence to sentence (tagTimes is not re-entered).
    thread_local QList<Tok> toks;
    tokenize(sentence, toks);
    Scanner scanner(sentence, toks, published, order);
    const int n = int(toks.size());
    bool anchoredHere = false; // this sentence named a day before the current mention
    for (int k = 0; k < n;) {
        // Cheap pre-filter: every pattern starts at a calendar word, a number or a function word.
        const Tok &t = toks[k];
        if (t.kind == Tok::Punct || (t.kind == Tok::WordTok && t.word == None && !t.weekday && !t.month && t.value < 0)) {
            ++k;
            continue;
        }
        std::optional<Match> m = scanner.at(k);
        if (!m) {
            ++k;
            continue;
        }
        if (!m->futureRule.isEmpty() && scanner.futureContext(m->first, m->last, &m->confidence)) {
            m->rule = m->futureRule;
            m->future = true;
        }
        if (m->rule.isEmpty() && m->absolute.precision == DatePrecision::Year)
            scanner.lastYearEnd = m->last;
        // "The uprising began Nov. 25 ..., a day after the prisoners surrendered at Kunduz": back
        // from the day this sentence named.
        if (m->storyBackDays > 0 && anchor && anchoredHere && isDayRule(anchor->rule) && !anchor->future)
            m->rule = resolveStoryRule(storyRule(-m->storyBackDays), anchor);
        if (m->rule.startsWith(kStoryRule)) {
            const bool anchored = anchor && !anchor->rule.isEmpty();
            m->future = (anchored && anchor->future) || (!anchored && m->rule.sliced(kStoryRule.size()).toInt() > 0);
            if (!anchored)
                m->confidence -= 0.1;
            m->rule = resolveStoryRule(m->rule, anchor);
        }
        if (anchor) {
            if (m->rule.isEmpty() && m->absolute.precision == DatePrecision::Day) {
                *anchor = {QStringLiteral("day:") + m->absolute.start.toString(Qt::ISODate), m->future};
                anchoredHere = true;
            } else if (isDayRule(m->rule)) {
                *anchor = {m->rule, m->future};
                anchoredHere = true;
            }
        }
        TimeMention mention;
        mention.span = {toks[m->first].start, toks[m->last - 1].end};
        mention.text = sentence.sliced(mention.span.start, mention.span.end - mention.span.start).toString();
        mention.rule = m->rule;
        mention.range = m->rule.isEmpty() ? m->absolute : resolveTimeRule(m->rule, published);
        mention.confidence = m->confidence;
        mention.future = m->future;
        out.append(std::move(mention));
        k = m->last;
    }
    return out;
}

} // namespace mapline
