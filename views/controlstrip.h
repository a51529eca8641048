#pragma once

#include <QDate>
#include <QWidget>

#include <memory>

namespace mapline {

class ControlLayer;

// A place's control history as a small timeline: one band per state in the colour of the side
// holding it (hatched with the rival's colour while contested; an open left end for the state
// before the first change), a tick and the day under each change, and a line at the day the map
// shows. A click on a band selects its state (stateClicked). Paints from the ControlLayer only.
class ControlStrip : public QWidget {
    Q_OBJECT
public:
    explicit ControlStrip(QWidget *parent = nullptr);

    void setPlace(std::shared_ptr<const ControlLayer> layer, int place);
    void setDay(QDate day); // the day the map shows
    // The days the strip spans: from a week before the first change to two weeks after the last
    // (or to the day shown, whichever is later).
    QDate firstDay() const { return mFirst; }
    QDate lastDay() const { return mLast; }
    // The band of state `state` (logical pixels); empty when the place has no such state.
    QRectF bandRect(int state) const;

    QSize sizeHint() const override { return {320, 46}; }
    QSize minimumSizeHint() const override { return {160, 46}; }

signals:
    void stateClicked(int state);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;

private:
    double xOf(QDate day) const;
    void updateSpan();

    std::shared_ptr<const ControlLayer> mLayer;
    int mPlace = -1;
    QDate mDay;
    QDate mFirst;
    QDate mLast;
};

} // namespace mapline
