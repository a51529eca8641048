#include "render/sourcesstyle.h"

#include "render/eventlayerrenderer.h"
#include "render/mapfonts.h"
#include "render/mappalette.h"

#include <QFontMetricsF>

namespace mapline {
namespace {
const QColor kRingColour(0x21, 0x25, 0x29);

QString badgeText(int sources)
{
    return sources > 99 ? QStringLiteral("99+") : QString::number(sources);
}
} // namespace

double SourcesStyle::symbolSize(int sources)
{
    switch (tier(sources)) {
    case 0: return EventLayerRenderer::kSymbolSize * 0.85;
    case 1: return EventLayerRenderer::kSymbolSize * 1.05;
    default: return EventLayerRenderer::kSymbolSize * 1.3;
    }
}

double SourcesStyle::extent(int sources)
{
    const double size = symbolSize(sources);
    return tier(sources) == 0 ? size * 0.55 + 1 : size * 0.5 + 10;
}

void SourcesStyle::paint(QPainter &painter, const QPointF &centre, const EventStyle &style, bool uncertain,
                         int sources, bool drawText)
{
    const int t = tier(sources);
    const double size = symbolSize(sources);
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    if (t > 0) {
        // The ring: on a white halo so it reads on land, water and other symbols alike.
        const double width = t == 1 ? 1.6 : 3.2;
        const double radius = size * 0.5 + 2.5 + width / 2;
        painter.setBrush(Qt::NoBrush);
        painter.setPen(QPen(QColor(255, 255, 255, 230), width + 2.0));
        painter.drawEllipse(centre, radius, radius);
        painter.setPen(QPen(kRingColour, width));
        painter.drawEllipse(centre, radius, radius);
    }
    EventLayerRenderer::paintSymbol(painter, centre, style, uncertain, size);
    if (t > 0) {
        // The count, upper right, as a dark pill with white digits.
        const QString text = badgeText(sources);
        const QFont font = MapFonts::font(8, QFont::Bold);
        const QFontMetricsF metrics(font);
        const double h = 11.0;
        const double w = std::max(h, (drawText ? metrics.horizontalAdvance(text) : 5.0 * text.size()) + 5.0);
        const QRectF pill(centre.x() + size * 0.35, centre.y() - size * 0.5 - h * 0.55, w, h);
        painter.setPen(QPen(Qt::white, 1.2));
        painter.setBrush(kRingColour);
        painter.drawRoundedRect(pill, h / 2, h / 2);
        if (drawText) {
            painter.setFont(font);
            painter.setPen(Qt::white);
            painter.drawText(pill, Qt::AlignCenter, text);
        }
    }
    painter.restore();
}

void SourcesStyle::paintClusterRing(QPainter &painter, const QPointF &centre, double radius, int sources)
{
    const double width = tier(sources) == 1 ? 1.6 : 3.2;
    const double r = radius + 2.5 + width / 2;
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setBrush(Qt::NoBrush);
    painter.setPen(QPen(QColor(255, 255, 255, 230), width + 2.0));
    painter.drawEllipse(centre, r, r);
    painter.setPen(QPen(kRingColour, width));
    painter.drawEllipse(centre, r, r);
    painter.restore();
}

double SourcesStyle::legendRowWidth()
{
    const QFontMetricsF metrics(MapFonts::font(11));
    double width = 0;
    for (const QString &label : {QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3+ sources")})
        width += 30 + metrics.horizontalAdvance(label) + 8;
    return width;
}

double SourcesStyle::paintLegendRow(QPainter &painter, double left, double top, double height, bool drawText)
{
    const QFont font = MapFonts::font(11);
    const QFontMetricsF metrics(font);
    const EventStyle neutral{QString(), QString(), EventStyle::Family::Other, QColor(0x86, 0x8e, 0x96),
                             EventStyle::Shape::Circle};
    const std::pair<int, QString> steps[] = {
        {1, QStringLiteral("1")}, {2, QStringLiteral("2")}, {3, QStringLiteral("3+ sources")}};
    double x = left;
    for (const auto &[sources, label] : steps) {
        paint(painter, QPointF(x + 11, top + height / 2 + 2), neutral, false, sources, drawText);
        x += 30;
        if (drawText) {
            painter.save();
            painter.setFont(font);
            painter.setPen(MapPalette::text());
            painter.drawText(QPointF(x, top + height / 2 + metrics.ascent() / 2 + 1), label);
            painter.restore();
        }
        x += metrics.horizontalAdvance(label) + 8;
    }
    return x - left;
}

} // namespace mapline
