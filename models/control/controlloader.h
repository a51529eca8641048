#pragma once

#include "control/controlcorrection.h"
#include "control/controllayer.h"
#include "control/sidetable.h"
#include "event.h"
#include "result.h"

#include <memory>

namespace mapline {

class Basemap;
class EventStore;

// Control as the map shows it, from a store: its sides (the shipped lexicon when its tables are
// empty), every event, the inference and the analyst's corrections over it, made into one
// ControlLayer. The viewer (on a worker thread, with a connection of its own) and `mapline
// snapshot/animate --control` share it. `events` (optional) receives the events read, for the
// evidence sentences.
class ControlLoader {
public:
    static Result<std::shared_ptr<const ControlLayer>> load(const EventStore &store, const Basemap *basemap,
                                                            QList<Event> *events = nullptr);
    // The same from what was read from any store (a PostgreSQL one: pg::PgEventReader): its sides
    // (empty: the shipped lexicon), every event and the analyst's corrections.
    static Result<std::shared_ptr<const ControlLayer>> make(SideTable sides, const QList<Event> &events,
                                                            const QList<ControlCorrection> &corrections,
                                                            const Basemap *basemap);
};

} // namespace mapline
