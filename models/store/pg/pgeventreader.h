#pragma once

// The read side of a PostgreSQL store for the command line (`mapline events`): the same events,
// in the same order, with the same fields as EventStore::forEachEvent gives from SQLite, so that
// a command prints the same bytes from either store. Streamed through two server-side cursors
// (the events, and their actors in the same order) fetched a batch at a time in one read-only
// snapshot: memory does not grow with the number of events. One thread.
#include "control/controlcorrection.h"
#include "control/sidetable.h"
#include "happening.h"
#include "place.h"
#include "result.h"
#include "store/eventquery.h"

#include <functional>
#include <memory>
#include <optional>

#include <QSet>

namespace mapline::pg {

class PgConnection;

class PgEventReader {
public:
    // Connects and checks the store (pgschema::prepare, read-only: nothing is created).
    static Result<std::unique_ptr<PgEventReader>> open(const QString &url);
    ~PgEventReader();
    PgEventReader(const PgEventReader &) = delete;
    PgEventReader &operator=(const PgEventReader &) = delete;

    const QString &url() const;
    // As EventStore::findPlace: a place events were placed at, by name (case-insensitive).
    std::optional<Place> findPlace(const QString &name) const;
    // Whether `search` is a query the store can run (pg::tsqueryFor); the message says how to fix it.
    Status validateSearch(const QString &search) const;
    // As EventStore::forEachEvent: by date (undated last, by id), `sink` returning false stops.
    Status forEachEvent(const EventQuery &query, const std::function<bool(Event &&)> &sink) const;
    // As EventStore::eventTypes: the distinct types of the events `query` selects, sorted.
    Result<QStringList> eventTypes(const EventQuery &query) const;
    // As EventStore::happenings (pgeventreader_happenings.cpp): the happenings whose fused values
    // pass `query`, with their reports' event and article ids, by date.
    Result<QList<Happening>> happenings(const EventQuery &query) const;

    // pgeventreader_control.cpp: FilterMaskBuilder::searchIds' ids (the events whose sentence or
    // article title matches `search`), and the sides and corrections of control as
    // SideTable::fromDatabase and EventStore::controlCorrections read them, in the same order.
    Result<QSet<qint64>> searchIds(const QString &search) const;
    Result<SideTable> sides() const;
    Result<QList<ControlCorrection>> controlCorrections() const;

    // The connection, for what reads on it directly (pg::loadEventIndex). Not between the calls
    // above: each leaves it outside any transaction.
    PgConnection &connection() const { return *mConnection; }

private:
    explicit PgEventReader(std::unique_ptr<PgConnection> connection);
    std::unique_ptr<PgConnection> mConnection;
};

} // namespace mapline::pg
