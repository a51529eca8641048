#include "render/eventtimestyle.h"

#include <algorithm>
#include <cmath>

namespace mapline {

double EventTimeStyle::shareInWindow(qint32 startDay, qint32 endDay, qint32 fromDay, qint32 toDay)
{
    if (toDay < fromDay || endDay <= startDay)
        return 1.0;
    const qint64 inside = qint64(std::min(endDay, toDay)) - std::max(startDay, fromDay) + 1;
    const qint64 length = qint64(endDay) - startDay + 1;
    return std::clamp(double(inside) / double(length), 0.0, 1.0);
}

double EventTimeStyle::recency(qint32 startDay, qint32 endDay, qint32 fromDay, qint32 toDay)
{
    (void)startDay;
    if (toDay <= fromDay)
        return 1.0;
    const qint32 last = std::clamp(endDay, fromDay, toDay);
    return double(last - fromDay) / double(toDay - fromDay);
}

float EventTimeStyle::opacity(Mode mode, double share, double recency)
{
    // A range wholly inside the window is as solid as a day; a sliver of one is faint but there.
    float alpha = share >= 1.0 ? 1.0f : float(kFaintest + (1.0 - kFaintest) * share);
    if (mode == Mode::FadeByAge)
        alpha *= float(0.25 + 0.75 * recency);
    return std::clamp(alpha, 0.1f, 1.0f);
}

QColor EventTimeStyle::rampColour(double recency)
{
    // Old to new: slate blue, teal, green, yellow, orange, red (perceptually ordered, legible on
    // the pale basemap and in grey print by lightness).
    static const QColor stops[kRampSteps] = {
        QColor(0x4a, 0x5a, 0x9c), QColor(0x3a, 0x7e, 0xb0), QColor(0x2a, 0x9d, 0x9a), QColor(0x5c, 0xb0, 0x5a),
        QColor(0xb5, 0xb8, 0x2e), QColor(0xe8, 0xa3, 0x1f), QColor(0xe8, 0x6a, 0x1c), QColor(0xc8, 0x2a, 0x1e),
    };
    const int step = std::clamp(int(std::floor(std::clamp(recency, 0.0, 1.0) * kRampSteps)), 0, kRampSteps - 1);
    return stops[step];
}

} // namespace mapline
