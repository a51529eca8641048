// The timeline: bucket and step arithmetic, the window (moving, cumulative), the histogram
// (stacked counts honouring the filter mask, bands for ranges), navigation and playback, Fit
// (the bulk of the events; outliers counted at the axis' ends), and the widget's wiring (keys,
// buttons, drags, the end markers) to its model.
#include "index/eventindexbuilder.h"
#include "timeline/timelinefixtures.h"
#include "timeline/eventsteps.h"
#include "timeline/timeaxis.h"
#include "timeline/timelinehistogram.h"
#include "timeline/timelinemodel.h"
#include "timeline/timewindow.h"
#include "timelinearea.h"
#include "timelinewidget.h"

#include <QAction>
#include <QComboBox>
#include <QImage>
#include <QLineEdit>
#include <QSignalSpy>
#include <QToolButton>
#include <QToolTip>
#include <QtTest>

#include <algorithm>
#include <map>
#include <tuple>

using namespace mapline;
using namespace mapline::timeline;
using namespace mapline::test;

namespace {
// Kunduz-ish coordinates; the timeline does not care where.
std::shared_ptr<const EventIndex> makeIndex()
{
    EventIndexBuilder b;
    const auto add = [&b](qint64 id, QDate from, QDate to, const char *type) {
        b.add(id, dayOf(from), dayOf(to), 68.86, 36.73, QString::fromLatin1(type), GeoPrecision::City);
    };
    add(1, QDate(2001, 11, 1), QDate(2001, 11, 1), "armed_clash");
    add(2, QDate(2001, 11, 1), QDate(2001, 11, 1), "talks");
    add(3, QDate(2001, 11, 3), QDate(2001, 11, 3), "armed_clash");
    add(4, QDate(2001, 11, 20), QDate(2001, 11, 20), "talks");
    add(5, QDate(2001, 11, 12), QDate(2001, 11, 18), "armed_clash"); // an ISO week: a band at day zoom
    add(6, QDate(2001, 11, 1), QDate(2001, 11, 30), "statement");   // a month
    add(7, QDate(2001, 12, 10), QDate(2001, 12, 10), "surrender");
    return std::make_shared<const EventIndex>(b.build());
}

// Pixels of exactly `colour` inside `rect` of `image`.
int pixelsOf(const QImage &image, const QRect &rect, QColor colour)
{
    int n = 0;
    const QRect r = rect.intersected(image.rect());
    for (int y = r.top(); y <= r.bottom(); ++y)
        for (int x = r.left(); x <= r.right(); ++x)
            n += image.pixelColor(x, y).rgb() == colour.rgb();
    return n;
}
} // namespace

class TestTimeline : public QObject {
    Q_OBJECT
private slots:
    void bucketsByZoom_data();
    void bucketsByZoom();
    void bucketStarts();
    void monthSteps();
    void movingWindowSteps();
    void cumulativeWindowKeepsStart();
    void clamping();
    void histogramStacksByTypeAndBands();
    void histogramHonoursMask();
    void histogramAtMonthZoom();
    void bandLanes();
    void bandsLongestFirstThenByStart_data();
    void bandsLongestFirstThenByStart();
    void histogramCountsEveryEventOnce_data();
    void histogramCountsEveryEventOnce();
    void nextAndPreviousEvent();
    void modelStepsAndSkipsEmpty();
    void modelCumulativeMode();
    void modelPlaybackStopsOrLoops();
    void modelGoToDateAndAxis();
    void widgetKeysAndButtons();
    void widgetDragsWindow();
    void widgetEndMarkers();
};

void TestTimeline::bucketsByZoom_data()
{
    QTest::addColumn<double>("pixelsPerDay");
    QTest::addColumn<int>("size");
    QTest::newRow("wide days") << 20.0 << int(BucketSize::Day);
    QTest::newRow("narrow days") << 5.0 << int(BucketSize::Day);
    QTest::newRow("weeks") << 1.0 << int(BucketSize::Week);
    QTest::newRow("months") << 0.5 << int(BucketSize::Month);
}

void TestTimeline::bucketsByZoom()
{
    QFETCH(double, pixelsPerDay);
    QFETCH(int, size);
    QCOMPARE(int(bucketSizeFor(pixelsPerDay)), size);
}

