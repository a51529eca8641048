#include "render/basemaprenderer.h"

#include "render/mappalette.h"
#include "render/mapsettings.h"

#include <QPainterPath>

#include <algorithm>

namespace mapline {
namespace {

// Cosmetic pens are in device pixels; widths here are logical pixels.
QPen hairline(const QColor &colour, double logicalWidth, const QPainter &painter)
{
    QPen pen(colour, logicalWidth * painter.device()->devicePixelRatioF());
    pen.setCosmetic(true);
    pen.setJoinStyle(Qt::RoundJoin);
    pen.setCapStyle(Qt::RoundCap);
    return pen;
}

bool visible(const QRectF &bounds, const QRectF &extent)
{
    return bounds.right() >= extent.left() && bounds.left() <= extent.right() && bounds.bottom() >= extent.top() &&
           bounds.top() <= extent.bottom();
}

// The largest metres-per-pixel at which rivers of a WDBII level are drawn, and their width in
// logical pixels there: the major rivers (WDBII has the Amu Darya, the Kabul, the Helmand, the
// Kunduz at levels 1 and 2) from the country view on, the others as the view closes in.
struct RiverStyle {
    double maxMetresPerPixel;
    double width;
};
RiverStyle riverStyle(int level, double mpp)
{
    switch (level) {
    case 0:
    case 1: return {1e9, mpp < 150 ? 2.4 : mpp < 600 ? 1.7 : 1.2};
    case 2: return {1e9, mpp < 150 ? 2.0 : mpp < 600 ? 1.4 : 0.9};
    case 3: return {900, mpp < 150 ? 1.5 : 0.9};
    default: return {300, mpp < 60 ? 1.2 : 0.8};
    }
}

void paintWater(QPainter &painter, const Basemap &basemap, const QRectF &extent, double mpp)
{
    painter.setPen(Qt::NoPen);
    painter.setBrush(MapPalette::lake());
    const double minArea = 4.0 * mpp * mpp; // lakes smaller than four pixels are left out
    for (const VectorLayer::Feature &f : basemap.lakes().features())
        if (visible(f.bounds, extent) && f.bounds.width() * f.bounds.height() >= minArea)
            painter.drawPath(f.area);
    painter.setBrush(Qt::NoBrush);
    const auto &rivers = basemap.rivers().features();
    const auto &levels = basemap.riverLevels();
    // Coarse levels first, so the major rivers lie over their tributaries.
    for (int level = 4; level >= 0; --level) {
        const RiverStyle style = riverStyle(level, mpp);
        if (mpp > style.maxMetresPerPixel)
            continue;
        painter.setPen(hairline(MapPalette::river(), style.width, painter));
        for (size_t i = 0; i < rivers.size(); ++i)
            if (levels[i] == level && visible(rivers[i].bounds, extent))
                painter.drawPath(rivers[i].line);
    }
}

// How opaque the shaded relief is at a scale: full from the province to the city view; softer
// over the whole region, where the mountains' texture fills half the map and would crowd the
// event symbols; and softer at street scale, far below the relief's 1.85 km grid, where it is
// only a broad gradient.
double reliefOpacity(double mpp)
{
    if (mpp >= 4000)
        return 0.55;
    if (mpp > 1500)
        return 0.55 + 0.45 * (4000 - mpp) / 2500;
    if (mpp >= 60)
        return 1.0;
    return 0.75 + 0.25 * (mpp - 8) / 52;
}

// The relief over the land, under the water, borders and names: one image of the view, cached
// by the relief (Relief::view), drawn unscaled.
void paintRelief(QPainter &painter, const MapSettings &settings, const Relief &relief)
{
    const qreal dpr = settings.devicePixelRatio();
    const QImage image = relief.view(settings.extent(), (QSizeF(settings.outputSize()) * dpr).toSize());
    if (image.isNull())
        return;
    painter.save();
    painter.setOpacity(reliefOpacity(settings.metresPerPixel()));
    painter.drawImage(QRectF(QPointF(0, 0), QSizeF(settings.outputSize())), image);
    painter.restore();
}

// Defined at the end of this file.
void paintStyled(QPainter &painter, const MapSettings &settings, const VectorLayer &layer,
                 const MapSettings::Layer &style);

// Whether a feature with a time (a KML TimeStamp or TimeSpan) falls in the frame's window;
// features without one always show.
bool inTimeWindow(const VectorLayer::Feature &f, const MapSettings &settings)
{
    if (!f.begin.isValid() && !f.end.isValid())
        return true;
    const QDate begin = f.begin.isValid() ? f.begin : f.end;
    const QDate end = f.end.isValid() ? f.end : f.begin;
    return (!settings.to().isValid() || begin <= settings.to()) && (!settings.from().isValid() || end >= settings.from());
}

} // namespace

QColor BasemapRenderer::layerColour(int n)
{
    static const QColor colours[] = {QColor(0x1d, 0x7a, 0x8c), QColor(0x8c, 0x5a, 0x2b), QColor(0x3f, 0x5f, 0xa8),
                                     QColor(0x5c, 0x7f, 0x1e), QColor(0xa0, 0x3c, 0x78), QColor(0x44, 0x44, 0x44)};
    return colours[n % int(std::size(colours))];
}

void BasemapRenderer::paint(QPainter &painter, const MapSettings &settings)
{
    const QSize size = settings.outputSize();
    const Basemap *basemap = settings.basemap().get();
    if (!basemap) {
        painter.fillRect(QRect(QPoint(0, 0), size), MapPalette::water());
    } else {
        // Water is where the data has no land; outside the data there is no knowing.
        painter.fillRect(QRect(QPoint(0, 0), size), MapPalette::noData());
        const QRectF data(settings.toScreen(basemap->bounds().topLeft()), settings.toScreen(basemap->bounds().bottomRight()));
        painter.fillRect(data.normalized(), MapPalette::water());
        const QRectF extent = settings.extent();
        const double mpp = settings.metresPerPixel();
        painter.save();
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setTransform(settings.mapToScreenTransform(), true);

        const VectorLayer &countries = basemap->countries();
        painter.setPen(Qt::NoPen);
        for (const Basemap::Area &a : basemap->countryAreas()) {
            const auto &f = countries.features()[size_t(a.feature)];
            if (!visible(f.bounds, extent))
                continue;
            painter.setBrush(a.focus ? MapPalette::focusLand() : MapPalette::land());
            painter.drawPath(f.area);
        }
        if (settings.relief() && basemap->relief()) {
            painter.restore();
            paintRelief(painter, settings, *basemap->relief());
            painter.save();
            painter.setRenderHint(QPainter::Antialiasing);
            painter.setTransform(settings.mapToScreenTransform(), true);
        }

        paintWater(painter, *basemap, extent, mpp);
        painter.restore();
        paintUserLayers(painter, settings, true);
        painter.save();
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setTransform(settings.mapToScreenTransform(), true);

        // The data is clipped to a box, so every area's outline runs along the box's edge where
        // the box cuts it: borders are stroked only inside the box, two pixels in, so the cut
        // never shows as a line (at the map's sides, or in a snapshot that reaches beyond).
        painter.setClipRect(basemap->bounds().normalized().adjusted(2 * mpp, 2 * mpp, -2 * mpp, -2 * mpp),
                            Qt::IntersectClip);

        // Admin-1 borders: the focus country's always, the neighbours' once they have room.
        const VectorLayer &provinces = basemap->provinces();
        painter.setBrush(Qt::NoBrush);
        const QPen focusProvince = hairline(MapPalette::provinceBorder(), mpp < 600 ? 1.1 : 0.8, painter);
        const QPen otherProvince = hairline(MapPalette::neighbourProvinceBorder(), 0.7, painter);
        for (const Basemap::Area &a : basemap->provinceAreas()) {
            if (!a.focus && mpp > 3000)
                continue;
            const auto &f = provinces.features()[size_t(a.feature)];
            if (!visible(f.bounds, extent))
                continue;
            painter.setPen(a.focus ? focusProvince : otherProvince);
            painter.drawPath(f.area);
        }

        painter.setPen(hairline(MapPalette::countryBorder(), 1.0, painter));
        for (const Basemap::Area &a : basemap->countryAreas()) {
            const auto &f = countries.features()[size_t(a.feature)];
            if (!a.focus && visible(f.bounds, extent))
                painter.drawPath(f.area);
        }
        // The focus country's border: a soft wide glow under a firm line.
        for (const Basemap::Area &a : basemap->countryAreas()) {
            const auto &f = countries.features()[size_t(a.feature)];
            if (!a.focus || !visible(f.bounds, extent))
                continue;
            painter.setPen(hairline(MapPalette::focusBorderGlow(), 5.0, painter));
            painter.drawPath(f.area);
            painter.setPen(hairline(MapPalette::focusBorder(), 1.3, painter));
            painter.drawPath(f.area);
        }
        painter.restore();
    }
    if (!basemap)
        paintUserLayers(painter, settings, true);
    paintUserLayers(painter, settings, false);
}

void BasemapRenderer::paintUserLayers(QPainter &painter, const MapSettings &settings, bool basemapRole)
{
    const QRectF extent = settings.extent();
    const QSize size = settings.outputSize();
    for (const MapSettings::Layer &layer : settings.layers()) {
        if (layer.basemap != basemapRole || !layer.visible || !layer.source || !visible(layer.source->bounds(), extent))
            continue;
        painter.save();
        painter.setOpacity(layer.opacity);
        if (layer.source->isOsm()) {
            paintOsmLayer(painter, settings, *layer.source);
        } else if (layer.source->vector()) {
            paintVectorLayer(painter, settings, layer);
        } else if (RasterLayer *raster = layer.source->raster()) {
            const qreal dpr = settings.devicePixelRatio();
            const QImage image = raster->render(extent, (QSizeF(size) * dpr).toSize());
            if (!image.isNull()) {
                painter.setRenderHint(QPainter::SmoothPixmapTransform);
                painter.drawImage(QRectF(QPointF(0, 0), QSizeF(size)), image);
            }
        }
        painter.restore();
    }
}

void BasemapRenderer::paintVectorLayer(QPainter &painter, const MapSettings &settings, const VectorLayer &layer,
                                       const QColor &colour)
{
    MapSettings::Layer style;
    style.colour = colour;
    paintStyled(painter, settings, layer, style);
}

void BasemapRenderer::paintVectorLayer(QPainter &painter, const MapSettings &settings, const MapSettings::Layer &layer)
{
    MapSettings::Layer style = layer;
    if (!style.colour.isValid())
        style.colour = layerColour(0);
    paintStyled(painter, settings, *layer.source->vector(), style);
}

namespace {
void paintStyled(QPainter &painter, const MapSettings &settings, const VectorLayer &layer,
                 const MapSettings::Layer &style)
{
    const QColor colour = style.colour;
    const QRectF extent = settings.extent();
    const QTransform toScreen = settings.mapToScreenTransform();
    QColor fill = style.fill;
    if (!fill.isValid()) {
        fill = colour;
        fill.setAlpha(70);
    }
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.save();
    painter.setTransform(toScreen, true);
    const QPen areaPen = hairline(colour, std::max(0.6, style.width * 2.0 / 3.0), painter);
    const QPen linePen = hairline(colour, style.width, painter);
    for (const VectorLayer::Feature &f : layer.features()) {
        if (!visible(f.bounds, extent) || !inTimeWindow(f, settings))
            continue;
        if (!f.area.isEmpty()) {
            painter.setPen(areaPen);
            painter.setBrush(fill);
            painter.drawPath(f.area);
        }
        if (!f.line.isEmpty()) {
            painter.setPen(linePen);
            painter.setBrush(Qt::NoBrush);
            painter.drawPath(f.line);
        }
    }
    painter.restore();
    painter.setPen(QPen(Qt::white, 1.2));
    painter.setBrush(colour);
    for (const VectorLayer::Feature &f : layer.features()) {
        if (f.points.isEmpty() || !visible(f.bounds, extent) || !inTimeWindow(f, settings))
            continue;
        for (const QPointF &p : f.points)
            painter.drawEllipse(toScreen.map(p), 3.6, 3.6);
    }
    painter.restore();
}
} // namespace

} // namespace mapline
