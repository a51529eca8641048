// Layers never reach the network (docs/RELIABILITY.md, "Layers and basemaps"): a remote /vsi path,
// a URL, a VRT or OGR VRT with a remote source, a GDAL_WMS description, each given to
// `mapline snapshot --layer`, is refused with a message naming the file, and the process connects
// to no network address (strace, when installed). The addresses are loopback ones on a closed
// port: even a regression reaches nothing outside this machine.
#include "geo/gdalerrorcapture.h"
#include "geo/gdalhandles.h"
#include "geo/layersource.h"
#include "geo/networklockdown.h"
#include "testsupport.h"

#include <cpl_http.h>
#include <cpl_vsi.h>

#include <QDir>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace mapline;

namespace {

constexpr const char *kHost = "127.0.0.1:9";

QByteArray wmsXml()
{
    return QByteArray("<GDAL_WMS><Service name=\"TMS\"><ServerUrl>http://") + kHost +
           "/tiles/${z}/${x}/${y}.png</ServerUrl></Service><DataWindow><UpperLeftX>-20037508.34</UpperLeftX>"
           "<UpperLeftY>20037508.34</UpperLeftY><LowerRightX>20037508.34</LowerRightX><LowerRightY>-20037508.34"
           "</LowerRightY><TileLevel>18</TileLevel><TileCountX>1</TileCountX><TileCountY>1</TileCountY>"
           "<YOrigin>top</YOrigin></DataWindow><Projection>EPSG:3857</Projection><BlockSizeX>256</BlockSizeX>"
           "<BlockSizeY>256</BlockSizeY><BandsCount>3</BandsCount><Timeout>2</Timeout></GDAL_WMS>\n";
}

QByteArray rasterVrt(const QByteArray &source)
{
    return "<VRTDataset rasterXSize=\"100\" rasterYSize=\"100\"><SRS>EPSG:4326</SRS>"
           "<GeoTransform>65, 0.01, 0, 35, 0, -0.01</GeoTransform><VRTRasterBand dataType=\"Byte\" band=\"1\">"
           "<SimpleSource><SourceFilename relativeToVRT=\"0\">" + source + "</SourceFilename><SourceBand>1</SourceBand>"
           "</SimpleSource></VRTRasterBand></VRTDataset>\n";
}

QByteArray ogrVrt(const QByteArray &source)
{
    return "<OGRVRTDataSource><OGRVRTLayer name=\"remote\"><SrcDataSource>" + source +
           "</SrcDataSource><GeometryType>wkbPoint</GeometryType></OGRVRTLayer></OGRVRTDataSource>\n";
}

} // namespace

class TestLayerNetwork : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void refusedWithoutConnecting_data();
    void refusedWithoutConnecting();
    void lockedDownInProcess();
    void localVrtStillOpens();

private:
    QString write(const QString &name, const QByteArray &bytes);
    QTemporaryDir mDir;
    QString mDb;
};

QString TestLayerNetwork::write(const QString &name, const QByteArray &bytes)
{
    const QString path = mDir.filePath(name);
    test::writeFile(path, bytes);
    return path;
}

void TestLayerNetwork::initTestCase()
{
    QVERIFY(mDir.isValid());
    mDb = mDir.filePath(QStringLiteral("events.sqlite"));
    const test::ProcessResult r = test::runMapline({QStringLiteral("import"), QStringLiteral("--db"), mDb,
                                                    test::sampleArticle()});
    QVERIFY2(r.exitCode == 0, r.err.constData());
}

void TestLayerNetwork::refusedWithoutConnecting_data()
{
    QTest::addColumn<QString>("layer");
    QTest::addColumn<QString>("named"); // what the message must name
    const QByteArray url = QByteArray("http://") + kHost;
    QTest::newRow("vsicurl") << QStringLiteral("/vsicurl/%1/x.tif").arg(QLatin1String(url)) << QStringLiteral("/vsicurl/");
    QTest::newRow("vsicurl nested in vsizip")
        << QStringLiteral("/vsizip//vsicurl/%1/x.zip/a.shp").arg(QLatin1String(url)) << QStringLiteral("/vsicurl/");
    QTest::newRow("vsis3") << QStringLiteral("/vsis3/bucket/x.tif") << QStringLiteral("/vsis3/");
    QTest::newRow("vsiaz") << QStringLiteral("/vsiaz/container/x.tif") << QStringLiteral("/vsiaz/");
    QTest::newRow("plain url") << QStringLiteral("%1/x.geojson").arg(QLatin1String(url)) << QStringLiteral("URL");
    QTest::newRow("connection string") << QStringLiteral("WFS:%1/wfs").arg(QLatin1String(url))
                                       << QStringLiteral("connection string");
    QTest::newRow("GDAL_WMS") << write(QStringLiteral("wms.xml"), wmsXml()) << QStringLiteral("GDAL_WMS");
    QTest::newRow("VRT with a remote source")
        << write(QStringLiteral("remote.vrt"), rasterVrt("/vsicurl/" + url + "/x.tif")) << QStringLiteral("remote");
    QTest::newRow("VRT through a local VRT")
        << write(QStringLiteral("outer.vrt"), rasterVrt(write(QStringLiteral("inner.vrt"),
                                                              rasterVrt("/vsicurl/" + url + "/y.tif")).toUtf8()))
        << QStringLiteral("inner.vrt");
    QTest::newRow("OGR VRT with a remote source")
        << write(QStringLiteral("remote-ogr.vrt"), ogrVrt(url + "/points.geojson")) << QStringLiteral("remote");
}

