// The happenings on the command line (issue 13, DESIGN.md's contract): `events` carries happening_id
// and sources, `mapline happenings` prints one row per happening as JSON, CSV or GeoJSON,
// --min-sources filters events, happenings, exports and snapshots, `export --happenings` writes one
// feature per happening. Run as a user runs them, on the fusion test set (tests/data/fusion).
#include "geo/gdalhandles.h"
#include "happeningfields.h"
#include "testsupport.h"

#include <gdal.h>
#include <ogr_api.h>

#include <QDir>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

using namespace mapline;
using test::runMapline;

namespace {

QJsonArray jsonArray(const QByteArray &out)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(out, &error);
    if (error.error != QJsonParseError::NoError || !doc.isArray())
        return {};
    return doc.array();
}

} // namespace

class TestHappeningCli : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void eventsCarryTheirHappening();
    void happeningsJson();
    void happeningsCsvAndGeoJson();
    void minSourcesFilters();
    void exportHappenings_data();
    void exportHappenings();
    void eventExportCarriesTheHappening();
    void snapshotMinSources();
    void usageErrors_data();
    void usageErrors();
    void idsDoNotDependOnBatches();

private:
    QStringList db() const { return {QStringLiteral("--db"), mDb}; }
    QJsonArray run(const QStringList &args)
    {
        const auto r = runMapline(args + db());
        if (r.exitCode != 0)
            qWarning() << r.err;
        return r.exitCode == 0 ? jsonArray(r.out) : QJsonArray();
    }

    QTemporaryDir mDir;
    QString mDb;
    QJsonArray mEvents;
    QJsonArray mHappenings;
    QByteArray mHappeningsText; // `mapline happenings` as printed
};

void TestHappeningCli::initTestCase()
{
    QVERIFY(mDir.isValid());
    GDALAllRegister();
    mDb = mDir.filePath(QStringLiteral("fusion.sqlite"));
    const auto r = runMapline({QStringLiteral("import"), QStringLiteral("--db"), mDb,
                               test::testData(QStringLiteral("fusion/articles")),
                               test::testData(QStringLiteral("fusion/datasets"))});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    mEvents = run({QStringLiteral("events")});
    const auto happenings = runMapline(QStringList{QStringLiteral("happenings")} + db());
    QCOMPARE(happenings.exitCode, 0);
    mHappeningsText = happenings.out;
    mHappenings = jsonArray(mHappeningsText);
    QVERIFY(mEvents.size() > 50);
    QVERIFY(mHappenings.size() > 10);
    QVERIFY(mHappenings.size() < mEvents.size()); // reports are fused
}

// Every event carries its happening and the sources of that happening; the reports of one
// happening share both, and some happenings are told by several sources.
void TestHappeningCli::eventsCarryTheirHappening()
{
    QHash<qint64, int> sourcesOf;
    QHash<qint64, int> reportsOf;
    for (const QJsonValue &v : mEvents) {
        const QJsonObject e = v.toObject();
        QVERIFY(e.value("happening_id").isDouble());
        QVERIFY(e.value("sources").isDouble());
        const qint64 h = e.value("happening_id").toInteger();
        const int sources = e.value("sources").toInt();
        QVERIFY(h > 0);
        QVERIFY(sources >= 1);
        if (sourcesOf.contains(h))
            QCOMPARE(sources, sourcesOf.value(h));
        sourcesOf.insert(h, sources);
        ++reportsOf[h];
    }
    int wellSourced = 0;
    for (auto it = sourcesOf.cbegin(); it != sourcesOf.cend(); ++it)
        wellSourced += it.value() >= 3 ? 1 : 0;
    QVERIFY2(wellSourced >= 3, qPrintable(QString::number(wellSourced)));
    QCOMPARE(qsizetype(sourcesOf.size()), mHappenings.size());
}

