#include "store/pg/pgindexloader.h"

#include "index/indexlog.h"
#include "index/persistentindex.h"
#include "store/pg/pgchangecounter.h"
#include "store/pg/pgconnection.h"
#include "store/pg/pgindexcache.h"
#include "store/pg/pgindexcopy.h"
#include "store/pg/pgindexreader.h"

#include <QElapsedTimer>

#include <optional>

namespace mapline::pg {
namespace {

using IndexResult = Result<std::shared_ptr<const EventIndex>>;

// The full load's COPY: every dated event, or those reaching into the options' window. Dates
// come from QDate (ISO digits only), so they may stand in the text of COPY.
QString fullCopy(const IndexLoadOptions &options)
{
    QString where = QStringLiteral("e.date IS NOT NULL");
    if (options.to.isValid())
        where += QStringLiteral(" AND e.date <= '%1'").arg(options.to.toString(Qt::ISODate));
    if (options.from.isValid())
        where += QStringLiteral(" AND COALESCE(e.date_end, e.date) >= '%1'").arg(options.from.toString(Qt::ISODate));
    return PgIndexReader::eventsCopy(where, options.from.isValid() || options.to.isValid());
}

} // namespace

IndexResult loadEventIndex(PgConnection &connection, const IndexLoadOptions &options, PgIndexLoadStats *stats,
                           PgIndexPosition *position)
{
    QElapsedTimer timer;
    timer.start();
    if (position)
        *position = {};
    if (stats)
        *stats = {};
    const auto end = [&connection](bool commit) {
        return connection.exec(commit ? QStringLiteral("COMMIT") : QStringLiteral("ROLLBACK"),
                               QStringLiteral("reading the events for the map"));
    };

    // The cached copy (pgindexcache.h) when it shows this snapshot's state of the store.
    const bool whole = !options.from.isValid() && !options.to.isValid();
    const QString cacheFolder = options.persistent && whole ? pgindexcache::folder() : QString();
    std::optional<IndexStamp> stamp;
    PgIndexPosition here;
    QString copy;
    // One snapshot for the stamp, the position, the names and the events. The events' read without
    // JIT (it runs once over every row) and with room for the happenings of every event: the
    // memoized lookup of 115,146 happenings at 1,000,000 events evicted 243,275 times in the
    // default 4 MB (reading a store's 1,000,000 events in psql, at load 10: 7.6-8.8 s as before,
    // 4.5-5.4 s so; 16 MB used).
    const QString beginRead = QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY; SET LOCAL jit = off; "
                                             "SET LOCAL work_mem = '64MB'");
    const auto begin = [&]() -> Status {
        stamp.reset();
        here = {};
        if (Status s = connection.exec(beginRead,
                                       QStringLiteral("reading the events for the map"));
            !s)
            return s;
        if (cacheFolder.isEmpty() && !position)
            return {};
        Result<IndexStamp> read = pgchangecounter::stamp(connection);
        Result<PgIndexPosition> at = read && read->usable() ? pgchangelog::position(connection, *read, whole)
                                                            : Result<PgIndexPosition>(PgIndexPosition());
        if (!read || !at) {
            qCWarning(lcIndex).noquote() << (read ? at.error() : read.error()) << "; no index copy is kept";
            end(false); // the failed statement ended the snapshot: read the events in a new one
            return connection.exec(beginRead,
                                   QStringLiteral("reading the events for the map"));
        }
        if (!read->usable()) {
            qCInfo(lcIndex).noquote() << connection.url() << "no index copy:" << read->unusable;
            return {};
        }
        here = std::move(at).value();
        if (!cacheFolder.isEmpty()) {
            stamp = std::move(read).value();
            copy = pgindexcache::pathFor(cacheFolder, stamp->databaseId);
        }
        return {};
    };
    if (Status s = begin(); !s)
        return IndexResult::failure(s.error());
    bool replaceServerCopy = false; // the server's copy was there but of no use: the full load writes it again
    if (stamp) {
        auto mapped = PersistentIndex::open(copy, *stamp, options.positionsFingerprint);
        if (mapped) {
            end(true);
            qCInfo(lcIndex).noquote() << connection.url() << "mapped" << copy << ":" << mapped.value()->size()
                                      << "events in" << timer.elapsed() << "ms";
            if (position)
                *position = here;
            return std::move(mapped).value();
        }
        // No usable copy of this client's own: the server's copy (pgindexcopy.h), brought up to
        // date by the delta, before every event is streamed. None is written for a store of fewer
        // events than persistFromEvents (ids are unique and positive: fewer ids than that, fewer
        // events), whose opens then ask nothing more.
        const bool askServer = stamp->userVersion >= 5 && stamp->maxEventId >= options.persistFromEvents;
        qCInfo(lcIndex).noquote() << mapped.error()
                                  << (askServer ? "; asking the server for its copy" : "; reading the events from the server");
        if (askServer) {
            end(true);
            Result<pgindexcopy::Loaded> fromServer = pgindexcopy::load(connection, *stamp, options, copy);
            if (!fromServer)
                return IndexResult::failure(fromServer.error());
            if (fromServer->index) {
                if (stats) {
                    stats->fromServerCopy = true;
                    stats->serverCopyBytes = fromServer->bytes;
                    stats->eventRows = fromServer->deltaRows;
                    stats->serverCopyRefreshed = fromServer->refreshed;
                }
                if (position)
                    *position = fromServer->position;
                return fromServer->index;
            }
            qCInfo(lcIndex).noquote() << connection.url() << fromServer->why << "; reading the events from the server";
            replaceServerCopy = fromServer->why != u"the server holds no copy of the index";
            if (Status s = begin(); !s)
                return IndexResult::failure(s.error());
        }
    }

    PgIndexReader reader(connection, options);
    Status status = reader.readNames();
    PgIndexLoadStats read;
    // Every event: the happenings and actor links read apart and joined here (pgindexreader.h); a
    // window's few events joined by the server.
    if (status)
        status = whole ? reader.readEventsApart(QStringLiteral("e.date IS NOT NULL"), &read)
                       : reader.readEvents(fullCopy(options), &read);
    const Status ended = end(status.ok());
    if (!status)
        return IndexResult::failure(status.error());
    if (!ended)
        return IndexResult::failure(ended.error());
    const qint64 streamed = timer.elapsed();
    const bool askedPositions = reader.askedPositions();
    auto index = std::make_shared<const EventIndex>(reader.build());
    qCInfo(lcIndex).noquote() << connection.url() << "read:" << read.eventRows << "event rows," << read.bytes / 1024
                              << "KiB in" << streamed << "ms, indexed in" << timer.elapsed() - streamed << "ms";
    if (stats)
        *stats = read;
    if (position)
        *position = here;
    // The client's cached copy, then the server's copy from it when the store has none this client
    // could use (pgindexcopy.h: a role that may not write it is skipped quietly).
    if (stamp && index->size() >= options.persistFromEvents &&
        pgindexcache::keep(*index, *stamp, pgindexcache::fingerprint(options, askedPositions), copy) &&
        stamp->userVersion >= 5 && here.isValid()) {
        const Result<bool> stored = pgindexcopy::store(connection, copy, here, index->size(), replaceServerCopy);
        if (!stored)
            qCWarning(lcIndex).noquote() << stored.error();
        else if (stats)
            stats->serverCopyWritten = stored.value();
    }
    return index;
}

} // namespace mapline::pg
