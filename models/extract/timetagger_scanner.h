#pragma once

// The time tagger's scanner: pattern methods over the word tokens of one sentence. Internal to
// timetagger*.cpp; the patterns live in timetagger.cpp (relative expressions) and
// timetagger_dates.cpp (dates, weekdays, months, years).
#include "extract/timetagger.h"
#include "extract/timetagger_p.h"

#include <optional>

namespace mapline::timetag {

// Rule prefix of story-relative matches ("story:1" for "the next day"); tagTimes() rewrites it
// into shift:N:RULE from the story's anchor, or offset:N from the publication day.
inline constexpr QStringView kStoryRule = u"story:";

inline QString storyRule(int days)
{
    return kStoryRule.toString() + QString::number(days);
}

struct Match {
    int first = 0;           // token range [first, last)
    int last = 0;
    QString rule;            // empty: `absolute` holds the time
    QString futureRule;      // the rule to use instead when the clause looks forward
    TimeRange absolute;
    double confidence = 0.0;
    bool future = false;
    // "a day after the prisoners surrendered", "a day earlier": days back from the day the same
    // sentence named before it, when it named one (else from publication, as `rule` says).
    int storyBackDays = 0;
};

inline bool isYearValue(const Tok &t, int from = 1000)
{
    return t.kind == Tok::Number && t.digits == 4 && t.suffix == 0 && t.value >= from && t.value <= 2100;
}

class Scanner {
public:
    Scanner(QStringView s, const QList<Tok> &toks, QDate published = {}, DateOrder order = DateOrder::Unknown)
        : mS(s), mT(toks), mN(int(toks.size())), mPublished(published), mOrder(order)
    {
    }

    std::optional<Match> at(int k)
    {
        if (auto m = storyRelative(k))
            return m;
        if (auto m = since(k))
            return m;
        if (auto m = duration(k))
            return m;
        if (auto m = moreThan(k))
            return m;
        if (auto m = date(k))
            return m;
        if (auto m = calendarRelative(k))
            return m;
        if (auto m = weekday(k))
            return m;
        if (auto m = monthPhrase(k))
            return m;
        if (auto m = year(k))
            return m;
        return std::nullopt;
    }

