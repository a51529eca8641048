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
        return R::failure(*remote);
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

QImage RasterLayer::render(const QRectF &extent, const QSize &pixels, QString *error) const
{
    const QRectF area = extent.normalized();
    if (pixels.isEmpty() || !area.intersects(mBounds))
        return {};
    QMutexLocker lock(&mMutex);
    geo::GdalErrorCapture errors;
    ArgList args;
    args << QStringLiteral("-of") << QStringLiteral("MEM") << QStringLiteral("-t_srs") << QStringLiteral("EPSG:3857")
         << QStringLiteral("-te") << number(area.left()) << number(area.top()) << number(area.right())
         << number(area.bottom()) << QStringLiteral("-ts") << QString::number(pixels.width())
         << QString::number(pixels.height()) << QStringLiteral("-r") << QStringLiteral("bilinear")
         << QStringLiteral("-dstalpha") << QStringLiteral("-wo") << QStringLiteral("INIT_DEST=0")
         << QStringLiteral("-q");
    GDALWarpAppOptions *options = GDALWarpAppOptionsNew(args.argv(), nullptr);
    GDALDatasetH source = GDALDataset::ToHandle(mDisplay.get());
    geo::DatasetPtr warped(GDALDataset::FromHandle(GDALWarp("", nullptr, 1, &source, options, nullptr)));
    GDALWarpAppOptionsFree(options);
    if (!warped) {
        if (error)
            *error = errors.describe(mPath, QStringLiteral("cannot warp the raster to the map"));
        return {};
    }
    // The warp adds an alpha band last: grey+alpha or RGB(+source alpha)+alpha.
    const int bands = warped->GetRasterCount();
    std::array<int, 4> bandMap = bands >= 4 ? std::array<int, 4>{1, 2, 3, bands} : std::array<int, 4>{1, 1, 1, bands};
    QImage image(pixels, QImage::Format_RGBA8888);
    const CPLErr read = warped->RasterIO(GF_Read, 0, 0, pixels.width(), pixels.height(), image.bits(), pixels.width(),
                                         pixels.height(), GDT_Byte, 4, bandMap.data(), 4, image.bytesPerLine(), 1,
                                         nullptr);
    if (read != CE_None) {
        if (error)
            *error = errors.describe(mPath, QStringLiteral("cannot read the warped raster"));
        return {};
    }
    return image.convertToFormat(QImage::Format_ARGB32_Premultiplied);
}

} // namespace mapline
