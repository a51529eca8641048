// The fuser's candidate look-up (HappeningFuser's hash of day x family x cell): whatever cells the
// hash uses, a report must find every happening its place may fuse with (the larger radius of
// the two precisions, up to 25 km for a district), across cell borders, far from the equator, and
// on days whose keys share everything else; and what it finds must not depend on the order the
// reports come in. Exact distances are computed here the way placesFit() does, so the pairs just
// inside and just outside the radius are known.
#include "fusion/fusionplaces.h"
#include "fusion/fusionreports.h"
#include "fusion/happeningfuser.h"

#include <QtTest>

#include <cmath>

using namespace mapline;

namespace {

FusionReports::Input report(qint64 id, QDate day, double lon, double lat, GeoPrecision geo)
{
    FusionReports::Input in;
    in.eventId = id;
    in.time = TimeRange::day(day);
    in.place = QStringLiteral("place %1").arg(id);
    in.geo = geo;
    in.positioned = true;
    in.lon = lon;
    in.lat = lat;
    in.country = QStringLiteral("AF");
    in.type = QStringLiteral("armed_clash");
    in.publishers = {QStringLiteral("source %1").arg(id)};
    in.confidence = 0.5;
    return in;
}

// placesFit()'s distance.
double distanceKm(double lon1, double lat1, double lon2, double lat2)
{
    const float a[4] = {float(lon1), float(lat1), float(lon2), float(lat2)};
    const double meanLat = (double(a[1]) + double(a[3])) * 0.5 * M_PI / 180.0;
    const double dx = (double(a[0]) - double(a[2])) * 111.32 * std::cos(meanLat);
    const double dy = (double(a[1]) - double(a[3])) * 110.57;
    return std::sqrt(dx * dx + dy * dy);
}

// The point `km` from (lon, lat) in the direction `degrees` (0: east), by placesFit()'s measure.
std::pair<double, double> offset(double lon, double lat, double km, double degrees)
{
    const double rad = degrees * M_PI / 180.0;
    double lat2 = lat + km * std::sin(rad) / 110.57;
    double lon2 = lon + km * std::cos(rad) / (111.32 * std::cos((lat + lat2) * 0.5 * M_PI / 180.0));
    // Refine so that the distance is `km` within a few metres.
    for (int i = 0; i < 20; ++i) {
        const double d = distanceKm(lon, lat, lon2, lat2);
        if (d <= 0)
            break;
        lon2 = lon + (lon2 - lon) * km / d;
        lat2 = lat + (lat2 - lat) * km / d;
    }
    return {lon2, lat2};
}

} // namespace

class TestFusionGrid : public QObject {
    Q_OBJECT

private slots:
    void findsEveryHappeningWithinItsRadius_data();
    void findsEveryHappeningWithinItsRadius();
    void daysAndKindsApartStayApart();
    void placesFitIsTheDistanceWithinTheRadius();
};

void TestFusionGrid::findsEveryHappeningWithinItsRadius_data()
{
    QTest::addColumn<double>("lon");
    QTest::addColumn<double>("lat");
    // Points on and beside the corners of quarter- and half-degree cells, and far north, where a
    // degree of longitude is short and a radius spans many of them.
    QTest::newRow("Kunduz") << 68.857 << 36.729;
    QTest::newRow("a half-degree corner") << 68.5 << 36.5;
    QTest::newRow("a quarter-degree corner") << 68.75 << 36.25;
    QTest::newRow("just inside a corner") << 68.2499 << 36.7501;
    QTest::newRow("far north") << 24.95 << 69.99;
    QTest::newRow("near the date line") << 179.9 << -16.5;
}

void TestFusionGrid::findsEveryHappeningWithinItsRadius()
{
    QFETCH(double, lon);
    QFETCH(double, lat);
    const QDate day(2001, 11, 25);
    // A district report (25 km, the largest radius) and, around it in 16 directions, town reports
    // just inside (24.9 km) and just outside (25.1 km) its radius.
    for (double degrees = 0; degrees < 360; degrees += 22.5) {
        for (const double km : {24.9, 25.1}) {
            const auto [lon2, lat2] = offset(lon, lat, km, degrees);
            QVERIFY(std::abs(distanceKm(lon, lat, lon2, lat2) - km) < 0.01);
            FusionReports reports;
            const int district = reports.add(report(1, day, lon, lat, GeoPrecision::District));
            const int town = reports.add(report(2, day, lon2, lat2, GeoPrecision::City));
            // Both orders: the happening is found from either side.
            for (const bool townFirst : {false, true}) {
                HappeningFuser fuser(reports);
                fuser.add(townFirst ? town : district);
                fuser.add(townFirst ? district : town);
                const bool together = fuser.happeningOf(town) == fuser.happeningOf(district);
                QVERIFY2(together == (km < 25.0),
                         qPrintable(QStringLiteral("%1 km at %2 degrees, %3 first: %4")
                                        .arg(km)
                                        .arg(degrees)
                                        .arg(townFirst ? "town" : "district")
                                        .arg(together ? "fused" : "apart")));
            }
        }
    }
}

