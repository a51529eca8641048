// Data exports through OGR, checked by reading the files back through GDAL (and as text where
// the format's details matter: KML time elements and styles, RFC 7946 GeoJSON, Shapefile
// companions), the round trip of every export back through `mapline import`, files that appear
// whole or not at all, progress and cancel, and the `mapline export` command line. File > Export
// data is tested in tst_exportdialogs.
#include "eventfields.h"
#include "exportdialogs/exportfixtures.h"
#include "geo/gdalhandles.h"
#include "interop/csvreader.h"
#include "interop/dataset.h"
#include "interop/datasetimporter.h"
#include "interop/eventexporter.h"
#include "interop/exportfields.h"
#include "io/stagedoutput.h"
#include "store/eventstore.h"
#include "testsupport.h"

#include <gdal.h>
#include <ogr_api.h>

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

#include <sys/stat.h>

using namespace mapline;
using namespace mapline::test;

class TestExport : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void readsBackThroughGdal_data();
    void readsBackThroughGdal();
    void kmlHasTimeElementsAndStyles();
    void geoJsonIsRfc7946();
    void csvHasTheContractHeader();
    void shapefileNamesAndCompanions();
    void exportsComeBackUnchanged_data();
    void exportsComeBackUnchanged();
    void datasetRowsKeepTheirIds_data();
    void datasetRowsKeepTheirIds();
    void failureLeavesNothing_data();
    void failureLeavesNothing();
    void existingFileReplacedOnlyWhole();
    void commandLine_data();
    void commandLine();
    void progressAndCancel();
    void geoPackageSpatialIndex();

private:
    QString out(const QString &name) const { return mDir.filePath(QStringLiteral("out/") + name); }
    QTemporaryDir mDir;
    QString mDb;
    QList<Event> mEvents;
};

void TestExport::initTestCase()
{
    GDALAllRegister();
    QVERIFY(QDir().mkpath(mDir.filePath(QStringLiteral("out"))));
    mDb = mDir.filePath(QStringLiteral("events.sqlite"));
    fillDatabase(mDb);
    mEvents = storedEvents(mDb);
    QCOMPARE(mEvents.size(), 4);
}

void TestExport::readsBackThroughGdal_data()
{
    QTest::addColumn<int>("format");
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("features");
    QTest::addColumn<bool>("shortNames");
    QTest::newRow("geojson") << int(ExportFormat::GeoJson) << QStringLiteral("e.geojson") << 4 << false;
    QTest::newRow("kml") << int(ExportFormat::Kml) << QStringLiteral("e.kml") << 3 << false;
    QTest::newRow("gpkg") << int(ExportFormat::GeoPackage) << QStringLiteral("e.gpkg") << 4 << false;
    QTest::newRow("csv") << int(ExportFormat::Csv) << QStringLiteral("e.csv") << 4 << false;
    QTest::newRow("shp") << int(ExportFormat::Shapefile) << QStringLiteral("e.shp") << 3 << true;
}