    bool futureContext(int first, int last, double *confidence) const;
    int lastYearEnd = -1; // token index after the last year mention, for "from 1996 to 2001"

private:
    bool word(int k, Word w) const { return k >= 0 && k < mN && mT[k].word == w; }
    bool punct(int k, char16_t c) const { return k >= 0 && k < mN && mT[k].kind == Tok::Punct && mT[k].punct == c; }
    bool isDash(int k) const { return punct(k, u'-') || punct(k, 0x2013); }
    bool adjacent(int k) const { return k < mN && !mT[k].spaceBefore; }
    bool isMonth(int k) const
    {
        return k >= 0 && k < mN && mT[k].month != 0 && (mT[k].cap || mT[k].kind != Tok::WordTok);
    }
    bool endOrPunct(int k) const { return k >= mN || mT[k].kind == Tok::Punct; }
    // From k to the clause's end (a comma, stop, semicolon or dash), a calendar word or a year:
    // "a month after the Taliban lost Kabul on November 13" counts from that date, not from now.
    bool clauseNamesTime(int k) const
    {
        for (; k < mN; ++k) {
            const Tok &t = mT[k];
            if (t.kind == Tok::Punct && (t.punct == u',' || t.punct == u'.' || t.punct == u';' || t.punct == u'-' ||
                                         t.punct == 0x2013 || t.punct == 0x2014))
                return false;
            if (t.month || t.weekday || t.word == Today || t.word == Yesterday || t.word == Tomorrow || isYearValue(t))
                return true;
        }
        return false;
    }
    // A day of the month: 1-31, one or two digits, optionally "21st".
    bool isDayNumber(int k) const
    {
        return k < mN && mT[k].kind == Tok::Number && mT[k].digits <= 2 && (mT[k].suffix <= 1) && mT[k].value >= 1 &&
               mT[k].value <= 31 && !punct(k + 1, u':') && !(punct(k + 1, u'.') && adjacent(k + 1) && k + 2 < mN &&
                                                             mT[k + 2].kind == Tok::Number && adjacent(k + 2));
    }
    // A year that is not part of a larger number ("1,989" or "2001.5").
    bool isStandaloneYear(int k, int from = 1000) const
    {
        if (k >= mN || !isYearValue(mT[k], from))
            return false;
        if ((punct(k - 1, u',') || punct(k - 1, u'.')) && !mT[k].spaceBefore && k >= 2 && mT[k - 2].kind == Tok::Number)
            return false;
        if ((punct(k + 1, u',') || punct(k + 1, u'.')) && k + 2 < mN && adjacent(k + 1) && adjacent(k + 2) &&
            mT[k + 2].kind == Tok::Number)
            return false;
        return true;
    }
    // An amount before a unit: digits, a number word, "a", "a few", "several", "a couple of".
    // Returns the tokens used (0: none); `value` is -1 for vague amounts.
    int amount(int k, int *value) const
    {
        if (k >= mN)
            return 0;
        const Tok &t = mT[k];
        if (t.kind == Tok::Number && t.suffix == 0 && t.digits <= 3) {
            *value = t.value;
            return 1;
        }
        if (t.kind == Tok::WordTok && t.value > 0) {
            *value = t.value;
            return 1;
        }
        if (t.word == A) {
            if (word(k + 1, Few)) {
                *value = -1;
                return 2;
            }
            if (word(k + 1, Couple) && word(k + 2, Of)) {
                *value = 2;
                return 3;
            }
            *value = 1;
            return 1;
        }
        if (t.word == Few || t.word == Several) {
            *value = -1;
            return 1;
        }
        if (t.word == Couple && word(k + 1, Of)) {
            *value = 2;
            return 2;
        }
        return 0;
    }
    static bool isUnit(Word w) { return w >= Day && w <= Fortnight; }
    // "14", "3m", "2y" for `value` units; empty for units with no length (weekend).
    static QString amountText(Word unit, int value)
    {
        switch (unit) {
        case Day: return QString::number(value);
        case Week: return QString::number(7 * value);
        case Fortnight: return QString::number(14 * value);
        case Month: return QString::number(value) + u'm';
        case Year: return QString::number(value) + u'y';
        case Decade: return QString::number(10 * value) + u'y';
        case Hour: return QString::number(std::max(1, (value + 23) / 24));
        default: return {};
        }
    }
    static QString recentUnit(Word unit)
    {
        switch (unit) {
        case Day: case Hour: return QStringLiteral("recent:days");
        case Week: case Fortnight: return QStringLiteral("recent:weeks");
        case Month: return QStringLiteral("recent:months");
        case Year: case Decade: return QStringLiteral("recent:years");
        default: return {};
        }
    }
    Match make(int first, int last, QString rule, double confidence) const
    {
        Match m;
        m.first = first;
        m.last = last;
        m.rule = std::move(rule);
        m.confidence = confidence;
        return m;
    }
    Match makeAbsolute(int first, int last, TimeRange range, double confidence) const
    {
        Match m = make(first, last, {}, confidence);
        m.absolute = range;
        return m;
    }

    std::optional<Match> storyRelative(int k);
    std::optional<Match> since(int k);
    std::optional<Match> duration(int k);
    std::optional<Match> moreThan(int k);
    std::optional<Match> date(int k);
    std::optional<Match> numericDate(int k);
    std::optional<Match> yearlessNumericDate(int k);
    std::optional<Match> calendarRelative(int k);
    std::optional<Match> weekday(int k);
    std::optional<Match> monthPhrase(int k);
    std::optional<Match> year(int k);

    QStringView mS;
    const QList<Tok> &mT;
    int mN;
    QDate mPublished;
    DateOrder mOrder;
};

} // namespace mapline::timetag
