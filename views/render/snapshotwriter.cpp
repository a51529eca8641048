#include "render/snapshotwriter.h"

#include "geo/geotiffwriter.h"
#include "io/displaypath.h"
#include "io/memorybudget.h"
#include "io/pngencoding.h"
#include "io/stagedoutput.h"
#include "io/timing.h"
#include "render/maprenderer.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QSvgGenerator>

#include <cmath>

namespace mapline {
namespace {

constexpr int kDpi = 96; // a logical pixel is 1/96 inch, as on screen

QString defaultTitle(const SnapshotProvenance &provenance)
{
    return provenance.title.isEmpty() ? QStringLiteral("Mapline map") : provenance.title;
}

QSize pixelSize(const MapSettings &settings)
{
    return (QSizeF(settings.outputSize()) * settings.devicePixelRatio()).toSize();
}

QString noMemory(const QSize &pixels)
{
    return QStringLiteral("there was not enough memory for a %1 x %2 image (%3); make the image smaller")
        .arg(pixels.width())
        .arg(pixels.height())
        .arg(MemoryBudget::sizeText(MemoryBudget::imageBytes(pixels, 4)));
}

Result<QByteArray> encodePng(const MapSettings &settings, const SnapshotProvenance &provenance)
{
    QElapsedTimer timer;
    timer.start();
    const double startCpu = milliseconds(threadCpuNs());
    QImage image = MapRenderer::renderImage(settings);
    if (image.isNull())
        return Result<QByteArray>::failure(noMemory(pixelSize(settings)));
    // Prints at its logical size: a 2x image holds twice the dots per inch.
    const int dotsPerMetre = int(std::lround(kDpi * settings.devicePixelRatio() / 0.0254));
    image.setDotsPerMeterX(dotsPerMetre);
    image.setDotsPerMeterY(dotsPerMetre);
    provenance.addTo(image); // text chunks: "TimeWindow", ..., and "Description"
    const double drawnCpu = milliseconds(threadCpuNs());
    qCInfo(lcTiming).noquote() << QStringLiteral("snapshot: drawn in %1 ms wall, %2 ms CPU")
                                      .arg(timer.restart())
                                      .arg(drawnCpu - startCpu, 0, 'f', 1);
    Result<QByteArray> bytes = mapline::encodePng(image);
    qCInfo(lcTiming).noquote() << QStringLiteral("snapshot: PNG encoded in %1 ms wall, %2 ms CPU, %3 bytes")
                                      .arg(timer.elapsed())
                                      .arg(milliseconds(threadCpuNs()) - drawnCpu, 0, 'f', 1)
                                      .arg(bytes ? bytes->size() : 0);
    return bytes;
}

Result<QByteArray> encodeSvg(const MapSettings &settings, const SnapshotProvenance &provenance)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    const QSize size = settings.outputSize();
    QSvgGenerator svg;
    svg.setOutputDevice(&buffer);
    svg.setSize(size);
    svg.setResolution(kDpi);
    svg.setViewBox(QRect(QPoint(0, 0), size));
    svg.setTitle(defaultTitle(provenance));
    svg.setDescription(provenance.text());
    QPainter painter;
    if (!painter.begin(&svg))
        return Result<QByteArray>::failure(QStringLiteral("cannot start the SVG drawing"));
    MapRenderer::render(painter, settings);
    painter.end();
    return bytes;
}

// XMP for the PDF: Dublin Core title and description (the provenance), the creating program and
// the date, in the packet format PDF readers show under "Document properties".
QByteArray xmpPacket(const SnapshotProvenance &provenance)
{
    const QString created = provenance.created.toUTC().toString(Qt::ISODate);
    const QString xmp = QStringLiteral(
        "<?xpacket begin='' id='W5M0MpCehiHzreSzNTczkc9d'?>\n"
        "<x:xmpmeta xmlns:x='adobe:ns:meta/'>\n"
        "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>\n"
        "<rdf:Description rdf:about='' xmlns:dc='http://purl.org/dc/elements/1.1/'"
        " xmlns:xmp='http://ns.adobe.com/xap/1.0/' xmlns:pdf='http://ns.adobe.com/pdf/1.3/'>\n"
        "<dc:title><rdf:Alt><rdf:li xml:lang='x-default'>%1</rdf:li></rdf:Alt></dc:title>\n"
        "<dc:description><rdf:Alt><rdf:li xml:lang='x-default'>%2</rdf:li></rdf:Alt></dc:description>\n"
        "<xmp:CreatorTool>%3</xmp:CreatorTool>\n"
        "<xmp:CreateDate>%4</xmp:CreateDate>\n"
        "<pdf:Producer>%3</pdf:Producer>\n"
        "</rdf:Description>\n"
        "</rdf:RDF>\n"
        "</x:xmpmeta>\n"
        "<?xpacket end='w'?>")
                            .arg(defaultTitle(provenance).toHtmlEscaped(), provenance.text().toHtmlEscaped(),
                                 SnapshotProvenance::program().toHtmlEscaped(), created);
    return xmp.toUtf8();
}

QPageSize::PageSizeId pageSizeId(SnapshotWriter::Page::Paper paper)
{
    switch (paper) {
    case SnapshotWriter::Page::Paper::A3: return QPageSize::A3;
    case SnapshotWriter::Page::Paper::Letter: return QPageSize::Letter;
    case SnapshotWriter::Page::Paper::A4:
    case SnapshotWriter::Page::Paper::Map: break;
    }
    return QPageSize::A4;
}

Result<QByteArray> encodePdf(const MapSettings &mapSettings, const SnapshotProvenance &provenance,
                             const SnapshotWriter::Page &page)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    const MapSettings settings = page.isPaper() ? SnapshotWriter::fittedToPage(mapSettings, page) : mapSettings;
    const QSize size = settings.outputSize();
    {
        // 96 pixels to the inch: one page the size of the map without margins, or the paper
        // with its margins (the painter starts inside them).
        QPdfWriter pdf(&buffer);
        pdf.setResolution(kDpi);
        if (page.isPaper()) {
            pdf.setPageLayout(QPageLayout(QPageSize(pageSizeId(page.paper)),
                                          page.portrait ? QPageLayout::Portrait : QPageLayout::Landscape,
                                          QMarginsF(page.marginMillimetres, page.marginMillimetres,
                                                    page.marginMillimetres, page.marginMillimetres),
                                          QPageLayout::Millimeter));
        } else {
            pdf.setPageSize(QPageSize(QSizeF(size) * 72.0 / kDpi, QPageSize::Point, QString(), QPageSize::ExactMatch));
            pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        }
        pdf.setTitle(defaultTitle(provenance));
        pdf.setCreator(SnapshotProvenance::program());
        pdf.setDocumentXmpMetadata(xmpPacket(provenance));
        QPainter painter;
        if (!painter.begin(&pdf))
            return Result<QByteArray>::failure(QStringLiteral("cannot start the PDF drawing"));
        MapRenderer::render(painter, settings);
        if (!painter.end())
            return Result<QByteArray>::failure(QStringLiteral("cannot finish the PDF"));
    }
    return bytes;
}

