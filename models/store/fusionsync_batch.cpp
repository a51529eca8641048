// FusionSync::writeSmall (fusionsync.h): the write of a store's own fusion (EventStore::fusePending:
// an article batch, a correction, a single write), whose few hundred happenings and moved events
// went one statement a row through write(). The same plan (fusion/fusionwriteplan.h) and the same
// rows, written several to a statement; a write past the thresholds of the large paths goes
// through write()'s own steps (fusionsync_write.cpp), as before (docs/PERFORMANCE.md, "The command
// itself", seventh round).
#include "store/fusionsync.h"

#include "fusion/fusionwriteplan.h"
#include "store/rawstatement.h"

#include <algorithm>

namespace mapline {
namespace {

constexpr size_t kBatchRowsPerStatement = 16;

// Sets the happening of several events: ?1 = event, ?2 = its happening, ?3 = the next event...
std::string batchMoveSql(size_t rows)
{
    std::string sql = "UPDATE events SET happening_id = CASE id";
    for (size_t r = 0; r < rows; ++r)
        sql += " WHEN ?" + std::to_string(2 * r + 1) + " THEN ?" + std::to_string(2 * r + 2);
    sql += " END WHERE id IN (";
    for (size_t r = 0; r < rows; ++r)
        sql += (r ? ",?" : "?") + std::to_string(2 * r + 1);
    return sql + ")";
}

} // namespace

Status FusionSync::writeSmall(HappeningFuser &fuser, const QSet<qint64> &dissolved)
{
    Result<FusionWritePlan> planned = planFusionWrite(fuser, mReports, dissolved);
    if (!planned)
        return Status::failure(QStringLiteral("%1: %2").arg(mPath, planned.error()));
    FusionWritePlan &plan = planned.value();
    const FusionWriteThresholds &limits = fusionWriteThresholds();
    const Result<qint64> storedBefore = beginPlan(plan);
    if (!storedBefore)
        return Status::failure(storedBefore.error());
    if (plan.targets.size() >= limits.compareRows) {
        if (Status s = writeHappenings(fuser, plan.table, plan.targets); !s)
            return s;
    } else {
        // The rows as write() would upsert them one by one (the bytes of rowBytes() are those of
        // rowOf(const Happening &)), in the order of their ids, several to a statement.
        std::sort(plan.targets.begin(), plan.targets.end());
        std::vector<std::string> &rows = mSmallRows;
        if (rows.size() < plan.targets.size())
            rows.resize(plan.targets.size());
        for (size_t i = 0; i < plan.targets.size(); ++i) {
            const int index = plan.targets[i].second;
            fuser.fusedRow(plan.table.roots[size_t(index)], plan.table.of(size_t(index)), mFused);
            rowBytes(mFused, rows[i]);
        }
        if (Status s = upsertRows({rows.data(), plan.targets.size()}); !s)
            return s;
    }
    if (plan.moves.size() >= limits.rebuildIndexMoves) {
        if (Status s = moveEvents(plan.moves); !s)
            return s;
    } else {
        std::sort(plan.moves.begin(), plan.moves.end());
        if (Status s = moveMany(plan.moves); !s)
            return s;
    }
    if (Status s = removeGone(plan.gone, *storedBefore); !s)
        return s;
    if (!mSuspendedTriggers.empty())
        return resumeCounting();
    return {};
}

Status FusionSync::upsertRows(std::span<const std::string> rows)
{
    size_t from = 0;
    if (rows.size() >= kBatchRowsPerStatement) {
        if (!mUpsertManyReady) {
            if (Status s = mUpsertMany.prepare(mHandle, happeningsInsertSql(kBatchRowsPerStatement, RowWrite::Upsert).c_str()); !s)
                return s;
            mUpsertManyReady = true;
        }
        for (; from + kBatchRowsPerStatement <= rows.size(); from += kBatchRowsPerStatement) {
            qint64 first = 0;
            for (size_t r = 0; r < kBatchRowsPerStatement; ++r) {
                const qint64 id = bindColumns(mUpsertMany, int(r) * kBoundColumns + 1, rows[from + r]);
                if (r == 0)
                    first = id;
            }
            if (Status s = mUpsertMany.run("happening", first); !s)
                return s;
        }
    }
    for (; from < rows.size(); ++from)
        if (Status s = bindRow(rows[from], RowWrite::Upsert); !s)
            return s;
    return {};
}

Status FusionSync::moveMany(const std::vector<std::pair<qint64, qint64>> &moves)
{
    size_t from = 0;
    if (moves.size() >= kBatchRowsPerStatement) {
        if (!mMoveManyReady) {
            if (Status s = mMoveMany.prepare(mHandle, batchMoveSql(kBatchRowsPerStatement).c_str()); !s)
                return s;
            mMoveManyReady = true;
        }
        for (; from + kBatchRowsPerStatement <= moves.size(); from += kBatchRowsPerStatement) {
            for (size_t r = 0; r < kBatchRowsPerStatement; ++r) {
                mMoveMany.bind(int(2 * r + 1), moves[from + r].first);
                mMoveMany.bind(int(2 * r + 2), moves[from + r].second);
            }
            if (Status s = mMoveMany.run("event", moves[from].first); !s)
                return s;
        }
    }
    if (from == moves.size())
        return {};
    RawStatement move;
    if (Status s = move.prepare(mHandle, "UPDATE events SET happening_id = ? WHERE id = ?"); !s)
        return s;
    for (; from < moves.size(); ++from) {
        move.bind(1, moves[from].second);
        move.bind(2, moves[from].first);
        if (Status s = move.run("event", moves[from].first); !s)
            return s;
    }
    return {};
}

} // namespace mapline
