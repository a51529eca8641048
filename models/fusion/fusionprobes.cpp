#include "fusion/fusionprobes.h"

#include "fusion/fusionarea.h"
#include "fusion/fusionrules.h"
#include "place.h"

#include <algorithm>

namespace mapline {

QHash<QString, FusionProbe> fusionProbes(const FusionReports &reports, const std::vector<int> &which)
{
    QHash<QString, FusionProbe> probes;
    std::vector<qint64> areas;
    for (int i : which) {
        const FusionReport &r = reports[i];
        if (!r.dated() || !r.has(FusionReport::Placed) || r.span() > FusionRules::kMaxSpanDays)
            continue;
        Place p;
        p.precision = GeoPrecision(r.geo);
        p.coordinate = QGeoCoordinate(r.lat, r.lon);
        p.admin1 = reports.vocabulary().text(reports.shape(r).admin1);
        p.country = reports.vocabulary().text(reports.shape(r).country);
        areas.clear();
        fusionarea::probeAreas(p, FusionRules::kMaxRadiusKm, areas);
        FusionProbe &probe = probes[reports.family(r.family).name];
        for (qint64 a : areas)
            probe.areas.insert(a);
        probe.from = std::min(probe.from, r.start - 1);
        probe.to = std::max(probe.to, r.end + 1);
    }
    return probes;
}

} // namespace mapline
