// `mapline snapshot`: the program run as analysts script it, writing real PNG files without a
// display, with the exit codes of the command-line contract; the provenance inside each format;
// SnapshotWriter's all-or-nothing files; and File > Export map (ExportMapDialog) driven as a user would.
#include "../app/exportmapdialog.h"
#include "geo/gdalhandles.h"
#include "index/eventindexloader.h"
#include "geo/projection.h"
#include "maprender/mapfixtures.h"
#include "render/eventstyle.h"
#include "render/mappalette.h"
#include "render/maprenderer.h"
#include "render/snapshotwriter.h"
#include "testsupport.h"

#include <QCheckBox>
#include <QImage>
#include <QImageReader>
#include <QSettings>
#include <QSignalSpy>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QtTest>

using namespace mapline;
using namespace mapline::test;

namespace {

// Whether some pixel within `radius` of `centre` has the colour: borders and names may cross a point.
bool colourAround(const QImage &image, QPoint centre, int radius, const QColor &colour)
{
    for (int y = centre.y() - radius; y <= centre.y() + radius; ++y)
        for (int x = centre.x() - radius; x <= centre.x() + radius; ++x)
            if (image.valid(x, y) && near(image.pixel(x, y), colour, 4))
                return true;
    return false;
}

} // namespace

class TestSnapshot : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void writesPngOfTheGivenSize();
    void drawsEventsInTheWindowOnly();
    void weekFromTheIndexCopyDrawsAsTheWholeCopy();
    void bboxFramesTheArea();
    void usesTheBundledBasemap();
    void drawsUserLayers();
    void writesSvgAndPdf();
    void writesGeoTiff();
    void usageErrors_data();
    void usageErrors();
    void missingDatabaseFails();
    void missingBasemapStillDrawsButFails();
    void helpListsOptions();
    void provenanceInPng();
    void provenanceInSvgAndPdf();
    void provenanceInGeoTiff();
    void decorationOptions_data();
    void decorationOptions();
    void pixelRatioScalesThePng();
    void failedWriteKeepsThePreviousFile();
    void exportMapDialogWrites();
    void exportMapDialogLargeImageOnWorker();
    void exportMapDialogReportsProblems();
    void exportMapDialogRemembersChoices();

private:
    QStringList snapshotArgs(const QString &out) const
    {
        return {QStringLiteral("snapshot"), QStringLiteral("--db"), mDb, QStringLiteral("--out"), out,
                QStringLiteral("--size"), QStringLiteral("800x600"), QStringLiteral("--basemap"), fixtureBasemapPath(),
                QStringLiteral("--from"), QStringLiteral("2001-11-01"), QStringLiteral("--to"),
                QStringLiteral("2001-11-30"), QStringLiteral("--title"), QStringLiteral("Kunduz siege")};
    }
    ExportContext context() const;
    QTemporaryDir mDir;
    QString mDb;
};

void TestSnapshot::initTestCase()
{
    QVERIFY(mDir.isValid());
    // The dialogs remember choices in QSettings: keep them in the test's own folder.
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(mDir.filePath(QStringLiteral("config"))));
    QCoreApplication::setOrganizationName(QStringLiteral("MaplineTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_snapshot"));
    mDb = mDir.filePath(QStringLiteral("events.sqlite"));
    QList<Event> events;
    for (int i = 0; i < 6; ++i)
        events << makeEvent(i + 1, QStringLiteral("armed_clash"), QDate(2001, 11, 21), kunduz());
    events << makeEvent(10, QStringLiteral("talks"), QDate(2001, 10, 2), kabul());
    const QString error = writeEventDatabase(mDb, events);
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestSnapshot::writesPngOfTheGivenSize()
{
    const QString out = mDir.filePath(QStringLiteral("x.png"));
    const auto r = runMapline({QStringLiteral("snapshot"), QStringLiteral("--db"), mDb, QStringLiteral("--out"), out,
                               QStringLiteral("--size"), QStringLiteral("800x600"), QStringLiteral("--basemap"),
                               fixtureBasemapPath(), QStringLiteral("--title"), QStringLiteral("Test map")});
    QVERIFY2(r.exitCode == 0 && !r.crashed, r.err.constData());
    QCOMPARE(QImageReader(out).format(), QByteArray("png"));
    const QImage image(out);
    QCOMPARE(image.size(), QSize(800, 600));
    // The map is there: Afghanistan's land colour in its middle, and a good share of the image
    // is not the background.
    QVERIFY2(colourAround(image, QPoint(400, 330), 4, MapPalette::focusLand()), "no land at the centre");
    qsizetype notWater = 0;
    for (int y = 0; y < image.height(); y += 4)
        for (int x = 0; x < image.width(); x += 4)
            notWater += !near(image.pixel(x, y), MapPalette::water(), 2) && !near(image.pixel(x, y), MapPalette::noData(), 2);
    QVERIFY2(notWater > 800 * 600 / 16 / 3, qPrintable(QString::number(notWater)));
    // Compressed by Mapline's own writer (io/pngencoding.h: Up filter, libdeflate's level 2),
    // not at Qt's default zlib level 6: the zlib header's level class says 2 to 5.
    QCOMPARE(pngZlibLevelClass(out), 1);
}

