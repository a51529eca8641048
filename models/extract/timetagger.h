#pragma once

#include "event.h" // Span
#include "timerange.h"

#include <QDate>
#include <QList>
#include <QString>
#include <QStringView>

namespace mapline {

// A time expression found in one sentence.
struct TimeMention {
    Span span;            // [start, end) within the sentence
    QString text;         // as written, e.g. "Wednesday", "a day earlier", "in recent days"
    QString rule;         // how it resolves from the publication date; empty when absolute ("Nov. 21, 2001")
    TimeRange range;      // resolved; invalid when the rule needs a publication date and none is known
    double confidence = 0.0;
    bool future = false;  // the expression refers forward ("will meet on Friday", "next week")
};

// The story's own timeline: the last day an earlier sentence named ("entered Bamiyan on Nov. 25"),
// which "the next day", "the following day", "two days later" and "the previous day" count from.
struct StoryAnchor {
    QString rule;        // that day as a rule ("date:11-25", "weekday:7", "day:2001-11-25"); empty: none yet
    bool future = false; // the day lies ahead ("will meet on Friday"): so does the day after it
};

// How an article writes all-numeric dates whose two numbers could both be the month ("3/4/2002").
enum class DateOrder : quint8 {
    Unknown,    // month first, as American news and the wires write it, with a low confidence
    MonthFirst, // the article's own dates say so ("11/22/2001", "March 12")
    DayFirst,   // British, UN and European style ("22/11/2001", "12 March 2002")
};

// The order `text` shows for its numeric dates, from its own dates: an unambiguous numeric date
// ("22/11/2001" day first, "11/22/2001" month first) counts three, a written one ("12 March"
// against "March 12") one; `bias` adds what is known of the publisher (DayFirst sources: +2).
// Unknown when the evidence is even. Linear in the text; looks only around digits.
DateOrder dateOrderOf(QStringView text, int bias = 0);

// All time expressions in `sentence`, resolved against `published` (null: relative ones stay unresolved).
//
// Resolution follows HeidelTime's news mode: the publication date is the anchor; a weekday is the
// latest such day on or before it (the publication weekday is the publication day itself) unless
// the clause looks forward ("will meet Friday", "is expected to ... on Saturday", "next week"),
// then the first such day on or after it. Year-less dates and months take the year that puts them
// no more than about a month after the anchor. Spans exclude plain "on", "in", "at" before a point
// in time ("Wednesday", "1989") but include words that change the meaning ("in recent days",
// "for more than a week", "since Sunday", "last week", "late Tuesday").
// Linear in the sentence length; no regular expressions.
//
// Numeric dates: "2001-11-22" and "2001/11/22"; "22.11.2001" day first; "11/22/2001" and
// "22/11/2001" by which number can be a month, and when both can ("11/10/2001") by `order`:
// Unknown is month first, as American news and wire copy write them, with a lower confidence
// (0.6 instead of 0.9); a known order 0.8. Either way a reading after `published` gives way to
// one that is not: news does not report days to come in numbers. Without a year ("on 14/1",
// "since 9/3"), after on, since, from or until: a year-less day (rule date:MM-DD); in an
// Unknown order the reading nearer before `published` wins. "9/11" is September 11 in any
// order, "24/7" no date.
//
// Story-relative expressions ("the next day", "the following day", "N days/weeks later", "the
// previous day") count from `anchor` when one is given and set (rule shift:N:RULE), else from the
// publication day (offset:N). `anchor` (optional) is then moved to the last day this sentence
// names, for the sentences after it; tag a story's sentences in order with one anchor.
QList<TimeMention> tagTimes(QStringView sentence, QDate published, StoryAnchor *anchor = nullptr,
                           DateOrder order = DateOrder::Unknown);

// Re-resolves a stored rule against a (new) publication date; invalid range if the rule is unknown
// or the date is null. resolveTimeRule(m.rule, d) == tagTimes(s, d)[i].range for every mention
// with a rule, so an article dated later is re-resolved without re-reading its text.
//
// Rule grammar (A = the anchor, the publication date; days are calendar days):
//   inherit                 A itself, as a day: the article's reporting time (events with no time)
//   offset:N                the day A+N            ("yesterday" offset:-1, "two days ago" offset:-2,
//                                                   "today" offset:0, "tomorrow" offset:1)
//   weekday:D               the latest weekday D (1 Monday .. 7 Sunday) on or before A ("Wednesday")
//   weekday:D:future        the first weekday D on or after A ("will meet on Saturday")
//   weekday:D:last          the latest weekday D strictly before A ("last Tuesday")
//   weekday:D:next          the first weekday D strictly after A ("next Tuesday")
//   week:N                  the ISO week (Monday-Sunday) of A+7N ("last week" week:-1, "this week" week:0)
//   weekend:N               N=0 the latest Saturday-Sunday starting on or before A ("over the weekend");
//                           N=-1 the latest one already over ("last weekend"); N=1 the first one
//                           not yet over ("this weekend" looking forward, "next weekend")
//   weektodate, monthtodate, yeartodate
//                           the range from the start of A's week / month / year to A ("earlier this month")
//   month:N                 the calendar month N months from A's ("last month" month:-1)
//   year:N                  the calendar year A.year+N ("last year" year:-1). Absolute years ("in 1989")
//                           need no rule.
//   monthname:M[:MODE]      month M (1-12) of the year that puts its start no more than 31 days after A
//                           ("in November"); MODE future: the first one not yet over; last: the latest
//                           one over before A's month began ("last November"); next: the first one
//                           starting after A ("next March")
//   date:MM-DD[:future]     a year-less day ("Nov. 21"), year chosen as for monthname
//   date:MM-DD..MM-DD       a year-less range of days ("Nov. 21-23")
//   day:YYYY-MM-DD          an absolute day; used only inside since: ("since Nov. 5, 2001")
//   recent:UNIT             UNIT days|weeks|months|years: [A-7, A], [A-21, A], [A-90, A], [A-3 years, A]
//                           ("in recent days", "over the past few weeks")
//   past:AMOUNT             [A-AMOUNT, A]; AMOUNT is days ("14"), or "3m" months, "2y" years
//                           ("in the past two weeks" past:14, "over the past 24 hours" past:1)
//   next:AMOUNT             [A, A+AMOUNT] ("over the next two weeks")
//   morethan:AMOUNT         [A-1.5*AMOUNT, A] ("for more than a week" morethan:7): began before
//                           A-AMOUNT, taken as up to half as long again
//   since:RULE              [start of RULE, A] ("since Sunday" since:weekday:7)
//   shift:N:RULE            the day N days after the start of RULE ("the next day" after "on Nov. 25":
//                           shift:1:date:11-25; "two days later" after "Sunday": shift:2:weekday:7)
//   upto:RULE               RULE up to A ("shelled the town this month": upto:month:0 is the 1st to A);
//                           invalid when RULE starts after A. Set by the extractor, not the tagger:
//                           nothing that happened runs past its publication.
// Precision: a day rule gives Day; week Week; month and monthname Month; year Year; the rest Range.
TimeRange resolveTimeRule(const QString &rule, QDate published);

} // namespace mapline
