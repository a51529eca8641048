// User layers are first-class (issue 14, item 6): named after the file and layer, styled (colour,
// width, fill, opacity), labelled from an attribute, following the timeline through KML
// TimeStamp/TimeSpan, reported when outside the view or the map region, and kept across
// restarts (MapCanvas::layerState / restoreLayers, which the workspace stores in QSettings).
// Real KML files read by GDAL, real rendering, wiring checked with QSignalSpy.
#include "geo/layersource.h"
#include "layerpanel.h"
#include "mapcanvas.h"
#include "maprender/mapfixtures.h"
#include "render/labelrenderer.h"
#include "render/maprenderer.h"

#include <QLabel>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace mapline;
using namespace mapline::test;

namespace {

// Two dated placemarks near Kunduz (a TimeStamp in November 2001, a TimeSpan in March 2002) and
// one undated.
// (Plain strings, not raw ones: moc's preprocessor reads "//" inside a raw string as a comment.)
QByteArray kmlDocument(const QByteArray &placemarks)
{
    return "<?xml version='1.0' encoding='UTF-8'?>\n<kml xmlns='http:/" "/www.opengis.net/kml/2.2'><Document>"
           "<name>checkpoints</name>\n" + placemarks + "</Document></kml>\n";
}

QByteArray datedKml()
{
    return kmlDocument("<Placemark><name>November post</name><TimeStamp><when>2001-11-20</when></TimeStamp>"
                       "<Point><coordinates>68.70,36.60</coordinates></Point></Placemark>\n"
                       "<Placemark><name>March post</name><TimeSpan><begin>2002-03-01</begin><end>2002-03-31</end>"
                       "</TimeSpan><Point><coordinates>69.00,36.80</coordinates></Point></Placemark>\n"
                       "<Placemark><name>Always post</name><Point><coordinates>68.85,36.95</coordinates></Point>"
                       "</Placemark>\n");
}

QByteArray farKml()
{
    return kmlDocument("<Placemark><name>Lima</name><Point><coordinates>-77.03,-12.04</coordinates></Point>"
                       "</Placemark>\n");
}

} // namespace

class TestUserLayers : public QObject {
    Q_OBJECT

private slots:
    void init();
    void namedAfterFileAndNoticed();
    void styleAndLabels();
    void followsTheTimeline();
    void keptAcrossRestarts();

private:
    QTemporaryDir mDir;
    std::unique_ptr<MapCanvas> mCanvas;
};

void TestUserLayers::init()
{
    QVERIFY(mDir.isValid());
    mCanvas = std::make_unique<MapCanvas>();
    mCanvas->resize(800, 600);
    mCanvas->setBasemap(fixtureBasemap());
    mCanvas->setView(QGeoCoordinate(36.8, 68.85), 150.0);
}

// The layer is listed by its file's name; a layer outside the view or outside the map region is
// reported in the panel, naming it; a dated layer says it follows the time window.
void TestUserLayers::namedAfterFileAndNoticed()
{
    LayerPanel panel(*mCanvas);
    QSignalSpy notices(mCanvas.get(), &MapCanvas::layerNotice);
    const QString dated = mDir.filePath(QStringLiteral("checkpoints.kml"));
    QVERIFY(writeFile(dated, datedKml()));
    QVERIFY(mCanvas->addLayerFile(dated));
    QCOMPARE(mCanvas->layers().last().source->name(), QStringLiteral("checkpoints"));
    QVERIFY(notices.count() >= 1);
    QVERIFY2(notices.last().first().toString().contains(QStringLiteral("follows the time window")),
             qPrintable(notices.last().first().toString()));
    notices.clear();
    mCanvas->setView(QGeoCoordinate(31.6, 65.7), 60.0); // Kandahar: the layer is not in view
    const QString again = mDir.filePath(QStringLiteral("again.kml"));
    QVERIFY(writeFile(again, datedKml()));
    QVERIFY(mCanvas->addLayerFile(again));
    QVERIFY(!notices.isEmpty());
    QVERIFY(notices.first().first().toString().startsWith(QStringLiteral("again lies outside the current view")));
    notices.clear();
    const QString far = mDir.filePath(QStringLiteral("lima.kml"));
    QVERIFY(writeFile(far, farKml()));
    QVERIFY(mCanvas->addLayerFile(far));
    QCOMPARE(notices.count(), 1);
    QVERIFY(notices.first().first().toString().contains(QStringLiteral("outside the map region")));
    auto *notice = panel.findChild<QLabel *>(QStringLiteral("layerNotice"));
    QVERIFY(notice);
    QCOMPARE(notice->text(), notices.first().first().toString());
}

