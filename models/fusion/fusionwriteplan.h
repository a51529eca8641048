#pragma once

// What a store writes after a fusion (docs/FUSION.md), decided without a database: the ids of the
// happenings the fuser made (a happening made again from dissolved stored ones keeps the id most
// of its members had; a new one takes the next), the events that change happening, the
// happenings whose rows are to be written, and the stored rows that go. The same decisions as
// FusionSync::write (the SQLite store's), for the PostgreSQL store's writer (pgfusion.*), which
// then writes them set-wise.
#include "fusion/happeningfuser.h"

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

// `maxStoredId`: the largest happening id stored before this write; `dissolved`: stored happenings
// whose members were fused again. Sets the fuser's stored ids and the reports' storedHappening to
// what is planned.
FusionWritePlan planFusionWrite(HappeningFuser &fuser, FusionReports &reports, const QSet<qint64> &dissolved,
                                qint64 maxStoredId);

} // namespace mapline
