#pragma once

#include "fusion/fusionrules.h"
#include "place.h"

#include <QString>

#include <algorithm>
#include <cmath>
#include <vector>

// Where the fusion looks for a happening: the 0.5-degree cell of a point (a landmark, town or
// district), or the province or country of one placed no closer. The fuser's hash and the store's
// happenings.area column use the same numbers, so a stored happening is found by the same search.
namespace mapline::fusionarea {

constexpr double kCellDegrees = 0.5;
// How far from a province's centre its towns can lie: a province-level report looks for point
// happenings this far around, then keeps those in its province.
constexpr double kProvinceReachKm = 250.0;

inline bool isPoint(GeoPrecision g)
{
    return g == GeoPrecision::Landmark || g == GeoPrecision::City || g == GeoPrecision::District;
}

// A cell: y * 1024 + x, from 0.
inline qint64 cellOf(double lon, double lat)
{
    const int cy = std::clamp(int(std::floor((lat + 90.0) / kCellDegrees)), 0, 359);
    const int cx = std::clamp(int(std::floor((lon + 180.0) / kCellDegrees)), 0, 719);
    return qint64(cy) << 10 | cx;
}

// FNV-1a: the same number in every run (qHash is seeded per process).
inline quint32 stableHash(const QString &text)
{
    quint32 h = 2166136261u;
    for (const char c : text.toCaseFolded().toUtf8()) {
        h ^= quint8(c);
        h *= 16777619u;
    }
    return h & 0x3fffffffu;
}

// Negative numbers for areas that are not cells.
inline qint64 provinceArea(const QString &country, const QString &admin1)
{
    return -1 - qint64(stableHash(country + QLatin1Char('|') + admin1));
}
inline qint64 countryArea(const QString &country)
{
    return -(qint64(1) << 31) - qint64(stableHash(country));
}

// The area a happening placed at `place` is stored under; nullopt-like -1 << 40 when it is none.
constexpr qint64 kNoArea = -(qint64(1) << 40);
inline qint64 areaOf(const Place &place)
{
    if (isPoint(place.precision) && place.coordinate.isValid())
        return cellOf(place.coordinate.longitude(), place.coordinate.latitude());
    if (place.precision == GeoPrecision::Province && !place.admin1.isEmpty())
        return provinceArea(place.country, place.admin1);
    if (place.precision == GeoPrecision::Country && !place.country.isEmpty())
        return countryArea(place.country);
    return kNoArea;
}

// The cells within `km` of a point.
inline void cellsAround(double lon, double lat, double km, std::vector<qint64> &out)
{
    const double dLat = km / 110.57;
    const double dLon = km / (111.32 * std::max(0.05, std::cos(lat * M_PI / 180.0)));
    const qint64 low = cellOf(lon - dLon, lat - dLat);
    const qint64 high = cellOf(lon + dLon, lat + dLat);
    for (qint64 cy = low >> 10; cy <= high >> 10; ++cy)
        for (qint64 cx = low & 1023; cx <= (high & 1023); ++cx)
            out.push_back(cy << 10 | cx);
}

// The areas a report placed at `place` looks for stored happenings in.
inline void probeAreas(const Place &place, double maxRadiusKm, std::vector<qint64> &out)
{
    if (isPoint(place.precision) && place.coordinate.isValid()) {
        cellsAround(place.coordinate.longitude(), place.coordinate.latitude(), maxRadiusKm, out);
        if (!place.admin1.isEmpty())
            out.push_back(provinceArea(place.country, place.admin1));
    } else if (place.precision == GeoPrecision::Province && !place.admin1.isEmpty()) {
        out.push_back(provinceArea(place.country, place.admin1));
        if (place.coordinate.isValid())
            cellsAround(place.coordinate.longitude(), place.coordinate.latitude(), kProvinceReachKm, out);
    } else if (place.precision == GeoPrecision::Province && place.coordinate.isValid()) {
        // A region (no admin1): the point happenings within its reach.
        cellsAround(place.coordinate.longitude(), place.coordinate.latitude(), FusionRules::kRegionReachKm, out);
    } else if (place.precision == GeoPrecision::Country && !place.country.isEmpty()) {
        out.push_back(countryArea(place.country));
    }
}

} // namespace mapline::fusionarea
