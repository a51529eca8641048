#pragma once

// What a store writes after a fusion (docs/FUSION.md), decided without a database: the ids of the
// happenings the fuser made (each its first report's event id), the events that change happening,
// the happenings whose rows are to be written, and the stored rows that go. Both stores write
// what it decides: FusionSync::write (SQLite) and PgFusion::write (PostgreSQL, set-wise).
#include "fusion/happeningfuser.h"
#include "result.h"

#include <QSet>

#include <utility>
#include <vector>

namespace mapline {

struct FusionWritePlan {
    HappeningFuser::MemberTable table;
    std::vector<std::pair<qint64, qint64>> moves; // event id, happening id (sorted by event id)
    std::vector<std::pair<qint64, int>> targets;  // happenings to write: id, index in table (sorted by id)
    std::vector<qint64> gone;                     // stored happening ids whose rows are deleted (sorted)
};

// `dissolved`: stored happenings whose members were fused again. Sets the fuser's stored ids and
// the reports' storedHappening to what is planned. Fails when a happening has a report not stored
// yet (no event id).
Result<FusionWritePlan> planFusionWrite(HappeningFuser &fuser, FusionReports &reports, const QSet<qint64> &dissolved);

} // namespace mapline