void TestTimeline::bucketStarts()
{
    // 2001-11-22 was a Thursday; its ISO week starts Monday 2001-11-19.
    QCOMPARE(bucketStart(day(2001, 11, 22), BucketSize::Week), day(2001, 11, 19));
    QCOMPARE(bucketStart(day(2001, 11, 19), BucketSize::Week), day(2001, 11, 19));
    QCOMPARE(bucketStart(day(2001, 11, 25), BucketSize::Week), day(2001, 11, 19)); // Sunday
    QCOMPARE(nextBucketStart(day(2001, 11, 22), BucketSize::Week), day(2001, 11, 26));
    QCOMPARE(bucketStart(day(2001, 11, 22), BucketSize::Month), day(2001, 11, 1));
    QCOMPARE(nextBucketStart(day(2001, 12, 5), BucketSize::Month), day(2002, 1, 1));
    QCOMPARE(bucketEnd(day(2001, 2, 3), BucketSize::Month), day(2001, 2, 28));
    QCOMPARE(bucketStart(day(1969, 12, 31), BucketSize::Week), day(1969, 12, 29)); // before day 0
}

void TestTimeline::monthSteps()
{
    QCOMPARE(addSteps(day(2001, 11, 30), StepUnit::Month, 1), day(2001, 12, 31)); // month end stays month end
    QCOMPARE(addSteps(day(2001, 1, 31), StepUnit::Month, 1), day(2001, 2, 28));
    QCOMPARE(addSteps(day(2001, 11, 15), StepUnit::Month, -1), day(2001, 10, 15));
    QCOMPARE(addSteps(day(2001, 11, 15), StepUnit::Week, 2), day(2001, 11, 29));
}

void TestTimeline::movingWindowSteps()
{
    const TimeWindow w = TimeWindow::of(QDate(2001, 11, 1), QDate(2001, 11, 7));
    QCOMPARE(w.length(), 7);
    TimeWindow next = w.stepped(StepUnit::Day, 1);
    QCOMPARE(next.from(), QDate(2001, 11, 2));
    QCOMPARE(next.to(), QDate(2001, 11, 8));
    next = w.stepped(StepUnit::Week, -1);
    QCOMPARE(next.from(), QDate(2001, 10, 25));
    QCOMPARE(next.length(), 7);
    // A whole month moves as a whole month.
    const TimeWindow month = TimeWindow::of(QDate(2001, 11, 1), QDate(2001, 11, 30));
    next = month.stepped(StepUnit::Month, 1);
    QCOMPARE(next.from(), QDate(2001, 12, 1));
    QCOMPARE(next.to(), QDate(2001, 12, 31));
}

void TestTimeline::cumulativeWindowKeepsStart()
{
    const TimeWindow w = TimeWindow::of(QDate(2001, 11, 1), QDate(2001, 11, 7), TimeWindow::Mode::Cumulative);
    TimeWindow next = w.stepped(StepUnit::Week, 1);
    QCOMPARE(next.from(), QDate(2001, 11, 1));
    QCOMPARE(next.to(), QDate(2001, 11, 14));
    next = w.stepped(StepUnit::Month, -1); // never before the start
    QCOMPARE(next.from(), QDate(2001, 11, 1));
    QCOMPARE(next.to(), QDate(2001, 11, 1));
    QCOMPARE(w.endingAt(day(2001, 12, 1)).from(), QDate(2001, 11, 1));
    QCOMPARE(w.endingAt(day(2001, 12, 1)).to(), QDate(2001, 12, 1));
}

void TestTimeline::clamping()
{
    const TimeWindow w = TimeWindow::of(QDate(2001, 12, 28), QDate(2002, 1, 3));
    const TimeWindow c = w.clampedTo(day(2001, 11, 1), day(2001, 12, 31));
    QCOMPARE(c.to(), QDate(2001, 12, 31));
    QCOMPARE(c.length(), 7);
}

void TestTimeline::histogramStacksByTypeAndBands()
{
    const auto index = makeIndex();
    const int clash = index->typeIdOf(QStringLiteral("armed_clash"));
    const int talks = index->typeIdOf(QStringLiteral("talks"));
    const TimelineHistogram h =
        TimelineHistogram::compute(*index, nullptr, day(2001, 11, 1), day(2001, 11, 30), BucketSize::Day);
    QCOMPARE(h.bucketCount(), 30);
    QCOMPARE(h.bucket(0).total, 2);
    QCOMPARE(h.count(0, clash), 1);
    QCOMPARE(h.count(0, talks), 1);
    QCOMPARE(h.count(2, clash), 1);
    QCOMPARE(h.bucket(19).total, 1);
    QCOMPARE(h.maxTotal(), 2);
    QCOMPARE(h.pointEvents(), 4);
    // The week and the month are bands, not points.
    QCOMPARE(h.bandEvents(), 2);
    QCOMPARE(int(h.bands().size()), 2);
    QCOMPARE(h.bandEvents() + h.pointEvents(), 6);
    bool sawWeek = false;
    for (const auto &band : h.bands())
        if (band.fromDay == day(2001, 11, 12) && band.toDay == day(2001, 11, 18) && band.typeId == clash)
            sawWeek = true;
    QVERIFY(sawWeek);
    QCOMPARE(h.bucketOf(day(2001, 11, 3)), 2);
    QCOMPARE(h.bucketOf(day(2002, 1, 1)), -1);
}

