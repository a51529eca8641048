// Setting the time window exactly (issue 14, items 1, 2 and 13's axis): the first window a
// database opens to, Go to Date keeping a sensible length, the window's length as typed, From
// and To fields that take a typed year, brushing a window on the histogram, and axis labels
// that never overlap.
#include "datefield.h"
#include "index/eventindexbuilder.h"
#include "timeline/startview.h"
#include "timeline/timelinefixtures.h"
#include "timeline/timelinemodel.h"
#include "timeline/windowlength.h"
#include "timelinearea.h"
#include "timelinewidget.h"

#include <QComboBox>
#include <QLineEdit>
#include <QSignalSpy>
#include <QtTest>

using namespace mapline;
using namespace mapline::timeline;
using namespace mapline::test;

namespace {
// A 2001 corpus (160 events over Nov 2001 - Mar 2002), a 2020 dataset (100 events in
// spring 2020) and a few scattered old dates: the shape of the real first-hour database.
std::shared_ptr<const EventIndex> makeSpreadIndex()
{
    EventIndexBuilder b;
    qint64 id = 1;
    const auto add = [&](qint32 from, qint32 to) {
        b.add(id++, from, to, 68.86, 36.73, QStringLiteral("armed_clash"), GeoPrecision::City);
    };
    add(day(1979, 3, 1), day(1979, 3, 1));
    add(day(1979, 3, 1), day(1979, 3, 1));
    add(day(1995, 6, 1), day(1995, 6, 1));
    for (int i = 0; i < 160; ++i)
        add(day(2001, 11, 7) + i % 140, day(2001, 11, 7) + i % 140);
    for (int i = 0; i < 100; ++i)
        add(day(2020, 3, 1) + i % 60, day(2020, 3, 1) + i % 60);
    return std::make_shared<const EventIndex>(b.build());
}
} // namespace

class TestTimeControls : public QObject {
    Q_OBJECT
private slots:
    void windowLengths_data();
    void windowLengths();
    void lengthOfAWindow();
    void startViewShowsTheDenseStretchAtAUsefulStep();
    void startViewOfOneCorpus();
    void firstWindowIsOneStepAndPlayMovesIt();
    void goToDateKeepsASensibleLength();
    void dateFieldTakesATypedYear_data();
    void dateFieldTakesATypedYear();
    void dateFieldRejectsAndSteps();
    void fromToAndLengthFields();
    void brushingTheHistogramSetsTheWindow();
    void axisLabelsNeverOverlap();
};

void TestTimeControls::windowLengths_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("count");
    QTest::addColumn<int>("unit");
    QTest::newRow("bare number: days") << "10" << 10 << int(WindowLength::Unit::Days);
    QTest::newRow("days") << "10 days" << 10 << int(WindowLength::Unit::Days);
    QTest::newRow("d") << "3d" << 3 << int(WindowLength::Unit::Days);
    QTest::newRow("a week") << "1 week" << 1 << int(WindowLength::Unit::Weeks);
    QTest::newRow("weeks, capitals") << "2 Weeks" << 2 << int(WindowLength::Unit::Weeks);
    QTest::newRow("month") << "1 month" << 1 << int(WindowLength::Unit::Months);
    QTest::newRow("mo") << "3 mo" << 3 << int(WindowLength::Unit::Months);
    QTest::newRow("year") << "1 year" << 1 << int(WindowLength::Unit::Years);
    QTest::newRow("zero") << "0 days" << -1 << 0;
    QTest::newRow("two centuries") << "200 years" << -1 << 0;
    QTest::newRow("words") << "a fortnight" << -1 << 0;
}

void TestTimeControls::windowLengths()
{
    QFETCH(QString, text);
    QFETCH(int, count);
    QFETCH(int, unit);
    const auto length = WindowLength::parse(text);
    QCOMPARE(length.has_value(), count > 0);
    if (length) {
        QCOMPARE(length->count, count);
        QCOMPARE(int(length->unit), unit);
        QCOMPARE(WindowLength::parse(length->toString()), length); // what it shows reads back
    }
}

