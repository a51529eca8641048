#pragma once

// The store a read-only command (`events`, `happenings`, `export`, `snapshot`, `animate`,
// `control`) reads from --db: a SQLite file (EventStore) or a team's PostgreSQL store
// (pg::PgEventReader), which give the same events, happenings, index and control in the same
// order, so the command writes the same bytes (or pixels) from either.
#include "control/controlcorrection.h"
#include "control/controllayer.h"
#include "control/sidetable.h"
#include "happening.h"
#include "index/eventindexloader.h"
#include "result.h"
#include "store/eventquery.h"

#include <QSet>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

namespace mapline {
class Basemap;
class EventStore;
namespace pg {
class PgEventReader;
}
}

namespace mapline::cli {

class CommandParser;

class ReadStore {
public:
    // Opens `database` read-only; a failure's message names it and says why.
    static Result<std::unique_ptr<ReadStore>> open(const QString &database);
    ~ReadStore();
    ReadStore(const ReadStore &) = delete;
    ReadStore &operator=(const ReadStore &) = delete;

    // What the user should know that did not stop the store from opening (EventStore::warnings).
    QStringList warnings() const;
    // CommandParser::resolveFilters through this store's look-ups.
    std::optional<int> resolveFilters(const CommandParser &cmd, EventQuery &query) const;
    Status forEachEvent(const EventQuery &query, const std::function<bool(Event &&)> &sink) const;
    Result<QStringList> eventTypes(const EventQuery &query) const;
    Result<QList<Happening>> happenings(const EventQuery &query) const;
    Result<QList<Event>> events(const EventQuery &query) const;
    // The map's index (loadEventIndex; pg::loadEventIndex on PostgreSQL).
    Result<std::shared_ptr<const EventIndex>> loadIndex(const IndexLoadOptions &options) const;
    // The ids of the events whose sentence or title matches `search` (FilterMaskBuilder::searchIds).
    Result<QSet<qint64>> searchIds(const QString &search) const;
    // Territorial control: the store's sides (empty when it has none), the analyst's corrections,
    // and the layer the map draws (ControlLoader).
    Result<SideTable> sides() const;
    Result<QList<ControlCorrection>> controlCorrections() const;
    Result<std::shared_ptr<const ControlLayer>> controlLayer(const Basemap *basemap) const;
    // The SQLite store, for what only it offers yet; null on PostgreSQL.
    const EventStore *sqlite() const { return mSqlite.get(); }

private:
    ReadStore() = default;
    std::unique_ptr<EventStore> mSqlite;
    std::unique_ptr<pg::PgEventReader> mPostgres;
};

} // namespace mapline::cli