// The hash key holds the day and the kind beside the place: reports of one place on days a year
// apart (whose keys differ only in the day) and of two kinds on one day never meet.
void TestFusionGrid::daysAndKindsApartStayApart()
{
    FusionReports reports;
    std::vector<int> all;
    const QDate first(2001, 1, 1);
    for (int d = 0; d < 730; d += 73)
        all.push_back(reports.add(report(d + 1, first.addDays(d), 68.857, 36.729, GeoPrecision::City)));
    FusionReports::Input strike = report(5000, first, 68.857, 36.729, GeoPrecision::City);
    strike.type = QStringLiteral("air_strike");
    all.push_back(reports.add(strike));
    FusionReports::Input again = report(5001, first.addDays(365), 68.86, 36.73, GeoPrecision::City);
    all.push_back(reports.add(again)); // a year after the first: joins that day's report only
    HappeningFuser fuser(reports);
    fuser.addAll(all);
    QCOMPARE(int(fuser.roots().size()), int(all.size()) - 1);
    QCOMPARE(fuser.happeningOf(all.back()), fuser.happeningOf(5)); // the report of 2002-01-01 (day 365)
}


// placesFit() tells most point pairs apart, or together, by bounds that spare the cosine: its answer
// must be exactly distanceKm(...) <= radius, for pairs just inside and just outside the radius (in
// every direction, at every latitude Mapline's data reach and beyond), and for random pairs.
void TestFusionGrid::placesFitIsTheDistanceWithinTheRadius()
{
    int checked = 0, inside = 0;
    const auto check = [&](float lonA, float latA, float lonB, float latB, GeoPrecision a, GeoPrecision b) {
        const double radius = std::max(FusionRules::radiusKm(a), FusionRules::radiusKm(b));
        const bool expected = fusionplaces::distanceKm(lonA, latA, lonB, latB) <= radius;
        const bool got = fusionplaces::placesFit(quint8(a), lonA, latA, 1, 1, quint8(b), lonB, latB, 1, 1);
        if (got != expected)
            QFAIL(qPrintable(QStringLiteral("(%1, %2) and (%3, %4): placesFit says %5, the distance %6 km against %7")
                                 .arg(lonA).arg(latA).arg(lonB).arg(latB).arg(got).arg(
                                     fusionplaces::distanceKm(lonA, latA, lonB, latB), 0, 'f', 9).arg(radius)));
        ++checked;
        inside += expected ? 1 : 0;
    };
    const GeoPrecision kinds[] = {GeoPrecision::Landmark, GeoPrecision::City, GeoPrecision::District};
    for (double lat : {0.0, 12.5, 31.61, 36.729, 60.0, 75.0, -45.3}) {
        for (GeoPrecision a : kinds) {
            for (GeoPrecision b : kinds) {
                const double radius = std::max(FusionRules::radiusKm(a), FusionRules::radiusKm(b));
                for (double degrees = 0; degrees < 360; degrees += 7.5) {
                    // On the radius (within float rounding), and a metre and a micrometre to either side.
                    for (double delta : {-1e-3, -1e-9, 0.0, 1e-9, 1e-3}) {
                        const auto [lon2, lat2] = offset(68.857, lat, radius + delta, degrees);
                        check(68.857f, float(lat), float(lon2), float(lat2), a, b);
                        check(float(lon2), float(lat2), 68.857f, float(lat), b, a);
                    }
                }
            }
        }
    }
    // Random pairs within a degree of each other, as a look-up's candidates are.
    quint32 seed = 12345;
    const auto next = [&seed]() {
        seed = seed * 1664525u + 1013904223u;
        return double(seed >> 8) / double(1 << 24);
    };
    for (int i = 0; i < 200000; ++i) {
        const float lat = float(-70 + 140 * next()), lon = float(-180 + 360 * next());
        const float lat2 = float(lat + (next() - 0.5) * 0.6), lon2 = float(lon + (next() - 0.5) * 0.9);
        check(lon, lat, lon2, lat2, kinds[i % 3], kinds[(i / 3) % 3]);
    }
    QVERIFY2(inside > checked / 20 && inside < checked - checked / 20, "both answers are checked");
}

QTEST_GUILESS_MAIN(TestFusionGrid)
#include "tst_fusiongrid.moc"
