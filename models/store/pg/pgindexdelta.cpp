#include "store/pg/pgindexdelta.h"

#include "index/indexlog.h"
#include "store/pg/pgchangecounter.h"
#include "store/pg/pgconnection.h"
#include "store/pg/pgindexcache.h"
#include "store/pg/pgindexcopy.h"
#include "store/pg/pgindexloader.h"
#include "store/pg/pgindexreader.h"

#include <QElapsedTimer>

#include <algorithm>
#include <limits>
#include <vector>

namespace mapline::pg {
namespace {

using DeltaResult = Result<PgIndexDelta>;

// A delta touching more id ranges than this is read in full instead (the ranges travel in the
// text of the COPY, which takes no parameters).
constexpr size_t kMaxRanges = 200000;

struct IdRange {
    qint64 lo, hi;
};

// Sorted, overlapping or adjacent ranges merged.
std::vector<IdRange> merged(std::vector<IdRange> ranges)
{
    std::sort(ranges.begin(), ranges.end(), [](const IdRange &a, const IdRange &b) { return a.lo < b.lo; });
    std::vector<IdRange> out;
    for (const IdRange &r : ranges) {
        if (!out.empty() && (out.back().hi == std::numeric_limits<qint64>::max() || r.lo <= out.back().hi + 1))
            out.back().hi = std::max(out.back().hi, r.hi);
        else
            out.push_back(r);
    }
    return out;
}

// A PostgreSQL array literal of numbers ('{1,2,3}').
template <typename F> QString arrayLiteral(size_t n, F &&value)
{
    QString out;
    out.reserve(qsizetype(n) * 8 + 2);
    out += QLatin1Char('{');
    for (size_t i = 0; i < n; ++i) {
        if (i > 0)
            out += QLatin1Char(',');
        out += QString::number(value(i));
    }
    out += QLatin1Char('}');
    return out;
}

PgIndexDelta fullLoadNeeded(const QString &why)
{
    PgIndexDelta d;
    d.why = why;
    return d;
}

} // namespace

Result<PgIndexDelta> loadEventIndexDelta(PgConnection &connection, const std::shared_ptr<const EventIndex> &current,
                                         const PgIndexPosition &from, const IndexLoadOptions &options)
{
    QElapsedTimer timer;
    timer.start();
    if (!current || !from.isValid())
        return fullLoadNeeded(QStringLiteral("no position to read the changes from"));
    if (!from.whole || options.from.isValid() || options.to.isValid())
        return fullLoadNeeded(QStringLiteral("the index holds a window of the events, not all of them"));
    if (current->typeNames().size() > 255)
        return fullLoadNeeded(QStringLiteral("more than 255 event types"));

    const QString what = QStringLiteral("reading the changes for the map");
    // No JIT: its compilation costs seconds, the queries here read a few rows by index.
    if (Status s = connection.exec(QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY; SET LOCAL jit = off"),
                                   what);
        !s)
        return DeltaResult::failure(s.error());
    const auto end = [&connection, &what](bool commit) {
        return connection.exec(commit ? QStringLiteral("COMMIT") : QStringLiteral("ROLLBACK"), what);
    };
    const auto fail = [&end](const QString &error) {
        end(false);
        return DeltaResult::failure(error);
    };
    const auto fallBack = [&end](const QString &why) {
        end(false);
        return DeltaResult(fullLoadNeeded(why));
    };

    // The store as this snapshot shows it: the same store, schema and triggers as at `from`?
    Result<IndexStamp> stamp = pgchangecounter::stamp(connection);
    if (!stamp)
        return fail(stamp.error());
    if (!stamp->usable())
        return fallBack(stamp->unusable);
    if (stamp->databaseId != from.stamp.databaseId)
        return fallBack(QStringLiteral("the position is another store's"));
    if (stamp->schemaCookie != from.stamp.schemaCookie || stamp->userVersion != from.stamp.userVersion)
        return fallBack(QStringLiteral("the store's schema changed"));
    if (stamp->userVersion < 3)
        return fallBack(QStringLiteral("the store does not log which events change (schema version %1; 3 does)")
                            .arg(stamp->userVersion));
    const Result<PgIndexPosition> now = pgchangelog::position(connection, *stamp, true);
    if (!now)
        return fail(now.error());
    // Committed since `from`: what its snapshot does not show (pgchangelog.h).
    const QString since = QStringLiteral("xact >= pg_snapshot_xmin($1::pg_snapshot) AND NOT pg_visible_in_snapshot(xact, "
                                         "$1::pg_snapshot)");
    const Result<PgResult> state = connection.query(
        QStringLiteral("SELECT pg_snapshot_xmin($1::pg_snapshot) < (SELECT events_logged_from FROM mapline_changes), "
                       "EXISTS (SELECT 1 FROM change_log WHERE %1)")
            .arg(since),
        {from.snapshot}, what);
    if (!state)
        return fail(state.error());
    if (state->string(0, 0) == u"t")
        return fallBack(QStringLiteral("the change log was compacted past the position"));
    if (state->string(0, 1) != u"t") {
        if (Status s = end(true); !s)
            return DeltaResult::failure(s.error());
        PgIndexDelta d;
        d.outcome = PgIndexDelta::Outcome::Unchanged;
        d.index = current;
        d.position = now.value();
        return d;
    }

    const Result<PgResult> touched = connection.query(
        QStringLiteral("SELECT first_id, last_id FROM change_events WHERE %1").arg(since), {from.snapshot}, what);
    if (!touched)
        return fail(touched.error());
    std::vector<IdRange> raw;
    raw.reserve(size_t(touched->rows()));
    for (int i = 0; i < touched->rows(); ++i)
        raw.push_back({touched->int64(i, 0), touched->int64(i, 1)});
    const std::vector<IdRange> ranges = merged(std::move(raw));
    if (ranges.size() > kMaxRanges)
        return fallBack(QStringLiteral("%1 ranges of events changed").arg(ranges.size()));
    // A TRUNCATE logs every id: everything changed.
    for (const IdRange &r : ranges)
        if (quint64(r.hi) - quint64(r.lo) > (quint64(1) << 40))
            return fallBack(QStringLiteral("a table the index reads was emptied"));

    // The old index's rows by id: in a touched range (read again or gone) or kept. The touched
    // ones' happenings are read again whole, whoever belongs to them now.
    const EventIndex &old = *current;
    std::vector<bool> dropped(size_t(old.size()), false); // the rows not taken from the old index
    qint64 inRange = 0;
    std::vector<qint64> oldHappenings;
    {
        // Each range's first row found by a binary search in id order (not a walk over every
        // row: ten million random reads of the ids cost about a second).
        const auto firstFrom = [&old](qint64 id) {
            qsizetype lo = 0, hi = old.size();
            while (lo < hi) {
                const qsizetype mid = lo + (hi - lo) / 2;
                if (old.id(old.rowByIdOrder(mid)) < id)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            return lo;
        };
        for (const IdRange &r : ranges) { // sorted, disjoint
            for (qsizetype i = firstFrom(r.lo); i < old.size(); ++i) {
                const qsizetype row = old.rowByIdOrder(i);
                if (old.id(row) > r.hi)
                    break;
                dropped[size_t(row)] = true;
                ++inRange;
                if (const qint64 h = old.happeningId(old.happeningOf(row)); h > 0)
                    oldHappenings.push_back(h);
            }
        }
        std::sort(oldHappenings.begin(), oldHappenings.end());
        oldHappenings.erase(std::unique(oldHappenings.begin(), oldHappenings.end()), oldHappenings.end());
    }
    const QString with =
        QStringLiteral("WITH r(lo, hi) AS (SELECT * FROM unnest('%1'::bigint[], '%2'::bigint[])), "
                       // Each id looked up by the primary key (a join on BETWEEN is estimated
                       // at a tenth of the table and read by a scan of all of it).
                       "t AS (SELECT e.id, e.happening_id FROM (SELECT generate_series(GREATEST(lo, (SELECT min(id) FROM "
                       "events)), LEAST(hi, (SELECT max(id) FROM events))) AS id FROM r) g JOIN events e ON e.id = g.id), "
                       "hs AS (SELECT happening_id FROM t WHERE happening_id IS NOT NULL UNION "
                       "SELECT unnest('%3'::bigint[])), "
                       "ids AS (SELECT id FROM t UNION SELECT e.id FROM events e JOIN hs ON e.happening_id = hs.happening_id)")
            .arg(arrayLiteral(ranges.size(), [&](size_t i) { return ranges[i].lo; }),
                 arrayLiteral(ranges.size(), [&](size_t i) { return ranges[i].hi; }),
                 arrayLiteral(oldHappenings.size(), [&](size_t i) { return oldHappenings[i]; }));
    const QString copy = PgIndexReader::eventsCopy(QStringLiteral("e.id IN (SELECT id FROM ids) AND e.date IS NOT NULL"),
                                                   true, with);

    // The new index: the names as the store holds them now, the events read, then the old
    // index's columns with the rows read merged in (EventIndexBuilder::buildOnto: integer work
    // per kept event; types numbered as a full load by ascending id numbers them).
    PgIndexReader reader(connection, options);
    Status status = reader.readNames();
    PgIndexDelta d;
    qint64 readAgainInRange = 0;
    // An event the old index holds that the server sent again (touched, or another report of a
    // happening read again) is dropped from it: the row read replaces it.
    const auto readAgain = [&](qint64 id) {
        const int row = old.rowOfId(id);
        if (row < 0)
            return;
        if (dropped[size_t(row)])
            ++readAgainInRange;
        dropped[size_t(row)] = true;
    };
    PgIndexLoadStats read;
    // Every row of the COPY is found through an index (the primary key, events_happening,
    // event_actors' key), a nested loop per id. PostgreSQL estimates generate_series at a
    // thousand rows a range and otherwise plans hash joins over two scans of every event: 1.0-1.3 s
    // of the server's for 81 rows at a million events (16-22 ms without), ten times that at ten
    // million.
    if (status)
        status = connection.exec(QStringLiteral("SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off"), what);
    if (status)
        status = reader.readEvents(copy, &read, readAgain);
    const Status ended = end(status.ok());
    if (!status)
        return DeltaResult::failure(status.error());
    if (!ended)
        return DeltaResult::failure(ended.error());
    // Touched, and not sent again: gone from the index (deleted, or its date cleared).
    d.removed = inRange - readAgainInRange;
    bool askedBefore = false;
    for (qsizetype row = 0; row < old.size(); ++row) {
        if (dropped[size_t(row)])
            continue;
        ++d.kept;
        if ((old.flags(row) & EventIndex::Unplaced) && old.hasPosition(row))
            askedBefore = true;
    }
    const qint64 streamed = timer.elapsed();
    QString why;
    std::optional<EventIndex> built = reader.builder().buildOnto(old, dropped, &why);
    if (!built)
        return fullLoadNeeded(why);
    auto index = std::make_shared<const EventIndex>(std::move(*built));
    d.outcome = PgIndexDelta::Outcome::Applied;
    d.ranges = qint64(ranges.size());
    d.eventRows = read.eventRows;
    d.bytes = read.bytes;
    d.position = now.value();
    d.index = index;
    qCInfo(lcIndex).noquote() << connection.url() << "delta:" << d.ranges << "ranges," << d.eventRows << "event rows,"
                              << d.kept << "kept," << d.removed << "removed in" << streamed << "ms, indexed in"
                              << timer.elapsed() - streamed << "ms";
    const QString folder = options.persistent ? pgindexcache::folder() : QString();
    if (!folder.isEmpty() && index->size() >= options.persistFromEvents)
        pgindexcache::keep(*index, *stamp, pgindexcache::fingerprint(options, askedBefore || reader.askedPositions()),
                           pgindexcache::pathFor(folder, stamp->databaseId));
    return d;
}

Result<std::shared_ptr<const EventIndex>> refreshEventIndex(PgConnection &connection,
                                                            const std::shared_ptr<const EventIndex> &current,
                                                            PgIndexPosition *position, const IndexLoadOptions &options,
                                                            PgIndexDelta *report)
{
    using R = Result<std::shared_ptr<const EventIndex>>;
    Result<PgIndexDelta> delta = loadEventIndexDelta(connection, current, *position, options);
    if (!delta)
        return R::failure(delta.error());
    if (delta->outcome != PgIndexDelta::Outcome::NeedsFullLoad) {
        *position = delta->position;
        auto index = delta->index;
        // The cached copy the delta wrote, as the server's copy when that is old (pgindexcopy.h).
        const QString folder = options.persistent ? pgindexcache::folder() : QString();
        if (delta->outcome == PgIndexDelta::Outcome::Applied && !folder.isEmpty() &&
            index->size() >= options.persistFromEvents) {
            const Result<bool> stored = pgindexcopy::refreshFromCache(
                connection, pgindexcache::pathFor(folder, delta->position.stamp.databaseId), delta->position, index->size());
            if (!stored)
                qCWarning(lcIndex).noquote() << stored.error();
        }
        if (report)
            *report = std::move(delta).value();
        return index;
    }
    qCInfo(lcIndex).noquote() << connection.url() << "reading every event:" << delta->why;
    if (report)
        *report = std::move(delta).value();
    PgIndexPosition at;
    auto full = loadEventIndex(connection, options, nullptr, &at);
    if (full)
        *position = at;
    return full;
}

} // namespace mapline::pg