void TestExport::readsBackThroughGdal()
{
    QFETCH(int, format);
    QFETCH(QString, file);
    QFETCH(int, features);
    QFETCH(bool, shortNames);
    const QString path = out(file);
    const auto written = EventExporter::write(mEvents, path, ExportFormat(format));
    QVERIFY2(written.ok(), qPrintable(written.error()));
    QCOMPARE(written->written, features);
    QCOMPARE(written->withoutPosition, 4 - features);

    geo::DatasetHPtr ds(
        GDALOpenEx(path.toUtf8().constData(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
    QVERIFY(ds);
    OGRLayerH layer = GDALDatasetGetLayerByName(ds.get(), "events");
    if (!layer)
        layer = GDALDatasetGetLayer(ds.get(), 0);
    QVERIFY(layer);
    QCOMPARE(OGR_L_GetFeatureCount(layer, TRUE), features);
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    QStringList names;
    for (int i = 0; i < OGR_FD_GetFieldCount(defn); ++i)
        names << QString::fromUtf8(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)));
    for (const ExportField &f : ExportFields::all())
        QVERIFY2(names.contains(shortNames ? f.shapefileName : f.name), qPrintable(f.name));

    bool found = false;
    OGR_L_ResetReading(layer);
    while (geo::FeatureHPtr f{OGR_L_GetNextFeature(layer)}) {
        if (fieldText(f.get(), "type") != u"armed_clash")
            continue;
        found = true;
        QCOMPARE(fieldText(f.get(), "date"), QStringLiteral("2001-11-21"));
        QCOMPARE(fieldText(f.get(), shortNames ? "date_prec" : "date_precision"), QStringLiteral("day"));
        QCOMPARE(fieldText(f.get(), "actors"), QStringLiteral("Taliban; Northern Alliance"));
        QCOMPARE(fieldText(f.get(), "place"), QStringLiteral("Kunduz"));
        QCOMPARE(fieldText(f.get(), "lat").toDouble(), 36.728);
        QCOMPARE(fieldText(f.get(), "lon").toDouble(), 68.868);
        if (ExportFormat(format) != ExportFormat::Csv) {
            OGRGeometryH g = OGR_F_GetGeometryRef(f.get());
            QVERIFY(g);
            QVERIFY(qAbs(OGR_G_GetX(g, 0) - 68.868) < 1e-6); // longitude first, whatever the format
            QVERIFY(qAbs(OGR_G_GetY(g, 0) - 36.728) < 1e-6);
        }
    }
    QVERIFY(found);
}

void TestExport::kmlHasTimeElementsAndStyles()
{
    const QString path = out(QStringLiteral("time.kml"));
    QVERIFY(EventExporter::write(mEvents, path, ExportFormat::Kml).ok());
    struct Placemark {
        QString name, when, begin, end, styleUrl, description;
    };
    QList<Placemark> placemarks;
    QHash<QString, QString> styleColours;
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&file);
    QString styleId;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        const auto name = xml.name();
        if (name == u"Placemark")
            placemarks.append(Placemark());
        else if (name == u"Style")
            styleId = xml.attributes().value(QStringLiteral("id")).toString();
        else if (name == u"color" && !styleId.isEmpty())
            styleColours.insert(styleId, xml.readElementText());
        else if (!placemarks.isEmpty() && name == u"name")
            placemarks.last().name = xml.readElementText();
        else if (!placemarks.isEmpty() && name == u"when")
            placemarks.last().when = xml.readElementText();
        else if (!placemarks.isEmpty() && name == u"begin")
            placemarks.last().begin = xml.readElementText();
        else if (!placemarks.isEmpty() && name == u"end")
            placemarks.last().end = xml.readElementText();
        else if (!placemarks.isEmpty() && name == u"styleUrl")
            placemarks.last().styleUrl = xml.readElementText();
        else if (!placemarks.isEmpty() && name == u"description")
            placemarks.last().description = xml.readElementText();
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QCOMPARE(placemarks.size(), 3); // the event without a position is left out
    QHash<QString, Placemark> byStyle;
    for (const Placemark &p : std::as_const(placemarks))
        byStyle.insert(p.styleUrl, p);
    const Placemark clash = byStyle.value(QStringLiteral("#armed_clash"));
    QCOMPARE(clash.name, QStringLiteral("Armed clash, Kunduz"));
    QCOMPARE(clash.when, QStringLiteral("2001-11-21")); // a day: <TimeStamp><when>
    QVERIFY(clash.begin.isEmpty());
    QVERIFY2(clash.description.contains(
                 QStringLiteral("&quot;Northern Alliance&quot;, with tanks &amp; &lt;artillery&gt;")),
             qPrintable(clash.description));
    QVERIFY(clash.description.contains(QStringLiteral("Date: 2001-11-21")));
    QVERIFY(clash.description.contains(QStringLiteral("Actors: Taliban; Northern Alliance")));
    const Placemark talks = byStyle.value(QStringLiteral("#talks")); // a week: <TimeSpan><begin><end>
    QVERIFY(talks.when.isEmpty());
    QCOMPARE(talks.begin, QStringLiteral("2001-11-19"));
    QCOMPARE(talks.end, QStringLiteral("2001-11-25"));
    const Placemark shelling = byStyle.value(QStringLiteral("#shelling")); // a month
    QCOMPARE(shelling.begin, QStringLiteral("2001-11-01"));
    QCOMPARE(shelling.end, QStringLiteral("2001-11-30"));
    // One style per type, its colour in KML's aabbggrr order.
    QCOMPARE(styleColours.value(QStringLiteral("armed_clash")), QStringLiteral("ff1c1ae4")); // #E41A1C
    QCOMPARE(styleColours.value(QStringLiteral("talks")), QStringLiteral("ffb87e37"));       // #377EB8
    QVERIFY(styleColours.contains(QStringLiteral("shelling")));
}

