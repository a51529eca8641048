// mapline snapshot: the map of a database's events for a time window, as an image file: PNG,
// SVG or PDF (vector: shapes and names stay sharp), or a GeoTIFF placed in Web Mercator.
#include "commands.h"

#include "commandsupport.h"
#include "geo/basemap.h"
#include "geo/layersource.h"
#include "index/eventindexloader.h"
#include "render/basemaprenderer.h"
#include "render/maprenderer.h"

#include "geo/geotiffwriter.h"

#include <QFileInfo>
#include <QGuiApplication>
#include <QImageWriter>
#include <QPageSize>
#include <QPdfWriter>
#include <QRegularExpression>
#include <QSvgGenerator>
#include <QTextStream>

namespace mapline::cli {
namespace {

std::optional<QSize> parseSize(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("^(\\d{2,5})[xX](\\d{2,5})$"));
    const auto m = pattern.match(text.trimmed());
    if (!m.hasMatch())
        return std::nullopt;
    const QSize size(m.captured(1).toInt(), m.captured(2).toInt());
    if (size.width() < 64 || size.height() < 64 || size.width() > 10000 || size.height() > 10000)
        return std::nullopt;
    return size;
}

// "W,S,E,N" in degrees.
std::optional<QGeoRectangle> parseBox(const QString &text)
{
    const QStringList parts = text.split(QLatin1Char(','));
    if (parts.size() != 4)
        return std::nullopt;
    double v[4];
    for (int i = 0; i < 4; ++i) {
        bool ok = false;
        v[i] = parts[i].trimmed().toDouble(&ok);
        if (!ok)
            return std::nullopt;
    }
    const double west = v[0], south = v[1], east = v[2], north = v[3];
    if (west < -180 || east > 180 || south < -85 || north > 85 || west >= east || south >= north)
        return std::nullopt;
    return QGeoRectangle(QGeoCoordinate(north, west), QGeoCoordinate(south, east));
}

enum class Format { Png, Svg, Pdf, GeoTiff };

std::optional<Format> formatOf(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == u"png")
        return Format::Png;
    if (suffix == u"svg")
        return Format::Svg;
    if (suffix == u"pdf")
        return Format::Pdf;
    if (suffix == u"tif" || suffix == u"tiff")
        return Format::GeoTiff;
    return std::nullopt;
}

// Renders `settings` into `out` in `format`; an error message, empty on success.
QString writeMap(const MapSettings &settings, const QString &out, Format format, const QString &title)
{
    const QSize size = settings.outputSize();
    switch (format) {
    case Format::Png: {
        QImageWriter writer(out, "png");
        return writer.write(MapRenderer::renderImage(settings)) ? QString() : writer.errorString();
    }
    case Format::GeoTiff: {
        const Status s = GeoTiffWriter::write(MapRenderer::renderImage(settings), settings.extent(), out);
        return s ? QString() : s.error();
    }
    case Format::Svg: {
        QSvgGenerator svg;
        svg.setFileName(out);
        svg.setSize(size);
        svg.setResolution(96);
        svg.setViewBox(QRect(QPoint(0, 0), size));
        svg.setTitle(title.isEmpty() ? QStringLiteral("Mapline map") : title);
        svg.setDescription(QStringLiteral("Map data: Natural Earth, GeoNames (CC BY 4.0)"));
        QPainter painter;
        if (!painter.begin(&svg))
            return QStringLiteral("cannot write the file");
        MapRenderer::render(painter, settings);
        return painter.end() ? QString() : QStringLiteral("cannot write the file");
    }
    case Format::Pdf: {
        // One page the size of the map, 96 pixels to the inch, no margins.
        QPdfWriter pdf(out);
        pdf.setResolution(96);
        pdf.setPageSize(QPageSize(QSizeF(size) * 72.0 / 96.0, QPageSize::Point, QString(), QPageSize::ExactMatch));
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        pdf.setTitle(title.isEmpty() ? QStringLiteral("Mapline map") : title);
        pdf.setCreator(QStringLiteral("Mapline %1").arg(QStringLiteral(MAPLINE_VERSION)));
        QPainter painter;
        if (!painter.begin(&pdf))
            return QStringLiteral("cannot write the file");
        MapRenderer::render(painter, settings);
        return painter.end() ? QString() : QStringLiteral("cannot write the file");
    }
    }
    return QStringLiteral("unknown format");
}

} // namespace

