#pragma once

#include <QWidget>

#include <memory>

namespace mapline {

class ControlLayer;
class TimelineArea;
class TimelineModel;

// The timeline's lane of control changes (docs/CONTROL.md): under the histogram, on the same time
// axis (TimelineArea::xOfDay), one mark per change of hands in the colour of the side that took
// the place; a dashed rim when the reports disagree, a dark dot when the analyst set it. Changes
// of one day stack; a day with more than fit shows "+n". Hovering names the places and the
// changes; a click asks for the place's control history (changeClicked). Hidden while there is no
// control to show. Paints from the ControlLayer only: no query, no inference.
class ControlLane : public QWidget {
    Q_OBJECT
public:
    ControlLane(TimelineModel &model, TimelineArea &area, QWidget *parent = nullptr);

    void setLayer(std::shared_ptr<const ControlLayer> layer);
    const ControlLayer *layer() const { return mLayer.get(); }

    // Where each mark is drawn (logical pixels), in the order of ControlLayer::changes(); an empty
    // rectangle for a change that is off the axis or did not fit. For tests and hit testing.
    QList<QRectF> markRects() const;
    // The changes (indexes into ControlLayer::changes()) whose marks are under `position`.
    QList<int> changesAt(const QPointF &position) const;
    // "Kunduz: Taliban → Anti-Taliban on 26 Nov 2001 (4 reports)", one line per change.
    QString tooltipAt(const QPointF &position) const;

    QSize sizeHint() const override { return {800, kHeight}; }
    QSize minimumSizeHint() const override { return {200, kHeight}; }

    static constexpr int kHeight = 34;

signals:
    // The place (index into ControlLayer::places()) and the state the clicked mark opened.
    void changeClicked(int place, int state);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    bool event(QEvent *event) override;

private:
    TimelineModel &mModel;
    TimelineArea &mArea;
    std::shared_ptr<const ControlLayer> mLayer;
};

} // namespace mapline