void TestSnapshot::drawsEventsInTheWindowOnly()
{
    // Zoomed on Kunduz, the six clashes are one cluster, red in its ring.
    const QString out = mDir.filePath(QStringLiteral("kunduz.png"));
    const auto countRed = [](const QImage &image) {
        const QColor clash = EventStyle::forType(QStringLiteral("armed_clash")).colour;
        int n = 0;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x)
                n += near(image.pixel(x, y), clash, 24);
        return n;
    };
    const QStringList args = {QStringLiteral("snapshot"), QStringLiteral("--db"), mDb, QStringLiteral("--out"), out,
                              QStringLiteral("--size"), QStringLiteral("400x300"), QStringLiteral("--bbox"),
                              QStringLiteral("68.5,36.5,69.2,37.0"), QStringLiteral("--basemap"), fixtureBasemapPath()};
    auto r = runMapline(args + QStringList{QStringLiteral("--from"), QStringLiteral("2001-11-20")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const int inWindow = countRed(QImage(out));
    r = runMapline(args + QStringList{QStringLiteral("--to"), QStringLiteral("2001-11-01")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const int outside = countRed(QImage(out));
    QVERIFY2(inWindow > 30, qPrintable(QString::number(inWindow)));
    QVERIFY2(outside < inWindow / 4, qPrintable(QStringLiteral("%1 vs %2").arg(outside).arg(inWindow)));
}

void TestSnapshot::weekFromTheIndexCopyDrawsAsTheWholeCopy()
{
    // A snapshot's week read from the persistent index copy alone (its rows, not the whole copy
    // mapped) draws the same pixels as the whole copy with that window: events, clusters, legend.
    const QString db = mDir.filePath(QStringLiteral("copy.sqlite"));
    QList<Event> events = scatteredEvents(600);
    for (int i = 0; i < events.size(); ++i) {
        const QDate day = QDate(2001, 1, 1).addDays((i * 37) % 300);
        events[i].time = i % 25 == 0 ? TimeRange::range(day, day.addDays(70))
                         : i % 9 == 0 ? TimeRange::range(day, day.addDays(5))
                                      : TimeRange::day(day);
    }
    const QString written = writeEventDatabase(db, events);
    QVERIFY2(written.isEmpty(), qPrintable(written));
    IndexLoadOptions options = IndexLoadOptions::withGazetteer();
    options.persistFromEvents = 0;
    options.persistBlockBytes = 256;
    QVERIFY(loadEventIndex(db, options)); // from SQLite; writes the copy
    const auto whole = loadEventIndex(db, options);
    QVERIFY(whole && whole.value()->isMapped());
    options.from = QDate(2001, 6, 1);
    options.to = QDate(2001, 6, 7);
    const auto week = loadEventIndex(db, options);
    QVERIFY2(week, qPrintable(week.error()));
    QVERIFY(week.value()->isFromCopy() && !week.value()->isMapped());
    QVERIFY2(week.value()->size() > 10 && week.value()->size() < whole.value()->size() / 5,
             qPrintable(QString::number(week.value()->size())));
    const auto draw = [&](const std::shared_ptr<const EventIndex> &index, const QGeoRectangle &area) {
        MapSettings s;
        s.setOutputSize(QSize(800, 600));
        s.setBasemap(fixtureBasemap());
        s.setEvents(index);
        s.setTimeWindow(options.from, options.to);
        s.setTitle(QStringLiteral("A week"));
        s.setGeoExtent(area, 20);
        return MapRenderer::renderImage(s);
    };
    const QGeoRectangle country(QGeoCoordinate(38.5, 60.5), QGeoCoordinate(29.35, 74.9));
    const QGeoRectangle kunduzArea(QGeoCoordinate(37.3, 68.2), QGeoCoordinate(36.2, 69.5));
    for (const QGeoRectangle &area : {country, kunduzArea}) {
        const QImage fromWhole = draw(whole.value(), area);
        QVERIFY(!fromWhole.isNull());
        QVERIFY(fromWhole != draw(nullptr, area)); // events are drawn
        QCOMPARE(draw(week.value(), area), fromWhole);
    }
}

void TestSnapshot::bboxFramesTheArea()
{
    // A box in Pakistan: no Afghan land colour anywhere in the image.
    const QString out = mDir.filePath(QStringLiteral("pk.png"));
    const auto r = runMapline({QStringLiteral("snapshot"), QStringLiteral("--db"), mDb, QStringLiteral("--out"), out,
                               QStringLiteral("--size"), QStringLiteral("300x300"), QStringLiteral("--bbox"),
                               QStringLiteral("69.0,28.0,72.0,31.0"), QStringLiteral("--basemap"), fixtureBasemapPath()});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QImage image(out);
    QVERIFY(colourAround(image, QPoint(150, 150), 4, MapPalette::land()));
    QVERIFY(!colourAround(image, QPoint(150, 150), 30, MapPalette::focusLand())); // no Afghanistan here
}

void TestSnapshot::usesTheBundledBasemap()
{
    if (!QFileInfo::exists(Basemap::defaultPath()))
        QSKIP("resources/geo/basemap.gpkg is not built in this tree");
    // The country's middle is the central highlands: shaded by the bundled relief, its land
    // colour shows plain with --no-relief.
    const QString out = mDir.filePath(QStringLiteral("bundled.png"));
    const auto r = runMapline({QStringLiteral("snapshot"), QStringLiteral("--db"), mDb, QStringLiteral("--out"), out,
                               QStringLiteral("--size"), QStringLiteral("640x400"), QStringLiteral("--no-relief")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QImage image(out);
    QCOMPARE(image.size(), QSize(640, 400));
    const QPoint middle(image.width() / 2, image.height() / 2);
    QVERIFY(colourAround(image, middle, 6, MapPalette::focusLand()));
    const QString shaded = mDir.filePath(QStringLiteral("bundled-relief.png"));
    const auto withRelief = runMapline({QStringLiteral("snapshot"), QStringLiteral("--db"), mDb, QStringLiteral("--out"),
                                        shaded, QStringLiteral("--size"), QStringLiteral("640x400")});
    QVERIFY2(withRelief.exitCode == 0, withRelief.err.constData());
    QVERIFY(!colourAround(QImage(shaded), middle, 6, MapPalette::focusLand()));
}

void TestSnapshot::drawsUserLayers()
{
    const QString square = writeUtmSquare(mDir, QGeoCoordinate(33.0, 66.0), 30000.0); // empty central Afghanistan
    const QString out = mDir.filePath(QStringLiteral("layers.png"));
    const QStringList args = {QStringLiteral("snapshot"), QStringLiteral("--db"), mDb, QStringLiteral("--out"), out,
                              QStringLiteral("--size"), QStringLiteral("400x400"), QStringLiteral("--bbox"),
                              QStringLiteral("65,32,67,34"), QStringLiteral("--basemap"), fixtureBasemapPath(),
                              QStringLiteral("--layer"), square};
    auto r = runMapline(args);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QRgb tinted = QImage(out).pixel(200, 200);
    QVERIFY2(!near(tinted, MapPalette::focusLand(), 10) && qGreen(tinted) > qRed(tinted),
             qPrintable(QColor(tinted).name()));
    // A layer that cannot be read: said, the rest drawn, exit code 1.
    r = runMapline(args + QStringList{QStringLiteral("--layer"), mDir.filePath(QStringLiteral("absent.kml"))});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.err.contains("absent.kml"));
    QCOMPARE(QImage(out).pixel(200, 200), tinted);
}

void TestSnapshot::writesSvgAndPdf()
{
    const QStringList common = {QStringLiteral("snapshot"), QStringLiteral("--db"), mDb, QStringLiteral("--size"),
                                QStringLiteral("800x600"), QStringLiteral("--basemap"), fixtureBasemapPath(),
                                QStringLiteral("--title"), QStringLiteral("Vector map")};
    const QString svg = mDir.filePath(QStringLiteral("map.svg"));
    auto r = runMapline(common + QStringList{QStringLiteral("--out"), svg});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QSvgRenderer renderer(svg);
    QVERIFY(renderer.isValid());
    QCOMPARE(renderer.viewBox(), QRect(0, 0, 800, 600));
    // Names are outlines in vector output, not embedded bitmaps of text.
    QVERIFY(readFile(svg).contains("<path"));

    const QString pdf = mDir.filePath(QStringLiteral("map.pdf"));
    r = runMapline(common + QStringList{QStringLiteral("--out"), pdf});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QByteArray bytes = readFile(pdf);
    QVERIFY(bytes.startsWith("%PDF-"));
    QVERIFY(bytes.contains("/MediaBox [0 0 600.000000 450.000000]")); // 800x600 pixels at 96 dpi, in points
}

void TestSnapshot::writesGeoTiff()
{
    const QString tif = mDir.filePath(QStringLiteral("map.tif"));
    const auto r = runMapline({QStringLiteral("snapshot"), QStringLiteral("--db"), mDb, QStringLiteral("--out"), tif,
                               QStringLiteral("--size"), QStringLiteral("640x480"), QStringLiteral("--bbox"),
                               QStringLiteral("60.5,29.4,75.0,38.5"), QStringLiteral("--basemap"), fixtureBasemapPath()});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    geo::DatasetPtr ds = geo::openDataset(tif, GDAL_OF_RASTER);
    QVERIFY(ds);
    QCOMPARE(QString::fromLatin1(ds->GetDriver()->GetDescription()), QStringLiteral("GTiff"));
    QCOMPARE(ds->GetRasterXSize(), 640);
    QCOMPARE(ds->GetRasterCount(), 3);
    OGRSpatialReference mercator;
    mercator.importFromEPSG(3857);
    QVERIFY(ds->GetSpatialRef() && ds->GetSpatialRef()->IsSame(&mercator));
    double gt[6];
    QVERIFY(ds->GetGeoTransform(gt) == CE_None);
    // The box asked for is inside the image, and Kunduz's pixel is Afghan land, not water.
    const QRectF box = Projection::project(QGeoRectangle(QGeoCoordinate(38.5, 60.5), QGeoCoordinate(29.4, 75.0)));
    QVERIFY(gt[0] <= box.left() + 1 && gt[0] + 640 * gt[1] >= box.right() - 1);
    QVERIFY(gt[3] >= box.bottom() - 1 && gt[3] + 480 * gt[5] <= box.top() + 1);
    const QPointF at = Projection::project(QGeoCoordinate(33.5, 65.0));
    const int px = int((at.x() - gt[0]) / gt[1]);
    const int py = int((at.y() - gt[3]) / gt[5]);
    GByte rgb[3];
    int bands[] = {1, 2, 3};
    QVERIFY(ds->RasterIO(GF_Read, px, py, 1, 1, rgb, 1, 1, GDT_Byte, 3, bands, 3, 3, 1, nullptr) == CE_None);
    QVERIFY2(near(qRgb(rgb[0], rgb[1], rgb[2]), MapPalette::focusLand(), 4),
             qPrintable(QStringLiteral("%1 %2 %3").arg(rgb[0]).arg(rgb[1]).arg(rgb[2])));
}

void TestSnapshot::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("no --out") << QStringList{};
    QTest::newRow("unknown format") << QStringList{QStringLiteral("--out"), QStringLiteral("map.jpg")};
    QTest::newRow("bad size") << QStringList{QStringLiteral("--out"), QStringLiteral("m.png"), QStringLiteral("--size"),
                                             QStringLiteral("800by600")};
    QTest::newRow("tiny size") << QStringList{QStringLiteral("--out"), QStringLiteral("m.png"), QStringLiteral("--size"),
                                              QStringLiteral("10x10")};
    QTest::newRow("bad bbox") << QStringList{QStringLiteral("--out"), QStringLiteral("m.png"), QStringLiteral("--bbox"),
                                             QStringLiteral("75,30,60,38")};
    QTest::newRow("bad date") << QStringList{QStringLiteral("--out"), QStringLiteral("m.png"), QStringLiteral("--from"),
                                             QStringLiteral("21/11/2001")};
    QTest::newRow("from after to") << QStringList{QStringLiteral("--out"), QStringLiteral("m.png"), QStringLiteral("--from"),
                                                  QStringLiteral("2001-12-01"), QStringLiteral("--to"), QStringLiteral("2001-11-01")};
    QTest::newRow("unknown option") << QStringList{QStringLiteral("--out"), QStringLiteral("m.png"), QStringLiteral("--zoom")};
}

void TestSnapshot::usageErrors()
{
    QFETCH(QStringList, args);
    const auto r = runMapline(QStringList{QStringLiteral("snapshot"), QStringLiteral("--db"), mDb} + args);
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("snapshot"));
}

void TestSnapshot::missingDatabaseFails()
{
    const QString out = mDir.filePath(QStringLiteral("none.png"));
    const auto r = runMapline({QStringLiteral("snapshot"), QStringLiteral("--db"), mDir.filePath(QStringLiteral("nope.sqlite")),
                               QStringLiteral("--out"), out, QStringLiteral("--basemap"), fixtureBasemapPath()});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.err.contains("nope.sqlite"));
    QVERIFY(!QFileInfo::exists(out));
}

void TestSnapshot::missingBasemapStillDrawsButFails()
{
    const QString out = mDir.filePath(QStringLiteral("nobasemap.png"));
    const auto r = runMapline({QStringLiteral("snapshot"), QStringLiteral("--db"), mDb, QStringLiteral("--out"), out,
                               QStringLiteral("--size"), QStringLiteral("200x100"), QStringLiteral("--basemap"),
                               mDir.filePath(QStringLiteral("missing.gpkg"))});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.err.contains("missing.gpkg"));
    QCOMPARE(QImage(out).size(), QSize(200, 100));
}

