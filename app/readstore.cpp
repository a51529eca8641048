#include "readstore.h"

#include "commandsupport.h"
#include "control/controlloader.h"
#include "eventlookup.h"
#include "eventtextwriter.h"
#include "happeninglookup.h"
#include "filtermaskbuilder.h"
#include "store/eventstore.h"
#include "store/pg/pgconnection.h"
#include "store/pg/pgeventreader.h"
#include "store/pg/pgindexloader.h"

namespace mapline::cli {
namespace {

// A read of a PostgreSQL store, run again once when the server connection was lost (a server
// restart, an idle connection cut by a firewall) and could be opened again: a viewer left open
// overnight reads on in the morning, as its writer writes on (PgCorrectionStore).
template <typename F>
auto again(const pg::PgEventReader &reader, F read)
{
    auto result = read();
    if (!result && reader.connectionLost() && reader.reconnect())
        result = read();
    return result;
}

} // namespace

Result<std::unique_ptr<ReadStore>> ReadStore::open(const QString &database, const QByteArray &password,
                                                   bool *needsPassword)
{
    using R = Result<std::unique_ptr<ReadStore>>;
    std::unique_ptr<ReadStore> store(new ReadStore);
    if (pg::isUrl(database)) {
        auto reader = pg::PgEventReader::open(database, password, needsPassword);
        if (!reader)
            return R::failure(reader.error());
        store->mPostgres = std::move(reader).value();
    } else {
        auto sqlite = EventStore::open(database, EventStore::Mode::ReadOnly);
        if (!sqlite)
            return R::failure(sqlite.error());
        store->mOwned = std::move(sqlite).value();
        store->mSqlite = store->mOwned.get();
    }
    return store;
}

std::unique_ptr<ReadStore> ReadStore::over(const EventStore &sqlite)
{
    std::unique_ptr<ReadStore> store(new ReadStore);
    store->mSqlite = &sqlite;
    return store;
}

ReadStore::~ReadStore() = default;

QStringList ReadStore::warnings() const
{
    return mSqlite ? mSqlite->warnings() : QStringList();
}

std::optional<int> ReadStore::resolveFilters(const CommandParser &cmd, EventQuery &query) const
{
    if (mSqlite)
        return cmd.resolveFilters(*mSqlite, query);
    const pg::PgEventReader &reader = *mPostgres;
    return cmd.resolveFilters([&reader](const QString &name) { return reader.findPlace(name); },
                              [&reader](const QString &search) { return reader.validateSearch(search); }, query);
}

Status ReadStore::forEachEvent(const EventQuery &query, const std::function<bool(Event &&)> &sink) const
{
    if (mSqlite)
        return mSqlite->forEachEvent(query, sink);
    // Read again only when nothing reached the sink: a stream cut halfway is not begun twice.
    bool delivered = false;
    const auto stream = [&] {
        return mPostgres->forEachEvent(query, [&](Event &&e) {
            delivered = true;
            return sink(std::move(e));
        });
    };
    Status s = stream();
    if (!s && !delivered && mPostgres->connectionLost() && mPostgres->reconnect())
        s = stream();
    return s;
}

Status ReadStore::forEachRecord(const EventQuery &query, const std::function<bool(const EventRecord &)> &sink) const
{
    if (mSqlite)
        return mSqlite->forEachRecord(query, sink);
    EventTextWriter::Holder holder;
    return forEachEvent(query, [&](Event &&e) { return sink(EventTextWriter::recordOf(e, holder)); });
}

Result<QStringList> ReadStore::eventTypes(const EventQuery &query) const
{
    return mSqlite ? mSqlite->eventTypes(query)
                   : again(*mPostgres, [&] { return mPostgres->eventTypes(query); });
}

Result<QList<Happening>> ReadStore::happenings(const EventQuery &query) const
{
    return mSqlite ? mSqlite->happenings(query)
                   : again(*mPostgres, [&] { return mPostgres->happenings(query); });
}

Result<QList<Event>> ReadStore::events(const EventQuery &query) const
{
    QList<Event> out;
    if (Status s = forEachEvent(query, [&out](Event &&e) {
            out.append(std::move(e));
            return true;
        });
        !s)
        return Result<QList<Event>>::failure(s.error());
    return out;
}

Result<std::shared_ptr<const EventIndex>> ReadStore::loadIndex(const IndexLoadOptions &options) const
{
    if (mSqlite)
        return loadEventIndex(*mSqlite, options);
    return again(*mPostgres, [&] { return pg::loadEventIndex(mPostgres->connection(), options); });
}

Result<QSet<qint64>> ReadStore::searchIds(const QString &search) const
{
    return mSqlite ? FilterMaskBuilder::searchIds(*mSqlite, search)
                   : again(*mPostgres, [&] { return mPostgres->searchIds(search); });
}

Result<SideTable> ReadStore::sides() const
{
    return mSqlite ? SideTable::fromDatabase(mSqlite->database())
                   : again(*mPostgres, [&] { return mPostgres->sides(); });
}

Result<QList<ControlCorrection>> ReadStore::controlCorrections() const
{
    return mSqlite ? mSqlite->controlCorrections()
                   : again(*mPostgres, [&] { return mPostgres->controlCorrections(); });
}

Result<std::shared_ptr<const ControlLayer>> ReadStore::controlLayer(const Basemap *basemap) const
{
    using R = Result<std::shared_ptr<const ControlLayer>>;
    if (mSqlite)
        return ControlLoader::load(*mSqlite, basemap);
    Result<SideTable> sides = again(*mPostgres, [&] { return mPostgres->sides(); });
    if (!sides)
        return R::failure(sides.error());
    const Result<QList<Event>> all = events({});
    if (!all)
        return R::failure(all.error());
    const Result<QList<ControlCorrection>> corrections =
        again(*mPostgres, [&] { return mPostgres->controlCorrections(); });
    if (!corrections)
        return R::failure(corrections.error());
    return ControlLoader::make(std::move(sides).value(), *all, *corrections, basemap);
}

Result<QList<Event>> ReadStore::eventsByIds(const QList<qint64> &ids) const
{
    return mSqlite ? EventLookup::byIds(*mSqlite, ids)
                   : again(*mPostgres, [&] { return mPostgres->eventsByIds(ids); });
}

Result<QHash<qint64, Happening>> ReadStore::happeningsByIds(const QList<qint64> &ids) const
{
    return mSqlite ? HappeningLookup::byIds(*mSqlite, ids)
                   : again(*mPostgres, [&] { return mPostgres->happeningsByIds(ids); });
}

Result<Article> ReadStore::article(qint64 id) const
{
    return mSqlite ? mSqlite->article(id) : again(*mPostgres, [&] { return mPostgres->article(id); });
}

Result<std::optional<DatasetRecord>> ReadStore::datasetRecord(qint64 eventId) const
{
    return mSqlite ? mSqlite->datasetRecord(eventId)
                   : again(*mPostgres, [&] { return mPostgres->datasetRecord(eventId); });
}

Result<std::optional<Happening>> ReadStore::happening(qint64 id) const
{
    return mSqlite ? mSqlite->happening(id) : again(*mPostgres, [&] { return mPostgres->happening(id); });
}

bool ReadStore::hasHappenings() const
{
    // A PostgreSQL store has its happenings table from its first schema version.
    return mSqlite ? mSqlite->hasHappenings() : true;
}

Status ReadStore::validateSearch(const QString &search) const
{
    return mSqlite ? mSqlite->validateSearch(search)
                   : again(*mPostgres, [&] { return mPostgres->validateSearch(search); });
}

QString ReadStore::name() const
{
    return mSqlite ? mSqlite->path() : mPostgres->url();
}

} // namespace mapline::cli