void TestExport::geoJsonIsRfc7946()
{
    const QString path = out(QStringLiteral("rfc.geojson"));
    QVERIFY(EventExporter::write(mEvents, path, ExportFormat::GeoJson).ok());
    QJsonParseError error;
    const QJsonObject doc = QJsonDocument::fromJson(test::readFile(path), &error).object();
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    QCOMPARE(doc.value("type").toString(), QStringLiteral("FeatureCollection"));
    QVERIFY(!doc.contains("crs")); // RFC 7946: WGS 84 implied, no crs member
    const QJsonArray features = doc.value("features").toArray();
    QCOMPARE(features.size(), 4);
    int nullGeometries = 0;
    for (const QJsonValue &v : features) {
        const QJsonObject f = v.toObject();
        const QJsonObject p = f.value("properties").toObject();
        for (const QString &name : eventFieldNames())
            QVERIFY2(p.contains(name), qPrintable(name));
        if (f.value("geometry").isNull()) {
            ++nullGeometries;
            QVERIFY(p.value("lat").isNull());
            QCOMPARE(p.value("sentence").toString(),
                     QStringLiteral("Officials said more talks would follow."));
            continue;
        }
        const QJsonArray xy = f.value("geometry").toObject().value("coordinates").toArray();
        QCOMPARE(xy.at(0).toDouble(), p.value("lon").toDouble());
        QCOMPARE(xy.at(1).toDouble(), p.value("lat").toDouble());
    }
    QCOMPARE(nullGeometries, 1);
    const QJsonObject clash = features.at(2).toObject().value("properties").toObject(); // in date order
    QCOMPARE(clash.value("type").toString(), QStringLiteral("armed_clash"));
    QCOMPARE(clash.value("date").toString(), QStringLiteral("2001-11-21"));
    QCOMPARE(clash.value("acled_event_type").toString(), QStringLiteral("Battles"));
    QCOMPARE(features.at(0).toObject().value("properties").toObject().value("acled_event_type").toString(),
             QString()); // empty, not null, as in the JSON of `mapline events`
}

void TestExport::csvHasTheContractHeader()
{
    const QString path = out(QStringLiteral("contract.csv"));
    QVERIFY(EventExporter::write(mEvents, path, ExportFormat::Csv).ok());
    CsvReader csv;
    QVERIFY(csv.open(path).ok());
    QByteArrayList fields;
    QCOMPARE(csv.next(fields), CsvReader::Next::Record);
    QCOMPARE(QString::fromUtf8(fields.join(',')), csvHeader());
    QList<QByteArrayList> records;
    while (csv.next(fields) == CsvReader::Next::Record)
        records << fields;
    QCOMPARE(records.size(), 4);
    // In date order: shelling (November), talks (the week from the 19th), the clash (21st), the statement
    // (23rd).
    const int sentence = int(eventFieldNames().indexOf(QStringLiteral("sentence")));
    QCOMPARE(QString::fromUtf8(records[2][sentence]),
             QStringLiteral("Taliban fought the \"Northern Alliance\", with tanks & <artillery>, in "
                            "Konduz;\nthen withdrew."));
    QCOMPARE(QString::fromUtf8(records[1][sentence]), kLongSentence); // CSV keeps long texts whole
    const int lat = int(eventFieldNames().indexOf(QStringLiteral("lat")));
    QVERIFY(records[3][lat].isEmpty()); // no position: empty lat and lon, the event is still there
}

