// The time tagger: one row per expression, resolved against Thursday 2001-11-22 as HeidelTime's
// news mode would; unresolved without a publication date; rules that re-resolve the same way.
#include "extract/timetagger.h"

#include <QtTest>

using namespace mapline;

namespace {

const QDate kPublished(2001, 11, 22); // a Thursday

QString describe(const QList<TimeMention> &mentions)
{
    QStringList parts;
    for (const TimeMention &m : mentions)
        parts << QStringLiteral("\"%1\" [%2,%3) rule=%4 %5..%6 %7%8")
                     .arg(m.text).arg(m.span.start).arg(m.span.end).arg(m.rule)
                     .arg(m.range.start.toString(Qt::ISODate), m.range.end.toString(Qt::ISODate),
                          toString(m.range.precision), m.future ? QStringLiteral(" future") : QString());
    return parts.join(QStringLiteral("; "));
}

// The mention whose text is `text`, or null.
const TimeMention *find(const QList<TimeMention> &mentions, const QString &text)
{
    for (const TimeMention &m : mentions) {
        if (m.text == text)
            return &m;
    }
    return nullptr;
}

} // namespace

class TestTimeTagger : public QObject {
    Q_OBJECT

private slots:
    void expressions_data();
    void expressions();
    void notTimes_data();
    void notTimes();
    void otherPublicationDates_data();
    void otherPublicationDates();
    void unresolvedWithoutDate_data();
    void unresolvedWithoutDate();
    void rules_data();
    void rules();
    void unknownRules_data();
    void unknownRules();
    void numericDates_data();
    void numericDates();
    void orderedNumericDates_data();
    void orderedNumericDates();
    void articleDateOrder_data();
    void articleDateOrder();
    void storyRelative_data();
    void storyRelative();
    void spansAreExact();
    void hugeSentence();
};

