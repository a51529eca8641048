// The time tagger's patterns for calendar points: dates, weekdays, months and years.
#include "extract/timetagger_scanner.h"

#include <climits>

namespace mapline::timetag {

// "Nov. 21", "November 21, 2001", "Nov. 21-23", "21 November 2001", "22nd of November",
// "Wednesday, Nov. 21", "2001-11-21", "November 2001".
std::optional<Match> Scanner::date(int k)
{
    int j = k;
    // ISO 8601 (also the date part of "2001-11-21T14:37:00Z") and 2001/11/21.
    if (j + 4 < mN && isYearValue(mT[j], 1900) && (punct(j + 1, u'-') || punct(j + 1, u'/')) &&
        punct(j + 3, mT[j + 1].punct) && mT[j + 2].kind == Tok::Number && mT[j + 2].digits <= 2 &&
        mT[j + 4].kind == Tok::Number && mT[j + 4].digits <= 2 && adjacent(j + 1) && adjacent(j + 2) &&
        adjacent(j + 3) && adjacent(j + 4)) {
        const QDate d(mT[j].value, mT[j + 2].value, mT[j + 4].value);
        if (d.isValid())
            return makeAbsolute(k, j + 5, TimeRange::day(d), 0.95);
    }
    if (auto m = numericDate(k))
        return m;
    if (auto m = yearlessNumericDate(k))
        return m;
    bool hasWeekday = false;
    if (j < mN && mT[j].weekday && mT[j].cap) {
        // "Wednesday, Nov. 21": the date carries the meaning, the weekday only confirms it.
        int d = j + 1;
        if (punct(d, u','))
            ++d;
        if (d < mN && (isMonth(d) || isDayNumber(d))) {
            j = d;
            hasWeekday = true;
        }
    }
    int month = 0, day = 0, dayEnd = 0, yearValue = 0;
    int end = j;
    if (isMonth(j)) {
        month = mT[j].month;
        const bool ambiguous = !mT[j].monthAbbrev && (month == 5 || month == 3); // "may", "march"
        end = j + 1;
        if (punct(end, u'.') && mT[j].monthAbbrev)
            ++end;
        if (isDayNumber(end)) {
            day = mT[end].value;
            ++end;
            if (isDash(end) && adjacent(end) && isDayNumber(end + 1) && adjacent(end + 1) && mT[end + 1].value > day) {
                dayEnd = mT[end + 1].value;
                end += 2;
            }
            int y = end;
            if (punct(y, u','))
                ++y;
            if (isStandaloneYear(y)) {
                yearValue = mT[y].value;
                end = y + 1;
            }
        } else {
            int y = end;
            if (punct(y, u','))
                ++y;
            if (!isStandaloneYear(y) || (ambiguous && !mT[j].cap))
                return std::nullopt;
            const int first = hasWeekday ? k : j;
            return makeAbsolute(first, y + 1, TimeRange::month(mT[y].value, month), 0.9);
        }
        if (ambiguous && !mT[j].cap)
            return std::nullopt;
    } else if (isDayNumber(j)) {
        day = mT[j].value;
        end = j + 1;
        if (isDash(end) && adjacent(end) && isDayNumber(end + 1) && adjacent(end + 1) && mT[end + 1].value > day) {
            dayEnd = mT[end + 1].value;
            end += 2;
        }
        if (word(end, Of))
            ++end;
        if (!isMonth(end) || !mT[end].cap)
            return std::nullopt;
        month = mT[end].month;
        ++end;
        if (punct(end, u'.') && mT[end - 1].monthAbbrev)
            ++end;
        int y = end;
        if (punct(y, u','))
            ++y;
        if (isStandaloneYear(y)) {
            yearValue = mT[y].value;
            end = y + 1;
        }
    } else {
        return std::nullopt;
    }
    // A day that no year has (Feb. 30) is not a date; 2000 was a leap year.
    if (!QDate(yearValue ? yearValue : 2000, month, day).isValid() ||
        (dayEnd && !QDate(yearValue ? yearValue : 2000, month, dayEnd).isValid()))
        return std::nullopt;
    if (yearValue) {
        const QDate start(yearValue, month, day);
        const TimeRange r = dayEnd ? TimeRange::range(start, QDate(yearValue, month, dayEnd)) : TimeRange::day(start);
        return makeAbsolute(k, end, r, 0.95);
    }
    auto md = [](int m, int d) {
        return QStringLiteral("%1-%2").arg(m, 2, 10, QLatin1Char('0')).arg(d, 2, 10, QLatin1Char('0'));
    };
    QString rule = QStringLiteral("date:") + md(month, day);
    if (dayEnd)
        rule += QStringLiteral("..") + md(month, dayEnd);
    Match m = make(k, end, rule, 0.9);
    if (!dayEnd)
        m.futureRule = rule + QStringLiteral(":future");
    return m;
}

// "11/22/2001", "22/11/2001", "22.11.2001", "11/22/01": see tagTimes() for the order rules.
std::optional<Match> Scanner::numericDate(int k)
{
    const auto number = [&](int j, int maxDigits) {
        return j < mN && mT[j].kind == Tok::Number && mT[j].suffix == 0 && mT[j].digits <= maxDigits;
    };
    if (!number(k, 2) || k + 4 >= mN || !(punct(k + 1, u'/') || punct(k + 1, u'.')) || !punct(k + 3, mT[k + 1].punct) ||
        !number(k + 2, 2) || !adjacent(k + 1) || !adjacent(k + 2) || !adjacent(k + 3) || !adjacent(k + 4))
        return std::nullopt;
    const Tok &y = mT[k + 4];
    if (y.kind != Tok::Number || y.suffix != 0 || (y.digits != 4 && y.digits != 2))
        return std::nullopt;
    // Part of something longer ("1/2/2001/3", "10.11.2001.5"): not a date.
    if ((punct(k + 5, u'/') || punct(k + 5, u'.') || punct(k + 5, u'-')) && adjacent(k + 5) && k + 6 < mN &&
        mT[k + 6].kind == Tok::Number && adjacent(k + 6))
        return std::nullopt;
    const int year = y.digits == 4 ? y.value : (y.value >= 50 ? 1900 + y.value : 2000 + y.value);
    const int a = mT[k].value;
    const int b = mT[k + 2].value;
    int month = a, day = b;
    double confidence = 0.9;
    if (mT[k + 1].punct == u'.') {
        month = b; // dotted dates are European: day first
        day = a;
    } else if (a > 12) {
        month = b;
        day = a;
    } else if (b <= 12 && a != b) {
        // "11/10/2001": the article's order when known; else month first, as American news
        // writes it, but unsure. A reading after publication gives way to the other.
        if (mOrder == DateOrder::DayFirst)
            std::swap(month, day);
        confidence = mOrder == DateOrder::Unknown ? 0.6 : 0.8;
        const QDate chosen(year, month, day);
        if (mPublished.isValid() && chosen.isValid() && chosen > mPublished && QDate(year, day, month) <= mPublished) {
            std::swap(month, day);
            confidence = 0.6;
        }
    }
    const QDate d(year, month, day);
    if (!d.isValid() || year < 1900 || year > 2100)
        return std::nullopt;
    return makeAbsolute(k, k + 5, TimeRange::day(d), confidence);
}

// "on 14/1", "since 9/3": a day and month without a year, after on, since, from or until.
std::optional<Match> Scanner::yearlessNumericDate(int k)
{
    const auto number = [&](int j) {
        return j < mN && mT[j].kind == Tok::Number && mT[j].suffix == 0 && mT[j].digits <= 2 && mT[j].value >= 1;
    };
    if (!number(k) || !punct(k + 1, u'/') || !(word(k - 1, On) || word(k - 1, Since) || word(k - 1, From) || word(k - 1, Until)) ||
        !number(k + 2) || !adjacent(k + 1) || !adjacent(k + 2) || word(k + 3, Of))
        return std::nullopt; // "on 3/4 of the land" is a share
    // Part of something longer ("1/2/3", "3/4-5", "9/3.5"): not this.
    if (k + 3 < mN && adjacent(k + 3) && (mT[k + 3].kind != Tok::Punct || mT[k + 3].punct == u'/' ||
                                          ((mT[k + 3].punct == u'-' || mT[k + 3].punct == u'.') && k + 4 < mN &&
                                           mT[k + 4].kind == Tok::Number && adjacent(k + 4))))
        return std::nullopt;
    const int a = mT[k].value;
    const int b = mT[k + 2].value;
    if (a == 24 && b == 7)
        return std::nullopt; // "on 24/7 alert": round the clock
    auto valid = [](int month, int day) { return month <= 12 && QDate(2000, month, day).isValid(); };
    auto rule = [](int month, int day) {
        return QStringLiteral("date:%1-%2").arg(month, 2, 10, QLatin1Char('0')).arg(day, 2, 10, QLatin1Char('0'));
    };
    int month = a, day = b;
    double confidence = 0.8;
    if (a == 9 && b == 11) {
        // "9/11" names September 11 whichever order the writer uses.
    } else if (!valid(a, b) || (mOrder == DateOrder::DayFirst && valid(b, a))) {
        std::swap(month, day);
    } else if (mOrder == DateOrder::Unknown && valid(b, a) && a != b) {
        confidence = 0.6;
        // Year-less dates in news are recent: the reading nearer before publication.
        if (mPublished.isValid()) {
            const TimeRange first = resolveTimeRule(rule(a, b), mPublished);
            const TimeRange second = resolveTimeRule(rule(b, a), mPublished);
            const auto distance = [&](const TimeRange &r) {
                return r.start > mPublished ? INT_MAX : int(r.start.daysTo(mPublished));
            };
            if (distance(second) < distance(first))
                std::swap(month, day);
        }
    }
    if (!valid(month, day))
        return std::nullopt;
    Match m = make(k, k + 3, rule(month, day), confidence);
    m.futureRule = m.rule + QStringLiteral(":future");
    return m;
}

// "Wednesday", "late Tuesday", "Thursday night", "last Tuesday", "next Friday".
std::optional<Match> Scanner::weekday(int k)
{
    int j = k;
    Word which = None;
    if (word(j, Last) || word(j, Next) || word(j, This) || word(j, Coming)) {
        which = mT[j].word;
        ++j;
    }
    if (word(j, Early) || word(j, Late))
        ++j;
    if (j >= mN || !mT[j].weekday || !mT[j].cap)
        return std::nullopt;
    // "the Sunday Times", "the Friday Mosque": a name, not a day.
    if (j == k && word(k - 1, The) && j + 1 < mN && mT[j + 1].kind == Tok::WordTok && mT[j + 1].cap &&
        !mT[j + 1].month)
        return std::nullopt;
    const int d = mT[j].weekday;
    int e = j + 1;
    if (word(e, Morning) || word(e, Afternoon) || word(e, Evening) || word(e, Night))
        ++e;
    const QString base = QStringLiteral("weekday:%1").arg(d);
    if (which == Last)
        return make(k, e, base + QStringLiteral(":last"), 0.8);
    if (which == Next || which == Coming) {
        Match m = make(k, e, base + QStringLiteral(":next"), 0.75);
        m.future = true;
        return m;
    }
    Match m = make(k, e, base, 0.85);
    m.futureRule = base + QStringLiteral(":future");
    return m;
}

// "in November", "last November", "early December", "mid-October", "November 2001" (with a
// modifier). Bare month names need a capital and, for May and March, a preposition.
std::optional<Match> Scanner::monthPhrase(int k)
{
    int j = k;
    Word which = None;
    if (word(j, Last) || word(j, Next) || word(j, This)) {
        which = mT[j].word;
        ++j;
    }
    bool modified = false;
    if (word(j, Early) || word(j, Late) || word(j, Mid)) {
        modified = true;
        ++j;
        if (punct(j, u'-'))
            ++j;
    }
    if (!isMonth(j))
        return std::nullopt;
    const Tok &m = mT[j];
    const int prev = k - 1;
    const bool prep = word(prev, In) || word(prev, Since) || word(prev, During) || word(prev, Until) ||
                      word(prev, By) || word(prev, Through) || word(prev, From) || word(prev, Of) ||
                      word(prev, Before) || word(prev, After) || word(prev, Throughout) || word(prev, To) ||
                      word(prev, Between) || word(prev, And);
    const bool ambiguous = m.month == 5 || m.month == 3;
    if (which == None && !modified && !prep && (ambiguous || m.monthAbbrev))
        return std::nullopt;
    if (ambiguous && !m.cap)
        return std::nullopt;
    int e = j + 1;
    if (m.monthAbbrev && punct(e, u'.'))
        ++e;
    int y = e;
    if (punct(y, u','))
        ++y;
    if (isStandaloneYear(y))
        return makeAbsolute(k, y + 1, TimeRange::month(mT[y].value, m.month), 0.9);
    if (which == This || which == None) {
        Match r = make(k, e, QStringLiteral("monthname:%1").arg(m.month),
                       which == This || prep || modified ? 0.8 : 0.5);
        r.futureRule = r.rule + QStringLiteral(":future");
        return r;
    }
    Match r = make(k, e, QStringLiteral("monthname:%1:%2").arg(m.month).arg(which == Last ? u"last" : u"next"), 0.8);
    r.future = which == Next;
    return r;
}

// "in 1989", "since 1996", "the 1989 regime", "from 1996 to 2001", "the 1990s", "mid-1990s".
std::optional<Match> Scanner::year(int k)
{
    int j = k;
    if (word(j, Early) || word(j, Late) || word(j, Mid)) {
        ++j;
        if (punct(j, u'-'))
            ++j;
    }
    if (j >= mN || mT[j].kind != Tok::Number || mT[j].digits != 4 || mT[j].value < 1000 || mT[j].value > 2100)
        return std::nullopt;
    const Tok &t = mT[j];
    if (t.suffix == 2 && t.value % 10 == 0) {
        const TimeRange decade{QDate(t.value, 1, 1), QDate(t.value + 9, 12, 31), DatePrecision::Year};
        return makeAbsolute(k, j + 1, decade, 0.75);
    }
    if (t.suffix != 0 || !isStandaloneYear(j))
        return std::nullopt;
    const int prev = k - 1;
    const bool prep = word(prev, In) || word(prev, Since) || word(prev, Until) || word(prev, By) ||
                      word(prev, From) || word(prev, During) || word(prev, Before) || word(prev, After) ||
                      word(prev, Of) || word(prev, Through) || word(prev, Between) || word(prev, Throughout) ||
                      word(prev, About) || j > k;
    // "from 1996 to 2001", "between 1996 and 2001", "1996-2001"
    const bool second = (word(prev, To) || word(prev, And) || isDash(prev)) && lastYearEnd == prev;
    double conf = 0.9;
    if (!prep && !second) {
        // "the 1989 regime", "its 1996 takeover"; not "the 2000 troops"
        const bool determiner = prev >= 0 && mT[prev].kind == Tok::WordTok &&
                                (mT[prev].word == The || QStringView(mS).sliced(mT[prev].start, mT[prev].end - mT[prev].start)
                                                             .compare(u"its", Qt::CaseInsensitive) == 0);
        const bool nounAfter = j + 1 < mN && mT[j + 1].kind == Tok::WordTok &&
                               (mT[j + 1].cap || !mS.sliced(mT[j + 1].start, mT[j + 1].end - mT[j + 1].start).endsWith(u's'));
        if (!(determiner && nounAfter && t.value >= 1900))
            return std::nullopt;
        conf = 0.6;
    }
    return makeAbsolute(k, j + 1, TimeRange::year(t.value), conf);
}

} // namespace mapline::timetag