void TestTimeControls::lengthOfAWindow()
{
    // Calendar months and years; weeks; days.
    QCOMPARE((WindowLength{1, WindowLength::Unit::Months}.endFor(day(2001, 11, 1))), day(2001, 11, 30));
    QCOMPARE((WindowLength{1, WindowLength::Unit::Months}.endFor(day(2001, 11, 15))), day(2001, 12, 14));
    QCOMPARE((WindowLength{2, WindowLength::Unit::Weeks}.endFor(day(2001, 11, 8))), day(2001, 11, 21));
    QCOMPARE((WindowLength{1, WindowLength::Unit::Years}.endFor(day(2001, 1, 1))), day(2001, 12, 31));
    QCOMPARE(WindowLength::of(TimeWindow::of(QDate(2001, 11, 1), QDate(2001, 11, 30))).toString(), QStringLiteral("1 month"));
    QCOMPARE(WindowLength::of(TimeWindow::of(QDate(2001, 11, 15), QDate(2001, 12, 14))).toString(), QStringLiteral("1 month"));
    QCOMPARE(WindowLength::of(TimeWindow::of(QDate(2001, 11, 8), QDate(2001, 11, 21))).toString(), QStringLiteral("2 weeks"));
    QCOMPARE(WindowLength::of(TimeWindow::of(QDate(2001, 11, 8), QDate(2001, 11, 22))).toString(), QStringLiteral("15 days"));
    QCOMPARE(WindowLength::of(TimeWindow::of(QDate(2001, 1, 1), QDate(2002, 12, 31))).toString(), QStringLiteral("2 years"));
    QCOMPARE(WindowLength::of(TimeWindow::of(QDate(2001, 11, 8), QDate(2001, 11, 8))).toString(), QStringLiteral("1 day"));
}

void TestTimeControls::startViewShowsTheDenseStretchAtAUsefulStep()
{
    const auto index = makeSpreadIndex();
    const auto view = startView(*index, nullptr);
    QVERIFY(view);
    // The 2001 corpus is the densest stretch holding half the events, far under a quarter of
    // 1979-2020: the axis shows it, the step is a week, the window its first ISO week.
    QCOMPARE(int(view->step), int(StepUnit::Week));
    QCOMPARE(view->window.from(), QDate(2001, 11, 5)); // the Monday of 7 Nov 2001
    QCOMPARE(view->window.to(), QDate(2001, 11, 11));
    QVERIFY(view->axisFrom < day(2001, 11, 7) && view->axisFrom > day(2001, 10, 1));
    QVERIFY(view->axisTo > day(2002, 2, 1) && view->axisTo < day(2002, 5, 1));
}

void TestTimeControls::startViewOfOneCorpus()
{
    // November 2001 alone (with one 1979 outlier left out): days, the first day.
    const auto view = startView(*makeOutlierIndex(), nullptr);
    QVERIFY(view);
    QCOMPARE(int(view->step), int(StepUnit::Day));
    QCOMPARE(view->window.from(), QDate(2001, 11, 1));
    QCOMPARE(view->window.length(), 1);
    QCOMPARE(int(stepForSpan(30)), int(StepUnit::Day));
    QCOMPARE(int(stepForSpan(400)), int(StepUnit::Week));
    QCOMPARE(int(stepForSpan(7000)), int(StepUnit::Month));
}

void TestTimeControls::firstWindowIsOneStepAndPlayMovesIt()
{
    TimelineModel model;
    model.setIndex(makeSpreadIndex());
    // Not 1979-2020: a week, at a weekly step, so a step shows new events.
    QCOMPARE(model.from(), QDate(2001, 11, 5));
    QCOMPARE(model.to(), QDate(2001, 11, 11));
    QCOMPARE(int(model.stepUnit()), int(StepUnit::Week));
    QVERIFY(model.windowEventCount() > 0);
    QVERIFY(model.windowEventCount() < model.index()->size() / 4);
    model.stepForward();
    QCOMPARE(model.from(), QDate(2001, 11, 12));
    QCOMPARE(model.to(), QDate(2001, 11, 18));
    QVERIFY(model.windowEventCount() > 0);
}

