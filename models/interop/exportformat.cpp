#include "interop/exportformat.h"

#include <QFileInfo>

namespace mapline {

std::optional<ExportFormat> ExportFormats::fromName(const QString &name)
{
    const QString n = name.trimmed().toLower();
    if (n == u"geojson" || n == u"json")
        return ExportFormat::GeoJson;
    if (n == u"kml")
        return ExportFormat::Kml;
    if (n == u"gpkg" || n == u"geopackage")
        return ExportFormat::GeoPackage;
    if (n == u"csv")
        return ExportFormat::Csv;
    if (n == u"shp" || n == u"shapefile")
        return ExportFormat::Shapefile;
    return std::nullopt;
}

std::optional<ExportFormat> ExportFormats::fromPath(const QString &path)
{
    return fromName(QFileInfo(path).suffix());
}

QString ExportFormats::name(ExportFormat format)
{
    switch (format) {
    case ExportFormat::GeoJson: return QStringLiteral("geojson");
    case ExportFormat::Kml: return QStringLiteral("kml");
    case ExportFormat::GeoPackage: return QStringLiteral("gpkg");
    case ExportFormat::Csv: return QStringLiteral("csv");
    case ExportFormat::Shapefile: return QStringLiteral("shp");
    }
    return {};
}

QString ExportFormats::label(ExportFormat format)
{
    switch (format) {
    case ExportFormat::GeoJson: return QStringLiteral("GeoJSON");
    case ExportFormat::Kml: return QStringLiteral("KML");
    case ExportFormat::GeoPackage: return QStringLiteral("GeoPackage");
    case ExportFormat::Csv: return QStringLiteral("CSV");
    case ExportFormat::Shapefile: return QStringLiteral("Shapefile");
    }
    return {};
}

QString ExportFormats::driver(ExportFormat format)
{
    switch (format) {
    case ExportFormat::GeoJson: return QStringLiteral("GeoJSON");
    case ExportFormat::Kml: return {}; // Mapline's own KmlWriter (GDAL's LIBKML grew as n^2.5)
    case ExportFormat::GeoPackage: return QStringLiteral("GPKG");
    case ExportFormat::Csv: return QStringLiteral("CSV");
    case ExportFormat::Shapefile: return QStringLiteral("ESRI Shapefile");
    }
    return {};
}

bool ExportFormats::allowsNullGeometry(ExportFormat format)
{
    // KML placemarks and Shapefile records without a position show nowhere and break some readers.
    return format == ExportFormat::GeoJson || format == ExportFormat::GeoPackage ||
           format == ExportFormat::Csv;
}

QStringList ExportFormats::names()
{
    return {QStringLiteral("geojson"), QStringLiteral("kml"), QStringLiteral("gpkg"), QStringLiteral("csv"),
            QStringLiteral("shp")};
}

} // namespace mapline