namespace mapline {

namespace {

bool isDigitAt(QStringView s, qsizetype i)
{
    return i >= 0 && i < s.size() && s[i].unicode() >= u'0' && s[i].unicode() <= u'9';
}

bool isWordCharAt(QStringView s, qsizetype i)
{
    return i >= 0 && i < s.size() && (s[i].isLetterOrNumber() || s[i] == u'/' || s[i] == u'_');
}

// The number of one or two digits at [i, *end), or -1; `first`: not part of a word, a larger
// number or a path ("/12/06/") either.
int smallNumberAt(QStringView s, qsizetype i, qsizetype *end, bool first = true)
{
    if (!isDigitAt(s, i) || (first && isWordCharAt(s, i - 1)))
        return -1;
    qsizetype j = i;
    int v = 0;
    while (isDigitAt(s, j) && j - i < 3)
        v = v * 10 + (s[j++].unicode() - u'0');
    if (j - i > 2 || isDigitAt(s, j))
        return -1;
    *end = j;
    return v;
}

// The month word [i, *end) starting at i ("March", "Nov."), or 0.
int monthWordAt(QStringView s, qsizetype i, qsizetype *end)
{
    qsizetype j = i;
    while (j < s.size() && s[j].isLetter() && j - i < 10)
        ++j;
    if (j == i || !s[i].isUpper() || (j < s.size() && s[j].isLetter()))
        return 0;
    *end = j;
    return timetag::monthOfWord(s.sliced(i, j - i));
}

// The weight of the date starting at digit i for dateOrderOf(): positive day first, 0 none.
int evidenceAt(QStringView s, qsizetype i)
{
    qsizetype end = 0;
    const int a = smallNumberAt(s, i, &end);
    if (a < 1 || a > 31)
        return 0;
    // "22/11/2001" day first, "11/22/2001" month first (a year or an end after the second number).
    if (end < s.size() && s[end] == u'/') {
        qsizetype end2 = 0;
        const int b = smallNumberAt(s, end + 1, &end2, false);
        if (b < 1 || b > 31 || (end2 < s.size() && s[end2].isLetter()))
            return 0;
        if (a > 12 && b <= 12)
            return 3;
        if (b > 12 && a <= 12)
            return -3;
        return 0;
    }
    // "12 March" day first: an ordinal suffix may stand between ("12th March").
    qsizetype j = end;
    if (j + 1 < s.size() && s[j].isLetter() && s[j + 1].isLetter() && !(j + 2 < s.size() && s[j + 2].isLetter()))
        j += 2;
    if (j + 1 < s.size() && s[j] == u' ') {
        qsizetype mEnd = 0;
        if (monthWordAt(s, j + 1, &mEnd))
            return 1;
    }
    // "March 12", "Nov. 12": month first.
    qsizetype b = i - 1;
    if (b >= 1 && s[b] == u' ') {
        qsizetype w = b;
        if (s[w - 1] == u'.')
            --w;
        qsizetype start = w;
        while (start > 0 && s[start - 1].isLetter())
            --start;
        qsizetype mEnd = 0;
        if (start < w && (start == 0 || !s[start - 1].isLetterOrNumber()) && monthWordAt(s, start, &mEnd) && mEnd == w)
            return -1;
    }
    return 0;
}

} // namespace

DateOrder dateOrderOf(QStringView text, int bias)
{
    int score = bias;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (!isDigitAt(text, i) || isDigitAt(text, i - 1))
            continue;
        score += evidenceAt(text, i);
    }
    return score > 0 ? DateOrder::DayFirst : score < 0 ? DateOrder::MonthFirst : DateOrder::Unknown;
}

} // namespace mapline