void TestTimeControls::goToDateKeepsASensibleLength()
{
    TimelineModel model;
    model.setIndex(makeSpreadIndex());
    // A window over all the data: Go to Date does not keep 41 years (2001 -> 2042).
    model.setWindow(QDate(1979, 3, 1), QDate(2020, 4, 29));
    model.goToDate(QDate(2001, 11, 1));
    QCOMPARE(model.from(), QDate(2001, 11, 1));
    QCOMPARE(model.to(), QDate(2001, 11, 7)); // one (weekly) step
    // The analyst's own ten days are kept.
    model.setWindow(QDate(2001, 11, 1), QDate(2001, 11, 10));
    model.goToDate(QDate(2001, 12, 1));
    QCOMPARE(model.to(), QDate(2001, 12, 10));
    // Or the length asked for.
    model.goToDate(QDate(2001, 11, 1), WindowLength{1, WindowLength::Unit::Months});
    QCOMPARE(model.to(), QDate(2001, 11, 30));
    QCOMPARE(model.windowLength().toString(), QStringLiteral("1 month"));
    model.setWindowLength(WindowLength{3, WindowLength::Unit::Weeks});
    QCOMPARE(model.from(), QDate(2001, 11, 1));
    QCOMPARE(model.to(), QDate(2001, 11, 21));
}

void TestTimeControls::dateFieldTakesATypedYear_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<bool>("end");
    QTest::addColumn<QDate>("expected");
    QTest::newRow("a year starts on 1 Jan") << "2001" << false << QDate(2001, 1, 1);
    QTest::newRow("a year ends on 31 Dec") << "2001" << true << QDate(2001, 12, 31);
    QTest::newRow("a month") << "2001-11" << false << QDate(2001, 11, 1);
    QTest::newRow("a month's end") << "2001-11" << true << QDate(2001, 11, 30);
    QTest::newRow("ISO") << "2001-11-05" << false << QDate(2001, 11, 5);
    QTest::newRow("slashes") << "2001/11/05" << false << QDate(2001, 11, 5);
    QTest::newRow("compact") << "20011105" << false << QDate(2001, 11, 5);
    QTest::newRow("day month year") << "5 Nov 2001" << false << QDate(2001, 11, 5);
    QTest::newRow("month day year") << "November 5, 2001" << false << QDate(2001, 11, 5);
    QTest::newRow("month year, end") << "Feb 2004" << true << QDate(2004, 2, 29);
}

void TestTimeControls::dateFieldTakesATypedYear()
{
    QFETCH(QString, typed);
    QFETCH(bool, end);
    QFETCH(QDate, expected);
    DateField field;
    field.setRole(end ? DateField::Role::End : DateField::Role::Start);
    field.setDate(QDate(1994, 6, 15));
    field.show();
    QVERIFY(QTest::qWaitForWindowExposed(&field));
    QSignalSpy edited(&field, &DateField::dateEdited);
    // Typed over the whole text, as an analyst does after a double click or Ctrl+A.
    field.lineEdit()->selectAll();
    QTest::keyClicks(field.lineEdit(), typed);
    QTest::keyClick(field.lineEdit(), Qt::Key_Return);
    QCOMPARE(field.date(), expected);
    QCOMPARE(edited.count(), 1);
    QCOMPARE(edited.first().first().toDate(), expected);
    QCOMPARE(field.lineEdit()->text(), expected.toString(Qt::ISODate)); // shown in full
}