void TestSnapshot::helpListsOptions()
{
    const auto r = runMapline({QStringLiteral("snapshot"), QStringLiteral("--help")});
    QCOMPARE(r.exitCode, 0);
    for (const char *option : {"--out", "--from", "--to", "--bbox", "--size", "--title"})
        QVERIFY2(r.out.contains(option), option);
    QVERIFY(runMapline({QStringLiteral("--help")}).out.contains("mapline snapshot"));
}


// The provenance of a snapshot, as SnapshotProvenance::items() writes it for the test database.
void checkProvenanceText(const QString &text)
{
    for (const char *expected : {"Time window: 2001-11-01 to 2001-11-30", "Events: 6", "events.sqlite",
                                 "Software: Mapline ", "Title: Kunduz siege", "Filters: none", "Creation time: 20"})
        QVERIFY2(text.contains(QLatin1String(expected)), qPrintable(expected + QStringLiteral(" not in:\n") + text));
}

void TestSnapshot::provenanceInPng()
{
    const QString out = mDir.filePath(QStringLiteral("provenance.png"));
    const auto r = runMapline(snapshotArgs(out));
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QImageReader reader(out);
    QCOMPARE(reader.text(QStringLiteral("TimeWindow")), QStringLiteral("2001-11-01 to 2001-11-30"));
    QCOMPARE(reader.text(QStringLiteral("Events")), QStringLiteral("6"));
    QCOMPARE(reader.text(QStringLiteral("Filters")), QStringLiteral("none"));
    QCOMPARE(reader.text(QStringLiteral("Title")), QStringLiteral("Kunduz siege"));
    QCOMPARE(reader.text(QStringLiteral("Database")), QFileInfo(mDb).absoluteFilePath());
    QVERIFY(reader.text(QStringLiteral("Software")).startsWith(QStringLiteral("Mapline ")));
    QVERIFY(QDateTime::fromString(reader.text(QStringLiteral("CreationTime")), Qt::ISODate).isValid());
    checkProvenanceText(reader.text(QStringLiteral("Description")));
}