void TestTimeline::histogramHonoursMask()
{
    const auto index = makeIndex();
    EventFilter filter;
    filter.types = {QStringLiteral("talks")};
    const auto mask = index->mask(filter);
    const TimelineHistogram h =
        TimelineHistogram::compute(*index, mask.get(), day(2001, 11, 1), day(2001, 12, 31), BucketSize::Day);
    QCOMPARE(h.pointEvents(), 2);
    QCOMPARE(h.bandEvents(), 0);
    QCOMPARE(h.bucket(0).total, 1);
    QCOMPARE(h.count(0, index->typeIdOf(QStringLiteral("armed_clash"))), 0);
}

void TestTimeline::histogramAtMonthZoom()
{
    const auto index = makeIndex();
    const TimelineHistogram h =
        TimelineHistogram::compute(*index, nullptr, day(2001, 11, 10), day(2001, 12, 20), BucketSize::Month);
    QCOMPARE(h.bucketCount(), 2);
    QCOMPARE(h.bucket(0).fromDay, day(2001, 11, 1));
    // November holds every November event, the week and the month included: a month bar holds them.
    QCOMPARE(h.bucket(0).total, 6);
    QCOMPARE(h.bucket(1).total, 1);
    QCOMPARE(h.bandEvents(), 0);
    // At week zoom the week is a point and the month a band.
    const TimelineHistogram w =
        TimelineHistogram::compute(*index, nullptr, day(2001, 11, 1), day(2001, 11, 30), BucketSize::Week);
    QCOMPARE(w.bandEvents(), 1);
    QCOMPARE(w.bucket(w.bucketOf(day(2001, 11, 14))).total, 1);
}

void TestTimeline::bandLanes()
{
    EventIndexBuilder b;
    for (int i = 0; i < 6; ++i) // six overlapping ranges
        b.add(i + 1, day(2001, 11, 1) + i, day(2001, 11, 10) + i, 68.8, 36.7, QStringLiteral("armed_clash"),
              GeoPrecision::City);
    const EventIndex index = b.build();
    const TimelineHistogram h =
        TimelineHistogram::compute(index, nullptr, day(2001, 11, 1), day(2001, 11, 30), BucketSize::Day, 4);
    QCOMPARE(h.laneCount(), 4);
    QCOMPARE(int(h.bands().size()), 4);
    QCOMPARE(h.hiddenBands(), 2);
    for (const auto &a : h.bands())
        for (const auto &c : h.bands())
            if (&a != &c && a.lane == c.lane)
                QVERIFY(a.toDay < c.fromDay || c.toDay < a.fromDay);
}

void TestTimeline::bandsLongestFirstThenByStart_data()
{
    QTest::addColumn<bool>("outlier");
    QTest::newRow("lengths close together") << false;
    QTest::newRow("one range of sixty years") << true;
}