void TestTimeTagger::expressions_data()
{
    QTest::addColumn<QString>("sentence");
    QTest::addColumn<QString>("text");   // the mention as written
    QTest::addColumn<QDate>("start");
    QTest::addColumn<QDate>("end");
    QTest::addColumn<QString>("precision");
    QTest::addColumn<bool>("future");
    QTest::addColumn<bool>("relative"); // has a rule

    auto row = [](const char *name, const QString &sentence, const QString &text, QDate start, QDate end,
                  const char *precision, bool future = false, bool relative = true) {
        QTest::newRow(name) << sentence << text << start << end << QString::fromLatin1(precision) << future << relative;
    };
    const QDate d21(2001, 11, 21), d22(2001, 11, 22);
    // weekdays, HeidelTime news mode
    row("Wednesday", QStringLiteral("In talks Wednesday, Faizel said the fighters would stop."), QStringLiteral("Wednesday"), d21, d21, "day");
    row("on Wednesday", QStringLiteral("The Taliban agreed on Wednesday to stop fighting."), QStringLiteral("Wednesday"), d21, d21, "day");
    row("Thursday is the publication day", QStringLiteral("Leaders ended a second round of talks here Thursday."), QStringLiteral("Thursday"), d22, d22, "day");
    row("Wednesday's agreement", QStringLiteral("They were to discuss the details of Wednesday's agreement."), QStringLiteral("Wednesday"), d21, d21, "day");
    row("Thursday's talks", QStringLiteral("There was no word on whether any agreement was reached in Thursday's talks."), QStringLiteral("Thursday"), d22, d22, "day");
    row("late Tuesday", QStringLiteral("The convoy was attacked late Tuesday near the border."), QStringLiteral("late Tuesday"), QDate(2001, 11, 20), QDate(2001, 11, 20), "day");
    row("Friday is last week's", QStringLiteral("Jets bombed the city on Friday."), QStringLiteral("Friday"), QDate(2001, 11, 16), QDate(2001, 11, 16), "day");
    row("Sunday night", QStringLiteral("Fighting broke out Sunday night."), QStringLiteral("Sunday night"), QDate(2001, 11, 18), QDate(2001, 11, 18), "day");
    row("last Tuesday", QStringLiteral("He arrived last Tuesday."), QStringLiteral("last Tuesday"), QDate(2001, 11, 20), QDate(2001, 11, 20), "day");
    row("last Thursday is a week ago", QStringLiteral("He arrived last Thursday."), QStringLiteral("last Thursday"), QDate(2001, 11, 15), QDate(2001, 11, 15), "day");
    row("will meet on Saturday", QStringLiteral("The two sides will meet on Saturday in Bonn."), QStringLiteral("Saturday"), QDate(2001, 11, 24), QDate(2001, 11, 24), "day", true);
    row("is expected to on Saturday", QStringLiteral("The envoy is expected to arrive in Kabul on Saturday."), QStringLiteral("Saturday"), QDate(2001, 11, 24), QDate(2001, 11, 24), "day", true);
    row("will meet Friday", QStringLiteral("Tribal elders will meet Friday to choose a council."), QStringLiteral("Friday"), QDate(2001, 11, 23), QDate(2001, 11, 23), "day", true);
    row("plans to on Monday", QStringLiteral("The U.N. plans to reopen its office on Monday."), QStringLiteral("Monday"), QDate(2001, 11, 26), QDate(2001, 11, 26), "day", true);
    row("next Tuesday", QStringLiteral("Talks resume next Tuesday."), QStringLiteral("next Tuesday"), QDate(2001, 11, 27), QDate(2001, 11, 27), "day", true);
    row("sentence-initial future", QStringLiteral("On Saturday, the leaders will sign the accord."), QStringLiteral("Saturday"), QDate(2001, 11, 24), QDate(2001, 11, 24), "day", true);
    row("said before future verb", QStringLiteral("Officials said Tuesday that talks will continue."), QStringLiteral("Tuesday"), QDate(2001, 11, 20), QDate(2001, 11, 20), "day");
    // days relative to the publication
    row("a day earlier", QStringLiteral("The talks followed discussions a day earlier in which the Taliban agreed."), QStringLiteral("a day earlier"), d21, d21, "day");
    row("the day before", QStringLiteral("Two rockets had hit the base the day before."), QStringLiteral("the day before"), d21, d21, "day");
    row("the previous day", QStringLiteral("Fighting had stopped the previous day."), QStringLiteral("the previous day"), d21, d21, "day");
    row("yesterday", QStringLiteral("Bombers struck yesterday."), QStringLiteral("yesterday"), d21, d21, "day");
    row("today", QStringLiteral("The refugees crossed today."), QStringLiteral("today"), d22, d22, "day");
    row("tonight", QStringLiteral("More raids are feared tonight."), QStringLiteral("tonight"), d22, d22, "day");
    row("this morning", QStringLiteral("The minister arrived this morning."), QStringLiteral("this morning"), d22, d22, "day");
    row("last night", QStringLiteral("Explosions shook the city last night."), QStringLiteral("last night"), d21, d21, "day");
    row("two days ago", QStringLiteral("The town fell two days ago."), QStringLiteral("two days ago"), QDate(2001, 11, 20), QDate(2001, 11, 20), "day");
    row("3 days earlier", QStringLiteral("A similar raid took place 3 days earlier."), QStringLiteral("3 days earlier"), QDate(2001, 11, 19), QDate(2001, 11, 19), "day");
    row("the day before yesterday", QStringLiteral("They left the day before yesterday."), QStringLiteral("the day before yesterday"), QDate(2001, 11, 20), QDate(2001, 11, 20), "day");
    row("tomorrow", QStringLiteral("Voting begins tomorrow."), QStringLiteral("tomorrow"), QDate(2001, 11, 23), QDate(2001, 11, 23), "day", true);
    // weeks, months, years relative to the publication
    row("last week", QStringLiteral("The city fell last week."), QStringLiteral("last week"), QDate(2001, 11, 12), QDate(2001, 11, 18), "week");
    row("this week", QStringLiteral("Aid flights resumed this week."), QStringLiteral("this week"), QDate(2001, 11, 19), QDate(2001, 11, 25), "week");
    row("next week", QStringLiteral("The conference opens next week."), QStringLiteral("next week"), QDate(2001, 11, 26), QDate(2001, 12, 2), "week", true);
    row("last month", QStringLiteral("The bombing began last month."), QStringLiteral("last month"), QDate(2001, 10, 1), QDate(2001, 10, 31), "month");
    row("earlier this month", QStringLiteral("The alliance took Mazar-e Sharif earlier this month."), QStringLiteral("earlier this month"), QDate(2001, 11, 1), d22, "range");
    row("last year", QStringLiteral("Drought struck the region last year."), QStringLiteral("last year"), QDate(2000, 1, 1), QDate(2000, 12, 31), "year");
    row("over the weekend", QStringLiteral("Several villages were bombed over the weekend."), QStringLiteral("over the weekend"), QDate(2001, 11, 17), QDate(2001, 11, 18), "range");
    // ranges ending at the publication
    row("in recent days", QStringLiteral("The city has been the scene of heavy fighting in recent days."), QStringLiteral("in recent days"), QDate(2001, 11, 15), d22, "range");
    row("in recent weeks", QStringLiteral("The United States intensified its air campaign in recent weeks."), QStringLiteral("in recent weeks"), QDate(2001, 11, 1), d22, "range");
    row("in the past two weeks", QStringLiteral("The Taliban retreated after the fall of Kabul in the past two weeks."), QStringLiteral("in the past two weeks"), QDate(2001, 11, 8), d22, "range");
    row("over the past few days", QStringLiteral("Hundreds fled over the past few days."), QStringLiteral("over the past few days"), QDate(2001, 11, 15), d22, "range");
    row("for more than a week", QStringLiteral("For more than a week, the Northern Alliance has alleged killings."), QStringLiteral("For more than a week"), QDate(2001, 11, 11), d22, "range");
    row("in the past 24 hours", QStringLiteral("Ten strikes were reported in the past 24 hours."), QStringLiteral("in the past 24 hours"), d21, d22, "range");
    row("since Sunday", QStringLiteral("The road has been closed since Sunday."), QStringLiteral("since Sunday"), QDate(2001, 11, 18), d22, "range");
    row("since a date later in the year is last year's", QStringLiteral("The road has been closed since Dec. 7."), QStringLiteral("since Dec. 7"), QDate(2000, 12, 7), d22, "range");
    row("passive after will", QStringLiteral("Results will be announced in December."), QStringLiteral("December"), QDate(2001, 12, 1), QDate(2001, 12, 31), "month", true);
    row("since Nov. 5", QStringLiteral("The road has been closed since Nov. 5."), QStringLiteral("since Nov. 5"), QDate(2001, 11, 5), d22, "range");
    // explicit dates
    row("Nov. 21", QStringLiteral("The statement was issued Nov. 21 in Islamabad."), QStringLiteral("Nov. 21"), d21, d21, "day");
    row("November 21, 2001", QStringLiteral("Signed on November 21, 2001, the accord held."), QStringLiteral("November 21, 2001"), d21, d21, "day", false, false);
    row("21 November 2001", QStringLiteral("The BBC reported on 21 November 2001 that the city fell."), QStringLiteral("21 November 2001"), d21, d21, "day", false, false);
    row("ISO date", QStringLiteral("Posted 2001-11-21 by the agency."), QStringLiteral("2001-11-21"), d21, d21, "day", false, false);
    row("Nov. 21-23", QStringLiteral("The conference runs Nov. 21-23 in Bonn."), QStringLiteral("Nov. 21-23"), d21, QDate(2001, 11, 23), "range");
    row("Sept. 11", QStringLiteral("Since the Sept. 11 attacks the city has emptied."), QStringLiteral("Sept. 11"), QDate(2001, 9, 11), QDate(2001, 9, 11), "day");
    row("weekday and date", QStringLiteral("On Wednesday, Nov. 21, the talks ended."), QStringLiteral("Wednesday, Nov. 21"), d21, d21, "day");
    row("22nd of November", QStringLiteral("It happened on the 22nd of November."), QStringLiteral("22nd of November"), d22, d22, "day");
    row("Dec. 24 is over a month ahead: last year's", QStringLiteral("The offensive began Dec. 24."), QStringLiteral("Dec. 24"), QDate(2000, 12, 24), QDate(2000, 12, 24), "day");
    row("Dec. 20 is within a month: this year's", QStringLiteral("The offensive began Dec. 20."), QStringLiteral("Dec. 20"), QDate(2001, 12, 20), QDate(2001, 12, 20), "day");
    row("March is this year's", QStringLiteral("The statues were destroyed in March."), QStringLiteral("March"), QDate(2001, 3, 1), QDate(2001, 3, 31), "month");
    // months and years
    row("in November", QStringLiteral("Heavy snow fell in November."), QStringLiteral("November"), QDate(2001, 11, 1), QDate(2001, 11, 30), "month");
    row("last November", QStringLiteral("The envoy visited last November."), QStringLiteral("last November"), QDate(2000, 11, 1), QDate(2000, 11, 30), "month");
    row("November 2001", QStringLiteral("Casualty counts for November 2001 are disputed."), QStringLiteral("November 2001"), QDate(2001, 11, 1), QDate(2001, 11, 30), "month", false, false);
    row("in 1989", QStringLiteral("The movement began after the fall of the regime in 1989."), QStringLiteral("1989"), QDate(1989, 1, 1), QDate(1989, 12, 31), "year", false, false);
    row("since 1996", QStringLiteral("The Taliban have ruled Kabul since 1996."), QStringLiteral("1996"), QDate(1996, 1, 1), QDate(1996, 12, 31), "year", false, false);
    row("the 1989 regime", QStringLiteral("Remnants of the 1989 regime fled."), QStringLiteral("1989"), QDate(1989, 1, 1), QDate(1989, 12, 31), "year", false, false);
    row("the 1990s", QStringLiteral("The civil war of the 1990s destroyed Kabul."), QStringLiteral("1990s"), QDate(1990, 1, 1), QDate(1999, 12, 31), "year", false, false);
    // "N units after <a clause>": the clause's happening, counted back from the publication
    row("a day after a clause", QStringLiteral("Troops pressed on, a day after two helicopters were hit."), QStringLiteral("a day after"), d21, d21, "day");
    row("two weeks after a clause", QStringLiteral("Fighters patrolled the town, two weeks after the Taliban abandoned it."), QStringLiteral("two weeks after"), QDate(2001, 11, 8), QDate(2001, 11, 8), "day");
    row("five months after a clause", QStringLiteral("Five months after the Taliban left, the city is calm."), QStringLiteral("Five months after"), QDate(2001, 6, 1), QDate(2001, 6, 30), "month");
}

