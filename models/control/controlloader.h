#pragma once

#include "control/controllayer.h"
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
};

} // namespace mapline
