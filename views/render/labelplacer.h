#pragma once

#include <QRectF>

#include <vector>

namespace mapline {

// Greedy label collision avoidance: labels are offered most important first and kept only where
// their rectangle touches no label kept before (Marble's and Mapnik's approach). Rectangles are
// bucketed in a coarse grid so each test looks at a few neighbours, not every label.
class LabelPlacer {
public:
    explicit LabelPlacer(const QRectF &viewport, double padding = 2.0);

    // Whether `rect` is inside the viewport and free.
    bool fits(const QRectF &rect) const;
    void add(const QRectF &rect);
    // fits() then add(); returns whether it was added.
    bool tryAdd(const QRectF &rect);

private:
    static constexpr double kBucket = 96.0;
    std::vector<int> bucketsOf(const QRectF &rect) const;

    QRectF mViewport;
    double mPadding;
    int mColumns;
    int mRows;
    std::vector<QRectF> mRects;
    std::vector<std::vector<int>> mBuckets;
};

} // namespace mapline