int runSnapshot(const QStringList &arguments)
{
    CommandParser cmd(QStringLiteral("snapshot"),
                      QStringLiteral("Write a map of the events: basemap, events of the time window (clustered where "
                                     "crowded), legend, scale bar and attribution. Needs no display."));
    QCommandLineParser &p = cmd.parser();
    p.addOption({QStringLiteral("out"),
                 QStringLiteral("The file to write: .png, .svg or .pdf (vector), or .tif (a GeoTIFF in Web Mercator, "
                                "without title and legend, for GIS)."),
                 QStringLiteral("FILE")});
    p.addOption({QStringLiteral("from"), QStringLiteral("Events on or after this day."), QStringLiteral("DATE")});
    p.addOption({QStringLiteral("to"), QStringLiteral("Events on or before this day."), QStringLiteral("DATE")});
    p.addOption({QStringLiteral("bbox"),
                 QStringLiteral("The area to show, as west,south,east,north in degrees (default: Afghanistan)."),
                 QStringLiteral("W,S,E,N")});
    p.addOption({QStringLiteral("size"), QStringLiteral("Image size in pixels (default 1600x1000)."),
                 QStringLiteral("WxH"), QStringLiteral("1600x1000")});
    p.addOption({QStringLiteral("title"), QStringLiteral("A title printed on the map."), QStringLiteral("TEXT")});
    p.addOption({QStringLiteral("heatmap"), QStringLiteral("Draw event density instead of symbols.")});
    p.addOption({QStringLiteral("layer"),
                 QStringLiteral("A vector or raster file drawn over the basemap, under the events (repeatable; "
                                "anything GDAL opens: Shapefile, GeoPackage, GeoJSON, KML, GeoTIFF, MBTiles...)."),
                 QStringLiteral("FILE")});
    p.addOption({QStringLiteral("basemap"), QStringLiteral("The basemap GeoPackage (default: the bundled one)."),
                 QStringLiteral("PATH")});
    if (const auto code = cmd.parse(arguments))
        return *code;
    if (!p.positionalArguments().isEmpty())
        return cmd.usageError(QStringLiteral("unexpected argument \"%1\"").arg(p.positionalArguments().first()));
    const QString out = p.value(QStringLiteral("out"));
    if (out.isEmpty())
        return cmd.usageError(QStringLiteral("--out FILE is required"));
    const auto format = formatOf(out);
    if (!format)
        return cmd.usageError(QStringLiteral("--out: write FILE.png, .svg, .pdf or .tif, not \"%1\"").arg(out));
    QString error;
    const QDate from = cmd.dateOption(QStringLiteral("from"), error);
    const QDate to = cmd.dateOption(QStringLiteral("to"), error);
    if (!error.isEmpty())
        return cmd.usageError(error);
    if (from.isValid() && to.isValid() && from > to)
        return cmd.usageError(QStringLiteral("--from is after --to"));
    const auto size = parseSize(p.value(QStringLiteral("size")));
    if (!size)
        return cmd.usageError(QStringLiteral("--size must be WIDTHxHEIGHT in pixels, 64 to 10000 each, e.g. 1600x1000"));
    std::optional<QGeoRectangle> box;
    if (p.isSet(QStringLiteral("bbox"))) {
        box = parseBox(p.value(QStringLiteral("bbox")));
        if (!box)
            return cmd.usageError(QStringLiteral("--bbox must be west,south,east,north in degrees with west < east "
                                                 "and south < north, e.g. 60.5,29.3,75,38.5"));
    }
    if (!qobject_cast<QGuiApplication *>(QCoreApplication::instance())) {
        QTextStream(stderr) << "mapline snapshot: drawing needs a QGuiApplication (internal error)" << Qt::endl;
        return InputFailed;
    }

    QTextStream err(stderr);
    int status = Success;
    auto index = loadEventIndex(cmd.database());
    if (!index) {
        err << "mapline snapshot: " << index.error() << Qt::endl;
        return InputFailed;
    }
    const QString basemapPath =
        p.isSet(QStringLiteral("basemap")) ? p.value(QStringLiteral("basemap")) : Basemap::defaultPath();
    auto basemap = Basemap::load(basemapPath);
    if (!basemap) {
        // Still draw the events (on a plain background), but say the map is incomplete.
        err << "mapline snapshot: " << basemap.error() << Qt::endl;
        status = InputFailed;
    }

    QList<MapSettings::Layer> layers;
    for (const QString &file : p.values(QStringLiteral("layer"))) {
        auto opened = LayerSource::open(file);
        if (!opened) {
            err << "mapline snapshot: " << opened.error() << Qt::endl;
            status = InputFailed;
            continue;
        }
        for (const auto &source : opened.value())
            layers << MapSettings::Layer{source, true, source->kind() == LayerSource::Kind::Raster ? 0.85 : 1.0,
                                         BasemapRenderer::layerColour(int(layers.size()))};
    }

    MapSettings settings;
    settings.setOutputSize(*size);
    settings.setLayers(layers);
    settings.setEvents(index.value());
    if (basemap)
        settings.setBasemap(basemap.value());
    settings.setTimeWindow(from, to);
    settings.setTitle(p.value(QStringLiteral("title")));
    // A GeoTIFF is a layer for GIS: the map and its attribution, no title, legend or scale bar.
    settings.setDecorations(*format == Format::GeoTiff
                                ? MapSettings::Labels | MapSettings::Attribution
                                : MapSettings::Labels | MapSettings::ScaleBar | MapSettings::Attribution |
                                      MapSettings::Legend | MapSettings::Title);
    settings.setVectorOutput(*format == Format::Svg || *format == Format::Pdf);
    if (p.isSet(QStringLiteral("heatmap")))
        settings.setEventDisplay(MapSettings::EventDisplay::HeatMap);
    const QGeoRectangle area = box ? *box : basemap ? basemap.value()->focusExtent()
                                              : QGeoRectangle(QGeoCoordinate(38.5, 60.5), QGeoCoordinate(29.35, 74.9));
    settings.setGeoExtent(area, box ? 0.0 : std::min(size->width(), size->height()) * 0.04);

    if (const QString problem = writeMap(settings, out, *format, settings.title()); !problem.isEmpty()) {
        err << "mapline snapshot: cannot write " << out << ": " << problem << Qt::endl;
        return InputFailed;
    }
    QTextStream(stdout) << "Wrote " << QFileInfo(out).absoluteFilePath() << " (" << size->width() << "x"
                        << size->height() << ")" << Qt::endl;
    return status;
}

} // namespace mapline::cli
