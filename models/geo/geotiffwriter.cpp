#include "geo/geotiffwriter.h"

#include "geo/gdalerrorcapture.h"
#include "geo/gdalhandles.h"
#include "io/stagedoutput.h"

#include <array>

namespace mapline {

Status GeoTiffWriter::write(const QImage &image, const QRectF &extent, const QString &path, const Metadata &metadata)
{
    geo::registerDrivers();
    StagedOutput staged(path);
    if (Status s = staged.prepare(); !s)
        return s;
    geo::GdalErrorCapture errors;
    // Every message names the file asked for, not the hidden temporary one GDAL saw, and says
    // why in plain words (a full disk, the file-size limit) where it can.
    const auto fail = [&](const QString &fallback) { return Status::failure(staged.failure(errors.describe(fallback))); };
    const QImage rgb = image.convertToFormat(QImage::Format_RGB888);
    const int w = rgb.width();
    const int h = rgb.height();
    GDALDriver *memory = GetGDALDriverManager()->GetDriverByName("MEM");
    GDALDriver *tiff = GetGDALDriverManager()->GetDriverByName("GTiff");
    if (!memory || !tiff)
        return fail(QStringLiteral("GDAL has no GTiff driver"));
    geo::DatasetPtr mem(memory->Create("", w, h, 3, GDT_Byte, nullptr));
    if (!mem)
        return fail(QStringLiteral("cannot make the image"));
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
        return fail(QStringLiteral("cannot copy the image"));
    mem->GetRasterBand(1)->SetColorInterpretation(GCI_RedBand);
    mem->GetRasterBand(2)->SetColorInterpretation(GCI_GreenBand);
    mem->GetRasterBand(3)->SetColorInterpretation(GCI_BlueBand);
    for (const auto &[key, value] : metadata)
        mem->SetMetadataItem(key.toUtf8().constData(), value.toUtf8().constData());
    const char *options[] = {"COMPRESS=DEFLATE", "PHOTOMETRIC=RGB", "TILED=YES", nullptr};
    geo::DatasetPtr out(tiff->CreateCopy(staged.stagingPath().toUtf8().constData(), mem.get(), FALSE, const_cast<char **>(options),
                                         nullptr, nullptr));
    if (!out)
        return fail(QStringLiteral("cannot write the GeoTIFF"));
    out.reset(); // flushes and closes; libtiff reports a short write through GDAL's errors
    if (errors.hasErrors())
        return fail(QStringLiteral("GDAL could not finish the GeoTIFF"));
    return staged.commit();
}

} // namespace mapline
