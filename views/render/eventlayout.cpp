#include "render/eventlayout.h"

#include "render/mapsettings.h"

namespace mapline {

QPointF EventLayout::screenPosition(const MapSettings &settings, const Item &item) const
{
    return settings.toScreen(item.metres) + item.offset;
}

const EventLayout::Item *EventLayout::itemAt(const MapSettings &settings, const QPointF &screen, double slop) const
{
    const Item *best = nullptr;
    double bestDistance = 0;
    // Later items are drawn on top; among overlapping hits prefer the nearest centre.
    for (auto it = items.rbegin(); it != items.rend(); ++it) {
        const QPointF d = screenPosition(settings, *it) - screen;
        const double distance = std::hypot(d.x(), d.y());
        if (distance > it->radius + slop)
            continue;
        if (!best || distance < bestDistance - 1.0) {
            best = &*it;
            bestDistance = distance;
        }
    }
    return best;
}

} // namespace mapline