void TestTimeline::bandsLongestFirstThenByStart()
{
    // Bands are grouped by (from, to, type) and laid out longest first, equal lengths by start,
    // end and type: the same lanes whichever way the histogram sorts (by counting lengths, or,
    // when one span is far longer than the rest, by comparison). Checked against that rule
    // written out here, over spans of every length from 2 to 40 days, repeated and of 3 types.
    QFETCH(bool, outlier);
    struct Span {
        qint32 from, to;
        int type;
    };
    std::vector<Span> spans;
    const QStringList types = {QStringLiteral("armed_clash"), QStringLiteral("talks"), QStringLiteral("shelling")};
    const qint32 first = day(2001, 1, 1);
    for (int i = 0; i < 600; ++i) {
        const qint32 from = first + (i * 7919) % 300;
        spans.push_back({from, from + 1 + (i * 104729) % 40, (i * 31) % 3});
        if (i % 5 == 0)
            spans.push_back(spans.back()); // the same span twice: one band of two
    }
    if (outlier)
        spans.push_back({first - 20000, first + 100, 1});
    EventIndexBuilder b;
    for (size_t i = 0; i < spans.size(); ++i)
        b.add(qint64(i + 1), spans[i].from, spans[i].to, 68.8, 36.7, types[spans[i].type], GeoPrecision::City);
    const EventIndex index = b.build();
    const TimelineHistogram h =
        TimelineHistogram::compute(index, nullptr, first, first + 365, BucketSize::Day, 8);

    // The rule: group, order (longer first; then start, end, type), then the first lane that is free.
    std::map<std::tuple<qint64, qint32, qint32, int>, int> groups; // (-length, from, to, type) -> events
    for (const Span &sp : spans)
        ++groups[{-(qint64(sp.to) - sp.from), sp.from, sp.to, index.typeIdOf(types[sp.type])}];
    std::vector<std::vector<std::pair<qint32, qint32>>> lanes(8);
    std::vector<std::tuple<qint32, int, qint32, int, int>> expected; // from, lane, to, type, count
    qint64 hidden = 0;
    for (const auto &[key, count] : groups) {
        const auto &[negativeLength, from, to, type] = key;
        Q_UNUSED(negativeLength);
        bool placed = false;
        for (size_t lane = 0; lane < lanes.size() && !placed; ++lane) {
            if (std::any_of(lanes[lane].begin(), lanes[lane].end(),
                            [&](const auto &o) { return !(o.second < from || to < o.first); }))
                continue;
            lanes[lane].push_back({from, to});
            expected.push_back({from, int(lane), to, type, count});
            placed = true;
        }
        if (!placed)
            hidden += count;
    }
    std::sort(expected.begin(), expected.end());
    std::vector<std::tuple<qint32, int, qint32, int, int>> got;
    for (const auto &band : h.bands())
        got.push_back({band.fromDay, band.lane, band.toDay, band.typeId, band.count});
    QCOMPARE(got.size(), expected.size());
    QVERIFY(got == expected);
    QCOMPARE(h.hiddenBands(), hidden);
    QVERIFY(hidden > 0);
    QCOMPARE(h.bandEvents(), qint64(spans.size()));
}

void TestTimeline::histogramCountsEveryEventOnce_data()
{
    QTest::addColumn<int>("size");
    QTest::addColumn<bool>("masked");
    for (const auto &[name, size] : {std::pair{"day", BucketSize::Day}, std::pair{"week", BucketSize::Week},
                                     std::pair{"month", BucketSize::Month}}) {
        QTest::addRow("%s", name) << int(size) << false;
        QTest::addRow("%s, talks only", name) << int(size) << true;
    }
}

void TestTimeline::histogramCountsEveryEventOnce()
{
    // Every event overlapping the axis is a point of the bucket it starts and ends in, or a band:
    // checked event by event against the buckets, over events before, across and after the axis
    // (single days, a few days, long ranges), with and without a filter.
    QFETCH(int, size);
    QFETCH(bool, masked);
    const auto bucketSize = BucketSize(size);
    const QStringList types = {QStringLiteral("armed_clash"), QStringLiteral("talks"), QStringLiteral("shelling")};
    const qint32 first = day(2005, 3, 10), last = day(2005, 9, 20);
    struct Row {
        qint32 from, to;
        int type;
    };
    std::vector<Row> rows;
    EventIndexBuilder b;
    for (int i = 0; i < 3000; ++i) {
        const qint32 from = first - 120 + (i * 7919) % 440;
        const int kind = (i * 31) % 10;
        const qint32 to = from + (kind < 6 ? 0 : kind < 9 ? 1 + i % 9 : 30 + (i * 13) % 200);
        rows.push_back({from, to, i % 3});
        b.add(i + 1, from, to, 68.8, 36.7, types[i % 3], GeoPrecision::City);
    }
    const EventIndex index = b.build();
    EventFilter filter;
    filter.types = {QStringLiteral("talks")};
    const auto mask = masked ? index.mask(filter) : nullptr;
    const TimelineHistogram h = TimelineHistogram::compute(index, mask.get(), first, last, bucketSize);

    std::vector<int> totals(size_t(h.bucketCount()), 0);
    std::vector<int> counts(size_t(h.bucketCount()) * 3, 0);
    qint64 points = 0, bands = 0;
    const qint32 axisFrom = h.bucket(0).fromDay, axisTo = h.bucket(h.bucketCount() - 1).toDay;
    for (const Row &r : rows) {
        if (r.to < axisFrom || r.from > axisTo || (masked && r.type != 1))
            continue;
        const int bucket = h.bucketOf(r.from);
        if (bucket >= 0 && r.to <= h.bucket(bucket).toDay) {
            ++totals[size_t(bucket)];
            ++counts[size_t(bucket) * 3 + size_t(r.type)];
            ++points;
        } else {
            ++bands;
        }
    }
    QCOMPARE(h.pointEvents(), points);
    QCOMPARE(h.bandEvents(), bands);
    QVERIFY(points > 20 && bands > 20);
    for (int i = 0; i < h.bucketCount(); ++i) {
        QCOMPARE(h.bucket(i).total, totals[size_t(i)]);
        for (int t = 0; t < 3; ++t)
            QCOMPARE(h.count(i, index.typeIdOf(types[t])), counts[size_t(i) * 3 + size_t(t)]);
    }
}

