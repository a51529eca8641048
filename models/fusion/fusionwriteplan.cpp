#include "fusion/fusionwriteplan.h"

#include <algorithm>

namespace mapline {

FusionWritePlan planFusionWrite(HappeningFuser &fuser, FusionReports &reports, const QSet<qint64> &dissolved,
                                qint64 maxStoredId)
{
    FusionWritePlan plan;
    plan.table = fuser.memberTable();
    const HappeningFuser::MemberTable &table = plan.table;
    const std::vector<int> &roots = table.roots;
    std::vector<size_t> indexOf(size_t(fuser.happeningCount()), 0); // root -> its index in the table
    for (size_t i = 0; i < roots.size(); ++i)
        indexOf[size_t(roots[i])] = i;
    QSet<qint64> used;
    for (int h : roots)
        if (fuser.storedId(h))
            used.insert(fuser.storedId(h));
    // A happening made again from dissolved ones keeps the id most of its members had (the most
    // votes, then the lowest id); the largest happenings choose first.
    std::vector<int> fresh;
    for (int h : roots)
        if (!fuser.storedId(h))
            fresh.push_back(h);
    std::sort(fresh.begin(), fresh.end(), [&](int a, int b) { return fuser.memberCount(a) > fuser.memberCount(b); });
    qint64 next = maxStoredId;
    std::vector<qint64> olds;
    for (int h : fresh) {
        olds.clear();
        for (int m : table.of(indexOf[size_t(h)]))
            if (reports[m].storedHappening)
                olds.push_back(reports[m].storedHappening);
        std::sort(olds.begin(), olds.end());
        qint64 best = 0;
        int most = 0;
        for (size_t i = 0, j = 0; i < olds.size(); i = j) {
            while (j < olds.size() && olds[j] == olds[i])
                ++j;
            const int count = int(j - i);
            if (count > most && dissolved.contains(olds[i]) && !used.contains(olds[i])) {
                best = olds[i];
                most = count;
            }
        }
        if (!best)
            best = ++next;
        fuser.setStoredId(h, best);
        used.insert(best);
    }
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
    std::sort(plan.moves.begin(), plan.moves.end());
    std::sort(plan.targets.begin(), plan.targets.end());
    QSet<qint64> gone;
    for (qint64 id : dissolved)
        if (!used.contains(id))
            gone.insert(id);
    // Ids above the largest stored one were given to a dataset's rows as it streamed in and never
    // had a row.
    for (const HappeningFuser::Absorbed &a : fuser.absorbed())
        if (!used.contains(a.id) && a.id <= maxStoredId)
            gone.insert(a.id);
    plan.gone.assign(gone.begin(), gone.end());
    std::sort(plan.gone.begin(), plan.gone.end());
    return plan;
}

} // namespace mapline