// Colour and width drawn as set; names from the chosen attribute placed on the map.
void TestUserLayers::styleAndLabels()
{
    const QString path = mDir.filePath(QStringLiteral("checkpoints.kml"));
    QVERIFY(writeFile(path, datedKml()));
    QVERIFY(mCanvas->addLayerFile(path));
    QSignalSpy changed(mCanvas.get(), &MapCanvas::layersChanged);
    MapSettings::Layer style = mCanvas->layers().first();
    style.colour = QColor(250, 0, 250);
    style.labelField = QStringLiteral("Name");
    mCanvas->setLayerStyle(0, style);
    QCOMPARE(changed.count(), 1);
    mCanvas->setLayerStyle(0, style); // no change, no signal
    QCOMPARE(changed.count(), 1);
    QCOMPARE(mCanvas->layers().first().colour, QColor(250, 0, 250));

    MapSettings s = mCanvas->settings();
    s.setOutputSize(QSize(800, 600));
    const QImage image = MapRenderer::renderImage(s);
    const QPoint always = s.toScreen(QGeoCoordinate(36.95, 68.85)).toPoint();
    QCOMPARE(image.pixelColor(always), QColor(250, 0, 250));
    QImage scratch = MapRenderer::blankImage(s);
    QPainter painter(&scratch);
    const QStringList placed = LabelRenderer::paint(painter, s);
    painter.end();
    QVERIFY2(placed.contains(QStringLiteral("Always post")), qPrintable(placed.join(u", ")));
}

// With the window on November 2001 the November post is drawn and the March post is not; with
// March 2002 the other way round; the undated one always.
void TestUserLayers::followsTheTimeline()
{
    const QString path = mDir.filePath(QStringLiteral("checkpoints.kml"));
    QVERIFY(writeFile(path, datedKml()));
    QVERIFY(mCanvas->addLayerFile(path));
    QVERIFY(mCanvas->layers().first().source->vector()->hasTime());
    MapSettings s = mCanvas->settings();
    s.setOutputSize(QSize(800, 600));
    s.setDrawText(false);
    const QColor ink = mCanvas->layers().first().colour;
    const auto drawn = [&](const QGeoCoordinate &at) {
        const QImage image = MapRenderer::renderImage(s);
        const QColor c = image.pixelColor(s.toScreen(at).toPoint());
        return std::abs(c.red() - ink.red()) < 30 && std::abs(c.green() - ink.green()) < 30 &&
               std::abs(c.blue() - ink.blue()) < 30;
    };
    const QGeoCoordinate november(36.60, 68.70), march(36.80, 69.00), always(36.95, 68.85);
    s.setTimeWindow(QDate(2001, 11, 1), QDate(2001, 11, 30));
    QVERIFY(drawn(november));
    QVERIFY(!drawn(march));
    QVERIFY(drawn(always));
    MapSettings later = s;
    later.setTimeWindow(QDate(2002, 3, 10), QDate(2002, 3, 20));
    QVERIFY(!later.sameBasemapView(s)); // the cached basemap image is not reused across windows
    s = later;
    QVERIFY(!drawn(november));
    QVERIFY(drawn(march));
    QVERIFY(drawn(always));
}

// The state goes through QSettings' value types and back onto a new canvas: same files, same
// layer names, same style; a file gone since is reported, the others restored.
void TestUserLayers::keptAcrossRestarts()
{
    const QString path = mDir.filePath(QStringLiteral("checkpoints.kml"));
    QVERIFY(writeFile(path, datedKml()));
    const QString gone = mDir.filePath(QStringLiteral("gone.kml"));
    QVERIFY(writeFile(gone, datedKml()));
    QVERIFY(mCanvas->addLayerFile(path));
    QVERIFY(mCanvas->addLayerFile(gone));
    MapSettings::Layer style = mCanvas->layers().first();
    style.colour = QColor(10, 20, 30);
    style.width = 4.5;
    style.opacity = 0.4;
    style.labelField = QStringLiteral("Name");
    style.basemap = true;
    mCanvas->setLayerStyle(0, style);
    mCanvas->setLayerVisible(1, false);
    const QVariantList state = mCanvas->layerState();
    QVERIFY(QFile::remove(gone));

    MapCanvas restarted;
    QSignalSpy changed(&restarted, &MapCanvas::layersChanged);
    const QStringList problems = restarted.restoreLayers(state);
    QCOMPARE(problems.size(), 1);
    QVERIFY2(problems.first().contains(gone), qPrintable(problems.first()));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(restarted.layers().size(), 1);
    const MapSettings::Layer &back = restarted.layers().first();
    QCOMPARE(back.source->path(), path);
    QCOMPARE(back.source->name(), QStringLiteral("checkpoints"));
    QCOMPARE(back.colour, QColor(10, 20, 30));
    QCOMPARE(back.width, 4.5);
    QCOMPARE(back.opacity, 0.4);
    QCOMPARE(back.labelField, QStringLiteral("Name"));
    QVERIFY(back.basemap);
}

QTEST_MAIN(TestUserLayers)
#include "tst_userlayers.moc"