void TestTimeline::nextAndPreviousEvent()
{
    const auto index = makeIndex();
    QCOMPARE(nextEventDay(*index, nullptr, day(2001, 11, 3)).value(), day(2001, 11, 12));
    QCOMPARE(previousEventDay(*index, nullptr, day(2001, 11, 12)).value(), day(2001, 11, 3));
    QVERIFY(!nextEventDay(*index, nullptr, day(2001, 12, 10)));
    EventFilter filter;
    filter.types = {QStringLiteral("surrender")};
    const auto mask = index->mask(filter);
    QCOMPARE(nextEventDay(*index, mask.get(), day(2001, 11, 1)).value(), day(2001, 12, 10));
    QVERIFY(!previousEventDay(*index, mask.get(), day(2001, 12, 10)));
    QVERIFY(hasEvents(*index, nullptr, day(2001, 11, 25), day(2001, 11, 26))); // inside the month
    QVERIFY(!hasEvents(*index, nullptr, day(2001, 12, 1), day(2001, 12, 9)));
    QVERIFY(!hasEvents(*index, mask.get(), day(2001, 11, 1), day(2001, 11, 30)));
}

void TestTimeline::modelStepsAndSkipsEmpty()
{
    TimelineModel model;
    QSignalSpy changed(&model, &TimelineModel::windowChanged);
    model.setIndex(makeIndex());
    QCOMPARE(changed.count(), 1);
    // The first window is one step at the start: 40 days of data are stepped by days.
    QCOMPARE(model.from(), QDate(2001, 11, 1));
    QCOMPARE(model.to(), QDate(2001, 11, 1));
    QCOMPARE(int(model.stepUnit()), int(TimelineModel::StepUnit::Day));
    QCOMPARE(model.windowEventCount(), 3); // the two of 1 Nov and the month

    model.setWindow(QDate(2001, 12, 1), QDate(2001, 12, 2));
    model.setStepUnit(TimelineModel::StepUnit::Day);
    model.stepForward();
    QCOMPARE(model.from(), QDate(2001, 12, 2));
    QCOMPARE(model.windowEventCount(), 0);
    model.setSkipEmpty(true);
    model.stepForward(); // Dec 3-4 is empty: on to the window that ends on the surrender
    QCOMPARE(model.to(), QDate(2001, 12, 10));
    QCOMPARE(model.from(), QDate(2001, 12, 9));
    QVERIFY(model.windowEventCount() > 0);
    model.stepBackward(); // Dec 8-9 is empty: back to the window that starts on the previous event
    QCOMPARE(model.from(), QDate(2001, 11, 20));

    model.nextEvent();
    QCOMPARE(model.to(), QDate(2001, 12, 10));
    model.previousEvent();
    QCOMPARE(model.from(), QDate(2001, 11, 20));
}

void TestTimeline::modelCumulativeMode()
{
    TimelineModel model;
    model.setIndex(makeIndex());
    model.setWindow(QDate(2001, 11, 1), QDate(2001, 11, 7));
    model.setMode(TimeWindow::Mode::Cumulative);
    model.setStepUnit(TimelineModel::StepUnit::Week);
    model.stepForward();
    model.stepForward();
    QCOMPARE(model.from(), QDate(2001, 11, 1));
    QCOMPARE(model.to(), QDate(2001, 11, 21));
    model.goToEnd();
    QCOMPARE(model.from(), QDate(2001, 11, 1));
    QCOMPARE(model.to(), QDate(2001, 12, 10));
    model.goToStart();
    QCOMPARE(model.from(), QDate(2001, 11, 1));
    QCOMPARE(model.to(), QDate(2001, 11, 7));
}