void TestExport::shapefileNamesAndCompanions()
{
    const QString path = out(QStringLiteral("names.shp"));
    const auto written = EventExporter::write(mEvents, path, ExportFormat::Shapefile);
    QVERIFY(written.ok());
    QCOMPARE(written->cutValues, 1); // the long sentence
    for (const char *ext : {"shp", "shx", "dbf", "prj", "cpg"})
        QVERIFY2(QFile::exists(out(QStringLiteral("names.") + QLatin1String(ext))), ext);
    QCOMPARE(test::readFile(out(QStringLiteral("names.cpg"))).trimmed(), QByteArray("UTF-8"));
    QVERIFY(test::readFile(out(QStringLiteral("names.prj"))).contains("WGS_1984"));
    for (const ExportField &f : ExportFields::all())
        QVERIFY2(f.shapefileName.size() <= 10, qPrintable(f.shapefileName));

    geo::DatasetHPtr ds(GDALOpenEx(path.toUtf8().constData(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr));
    QVERIFY(ds);
    OGRLayerH layer = GDALDatasetGetLayer(ds.get(), 0);
    bool sawLong = false;
    while (geo::FeatureHPtr f{OGR_L_GetNextFeature(layer)}) {
        if (fieldText(f.get(), "type") != u"talks")
            continue;
        sawLong = true;
        const QByteArray bytes =
            QByteArray(OGR_F_GetFieldAsString(f.get(), OGR_F_GetFieldIndex(f.get(), "sentence")));
        QVERIFY(bytes.size() <= 254 && bytes.size() >= 250);
        const QString text = QString::fromUtf8(bytes);
        QVERIFY2(!text.contains(QChar::ReplacementCharacter), bytes.constData()); // cut between characters
        QVERIFY(kLongSentence.startsWith(text));
        QCOMPARE(fieldText(f.get(), "date_end"), QStringLiteral("2001-11-25"));
    }
    QVERIFY(sawLong);
}

void TestExport::exportsComeBackUnchanged_data()
{
    QTest::addColumn<int>("format");
    QTest::addColumn<QString>("file");
    QTest::newRow("geojson") << int(ExportFormat::GeoJson) << QStringLiteral("back.geojson");
    QTest::newRow("kml") << int(ExportFormat::Kml) << QStringLiteral("back.kml");
    QTest::newRow("gpkg") << int(ExportFormat::GeoPackage) << QStringLiteral("back.gpkg");
    QTest::newRow("csv") << int(ExportFormat::Csv) << QStringLiteral("back.csv");
    QTest::newRow("shp, texts cut to 254 bytes")
        << int(ExportFormat::Shapefile) << QStringLiteral("back.shp");
}

void TestExport::exportsComeBackUnchanged()
{
    QFETCH(int, format);
    QFETCH(QString, file);
    const QString path = out(file);
    QVERIFY(EventExporter::write(mEvents, path, ExportFormat(format)).ok());
    const QString db = mDir.filePath(
        QStringLiteral("back-%1.sqlite").arg(QString::fromLatin1(QTest::currentDataTag()).left(3)));
    {
        auto store = EventStore::open(db);
        QVERIFY(store.ok());
        const auto r = DatasetImporter(*store.value(), false).importFile(path);
        QVERIFY2(r.status == DatasetImporter::FileResult::Status::Imported, qPrintable(r.error));
        QCOMPARE(r.skipped, 0);
    }
    const QList<Event> back = storedEvents(db);
    QList<Event> expected;
    for (const Event &e : mEvents)
        if (e.place.coordinate.isValid() || ExportFormats::allowsNullGeometry(ExportFormat(format)))
            expected << e;
    QCOMPARE(back.size(), expected.size());
    for (int i = 0; i < back.size(); ++i) {
        const Event &a = expected[i];
        const Event &b = back[i];
        QCOMPARE(b.time, a.time);
        QCOMPARE(b.type, a.type);
        QCOMPARE(b.acledEventType, a.acledEventType);
        QCOMPARE(b.acledSubEventType, a.acledSubEventType);
        QCOMPARE(b.cameoRoot, a.cameoRoot);
        QCOMPARE(b.place.name, a.place.name);
        QCOMPARE(b.placeText, a.placeText);
        QVERIFY(b.place.precision == a.place.precision);
        QCOMPARE(b.place.admin1, a.place.admin1);
        QCOMPARE(b.place.country, a.place.country);
        QCOMPARE(b.place.coordinate.isValid(), a.place.coordinate.isValid());
        if (a.place.coordinate.isValid()) {
            QCOMPARE(b.place.coordinate.latitude(), a.place.coordinate.latitude());
            QCOMPARE(b.place.coordinate.longitude(), a.place.coordinate.longitude());
        }
        QCOMPARE(sortedActors(b), sortedActors(a));
        if (ExportFormat(format) == ExportFormat::Shapefile && a.sentence.toUtf8().size() > 254)
            QVERIFY(a.sentence.startsWith(b.sentence) && b.sentence.toUtf8().size() >= 250);
        else
            QCOMPARE(b.sentence, a.sentence);
        QCOMPARE(b.confidence, a.confidence);
    }
}

void TestExport::datasetRowsKeepTheirIds_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("field");
    QTest::addColumn<bool>("placedOnly");
    QTest::newRow("geojson") << QStringLiteral("ids.geojson") << QStringLiteral("external_id") << false;
    QTest::newRow("kml") << QStringLiteral("ids.kml") << QStringLiteral("external_id") << true;
    QTest::newRow("gpkg") << QStringLiteral("ids.gpkg") << QStringLiteral("external_id") << false;
    QTest::newRow("csv") << QStringLiteral("ids.csv") << QStringLiteral("external_id") << false;
    QTest::newRow("shp") << QStringLiteral("ids.shp") << QStringLiteral("externalid") << true;
}

