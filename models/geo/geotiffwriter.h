#pragma once

#include "result.h"

#include <QImage>
#include <QList>
#include <QRectF>
#include <QString>

#include <utility>

namespace mapline {

// Writes a rendered map as a GeoTIFF in Web Mercator (EPSG:3857) through GDAL's GTiff driver,
// georeferenced by the map extent it shows, so QGIS or Google Earth Pro place it where it
// belongs. RGB, deflate-compressed. Written under a temporary name beside the target and moved
// over it when GDAL has finished without an error (StagedOutput): a failure leaves no partial
// file and an earlier file of that name intact.
class GeoTiffWriter {
public:
    // Metadata items: keys as GDAL takes them. "TIFFTAG_IMAGEDESCRIPTION", "TIFFTAG_SOFTWARE" and
    // "TIFFTAG_DATETIME" become the TIFF tags of those names; any other key goes into GDAL's own
    // metadata tag (GDAL_METADATA), which GDAL and QGIS read back.
    using Metadata = QList<std::pair<QString, QString>>;

    // `extent` is the image's area in Web Mercator metres (left = west, top() = south).
    static Status write(const QImage &image, const QRectF &extent, const QString &path, const Metadata &metadata = {});
};

} // namespace mapline
