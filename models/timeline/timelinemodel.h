#pragma once

#include "index/eventindex.h"
#include "index/eventmask.h"
#include "timeline/timelinehistogram.h"
#include "timeline/timewindow.h"
#include "timeline/windowlength.h"

#include <QDate>
#include <QObject>
#include <QTimer>

#include <memory>
#include <optional>

namespace mapline {

// The timeline's state in one place: the event index and filter mask it counts, the visible
// stretch of the time axis (zoom and pan), the time window (moving or cumulative) and
// playback (step unit, speed, loop, skip empty periods). Every change goes through here and is
// announced once: windowChanged (the map and the table follow it), axisChanged, histogramChanged,
// playingChanged, optionsChanged. The widget only paints it and forwards input.
// GUI thread; the index and mask are immutable snapshots shared with the map.
class TimelineModel : public QObject {
    Q_OBJECT
public:
    using TimeWindow = timeline::TimeWindow;
    using StepUnit = timeline::StepUnit;
    using BucketSize = timeline::BucketSize;

    static constexpr double kMinSpeed = 0.1;  // steps per second
    static constexpr double kMaxSpeed = 60.0;
    static constexpr double kMinAxisDays = 7.0;
    static constexpr double kMaxAxisDays = 366.0 * 300; // three centuries: bounds the bucket count
    // The axis stays within 1700-2300 (days from 1970): day numbers stay far from overflow.
    static constexpr double kEarliestDay = -98000.0;
    static constexpr double kLatestDay = 121000.0;
    static constexpr int kBandLanes = 8; // lanes of range bands under the histogram

    explicit TimelineModel(QObject *parent = nullptr);

    // A new index keeps the window where it is unless there was none: then the axis shows the
    // bulk of the data and the window is its first step (timeline::startView), with that step.
    void setIndex(std::shared_ptr<const EventIndex> index);
    // The length Go to Date would give the window now.
    timeline::WindowLength goToLength() const;
    std::shared_ptr<const EventIndex> index() const { return mIndex; }
    void setMask(std::shared_ptr<const EventMask> mask);
    std::shared_ptr<const EventMask> mask() const { return mMask; }
    bool hasData() const { return mIndex && !mIndex->isEmpty(); }
    qint32 dataFirstDay() const;
    qint32 dataLastDay() const;

    // --- time axis, in days (fractional while zooming)
    double axisFrom() const { return mAxisFrom; }
    double axisTo() const { return mAxisTo; }
    void setAxis(double fromDay, double toDay);
    void setAxisPixels(int pixels); // the width the axis is drawn at: chooses the bucket size
    int axisPixels() const { return mAxisPixels; }
    void zoomAxis(double factor, double anchorDay); // factor > 1 zooms in
    void panAxis(double days);
    BucketSize bucketSize() const;
    // The histogram of the visible axis, recomputed when index, mask, axis or bucket size change.
    const timeline::TimelineHistogram &histogram() const;

    // --- window
    TimeWindow window() const { return mWindow; }
    QDate from() const { return mWindow.from(); }
    QDate to() const { return mWindow.to(); }
    void setWindow(TimeWindow window);
    void setWindow(QDate from, QDate to) { setWindow(TimeWindow::of(from, to, mWindow.mode)); }
    // Keeps the start and sets the end so the window is `length` long (a month from 1 Nov ends
    // on 30 Nov); in a cumulative window too.
    void setWindowLength(const timeline::WindowLength &length);
    timeline::WindowLength windowLength() const { return timeline::WindowLength::of(mWindow); }
    TimeWindow::Mode mode() const { return mWindow.mode; }
    void setMode(TimeWindow::Mode mode);
    qsizetype windowEventCount() const; // events in the window passing the mask

    // --- playback and steps
    StepUnit stepUnit() const { return mStepUnit; }
    void setStepUnit(StepUnit unit);
    double speed() const { return mSpeed; } // steps per second
    void setSpeed(double stepsPerSecond);
    bool loops() const { return mLoop; }
    void setLoop(bool loop);
    bool skipsEmpty() const { return mSkipEmpty; }
    void setSkipEmpty(bool skip);
    bool isPlaying() const { return mTimer.isActive(); }

public slots:
    // Fits the axis to the bulk of the events passing the mask: far-off outliers (at most 1%)
    // are left out when that halves the span at least (timeline::fitAxis); the timeline counts
    // them at the axis' ends. fitToAllData() fits every event.
    void fitToData();
    void fitToAllData();
    void play();
    void pause();
    void togglePlay();
    void stepForward() { step(1); }
    void stepBackward() { step(-1); }
    void step(int count);
    void goToStart();
    void goToEnd();
    // Moving: the window starts on `date` with `length`, or by default with the length it has
    // when that is sensible (timeline::sensibleLength: a window over most of the data becomes
    // one step long); cumulative: the window ends on it.
    void goToDate(const QDate &date, std::optional<timeline::WindowLength> length = std::nullopt);
    void nextEvent();
    void previousEvent();
    // Shows `day` on the axis (pans when it is outside) without moving the window.
    void revealDay(qint32 day);

signals:
    void windowChanged(const QDate &from, const QDate &to);
    void axisChanged();
    void histogramChanged();
    void playingChanged(bool playing);
    void optionsChanged(); // mode, step unit, speed, loop, skip empty
    void endReached();     // playback stopped at the end of the data

private:
    void advance(); // one playback frame
    void applyWindow(TimeWindow window);
    void invalidateHistogram();

    std::shared_ptr<const EventIndex> mIndex;
    std::shared_ptr<const EventMask> mMask;
    double mAxisFrom = 0.0;
    double mAxisTo = 30.0;
    int mAxisPixels = 600;
    TimeWindow mWindow;
    bool mHasWindow = false;
    StepUnit mStepUnit = StepUnit::Day;
    double mSpeed = 4.0;
    bool mLoop = false;
    bool mSkipEmpty = false;
    QTimer mTimer;
    // Cache: the histogram is a function of (index, mask, axis, bucket size).
    mutable timeline::TimelineHistogram mHistogram;
    mutable bool mHistogramValid = false;
};

} // namespace mapline
