#pragma once

// The store a read-only command (`events`, `happenings`, `export`) reads from --db: a SQLite file
// (EventStore) or a team's PostgreSQL store (pg::PgEventReader), which give the same events and
// happenings in the same order, so the command writes the same bytes from either.
#include "happening.h"
#include "result.h"
#include "store/eventquery.h"

#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

namespace mapline {
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
    // The SQLite store, for what only it offers yet; null on PostgreSQL.
    const EventStore *sqlite() const { return mSqlite.get(); }

private:
    ReadStore() = default;
    std::unique_ptr<EventStore> mSqlite;
    std::unique_ptr<pg::PgEventReader> mPostgres;
};

} // namespace mapline::cli