// One row per happening with the contract's fields, agreeing with the events: its event ids are the
// events carrying its id, its sources the number of its source names.
void TestHappeningCli::happeningsJson()
{
    const QStringList required = {"id", "date", "date_end", "date_precision", "place", "lat", "lon", "geo_precision",
                                  "type", "acled_event_type", "actors", "reports", "sources", "source_names",
                                  "event_ids", "article_ids", "confidence", "disagreements"};
    QHash<qint64, QSet<qint64>> eventsOf;
    for (const QJsonValue &v : mEvents)
        eventsOf[v.toObject().value("happening_id").toInteger()].insert(v.toObject().value("id").toInteger());
    int reports = 0;
    int withDisagreement = 0;
    for (const QJsonValue &v : mHappenings) {
        const QJsonObject h = v.toObject();
        for (const QString &field : required)
            QVERIFY2(h.contains(field), qPrintable(field));
        QVERIFY(h.value("actors").isArray());
        QVERIFY(h.value("event_ids").isArray());
        QVERIFY(h.value("disagreements").isArray());
        const qint64 id = h.value("id").toInteger();
        QSet<qint64> ids;
        for (const QJsonValue &e : h.value("event_ids").toArray())
            ids.insert(e.toInteger());
        QCOMPARE(ids, eventsOf.value(id));
        QCOMPARE(h.value("reports").toInt(), int(ids.size()));
        QCOMPARE(h.value("sources").toInt(), int(h.value("source_names").toArray().size()));
        QVERIFY(h.value("sources").toInt() >= 1 && h.value("sources").toInt() <= h.value("reports").toInt());
        const double confidence = h.value("confidence").toDouble(-1);
        QVERIFY(confidence >= 0 && confidence <= 1);
        QVERIFY(h.value("date").toString() <= h.value("date_end").toString());
        reports += h.value("reports").toInt();
        withDisagreement += h.value("disagreements").toArray().isEmpty() ? 0 : 1;
    }
    QCOMPARE(reports, int(mEvents.size()));
    QVERIFY(withDisagreement >= 1); // the test set has reports that disagree on a date
}

void TestHappeningCli::happeningsCsvAndGeoJson()
{
    auto r = runMapline(QStringList{QStringLiteral("happenings"), QStringLiteral("--format"), QStringLiteral("csv")} + db());
    QCOMPARE(r.exitCode, 0);
    const QList<QByteArray> lines = r.out.split('\n');
    QCOMPARE(lines.first().trimmed(), happeningCsvHeader().toUtf8());
    QVERIFY(r.out.contains("\r\n"));
    QCOMPARE(lines.size(), mHappenings.size() + 2); // header, rows, the empty tail after the last line end

    r = runMapline(QStringList{QStringLiteral("happenings"), QStringLiteral("--format"), QStringLiteral("geojson")} + db());
    QCOMPARE(r.exitCode, 0);
    const QJsonObject collection = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(collection.value("type").toString(), QStringLiteral("FeatureCollection"));
    const QJsonArray features = collection.value("features").toArray();
    QCOMPARE(features.size(), mHappenings.size());
    for (qsizetype i = 0; i < features.size(); ++i) {
        const QJsonObject f = features[i].toObject();
        const QJsonObject h = mHappenings[i].toObject();
        QCOMPARE(f.value("properties").toObject(), h);
        const QJsonArray xy = f.value("geometry").toObject().value("coordinates").toArray();
        QCOMPARE(xy.size(), 2);
        QCOMPARE(xy[0].toDouble(), h.value("lon").toDouble());
        QCOMPARE(xy[1].toDouble(), h.value("lat").toDouble());
    }
}

// --min-sources N keeps the happenings told by N sources or more, and exactly their reports.
void TestHappeningCli::minSourcesFilters()
{
    const QStringList three = {QStringLiteral("--min-sources"), QStringLiteral("3")};
    const QJsonArray happenings = run(QStringList{QStringLiteral("happenings")} + three);
    const QJsonArray events = run(QStringList{QStringLiteral("events")} + three);
    QVERIFY(!happenings.isEmpty());
    QVERIFY(happenings.size() < mHappenings.size());
    QSet<qint64> expected;
    for (const QJsonValue &v : mHappenings) {
        if (v.toObject().value("sources").toInt() >= 3)
            expected.insert(v.toObject().value("id").toInteger());
    }
    QSet<qint64> got;
    for (const QJsonValue &v : happenings)
        got.insert(v.toObject().value("id").toInteger());
    QCOMPARE(got, expected);
    QSet<qint64> eventHappenings;
    for (const QJsonValue &v : events) {
        QVERIFY(v.toObject().value("sources").toInt() >= 3);
        eventHappenings.insert(v.toObject().value("happening_id").toInteger());
    }
    QCOMPARE(eventHappenings, expected);
    // Filters combine: the same happenings of one type.
    const QJsonArray clashes = run(QStringList{QStringLiteral("happenings"), QStringLiteral("--type"),
                                               QStringLiteral("armed_clash")} + three);
    for (const QJsonValue &v : clashes)
        QVERIFY(expected.contains(v.toObject().value("id").toInteger()));
    QVERIFY(clashes.size() < happenings.size());
}