void TestTimeline::modelPlaybackStopsOrLoops()
{
    TimelineModel model;
    model.setIndex(makeIndex());
    model.setWindow(QDate(2001, 12, 8), QDate(2001, 12, 9));
    QSignalSpy playing(&model, &TimelineModel::playingChanged);
    QSignalSpy end(&model, &TimelineModel::endReached);
    model.play();
    QVERIFY(model.isPlaying());
    QCOMPARE(playing.count(), 1);
    // Drive the frames by hand: no timing in tests.
    model.stepForward();
    QCOMPARE(model.to(), QDate(2001, 12, 10));
    model.pause();
    QCOMPARE(playing.count(), 2);
    QVERIFY(!model.isPlaying());

    // Playing from the end starts from the beginning.
    model.goToEnd();
    model.play();
    QCOMPARE(model.from(), QDate(2001, 11, 1));
    model.pause();
    model.setSpeed(1000);
    QCOMPARE(model.speed(), TimelineModel::kMaxSpeed);
    model.setSpeed(0);
    QCOMPARE(model.speed(), TimelineModel::kMinSpeed);
    Q_UNUSED(end);
}

void TestTimeline::modelGoToDateAndAxis()
{
    TimelineModel model;
    model.setIndex(makeIndex());
    model.setWindow(QDate(2001, 11, 1), QDate(2001, 11, 7));
    model.goToDate(QDate(2001, 11, 20));
    QCOMPARE(model.from(), QDate(2001, 11, 20));
    QCOMPARE(model.to(), QDate(2001, 11, 26));

    QSignalSpy histogram(&model, &TimelineModel::histogramChanged);
    model.setAxisPixels(400);
    model.setAxis(day(2001, 11, 1), day(2001, 12, 1));
    QCOMPARE(int(model.bucketSize()), int(BucketSize::Day)); // 400 px for 30 days
    QVERIFY(histogram.count() > 0);
    model.zoomAxis(0.1, day(2001, 11, 15)); // out: 300 days, weeks of 9 px
    QCOMPARE(int(model.bucketSize()), int(BucketSize::Week));
    model.zoomAxis(0.2, day(2001, 11, 15)); // 1500 days: weeks of 2 px are too thin
    QCOMPARE(int(model.bucketSize()), int(BucketSize::Month));
    model.zoomAxis(1e-9, day(2001, 11, 15)); // a wheel gone wild: the axis stops at three centuries
    QVERIFY(model.axisTo() - model.axisFrom() <= TimelineModel::kMaxAxisDays);
    QVERIFY(model.histogram().bucketCount() < 4000);
    model.fitToData();
    QVERIFY(model.axisFrom() < day(2001, 11, 1));
    QVERIFY(model.axisTo() > day(2001, 12, 10));
    QCOMPARE(model.histogram().pointEvents() + model.histogram().bandEvents(), 7);
    // A mask from the filters changes the histogram.
    EventFilter filter;
    filter.types = {QStringLiteral("talks")};
    model.setMask(model.index()->mask(filter));
    QCOMPARE(model.histogram().pointEvents() + model.histogram().bandEvents(), 2);
}

