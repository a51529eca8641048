#include "geo/rasterlayer.h"

#include "geo/gdalerrorcapture.h"
#include "geo/networklockdown.h"
#include "geo/projection.h"

#include <gdal_utils.h>

#include <QFileInfo>
#include <QMutexLocker>

#include <array>
#include <cmath>
#include <vector>

namespace mapline {
namespace {

// A NULL-terminated argv for GDAL's utility option parsers, owning its strings.
class ArgList {
public:
    ArgList &operator<<(const QString &arg)
    {
        mStrings.push_back(arg.toUtf8());
        return *this;
    }
    char **argv()
    {
        mPointers.clear();
        for (QByteArray &s : mStrings)
            mPointers.push_back(s.data());
        mPointers.push_back(nullptr);
        return mPointers.data();
    }

private:
    std::vector<QByteArray> mStrings;
    std::vector<char *> mPointers;
};

QString number(double value)
{
    return QString::number(value, 'g', 17);
}

// gdal_translate options that turn the source into bytes a QImage can show.
ArgList displayOptions(GDALDataset &source)
{
    ArgList args;
    args << QStringLiteral("-of") << QStringLiteral("VRT");
    const int bands = source.GetRasterCount();
    GDALRasterBand *first = source.GetRasterBand(1);
    if (bands < 3 && first->GetColorTable()) {
        args << QStringLiteral("-b") << QStringLiteral("1") << QStringLiteral("-expand") << QStringLiteral("rgba");
        return args;
    }
    const bool rgb = bands >= 3;
    const int used = rgb ? std::min(bands, 4) : 1;
    for (int b = 1; b <= used; ++b)
        args << QStringLiteral("-b") << QString::number(b);
    if (first->GetRasterDataType() != GDT_Byte) {
        // Stretch to the band's range (approximate statistics are enough for display).
        double minMax[2] = {0.0, 255.0};
        if (first->ComputeRasterMinMax(TRUE, minMax) == CE_None && minMax[1] > minMax[0])
            args << QStringLiteral("-ot") << QStringLiteral("Byte") << QStringLiteral("-scale") << number(minMax[0])
                 << number(minMax[1]) << QStringLiteral("1") << QStringLiteral("255");
        else
            args << QStringLiteral("-ot") << QStringLiteral("Byte");
    }
    return args;
}

// The projected bounds of the raster: its corners and edge midpoints through WGS 84.
std::optional<QRectF> projectedBounds(GDALDataset &dataset)
{
    std::array<double, 6> gt{};
    if (dataset.GetGeoTransform(gt.data()) != CE_None)
        return std::nullopt;
    const OGRSpatialReference *srs = dataset.GetSpatialRef();
    if (!srs)
        return std::nullopt;
    const geo::TransformPtr toWgs84 = geo::transformToWgs84(srs);
    const double w = dataset.GetRasterXSize();
    const double h = dataset.GetRasterYSize();
    double left = HUGE_VAL, right = -HUGE_VAL, bottom = HUGE_VAL, top = -HUGE_VAL;
    for (double fx : {0.0, 0.5, 1.0}) {
        for (double fy : {0.0, 0.5, 1.0}) {
            double x = gt[0] + fx * w * gt[1] + fy * h * gt[2];
            double y = gt[3] + fx * w * gt[4] + fy * h * gt[5];
            if (toWgs84 && !toWgs84->Transform(1, &x, &y))
                continue;
            const QPointF p = Projection::fromLonLat(x, y);
            left = std::min(left, p.x());
            right = std::max(right, p.x());
            bottom = std::min(bottom, p.y());
            top = std::max(top, p.y());
        }
    }
    if (left > right)
        return std::nullopt;
    return QRectF(QPointF(left, bottom), QPointF(right, top));
}

} // namespace

Result<std::shared_ptr<RasterLayer>> RasterLayer::open(const QString &path)
{
    using R = Result<std::shared_ptr<RasterLayer>>;
    geo::registerDrivers();
    if (const auto remote = geo::remoteReference(path))
        return Result<std::shared_ptr<RasterLayer>>::failure(*remote);
    geo::GdalErrorCapture errors;
    geo::DatasetPtr source = geo::openDataset(path, GDAL_OF_RASTER);
    if (!source || source->GetRasterCount() == 0)
        return R::failure(errors.describe(path, QStringLiteral("not a raster GDAL can read")));
    const auto bounds = projectedBounds(*source);
    if (!bounds)
        return R::failure(QStringLiteral("%1: the raster has no georeference (no coordinate system or geotransform), "
                                          "so it cannot be placed on the map").arg(path));
    ArgList args = displayOptions(*source);
    GDALTranslateOptions *options = GDALTranslateOptionsNew(args.argv(), nullptr);
    GDALDatasetH sourceHandle = GDALDataset::ToHandle(source.get());
    geo::DatasetPtr display(GDALDataset::FromHandle(GDALTranslate("", sourceHandle, options, nullptr)));
    GDALTranslateOptionsFree(options);
    if (!display)
        return R::failure(errors.describe(path, QStringLiteral("cannot convert the raster for display")));

    std::shared_ptr<RasterLayer> layer(new RasterLayer());
    layer->mPath = path;
    layer->mName = QFileInfo(path).completeBaseName();
    layer->mBounds = *bounds;
    source->GetGeoTransform(layer->mGeoTransform.data());
    if (!GDALInvGeoTransform(layer->mGeoTransform.data(), layer->mInverseGeoTransform.data()))
        return R::failure(QStringLiteral("%1: the raster's geotransform cannot be inverted").arg(path));
    {
        OGRSpatialReference mercator;
        mercator.importFromEPSG(3857);
        mercator.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        geo::SpatialReferencePtr target(source->GetSpatialRef()->Clone());
        target->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        layer->mFromMercator.reset(OGRCreateCoordinateTransformation(&mercator, target.get()));
    }
    layer->mSource = std::move(source);
    layer->mDisplay = std::move(display);
    return layer;
}

RasterLayer::~RasterLayer()
{
    mDisplay.reset();
    mSource.reset();
}

QSize RasterLayer::sizeInPixels() const
{
    QMutexLocker lock(&mMutex);
    return {mSource->GetRasterXSize(), mSource->GetRasterYSize()};
}

RasterLayer::Level RasterLayer::readLevel(double factor) const
{
    // The level GDAL reads for a decimation of `factor`: the coarsest overview that is still at
    // least as fine as the request (GDAL's own rule), else the full resolution.
    GDALRasterBand *band = mSource->GetRasterBand(1);
    Level level;
    band->GetBlockSize(&level.blockWidth, &level.blockHeight);
    for (int i = 0; i < band->GetOverviewCount(); ++i) {
        GDALRasterBand *overview = band->GetOverview(i);
        if (!overview || overview->GetXSize() == 0)
            continue;
        const double ratio = double(band->GetXSize()) / overview->GetXSize();
        if (ratio <= factor * 1.2 && ratio > level.ratio) {
            level.ratio = ratio;
            overview->GetBlockSize(&level.blockWidth, &level.blockHeight);
        }
    }
    level.blockWidth = std::max(1, level.blockWidth);
    level.blockHeight = std::max(1, level.blockHeight);
    return level;
}

QRect RasterLayer::sourceWindow(const QRectF &extent) const
{
    const QRect whole(0, 0, mSource->GetRasterXSize(), mSource->GetRasterYSize());
    if (!mFromMercator)
        return whole;
    // A grid of points over the view, through the source's coordinate system to its pixels: the
    // edges of a projected view are curves in the source's system.
    constexpr int kSteps = 8;
    double left = HUGE_VAL, right = -HUGE_VAL, top = HUGE_VAL, bottom = -HUGE_VAL;
    for (int i = 0; i <= kSteps; ++i) {
        for (int j = 0; j <= kSteps; ++j) {
            double x = extent.left() + extent.width() * i / kSteps;
            double y = extent.top() + extent.height() * j / kSteps;
            if (!mFromMercator->Transform(1, &x, &y))
                continue;
            double px = 0, py = 0;
            GDALApplyGeoTransform(const_cast<double *>(mInverseGeoTransform.data()), x, y, &px, &py);
            left = std::min(left, px);
            right = std::max(right, px);
            top = std::min(top, py);
            bottom = std::max(bottom, py);
        }
    }
    if (left > right)
        return whole; // no point of the view exists in the source's system: read it all (decimated)
    // A margin of two pixels for the warp's bilinear kernel.
    const QRect window(QPoint(int(std::floor(left)) - 2, int(std::floor(top)) - 2),
                       QPoint(int(std::ceil(right)) + 2, int(std::ceil(bottom)) + 2));
    return window.intersected(whole);
}

QImage RasterLayer::render(const QRectF &extent, const QSize &pixels, QString *error) const
{
    const QRectF area = extent.normalized();
    if (pixels.isEmpty() || !area.intersects(mBounds))
        return {};
    QMutexLocker lock(&mMutex);
    geo::GdalErrorCapture errors;
    const auto fail = [&](const QString &what) {
        if (error)
            *error = errors.describe(mPath, what);
        return QImage();
    };

    // 1. The part under the view, read decimated into memory: at most about twice the output's
    //    pixels, whatever the raster's size. Nearest-neighbour, so GDAL reads only the blocks
    //    (or the overview level) the samples fall in; the warp below smooths.
    const QRect window = sourceWindow(area);
    if (window.isEmpty())
        return {};
    double factor = std::max({1.0, window.width() / (2.0 * pixels.width()), window.height() / (2.0 * pixels.height())});
    // Without an overview for this decimation every sample may fall in a block of its own, and a
    // huge raster has millions of them: the read is capped at kMaxBlocks blocks (a coarser but
    // immediate picture; `gdaladdo` gives a full one).
    const Level level = readLevel(factor);
    const double touched = std::min(window.width() / factor, window.width() / level.ratio / level.blockWidth + 1) *
                           std::min(window.height() / factor, window.height() / level.ratio / level.blockHeight + 1);
    if (touched > kMaxBlocks)
        factor *= std::sqrt(touched / kMaxBlocks);
    const int bufferWidth = std::max(1, int(std::ceil(window.width() / factor)));
    const int bufferHeight = std::max(1, int(std::ceil(window.height() / factor)));
    const int bands = mDisplay->GetRasterCount();
    GDALDriver *memDriver = GetGDALDriverManager()->GetDriverByName("MEM");
    geo::DatasetPtr part(memDriver ? memDriver->Create("", bufferWidth, bufferHeight, bands, GDT_Byte, nullptr)
                                   : nullptr);
    if (!part)
        return fail(QStringLiteral("cannot allocate %1 × %2 pixels for the raster").arg(bufferWidth).arg(bufferHeight));
    GDALRasterIOExtraArg extra;
    INIT_RASTERIO_EXTRA_ARG(extra);
    extra.eResampleAlg = GRIORA_NearestNeighbour;
    std::vector<GByte> buffer(size_t(bufferWidth) * size_t(bufferHeight));
    for (int b = 1; b <= bands; ++b) {
        GDALRasterBand *from = mDisplay->GetRasterBand(b);
        GDALRasterBand *to = part->GetRasterBand(b);
        if (from->RasterIO(GF_Read, window.x(), window.y(), window.width(), window.height(), buffer.data(),
                           bufferWidth, bufferHeight, GDT_Byte, 0, 0, &extra) != CE_None)
            return fail(QStringLiteral("cannot read the raster"));
        if (to->RasterIO(GF_Write, 0, 0, bufferWidth, bufferHeight, buffer.data(), bufferWidth, bufferHeight,
                         GDT_Byte, 0, 0, nullptr) != CE_None)
            return fail(QStringLiteral("cannot copy the raster"));
        to->SetColorInterpretation(from->GetColorInterpretation());
        int hasNoData = 0;
        const double noData = from->GetNoDataValue(&hasNoData);
        if (hasNoData)
            to->SetNoDataValue(noData);
    }
    const auto &gt = mGeoTransform;
    std::array<double, 6> partTransform{gt[0] + window.x() * gt[1] + window.y() * gt[2],
                                        gt[1] * window.width() / bufferWidth,
                                        gt[2] * window.height() / bufferHeight,
                                        gt[3] + window.x() * gt[4] + window.y() * gt[5],
                                        gt[4] * window.width() / bufferWidth,
                                        gt[5] * window.height() / bufferHeight};
    part->SetGeoTransform(partTransform.data());
    part->SetSpatialRef(mSource->GetSpatialRef());

    // 2. That small copy warped to the view.
    ArgList args;
    args << QStringLiteral("-of") << QStringLiteral("MEM") << QStringLiteral("-t_srs") << QStringLiteral("EPSG:3857")
         << QStringLiteral("-te") << number(area.left()) << number(area.top()) << number(area.right())
         << number(area.bottom()) << QStringLiteral("-ts") << QString::number(pixels.width())
         << QString::number(pixels.height()) << QStringLiteral("-r") << QStringLiteral("bilinear")
         << QStringLiteral("-dstalpha") << QStringLiteral("-wo") << QStringLiteral("INIT_DEST=0")
         << QStringLiteral("-q");
    GDALWarpAppOptions *options = GDALWarpAppOptionsNew(args.argv(), nullptr);
    GDALDatasetH source = GDALDataset::ToHandle(part.get());
    geo::DatasetPtr warped(GDALDataset::FromHandle(GDALWarp("", nullptr, 1, &source, options, nullptr)));
    GDALWarpAppOptionsFree(options);
    if (!warped)
        return fail(QStringLiteral("cannot warp the raster to the map"));
    // The warp adds an alpha band last: grey+alpha or RGB(+source alpha)+alpha.
    const int warpedBands = warped->GetRasterCount();
    std::array<int, 4> bandMap = warpedBands >= 4 ? std::array<int, 4>{1, 2, 3, warpedBands}
                                                  : std::array<int, 4>{1, 1, 1, warpedBands};
    QImage image(pixels, QImage::Format_RGBA8888);
    const CPLErr read = warped->RasterIO(GF_Read, 0, 0, pixels.width(), pixels.height(), image.bits(), pixels.width(),
                                         pixels.height(), GDT_Byte, 4, bandMap.data(), 4, image.bytesPerLine(), 1,
                                         nullptr);
    if (read != CE_None)
        return fail(QStringLiteral("cannot read the warped raster"));
    return image.convertToFormat(QImage::Format_ARGB32_Premultiplied);
}

} // namespace mapline
