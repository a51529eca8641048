// Animations, the pure parts: the frame plan (steps, windows, skipping empty periods under the
// filters, events per frame, refused plans) and the GIF palette quantiser. The writers, the
// exporter, `mapline animate` and the dialog: tst_animate.cpp.
#include "animate/animatefixtures.h"
#include "animation/frameplan.h"
#include "animation/palettequantizer.h"
#include "filtermaskbuilder.h"
#include "testsupport.h"

#include <QImage>
#include <QtTest>

using namespace mapline;
using namespace mapline::animation;
using namespace mapline::test;
using timeline::StepUnit;
using timeline::TimeWindow;

class TestFramePlan : public QObject {
    Q_OBJECT
private slots:
    void parsesSteps_data();
    void parsesSteps();
    void plansWindows_data();
    void plansWindows();
    void skipsEmptyPeriods();
    void skipsWithFilters();
    void countsEventsPerFrame();
    void refusesBadPlans();
    void quantizerKeepsFlatColours();
};

void TestFramePlan::parsesSteps_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<int>("unit");
    QTest::addColumn<int>("count");
    QTest::newRow("day") << "day" << true << int(StepUnit::Day) << 1;
    QTest::newRow("week") << "Week" << true << int(StepUnit::Week) << 1;
    QTest::newRow("month") << "month" << true << int(StepUnit::Month) << 1;
    QTest::newRow("3d") << "3d" << true << int(StepUnit::Day) << 3;
    QTest::newRow("0d") << "0d" << false << 0 << 0;
    QTest::newRow("year") << "year" << false << 0 << 0;
    QTest::newRow("d") << "d" << false << 0 << 0;
    QTest::newRow("-2d") << "-2d" << false << 0 << 0;
}

void TestFramePlan::parsesSteps()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    const auto step = Step::parse(text);
    QCOMPARE(step.has_value(), valid);
    if (!valid)
        return;
    QFETCH(int, unit);
    QFETCH(int, count);
    QCOMPARE(int(step->unit), unit);
    QCOMPARE(step->count, count);
    QCOMPARE(Step::parse(step->toString()), step);
}

void TestFramePlan::plansWindows_data()
{
    QTest::addColumn<QDate>("from");
    QTest::addColumn<QDate>("to");
    QTest::addColumn<QString>("step");
    QTest::addColumn<bool>("cumulative");
    QTest::addColumn<int>("windowDays");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("daily, one day") << nov(1) << nov(4) << "day" << false << 0
                                    << QStringList{"11-01..11-01", "11-02..11-02", "11-03..11-03", "11-04..11-04"};
    QTest::newRow("daily, 3-day window, cut at the end")
        << nov(1) << nov(4) << "day" << false << 3 << QStringList{"11-01..11-03", "11-02..11-04"};
    QTest::newRow("weekly") << nov(5) << nov(20) << "week" << false << 0
                            << QStringList{"11-05..11-11", "11-12..11-18", "11-19..11-20"};
    QTest::newRow("2-day step, 1-day window") << nov(1) << nov(6) << "2d" << false << 1
                                              << QStringList{"11-01..11-01", "11-03..11-03", "11-05..11-05", "11-06..11-06"};
    QTest::newRow("monthly, whole months") << QDate(2001, 10, 1) << QDate(2002, 1, 10) << "month" << false << 0
                                           << QStringList{"10-01..10-31", "11-01..11-30", "12-01..12-31", "01-01..01-10"};
    QTest::newRow("cumulative weekly") << nov(5) << nov(20) << "week" << true << 0
                                       << QStringList{"11-05..11-11", "11-05..11-18", "11-05..11-20"};
    QTest::newRow("one day range") << nov(9) << nov(9) << "month" << true << 0 << QStringList{"11-09..11-09"};
}

void TestFramePlan::plansWindows()
{
    QFETCH(QDate, from);
    QFETCH(QDate, to);
    QFETCH(QString, step);
    QFETCH(bool, cumulative);
    QFETCH(int, windowDays);
    QFETCH(QStringList, expected);
    FramePlanOptions o;
    o.from = from;
    o.to = to;
    o.step = *Step::parse(step);
    o.mode = cumulative ? TimeWindow::Mode::Cumulative : TimeWindow::Mode::Moving;
    o.windowDays = windowDays;
    const auto frames = FramePlan::build(o, nullptr);
    QVERIFY2(frames, qPrintable(frames.error()));
    QCOMPARE(windowsOf(*frames), expected);
    for (const Frame &f : *frames)
        QCOMPARE(f.window.mode, o.mode);
}