void TestTimeline::widgetKeysAndButtons()
{
    TimelineModel model;
    model.setIndex(makeIndex());
    model.setWindow(QDate(2001, 11, 1), QDate(2001, 11, 7));
    TimelineWidget widget(model);
    widget.resize(900, 200);
    widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&widget));
    QWidget *area = widget.findChild<QWidget *>(QStringLiteral("timelineArea"));
    QVERIFY(area);
    area->setFocus();

    QSignalSpy windows(&model, &TimelineModel::windowChanged);
    QTest::keyClick(area, Qt::Key_Right);
    QCOMPARE(model.from(), QDate(2001, 11, 2));
    QTest::keyClick(area, Qt::Key_Left);
    QCOMPARE(model.from(), QDate(2001, 11, 1));
    QTest::keyClick(area, Qt::Key_End);
    QCOMPARE(model.to(), QDate(2001, 12, 10));
    QTest::keyClick(area, Qt::Key_Home);
    QCOMPARE(model.from(), QDate(2001, 11, 1));
    QCOMPARE(windows.count(), 4);
    QTest::keyClick(area, Qt::Key_Space);
    QVERIFY(model.isPlaying());
    QTest::keyClick(area, Qt::Key_Space);
    QVERIFY(!model.isPlaying());

    auto *play = widget.findChild<QToolButton *>(QStringLiteral("playButton"));
    QVERIFY(play);
    QTest::mouseClick(play, Qt::LeftButton);
    QVERIFY(model.isPlaying());
    QTest::mouseClick(play, Qt::LeftButton);
    QVERIFY(!model.isPlaying());

    auto *next = widget.findChild<QToolButton *>(QStringLiteral("nextEventButton"));
    QVERIFY(next);
    QTest::mouseClick(next, Qt::LeftButton);
    QCOMPARE(model.to(), QDate(2001, 11, 12));

    auto *unit = widget.findChild<QComboBox *>(QStringLiteral("stepUnit"));
    QVERIFY(unit);
    unit->setCurrentIndex(2);
    QCOMPARE(int(model.stepUnit()), int(StepUnit::Month));
    auto *mode = widget.findChild<QComboBox *>(QStringLiteral("windowMode"));
    QVERIFY(mode);
    mode->setCurrentIndex(1);
    QVERIFY(model.mode() == TimeWindow::Mode::Cumulative);

    auto *speed = widget.findChild<QComboBox *>(QStringLiteral("speed"));
    QVERIFY(speed);
    speed->setEditText(QStringLiteral("12"));
    QTest::keyClick(speed->lineEdit(), Qt::Key_Return);
    QCOMPARE(model.speed(), 12.0);

    // The window's start, typed (tst_timecontrols has the rest of From, To and Length).
    auto *from = widget.findChild<QWidget *>(QStringLiteral("windowFrom"));
    QVERIFY(from);
    auto *go = from->findChild<QLineEdit *>();
    QVERIFY(go);
    mode->setCurrentIndex(0);
    go->setText(QStringLiteral("2001-11-20"));
    QTest::keyClick(go, Qt::Key_Return);
    QCOMPARE(model.from(), QDate(2001, 11, 20));
    go->setText(QStringLiteral("not a date"));
    QTest::keyClick(go, Qt::Key_Return);
    QCOMPARE(model.from(), QDate(2001, 11, 20));
}

