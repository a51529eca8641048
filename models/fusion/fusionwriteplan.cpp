#include "fusion/fusionwriteplan.h"

#include <algorithm>
#include <iterator>
#include <limits>

namespace mapline {

Result<FusionWritePlan> planFusionWrite(HappeningFuser &fuser, FusionReports &reports, const QSet<qint64> &dissolved)
{
    FusionWritePlan plan;
    plan.table = fuser.memberTable();
    const HappeningFuser::MemberTable &table = plan.table;
    const std::vector<int> &roots = table.roots;
    // A happening's id is the id of its first report (its lowest event id): a function of its
    // reports alone, so that the ids do not depend on how the reports were split into writes (an
    // article import's batches) nor on the order happenings were made in. Events are never in two
    // happenings, so no two happenings have one id; a happening that gains later reports keeps its
    // id, one that bridges others takes the oldest one's. The ids the happenings had until now
    // (their rows, and the ids a dataset's rows were given as it streamed in) are given up
    // unless some happening has them still.
    std::vector<qint64> given; // ids the happenings had, and stored ones merged into others
    std::vector<qint64> used;  // the ids they have now
    used.reserve(roots.size());
    for (size_t i = 0; i < roots.size(); ++i) {
        qint64 first = std::numeric_limits<qint64>::max();
        for (int m : table.of(i))
            first = std::min(first, reports[m].eventId);
        if (first <= 0 || first == std::numeric_limits<qint64>::max())
            return Result<FusionWritePlan>::failure(QStringLiteral("a happening without a stored report"));
        const int h = roots[i];
        if (const qint64 old = fuser.storedId(h); old && old != first)
            given.push_back(old);
        fuser.setStoredId(h, first);
        used.push_back(first);
    }
    for (const HappeningFuser::Absorbed &a : fuser.absorbed())
        given.push_back(a.id);
    for (qint64 id : dissolved)
        given.push_back(id);

    for (size_t i = 0; i < roots.size(); ++i) {
        const int h = roots[i];
        const qint64 id = fuser.storedId(h);
        bool moved = false;
        for (int m : table.of(i)) {
            FusionReport &r = reports[m];
            if (r.storedHappening == id)
                continue;
            plan.moves.emplace_back(r.eventId, id);
            r.storedHappening = id;
            moved = true;
        }
        if (moved || fuser.changed(h) || dissolved.contains(id))
            plan.targets.emplace_back(id, int(i));
    }
    // In the order of their ids: a store then visits the table's pages once each, in order.
    std::sort(plan.moves.begin(), plan.moves.end());
    std::sort(plan.targets.begin(), plan.targets.end());
    std::sort(used.begin(), used.end());
    std::sort(given.begin(), given.end());
    given.erase(std::unique(given.begin(), given.end()), given.end());
    std::set_difference(given.begin(), given.end(), used.begin(), used.end(), std::back_inserter(plan.gone));
    return plan;
}

} // namespace mapline
