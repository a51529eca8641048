#pragma once

// The read side of a PostgreSQL store for the command line (`mapline events`): the same events,
// in the same order, with the same fields as EventStore::forEachEvent gives from SQLite, so that
// a command prints the same bytes from either store. Streamed through two server-side cursors
// (the events, and their actors in the same order) fetched a batch at a time in one read-only
// snapshot: memory does not grow with the number of events. One thread.
#include "control/controlcorrection.h"
#include "control/sidetable.h"
#include "article.h"
#include "happening.h"
#include "interop/dataset.h"
#include "place.h"
#include "result.h"
#include "store/eventquery.h"

#include <functional>
#include <memory>
#include <optional>

#include <QHash>
#include <QSet>

namespace mapline::pg {

class PgConnection;

class PgEventReader {
public:
    // Connects and checks the store (pgschema::prepare, read-only: nothing is created).
    // `password` and `needsPassword` as PgConnection::open.
    static Result<std::unique_ptr<PgEventReader>> open(const QString &url, const QByteArray &password = {},
                                                       bool *needsPassword = nullptr);
    ~PgEventReader();
    PgEventReader(const PgEventReader &) = delete;
    PgEventReader &operator=(const PgEventReader &) = delete;

    const QString &url() const;
    // Whether the server connection was lost (a server restart, an idle connection cut by a
    // firewall), and opening it again behind the same PgConnection (connection() stays valid),
    // with the password the reader was opened with (memory only).
    bool connectionLost() const;
    Status reconnect() const;
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

    // pgeventreader_lookup.cpp, what the viewer's table and details panel read (as EventLookup,
    // HappeningLookup, EventStore::article, datasetRecord and happening read them from SQLite):
    // events by id in the order asked for (unknown ids skipped), an article with its sentences,
    // a dataset event's record (nullopt for an article's), happenings by id without their
    // reports' ids, one happening with them.
    Result<QList<Event>> eventsByIds(const QList<qint64> &ids) const;
    Result<Article> article(qint64 id) const;
    Result<std::optional<DatasetRecord>> datasetRecord(qint64 eventId) const;
    Result<QHash<qint64, Happening>> happeningsByIds(const QList<qint64> &ids) const;
    Result<std::optional<Happening>> happening(qint64 id) const;

    // The connection, for what reads on it directly (pg::loadEventIndex). Not between the calls
    // above: each leaves it outside any transaction.
    PgConnection &connection() const { return *mConnection; }

private:
    PgEventReader(std::unique_ptr<PgConnection> connection, const QByteArray &password);
    std::unique_ptr<PgConnection> mConnection;
    QByteArray mPassword; // as typed by the analyst, for reconnect(); memory only
};

} // namespace mapline::pg
