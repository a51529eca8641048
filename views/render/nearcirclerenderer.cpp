#include "render/nearcirclerenderer.h"

#include "geo/projection.h"
#include "render/halotext.h"
#include "render/mapfonts.h"
#include "render/mappalette.h"
#include "render/mapsettings.h"

#include <QFontMetricsF>
#include <QPainterPath>
#include <QLocale>

namespace mapline {
namespace {
const QColor kInk(0x1c, 0x5d, 0xa8);
} // namespace

double NearCircleRenderer::radiusPixels(const MapSettings &settings)
{
    const auto &circle = settings.nearCircle();
    if (!circle || !circle->centre.isValid() || circle->radiusKm <= 0)
        return 0.0;
    const double metres = circle->radiusKm * 1000.0 / Projection::groundScale(circle->centre.latitude());
    return metres / settings.metresPerPixel();
}

void NearCircleRenderer::paint(QPainter &painter, const MapSettings &settings)
{
    const double r = radiusPixels(settings);
    if (r <= 0)
        return;
    const auto &circle = *settings.nearCircle();
    const QPointF centre = settings.toScreen(circle.centre);
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    QColor fill = kInk;
    fill.setAlpha(22);
    painter.setBrush(fill);
    painter.setPen(QPen(kInk, 1.6, Qt::DashLine));
    painter.drawEllipse(centre, r, r);
    // The centre, small: the place itself has its own name on the map.
    painter.setPen(QPen(Qt::white, 1.2));
    painter.setBrush(kInk);
    painter.drawEllipse(centre, 2.6, 2.6);
    if (settings.drawText() && r > 24) {
        const QString text = circle.name.isEmpty()
                                 ? QStringLiteral("%1 km").arg(QLocale().toString(circle.radiusKm))
                                 : QStringLiteral("%1 km of %2").arg(QLocale().toString(circle.radiusKm), circle.name);
        const QFont font = MapFonts::font(10, QFont::Bold);
        const QFontMetricsF metrics(font);
        const QPointF at(centre.x() - metrics.horizontalAdvance(text) / 2, centre.y() - r - 4);
        if (!settings.vectorOutput()) {
            HaloText::draw(painter, at, text, font, kInk, 3.0, false);
            painter.restore();
            return;
        }
        painter.setFont(font);
        painter.setPen(QPen(MapPalette::halo(), 3.0));
        QPainterPath path;
        path.addText(at, font, text);
        painter.setBrush(Qt::NoBrush);
        painter.drawPath(path);
        painter.setPen(kInk);
        painter.drawText(at, text);
    }
    painter.restore();
}

} // namespace mapline