GeoTiffWriter::Metadata tiffMetadata(const SnapshotProvenance &provenance)
{
    GeoTiffWriter::Metadata items;
    items.append({QStringLiteral("TIFFTAG_IMAGEDESCRIPTION"), provenance.text()});
    items.append({QStringLiteral("TIFFTAG_SOFTWARE"), SnapshotProvenance::program()});
    items.append({QStringLiteral("TIFFTAG_DATETIME"),
                  provenance.created.toUTC().toString(QStringLiteral("yyyy:MM:dd HH:mm:ss"))});
    // Each item also on its own, as MAPLINE_TIME_WINDOW=... in GDAL's metadata.
    for (const auto &[label, value] : provenance.items())
        items.append({QStringLiteral("MAPLINE_") + label.toUpper().replace(QLatin1Char(' '), QLatin1Char('_')), value});
    return items;
}

// Writes `bytes` through a staged temporary file; nothing reaches `path` unless all of it did.
Status writeStaged(const QString &path, const QByteArray &bytes)
{
    StagedOutput staged(path);
    if (Status s = staged.prepare(); !s)
        return s;
    if (Status s = staged.writeBytes(bytes); !s)
        return s;
    return staged.commit();
}

} // namespace

std::optional<SnapshotWriter::Page> SnapshotWriter::Page::parse(const QString &text)
{
    const QStringList parts = text.trimmed().toLower().split(QLatin1Char('-'));
    if (parts.isEmpty() || parts.size() > 2)
        return std::nullopt;
    Page page;
    if (parts[0] == u"a4")
        page.paper = Paper::A4;
    else if (parts[0] == u"a3")
        page.paper = Paper::A3;
    else if (parts[0] == u"letter")
        page.paper = Paper::Letter;
    else
        return std::nullopt;
    if (parts.size() == 2) {
        if (parts[1] == u"portrait")
            page.portrait = true;
        else if (parts[1] != u"landscape")
            return std::nullopt;
    }
    return page;
}

QString SnapshotWriter::Page::toString() const
{
    const char *names[] = {"map size", "A4", "A3", "Letter"};
    if (paper == Paper::Map)
        return QString::fromLatin1(names[0]);
    return QStringLiteral("%1 %2").arg(QString::fromLatin1(names[int(paper)]),
                                       portrait ? QStringLiteral("portrait") : QStringLiteral("landscape"));
}

