#include "render/labelplacer.h"

#include <algorithm>
#include <cmath>

namespace mapline {

LabelPlacer::LabelPlacer(const QRectF &viewport, double padding)
    : mViewport(viewport)
    , mPadding(padding)
    , mColumns(std::max(1, int(std::ceil(viewport.width() / kBucket))))
    , mRows(std::max(1, int(std::ceil(viewport.height() / kBucket))))
    , mBuckets(size_t(mColumns) * size_t(mRows))
{
}

std::vector<int> LabelPlacer::bucketsOf(const QRectF &rect) const
{
    const int x0 = std::clamp(int((rect.left() - mViewport.left()) / kBucket), 0, mColumns - 1);
    const int x1 = std::clamp(int((rect.right() - mViewport.left()) / kBucket), 0, mColumns - 1);
    const int y0 = std::clamp(int((rect.top() - mViewport.top()) / kBucket), 0, mRows - 1);
    const int y1 = std::clamp(int((rect.bottom() - mViewport.top()) / kBucket), 0, mRows - 1);
    std::vector<int> out;
    for (int y = y0; y <= y1; ++y)
        for (int x = x0; x <= x1; ++x)
            out.push_back(y * mColumns + x);
    return out;
}

bool LabelPlacer::fits(const QRectF &rect) const
{
    if (!mViewport.contains(rect))
        return false;
    const QRectF padded = rect.adjusted(-mPadding, -mPadding, mPadding, mPadding);
    for (int bucket : bucketsOf(padded))
        for (int i : mBuckets[size_t(bucket)])
            if (mRects[size_t(i)].intersects(padded))
                return false;
    return true;
}

void LabelPlacer::add(const QRectF &rect)
{
    const int i = int(mRects.size());
    mRects.push_back(rect);
    for (int bucket : bucketsOf(rect))
        mBuckets[size_t(bucket)].push_back(i);
}

bool LabelPlacer::tryAdd(const QRectF &rect)
{
    if (!fits(rect))
        return false;
    add(rect);
    return true;
}

} // namespace mapline