void TestTimeTagger::expressions()
{
    QFETCH(QString, sentence);
    QFETCH(QString, text);
    QFETCH(QDate, start);
    QFETCH(QDate, end);
    QFETCH(QString, precision);
    QFETCH(bool, future);
    QFETCH(bool, relative);
    const QList<TimeMention> mentions = tagTimes(sentence, kPublished);
    const TimeMention *m = find(mentions, text);
    QVERIFY2(m, qPrintable(QStringLiteral("\"%1\" not found in: %2").arg(text, describe(mentions))));
    QCOMPARE(m->range.start, start);
    QCOMPARE(m->range.end, end);
    QCOMPARE(toString(m->range.precision), precision);
    QCOMPARE(m->future, future);
    QCOMPARE(!m->rule.isEmpty(), relative);
    QCOMPARE(sentence.mid(m->span.start, m->span.end - m->span.start), text);
    QVERIFY(m->confidence > 0.0 && m->confidence <= 1.0);
    if (relative) // the stored rule re-resolves to the same time
        QCOMPARE(resolveTimeRule(m->rule, kPublished), m->range);
}

void TestTimeTagger::notTimes_data()
{
    QTest::addColumn<QString>("sentence");
    QTest::newRow("count of troops") << QStringLiteral("About 400 troops and 1,000 fighters massed near the city.");
    QTest::newRow("thousands") << QStringLiteral("The U.N. said 2,000 refugees crossed.");
    QTest::newRow("plural count after determiner") << QStringLiteral("The 2000 troops were flown out.");
    QTest::newRow("modal may") << QStringLiteral("The fighters may surrender.");
    QTest::newRow("verb march") << QStringLiteral("They will march on the capital.");
    QTest::newRow("newspaper name") << QStringLiteral("The report appeared in the Sunday Times.");
    QTest::newRow("weapon name") << QStringLiteral("B52 bombers and F16 jets flew over.");
    QTest::newRow("9/11 is no date") << QStringLiteral("The 9/11 attacks changed everything.");
    QTest::newRow("24/7 patrols") << QStringLiteral("Troops mounted 24/7 patrols.");
    QTest::newRow("months later is no day") << QStringLiteral("Three months later they fled.");
    QTest::newRow("day before an event") << QStringLiteral("They met the day before the vote.");
    QTest::newRow("time of day") << QStringLiteral("The blast came at 10:30 local.");
    QTest::newRow("decimal") << QStringLiteral("Prices rose 2001.5 percent.");
    QTest::newRow("for hours says nothing of the date") << QStringLiteral("Their bodies lay in the grass for hours.");
    QTest::newRow("no time at all") << QStringLiteral("Dostum said he is negotiating with other officials.");
    QTest::newRow("a share, not a day") << QStringLiteral("Warlords hold on 3/4 of the land.");
    QTest::newRow("round the clock") << QStringLiteral("Troops are on 24/7 alert.");
    QTest::newRow("a fraction after by") << QStringLiteral("Aid was cut by 1/3 in all.");
    QTest::newRow("a year-less number without a preposition") << QStringLiteral("Convoy 14/1 left.");
}

