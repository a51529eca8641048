#include "animation/frameplan.h"

#include "timeline/eventsteps.h"

#include <QRegularExpression>

#include <algorithm>

namespace mapline::animation {

using timeline::StepUnit;
using timeline::TimeWindow;

std::optional<Step> Step::parse(const QString &text)
{
    const QString t = text.trimmed().toLower();
    if (t == u"day")
        return Step{StepUnit::Day, 1};
    if (t == u"week")
        return Step{StepUnit::Week, 1};
    if (t == u"month")
        return Step{StepUnit::Month, 1};
    static const QRegularExpression days(QStringLiteral("^(\\d{1,4})d$"));
    const auto m = days.match(t);
    const int n = m.hasMatch() ? m.captured(1).toInt() : 0;
    if (n < 1 || n > 3660)
        return std::nullopt;
    return Step{StepUnit::Day, n};
}

QString Step::toString() const
{
    if (count == 1)
        return timeline::toString(unit).toLower();
    return unit == StepUnit::Day ? QStringLiteral("%1d").arg(count)
                                 : QStringLiteral("%1 x %2").arg(count).arg(timeline::toString(unit).toLower());
}

Result<QList<Frame>> FramePlan::build(const FramePlanOptions &options, const EventIndex *index, const EventMask *mask)
{
    using R = Result<QList<Frame>>;
    const bool haveEvents = index && !index->isEmpty();
    if (!haveEvents && (!options.from.isValid() || !options.to.isValid()))
        return R::failure(QStringLiteral("there are no dated events, so the range must be given (from and to)"));
    if (options.step.count < 1)
        return R::failure(QStringLiteral("the step must be at least one %1").arg(timeline::toString(options.step.unit)));
    const qint32 first = options.from.isValid() ? timeline::dayOf(options.from) : index->firstDay();
    const qint32 last = options.to.isValid() ? timeline::dayOf(options.to) : index->lastDay();
    if (first > last)
        return R::failure(QStringLiteral("the range ends (%1) before it starts (%2)")
                              .arg(timeline::dateOf(last).toString(Qt::ISODate), timeline::dateOf(first).toString(Qt::ISODate)));
    if (options.mode == TimeWindow::Mode::Moving && options.windowDays < 0)
        return R::failure(QStringLiteral("the window must be at least one day long"));

    const StepUnit unit = options.step.unit;
    const int count = options.step.count;
    // One step's span from the start: the default moving window, and the first cumulative one.
    const qint32 oneStepEnd = std::max(first, timeline::addSteps(first, unit, count) - 1);
    TimeWindow window{first, oneStepEnd, options.mode};
    if (options.mode == TimeWindow::Mode::Moving && options.windowDays > 0)
        window.toDay = first + options.windowDays - 1;

    QList<Frame> frames;
    qint32 shownUpTo = first - 1; // cumulative: the last day already shown by a kept frame
    int planned = 0;
    while (true) {
        if (++planned > kMaxFrames)
            return R::failure(QStringLiteral("more than %1 frames: choose a longer step or a shorter range").arg(kMaxFrames));
        TimeWindow shown = window;
        shown.toDay = std::min(shown.toDay, last);
        const bool cumulative = options.mode == TimeWindow::Mode::Cumulative;
        // What this frame adds to the picture: the whole window when it moves, the new days when
        // it accumulates (skipped days are included, so their events appear with the next frame).
        const qint32 checkFrom = cumulative ? shownUpTo + 1 : shown.fromDay;
        const bool empty =
            options.skipEmpty && !(index && timeline::hasEvents(*index, mask, checkFrom, shown.toDay));
        if (!empty) {
            Frame frame{shown, 0};
            if (haveEvents)
                frame.events = index->count(index->window(shown.fromDay, shown.toDay), mask);
            frames << frame;
            shownUpTo = shown.toDay;
        }
        if (window.toDay >= last)
            break;
        TimeWindow next = window.stepped(unit, count);
        if (next.toDay <= window.toDay) // cannot happen with count >= 1; never loop forever
            break;
        // A step longer than the window may jump past the end: the last frame then ends there.
        if (next.fromDay > last)
            next = next.endingAt(last);
        window = next;
    }
    return frames;
}

} // namespace mapline::animation
