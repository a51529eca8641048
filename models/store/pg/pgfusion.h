#pragma once

// The fusion of a team's PostgreSQL store (docs/FUSION.md): what FusionSync and
// eventstore_fusion.cpp do for a SQLite file, with the same fuser (HappeningFuser), the same
// decisions (planFusionWrite) and so the same happenings, ids included, but reading and writing
// set-wise: one query for the events to fuse, one for their actors, one for the stored
// happenings near a set of reports, COPY and array-valued statements for the writes; never a
// round trip per event. Runs inside the caller's write transaction, under the store's write lock
// (pgwritelock.h): a writer never fuses against another's uncommitted rows, and an article batch
// or a dataset file lands with its fusion or not at all. One thread.
#include "fusion/fusionpublishers.h"
#include "fusion/fusionreports.h"
#include "fusion/happeningfuser.h"
#include "result.h"

#include <QByteArray>
#include <QHash>
#include <QSet>
#include <QString>

#include <span>
#include <utility>
#include <vector>

namespace mapline::pg {

class PgConnection;

class PgFusion {
public:
    PgFusion(PgConnection &connection, FusionReports &reports);

    // Fuses these events (new or changed) with the stored happenings near them, as
    // EventStore::fusePending: their old happenings and the stale ones are taken apart, fused
    // again with them in the canonical order, the analyst's merges and splits applied, and what
    // changed written.
    Status fuseEvents(std::vector<qint64> events);

    // The events `condition` (on `events e`, with $1 a bigint[] of `ids`) selects, as reports;
    // their indexes appended to `out`. Events read already are left out.
    Status loadReports(const QString &condition, const std::vector<qint64> &ids, std::vector<int> &out);
    // Ids of the happenings of these events, and of the stale ones (rows deleted under them).
    Result<QSet<qint64>> happeningsOf(const std::vector<qint64> &events, bool withStale);
    // Stored happenings that these reports could join (by family, area and days), but `exclude`:
    // one query.
    Result<QSet<qint64>> neighbours(const std::vector<int> &reports, const QSet<qint64> &exclude);
    // Their members, as reports.
    Status loadMembers(const QSet<qint64> &happenings, std::vector<int> &out);
    // The same, into `fuser` as stored happenings.
    Status loadStored(const QSet<qint64> &happenings, HappeningFuser &fuser);
    // Whether any stored happening overlaps the days [first, last] (EventIndex day numbers).
    Result<bool> anyHappeningWithin(qint32 first, qint32 last);

    // The analyst's happening corrections resolved to event ids (as EventStore's
    // resolveHappeningCorrections: one query); pins marked on reports read after this.
    Status resolveCorrections();
    const QSet<qint64> &pinned() const { return mPinned; }
    // From now on, every happening row written (COPY's text format, the columns of
    // pgfusion_write.cpp's kFusedColumns) is appended to `rows` too (null: not kept): what a
    // dataset import needs to build the map's index from what it wrote (pgdatasetwriter.cpp).
    void keepWrittenRows(QByteArray *rows) { mWrittenRows = rows; }
    const QList<std::pair<qint64, qint64>> &merged() const { return mMerged; }
    void applyMerges(HappeningFuser &fuser);

    // Writes what the fuser changed: the happenings' rows (COPY, then one upsert), the events
    // that change happening (one UPDATE), the rows of happenings that are gone (one DELETE).
    // Events of id `firstUnstored` or more are not in the table yet (a dataset's rows, inserted
    // after): their happenings go to `unstored` (event id, happening id) instead.
    Status write(HappeningFuser &fuser, const QSet<qint64> &dissolved, qint64 firstUnstored = 0,
                 std::vector<std::pair<qint64, qint64>> *unstored = nullptr);

    int reportOf(qint64 eventId) const { return mReportOf.value(eventId, -1); }

private:
    // The documents (articles, dataset files) of these article ids not read yet: one query.
    Status readDocuments(const std::vector<qint64> &articles);
    Status writeRows(const HappeningFuser &fuser, const HappeningFuser::MemberTable &table,
                     const std::vector<std::pair<qint64, int>> &targets);

    PgConnection &mConnection;
    FusionReports &mReports;
    QHash<qint64, int> mReportOf; // event id -> report index
    QHash<qint64, FusionDocument> mDocuments;
    QSet<qint64> mPinned;
    QList<std::pair<qint64, qint64>> mMerged;
    QByteArray *mWrittenRows = nullptr;
};

// At a writing open (an import's): the events stored without a happening (imported by a Mapline
// that did not fuse imports into PostgreSQL yet) and the stale happenings (events deleted under
// them, by psql or a script) fused, in a write transaction of their own, as the SQLite store fuses
// what an older file holds when it migrates it. Nothing to do costs one indexed look-up. The
// number of events fused in `*count`.
Status fuseUnfused(PgConnection &connection, qint64 *count = nullptr);

// "{1,2,3}": a bigint[] as PgConnection::query() sends it.
QString bigintArray(const std::vector<qint64> &ids);

} // namespace mapline::pg