void TestTimeTagger::notTimes()
{
    QFETCH(QString, sentence);
    const QList<TimeMention> mentions = tagTimes(sentence, kPublished);
    QVERIFY2(mentions.isEmpty(), qPrintable(describe(mentions)));
}

void TestTimeTagger::otherPublicationDates_data()
{
    QTest::addColumn<QString>("sentence");
    QTest::addColumn<QDate>("published");
    QTest::addColumn<QDate>("start");
    QTest::addColumn<QDate>("end");
    QTest::newRow("December in January is last year's") << QStringLiteral("Fighting flared in December.") << QDate(2002, 1, 5)
                                                         << QDate(2001, 12, 1) << QDate(2001, 12, 31);
    QTest::newRow("Jan. 2 in late December is next year's") << QStringLiteral("The vote is on Jan. 2.") << QDate(2001, 12, 30)
                                                            << QDate(2002, 1, 2) << QDate(2002, 1, 2);
    QTest::newRow("Dec. 30 in early January is last year's") << QStringLiteral("The blast was Dec. 30.") << QDate(2002, 1, 3)
                                                             << QDate(2001, 12, 30) << QDate(2001, 12, 30);
    QTest::newRow("future date past the month") << QStringLiteral("Elections will be held on June 10.") << QDate(2002, 1, 3)
                                                << QDate(2002, 6, 10) << QDate(2002, 6, 10);
    QTest::newRow("Sunday published on a Sunday") << QStringLiteral("The city fell Sunday.") << QDate(2001, 11, 25)
                                                  << QDate(2001, 11, 25) << QDate(2001, 11, 25);
    QTest::newRow("last week across a year") << QStringLiteral("The city fell last week.") << QDate(2002, 1, 2)
                                             << QDate(2001, 12, 24) << QDate(2001, 12, 30);
}

void TestTimeTagger::otherPublicationDates()
{
    QFETCH(QString, sentence);
    QFETCH(QDate, published);
    QFETCH(QDate, start);
    QFETCH(QDate, end);
    const QList<TimeMention> mentions = tagTimes(sentence, published);
    QCOMPARE(mentions.size(), 1);
    QCOMPARE(mentions[0].range.start, start);
    QCOMPARE(mentions[0].range.end, end);
}

void TestTimeTagger::unresolvedWithoutDate_data()
{
    QTest::addColumn<QString>("sentence");
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("relative");
    QTest::newRow("weekday") << QStringLiteral("Fighting broke out Wednesday.") << QStringLiteral("Wednesday") << true;
    QTest::newRow("a day earlier") << QStringLiteral("The talks followed a day earlier.") << QStringLiteral("a day earlier") << true;
    QTest::newRow("in recent days") << QStringLiteral("Fighting grew in recent days.") << QStringLiteral("in recent days") << true;
    QTest::newRow("future weekday") << QStringLiteral("They will meet on Saturday.") << QStringLiteral("Saturday") << true;
    QTest::newRow("year-less date") << QStringLiteral("It ended Nov. 21.") << QStringLiteral("Nov. 21") << true;
    QTest::newRow("since Sunday") << QStringLiteral("Closed since Sunday.") << QStringLiteral("since Sunday") << true;
    QTest::newRow("absolute date") << QStringLiteral("It ended November 21, 2001.") << QStringLiteral("November 21, 2001") << false;
    QTest::newRow("absolute year") << QStringLiteral("It began in 1989.") << QStringLiteral("1989") << false;
}

