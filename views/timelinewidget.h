#pragma once

#include <QWidget>

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QToolButton;

namespace mapline {

class ControlLane;
class DateField;
class ElidedLabel;
class TimelineArea;
class TimelineModel;

// The timeline dock's content: playback and navigation controls over a TimelineArea.
// Controls, in groups that wrap to a second row on a narrow window (FlowLayout): go to start,
// previous event, step back, play/pause, step forward, next event, go to end; the window's From
// and To dates (typed, a year or a month will do, or picked) and its Length ("7 days",
// "1 month"; presets or typed); step unit (day, week, month); speed (presets or a typed number
// of steps per second); window mode (moving, cumulative); an Options menu with loop and skip
// empty periods (the actions are offered for the window's Time menu too); Exact dates (the
// workspace wires it to the date-precision filter); Fit (the bulk of the events; its arrow:
// every event, also offered for the Time menu); and a line saying how many events the window
// holds, which gives way (elided) when the row is narrow. Everything acts on the
// TimelineModel, which the widget does not own; the widget follows the model's signals.
class TimelineWidget : public QWidget {
    Q_OBJECT
public:
    explicit TimelineWidget(TimelineModel &model, QWidget *parent = nullptr);

    TimelineArea *area() const { return mArea; }
    // The lane of control changes under the histogram (hidden while there is no control).
    ControlLane *controlLane() const { return mControlLane; }
    // Marks the selected event's dates on the axis (an invalid range clears the mark).
    void setSelectedRange(const QDate &from, const QDate &to);
    QAction *loopAction() const { return mLoop; }
    QAction *skipEmptyAction() const { return mSkipEmpty; }
    QAction *fitAllAction() const { return mFitAll; }
    // Checkable; the owner connects it to its filters and keeps its check in step with them.
    QAction *exactDatesAction() const { return mExactDates; }

private:
    void syncControls();
    void updateSummary();
    void applySpeedText();
    void syncWindowFields();
    void fromEdited(const QDate &date);
    void toEdited(const QDate &date);
    void applyLengthText();

    TimelineModel &mModel;
    TimelineArea *mArea;
    ControlLane *mControlLane;
    QToolButton *mPlay;
    QComboBox *mStepUnit;
    QComboBox *mSpeed;
    QComboBox *mMode;
    QAction *mLoop;
    QAction *mSkipEmpty;
    QAction *mFitAll;
    QAction *mExactDates;
    DateField *mFrom;
    DateField *mTo;
    QComboBox *mLength;
    ElidedLabel *mSummary;
    bool mSyncing = false;
};

} // namespace mapline