void TestSnapshot::provenanceInSvgAndPdf()
{
    const QString svg = mDir.filePath(QStringLiteral("provenance.svg"));
    auto r = runMapline(snapshotArgs(svg));
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QString svgText = QString::fromUtf8(readFile(svg));
    QVERIFY(svgText.contains(QStringLiteral("<title>Kunduz siege</title>")));
    const auto desc = svgText.section(QStringLiteral("<desc>"), 1).section(QStringLiteral("</desc>"), 0, 0);
    checkProvenanceText(desc);
    // Vector output: nothing drawn as an embedded bitmap.
    QVERIFY(!svgText.contains(QStringLiteral("<image")));

    const QString pdf = mDir.filePath(QStringLiteral("provenance.pdf"));
    r = runMapline(snapshotArgs(pdf));
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QByteArray bytes = readFile(pdf);
    // The document information dictionary: /Title and /Creator (Qt writes them as UTF-16 text).
    QVERIFY(bytes.contains("/Title"));
    QVERIFY(bytes.contains("/Creator"));
    QVERIFY(!bytes.contains("/Subtype /Image")); // vector: no bitmaps
    const auto utf16 = [](const QString &s) {
        QByteArray b;
        for (QChar c : s)
            b.append(char(c.unicode() >> 8)).append(char(c.unicode() & 0xff));
        return b;
    };
    QVERIFY(bytes.contains(utf16(QStringLiteral("Kunduz siege"))) || bytes.contains("(Kunduz siege)"));
    // The XMP packet (an uncompressed metadata stream) carries the whole provenance.
    const QString xmp = QString::fromUtf8(bytes.mid(bytes.indexOf("<x:xmpmeta"), 4000));
    QVERIFY(xmp.contains(QStringLiteral("<dc:description>")));
    checkProvenanceText(xmp.section(QStringLiteral("<dc:description>"), 1).section(QStringLiteral("</dc:description>"), 0, 0));
}

