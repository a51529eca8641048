#include "render/spiderlayout.h"

#include <QtMath>

#include <algorithm>
#include <cmath>

namespace mapline {

std::vector<QPointF> SpiderLayout::offsets(int count, double spacing)
{
    std::vector<QPointF> out;
    if (count <= 0)
        return out;
    out.reserve(size_t(count));
    if (count <= kMaxRing) {
        // A ring just wide enough for its symbols to stand apart, never on the spot itself.
        const double radius = std::max(spacing * 1.25, spacing * count / (2 * M_PI));
        for (int i = 0; i < count; ++i) {
            const double angle = -M_PI / 2 + 2 * M_PI * i / count;
            out.emplace_back(radius * std::cos(angle), radius * std::sin(angle));
        }
        return out;
    }
    // r = r0 + spacing * theta / 2pi: each turn one spacing further out; the step along the curve
    // is one spacing, so neighbours on a turn and across turns stand `spacing` apart.
    const double r0 = spacing * 1.25;
    double theta = 0.0;
    for (int i = 0; i < count; ++i) {
        const double r = r0 + spacing * theta / (2 * M_PI);
        const double angle = -M_PI / 2 + theta;
        out.emplace_back(r * std::cos(angle), r * std::sin(angle));
        theta += spacing / r;
    }
    return out;
}

double SpiderLayout::reach(int count, double spacing)
{
    double farthest = 0.0;
    for (const QPointF &p : offsets(count, spacing))
        farthest = std::max(farthest, std::hypot(p.x(), p.y()));
    return farthest;
}

} // namespace mapline
