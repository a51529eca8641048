#pragma once

// The store a read-only command (`events`, `happenings`, `export`, `snapshot`, `animate`,
// `control`) reads from --db: a SQLite file (EventStore) or a team's PostgreSQL store
// (pg::PgEventReader), which give the same events, happenings, index and control in the same
// order, so the command writes the same bytes (or pixels) from either. The viewer's Workspace
// reads through it too (over() its own writable EventStore, or open() a URL): the table's page,
// the details panel's article, dataset record and happening, the search, the index and control.
#include "control/controlcorrection.h"
#include "control/controllayer.h"
#include "control/sidetable.h"
#include "article.h"
#include "happening.h"
#include "interop/dataset.h"
#include "index/eventindexloader.h"
#include "result.h"
#include "store/eventquery.h"

#include <QHash>
#include <QSet>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

namespace mapline {
struct EventRecord;
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
    // What opens the same store again, on another thread (a worker's own connection): the file's
    // path or the URL, and a password the analyst typed (memory only; never written anywhere).
    struct Source {
        QString database;
        QByteArray password;
        Result<std::unique_ptr<ReadStore>> open() const { return ReadStore::open(database, password); }
    };
    // `password`, `needsPassword`: as pg::PgConnection::open (a URL's store; ignored for a file).
    static Result<std::unique_ptr<ReadStore>> open(const QString &database, const QByteArray &password = {},
                                                   bool *needsPassword = nullptr);
    // Reads through `store`, which the caller owns and keeps open longer (the viewer's own store).
    static std::unique_ptr<ReadStore> over(const EventStore &store);
    ~ReadStore();
    ReadStore(const ReadStore &) = delete;
    ReadStore &operator=(const ReadStore &) = delete;

    // What the user should know that did not stop the store from opening (EventStore::warnings).
    QStringList warnings() const;
    // CommandParser::resolveFilters through this store's look-ups.
    std::optional<int> resolveFilters(const CommandParser &cmd, EventQuery &query) const;
    Status forEachEvent(const EventQuery &query, const std::function<bool(Event &&)> &sink) const;
    // The same as EventRecords (EventStore::forEachRecord; from PostgreSQL, each Event's record).
    Status forEachRecord(const EventQuery &query, const std::function<bool(const EventRecord &)> &sink) const;
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
    // What the viewer reads: a page of the table (events and happenings by id, ids not in the
    // store skipped), the details (an article with its sentences, a dataset event's record, a
    // happening with its reports' ids), whether the store has happenings, a search's check.
    Result<QList<Event>> eventsByIds(const QList<qint64> &ids) const;
    Result<QHash<qint64, Happening>> happeningsByIds(const QList<qint64> &ids) const;
    Result<Article> article(qint64 id) const;
    Result<std::optional<DatasetRecord>> datasetRecord(qint64 eventId) const;
    Result<std::optional<Happening>> happening(qint64 id) const;
    bool hasHappenings() const;
    Status validateSearch(const QString &search) const;
    // The file's path or the URL (which never holds a password).
    QString name() const;
    bool isPostgres() const { return mPostgres != nullptr; }

    // The SQLite store, for what only it offers yet; null on PostgreSQL.
    const EventStore *sqlite() const { return mSqlite; }
    // The PostgreSQL store's reader; null on SQLite.
    pg::PgEventReader *postgres() const { return mPostgres.get(); }

private:
    ReadStore() = default;
    std::unique_ptr<EventStore> mOwned; // what open() opened; over() borrows
    const EventStore *mSqlite = nullptr;
    std::unique_ptr<pg::PgEventReader> mPostgres;
};

} // namespace mapline::cli