void TestFramePlan::skipsEmptyPeriods()
{
    const auto index = indexOf(sparseEvents());
    FramePlanOptions o; // the data's range, Nov 3 to Nov 8, a day at a time
    auto frames = FramePlan::build(o, index.get());
    QVERIFY(frames);
    QCOMPARE(frames->size(), 6);
    o.skipEmpty = true;
    frames = FramePlan::build(o, index.get());
    QCOMPARE(windowsOf(*frames), (QStringList{"11-03..11-03", "11-06..11-06", "11-08..11-08"}));
    // Cumulative: a frame only where new days bring events; the skipped days show up with it.
    o.mode = TimeWindow::Mode::Cumulative;
    o.from = nov(1);
    frames = FramePlan::build(o, index.get());
    QCOMPARE(windowsOf(*frames), (QStringList{"11-01..11-03", "11-01..11-06", "11-01..11-08"}));
    QCOMPARE(frames->at(2).events, 3);
}

void TestFramePlan::skipsWithFilters()
{
    const auto index = indexOf(sparseEvents());
    FilterState talksOnly;
    talksOnly.hiddenTypes = {QStringLiteral("armed_clash")};
    const auto mask = FilterMaskBuilder::build(*index, talksOnly);
    QVERIFY(mask);
    FramePlanOptions o;
    o.skipEmpty = true;
    const auto frames = FramePlan::build(o, index.get(), mask.get());
    QVERIFY(frames);
    QCOMPARE(windowsOf(*frames), QStringList{"11-08..11-08"});
    QCOMPARE(frames->first().events, 1);
}

void TestFramePlan::countsEventsPerFrame()
{
    const auto index = indexOf(sparseEvents());
    FramePlanOptions o;
    o.from = nov(1);
    o.to = nov(14);
    o.step = {StepUnit::Week, 1};
    const auto frames = FramePlan::build(o, index.get());
    QVERIFY(frames);
    // Nov 1-7 holds the clashes of Nov 3 and 6, Nov 8-14 the talks of Nov 8.
    QCOMPARE(frames->size(), 2);
    QCOMPARE(frames->at(0).events, 2);
    QCOMPARE(frames->at(1).events, 1);
}

void TestFramePlan::refusesBadPlans()
{
    FramePlanOptions o;
    auto frames = FramePlan::build(o, nullptr);
    QVERIFY(!frames);
    QVERIFY2(frames.error().contains(QStringLiteral("range")), qPrintable(frames.error()));
    o.from = nov(10);
    o.to = nov(1);
    frames = FramePlan::build(o, nullptr);
    QVERIFY(!frames);
    QVERIFY2(frames.error().contains(QStringLiteral("2001-11-01")), qPrintable(frames.error()));
    o.from = QDate(1990, 1, 1);
    o.to = QDate(2020, 1, 1);
    frames = FramePlan::build(o, nullptr);
    QVERIFY(!frames);
    QVERIFY2(frames.error().contains(QStringLiteral("frames")), qPrintable(frames.error()));
    o.step = {StepUnit::Month, 1};
    QVERIFY(FramePlan::build(o, nullptr));
}

void TestFramePlan::quantizerKeepsFlatColours()
{
    // Cream land and grey neighbours (close colours, as on the map) and a strip of 4000 shades.
    QImage image(400, 200, QImage::Format_RGB32);
    image.fill(qRgb(248, 246, 240));
    for (int y = 0; y < 200; ++y)
        for (int x = 200; x < 400; ++x)
            image.setPixel(x, y, y < 100 ? qRgb(236, 234, 228) : qRgb((x * 7) % 256, (y * 13) % 256, (x + y) % 256));
    const auto reduced = PaletteQuantizer::quantize(image, image.rect());
    QVERIFY(reduced.palette.size() <= 256);
    QCOMPARE(reduced.indices.size(), size_t(400 * 200));
    const auto colourAt = [&](int x, int y) { return reduced.palette[reduced.indices[size_t(y * 400 + x)]]; };
    QCOMPARE(colourAt(10, 10), qRgb(248, 246, 240));
    QCOMPARE(colourAt(250, 50), qRgb(236, 234, 228));
    int worst = 0;
    for (int y = 100; y < 200; ++y)
        for (int x = 200; x < 400; ++x) {
            const QRgb a = colourAt(x, y), b = image.pixel(x, y);
            worst = std::max(worst, std::abs(qRed(a) - qRed(b)) + std::abs(qGreen(a) - qGreen(b)) + std::abs(qBlue(a) - qBlue(b)));
        }
    QVERIFY2(worst < 100, qPrintable(QString::number(worst)));
    // Few colours come back exactly, in a sub-rectangle too.
    QImage few(64, 64, QImage::Format_RGB32);
    for (int y = 0; y < 64; ++y)
        for (int x = 0; x < 64; ++x)
            few.setPixel(x, y, qRgb(x * 4, 200, y < 32 ? 10 : 250));
    const QRect rect(8, 8, 40, 40);
    const auto exact = PaletteQuantizer::quantize(few, rect);
    for (int y = 0; y < rect.height(); ++y)
        for (int x = 0; x < rect.width(); ++x)
            QCOMPARE(exact.palette[exact.indices[size_t(y * rect.width() + x)]], few.pixel(rect.left() + x, rect.top() + y));
}

QTEST_GUILESS_MAIN(TestFramePlan)
#include "tst_frameplan.moc"
