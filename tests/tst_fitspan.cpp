// The time axis's Fit (models/timeline/fitspan.*): the rule over event days, the axis it gives
// for an index under filters, and the counts of events off the axis. The widget's end markers:
// tst_timeline.cpp.
#include "index/eventmask.h"
#include "timeline/fitspan.h"
#include "timeline/timelinefixtures.h"
#include "timeline/timelinemodel.h"

#include <QtTest>

using namespace mapline;
using namespace mapline::timeline;
using namespace mapline::test;

class TestFitSpan : public QObject {
    Q_OBJECT
private slots:
    void fitRule_data();
    void fitRule();
    void fitAxisFromIndex();
    void countsOutsideTheAxis();
};

void TestFitSpan::fitRule_data()
{
    QTest::addColumn<QList<qint32>>("days");
    QTest::addColumn<QDate>("from"); // invalid: an empty span
    QTest::addColumn<QDate>("to");
    QTest::addColumn<int>("before");
    QTest::addColumn<int>("after");
    const QDate nov1(2001, 11, 1);
    const QDate nov30(2001, 11, 30);
    QTest::newRow("a 1979 outlier among 2001 events")
        << repeated(QDate(1979, 1, 1), 1) + overMonth(nov1, 199) << nov1 << nov30 << 1 << 0;
    QTest::newRow("an outlier on each side")
        << repeated(QDate(1979, 1, 1), 1) + overMonth(nov1, 198) + repeated(QDate(2019, 6, 1), 1) << nov1 << nov30 << 1 << 1;
    QTest::newRow("two real clusters, 2001 and 2020")
        << overMonth(nov1, 100) + overMonth(QDate(2020, 3, 1), 100) << nov1 << QDate(2020, 3, 30) << 0 << 0;
    // Three 2001 articles among 197 ACLED 2020 rows are 1.5%: a real part of the data.
    QTest::newRow("a small real cluster")
        << overMonth(nov1, 3) + overMonth(QDate(2020, 3, 1), 197) << nov1 << QDate(2020, 3, 30) << 0 << 0;
    QTest::newRow("too few events to leave one out")
        << repeated(QDate(1979, 1, 1), 1) + overMonth(nov1, 98) << QDate(1979, 1, 1) << nov30 << 0 << 0;
    QList<qint32> year;
    for (int i = 0; i < 199; ++i)
        year << day(2001, 1, 1) + i * 364 / 198;
    QTest::newRow("not much shorter without it")
        << year + repeated(QDate(2002, 3, 1), 1) << QDate(2001, 1, 1) << QDate(2002, 3, 1) << 0 << 0;
    QTest::newRow("all on one day") << repeated(QDate(2001, 11, 22), 50) << QDate(2001, 11, 22) << QDate(2001, 11, 22) << 0 << 0;
    QTest::newRow("one day and an outlier")
        << repeated(QDate(1979, 1, 1), 1) + repeated(QDate(2001, 11, 22), 150) << QDate(2001, 11, 22)
        << QDate(2001, 11, 22) << 1 << 0;
    QTest::newRow("empty") << QList<qint32>() << QDate() << QDate() << 0 << 0;
}

void TestFitSpan::fitRule()
{
    QFETCH(QList<qint32>, days);
    QFETCH(QDate, from);
    QFETCH(QDate, to);
    QFETCH(int, before);
    QFETCH(int, after);
    std::sort(days.begin(), days.end());
    const FitSpan span = fitSpan(std::span<const qint32>(days.constData(), size_t(days.size())));
    if (!from.isValid()) {
        QVERIFY(span.isEmpty());
        return;
    }
    QCOMPARE(dateOf(span.fromDay), from);
    QCOMPARE(dateOf(span.toDay), to);
    QCOMPARE(int(span.before), before);
    QCOMPARE(int(span.after), after);
    // Never more than 1% left out.
    QVERIFY(span.before + span.after <= days.size() / 100);
}

