#include "control/controlloader.h"

#include "control/controlinference.h"
#include "store/eventstore.h"

namespace mapline {

Result<std::shared_ptr<const ControlLayer>> ControlLoader::load(const EventStore &store, const Basemap *basemap,
                                                                QList<Event> *events)
{
    using R = Result<std::shared_ptr<const ControlLayer>>;
    Result<SideTable> sides = SideTable::fromDatabase(store.database());
    if (sides && sides->isEmpty())
        sides = SideTable::shipped();
    if (!sides)
        return R::failure(sides.error());
    Result<QList<Event>> all = store.events();
    if (!all)
        return R::failure(all.error());
    const Result<QList<ControlCorrection>> corrections = store.controlCorrections();
    if (!corrections)
        return R::failure(corrections.error());
    ControlHistory history = ControlInference::infer(*all, *sides);
    ControlInference::correct(history, *corrections, *sides);
    if (events)
        *events = std::move(all).value();
    return ControlLayer::make(std::move(history), *sides, basemap);
}

} // namespace mapline