QSize SnapshotWriter::Page::printablePixels() const
{
    if (!isPaper())
        return {};
    QSizeF mm = QPageSize(pageSizeId(paper)).size(QPageSize::Millimeter);
    if (!portrait)
        mm.transpose();
    mm -= QSizeF(2 * marginMillimetres, 2 * marginMillimetres);
    return (mm / 25.4 * kDpi).toSize();
}

MapSettings SnapshotWriter::fittedToPage(const MapSettings &settings, const Page &page)
{
    if (!page.isPaper())
        return settings;
    MapSettings frame = settings;
    const QRectF area = settings.extent();
    frame.setOutputSize(page.printablePixels());
    frame.setExtent(area); // the same area, a little more where the paper's shape differs
    return frame;
}

std::optional<SnapshotWriter::Format> SnapshotWriter::formatOf(const QString &path)
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

QString SnapshotWriter::label(Format format)
{
    switch (format) {
    case Format::Png: return QStringLiteral("PNG image");
    case Format::Svg: return QStringLiteral("SVG drawing");
    case Format::Pdf: return QStringLiteral("PDF document");
    case Format::GeoTiff: return QStringLiteral("GeoTIFF");
    }
    return {};
}

int SnapshotWriter::defaultDecorations(Format format)
{
    if (format == Format::GeoTiff)
        return MapSettings::Labels | MapSettings::Attribution;
    return MapSettings::Labels | MapSettings::ScaleBar | MapSettings::Attribution | MapSettings::Legend |
           MapSettings::Title | MapSettings::Caption | MapSettings::NorthArrow;
}

Result<QByteArray> SnapshotWriter::encode(const MapSettings &settings, Format format,
                                          const SnapshotProvenance &provenance)
{
    return encode(settings, format, provenance, Page());
}

Result<QByteArray> SnapshotWriter::encode(const MapSettings &settings, Format format,
                                          const SnapshotProvenance &provenance, const Page &page)
{
    MapSettings frame = settings;
    frame.setVectorOutput(format == Format::Svg || format == Format::Pdf);
    switch (format) {
    case Format::Png: return encodePng(frame, provenance);
    case Format::Svg: return encodeSvg(frame, provenance);
    case Format::Pdf: return encodePdf(frame, provenance, page);
    case Format::GeoTiff: break;
    }
    return Result<QByteArray>::failure(QStringLiteral("a GeoTIFF is written by GDAL, not encoded in memory"));
}

QString SnapshotWriter::memoryProblem(const MapSettings &settings, Format format)
{
    if (format == Format::Svg || format == Format::Pdf)
        return {}; // drawn as shapes, not pixels
    // The image (4 bytes a pixel), and what its writer makes of it: the PNG's bytes (up to 4
    // more), or the GeoTIFF's RGB copy and GDAL's in-memory raster (3 and 3).
    const QSize pixels = pixelSize(settings);
    const int bytesPerPixel = format == Format::GeoTiff ? 10 : 8;
    return MemoryBudget::check(MemoryBudget::imageBytes(pixels, bytesPerPixel),
                               QStringLiteral("a %1 x %2 image").arg(pixels.width()).arg(pixels.height()));
}

Status SnapshotWriter::write(const MapSettings &settings, const QString &path, Format format,
                             const SnapshotProvenance &provenance)
{
    return write(settings, path, format, provenance, Page());
}

Status SnapshotWriter::write(const MapSettings &settings, const QString &path, Format format,
                             const SnapshotProvenance &provenance, const Page &page)
{
    // Asked before drawing: a failed allocation would say only "Image is empty".
    if (const QString why = memoryProblem(settings, format); !why.isEmpty())
        return Status::failure(
            QStringLiteral("cannot write %1: %2; make the image smaller").arg(displayPath(path), why));
    if (format == Format::GeoTiff) {
        MapSettings frame = settings;
        frame.setVectorOutput(false);
        const QImage image = MapRenderer::renderImage(frame);
        if (image.isNull())
            return Status::failure(QStringLiteral("cannot write %1: %2").arg(displayPath(path), noMemory(pixelSize(frame))));
        return GeoTiffWriter::write(image, frame.extent(), path, tiffMetadata(provenance));
    }
    const Result<QByteArray> bytes = encode(settings, format, provenance, page);
    if (!bytes)
        return Status::failure(QStringLiteral("cannot write %1: %2").arg(displayPath(path), bytes.error()));
    return writeStaged(path, *bytes);
}

} // namespace mapline