void TestFitSpan::fitAxisFromIndex()
{
    const auto index = makeOutlierIndex();
    TimelineModel model;
    model.setIndex(index); // the first fit: the bulk, so November 2001 is not a sliver
    QVERIFY2(model.axisFrom() > day(2001, 10, 25) && model.axisFrom() < day(2001, 11, 1),
             qPrintable(dateOf(qint32(model.axisFrom())).toString(Qt::ISODate)));
    // The long clash (to 2003) does not stretch the axis the rule trimmed.
    QVERIFY2(model.axisTo() > day(2001, 12, 1) && model.axisTo() < day(2001, 12, 10),
             qPrintable(dateOf(qint32(model.axisTo())).toString(Qt::ISODate)));

    model.fitToAllData();
    QVERIFY(model.axisFrom() < day(1979, 3, 1));
    QVERIFY(model.axisTo() > day(2004, 1, 1));
    model.fitToData();
    QVERIFY(model.axisFrom() > day(2001, 10, 25));

    // Fit follows the filters: the one statement alone is no outlier, and gets a week's axis.
    EventFilter statements;
    statements.types = {QStringLiteral("statement")};
    model.setMask(index->mask(statements));
    model.fitToData();
    QVERIFY(model.axisFrom() < day(1979, 3, 1) && model.axisTo() > day(1979, 3, 2));
    QCOMPARE(model.axisTo() - model.axisFrom(), TimelineModel::kMinAxisDays);
    // Nothing passes: the axis stays.
    EventFilter none;
    none.types = {QStringLiteral("no_such_type")};
    model.setMask(index->mask(none));
    const double from = model.axisFrom();
    model.fitToData();
    QCOMPARE(model.axisFrom(), from);
    QVERIFY(!fitAxis(*index, model.mask().get(), false));

    // An empty index: nothing to fit.
    EventIndexBuilder b;
    const EventIndex empty = b.build();
    QVERIFY(!fitAxis(empty, nullptr, false));
    QVERIFY(!fitAxis(empty, nullptr, true));
    TimelineModel emptyModel;
    emptyModel.setIndex(std::make_shared<const EventIndex>(empty));
    const double emptyFrom = emptyModel.axisFrom();
    emptyModel.fitToData();
    QCOMPARE(emptyModel.axisFrom(), emptyFrom);
}

void TestFitSpan::countsOutsideTheAxis()
{
    const auto index = makeOutlierIndex();
    OutsideCounts c = countOutside(*index, nullptr, day(2001, 11, 1), day(2001, 11, 30));
    QCOMPARE(c.before, 1);
    QCOMPARE(dateOf(c.earliest), QDate(1979, 3, 1));
    QCOMPARE(c.after, 0); // the long clash starts inside
    c = countOutside(*index, nullptr, day(2001, 11, 1), day(2001, 11, 15));
    QCOMPARE(c.after, 75); // five a day from the 16th to the 30th
    QCOMPARE(dateOf(c.latest), QDate(2001, 11, 30));
    // In 2002 only the long clash shows; everything else is before.
    c = countOutside(*index, nullptr, day(2002, 1, 1), day(2002, 12, 31));
    QCOMPARE(c.before, 151);
    QCOMPARE(c.after, 0);
    EventFilter clashes;
    clashes.types = {QStringLiteral("armed_clash")};
    const auto mask = index->mask(clashes);
    c = countOutside(*index, mask.get(), day(2001, 11, 1), day(2001, 11, 30));
    QCOMPARE(c.before, 0);
    c = countOutside(*index, mask.get(), day(1970, 1, 1), day(1980, 1, 1));
    QCOMPARE(c.after, 151);
    QCOMPARE(dateOf(c.latest), QDate(2003, 12, 31));
}

QTEST_GUILESS_MAIN(TestFitSpan)
#include "tst_fitspan.moc"
