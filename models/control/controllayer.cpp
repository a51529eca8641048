#include "control/controllayer.h"

#include "geo/basemap.h"
#include "geo/projection.h"
#include "index/eventindex.h"

#include <algorithm>
#include <limits>

namespace mapline {

std::shared_ptr<const ControlLayer> ControlLayer::make(ControlHistory history, const SideTable &sides,
                                                       const Basemap *basemap)
{
    auto layer = std::make_shared<ControlLayer>();
    for (const SideTable::Side &s : sides.sides()) {
        QColor colour(s.colour);
        layer->mSides.append({s.name, colour.isValid() ? colour : QColor(Qt::darkGray)});
    }
    for (PlaceControl &pc : history.places)
        if (pc.place.coordinate.isValid() && !pc.states.isEmpty())
            layer->mPlaces.append(std::move(pc));
    const qsizetype n = layer->mPlaces.size();
    layer->mPositions.reserve(size_t(n));
    layer->mStarts.resize(size_t(n));
    for (int i = 0; i < n; ++i) {
        const PlaceControl &pc = layer->mPlaces.at(i);
        layer->mPositions.push_back(Projection::project(pc.place.coordinate));
        std::vector<qint32> &starts = layer->mStarts[size_t(i)];
        for (int k = 0; k < pc.states.size(); ++k) {
            const ControlState &s = pc.states.at(k);
            starts.push_back(s.since.isValid() ? EventIndex::dayNumber(s.since) : std::numeric_limits<qint32>::min());
            if (s.since.isValid())
                layer->mChanges.append({EventIndex::dayNumber(s.since), i, k, k > 0 ? pc.states.at(k - 1).side : -1});
        }
    }
    std::stable_sort(layer->mChanges.begin(), layer->mChanges.end(),
                     [](const Change &a, const Change &b) { return a.day < b.day; });
    if (basemap) {
        const VectorLayer &provinces = basemap->provinces();
        const QList<Basemap::Area> &areas = basemap->provinceAreas();
        layer->mProvinces.assign(size_t(n), -1);
        for (int i = 0; i < n; ++i) {
            const QPointF at = layer->mPositions[size_t(i)];
            for (int a = 0; a < areas.size(); ++a) {
                const auto &f = provinces.features()[size_t(areas.at(a).feature)];
                if (f.bounds.contains(at) && f.area.contains(at)) {
                    layer->mProvinces[size_t(i)] = a;
                    break;
                }
            }
        }
    }
    return layer;
}

int ControlLayer::stateIndexOn(int place, QDate day) const
{
    if (place < 0 || place >= mPlaces.size() || !day.isValid())
        return -1;
    const std::vector<qint32> &starts = mStarts[size_t(place)];
    // The last state that began on or before the day (the one before the first change began "always").
    const auto it = std::upper_bound(starts.begin(), starts.end(), EventIndex::dayNumber(day));
    return it == starts.begin() ? -1 : int(it - starts.begin()) - 1;
}

const ControlState *ControlLayer::stateOn(int place, QDate day) const
{
    const int k = stateIndexOn(place, day);
    return k < 0 ? nullptr : &mPlaces.at(place).states.at(k);
}

int ControlLayer::placeIndex(const QString &name, const QString &admin1) const
{
    for (int i = 0; i < mPlaces.size(); ++i)
        if (mPlaces.at(i).place.name.compare(name, Qt::CaseInsensitive) == 0 &&
            (admin1.isEmpty() || mPlaces.at(i).place.admin1 == admin1))
            return i;
    return -1;
}

} // namespace mapline