void TestHappeningCli::exportHappenings_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("sourcesField");
    QTest::newRow("geojson") << QStringLiteral("h.geojson") << QStringLiteral("sources");
    QTest::newRow("gpkg") << QStringLiteral("h.gpkg") << QStringLiteral("sources");
    QTest::newRow("csv") << QStringLiteral("h.csv") << QStringLiteral("sources");
    QTest::newRow("kml") << QStringLiteral("h.kml") << QStringLiteral("sources");
    QTest::newRow("shp") << QStringLiteral("h.shp") << QStringLiteral("sources");
}

// One feature per happening, in every format, with its sources and its reports' event ids.
void TestHappeningCli::exportHappenings()
{
    QFETCH(QString, file);
    QFETCH(QString, sourcesField);
    const QString path = mDir.filePath(file);
    const auto r = runMapline(QStringList{QStringLiteral("export"), QStringLiteral("--happenings"), QStringLiteral("--out"),
                                          path} + db());
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.out.contains(QStringLiteral("exported %1 happenings").arg(mHappenings.size()).toUtf8()), r.out.constData());
    QHash<qint64, int> sourcesOf;
    for (const QJsonValue &v : mHappenings)
        sourcesOf.insert(v.toObject().value("id").toInteger(), v.toObject().value("sources").toInt());

    geo::DatasetHPtr ds(GDALOpenEx(path.toUtf8().constData(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
    QVERIFY(ds);
    OGRLayerH layer = GDALDatasetGetLayer(ds.get(), 0);
    QVERIFY(layer);
    QCOMPARE(OGR_L_GetFeatureCount(layer, TRUE), GIntBig(mHappenings.size()));
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    const int idField = OGR_FD_GetFieldIndex(defn, "id");
    const int sourcesIndex = OGR_FD_GetFieldIndex(defn, sourcesField.toUtf8().constData());
    QVERIFY(idField >= 0 && sourcesIndex >= 0);
    OGR_L_ResetReading(layer);
    int checked = 0;
    while (geo::FeatureHPtr f{OGR_L_GetNextFeature(layer)}) {
        const qint64 id = OGR_F_GetFieldAsInteger64(f.get(), idField);
        QVERIFY2(sourcesOf.contains(id), qPrintable(QString::number(id)));
        QCOMPARE(OGR_F_GetFieldAsInteger(f.get(), sourcesIndex), sourcesOf.value(id));
        ++checked;
    }
    QCOMPARE(checked, int(mHappenings.size()));
}

// The event export carries happening_id and sources as fields (integers in the GeoPackage).
void TestHappeningCli::eventExportCarriesTheHappening()
{
    const QString path = mDir.filePath(QStringLiteral("events.gpkg"));
    const auto r = runMapline(QStringList{QStringLiteral("export"), QStringLiteral("--out"), path,
                                          QStringLiteral("--min-sources"), QStringLiteral("2")} + db());
    QVERIFY2(r.exitCode == 0, r.err.constData());
    geo::DatasetHPtr ds(GDALOpenEx(path.toUtf8().constData(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
    QVERIFY(ds);
    OGRLayerH layer = GDALDatasetGetLayer(ds.get(), 0);
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    const int happening = OGR_FD_GetFieldIndex(defn, "happening_id");
    const int sources = OGR_FD_GetFieldIndex(defn, "sources");
    QVERIFY(happening >= 0 && sources >= 0);
    QCOMPARE(OGR_Fld_GetType(OGR_FD_GetFieldDefn(defn, happening)), OFTInteger64);
    int count = 0;
    OGR_L_ResetReading(layer);
    while (geo::FeatureHPtr f{OGR_L_GetNextFeature(layer)}) {
        QVERIFY(OGR_F_GetFieldAsInteger64(f.get(), happening) > 0);
        QVERIFY(OGR_F_GetFieldAsInteger(f.get(), sources) >= 2);
        ++count;
    }
    int expected = 0;
    for (const QJsonValue &v : mEvents)
        expected += v.toObject().value("sources").toInt() >= 2 && v.toObject().value("lat").isDouble() ? 1 : 0;
    QCOMPARE(count, expected);
    QVERIFY(count > 0 && count < int(mEvents.size()));
}

// A snapshot with --min-sources draws fewer symbols: the picture differs from the unfiltered one,
// and one with a threshold no happening reaches is the empty map (no caption or legend, which
// would tell the filters and counts apart).
void TestHappeningCli::snapshotMinSources()
{
    const auto shot = [&](const QString &name, const QStringList &extra) {
        const QString path = mDir.filePath(name);
        const auto r = runMapline(QStringList{QStringLiteral("snapshot"), QStringLiteral("--out"), path,
                                              QStringLiteral("--size"), QStringLiteral("400x300"),
                                              QStringLiteral("--from"), QStringLiteral("2001-11-01"),
                                              QStringLiteral("--to"), QStringLiteral("2001-12-31"),
                                              QStringLiteral("--no-caption"), QStringLiteral("--no-legend")} +
                                              extra + db());
        if (r.exitCode != 0)
            qWarning() << r.err;
        return QImage(path);
    };
    const QImage all = shot(QStringLiteral("all.png"), {});
    const QImage three = shot(QStringLiteral("three.png"), {QStringLiteral("--min-sources"), QStringLiteral("3")});
    const QImage none = shot(QStringLiteral("none.png"), {QStringLiteral("--min-sources"), QStringLiteral("99")});
    const QImage empty = shot(QStringLiteral("empty.png"), {QStringLiteral("--from"), QStringLiteral("1990-01-01"),
                                                             QStringLiteral("--to"), QStringLiteral("1990-01-02")});
    QVERIFY(!all.isNull() && !three.isNull() && !none.isNull() && !empty.isNull());
    QVERIFY(all != three);
    QVERIFY(three != none);
    QVERIFY(none == empty);
}

void TestHappeningCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("happenings, bad format") << QStringList{"happenings", "--format", "xml"};
    QTest::newRow("happenings, zero sources") << QStringList{"happenings", "--min-sources", "0"};
    QTest::newRow("events, sources not a number") << QStringList{"events", "--min-sources", "many"};
    QTest::newRow("export, negative sources") << QStringList{"export", "--out", "x.geojson", "--min-sources", "-1"};
    QTest::newRow("snapshot, sources not a number") << QStringList{"snapshot", "--out", "x.png", "--min-sources", "2.5"};
    QTest::newRow("animate, zero sources") << QStringList{"animate", "--out", "x.gif", "--min-sources", "0"};
    QTest::newRow("happenings, stray argument") << QStringList{"happenings", "extra"};
}

void TestHappeningCli::usageErrors()
{
    QFETCH(QStringList, args);
    const auto r = runMapline(args + db());
    QVERIFY(!r.crashed);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.startsWith("mapline "), r.err.constData());
    QVERIFY(r.out.isEmpty());
}


// The happenings' ids depend only on the input and its order, not on how the import's batches
// fell (an article import commits every 64 files or 250 ms, whichever comes first): imported in
// batches of one article and of three, the same files give the same `mapline happenings`, byte
// for byte. Each happening's id is its first report's event id (FusionSync::write()).
void TestHappeningCli::idsDoNotDependOnBatches()
{
    for (const char *batch : {"1", "3"}) {
        const QString path = mDir.filePath(QStringLiteral("batches-%1.sqlite").arg(QLatin1String(batch)));
        qputenv("MAPLINE_TEST_BATCH_ARTICLES", batch);
        const auto imported = runMapline({QStringLiteral("import"), QStringLiteral("--db"), path,
                                          test::testData(QStringLiteral("fusion/articles")),
                                          test::testData(QStringLiteral("fusion/datasets"))});
        qunsetenv("MAPLINE_TEST_BATCH_ARTICLES");
        QVERIFY2(imported.exitCode == 0, imported.err.constData());
        const auto listed = runMapline({QStringLiteral("happenings"), QStringLiteral("--db"), path});
        QCOMPARE(listed.exitCode, 0);
        QVERIFY(!listed.out.isEmpty());
        QCOMPARE(listed.out, mHappeningsText);
    }
    for (const QJsonValue &v : mHappenings) {
        qint64 first = std::numeric_limits<qint64>::max();
        for (const QJsonValue &e : v.toObject().value("event_ids").toArray())
            first = std::min(first, e.toInteger());
        QCOMPARE(v.toObject().value("id").toInteger(), first);
    }
}

QTEST_GUILESS_MAIN(TestHappeningCli)
#include "tst_happeningcli.moc"
