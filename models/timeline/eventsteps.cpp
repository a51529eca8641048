#include "timeline/eventsteps.h"

#include <algorithm>

namespace mapline::timeline {

std::optional<qint32> nextEventDay(const EventIndex &index, const EventMask *mask, qint32 day)
{
    const qint32 *first = index.startData();
    const qint32 *last = first + index.size();
    for (const qint32 *it = std::upper_bound(first, last, day); it != last; ++it)
        if (!mask || mask->test(it - first))
            return *it;
    return std::nullopt;
}

std::optional<qint32> previousEventDay(const EventIndex &index, const EventMask *mask, qint32 day)
{
    const qint32 *first = index.startData();
    const qint32 *it = std::lower_bound(first, first + index.size(), day);
    while (it != first) {
        --it;
        if (!mask || mask->test(it - first))
            return *it;
    }
    return std::nullopt;
}

bool hasEvents(const EventIndex &index, const EventMask *mask, qint32 fromDay, qint32 toDay)
{
    const EventIndex::Window w = index.window(fromDay, toDay);
    for (quint32 row : w.longRows)
        if (!mask || mask->test(row))
            return true;
    const qint32 *ends = index.endData();
    for (qsizetype row = w.begin; row < w.end; ++row) {
        if (row < w.checkEndBefore && ends[row] < fromDay)
            continue;
        if (!mask || mask->test(row))
            return true;
    }
    return false;
}

} // namespace mapline::timeline