// Each case through the real program, under strace: refused by name, exit 1, and no connect()
// to an IPv4 or IPv6 address.
void TestLayerNetwork::refusedWithoutConnecting()
{
    QFETCH(QString, layer);
    QFETCH(QString, named);
    const QString strace = QStandardPaths::findExecutable(QStringLiteral("strace"));
    const QString out = mDir.filePath(QStringLiteral("m.png"));
    const QStringList args = {QStringLiteral("snapshot"), QStringLiteral("--db"), mDb, QStringLiteral("--out"), out,
                              QStringLiteral("--size"), QStringLiteral("300x200"), QStringLiteral("--layer"), layer};
    if (strace.isEmpty()) {
        const test::ProcessResult r = test::runMapline(args);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(layer.toUtf8()) && r.err.contains(named.toUtf8()), r.err.constData());
        QSKIP("strace is not installed (apt-get install strace): the refusal was checked, the sockets were not");
    }
    const QString log = mDir.filePath(QStringLiteral("strace.log"));
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const QString asan = env.value(QStringLiteral("ASAN_OPTIONS"));
    // LeakSanitizer cannot run under ptrace (the sanitizer build): leaks are checked elsewhere.
    env.insert(QStringLiteral("ASAN_OPTIONS"), asan.isEmpty() ? QStringLiteral("detect_leaks=0") : asan + QStringLiteral(":detect_leaks=0"));
    env.remove(QStringLiteral("MAPLINE_DB"));
    p.setProcessEnvironment(env);
    p.start(strace, QStringList{QStringLiteral("-f"), QStringLiteral("-qq"), QStringLiteral("-e"),
                                QStringLiteral("trace=connect,openat"), QStringLiteral("-o"), log,
                                QStringLiteral(MAPLINE_EXE)} + args);
    QVERIFY(p.waitForFinished(120000));
    const QByteArray err = p.readAllStandardError();
    if (err.contains("PTRACE_TRACEME") || err.contains("ptrace(PTRACE_SEIZE"))
        QSKIP(qPrintable(QStringLiteral("strace cannot trace here: %1").arg(QString::fromUtf8(err.left(200)))));
    const QByteArray calls = test::readFile(log);
    // The trace was live: it saw the database being opened.
    QVERIFY2(calls.contains(mDb.toUtf8()), calls.left(2000).constData());
    for (const QByteArray &line : calls.split('\n'))
        QVERIFY2(!(line.contains("connect(") && (line.contains("AF_INET") || line.contains("AF_INET6"))),
                 line.constData());
    QCOMPARE(p.exitCode(), 1);
    QVERIFY2(err.contains(layer.toUtf8()), err.constData());
    QVERIFY2(err.contains(named.toUtf8()), err.constData());
}

// In the process itself: after the drivers are registered, the web drivers are gone, a remote
// /vsi path fails without a handler that could reach out, and CPLHTTPFetch fails at once.
void TestLayerNetwork::lockedDownInProcess()
{
    geo::registerDrivers();
    for (const char *driver : {"WMS", "WMTS", "WCS", "WFS", "OAPIF", "EEDA", "PLSCENES", "NGW", "HTTP", "PostgreSQL"})
        QVERIFY2(!GDALGetDriverByName(driver), driver);
    for (const char *driver : {"GTiff", "GPKG", "OSM", "KML", "MBTiles", "VRT"})
        QVERIFY2(GDALGetDriverByName(driver), driver);
    const QByteArray url = QByteArray("/vsicurl/http://") + kHost + "/x.tif";
    VSIStatBufL stat;
    QCOMPARE(VSIStatL(url.constData(), &stat), -1);
    QVERIFY(!VSIIsLocal(url.constData()));
    QVERIFY(!VSIFOpenL(url.constData(), "rb"));
    geo::GdalErrorCapture errors;
    CPLHTTPResult *result = CPLHTTPFetch((QByteArray("http://") + kHost + "/x").constData(), nullptr);
    QVERIFY(result);
    QVERIFY(result->nStatus != 0 || result->pszErrBuf);
    QVERIFY(QByteArray(result->pszErrBuf).contains("never reaches the network"));
    CPLHTTPDestroyResult(result);
}

// The refusal is about remote sources, not VRTs: a VRT over a local GeoTIFF still opens.
void TestLayerNetwork::localVrtStillOpens()
{
    geo::registerDrivers();
    const QString tif = mDir.filePath(QStringLiteral("local.tif"));
    {
        GDALDriver *gtiff = GetGDALDriverManager()->GetDriverByName("GTiff");
        geo::DatasetPtr ds(gtiff->Create(tif.toUtf8().constData(), 100, 100, 1, GDT_Byte, nullptr));
        QVERIFY(ds);
        double gt[6] = {65, 0.01, 0, 35, 0, -0.01};
        ds->SetGeoTransform(gt);
        ds->SetSpatialRef(geo::wgs84().get());
    }
    const QString vrt = write(QStringLiteral("local.vrt"), rasterVrt(tif.toUtf8()));
    QVERIFY(!geo::remoteReference(vrt));
    const auto opened = LayerSource::open(vrt);
    QVERIFY2(opened.ok(), qPrintable(opened.error()));
    QCOMPARE(opened->size(), 1);
    QCOMPARE(opened->first()->kind(), LayerSource::Kind::Raster);
}

QTEST_GUILESS_MAIN(TestLayerNetwork)
#include "tst_layernetwork.moc"
