#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace mapline {

// The data formats `mapline export` (and File > Export data) writes: through OGR, and KML
// through Mapline's own streaming KmlWriter.
enum class ExportFormat { GeoJson, Kml, GeoPackage, Csv, Shapefile };

class ExportFormats {
public:
    // "geojson", "kml", "gpkg", "csv", "shp" (also "json", "geopackage", "shapefile"); case-insensitive.
    static std::optional<ExportFormat> fromName(const QString &name);
    // From the file's extension: .geojson/.json, .kml, .gpkg, .csv, .shp.
    static std::optional<ExportFormat> fromPath(const QString &path);
    static QString name(ExportFormat format);   // "geojson", ...
    static QString label(ExportFormat format);  // "GeoJSON", "KML", "GeoPackage", "CSV", "Shapefile"
    static QString driver(ExportFormat format); // the OGR driver that writes it (none for KML)
    // Whether the format can hold an event without a position (null geometry).
    static bool allowsNullGeometry(ExportFormat format);
    static QStringList names();
};

} // namespace mapline