// A dataset row's own id (GDELT's GLOBALEVENTID, ACLED's event_id_cnty) is in no text of the event:
// every format of `mapline export` carries it as external_id (a Shapefile as `externalid`), as the
// dataset wrote it; an event read from an article has none (null; an empty CSV field). Imported
// back, each event keeps it: the round trip ends with the same ids, and an event that had none is
// known by its id in the exporting database, as before.
void TestExport::datasetRowsKeepTheirIds()
{
    QFETCH(QString, file);
    QFETCH(QString, field);
    QFETCH(bool, placedOnly);
    const QString db = mDir.filePath(QStringLiteral("ids.sqlite"));
    if (!QFile::exists(db)) {
        fillDatabase(db);
        const auto imported = test::runMapline({QStringLiteral("import"), QStringLiteral("--db"), db,
                                                testData(QStringLiteral("datasets/gdelt1-20011125.export.CSV")),
                                                testData(QStringLiteral("datasets/acled-afghanistan-2020.csv"))});
        QVERIFY2(imported.exitCode <= 1 && !imported.crashed, imported.err.constData());
    }
    // The store's ids, and what each exported event's external_id must read back as.
    QHash<qint64, QString> stored;
    QStringList expectedBack;
    int placedWithId = 0;
    {
        QSqlDatabase c = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("ids"));
        c.setDatabaseName(db);
        QVERIFY(c.open());
        QSqlQuery q(c);
        QVERIFY(q.exec(QStringLiteral("SELECT id, external_id, lat IS NOT NULL FROM events")));
        while (q.next()) {
            stored.insert(q.value(0).toLongLong(), q.value(1).toString());
            if (q.value(2).toBool() || !placedOnly) {
                expectedBack << (q.value(1).toString().isEmpty() ? q.value(0).toString() : q.value(1).toString());
                placedWithId += q.value(1).toString().isEmpty() ? 0 : 1;
            }
        }
        q.finish();
        c.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("ids"));
    QVERIFY(stored.values().contains(QStringLiteral("1001")));        // GDELT
    QVERIFY(stored.values().contains(QStringLiteral("AFG90001")));    // ACLED
    QCOMPARE(stored.values().count(QString()), 4);                     // the article's events
    expectedBack.sort();

    const QString path = out(file);
    const auto exported = test::runMapline({QStringLiteral("export"), QStringLiteral("--db"), db,
                                            QStringLiteral("--out"), path});
    QVERIFY2(exported.exitCode == 0, exported.err.constData());
    {
        geo::DatasetHPtr ds(GDALOpenEx(path.toUtf8().constData(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
        QVERIFY(ds);
        OGRLayerH layer = GDALDatasetGetLayer(ds.get(), 0);
        QVERIFY(layer);
        const QByteArray name = field.toUtf8();
        const int index = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(layer), name.constData());
        QVERIFY2(index >= 0, name.constData());
        QCOMPARE(OGR_Fld_GetType(OGR_FD_GetFieldDefn(OGR_L_GetLayerDefn(layer), index)), OFTString); // a text
        int withId = 0, without = 0;
        while (geo::FeatureHPtr f{OGR_L_GetNextFeature(layer)}) {
            const QString id = stored.value(fieldText(f.get(), "id").toLongLong(), QStringLiteral("?"));
            QCOMPARE(fieldText(f.get(), name.constData()), id);
            if (id.isEmpty()) {
                ++without;
                if (file.endsWith(u".gpkg") || file.endsWith(u".geojson"))
                    QVERIFY(OGR_F_IsFieldNull(f.get(), index)); // null, not an empty text
            } else {
                ++withId;
            }
        }
        QVERIFY(placedWithId >= 8);
        QCOMPARE(withId, placedWithId);
        QCOMPARE(without, placedOnly ? 3 : 4);
    }

    // Back through `mapline import`: the same ids.
    const QString back = mDir.filePath(QStringLiteral("ids-back-%1.sqlite").arg(QString::fromLatin1(QTest::currentDataTag())));
    const auto imported = test::runMapline({QStringLiteral("import"), QStringLiteral("--db"), back, path});
    QVERIFY2(imported.exitCode == 0, imported.err.constData());
    const auto events = test::runMapline({QStringLiteral("events"), QStringLiteral("--db"), back});
    QVERIFY2(events.exitCode == 0, events.err.constData());
    QStringList ids;
    for (const QJsonValue &v : QJsonDocument::fromJson(events.out).array())
        ids << v.toObject().value(QStringLiteral("external_id")).toString();
    ids.sort();
    QCOMPARE(ids, expectedBack);
    // The rows' identity (dataset_key) is still their id in the exporting database, as for an
    // export without external_id: the same rows in an older export are recognised.
    auto store = test::openStore(back);
    QVERIFY(store);
    const QString key = test::scalar(*store, QStringLiteral("SELECT dataset_key FROM events WHERE external_id = '1001'")).toString();
    const qint64 exportedId = stored.key(QStringLiteral("1001"));
    QVERIFY2(key.startsWith(QStringLiteral("mapline:%1:2001-11-21:").arg(exportedId)), qPrintable(key));
}

void TestExport::failureLeavesNothing_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("reason");
    QTest::newRow("missing folder") << out(QStringLiteral("no/such/folder/e.geojson"))
                                    << QStringLiteral("does not exist");
    QTest::newRow("target is a folder") << out(QStringLiteral("taken.gpkg")) << QStringLiteral("is a folder");
    QTest::newRow("a Shapefile companion is a folder")
        << out(QStringLiteral("part.shp")) << QStringLiteral("is a folder");
    QTest::newRow("read-only folder") << mDir.filePath(QStringLiteral("locked/e.kml")) << QString();
}

