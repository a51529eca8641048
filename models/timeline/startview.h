#pragma once

#include "index/eventindex.h"
#include "index/eventmask.h"
#include "timeline/timewindow.h"
#include "timeline/windowlength.h"

#include <optional>

namespace mapline::timeline {

// What the timeline shows when a database is opened for the first time: the axis fitted to the
// bulk of the events (fitAxis: outliers left out and counted at the ends) or, when the events
// come in groups far apart (a 2001 corpus, a 2020 dataset, a few 1979 rows), to the densest
// stretch holding half of them, if that is under a quarter of the bulk (the others are counted
// at the axis' ends: one click shows them); a step that cuts that stretch into a few dozen to
// about a hundred steps (days up to two months, weeks up to two years, months beyond); and a
// moving window one step long at its start, aligned to the step (a day, an ISO week from
// Monday, a calendar month). So the window is wide enough to see and grab, and Play and the
// step keys walk through the data from the first frame on, where a window over everything
// (1979-2020) would leave them nothing to do.
struct StartView {
    double axisFrom = 0.0;
    double axisTo = 0.0;
    StepUnit step = StepUnit::Day;
    TimeWindow window;
};

// nullopt when no event passes `mask`.
std::optional<StartView> startView(const EventIndex &index, const EventMask *mask);

// The step for a stretch of `days` days of data (see StartView).
StepUnit stepForSpan(qint64 days);

// The length Go to Date gives the window: the current one when it is short enough to be the
// analyst's choice (at most a quarter of the data's stretch, or a month), else one step of
// `step`: a window that covered (nearly) everything would otherwise run decades past the data.
WindowLength sensibleLength(const TimeWindow &current, StepUnit step, qint64 dataDays);

} // namespace mapline::timeline