void TestSnapshot::provenanceInGeoTiff()
{
    const QString tif = mDir.filePath(QStringLiteral("provenance.tif"));
    const auto r = runMapline(snapshotArgs(tif));
    QVERIFY2(r.exitCode == 0, r.err.constData());
    geo::DatasetPtr ds = geo::openDataset(tif, GDAL_OF_RASTER);
    QVERIFY(ds);
    const auto item = [&ds](const char *key) { return QString::fromUtf8(ds->GetMetadataItem(key)); };
    checkProvenanceText(item("TIFFTAG_IMAGEDESCRIPTION"));
    QVERIFY(item("TIFFTAG_SOFTWARE").startsWith(QStringLiteral("Mapline ")));
    QVERIFY(!item("TIFFTAG_DATETIME").isEmpty());
    QCOMPARE(item("MAPLINE_TIME_WINDOW"), QStringLiteral("2001-11-01 to 2001-11-30"));
    QCOMPARE(item("MAPLINE_EVENTS"), QStringLiteral("6"));
}

void TestSnapshot::decorationOptions_data()
{
    QTest::addColumn<QString>("option");
    QTest::addColumn<QRect>("corner"); // where the image must change, in 800x600 pixels
    QTest::newRow("caption") << "--no-caption" << QRect(0, 0, 520, 180);
    QTest::newRow("legend") << "--no-legend" << QRect(400, 0, 400, 450);
    QTest::newRow("scale bar") << "--no-scale-bar" << QRect(0, 480, 400, 120);
    QTest::newRow("north arrow") << "--no-north-arrow" << QRect(680, 450, 120, 150);
    QTest::newRow("attribution") << "--no-attribution" << QRect(400, 450, 400, 150);
}