void TestExport::failureLeavesNothing()
{
    QFETCH(QString, path);
    QFETCH(QString, reason);
    QDir().mkpath(out(QStringLiteral("taken.gpkg")));
    QDir().mkpath(out(QStringLiteral("part.dbf")));
    QString target = path;
    if (QTest::currentDataTag() == QByteArray("read-only folder")) {
        const QString locked = QFileInfo(path).path();
        QVERIFY(QDir().mkpath(locked));
        QVERIFY(QFile::setPermissions(locked, QFileDevice::ReadOwner | QFileDevice::ExeOwner));
        QFile probe(locked + QStringLiteral("/probe"));
        if (probe.open(QIODevice::WriteOnly)) {
            // Permissions do not stop root: /sys is a folder nobody can create files in.
            probe.remove();
            target = QStringLiteral("/sys/mapline-export-test.kml");
        }
    }
    const QString folder = QFileInfo(target).path();
    const QStringList before = folderEntries(folder);
    const auto written = EventExporter::write(mEvents, target, ExportFormats::fromPath(target).value());
    QVERIFY(!written.ok());
    QVERIFY2(written.error().contains(target), qPrintable(written.error()));
    if (!reason.isEmpty())
        QVERIFY2(written.error().contains(reason), qPrintable(written.error()));
    QCOMPARE(folderEntries(folder), before);
    QFile::setPermissions(mDir.filePath(QStringLiteral("locked")),
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
}

void TestExport::existingFileReplacedOnlyWhole()
{
    const QString folder = out(QStringLiteral("replace"));
    QVERIFY(QDir().mkpath(folder));
    const QString target = folder + QStringLiteral("/events.geojson");
    QVERIFY(test::writeFile(target, "old contents"));
    {
        // A writer that fails after the staged file was begun: the target is untouched, the
        // staged file gone.
        StagedOutput staged(target);
        QVERIFY(staged.prepare().ok());
        QVERIFY(QFileInfo(staged.stagingPath()).path() == folder);
        QVERIFY(test::writeFile(staged.stagingPath(), "half a file"));
    }
    QCOMPARE(test::readFile(target), QByteArray("old contents"));
    QCOMPARE(folderEntries(folder), QStringList{QStringLiteral("events.geojson")});
    // A writer that succeeds replaces it, and leaves nothing else.
    QVERIFY(EventExporter::write(mEvents, target, ExportFormat::GeoJson).ok());
    QVERIFY(test::readFile(target).startsWith("{"));
    QCOMPARE(folderEntries(folder), QStringList{QStringLiteral("events.geojson")});
    // Shapefiles too: every companion is replaced, a stale spatial index goes.
    const QString shp = folder + QStringLiteral("/events.shp");
    QVERIFY(EventExporter::write(mEvents, shp, ExportFormat::Shapefile).ok());
    QVERIFY(test::writeFile(folder + QStringLiteral("/events.qix"), "stale index"));
    QVERIFY(EventExporter::write(mEvents.mid(0, 1), shp, ExportFormat::Shapefile).ok());
    QCOMPARE(folderEntries(folder), (QStringList{"events.cpg", "events.dbf", "events.geojson", "events.prj",
                                                 "events.shp", "events.shx"}));
    geo::DatasetHPtr ds(GDALOpenEx(shp.toUtf8().constData(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr));
    QVERIFY(ds);
    QCOMPARE(OGR_L_GetFeatureCount(GDALDatasetGetLayer(ds.get(), 0), TRUE), 1);
}

void TestExport::commandLine_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("stdoutHas");
    QTest::addColumn<QString>("stderrHas");
    QTest::newRow("geojson") << QStringList{"--out", "cli.geojson"} << 0 << "exported 4 events" << QString();
    QTest::newRow("kml says what it left out") << QStringList{"--out", "cli.kml"} << 0 << "exported 3 events"
                                               << "1 event without a position left out";
    QTest::newRow("format given") << QStringList{"--out", "cli.data", "--format", "csv"} << 0 << "(CSV)"
                                  << QString();
    QTest::newRow("filters") << QStringList{"--out",      "cli-f.gpkg", "--from",
                                            "2001-11-22", "--type",     "talks,statement"}
                             << 0 << "exported 2 events" << QString();
    QTest::newRow("search") << QStringList{"--out", "cli-s.csv", "--search", "rockets"} << 0
                            << "exported 1 event" << QString();
    QTest::newRow("no --out") << QStringList{"--format", "kml"} << 2 << QString() << "--out FILE is required";
    QTest::newRow("unknown format") << QStringList{"--out", "x.kml", "--format", "xml"} << 2 << QString()
                                    << "--format";
    QTest::newRow("unknown extension")
        << QStringList{"--out", "x.txt"} << 2 << QString() << "cannot tell the format";
    QTest::newRow("shapefile name") << QStringList{"--out", "x.zip", "--format", "shp"} << 2 << QString()
                                    << ".shp";
    QTest::newRow("bad date") << QStringList{"--out", "x.kml", "--from", "21/11/2001"} << 2 << QString()
                              << "--from";
    QTest::newRow("missing folder") << QStringList{"--out", "nowhere/x.kml"} << 1 << QString()
                                    << "does not exist";
}

void TestExport::commandLine()
{
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, stdoutHas);
    QFETCH(QString, stderrHas);
    const int outIndex = int(args.indexOf(QStringLiteral("--out")));
    if (outIndex >= 0)
        args[outIndex + 1] = out(args[outIndex + 1]);
    args.prepend(QStringLiteral("export"));
    args << QStringLiteral("--db") << mDb;
    const auto r = test::runMapline(args);
    QVERIFY(!r.crashed);
    QVERIFY2(r.exitCode == exitCode, r.err.constData());
    QVERIFY2(r.out.contains(stdoutHas.toUtf8()), r.out.constData());
    QVERIFY2(r.err.contains(stderrHas.toUtf8()), r.err.constData());
    if (exitCode == 0)
        QVERIFY(QFile::exists(args[outIndex + 2]));
}

