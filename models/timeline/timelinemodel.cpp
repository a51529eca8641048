#include "timeline/timelinemodel.h"

#include "timeline/eventsteps.h"
#include "timeline/fitspan.h"
#include "timeline/startview.h"

#include <algorithm>
#include <cmath>

namespace mapline {

using namespace timeline;

TimelineModel::TimelineModel(QObject *parent) : QObject(parent)
{
    mTimer.setTimerType(Qt::PreciseTimer);
    connect(&mTimer, &QTimer::timeout, this, &TimelineModel::advance);
    setSpeed(mSpeed);
}

qint32 TimelineModel::dataFirstDay() const
{
    return hasData() ? mIndex->firstDay() : mWindow.fromDay;
}

qint32 TimelineModel::dataLastDay() const
{
    return hasData() ? mIndex->lastDay() : mWindow.toDay;
}

void TimelineModel::setIndex(std::shared_ptr<const EventIndex> index)
{
    mIndex = std::move(index);
    mMask.reset(); // a mask belongs to the index it was built for
    invalidateHistogram();
    if (!hasData()) {
        emit axisChanged();
        return;
    }
    if (!mHasWindow) {
        if (const auto start = startView(*mIndex, mMask.get())) {
            setAxis(start->axisFrom, start->axisTo);
            setStepUnit(start->step);
            applyWindow(TimeWindow{start->window.fromDay, start->window.toDay, mWindow.mode});
        } else {
            applyWindow(TimeWindow{dataFirstDay(), dataLastDay(), mWindow.mode});
        }
    } else {
        emit axisChanged();
    }
}

void TimelineModel::setMask(std::shared_ptr<const EventMask> mask)
{
    if (mask && mIndex && mask->size() != mIndex->size())
        mask.reset();
    mMask = std::move(mask);
    invalidateHistogram();
}

void TimelineModel::invalidateHistogram()
{
    mHistogramValid = false;
    emit histogramChanged();
}

void TimelineModel::setAxis(double fromDay, double toDay)
{
    if (!(toDay > fromDay) || !std::isfinite(fromDay) || !std::isfinite(toDay))
        return;
    const double span = std::clamp(toDay - fromDay, kMinAxisDays, kMaxAxisDays);
    if (span != toDay - fromDay) {
        const double mid = (fromDay + toDay) / 2.0;
        fromDay = mid - span / 2.0;
        toDay = mid + span / 2.0;
    }
    if (fromDay < kEarliestDay) {
        toDay += kEarliestDay - fromDay;
        fromDay = kEarliestDay;
    }
    if (toDay > kLatestDay) {
        fromDay -= toDay - kLatestDay;
        toDay = kLatestDay;
    }
    if (fromDay == mAxisFrom && toDay == mAxisTo)
        return;
    const BucketSize before = bucketSize();
    const bool sameBuckets = std::floor(fromDay) == std::floor(mAxisFrom) && std::ceil(toDay) == std::ceil(mAxisTo);
    mAxisFrom = fromDay;
    mAxisTo = toDay;
    if (!sameBuckets || before != bucketSize())
        invalidateHistogram();
    emit axisChanged();
}

void TimelineModel::setAxisPixels(int pixels)
{
    pixels = std::max(1, pixels);
    if (pixels == mAxisPixels)
        return;
    const BucketSize before = bucketSize();
    mAxisPixels = pixels;
    if (before != bucketSize())
        invalidateHistogram();
    emit axisChanged();
}

void TimelineModel::zoomAxis(double factor, double anchorDay)
{
    if (factor <= 0)
        return;
    setAxis(anchorDay - (anchorDay - mAxisFrom) / factor, anchorDay + (mAxisTo - anchorDay) / factor);
}

void TimelineModel::panAxis(double days)
{
    setAxis(mAxisFrom + days, mAxisTo + days);
}

TimelineModel::BucketSize TimelineModel::bucketSize() const
{
    return bucketSizeFor(mAxisPixels / std::max(1.0, mAxisTo - mAxisFrom));
}

const TimelineHistogram &TimelineModel::histogram() const
{
    if (!mHistogramValid) {
        if (mIndex)
            mHistogram = TimelineHistogram::compute(*mIndex, mMask.get(), qint32(std::floor(mAxisFrom)),
                                                    qint32(std::ceil(mAxisTo)), bucketSize(), kBandLanes);
        else
            mHistogram = {};
        mHistogramValid = true;
    }
    return mHistogram;
}

void TimelineModel::fitToData()
{
    if (!hasData())
        return;
    if (const auto fit = fitAxis(*mIndex, mMask.get(), false, kMinAxisDays))
        setAxis(fit->fromDay, fit->toDay);
}

void TimelineModel::fitToAllData()
{
    if (!hasData())
        return;
    if (const auto fit = fitAxis(*mIndex, mMask.get(), true, kMinAxisDays))
        setAxis(fit->fromDay, fit->toDay);
}

void TimelineModel::setWindow(TimeWindow window)
{
    if (!window.isValid())
        std::swap(window.fromDay, window.toDay);
    applyWindow(window);
}

void TimelineModel::applyWindow(TimeWindow window)
{
    const bool changed = !mHasWindow || window.fromDay != mWindow.fromDay || window.toDay != mWindow.toDay;
    const bool modeChanged = window.mode != mWindow.mode;
    mWindow = window;
    mHasWindow = true;
    if (modeChanged)
        emit optionsChanged();
    if (changed)
        emit windowChanged(mWindow.from(), mWindow.to());
}

void TimelineModel::setWindowLength(const WindowLength &length)
{
    TimeWindow w = mWindow;
    w.toDay = length.endFor(w.fromDay);
    applyWindow(w);
    revealDay(w.toDay);
}

void TimelineModel::setMode(TimeWindow::Mode mode)
{
    if (mode == mWindow.mode)
        return;
    mWindow.mode = mode;
    emit optionsChanged();
}

qsizetype TimelineModel::windowEventCount() const
{
    if (!mIndex)
        return 0;
    return mIndex->count(mIndex->window(mWindow.fromDay, mWindow.toDay), mMask.get());
}

void TimelineModel::setStepUnit(StepUnit unit)
{
    if (unit == mStepUnit)
        return;
    mStepUnit = unit;
    emit optionsChanged();
}

void TimelineModel::setSpeed(double stepsPerSecond)
{
    if (!std::isfinite(stepsPerSecond))
        return;
    mSpeed = std::clamp(stepsPerSecond, kMinSpeed, kMaxSpeed);
    mTimer.setInterval(std::max(1, int(std::lround(1000.0 / mSpeed))));
    emit optionsChanged();
}

void TimelineModel::setLoop(bool loop)
{
    if (loop == mLoop)
        return;
    mLoop = loop;
    emit optionsChanged();
}

void TimelineModel::setSkipEmpty(bool skip)
{
    if (skip == mSkipEmpty)
        return;
    mSkipEmpty = skip;
    emit optionsChanged();
}

void TimelineModel::play()
{
    if (isPlaying() || !hasData())
        return;
    // Playing from the end starts again from the beginning, as media players do.
    if (mWindow.toDay >= dataLastDay())
        goToStart();
    mTimer.start();
    emit playingChanged(true);
}

void TimelineModel::pause()
{
    if (!isPlaying())
        return;
    mTimer.stop();
    emit playingChanged(false);
}

void TimelineModel::togglePlay()
{
    isPlaying() ? pause() : play();
}

void TimelineModel::step(int count)
{
    if (count == 0)
        return;
    TimeWindow w = mWindow.stepped(mStepUnit, count);
    const bool cumulative = w.mode == TimeWindow::Mode::Cumulative;
    // What the step shows that was not shown before: the whole window when it moves, the
    // added stretch when it accumulates.
    const qint32 checkFrom = cumulative && count > 0 ? mWindow.toDay + 1 : w.fromDay;
    if (mSkipEmpty && mIndex && checkFrom <= w.toDay && !hasEvents(*mIndex, mMask.get(), checkFrom, w.toDay)) {
        if (count > 0) {
            if (const auto next = nextEventDay(*mIndex, mMask.get(), w.toDay))
                w = w.endingAt(*next);
        } else if (const auto previous = previousEventDay(*mIndex, mMask.get(), cumulative ? w.toDay + 1 : w.fromDay)) {
            w = cumulative ? w.endingAt(*previous) : w.startingAt(*previous);
        }
    }
    applyWindow(w);
    revealDay(count > 0 ? mWindow.toDay : mWindow.fromDay);
}

void TimelineModel::advance()
{
    if (!hasData()) {
        pause();
        return;
    }
    if (mWindow.toDay >= dataLastDay()) {
        if (mLoop) {
            goToStart();
            return;
        }
        pause();
        emit endReached();
        return;
    }
    step(1);
}

void TimelineModel::goToStart()
{
    if (!hasData())
        return;
    TimeWindow w = mWindow;
    if (w.mode == TimeWindow::Mode::Cumulative) {
        // The accumulation starts again: the end goes back to one step after the start.
        w.toDay = std::max(w.fromDay, addSteps(w.fromDay, mStepUnit, 1) - 1);
    } else {
        w = w.startingAt(dataFirstDay());
    }
    applyWindow(w);
    revealDay(mWindow.fromDay);
}

void TimelineModel::goToEnd()
{
    if (!hasData())
        return;
    applyWindow(mWindow.endingAt(dataLastDay()));
    revealDay(mWindow.toDay);
}

WindowLength TimelineModel::goToLength() const
{
    const qint64 dataDays = hasData() ? qint64(dataLastDay()) - dataFirstDay() + 1 : 0;
    return sensibleLength(mWindow, mStepUnit, dataDays);
}

void TimelineModel::goToDate(const QDate &date, std::optional<WindowLength> length)
{
    if (!date.isValid())
        return;
    const qint32 day = dayOf(date);
    if (mWindow.mode == TimeWindow::Mode::Cumulative) {
        applyWindow(mWindow.endingAt(day));
        revealDay(day);
        return;
    }
    const WindowLength kept = length.value_or(goToLength());
    applyWindow(TimeWindow{day, kept.endFor(day), mWindow.mode});
    // Show the whole window when it fits the axis, else its start.
    revealDay(mWindow.toDay - mWindow.fromDay < (mAxisTo - mAxisFrom) * 0.8 ? mWindow.toDay : day);
    revealDay(day);
}

void TimelineModel::nextEvent()
{
    if (!mIndex)
        return;
    if (const auto day = nextEventDay(*mIndex, mMask.get(), mWindow.toDay)) {
        applyWindow(mWindow.endingAt(*day));
        revealDay(*day);
    }
}

void TimelineModel::previousEvent()
{
    if (!mIndex)
        return;
    const bool moving = mWindow.mode == TimeWindow::Mode::Moving;
    // Cumulative: the start is locked, so "previous" is the last event before the end.
    if (const auto day = previousEventDay(*mIndex, mMask.get(), moving ? mWindow.fromDay : mWindow.toDay)) {
        applyWindow(moving ? mWindow.startingAt(*day) : mWindow.endingAt(*day));
        revealDay(*day);
    }
}

void TimelineModel::revealDay(qint32 day)
{
    const double span = mAxisTo - mAxisFrom;
    if (day < mAxisFrom)
        setAxis(day - span * 0.1, day - span * 0.1 + span);
    else if (day + 1 > mAxisTo)
        setAxis(day + 1 + span * 0.1 - span, day + 1 + span * 0.1);
}

} // namespace mapline