void TestTimeTagger::unresolvedWithoutDate()
{
    QFETCH(QString, sentence);
    QFETCH(QString, text);
    QFETCH(bool, relative);
    const QList<TimeMention> undated = tagTimes(sentence, QDate());
    const TimeMention *m = find(undated, text);
    QVERIFY2(m, qPrintable(describe(undated)));
    QCOMPARE(m->rule.isEmpty(), !relative);
    QCOMPARE(m->range.isValid(), !relative);
    // Setting the date later gives exactly what tagging with the date gives.
    const QList<TimeMention> dated = tagTimes(sentence, kPublished);
    const TimeMention *d = find(dated, text);
    QVERIFY(d);
    QCOMPARE(d->rule, m->rule);
    if (relative)
        QCOMPARE(resolveTimeRule(m->rule, kPublished), d->range);
    else
        QCOMPARE(m->range, d->range);
}

void TestTimeTagger::rules_data()
{
    QTest::addColumn<QString>("rule");
    QTest::addColumn<QDate>("start");
    QTest::addColumn<QDate>("end");
    QTest::addColumn<QString>("precision");
    auto row = [](const char *rule, QDate s, QDate e, const char *p) {
        QTest::newRow(rule) << QString::fromLatin1(rule) << s << e << QString::fromLatin1(p);
    };
    row("inherit", QDate(2001, 11, 22), QDate(2001, 11, 22), "day");
    row("offset:-1", QDate(2001, 11, 21), QDate(2001, 11, 21), "day");
    row("weekday:3", QDate(2001, 11, 21), QDate(2001, 11, 21), "day");
    row("weekday:4", QDate(2001, 11, 22), QDate(2001, 11, 22), "day");
    row("weekday:3:future", QDate(2001, 11, 28), QDate(2001, 11, 28), "day");
    row("weekday:4:future", QDate(2001, 11, 22), QDate(2001, 11, 22), "day");
    row("weekday:4:last", QDate(2001, 11, 15), QDate(2001, 11, 15), "day");
    row("weekday:4:next", QDate(2001, 11, 29), QDate(2001, 11, 29), "day");
    row("week:-1", QDate(2001, 11, 12), QDate(2001, 11, 18), "week");
    row("weekend:0", QDate(2001, 11, 17), QDate(2001, 11, 18), "range");
    row("weekend:-1", QDate(2001, 11, 17), QDate(2001, 11, 18), "range");
    row("weekend:1", QDate(2001, 11, 24), QDate(2001, 11, 25), "range");
    row("weektodate", QDate(2001, 11, 19), QDate(2001, 11, 22), "range");
    row("monthtodate", QDate(2001, 11, 1), QDate(2001, 11, 22), "range");
    row("yeartodate", QDate(2001, 1, 1), QDate(2001, 11, 22), "range");
    row("month:-1", QDate(2001, 10, 1), QDate(2001, 10, 31), "month");
    row("year:-1", QDate(2000, 1, 1), QDate(2000, 12, 31), "year");
    row("monthname:11", QDate(2001, 11, 1), QDate(2001, 11, 30), "month");
    row("monthname:12", QDate(2001, 12, 1), QDate(2001, 12, 31), "month");
    row("monthname:11:last", QDate(2000, 11, 1), QDate(2000, 11, 30), "month");
    row("monthname:3:next", QDate(2002, 3, 1), QDate(2002, 3, 31), "month");
    row("date:11-21", QDate(2001, 11, 21), QDate(2001, 11, 21), "day");
    row("date:11-21..11-23", QDate(2001, 11, 21), QDate(2001, 11, 23), "range");
    row("date:01-05:future", QDate(2002, 1, 5), QDate(2002, 1, 5), "day");
    row("recent:days", QDate(2001, 11, 15), QDate(2001, 11, 22), "range");
    row("recent:weeks", QDate(2001, 11, 1), QDate(2001, 11, 22), "range");
    row("past:14", QDate(2001, 11, 8), QDate(2001, 11, 22), "range");
    row("past:2m", QDate(2001, 9, 22), QDate(2001, 11, 22), "range");
    row("next:7", QDate(2001, 11, 22), QDate(2001, 11, 29), "range");
    row("morethan:7", QDate(2001, 11, 11), QDate(2001, 11, 22), "range");
    row("since:weekday:7", QDate(2001, 11, 18), QDate(2001, 11, 22), "range");
    row("since:day:2001-09-11", QDate(2001, 9, 11), QDate(2001, 11, 22), "range");
    row("shift:1:date:11-18", QDate(2001, 11, 19), QDate(2001, 11, 19), "day");
    row("shift:-1:weekday:2", QDate(2001, 11, 19), QDate(2001, 11, 19), "day");
    row("shift:2:day:2001-11-30", QDate(2001, 12, 2), QDate(2001, 12, 2), "day");
    row("upto:month:0", QDate(2001, 11, 1), QDate(2001, 11, 22), "range");
    row("upto:week:0", QDate(2001, 11, 19), QDate(2001, 11, 22), "range");
    row("upto:week:-1", QDate(2001, 11, 12), QDate(2001, 11, 18), "week");
    row("upto:monthname:11", QDate(2001, 11, 1), QDate(2001, 11, 22), "range");
}

