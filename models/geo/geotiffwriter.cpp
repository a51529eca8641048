#include "geo/geotiffwriter.h"

#include "geo/gdalerrorcapture.h"
#include "geo/gdalhandles.h"

#include <array>

namespace mapline {

Status GeoTiffWriter::write(const QImage &image, const QRectF &extent, const QString &path)
{
    geo::registerDrivers();
    geo::GdalErrorCapture errors;
    const QImage rgb = image.convertToFormat(QImage::Format_RGB888);
    const int w = rgb.width();
    const int h = rgb.height();
    GDALDriver *memory = GetGDALDriverManager()->GetDriverByName("MEM");
    GDALDriver *tiff = GetGDALDriverManager()->GetDriverByName("GTiff");
    if (!memory || !tiff)
        return Status::failure(QStringLiteral("%1: GDAL has no GTiff driver").arg(path));
    geo::DatasetPtr mem(memory->Create("", w, h, 3, GDT_Byte, nullptr));
    if (!mem)
        return Status::failure(errors.describe(path, QStringLiteral("cannot make the image")));
    const QRectF r = extent.normalized();
    std::array<double, 6> geoTransform{r.left(), r.width() / w, 0.0, r.bottom(), 0.0, -r.height() / h};
    mem->SetGeoTransform(geoTransform.data());
    OGRSpatialReference mercator;
    mercator.importFromEPSG(3857);
    mem->SetSpatialRef(&mercator);
    int bands[] = {1, 2, 3};
    // The QImage rows are RGB triplets: pixel spacing 3, line spacing bytesPerLine, band spacing 1.
    if (mem->RasterIO(GF_Write, 0, 0, w, h, const_cast<uchar *>(rgb.constBits()), w, h, GDT_Byte, 3, bands, 3,
                      rgb.bytesPerLine(), 1, nullptr) != CE_None)
        return Status::failure(errors.describe(path, QStringLiteral("cannot copy the image")));
    mem->GetRasterBand(1)->SetColorInterpretation(GCI_RedBand);
    mem->GetRasterBand(2)->SetColorInterpretation(GCI_GreenBand);
    mem->GetRasterBand(3)->SetColorInterpretation(GCI_BlueBand);
    const char *options[] = {"COMPRESS=DEFLATE", "PHOTOMETRIC=RGB", "TILED=YES", nullptr};
    geo::DatasetPtr out(tiff->CreateCopy(path.toUtf8().constData(), mem.get(), FALSE, const_cast<char **>(options),
                                         nullptr, nullptr));
    if (!out)
        return Status::failure(errors.describe(path, QStringLiteral("cannot write the GeoTIFF")));
    out.reset(); // flushes and closes
    if (errors.hasErrors())
        return Status::failure(errors.describe(path, QStringLiteral("cannot write the GeoTIFF")));
    return {};
}

} // namespace mapline