void TestExport::progressAndCancel()
{
    const QString folder = out(QStringLiteral("progress"));
    QVERIFY(QDir().mkpath(folder));
    const QString target = folder + QStringLiteral("/events.kml");
    QList<std::pair<qint64, qint64>> calls;
    auto written = EventExporter::write(mEvents, target, ExportFormat::Kml, [&](qint64 done, qint64 total) {
        calls.append({done, total});
        return true;
    });
    QVERIFY2(written.ok(), qPrintable(written.error()));
    QVERIFY(calls.size() >= 2);
    QCOMPARE(calls.first(), (std::pair<qint64, qint64>(0, 4)));
    QCOMPARE(calls.last(), (std::pair<qint64, qint64>(4, 4)));
    // Stopped by its caller: a failure naming the file, and the earlier file untouched.
    const QByteArray before = test::readFile(target);
    written = EventExporter::write(mEvents.mid(0, 1), target, ExportFormat::Kml, [](qint64, qint64) { return false; });
    QVERIFY(!written.ok());
    QVERIFY2(written.error().contains(target) && written.error().contains(QStringLiteral("cancelled")),
             qPrintable(written.error()));
    QCOMPARE(test::readFile(target), before);
    QCOMPARE(folderEntries(folder), QStringList{QStringLiteral("events.kml")});
}

