// BasemapRenderer::paintOsmLayer: OpenStreetMap data in a road-map style (osmclasses.h).
#include "render/basemaprenderer.h"

#include "geo/layersource.h"
#include "render/mappalette.h"
#include "render/mapsettings.h"

#include <QPainterPath>

#include <algorithm>
#include <array>
#include <cmath>

namespace mapline {
namespace {

struct LineStyle {
    osm::Class cls;
    double maxMetresPerPixel; // drawn below this scale
    double width;             // logical pixels at about 40 m per pixel
    QColor fill;
    QColor casing;            // invalid: none
    Qt::PenStyle dash = Qt::SolidLine;
};

// Minor first, so the major roads cross over them.
const std::array<LineStyle, 9> kLines = {{
    {osm::Stream, 90, 1.0, MapPalette::river(), {}},
    {osm::River, 1200, 2.2, MapPalette::river(), {}},
    {osm::Track, 25, 1.0, QColor(0xa8, 0x8f, 0x6a), {}, Qt::DashLine},
    {osm::Railway, 400, 1.4, QColor(0x80, 0x80, 0x80), {}, Qt::DashLine},
    {osm::MinorRoad, 45, 2.2, QColor(0xff, 0xff, 0xff), QColor(0xb9, 0xb1, 0xa6)},
    {osm::Tertiary, 160, 2.8, QColor(0xff, 0xff, 0xff), QColor(0xa5, 0x9c, 0x8f)},
    {osm::Secondary, 450, 3.2, QColor(0xf7, 0xe3, 0x9a), QColor(0xb8, 0x9c, 0x56)},
    {osm::Primary, 1500, 3.8, QColor(0xf4, 0xc0, 0x6a), QColor(0xb5, 0x80, 0x34)},
    {osm::Motorway, 4000, 4.4, QColor(0xe8, 0x8e, 0x5a), QColor(0xa0, 0x52, 0x2a)},
}};

struct AreaStyle {
    osm::Class cls;
    double maxMetresPerPixel;
    QColor fill;
};

const std::array<AreaStyle, 8> kAreas = {{
    {osm::Farmland, 250, QColor(0xe6, 0xec, 0xd0)},
    {osm::Forest, 400, QColor(0xcd, 0xdd, 0xb8)},
    {osm::Cemetery, 60, QColor(0xd6, 0xdc, 0xc8)},
    {osm::BuiltUp, 700, QColor(0xe9, 0xdd, 0xd6)},
    {osm::Military, 500, QColor(0xf0, 0xd6, 0xcf)},
    {osm::Aerodrome, 700, QColor(0xe3, 0xde, 0xec)},
    {osm::Building, 12, QColor(0xd5, 0xc7, 0xbd)},
    {osm::WaterArea, 2000, MapPalette::lake()},
}};

QPen cosmetic(const QColor &colour, double width, const QPainter &painter, Qt::PenStyle dash = Qt::SolidLine)
{
    QPen pen(colour, width * painter.device()->devicePixelRatioF(), dash, Qt::RoundCap, Qt::RoundJoin);
    pen.setCosmetic(true);
    return pen;
}

bool visible(const QRectF &bounds, const QRectF &extent)
{
    return bounds.right() >= extent.left() && bounds.left() <= extent.right() && bounds.bottom() >= extent.top() &&
           bounds.top() <= extent.bottom();
}

} // namespace

void BasemapRenderer::paintOsmLayer(QPainter &painter, const MapSettings &settings, const LayerSource &source)
{
    const VectorLayer *layer = source.vector();
    if (!layer)
        return;
    const auto &features = layer->features();
    const auto &classes = source.osmClasses();
    const QRectF extent = settings.extent();
    const double mpp = settings.metresPerPixel();
    // Roads widen as the view closes in: a 40 m/px view draws the widths of the table.
    const double zoom = std::clamp(std::sqrt(40.0 / mpp), 0.55, 1.8);
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setTransform(settings.mapToScreenTransform(), true);
    painter.setPen(Qt::NoPen);
    for (const AreaStyle &style : kAreas) {
        if (mpp > style.maxMetresPerPixel)
            continue;
        painter.setBrush(style.fill);
        for (size_t i = 0; i < features.size(); ++i)
            if (classes[i] == style.cls && !features[i].area.isEmpty() && visible(features[i].bounds, extent))
                painter.drawPath(features[i].area);
    }
    painter.setBrush(Qt::NoBrush);
    // Casings of every road first, then the fills, so crossings read as junctions.
    for (const bool casing : {true, false}) {
        for (const LineStyle &style : kLines) {
            if (mpp > style.maxMetresPerPixel || (casing && !style.casing.isValid()))
                continue;
            const double width = style.width * zoom;
            painter.setPen(casing ? cosmetic(style.casing, width + 1.6, painter)
                                  : cosmetic(style.fill, width, painter, style.dash));
            for (size_t i = 0; i < features.size(); ++i)
                if (classes[i] == style.cls && !features[i].line.isEmpty() && visible(features[i].bounds, extent))
                    painter.drawPath(features[i].line);
        }
    }
    painter.restore();
}

} // namespace mapline
