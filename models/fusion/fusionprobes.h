#pragma once

// Where the stored happenings a set of reports could join are to be looked for, the same for
// both stores (FusionSync::neighbours, PgFusion::neighbours): per family, the hash areas the
// reports look in (fusionarea::probeAreas within FusionRules::kMaxRadiusKm) and the days they
// span, a day more on each side (a change of control may be told a day apart). Reports without
// a day or a place, or spanning more than FusionRules::kMaxSpanDays, join nothing stored.
#include "fusion/fusionreports.h"

#include <QHash>
#include <QSet>
#include <QString>

#include <limits>
#include <vector>

namespace mapline {

struct FusionProbe {
    QSet<qint64> areas;
    qint32 from = std::numeric_limits<qint32>::max();
    qint32 to = std::numeric_limits<qint32>::min();
};

// Keyed by the family's name.
QHash<QString, FusionProbe> fusionProbes(const FusionReports &reports, const std::vector<int> &which);

} // namespace mapline
