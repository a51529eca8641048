#pragma once

#include "index/eventindex.h"
#include "index/eventmask.h"
#include "result.h"
#include "timeline/timeaxis.h"
#include "timeline/timewindow.h"

#include <QDate>
#include <QList>
#include <QString>

#include <optional>

namespace mapline::animation {

// How far the window moves from one frame to the next: `count` days, ISO weeks or months
// (TimeWindow::stepped's arithmetic, so "Nov 30 + 1 month" is Dec 31 as on the timeline).
struct Step {
    timeline::StepUnit unit = timeline::StepUnit::Day;
    int count = 1;

    // "day", "week", "month" or "Nd" (N days, 1 to 3660); nullopt otherwise.
    static std::optional<Step> parse(const QString &text);
    QString toString() const;
    friend bool operator==(const Step &, const Step &) = default;
};

// What the animation covers and how its window moves.
struct FramePlanOptions {
    QDate from; // invalid: the first day with events
    QDate to;   // invalid: the last day with events
    Step step;
    timeline::TimeWindow::Mode mode = timeline::TimeWindow::Mode::Moving;
    // Moving: the window's length in days; 0 takes one step's span from `from` (a week for a
    // weekly step, a whole month for a monthly step starting on the 1st). Unused when cumulative.
    int windowDays = 0;
    // Drops frames that add nothing: a moving window without events, or a cumulative window
    // whose newly added days hold none (the events of the filters in force, through the mask).
    bool skipEmpty = false;
};

// One frame of the animation: the time window it shows, and how many events it shows.
struct Frame {
    timeline::TimeWindow window;
    qint64 events = 0;
};

// The list of frames of an animation over an EventIndex, pure: the same options, index and
// mask always give the same frames. Moving windows start at `from` and step until a window
// reaches `to` (a step that would jump past `to` ends the last window there); cumulative windows
// all start at `from` and grow by one step each frame. No window reaches past `to` (the last one
// is cut there). Frames are the timeline's playback,
// written down ahead of time so a writer knows how many there are.
class FramePlan {
public:
    // More frames than this is a mistake (a daily step over decades), refused with a message.
    static constexpr int kMaxFrames = 9999; // frame-0001.png ... frame-9999.png

    // `index` may be null when the options give both ends and skip nothing (counts are then 0);
    // `mask` null: every event counts.
    static Result<QList<Frame>> build(const FramePlanOptions &options, const EventIndex *index,
                                      const EventMask *mask = nullptr);
};

} // namespace mapline::animation
