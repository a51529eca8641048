#pragma once

#include "result.h"

#include <QImage>
#include <QRectF>
#include <QString>

namespace mapline {

// Writes a rendered map as a GeoTIFF in Web Mercator (EPSG:3857) through GDAL's GTiff driver,
// georeferenced by the map extent it shows, so QGIS or Google Earth Pro place it where it
// belongs. RGB, deflate-compressed.
class GeoTiffWriter {
public:
    // `extent` is the image's area in Web Mercator metres (left = west, top() = south).
    static Status write(const QImage &image, const QRectF &extent, const QString &path);
};

} // namespace mapline