void TestTimeTagger::rules()
{
    QFETCH(QString, rule);
    QFETCH(QDate, start);
    QFETCH(QDate, end);
    QFETCH(QString, precision);
    const TimeRange r = resolveTimeRule(rule, kPublished);
    QCOMPARE(r.start, start);
    QCOMPARE(r.end, end);
    QCOMPARE(toString(r.precision), precision);
    QVERIFY(!resolveTimeRule(rule, QDate()).isValid());
}

void TestTimeTagger::unknownRules_data()
{
    QTest::addColumn<QString>("rule");
    for (const char *rule : {"", "weekday", "weekday:9", "weekday:3:sometimes", "offset:x", "monthname:13",
                             "date:13-40", "recent:fortnights", "past:", "since:", "since:since:weekday:1",
                             "banana", "inherit:1", "shift:1", "shift:x:weekday:1", "shift:1:shift:1:weekday:1",
                             "shift:1:since:weekday:1", "upto:", "upto:upto:month:0", "upto:weekday:3:future"})
        QTest::newRow(*rule ? rule : "empty") << QString::fromLatin1(rule);
}

void TestTimeTagger::unknownRules()
{
    QFETCH(QString, rule);
    QVERIFY(!resolveTimeRule(rule, kPublished).isValid());
}

void TestTimeTagger::numericDates_data()
{
    QTest::addColumn<QString>("sentence");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QDate>("day");
    QTest::addColumn<bool>("ambiguous"); // both numbers could be the month: lower confidence
    const QDate d22(2001, 11, 22);
    QTest::newRow("US order") << QStringLiteral("The raid on 11/22/2001 killed four.") << QStringLiteral("11/22/2001") << d22 << false;
    QTest::newRow("day first when the day is over 12") << QStringLiteral("Filed 22/11/2001 in Kabul.") << QStringLiteral("22/11/2001") << d22 << false;
    QTest::newRow("ambiguous is month first") << QStringLiteral("The convoy left on 11/10/2001.") << QStringLiteral("11/10/2001") << QDate(2001, 11, 10) << true;
    QTest::newRow("same number twice is not ambiguous") << QStringLiteral("Dated 11/11/2001.") << QStringLiteral("11/11/2001") << QDate(2001, 11, 11) << false;
    QTest::newRow("dotted is day first") << QStringLiteral("Updated 10.11.2001 at noon.") << QStringLiteral("10.11.2001") << QDate(2001, 11, 10) << false;
    QTest::newRow("two-digit year") << QStringLiteral("Report of 11/22/01 from Herat.") << QStringLiteral("11/22/01") << d22 << false;
    QTest::newRow("ISO") << QStringLiteral("Posted 2001-11-22 by the agency.") << QStringLiteral("2001-11-22") << d22 << false;
    QTest::newRow("ISO with slashes") << QStringLiteral("Posted 2001/11/22 by the agency.") << QStringLiteral("2001/11/22") << d22 << false;
    // No day at all (the year alone may still be read as one).
    QTest::newRow("no month can be") << QStringLiteral("Form 13/14/2001 was filed.") << QString() << QDate() << false;
    QTest::newRow("inside a longer number") << QStringLiteral("Reference 1/2/2001/3 was cited.") << QString() << QDate() << false;
    QTest::newRow("February 30") << QStringLiteral("Dated 2/30/2001.") << QString() << QDate() << false;
}

void TestTimeTagger::numericDates()
{
    QFETCH(QString, sentence);
    QFETCH(QString, text);
    QFETCH(QDate, day);
    QFETCH(bool, ambiguous);
    const QList<TimeMention> mentions = tagTimes(sentence, kPublished);
    if (!day.isValid()) {
        for (const TimeMention &m : mentions)
            QVERIFY2(m.range.precision != DatePrecision::Day, qPrintable(describe(mentions)));
        return;
    }
    const TimeMention *m = find(mentions, text);
    QVERIFY2(m, qPrintable(describe(mentions)));
    QCOMPARE(m->range, TimeRange::day(day));
    QVERIFY(m->rule.isEmpty()); // absolute: no re-dating needed
    QCOMPARE(m->confidence < 0.7, ambiguous);
    const QList<TimeMention> undated = tagTimes(sentence, QDate());
    QVERIFY(find(undated, text) && find(undated, text)->range == TimeRange::day(day));
}