// Each --no-... option takes its decoration away, and only it.
void TestSnapshot::decorationOptions()
{
    QFETCH(QString, option);
    QFETCH(QRect, corner);
    static QImage full;
    if (full.isNull()) {
        const QString out = mDir.filePath(QStringLiteral("all-decorations.png"));
        const auto r = runMapline(snapshotArgs(out));
        QVERIFY2(r.exitCode == 0, r.err.constData());
        full = QImage(out).convertToFormat(QImage::Format_RGB32);
    }
    const QString out = mDir.filePath(option.mid(2) + QStringLiteral(".png"));
    const auto r = runMapline(snapshotArgs(out) << option);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QImage without = QImage(out).convertToFormat(QImage::Format_RGB32);
    QCOMPARE(without.size(), full.size());
    int inside = 0, outside = 0;
    for (int y = 0; y < full.height(); ++y)
        for (int x = 0; x < full.width(); ++x)
            if (full.pixel(x, y) != without.pixel(x, y))
                ++(corner.contains(x, y) ? inside : outside);
    QVERIFY2(inside > 20 && outside == 0, qPrintable(QStringLiteral("%1 changed inside, %2 outside").arg(inside).arg(outside)));
}

void TestSnapshot::pixelRatioScalesThePng()
{
    const QString out = mDir.filePath(QStringLiteral("ratio2.png"));
    const auto r = runMapline(snapshotArgs(out) << QStringLiteral("--pixel-ratio") << QStringLiteral("2"));
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QImage image(out);
    QCOMPARE(image.size(), QSize(1600, 1200));
    // 192 dots per inch, so it prints at the size of the 800x600 map.
    QCOMPARE(qRound(image.dotsPerMeterX() * 0.0254), 192);
    QCOMPARE(runMapline(snapshotArgs(out) << QStringLiteral("--pixel-ratio") << QStringLiteral("9")).exitCode, 2);
}