void TestTimeControls::dateFieldRejectsAndSteps()
{
    DateField field;
    field.setDate(QDate(2001, 11, 5));
    field.show();
    QVERIFY(QTest::qWaitForWindowExposed(&field));
    QSignalSpy edited(&field, &DateField::dateEdited);
    field.lineEdit()->selectAll();
    QTest::keyClicks(field.lineEdit(), QStringLiteral("2001-02-30"));
    QTest::keyClick(field.lineEdit(), Qt::Key_Return);
    QVERIFY(!field.date().isValid());
    QCOMPARE(edited.count(), 0);
    QVERIFY(field.lineEdit()->toolTip().contains(QStringLiteral("not a date")));
    // Fixed: the field is good again; Up and Page Down step it.
    field.lineEdit()->selectAll();
    QTest::keyClicks(field.lineEdit(), QStringLiteral("2001-11-05"));
    QTest::keyClick(field.lineEdit(), Qt::Key_Return);
    QCOMPARE(field.date(), QDate(2001, 11, 5));
    QTest::keyClick(field.lineEdit(), Qt::Key_Up);
    QCOMPARE(field.date(), QDate(2001, 11, 6));
    QTest::keyClick(field.lineEdit(), Qt::Key_PageDown);
    QCOMPARE(field.date(), QDate(2001, 10, 6));
    QCOMPARE(edited.count(), 3);
}

void TestTimeControls::fromToAndLengthFields()
{
    TimelineModel model;
    model.setIndex(makeSpreadIndex());
    TimelineWidget widget(model);
    widget.resize(1400, 220);
    widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&widget));
    auto *from = widget.findChild<DateField *>(QStringLiteral("windowFrom"));
    auto *to = widget.findChild<DateField *>(QStringLiteral("windowTo"));
    auto *length = widget.findChild<QComboBox *>(QStringLiteral("windowLength"));
    QVERIFY(from && to && length);
    QCOMPARE(from->date(), model.from());
    QCOMPARE(to->date(), model.to());
    QCOMPARE(length->currentText(), QStringLiteral("1 week"));

    // "8 to 22 November" in two fields.
    QSignalSpy windows(&model, &TimelineModel::windowChanged);
    from->lineEdit()->selectAll();
    QTest::keyClicks(from->lineEdit(), QStringLiteral("2001-11-08"));
    QTest::keyClick(from->lineEdit(), Qt::Key_Return);
    to->lineEdit()->selectAll();
    QTest::keyClicks(to->lineEdit(), QStringLiteral("2001-11-22"));
    QTest::keyClick(to->lineEdit(), Qt::Key_Return);
    QCOMPARE(model.from(), QDate(2001, 11, 8));
    QCOMPARE(model.to(), QDate(2001, 11, 22));
    QCOMPARE(length->currentText(), QStringLiteral("15 days"));
    QVERIFY(windows.count() >= 2);

    // A typed length keeps the start.
    length->lineEdit()->selectAll();
    QTest::keyClicks(length->lineEdit(), QStringLiteral("2 weeks"));
    QTest::keyClick(length->lineEdit(), Qt::Key_Return);
    QCOMPARE(model.from(), QDate(2001, 11, 8));
    QCOMPARE(model.to(), QDate(2001, 11, 21));
    QCOMPARE(to->date(), QDate(2001, 11, 21));

    // A year typed in From: the window starts on 1 January and keeps its end... unless the
    // start passes the end: then it keeps its length.
    from->lineEdit()->selectAll();
    QTest::keyClicks(from->lineEdit(), QStringLiteral("2020"));
    QTest::keyClick(from->lineEdit(), Qt::Key_Return);
    QCOMPARE(model.from(), QDate(2020, 1, 1));
    QCOMPARE(model.to(), QDate(2020, 1, 14));
    // The model moves the fields (playback, the keys).
    model.stepForward();
    QCOMPARE(from->date(), model.from());
    QCOMPARE(to->date(), model.to());
}