// Numeric dates whose two numbers could both be the month, read in the article's order
// (dateOrderOf), and without a year after on/since/from/until; a reading after publication gives
// way to the other, and without a known order a year-less one is the nearer past day.
void TestTimeTagger::orderedNumericDates_data()
{
    QTest::addColumn<QString>("sentence");
    QTest::addColumn<QDate>("published");
    QTest::addColumn<int>("order"); // DateOrder
    QTest::addColumn<QString>("text");
    QTest::addColumn<QDate>("day");
    QTest::addColumn<QString>("rule"); // empty: absolute
    const QDate march12(2002, 3, 12), jan18(2002, 1, 18);
    const int unknown = int(DateOrder::Unknown), monthFirst = int(DateOrder::MonthFirst), dayFirst = int(DateOrder::DayFirst);
    auto row = [](const char *name, const QString &sentence, QDate published, int order, const char *text, QDate day,
                  const char *rule = "") {
        QTest::newRow(name) << sentence << published << order << QString::fromLatin1(text) << day << QString::fromLatin1(rule);
    };
    row("day first", QStringLiteral("The convoy was hit on 3/2/2002."), march12, dayFirst, "3/2/2002", QDate(2002, 2, 3));
    row("month first", QStringLiteral("The convoy was hit on 3/2/2002."), march12, monthFirst, "3/2/2002", QDate(2002, 3, 2));
    row("unknown is month first", QStringLiteral("The convoy was hit on 3/2/2002."), march12, unknown, "3/2/2002", QDate(2002, 3, 2));
    row("a day to come gives way", QStringLiteral("The convoy was hit on 4/3/2002."), march12, unknown, "4/3/2002", QDate(2002, 3, 4));
    row("a day to come gives way, day first", QStringLiteral("The convoy was hit on 2/4/2002."), march12, dayFirst, "2/4/2002", QDate(2002, 2, 4));
    row("unambiguous stays", QStringLiteral("The convoy was hit on 12/28/2001."), march12, dayFirst, "12/28/2001", QDate(2001, 12, 28));
    row("year-less, day over 12", QStringLiteral("Shots were fired on 14/1; no one was hurt."), jan18, unknown, "14/1", QDate(2002, 1, 14), "date:01-14");
    row("year-less, day first", QStringLiteral("Fighting on 5/1 displaced 600 families."), jan18, dayFirst, "5/1", QDate(2002, 1, 5), "date:01-05");
    row("year-less, month first", QStringLiteral("Fighting on 5/1 displaced 600 families."), jan18, monthFirst, "5/1", QDate(2001, 5, 1), "date:05-01");
    row("year-less, unknown: the nearer past day", QStringLiteral("Fighting on 5/1 displaced 600 families."), jan18, unknown, "5/1", QDate(2002, 1, 5), "date:01-05");
    row("year-less since", QStringLiteral("Roads have been closed since 9/3."), march12, dayFirst, "since 9/3", QDate(2002, 3, 9), "since:date:03-09");
    row("9/11 whatever the order", QStringLiteral("Nothing was the same since 9/11."), march12, dayFirst, "since 9/11", QDate(2001, 9, 11), "since:date:09-11");
}

void TestTimeTagger::orderedNumericDates()
{
    QFETCH(QString, sentence);
    QFETCH(QDate, published);
    QFETCH(int, order);
    QFETCH(QString, text);
    QFETCH(QDate, day);
    QFETCH(QString, rule);
    const QList<TimeMention> mentions = tagTimes(sentence, published, nullptr, DateOrder(order));
    const TimeMention *m = find(mentions, text);
    QVERIFY2(m, qPrintable(describe(mentions)));
    QCOMPARE(m->range.start, day);
    QCOMPARE(m->rule, rule);
    if (!rule.isEmpty())
        QCOMPARE(resolveTimeRule(m->rule, published), m->range);
}

void TestTimeTagger::articleDateOrder_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("bias");
    QTest::addColumn<int>("order");
    const int unknown = int(DateOrder::Unknown), monthFirst = int(DateOrder::MonthFirst), dayFirst = int(DateOrder::DayFirst);
    QTest::newRow("British dateline") << QStringLiteral("KABUL, 12 March 2002 (Reuters) - Fighting on 9/3 killed three.") << 0 << dayFirst;
    QTest::newRow("American dateline") << QStringLiteral("KABUL, March 12 (AP) -- Fighting on 9/3 killed three.") << 0 << monthFirst;
    QTest::newRow("abbreviated month first") << QStringLiteral("It began Nov. 12 near Herat.") << 0 << monthFirst;
    QTest::newRow("ordinal day first") << QStringLiteral("It began on the 12th March near Herat.") << 0 << dayFirst;
    QTest::newRow("an unambiguous numeric date outweighs") << QStringLiteral("Filed 22/11/2001. Talks on Nov. 3 and Nov. 4 failed.") << 0 << dayFirst;
    QTest::newRow("month-first numeric date") << QStringLiteral("Filed 11/22/2001 on 12 March and 13 March.") << 0 << monthFirst;
    QTest::newRow("nothing to go by") << QStringLiteral("Fighting on 9/3 killed three, 1,200 fled.") << 0 << unknown;
    QTest::newRow("a web address is no date") << QStringLiteral("See cnn.com/2001/WORLD/12/06/ for more.") << 0 << unknown;
    QTest::newRow("the publisher decides a tie") << QStringLiteral("Fighting on 9/3 killed three.") << 2 << dayFirst;
    QTest::newRow("the text outweighs the publisher") << QStringLiteral("Talks on March 3, March 4 and March 5.") << 2 << monthFirst;
}

void TestTimeTagger::articleDateOrder()
{
    QFETCH(QString, text);
    QFETCH(int, bias);
    QFETCH(int, order);
    QCOMPARE(int(dateOrderOf(text, bias)), order);
}

