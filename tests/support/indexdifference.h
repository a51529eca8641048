#pragma once

// Whether two EventIndexes are the same, column by column (tst_persistentindex: a mapped copy
// against the load from SQLite; tst_pgread: the load from PostgreSQL against SQLite's).
#include "index/eventindex.h"

#include <QString>

#include <algorithm>
#include <cstring>

namespace mapline::test {

// Empty when every column of the two indexes is the same, byte for byte (names by value).
inline QString columnDifference(const EventIndex &a, const EventIndex &b)
{
    if (a.size() != b.size() || a.happeningCount() != b.happeningCount())
        return QStringLiteral("sizes differ");
    // Byte for byte (NaN, no position, is not equal to itself).
    const auto same = [](const auto *x, const auto *y, qsizetype n) { return std::memcmp(x, y, size_t(n) * sizeof *x) == 0; };
    const qsizetype n = a.size();
    if (!same(a.xData(), b.xData(), n) || !same(a.yData(), b.yData(), n))
        return QStringLiteral("positions differ");
    if (!same(a.startData(), b.startData(), n) || !same(a.endData(), b.endData(), n) ||
        !same(a.typeData(), b.typeData(), n) || !same(a.flagData(), b.flagData(), n) ||
        !same(a.happeningData(), b.happeningData(), n))
        return QStringLiteral("a raw column differs");
    for (qsizetype row = 0; row < n; ++row) {
        if (a.id(row) != b.id(row) || a.precision(row) != b.precision(row) || a.placeName(row) != b.placeName(row) ||
            a.sources(row) != b.sources(row) || a.rowOfId(a.id(row)) != b.rowOfId(b.id(row)) ||
            !std::ranges::equal(a.actorsOf(row), b.actorsOf(row)))
            return QStringLiteral("row %1 differs").arg(row);
    }
    for (qsizetype h = 0; h < a.happeningCount(); ++h)
        if (a.happeningId(quint32(h)) != b.happeningId(quint32(h)) || a.sourcesOf(quint32(h)) != b.sourcesOf(quint32(h)))
            return QStringLiteral("happening %1 differs").arg(h);
    if (a.typeNames() != b.typeNames() || a.actorNames() != b.actorNames() || a.typeCounts() != b.typeCounts() ||
        a.actorCounts() != b.actorCounts())
        return QStringLiteral("names or counts differ");
    if (a.firstDay() != b.firstDay() || a.lastDay() != b.lastDay() || a.bounds() != b.bounds())
        return QStringLiteral("the extent differs");
    const auto wa = a.window(a.firstDay() + 10, a.firstDay() + 40), wb = b.window(b.firstDay() + 10, b.firstDay() + 40);
    if (a.count(wa) != b.count(wb) || wa.longRows != wb.longRows)
        return QStringLiteral("a window differs");
    return {};
}

} // namespace mapline::test
