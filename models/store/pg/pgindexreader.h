#pragma once

// What the full load of the map's index (pgindexloader.h) and the delta load (pgindexdelta.h)
// share: the actor and place names of the store, and the decoding of the events' COPY rows into
// an EventIndexBuilder, interning names and types as SQLite's loader does (so both loads give
// the same index). One thread: the connection's. Internal to store/pg.
#include "index/eventindexbuilder.h"
#include "index/eventindexloader.h"
#include "store/pg/pgindexloader.h"

#include <functional>
#include <optional>
#include <unordered_map>
#include <vector>

namespace mapline::pg {

class PgConnection;

class PgIndexReader {
public:
    PgIndexReader(PgConnection &c, const IndexLoadOptions &options) : mConnection(c), mOptions(options) {}

    // The `COPY (SELECT ...) TO STDOUT` of the events the reader decodes, with their actor ids,
    // ordered by id: `where` selects them (over `events e`), `with` (when not empty) is a WITH
    // clause ahead of the SELECT. `actorsPerEvent`: the actor ids looked up per event (for a few
    // events), else grouped once for every event and joined.
    static QString eventsCopy(const QString &where, bool actorsPerEvent, const QString &with = {});
    // The events' own columns alone, ordered by id (readEventsApart()).
    static QString eventsAloneCopy(const QString &where);

    // Reads every actor and place name (their ids in the store to the builder's).
    Status readNames();
    // Streams `copy` (from eventsCopy()) into the builder; `beforeEvent(id)` is called before
    // each event row is added (with its id: rows come by ascending id).
    Status readEvents(const QString &copy, PgIndexLoadStats *stats, const std::function<void(qint64)> &beforeEvent = {});
    // The same index as readEvents(eventsCopy(where, false)) gives, for a read of most of the
    // store's events: the happenings (id, sources, place, days) and every actor link read first,
    // each by a plain COPY of its table, then the events alone, joined here. The server's joins
    // (a hash or memoized lookup of the happenings, the links grouped per event, a sort) cost it
    // more than the three scans (docs/PERFORMANCE.md, "The index copy after the import").
    Status readEventsApart(const QString &where, PgIndexLoadStats *stats);
    // Where readEventsApart()'s three reads come from: a source hands `each` its lines, one at a
    // time, in COPY's text format (as PgConnection::copyOut() does), and returns a failure to stop.
    using LineSink = std::function<bool(std::string_view, QString *)>;
    using LineSource = std::function<Status(const LineSink &each)>;
    // The same join over lines that do not come from the server: `happenings` as "id, sources,
    // lon, lat, date, date_end", `links` as "event_id, actor_id", `events` as eventsAloneCopy()'s
    // columns, by ascending id, every one dated (a dataset import's own rows, kept as it wrote
    // them: pgdatasetwriter.cpp). Needs no connection once readNames() is done (another thread
    // may run it).
    Status readLinesApart(const LineSource &happenings, const LineSource &links, const LineSource &events,
                          PgIndexLoadStats *stats);

    EventIndexBuilder &builder() { return mBuilder; }
    EventIndex build() { return mBuilder.build(); }
    // Whether a best known position was looked up (the index then depends on the gazetteer).
    bool askedPositions() const { return !mKnown.empty(); }

private:
    struct CopyLine;
    // What an event row takes from its happening.
    struct Joined {
        qint64 sources = 0;
        quint8 rank = 0;
    };
    // Streams `copy` (its first `columns` columns those of eventsCopy()); `join` gives each row's
    // happening's share and appends its actors' store ids, in ascending order.
    Status streamEvents(const QString &copy, int columns, PgIndexLoadStats *stats, const std::function<void(qint64)> &beforeEvent,
                        const std::function<Joined(const CopyLine &, std::vector<qint64> &)> &join);
    Status streamEvents(const LineSource &source, int columns, PgIndexLoadStats *stats,
                        const std::function<void(qint64)> &beforeEvent,
                        const std::function<Joined(const CopyLine &, std::vector<qint64> &)> &join);
    LineSource copyOf(const QString &copy) const;

    struct PlaceRow {
        QString name, admin1, country;
    };
    std::optional<Place> bestKnown(qint64 placeId);

    PgConnection &mConnection;
    const IndexLoadOptions &mOptions;
    EventIndexBuilder mBuilder;
    std::unordered_map<qint64, quint32> mActorIds;
    std::unordered_map<qint64, quint32> mPlaceNames;
    std::unordered_map<qint64, PlaceRow> mPlaces;
    std::unordered_map<qint64, std::optional<Place>> mKnown;
};

} // namespace mapline::pg