void TestTimeline::widgetDragsWindow()
{
    TimelineModel model;
    model.setIndex(makeIndex());
    model.setWindow(QDate(2001, 11, 5), QDate(2001, 11, 11));
    TimelineWidget widget(model);
    widget.resize(900, 200);
    widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&widget));
    model.setAxis(day(2001, 11, 1), day(2001, 12, 1));
    auto *area = widget.findChild<TimelineArea *>(QStringLiteral("timelineArea"));
    QVERIFY(area);

    // Drag the body by ten days: both ends move.
    const int y = area->height() / 2;
    const int body = area->xOfDay(day(2001, 11, 8));
    const int tenDays = area->xOfDay(day(2001, 11, 18)) - body;
    QTest::mousePress(area, Qt::LeftButton, {}, QPoint(body, y));
    QMouseEvent move(QEvent::MouseMove, QPointF(body + tenDays, y), area->mapToGlobal(QPointF(body + tenDays, y)),
                     Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(area, &move);
    QTest::mouseRelease(area, Qt::LeftButton, {}, QPoint(body + tenDays, y));
    QCOMPARE(model.from(), QDate(2001, 11, 15));
    QCOMPARE(model.to(), QDate(2001, 11, 21));

    // Drag the end handle: only the end moves.
    const int endX = area->xOfDay(day(2001, 11, 22)) - 1;
    const int target = area->xOfDay(day(2001, 11, 25));
    QTest::mousePress(area, Qt::LeftButton, {}, QPoint(endX, y));
    QMouseEvent move2(QEvent::MouseMove, QPointF(target, y), area->mapToGlobal(QPointF(target, y)), Qt::NoButton,
                      Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(area, &move2);
    QTest::mouseRelease(area, Qt::LeftButton, {}, QPoint(target, y));
    QCOMPARE(model.from(), QDate(2001, 11, 15));
    QCOMPARE(model.to(), QDate(2001, 11, 24));
}

void TestTimeline::widgetEndMarkers()
{
    const auto index = makeOutlierIndex();
    TimelineModel model;
    model.setIndex(index);
    model.setWindow(QDate(2001, 11, 20), QDate(2001, 11, 25));
    TimelineWidget widget(model);
    widget.resize(900, 200);
    widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&widget));
    auto *area = widget.findChild<TimelineArea *>(QStringLiteral("timelineArea"));
    QVERIFY(area);
    auto *fit = widget.findChild<QToolButton *>(QStringLiteral("fitButton"));
    QVERIFY(fit);
    QVERIFY2(fit->toolTip().contains(QStringLiteral("Fit All Events")), qPrintable(fit->toolTip()));
    const QColor edge(30, 90, 180); // the marker's frame, the window's edge colour
    const auto render = [area] {
        QImage image(area->size(), QImage::Format_ARGB32);
        area->render(&image);
        return image;
    };

    // After Fit: the 1979 statement is off the axis and counted on the left, nothing on the right.
    QCOMPARE(area->outsideCounts().before, 1);
    QCOMPARE(area->outsideCounts().after, 0);
    const QRect earlier = area->endMarkerRect(TimelineArea::End::Earlier);
    QVERIFY(!earlier.isEmpty());
    QVERIFY(area->endMarkerRect(TimelineArea::End::Later).isEmpty());
    QVERIFY(earlier.right() < area->xOfDay(day(2001, 11, 20)));
    QVERIFY2(pixelsOf(render(), earlier, edge) >= earlier.width(), "the marker is drawn");
    QHelpEvent help(QEvent::ToolTip, earlier.center(), area->mapToGlobal(earlier.center()));
    QApplication::sendEvent(area, &help);
    QVERIFY2(QToolTip::text().contains(QStringLiteral("1979-03-01")), qPrintable(QToolTip::text()));
    QToolTip::hideText();

    // Clicking it extends the axis back to 1979; the end and the window stay.
    const double axisTo = model.axisTo();
    QTest::mouseClick(area, Qt::LeftButton, {}, earlier.center());
    QVERIFY(model.axisFrom() < day(1979, 3, 1));
    QCOMPARE(model.axisTo(), axisTo);
    QCOMPARE(model.from(), QDate(2001, 11, 20));
    QCOMPARE(area->outsideCounts().before, 0);
    QVERIFY(area->endMarkerRect(TimelineArea::End::Earlier).isEmpty());
    QCOMPARE(pixelsOf(render(), earlier, edge), 0);

    // Fit trims again; a double click on the marker extends and does not fit back.
    QTest::mouseClick(fit, Qt::LeftButton, {}, QPoint(4, fit->height() / 2));
    QCOMPARE(area->outsideCounts().before, 1);
    QTest::mouseClick(area, Qt::LeftButton, {}, earlier.center());
    QTest::mouseDClick(area, Qt::LeftButton, {}, earlier.center());
    QVERIFY(model.axisFrom() < day(1979, 3, 1));
    // A double click elsewhere fits (the bulk).
    QTest::mouseDClick(area, Qt::LeftButton, {}, QPoint(area->width() / 2, area->height() / 2));
    QCOMPARE(area->outsideCounts().before, 1);
    // The Fit button's other entry fits every event.
    widget.fitAllAction()->trigger();
    QVERIFY(model.axisFrom() < day(1979, 3, 1));
    QCOMPARE(area->outsideCounts().before + area->outsideCounts().after, 0);

    // Zoomed into the first half of November: 75 later, and the click reaches the 30th.
    model.setAxis(day(2001, 11, 1), day(2001, 11, 16));
    QCOMPARE(area->outsideCounts().after, 75);
    QCOMPARE(area->outsideCounts().before, 1);
    const QRect later = area->endMarkerRect(TimelineArea::End::Later);
    QVERIFY(!later.isEmpty());
    QVERIFY(later.left() > area->width() / 2);
    QTest::mouseClick(area, Qt::LeftButton, {}, later.center());
    QCOMPARE(model.axisFrom(), double(day(2001, 11, 1)));
    QVERIFY(model.axisTo() > day(2001, 12, 1));
    QCOMPARE(area->outsideCounts().after, 0);
    QCOMPARE(model.from(), QDate(2001, 11, 20)); // the window did not move

    // The counts follow the filters: with clashes only, nothing is earlier.
    EventFilter clashes;
    clashes.types = {QStringLiteral("armed_clash")};
    model.setMask(index->mask(clashes));
    QCOMPARE(area->outsideCounts().before, 0);
    QVERIFY(area->endMarkerRect(TimelineArea::End::Earlier).isEmpty());
}

QTEST_MAIN(TestTimeline)
#include "tst_timeline.moc"