// The GeoPackage's spatial index is packed in bulk once the features are written: a valid R*Tree
// (rtreecheck) holding every placed event, registered as the GeoPackage extension, answering a
// spatial filter as a scan of the events does, and kept up to date by its triggers when GDAL
// adds a feature afterwards.
void TestExport::geoPackageSpatialIndex()
{
    QList<Event> events;
    QRandomGenerator random(7);
    for (int i = 0; i < 3000; ++i) {
        Event e;
        e.id = i + 1;
        e.type = QStringLiteral("armed_clash");
        e.time = TimeRange::day(QDate(2001, 11, 1).addDays(i % 30));
        if (i % 10 != 0) // every tenth without a position: a null geometry
            e.place.coordinate = QGeoCoordinate(29.0 + random.bounded(9.0), 60.0 + random.bounded(15.0));
        events << e;
    }
    const QString path = out(QStringLiteral("indexed.gpkg"));
    const auto written = EventExporter::write(events, path, ExportFormat::GeoPackage);
    QVERIFY2(written.ok(), qPrintable(written.error()));
    QCOMPARE(written->written, 3000);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("gpkg"));
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("SELECT rtreecheck('rtree_events_geom'), (SELECT count(*) FROM rtree_events_geom), "
                                      "(SELECT count(*) FROM gpkg_extensions WHERE table_name = 'events' AND column_name = "
                                      "'geom' AND extension_name = 'gpkg_rtree_index'), (SELECT count(*) FROM sqlite_master "
                                      "WHERE type = 'trigger' AND name LIKE 'rtree_events_geom_%')")) &&
                q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("ok"));
        QCOMPARE(q.value(1).toInt(), 2700);
        QCOMPARE(q.value(2).toInt(), 1);
        QCOMPARE(q.value(3).toInt(), 6);
        q.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("gpkg"));

    geo::DatasetHPtr ds(GDALOpenEx(QFile::encodeName(path).constData(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr,
                                   nullptr, nullptr));
    QVERIFY(ds);
    OGRLayerH layer = GDALDatasetGetLayerByName(ds.get(), "events");
    QVERIFY(layer);
    QVERIFY(OGR_L_TestCapability(layer, OLCFastSpatialFilter));
    const QRectF boxes[] = {QRectF(QPointF(62.0, 30.0), QPointF(66.0, 33.5)), QRectF(QPointF(70.5, 36.0), QPointF(75.0, 38.0)),
                            QRectF(QPointF(50.0, 20.0), QPointF(55.0, 25.0))};
    for (const QRectF &box : boxes) {
        qint64 inside = 0;
        for (const Event &e : events)
            if (e.place.coordinate.isValid() && box.left() <= e.place.coordinate.longitude() &&
                e.place.coordinate.longitude() <= box.right() && box.top() <= e.place.coordinate.latitude() &&
                e.place.coordinate.latitude() <= box.bottom())
                ++inside;
        OGR_L_SetSpatialFilterRect(layer, box.left(), box.top(), box.right(), box.bottom());
        QCOMPARE(OGR_L_GetFeatureCount(layer, TRUE), inside);
    }
    OGR_L_SetSpatialFilter(layer, nullptr);
    // A feature GDAL adds later enters the index through the triggers.
    geo::FeatureHPtr feature(OGR_F_Create(OGR_L_GetLayerDefn(layer)));
    geo::GeometryHPtr point(OGR_G_CreateGeometry(wkbPoint));
    OGR_G_SetPoint_2D(point.get(), 0, 100.5, 10.5);
    OGR_F_SetGeometryDirectly(feature.get(), point.release());
    QCOMPARE(OGR_L_CreateFeature(layer, feature.get()), OGRERR_NONE);
    OGR_L_SetSpatialFilterRect(layer, 100.0, 10.0, 101.0, 11.0);
    QCOMPARE(OGR_L_GetFeatureCount(layer, TRUE), 1);
}

QTEST_MAIN(TestExport)
#include "tst_export.moc"
