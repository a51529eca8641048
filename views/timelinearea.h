#pragma once

#include "timeline/fitspan.h"

#include <QWidget>

#include <optional>

namespace mapline {

class TimelineModel;

// The drawing and mouse part of the timeline: the time axis with its ticks, the histogram bars
// stacked by type in the map legend's colours (EventStyle), the bands of events dated to a
// range, week or month, the time window with its handles, and the selected event's day.
// Drag a handle to move one end, the body to move the window; drag over the histogram to brush
// a new window (kepler.gl's brush), drag the dates under it, or with Shift or the middle button,
// to pan; the wheel zooms at the cursor (Shift+wheel pans), a double click fits the data; a
// click outside the window moves it there.
// Events wholly off the axis (outliers that Fit left out, or the rest while zoomed in) are
// counted in a marker at each end ("◂ 3 earlier", "12 later ▸"); clicking one extends the
// axis to show them. Space, Left/Right, Home/End and +/- act on the model. Paints from
// TimelineModel only. The end markers live in timelinearea_ends.cpp.
class TimelineArea : public QWidget {
    Q_OBJECT
public:
    explicit TimelineArea(TimelineModel &model, QWidget *parent = nullptr);

    // The x (logical pixels) of the start of `day`, and the day (fractional) at an x.
    int xOfDay(qint32 day) const;
    double dayAt(double x) const;
    void setSelectedDays(qint32 fromDay, qint32 toDay); // toDay < fromDay: none
    // The events passing the filters that lie wholly before or after the visible axis.
    timeline::OutsideCounts outsideCounts() const;
    // The end markers (logical pixels); empty when there is nothing on that side.
    enum class End { Earlier, Later };
    QRect endMarkerRect(End end) const;
    // Extends the axis on that side so the events beyond it show (what clicking a marker does).
    void extendAxis(End end);
    // The axis' date labels: the start of each (logical x) and its text, spaced so that no two
    // collide at the current zoom (1, 2, 5, 10... years apart when zoomed out far).
    struct AxisLabel {
        double x = 0.0;
        QString text;
    };
    QList<AxisLabel> axisLabels() const;
    // The label text's width at the axis' font, for tests.
    double labelWidth(const QString &text) const;
    QSize sizeHint() const override { return {800, 130}; }
    QSize minimumSizeHint() const override { return {200, 80}; }

signals:
    void bucketClicked(qint32 fromDay, qint32 toDay);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    bool event(QEvent *event) override;

private:
    enum class Drag { None, Start, End, Body, Brush, Pan };
    QRectF plotRect() const;
    Drag hitTest(const QPointF &position, Qt::KeyboardModifiers modifiers = {}) const;
    void paintAxis(class QPainter &painter, const QRectF &plot);
    void paintEndMarkers(class QPainter &painter);
    QString endMarkerText(End end) const;
    QString endMarkerTooltip(End end) const;
    static QFont smallFont(QFont font); // the axis labels' and markers' font
    std::optional<End> endMarkerAt(const QPointF &position) const;
    QString tooltipAt(const QPointF &position) const;

    TimelineModel &mModel;
    Drag mDrag = Drag::None;
    QPointF mPressPosition;
    double mPressDay = 0.0;
    qint32 mPressFrom = 0;
    qint32 mPressTo = 0;
    double mPressAxisFrom = 0.0;
    bool mMoved = false;
    qint32 mSelectedFrom = 0;
    qint32 mSelectedTo = -1;
    bool mPressedMarker = false; // the last press extended the axis: its double click does not fit
    // Cache of outsideCounts(): a function of index, mask and axis.
    mutable timeline::OutsideCounts mOutside;
    mutable bool mOutsideValid = false;
};

} // namespace mapline
