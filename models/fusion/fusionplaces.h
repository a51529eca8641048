#pragma once

#include "fusion/fusionrules.h"
#include "place.h"

#include <algorithm>
#include <bit>
#include <cmath>

// The fusion's tests of place and sides (docs/FUSION.md, "Place", "Actors"), on a report's or a
// happening's summary: precisions as GeoPrecision values, positions as floats, provinces and
// countries as vocabulary ids. Inline: HappeningFuser runs them millions of times a re-fusion.
namespace mapline::fusionplaces {

inline bool isPoint(quint8 geo)
{
    const auto g = GeoPrecision(geo);
    return g == GeoPrecision::Landmark || g == GeoPrecision::City || g == GeoPrecision::District;
}

inline double distanceKm(float lon1, float lat1, float lon2, float lat2)
{
    const double meanLat = (double(lat1) + double(lat2)) * 0.5 * M_PI / 180.0;
    const double dx = (double(lon1) - double(lon2)) * 111.32 * std::cos(meanLat);
    const double dy = (double(lat1) - double(lat2)) * 110.57;
    return std::sqrt(dx * dx + dy * dy);
}

// A report placed to a region ("eastern Afghanistan"): province-sized, in no one province (the
// extraction gives it no admin1), known by its point.
inline bool isRegion(quint8 geo, quint32 admin1)
{
    return GeoPrecision(geo) == GeoPrecision::Province && admin1 == 0;
}

// Two places of one happening: points within the larger radius of the two precisions; a point and
// a province by containment; provinces and countries by equality; a region and a point (or another
// region) within the region's reach. A country-level report says nothing about where in the
// country: it fuses only with others placed to the country.
inline bool placesFit(quint8 geoA, float lonA, float latA, quint32 admin1A, quint32 countryA, quint8 geoB, float lonB,
               float latB, quint32 admin1B, quint32 countryB)
{
    const auto a = GeoPrecision(geoA);
    const auto b = GeoPrecision(geoB);
    if (isPoint(geoA) && isPoint(geoB)) {
        const double radius = std::max(FusionRules::radiusKm(a), FusionRules::radiusKm(b));
        // The distance is at least its north-south part (distanceKm's dy): most points a look-up
        // finds are told apart by it without the cosine. The margin keeps the answer exactly
        // distanceKm's whatever the rounding of its square root.
        const double dy = (double(latA) - double(latB)) * 110.57;
        if (std::abs(dy) > radius * (1.0 + 1e-9))
            return false;
        // Bounds on the east-west part without the cosine (a look-up compares a report with every
        // happening of its day and cells): cos(x) <= 1 bounds it from above, so two points whose
        // bound is well inside the radius fit; cos(x) >= 1 - x^2/2 bounds it from below, so two
        // points whose bound is well outside it do not. The margins (1e-6, far more than the
        // rounding of either side) leave everything near the radius to distanceKm: the answer is
        // exactly its.
        const double dLonKm = std::abs(double(lonA) - double(lonB)) * 111.32;
        if (dLonKm * dLonKm + dy * dy <= radius * radius * (1.0 - 1e-6))
            return true;
        const double meanLat = (double(latA) + double(latB)) * 0.5 * M_PI / 180.0;
        const double cosLow = 1.0 - meanLat * meanLat * 0.5;
        if (cosLow > 0 && (dLonKm * cosLow) * (dLonKm * cosLow) + dy * dy > radius * radius * (1.0 + 1e-6))
            return false;
        return distanceKm(lonA, latA, lonB, latB) <= radius;
    }
    if (a == GeoPrecision::Country || b == GeoPrecision::Country)
        return a == b && countryA != 0 && countryA == countryB;
    const bool regionA = isRegion(geoA, admin1A), regionB = isRegion(geoB, admin1B);
    if (regionA || regionB)
        return (regionA || isPoint(geoA)) && (regionB || isPoint(geoB)) &&
               distanceKm(lonA, latA, lonB, latB) <= FusionRules::kRegionReachKm;
    if ((isPoint(geoA) || a == GeoPrecision::Province) && (isPoint(geoB) || b == GeoPrecision::Province))
        return admin1A != 0 && admin1A == admin1B;
    return false;
}


// Actors disagree only when both reports name at least two sides and share none (Taliban against
// the Northern Alliance is not the United States against al Qaeda); a report naming one side of a
// fight fits any report of it.
inline bool sidesFit(quint64 a, quint64 b)
{
    return std::popcount(a) < 2 || std::popcount(b) < 2 || (a & b) != 0;
}

} // namespace mapline::fusionplaces