// Whatever stops a write, the earlier file of that name is untouched and no temporary file stays.
void TestSnapshot::failedWriteKeepsThePreviousFile()
{
    const QString folder = mDir.filePath(QStringLiteral("atomic"));
    QVERIFY(QDir().mkpath(folder));
    MapSettings s;
    s.setOutputSize(QSize(200, 150));
    s.setBasemap(fixtureBasemap());
    const SnapshotProvenance provenance;
    // A folder where the file should go: refused, nothing written.
    const QString asFolder = QDir(folder).filePath(QStringLiteral("taken.png"));
    QVERIFY(QDir().mkpath(asFolder));
    Status st = SnapshotWriter::write(s, asFolder, SnapshotWriter::Format::Png, provenance);
    QVERIFY(!st && st.error().contains(asFolder));
    // A missing folder: the message names the file and the folder.
    const QString missing = QDir(folder).filePath(QStringLiteral("gone/map.pdf"));
    st = SnapshotWriter::write(s, missing, SnapshotWriter::Format::Pdf, provenance);
    QVERIFY(!st && st.error().contains(missing) && st.error().contains(QStringLiteral("does not exist")));
    // A good write replaces the old file in one step.
    const QString target = QDir(folder).filePath(QStringLiteral("map.svg"));
    QVERIFY(writeFile(target, "old"));
    for (auto format : {SnapshotWriter::Format::Svg, SnapshotWriter::Format::GeoTiff}) {
        const QString path = format == SnapshotWriter::Format::Svg ? target : QDir(folder).filePath(QStringLiteral("map.tif"));
        st = SnapshotWriter::write(s, path, format, provenance);
        QVERIFY2(st.ok(), qPrintable(st.error()));
    }
    QVERIFY(readFile(target).startsWith("<?xml"));
    QCOMPARE(QDir(folder).entryList(QDir::Files | QDir::Hidden), (QStringList{QStringLiteral("map.svg"), QStringLiteral("map.tif")}));
}

ExportContext TestSnapshot::context() const
{
    ExportContext c;
    c.databasePath = mDb;
    MapSettings &v = c.view;
    v.setOutputSize(QSize(640, 400));
    v.setBasemap(fixtureBasemap());
    auto index = loadEventIndex(mDb);
    if (index)
        v.setEvents(index.value());
    v.setGeoExtent(QGeoRectangle(QGeoCoordinate(38.5, 60.5), QGeoCoordinate(29.4, 75.0)));
    v.setTimeWindow(QDate(2001, 11, 1), QDate(2001, 11, 30));
    c.filters.hiddenTypes = {QStringLiteral("talks")};
    c.eventsShown = 6;
    return c;
}

