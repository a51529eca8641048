#pragma once

#include "index/eventindex.h"
#include "index/eventmask.h"

#include <optional>

namespace mapline::timeline {

// Navigation over the index's start days for "next event", "previous event" and skipping
// empty periods; `mask` (null: every event) keeps the filters in force. Binary search, then a
// scan that stops at the first row passing the mask.

// The first start day after `day` of an event passing the mask.
std::optional<qint32> nextEventDay(const EventIndex &index, const EventMask *mask, qint32 day);
// The last start day before `day` of an event passing the mask.
std::optional<qint32> previousEventDay(const EventIndex &index, const EventMask *mask, qint32 day);
// Whether any event passing the mask overlaps [fromDay, toDay]; stops at the first.
bool hasEvents(const EventIndex &index, const EventMask *mask, qint32 fromDay, qint32 toDay);

} // namespace mapline::timeline
