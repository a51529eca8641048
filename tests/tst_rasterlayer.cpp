// Large rasters cost what the view shows (docs/RELIABILITY.md, "Layers and basemaps"): a sparse
// 100,000 x 100,000 GeoTIFF made here (GDAL writes no empty tile, so it takes a second) is drawn
// whole and zoomed, reading only the window under the view, decimated, with GDAL's block cache
// bounded. Timings are in benchmarks/ and docs/PERFORMANCE.md, not here.
#include "geo/gdalhandles.h"
#include "geo/layersource.h"
#include "geo/projection.h"
#include "geo/rasterlayer.h"

#include <QTemporaryDir>
#include <QtTest>

#include <vector>

using namespace mapline;

namespace {

constexpr int kSize = 100000;
constexpr int kTile = 256;
// 65..71 E, 37..33 N: 6 x 4 degrees over 100,000 pixels each way.
constexpr double kWest = 65.0, kNorth = 37.0, kEast = 71.0, kSouth = 33.0;

} // namespace

class TestRasterLayer : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void wholeRasterIsDecimated();
    void zoomedViewReadsItsWindow();

private:
    QTemporaryDir mDir;
    QString mTiff;
    QPointF mBrightCentre; // Web Mercator metres of the one tile of data
};

void TestRasterLayer::initTestCase()
{
    QVERIFY(mDir.isValid());
    geo::registerDrivers();
    // The viewer's bound: GDAL's block cache at 256 MB unless GDAL_CACHEMAX says otherwise.
    if (!CPLGetConfigOption("GDAL_CACHEMAX", nullptr))
        QCOMPARE(GDALGetCacheMax64(), 256LL * 1024 * 1024);
    mTiff = mDir.filePath(QStringLiteral("huge.tif"));
    GDALDriver *gtiff = GetGDALDriverManager()->GetDriverByName("GTiff");
    const char *options[] = {"TILED=YES", "BLOCKXSIZE=256", "BLOCKYSIZE=256", "SPARSE_OK=TRUE", "BIGTIFF=YES", nullptr};
    geo::DatasetPtr ds(gtiff->Create(mTiff.toUtf8().constData(), kSize, kSize, 1, GDT_Byte, const_cast<char **>(options)));
    QVERIFY(ds);
    double gt[6] = {kWest, (kEast - kWest) / kSize, 0, kNorth, 0, -(kNorth - kSouth) / kSize};
    QVERIFY(ds->SetGeoTransform(gt) == CE_None);
    QVERIFY(ds->SetSpatialRef(geo::wgs84().get()) == CE_None);
    // One tile of data in the middle, 20 x 20 tiles (5,120 pixels, about 0.3 degrees) wide.
    const int x0 = kSize / 2, y0 = kSize / 2, n = 20 * kTile;
    std::vector<GByte> bright(size_t(kTile) * kTile, 255);
    for (int ty = 0; ty < n; ty += kTile)
        for (int tx = 0; tx < n; tx += kTile)
            QVERIFY(ds->GetRasterBand(1)->RasterIO(GF_Write, x0 + tx, y0 + ty, kTile, kTile, bright.data(), kTile, kTile,
                                                   GDT_Byte, 0, 0, nullptr) == CE_None);
    const double lon = kWest + (x0 + n / 2.0) * gt[1];
    const double lat = kNorth + (y0 + n / 2.0) * gt[5];
    mBrightCentre = Projection::fromLonLat(lon, lat);
}

// The whole raster in a 400 x 300 view: at most about 800 x 600 samples are read, from at most
// RasterLayer::kMaxBlocks blocks, and the bright square shows where it is.
void TestRasterLayer::wholeRasterIsDecimated()
{
    const auto opened = RasterLayer::open(mTiff);
    QVERIFY2(opened.ok(), qPrintable(opened.error()));
    const std::shared_ptr<RasterLayer> raster = opened.value();
    QCOMPARE(raster->sizeInPixels(), QSize(kSize, kSize));
    GDALFlushCache(nullptr);
    QString error;
    const QImage image = raster->render(raster->bounds(), QSize(400, 300), &error);
    QVERIFY2(!image.isNull(), qPrintable(error));
    // Bounded memory: what GDAL kept of the file fits its cache's bound.
    QVERIFY(GDALGetCacheUsed64() <= GDALGetCacheMax64());
    QVERIFY(GDALGetCacheUsed64() <= qint64(RasterLayer::kMaxBlocks) * kTile * kTile);
    // The square is in the middle of the picture (the data square spans 0.3 of 6 degrees).
    const QColor middle = image.pixelColor(image.width() / 2 + 5, image.height() / 2 + 5);
    QVERIFY2(middle.red() > 200, qPrintable(middle.name()));
    const QColor corner = image.pixelColor(20, 20);
    QVERIFY2(corner.red() < 50, qPrintable(corner.name()));
}

// A view of 2 km around the square's centre reads a window of a few hundred pixels, not the raster.
void TestRasterLayer::zoomedViewReadsItsWindow()
{
    const auto opened = RasterLayer::open(mTiff);
    QVERIFY(opened.ok());
    const QRectF view(mBrightCentre - QPointF(1000, 1000), QSizeF(2000, 2000));
    const QRect window = opened.value()->sourceWindow(view);
    QVERIFY2(window.width() > 0 && window.width() < 400 && window.height() < 400,
             qPrintable(QStringLiteral("%1 x %2").arg(window.width()).arg(window.height())));
    QVERIFY(window.intersects(QRect(kSize / 2, kSize / 2, 20 * kTile, 20 * kTile)));
    const QImage image = opened.value()->render(view, QSize(200, 200));
    QVERIFY(!image.isNull());
    QVERIFY(image.pixelColor(100, 100).red() > 200);
}

QTEST_GUILESS_MAIN(TestRasterLayer)
#include "tst_rasterlayer.moc"