void TestSnapshot::exportMapDialogWrites()
{
    QSettings().remove(QStringLiteral("exportMap"));
    ExportMapDialog dialog(context());
    QCOMPARE(dialog.outputSize(), QSize(640, 400)); // the view's size by default
    const QString out = mDir.filePath(QStringLiteral("dialog.png"));
    dialog.setFilePath(out);
    QCOMPARE(dialog.format(), SnapshotWriter::Format::Png);
    dialog.setOutputSize(QSize(900, 500));
    dialog.setPixelRatio(1.5);
    dialog.setTitle(QStringLiteral("From the dialog"));
    dialog.setDecoration(MapSettings::NorthArrow, false);
    QVERIFY(!dialog.frameSettings().hasDecoration(MapSettings::NorthArrow));
    QVERIFY(dialog.frameSettings().hasDecoration(MapSettings::Legend));
    QSignalSpy written(&dialog, &ExportMapDialog::written);
    dialog.accept();
    QVERIFY(written.count() == 1 || written.wait(20000));
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QImageReader reader(out);
    QCOMPARE(reader.size(), QSize(1350, 750));
    QCOMPARE(reader.text(QStringLiteral("Title")), QStringLiteral("From the dialog"));
    QCOMPARE(reader.text(QStringLiteral("Events")), QStringLiteral("6"));
    QCOMPARE(reader.text(QStringLiteral("Filters")), QStringLiteral("Hidden types: talks"));
}

void TestSnapshot::exportMapDialogLargeImageOnWorker()
{
    ExportMapDialog dialog(context());
    const QString out = mDir.filePath(QStringLiteral("dialog-large.tif"));
    dialog.setFilePath(out);
    dialog.setOutputSize(QSize(2400, 1500));
    dialog.setPixelRatio(1.0);
    QSignalSpy written(&dialog, &ExportMapDialog::written);
    dialog.accept();
    QVERIFY(dialog.isWriting()); // 3.6 million pixels: the GUI thread is free meanwhile
    QVERIFY(written.wait(60000));
    geo::DatasetPtr ds = geo::openDataset(out, GDAL_OF_RASTER);
    QVERIFY(ds);
    QCOMPARE(ds->GetRasterXSize(), 2400);
}

void TestSnapshot::exportMapDialogReportsProblems()
{
    ExportMapDialog dialog(context());
    QSignalSpy failed(&dialog, &ExportMapDialog::failed);
    dialog.setFilePath(mDir.filePath(QStringLiteral("map.jpg")));
    dialog.accept();
    QVERIFY(dialog.errorText().contains(QStringLiteral("map.jpg")));
    const QString missing = mDir.filePath(QStringLiteral("no/such/folder/map.png"));
    dialog.setFilePath(missing);
    dialog.accept();
    QVERIFY2(dialog.errorText().contains(missing) && dialog.errorText().contains(QStringLiteral("does not exist")),
             qPrintable(dialog.errorText()));
    QCOMPARE(failed.count(), 2);
    QVERIFY(dialog.result() != QDialog::Accepted);
}

void TestSnapshot::exportMapDialogRemembersChoices()
{
    {
        ExportMapDialog dialog(context());
        dialog.setFilePath(mDir.filePath(QStringLiteral("remembered.svg")));
        dialog.setOutputSize(QSize(1920, 1080));
        dialog.setDecoration(MapSettings::Legend, false);
        QSignalSpy written(&dialog, &ExportMapDialog::written);
        dialog.accept();
        QVERIFY(written.count() == 1 || written.wait(20000));
    }
    ExportMapDialog again(context());
    QCOMPARE(again.outputSize(), QSize(1920, 1080));
    QVERIFY(!again.decoration(MapSettings::Legend));
    QVERIFY(again.decoration(MapSettings::ScaleBar));
    QCOMPARE(again.format(), SnapshotWriter::Format::Svg);
    QCOMPARE(QFileInfo(again.filePath()).absolutePath(), QFileInfo(mDir.path()).absoluteFilePath());
}


QTEST_MAIN(TestSnapshot)
#include "tst_snapshot.moc"
