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
    auto layer = make(std::move(sides).value(), *all, *corrections, basemap);
    if (events)
        *events = std::move(all).value();
    return layer;
}

Result<std::shared_ptr<const ControlLayer>> ControlLoader::make(SideTable sides, const QList<Event> &events,
                                                                const QList<ControlCorrection> &corrections,
                                                                const Basemap *basemap)
{
    if (sides.isEmpty()) {
        Result<SideTable> shipped = SideTable::shipped();
        if (!shipped)
            return Result<std::shared_ptr<const ControlLayer>>::failure(shipped.error());
        sides = std::move(shipped).value();
    }
    ControlHistory history = ControlInference::infer(events, sides);
    ControlInference::correct(history, corrections, sides);
    return ControlLayer::make(std::move(history), sides, basemap);
}

} // namespace mapline