// A story's sentences tagged in order with one anchor: the last sentence's mention counts from
// the last day named before it, else from the publication day (Thursday 2001-11-22).
void TestTimeTagger::storyRelative_data()
{
    QTest::addColumn<QStringList>("story");
    QTest::addColumn<QString>("text"); // in the last sentence
    QTest::addColumn<QDate>("day");
    QTest::addColumn<QString>("rule");
    QTest::addColumn<bool>("future");
    auto row = [](const char *name, const QStringList &story, const char *text, QDate day, const char *rule, bool future = false) {
        QTest::newRow(name) << story << QString::fromLatin1(text) << day << QString::fromLatin1(rule) << future;
    };
    row("the next day after a year-less date",
        {QStringLiteral("His men entered Bamiyan on Nov. 18."), QStringLiteral("The next day they disarmed 200 fighters.")},
        "The next day", QDate(2001, 11, 19), "shift:1:date:11-18");
    row("the following day after a full date",
        {QStringLiteral("The siege began on November 10, 2001."), QStringLiteral("Talks opened the following day.")},
        "the following day", QDate(2001, 11, 11), "shift:1:day:2001-11-10");
    row("two days later after a weekday",
        {QStringLiteral("Fighting broke out on Sunday."), QStringLiteral("Two days later the town fell.")},
        "Two days later", QDate(2001, 11, 20), "shift:2:weekday:7");
    row("a week later",
        {QStringLiteral("Talks began on Nov. 1."), QStringLiteral("A week later they collapsed.")},
        "A week later", QDate(2001, 11, 8), "shift:7:date:11-01");
    row("the previous day after a weekday",
        {QStringLiteral("The alliance entered the city on Tuesday."), QStringLiteral("The Taliban had fled the previous day.")},
        "the previous day", QDate(2001, 11, 19), "shift:-1:weekday:2");
    row("the day after",
        {QStringLiteral("Jets struck on Monday."), QStringLiteral("Refugees left the day after.")},
        "the day after", QDate(2001, 11, 20), "shift:1:weekday:1");
    row("chained next days fold into one shift",
        {QStringLiteral("The offensive began on Sunday."), QStringLiteral("The next day the alliance advanced."),
         QStringLiteral("The next day the town fell.")},
        "The next day", QDate(2001, 11, 20), "shift:2:weekday:7");
    row("the latest day named wins",
        {QStringLiteral("Talks began Nov. 2 and broke down on Monday."), QStringLiteral("The next day fighting resumed.")},
        "The next day", QDate(2001, 11, 20), "shift:1:weekday:1");
    row("a range names no day",
        {QStringLiteral("The city fell on Monday."), QStringLiteral("Fighting went on in recent days."), QStringLiteral("The next day talks began.")},
        "The next day", QDate(2001, 11, 20), "shift:1:weekday:1");
    row("no day named before: the publication day",
        {QStringLiteral("The Taliban left the city."), QStringLiteral("The previous day they had fled.")},
        "The previous day", QDate(2001, 11, 21), "offset:-1");
    row("no day named before, the next day is ahead",
        {QStringLiteral("The next day they will sign.")}, "The next day", QDate(2001, 11, 23), "offset:1", true);
    row("after a future day, still ahead",
        {QStringLiteral("The envoys will meet on Saturday."), QStringLiteral("The next day they sign.")},
        "The next day", QDate(2001, 11, 25), "shift:1:weekday:6:future", true);
}

void TestTimeTagger::storyRelative()
{
    QFETCH(QStringList, story);
    QFETCH(QString, text);
    QFETCH(QDate, day);
    QFETCH(QString, rule);
    QFETCH(bool, future);
    StoryAnchor anchor;
    QList<TimeMention> mentions;
    for (const QString &sentence : std::as_const(story))
        mentions = tagTimes(sentence, kPublished, &anchor);
    const TimeMention *m = find(mentions, text);
    QVERIFY2(m, qPrintable(describe(mentions)));
    QCOMPARE(m->range, TimeRange::day(day));
    QCOMPARE(m->rule, rule);
    QCOMPARE(m->future, future);
    QCOMPARE(resolveTimeRule(m->rule, kPublished), m->range); // re-dating gives the same day
    // Undated, the rule is kept and resolves once a date is set.
    StoryAnchor undatedAnchor;
    QList<TimeMention> undated;
    for (const QString &sentence : std::as_const(story))
        undated = tagTimes(sentence, QDate(), &undatedAnchor);
    const TimeMention *u = find(undated, text);
    QVERIFY(u && !u->range.isValid());
    QCOMPARE(u->rule, rule);
}

void TestTimeTagger::spansAreExact()
{
    const QString s = QStringLiteral("Gen. Dostum said Wednesday's deal, reached a day earlier, held in recent days "
                                     "and would be reviewed next week, as in 1989.");
    const QList<TimeMention> mentions = tagTimes(s, kPublished);
    QCOMPARE(mentions.size(), 5);
    int previousEnd = 0;
    for (const TimeMention &m : mentions) {
        QVERIFY(m.span.isValid());
        QVERIFY(m.span.start >= previousEnd); // in order, never overlapping
        QCOMPARE(s.mid(m.span.start, m.span.end - m.span.start), m.text);
        previousEnd = m.span.end;
    }
}

void TestTimeTagger::hugeSentence()
{
    // A 20,000-word run-on "sentence" (a table dumped as text): linear, no crash.
    QString s;
    for (int i = 0; i < 5000; ++i)
        s += QStringLiteral("on Wednesday 400 troops ");
    const QList<TimeMention> mentions = tagTimes(s, kPublished);
    QCOMPARE(mentions.size(), 5000);
}

QTEST_GUILESS_MAIN(TestTimeTagger)
#include "tst_timetagger.moc"
