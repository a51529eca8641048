// FusionReports keeps what many reports say alike (their place's names, type, actors, publishers,
// confidence) once, as a FusionShape, and each report in 40 bytes in blocks that never move
// (docs/PERFORMANCE.md, "Ten million rows through the rollback journal", fourth round). A shape
// must be shared only by reports that say exactly the same, whatever the order they come in, and
// a report must read back what it was given.
#include "fusion/fusionreports.h"
#include "fusion/happeningfuser.h"

#include <QtTest>

using namespace mapline;

namespace {

FusionReports::Input row(qint64 id, int day, double lon, const QStringList &publishers, double confidence = 0.5,
                         const QString &place = QStringLiteral("Kunduz"))
{
    FusionReports::Input in;
    in.eventId = id;
    in.time = TimeRange::day(QDate(2001, 11, 1).addDays(day));
    in.place = place;
    in.geo = GeoPrecision::City;
    in.positioned = true;
    in.lon = lon;
    in.lat = 36.73;
    in.admin1 = QStringLiteral("Kondoz");
    in.country = QStringLiteral("Afghanistan");
    in.type = QStringLiteral("armed_clash");
    in.actors = {{QStringLiteral("Taliban"), {}, false}, {QStringLiteral("Northern Alliance"), {}, false}};
    in.publishers = publishers;
    in.confidence = confidence;
    return in;
}

std::vector<quint32> ids(std::span<const quint32> s)
{
    return {s.begin(), s.end()};
}

} // namespace

class TestFusionShapes : public QObject {
    Q_OBJECT

private slots:
    // Reports that differ only in their id, day and point share one shape; a different publisher,
    // confidence, place or order of actors is another shape.
    void alikeReportsShareOneShape()
    {
        FusionReports reports;
        const QStringList ap{QStringLiteral("AP")};
        const int a = reports.add(row(1, 0, 68.86, ap));
        const int b = reports.add(row(2, 3, 68.90, ap));
        QCOMPARE(reports.shapeCount(), 1);
        QCOMPARE(reports[a].shape, reports[b].shape);
        QCOMPARE(reports[a].eventId, qint64(1));
        QCOMPARE(reports[b].eventId, qint64(2));
        QCOMPARE(reports[b].start - reports[a].start, 3);
        QCOMPARE(reports[b].lon, 68.90f);
        QCOMPARE(reports.actors(reports[a]).size(), size_t(2));

        const int c = reports.add(row(3, 0, 68.86, {QStringLiteral("Reuters")}));
        const int d = reports.add(row(4, 0, 68.86, ap, 0.7));
        const int e = reports.add(row(5, 0, 68.86, ap, 0.5, QStringLiteral("Khanabad")));
        FusionReports::Input swapped = row(6, 0, 68.86, ap);
        std::swap(swapped.actors[0], swapped.actors[1]);
        const int f = reports.add(swapped);
        QCOMPARE(reports.shapeCount(), 5);
        for (int other : {c, d, e, f})
            QVERIFY(reports[other].shape != reports[a].shape);
        QVERIFY(ids(reports.sources(reports[c])) != ids(reports.sources(reports[a])));
        QCOMPARE(reports.shape(reports[d]).confidence, 0.7f);
        QCOMPARE(reports.vocabulary().text(reports.shape(reports[e]).place), QStringLiteral("Khanabad"));
        QCOMPARE(ids(reports.actors(reports[f])),
                 (std::vector<quint32>{ids(reports.actors(reports[a]))[1], ids(reports.actors(reports[a]))[0]}));
        // The same again: the shapes kept, none added.
        QCOMPARE(reports[reports.add(row(7, 9, 68.80, {QStringLiteral("Reuters")}))].shape, reports[c].shape);
        QCOMPARE(reports.shapeCount(), 5);
    }

    // Many shapes (the table grows and puts its shapes again): each found again by what it says.
    void manyShapesAreFoundAgain()
    {
        FusionReports reports;
        constexpr int kShapes = 5000;
        std::vector<quint32> shapeOf(kShapes);
        for (int i = 0; i < kShapes; ++i)
            shapeOf[size_t(i)] = reports[reports.add(row(i + 1, 0, 68.86, {QStringLiteral("source %1").arg(i)}))].shape;
        QCOMPARE(reports.shapeCount(), kShapes);
        for (int i = kShapes - 1; i >= 0; --i) {
            const int r = reports.add(row(kShapes + i + 1, 1, 68.87, {QStringLiteral("source %1").arg(i)}));
            QCOMPARE(reports[r].shape, shapeOf[size_t(i)]);
            QCOMPARE(reports.vocabulary().text(reports.sources(reports[r])[0]), QStringLiteral("source %1").arg(i));
        }
        QCOMPARE(reports.shapeCount(), kShapes);
    }

    // More reports than a block holds: a report stays where it was, and reads back what it was
    // given; release() gives everything back and the reports can be filled again.
    void reportsStayWhereTheyAre()
    {
        FusionReports reports;
        const int first = reports.add(row(1, 0, 68.86, {QStringLiteral("AP")}));
        const FusionReport *kept = &reports[first];
        constexpr int kRows = 40000; // more than two blocks
        for (int i = 1; i < kRows; ++i)
            reports.add(row(i + 1, i % 365, 68.0 + (i % 1000) / 1000.0, {QStringLiteral("AP")}));
        QCOMPARE(reports.size(), kRows);
        QCOMPARE(&reports[first], kept);
        for (int i = 1; i < kRows; i += 997) {
            QCOMPARE(reports[i].eventId, qint64(i + 1));
            QCOMPARE(reports[i].lon, float(68.0 + (i % 1000) / 1000.0));
        }
        QCOMPARE(reports.shapeCount(), 1);
        reports.release();
        QCOMPARE(reports.size(), 0);
        QCOMPARE(reports.shapeCount(), 0);
        const int again = reports.add(row(9, 0, 68.86, {QStringLiteral("VOA")}));
        QCOMPARE(again, 0);
        QCOMPARE(reports.vocabulary().text(reports.sources(reports[again])[0]), QStringLiteral("VOA"));
    }

    // Reports sharing a shape fuse as reports that do not: two sources, each counted once at its
    // best confidence.
    void sharedShapesFuseAsBefore()
    {
        FusionReports reports;
        std::vector<int> all;
        for (int i = 0; i < 4; ++i)
            all.push_back(reports.add(row(i + 1, 0, 68.86 + 0.001 * i, {QStringLiteral("AP")}, 0.4)));
        all.push_back(reports.add(row(5, 0, 68.86, {QStringLiteral("Reuters")}, 0.6)));
        QCOMPARE(reports.shapeCount(), 2);
        HappeningFuser fuser(reports);
        for (int r : all)
            fuser.add(r);
        QCOMPARE(int(fuser.roots().size()), 1);
        const Happening h = fuser.fused(fuser.roots()[0]);
        QCOMPARE(h.reports, 5);
        QCOMPARE(h.sourceNames, (QStringList{QStringLiteral("AP"), QStringLiteral("Reuters")}));
        QVERIFY(qAbs(h.confidence - (1 - 0.6 * 0.4)) < 1e-6);
        QCOMPARE(h.actors.size(), 2);
    }
};

QTEST_GUILESS_MAIN(TestFusionShapes)
#include "tst_fusionshapes.moc"
