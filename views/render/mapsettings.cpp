#include "render/mapsettings.h"

#include "control/controllayer.h"
#include "geo/projection.h"
#include "index/eventindex.h"

#include <algorithm>
#include <cmath>

namespace mapline {

MapSettings::MapSettings()
{
    // Afghanistan at the default scale until a caller sets an extent.
    mCenter = Projection::fromLonLat(67.7, 33.9);
}

void MapSettings::setCenter(const QPointF &metres)
{
    const double limit = Projection::kHalfWorld;
    mCenter = QPointF(std::clamp(metres.x(), -limit, limit), std::clamp(metres.y(), -limit, limit));
}

void MapSettings::setMetresPerPixel(double metresPerPixel)
{
    if (std::isfinite(metresPerPixel))
        mMetresPerPixel = std::clamp(metresPerPixel, kMinMetresPerPixel, kMaxMetresPerPixel);
}

QRectF MapSettings::extent() const
{
    const double w = mOutputSize.width() * mMetresPerPixel;
    const double h = mOutputSize.height() * mMetresPerPixel;
    return QRectF(mCenter.x() - w / 2, mCenter.y() - h / 2, w, h);
}

QGeoRectangle MapSettings::geoExtent() const
{
    return Projection::unproject(extent());
}

void MapSettings::setExtent(const QRectF &metres, double marginPixels)
{
    const QRectF r = metres.normalized();
    const double w = std::max(1.0, mOutputSize.width() - 2 * marginPixels);
    const double h = std::max(1.0, mOutputSize.height() - 2 * marginPixels);
    mCenter = r.center();
    setMetresPerPixel(std::max(r.width() / w, r.height() / h));
}

void MapSettings::setGeoExtent(const QGeoRectangle &box, double marginPixels)
{
    setExtent(Projection::project(box), marginPixels);
}

QPointF MapSettings::toScreen(const QPointF &metres) const
{
    return {(metres.x() - mCenter.x()) / mMetresPerPixel + mOutputSize.width() / 2.0,
            (mCenter.y() - metres.y()) / mMetresPerPixel + mOutputSize.height() / 2.0};
}

QPointF MapSettings::toScreen(const QGeoCoordinate &coordinate) const
{
    return toScreen(Projection::project(coordinate));
}

QPointF MapSettings::toMetres(const QPointF &screen) const
{
    return {mCenter.x() + (screen.x() - mOutputSize.width() / 2.0) * mMetresPerPixel,
            mCenter.y() - (screen.y() - mOutputSize.height() / 2.0) * mMetresPerPixel};
}

QGeoCoordinate MapSettings::toCoordinate(const QPointF &screen) const
{
    return Projection::unproject(toMetres(screen));
}

QTransform MapSettings::mapToScreenTransform() const
{
    const double k = 1.0 / mMetresPerPixel;
    return QTransform(k, 0, 0, -k, mOutputSize.width() / 2.0 - mCenter.x() * k,
                      mOutputSize.height() / 2.0 + mCenter.y() * k);
}

void MapSettings::zoomBy(double factor, const QPointF &anchor)
{
    if (!(factor > 0))
        return;
    const QPointF fixed = toMetres(anchor);
    setMetresPerPixel(mMetresPerPixel / factor);
    // Move the centre so `fixed` is under `anchor` again.
    const QPointF now = toMetres(anchor);
    setCenter(mCenter + (fixed - now));
}

void MapSettings::panByPixels(const QPointF &delta)
{
    setCenter(mCenter + QPointF(-delta.x() * mMetresPerPixel, delta.y() * mMetresPerPixel));
}

EventIndex::Window MapSettings::eventWindow() const
{
    if (!mEvents)
        return {};
    if (!mFrom.isValid() && !mTo.isValid())
        return mEvents->all();
    return mEvents->window(mFrom, mTo);
}

bool MapSettings::sameBasemapView(const MapSettings &other) const
{
    return mCenter == other.mCenter && mMetresPerPixel == other.mMetresPerPixel &&
           mOutputSize == other.mOutputSize && mDevicePixelRatio == other.mDevicePixelRatio &&
           mBasemap == other.mBasemap && mRelief == other.mRelief && mLayers == other.mLayers &&
           (!hasTimedLayer() || (mFrom == other.mFrom && mTo == other.mTo));
}

bool MapSettings::hasTimedLayer() const
{
    for (const Layer &layer : mLayers)
        if (layer.visible && layer.source && layer.source->vector() && layer.source->vector()->hasTime())
            return true;
    return false;
}

QDate MapSettings::controlDay() const
{
    if (mTo.isValid())
        return mTo;
    if (mControl && !mControl->changes().isEmpty())
        return EventIndex::dateOf(mControl->changes().last().day);
    return mFrom.isValid() ? mFrom : QDate::currentDate();
}

} // namespace mapline
