#pragma once

#include <QPointF>

#include <vector>

namespace mapline {

// Where the symbols of events at one spot go when they are fanned out ("spiderfied", as map
// libraries do for markers no zoom can separate): pixel offsets from the spot, a ring for a few,
// an Archimedean spiral for more, each symbol about `spacing` pixels from its neighbours, the
// first at 12 o'clock and the rest clockwise, outwards. Pure.
class SpiderLayout {
public:
    static constexpr int kMaxRing = 9;
    static std::vector<QPointF> offsets(int count, double spacing);
    // The distance from the spot to the farthest symbol (for hit areas and tests).
    static double reach(int count, double spacing);
};

} // namespace mapline
