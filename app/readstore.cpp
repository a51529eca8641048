#include "readstore.h"

#include "commandsupport.h"
#include "store/eventstore.h"
#include "store/pg/pgconnection.h"
#include "store/pg/pgeventreader.h"

namespace mapline::cli {

Result<std::unique_ptr<ReadStore>> ReadStore::open(const QString &database)
{
    using R = Result<std::unique_ptr<ReadStore>>;
    std::unique_ptr<ReadStore> store(new ReadStore);
    if (pg::isUrl(database)) {
        auto reader = pg::PgEventReader::open(database);
        if (!reader)
            return R::failure(reader.error());
        store->mPostgres = std::move(reader).value();
    } else {
        auto sqlite = EventStore::open(database, EventStore::Mode::ReadOnly);
        if (!sqlite)
            return R::failure(sqlite.error());
        store->mSqlite = std::move(sqlite).value();
    }
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
    return mSqlite ? mSqlite->forEachEvent(query, sink) : mPostgres->forEachEvent(query, sink);
}

Result<QStringList> ReadStore::eventTypes(const EventQuery &query) const
{
    return mSqlite ? mSqlite->eventTypes(query) : mPostgres->eventTypes(query);
}

Result<QList<Happening>> ReadStore::happenings(const EventQuery &query) const
{
    return mSqlite ? mSqlite->happenings(query) : mPostgres->happenings(query);
}

} // namespace mapline::cli