void TestTimeControls::brushingTheHistogramSetsTheWindow()
{
    TimelineModel model;
    model.setIndex(makeSpreadIndex());
    TimelineWidget widget(model);
    widget.resize(1000, 220);
    widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&widget));
    model.setAxis(day(2001, 11, 1), day(2002, 1, 1));
    model.setWindow(QDate(2001, 11, 1), QDate(2001, 11, 3));
    auto *area = widget.findChild<TimelineArea *>(QStringLiteral("timelineArea"));
    QVERIFY(area);
    // Press on the histogram away from the window, drag to the right, release.
    const int y = area->height() / 2;
    const int x0 = area->xOfDay(day(2001, 11, 20)) + 2;
    const int x1 = area->xOfDay(day(2001, 11, 26)) + 2;
    QTest::mousePress(area, Qt::LeftButton, {}, QPoint(x0, y));
    QMouseEvent move(QEvent::MouseMove, QPointF(x1, y), area->mapToGlobal(QPointF(x1, y)), Qt::NoButton,
                     Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(area, &move);
    QTest::mouseRelease(area, Qt::LeftButton, {}, QPoint(x1, y));
    QCOMPARE(model.from(), QDate(2001, 11, 20));
    QCOMPARE(model.to(), QDate(2001, 11, 26));
    // Brushing leftwards works the same; the axis did not pan.
    const double axisFrom = model.axisFrom();
    const int x2 = area->xOfDay(day(2001, 12, 10)) + 2;
    const int x3 = area->xOfDay(day(2001, 12, 1)) + 2;
    QTest::mousePress(area, Qt::LeftButton, {}, QPoint(x2, y));
    QMouseEvent back(QEvent::MouseMove, QPointF(x3, y), area->mapToGlobal(QPointF(x3, y)), Qt::NoButton,
                     Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(area, &back);
    QTest::mouseRelease(area, Qt::LeftButton, {}, QPoint(x3, y));
    QCOMPARE(model.from(), QDate(2001, 12, 1));
    QCOMPARE(model.to(), QDate(2001, 12, 10));
    QCOMPARE(model.axisFrom(), axisFrom);
    // Shift+drag pans instead.
    QTest::mousePress(area, Qt::LeftButton, Qt::ShiftModifier, QPoint(x0, y));
    QMouseEvent pan(QEvent::MouseMove, QPointF(x1, y), area->mapToGlobal(QPointF(x1, y)), Qt::NoButton,
                    Qt::LeftButton, Qt::ShiftModifier);
    QApplication::sendEvent(area, &pan);
    QTest::mouseRelease(area, Qt::LeftButton, Qt::ShiftModifier, QPoint(x1, y));
    QVERIFY(model.axisFrom() < axisFrom);
    QCOMPARE(model.from(), QDate(2001, 12, 1));
}

void TestTimeControls::axisLabelsNeverOverlap()
{
    TimelineModel model;
    model.setIndex(makeSpreadIndex());
    TimelineWidget widget(model);
    widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&widget));
    auto *area = widget.findChild<TimelineArea *>(QStringLiteral("timelineArea"));
    QVERIFY(area);
    // Every zoom from a week to the whole 1979-2020 span, at a laptop's and a narrow width.
    for (int width : {1200, 600}) {
        widget.resize(width, 200);
        QCoreApplication::processEvents();
        for (double span : {10.0, 60.0, 400.0, 1500.0, 5000.0, 15300.0, 40000.0}) {
            model.setAxis(day(1979, 1, 1), day(1979, 1, 1) + span);
            const auto labels = area->axisLabels();
            QVERIFY2(labels.size() >= 2, qPrintable(QStringLiteral("%1 days at %2 px").arg(span).arg(width)));
            for (int i = 0; i + 1 < labels.size(); ++i)
                QVERIFY2(labels[i].x + 3 + area->labelWidth(labels[i].text) < labels[i + 1].x,
                         qPrintable(QStringLiteral("%1 and %2 overlap (%3 days at %4 px)")
                                        .arg(labels[i].text, labels[i + 1].text).arg(span).arg(width)));
        }
    }
}

QTEST_MAIN(TestTimeControls)
#include "tst_timecontrols.moc"
