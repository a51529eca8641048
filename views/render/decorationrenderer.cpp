#include "render/decorationrenderer.h"

#include "geo/projection.h"
#include "render/controllayerrenderer.h"
#include "render/eventlayerrenderer.h"
#include "render/heatmaprenderer.h"
#include "render/mapfonts.h"
#include "render/mappalette.h"
#include "render/mapsettings.h"
#include "render/sourcesstyle.h"

#include <QFontMetricsF>
#include <QLinearGradient>
#include <QLocale>

#include <algorithm>
#include <cmath>

namespace mapline {
namespace {

constexpr double kMargin = 12.0;

void panel(QPainter &painter, const QRectF &rect)
{
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(MapPalette::panelBorder(), 1.0));
    painter.setBrush(MapPalette::panel());
    painter.drawRoundedRect(rect, 4, 4);
    painter.restore();
}

QString lengthText(double metres)
{
    return metres >= 1000 ? QStringLiteral("%1 km").arg(metres / 1000.0) : QStringLiteral("%1 m").arg(metres);
}

QString dateText(QDate d)
{
    return QLocale(QLocale::English).toString(d, QStringLiteral("d MMM yyyy"));
}

} // namespace

QString DecorationRenderer::attributionText()
{
    return QStringLiteral("© Natural Earth · GeoNames (CC BY 4.0) · GSHHG · OpenFlights (ODbL) · SRTM");
}

QString DecorationRenderer::captionText(const MapSettings &settings, qsizetype events)
{
    QString when;
    if (settings.from().isValid() && settings.to().isValid())
        when = settings.from() == settings.to()
                   ? dateText(settings.from())
                   : QStringLiteral("%1 – %2").arg(dateText(settings.from()), dateText(settings.to()));
    else if (settings.from().isValid())
        when = QStringLiteral("From %1").arg(dateText(settings.from()));
    else if (settings.to().isValid())
        when = QStringLiteral("Until %1").arg(dateText(settings.to()));
    else
        when = QStringLiteral("All dates");
    return QStringLiteral("%1 · %2 event%3").arg(when).arg(events).arg(events == 1 ? QString() : QStringLiteral("s"));
}

double DecorationRenderer::niceLength(double maxMetres)
{
    if (!(maxMetres > 0))
        return 0;
    const double power = std::pow(10.0, std::floor(std::log10(maxMetres)));
    for (double step : {5.0, 2.0, 1.0})
        if (step * power <= maxMetres)
            return step * power;
    return power;
}

QList<QRectF> DecorationRenderer::paint(QPainter &painter, const MapSettings &settings, const EventLayout &layout)
{
    QList<QRectF> panels;
    if (settings.hasDecoration(MapSettings::ScaleBar))
        paintScaleBar(painter, settings);
    if (settings.hasDecoration(MapSettings::Attribution))
        paintAttribution(painter, settings);
    if (settings.hasDecoration(MapSettings::NorthArrow))
        paintNorthArrow(painter, settings);
    QRectF title;
    if (settings.hasDecoration(MapSettings::Title) || settings.hasDecoration(MapSettings::Caption))
        title = paintTitle(painter, settings, layout);
    if (settings.hasDecoration(MapSettings::Legend))
        panels << paintLegend(painter, settings, layout, title);
    panels << ControlLayerRenderer::paintLegend(painter, settings); // bottom left, when the control layer is drawn
    panels.removeIf([](const QRectF &r) { return r.isEmpty(); });
    return panels;
}

void DecorationRenderer::paintScaleBar(QPainter &painter, const MapSettings &settings)
{
    // Mercator's scale varies with latitude: measure at the view's centre.
    const double latitude = Projection::latitudeOf(settings.center().y());
    const double groundPerPixel = settings.metresPerPixel() * Projection::groundScale(latitude);
    const double length = niceLength(groundPerPixel * 130.0);
    if (length <= 0)
        return;
    const double pixels = length / groundPerPixel;
    const QFont font = MapFonts::font(11);
    const QFontMetricsF metrics(font);
    const double textHeight = settings.drawText() ? metrics.height() : 0;
    const double width = pixels + 2 * 10 + (settings.drawText() ? metrics.horizontalAdvance(QStringLiteral(" km")) : 0);
    const QRectF box(kMargin, settings.outputSize().height() - kMargin - 16 - textHeight, width, 16 + textHeight);
    panel(painter, box);
    const double x0 = box.left() + 10;
    const double y = box.bottom() - 9;
    painter.save();
    painter.setPen(QPen(MapPalette::text(), 1.0));
    // Two halves, dark and light, in the classic style.
    painter.setBrush(MapPalette::text());
    painter.drawRect(QRectF(x0, y, pixels / 2, 4));
    painter.setBrush(Qt::white);
    painter.drawRect(QRectF(x0 + pixels / 2, y, pixels / 2, 4));
    if (settings.drawText()) {
        painter.setFont(font);
        const double baseline = y - 4;
        painter.drawText(QPointF(x0 - 3, baseline), QStringLiteral("0"));
        const QString half = lengthText(length / 2).split(QLatin1Char(' ')).first();
        painter.drawText(QPointF(x0 + pixels / 2 - metrics.horizontalAdvance(half) / 2, baseline), half);
        const QString full = lengthText(length);
        const QString number = full.split(QLatin1Char(' ')).first();
        painter.drawText(QPointF(x0 + pixels - metrics.horizontalAdvance(number) / 2, baseline), full);
    }
    painter.restore();
}

void DecorationRenderer::paintAttribution(QPainter &painter, const MapSettings &settings)
{
    if (!settings.drawText())
        return;
    const QFont font = MapFonts::font(10);
    const QFontMetricsF metrics(font);
    const QString text = attributionText();
    const QSizeF size(metrics.horizontalAdvance(text) + 10, metrics.height() + 4);
    const QRectF box(settings.outputSize().width() - size.width(), settings.outputSize().height() - size.height(),
                     size.width(), size.height());
    painter.save();
    painter.fillRect(box, QColor(255, 255, 255, 190));
    painter.setFont(font);
    painter.setPen(MapPalette::secondaryText());
    painter.drawText(box, Qt::AlignCenter, text);
    painter.restore();
}

void DecorationRenderer::paintNorthArrow(QPainter &painter, const MapSettings &settings)
{
    // Web Mercator keeps north straight up everywhere, so the arrow never turns.
    const QFont font = MapFonts::font(12, QFont::Bold);
    const QFontMetricsF metrics(font);
    const double attribution = settings.hasDecoration(MapSettings::Attribution) && settings.drawText()
                                   ? QFontMetricsF(MapFonts::font(10)).height() + 4
                                   : 0.0;
    const double letter = settings.drawText() ? metrics.capHeight() + 4 : 0.0;
    const QSizeF size(28, 34 + letter);
    const QRectF box(settings.outputSize().width() - kMargin - size.width(),
                     settings.outputSize().height() - attribution - kMargin - size.height(), size.width(), size.height());
    panel(painter, box);
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    const double cx = box.center().x();
    const double top = box.top() + 6 + letter;
    const double bottom = box.bottom() - 6;
    const double waist = bottom - (bottom - top) * 0.3;
    // Two halves, dark and light, so the arrow reads at any size and in grey print.
    painter.setPen(QPen(MapPalette::text(), 1.0, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    painter.setBrush(MapPalette::text());
    painter.drawPolygon(QPolygonF({QPointF(cx, top), QPointF(cx, waist), QPointF(cx - 7, bottom)}));
    painter.setBrush(Qt::white);
    painter.drawPolygon(QPolygonF({QPointF(cx, top), QPointF(cx + 7, bottom), QPointF(cx, waist)}));
    if (settings.drawText()) {
        painter.setFont(font);
        const QString north = QStringLiteral("N");
        painter.drawText(QPointF(cx - metrics.horizontalAdvance(north) / 2, box.top() + 3 + metrics.capHeight()), north);
    }
    painter.restore();
}

QRectF DecorationRenderer::paintLegend(QPainter &painter, const MapSettings &settings, const EventLayout &layout,
                                     const QRectF &avoid)
{
    const EventIndex *index = settings.events().get();
    if (!index || !settings.drawText())
        return {};
    const QFont header = MapFonts::font(12, QFont::Bold);
    const QFont body = MapFonts::font(11);
    const QFontMetricsF headerMetrics(header);
    const QFontMetricsF bodyMetrics(body);
    const double row = 19.0;
    const double pad = 10.0;

    struct Entry {
        EventStyle style;
        qint32 count;
    };
    std::vector<Entry> entries;
    bool anyUncertain = false;
    bool anyCluster = false;
    for (int t = 0; t < int(layout.typeCounts.size()); ++t)
        if (layout.typeCounts[size_t(t)] > 0)
            entries.push_back({EventStyle::forType(index->typeNames().value(t)), layout.typeCounts[size_t(t)]});
    for (const EventLayout::Item &item : layout.items) {
        anyUncertain = anyUncertain || item.uncertain;
        anyCluster = anyCluster || item.isCluster();
    }
    // Only what the map shows: the group, partial-range and age rows when it draws them.
    const bool byAge = layout.timeStyle == EventTimeStyle::Mode::ColourByAge;
    const bool partial = layout.anyPartial;
    const QList<EventStyle> &known = EventStyle::knownTypes();
    const auto order = [&known](const EventStyle &s) {
        for (int i = 0; i < known.size(); ++i)
            if (known[i].type == s.type)
                return i;
        return int(known.size());
    };
    std::stable_sort(entries.begin(), entries.end(), [&order](const Entry &a, const Entry &b) {
        const int oa = order(a.style), ob = order(b.style);
        return oa != ob ? oa < ob : a.count > b.count;
    });
    // Not enough room for one row per type (a short canvas): one row per family instead.
    const double available = settings.outputSize().height() - 2 * kMargin - 48;
    if (!layout.heatMap && (entries.size() + 4) * row + headerMetrics.height() + 2 * pad > available) {
        std::vector<Entry> families;
        for (int f = 0; f < EventStyle::kFamilyCount; ++f) {
            const auto family = EventStyle::Family(f);
            qint32 n = 0;
            for (const Entry &e : entries)
                n += e.style.family == family ? e.count : 0;
            if (n > 0)
                families.push_back({EventStyle{QString(), EventStyle::familyLabel(family), family,
                                               EventStyle::familyColour(family), EventStyle::Shape::Circle},
                                    n});
        }
        entries = std::move(families);
    }
    const bool heat = layout.heatMap;
    const bool sourced = layout.sources && !heat; // Happenings mode: the sources' weights explained
    const QString title = heat            ? QStringLiteral("Event density")
                          : layout.sources ? QStringLiteral("Happenings in view")
                                           : QStringLiteral("Events in view");
    double width = headerMetrics.horizontalAdvance(title);
    for (const Entry &e : entries)
        width = std::max(width, 24 + bodyMetrics.horizontalAdvance(e.style.label) + 12 +
                                    bodyMetrics.horizontalAdvance(EventLayerRenderer::countText(e.count)));
    const QString approximate = QStringLiteral("Approximate place");
    const QString clusterText = QStringLiteral("Group (ring: share by kind)");
    const QString partialText = QStringLiteral("Faint: partly in the window");
    const QString olderText = QStringLiteral("older");
    const QString newerText = QStringLiteral("newer in the window");
    width = std::max({width, 24 + bodyMetrics.horizontalAdvance(approximate),
                      anyCluster ? 24 + bodyMetrics.horizontalAdvance(clusterText) : 0.0,
                      partial ? 24 + bodyMetrics.horizontalAdvance(partialText) : 0.0,
                      byAge ? bodyMetrics.horizontalAdvance(olderText + newerText) + 24 : 0.0,
                      sourced ? SourcesStyle::legendRowWidth() : 0.0,
                      sourced ? bodyMetrics.horizontalAdvance(SourcesStyle::legendTitle()) : 0.0});
    if (heat)
        width = std::max(width, 160.0);
    int rows = heat ? 2 : int(entries.size());
    if (!heat && entries.empty())
        rows = 1;
    const int extraRows = heat || entries.empty()
                              ? 0
                              : (anyCluster ? 1 : 0) + (anyUncertain ? 1 : 0) + (partial ? 1 : 0) + (byAge ? 2 : 0) +
                                    (sourced ? 2 : 0);
    const double height = pad + headerMetrics.height() + 4 + rows * row + (extraRows ? 6 + extraRows * row : 0) + pad - 4;
    QRectF box(settings.outputSize().width() - kMargin - width - 2 * pad, kMargin, width + 2 * pad, height);
    if (!avoid.isEmpty() && box.intersects(avoid.adjusted(-6, -6, 6, 6)))
        box.moveTop(avoid.bottom() + 8);
    // A legend that would hide a good part of a small map is left out.
    const QSizeF output(settings.outputSize());
    if (box.width() * box.height() > 0.2 * output.width() * output.height() || box.bottom() > output.height() - kMargin)
        return {};
    panel(painter, box);

    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setFont(header);
    painter.setPen(MapPalette::text());
    double y = box.top() + pad;
    painter.drawText(QPointF(box.left() + pad, y + headerMetrics.ascent()), title);
    y += headerMetrics.height() + 4;
    painter.setFont(body);
    const double x = box.left() + pad;
    const auto textRow = [&](const QString &label, const QString &count) {
        painter.setPen(MapPalette::text());
        painter.drawText(QPointF(x + 24, y + row / 2 + bodyMetrics.ascent() / 2 - 1), label);
        if (!count.isEmpty()) {
            painter.setPen(MapPalette::secondaryText());
            painter.drawText(QPointF(box.right() - pad - bodyMetrics.horizontalAdvance(count),
                                     y + row / 2 + bodyMetrics.ascent() / 2 - 1), count);
        }
        y += row;
    };
    if (heat) {
        QLinearGradient ramp(x, 0, x + width, 0);
        for (double t = 0; t <= 1.0001; t += 0.1)
            ramp.setColorAt(t, HeatMapRenderer::colourAt(std::max(0.12, t)));
        painter.setPen(Qt::NoPen);
        painter.setBrush(ramp);
        painter.drawRoundedRect(QRectF(x, y + 4, width, 10), 2, 2);
        y += row;
        painter.setPen(MapPalette::secondaryText());
        painter.drawText(QPointF(x, y + bodyMetrics.ascent()), QStringLiteral("fewer"));
        const QString more = QStringLiteral("more events");
        painter.drawText(QPointF(x + width - bodyMetrics.horizontalAdvance(more), y + bodyMetrics.ascent()), more);
        painter.restore();
        return box;
    }
    if (entries.empty()) {
        textRow(QStringLiteral("No events in this window"), {});
        painter.restore();
        return box;
    }
    for (const Entry &e : entries) {
        EventStyle style = e.style;
        if (byAge)
            style.colour = QColor(0x70, 0x70, 0x70); // the shape is the type; the colour is the age
        EventLayerRenderer::paintSymbol(painter, QPointF(x + 8, y + row / 2), style, false, 11);
        painter.setFont(body);
        textRow(e.style.label, EventLayerRenderer::countText(e.count));
    }
    if (extraRows > 0) {
        y += 3;
        painter.setPen(QPen(MapPalette::panelBorder(), 1.0));
        painter.drawLine(QPointF(box.left() + pad, y), QPointF(box.right() - pad, y));
        y += 3;
    }
    if (byAge) {
        // The ramp, in its steps, old to new.
        const double stepWidth = width / EventTimeStyle::kRampSteps;
        painter.setPen(Qt::NoPen);
        for (int i = 0; i < EventTimeStyle::kRampSteps; ++i) {
            painter.setBrush(EventTimeStyle::rampColour((i + 0.5) / EventTimeStyle::kRampSteps));
            painter.drawRect(QRectF(x + i * stepWidth, y + 4, stepWidth + 0.5, 10));
        }
        y += row;
        painter.setPen(MapPalette::secondaryText());
        painter.drawText(QPointF(x, y + bodyMetrics.ascent() - 2), olderText);
        painter.drawText(QPointF(x + width - bodyMetrics.horizontalAdvance(newerText), y + bodyMetrics.ascent() - 2),
                         newerText);
        y += row;
    }
    if (partial) {
        painter.setOpacity(0.4);
        EventLayerRenderer::paintSymbol(painter, QPointF(x + 8, y + row / 2), EventStyle::forType(QString()), false, 11);
        painter.setOpacity(1.0);
        textRow(partialText, {});
    }
    if (anyUncertain) {
        EventLayerRenderer::paintSymbol(painter, QPointF(x + 8, y + row / 2), EventStyle::forType(QString()), true, 11);
        textRow(approximate, {});
    }
    if (anyCluster) {
        std::array<qint32, EventStyle::kFamilyCount> shares{5, 3, 2, 1, 0};
        EventLayerRenderer::paintCluster(painter, QPointF(x + 8, y + row / 2), 8.5, shares, 11, false);
        painter.setFont(body);
        textRow(clusterText, {});
    }
    if (sourced && !entries.empty()) {
        painter.setFont(body);
        painter.setPen(MapPalette::secondaryText());
        painter.drawText(QPointF(x, y + row / 2 + bodyMetrics.ascent() / 2 - 1), SourcesStyle::legendTitle());
        y += row;
        SourcesStyle::paintLegendRow(painter, x, y, row, true);
        y += row;
    }
    painter.restore();
    return box;
}

QRectF DecorationRenderer::paintTitle(QPainter &painter, const MapSettings &settings, const EventLayout &layout)
{
    if (!settings.drawText())
        return {};
    const QFont titleFont = MapFonts::font(17, QFont::Bold);
    const QFont subFont = MapFonts::font(12);
    const QFontMetricsF titleMetrics(titleFont);
    const QFontMetricsF subMetrics(subFont);
    const QString subtitle =
        settings.hasDecoration(MapSettings::Caption) ? captionText(settings, layout.windowEvents) : QString();
    const QString title = settings.hasDecoration(MapSettings::Title) ? settings.title() : QString();
    if (title.isEmpty() && subtitle.isEmpty())
        return {};
    const double pad = 10;
    double width = subtitle.isEmpty() ? 0.0 : subMetrics.horizontalAdvance(subtitle);
    if (!title.isEmpty())
        width = std::max(width, titleMetrics.horizontalAdvance(title));
    width = std::min(width, settings.outputSize().width() * 0.6);
    const double height = pad * 2 + (subtitle.isEmpty() ? 0 : subMetrics.height()) +
                          (title.isEmpty() ? 0 : titleMetrics.height() + (subtitle.isEmpty() ? 0 : 2));
    const QRectF box(kMargin, kMargin, width + 2 * pad, height);
    panel(painter, box);
    painter.save();
    double y = box.top() + pad;
    if (!title.isEmpty()) {
        painter.setFont(titleFont);
        painter.setPen(MapPalette::text());
        painter.drawText(QPointF(box.left() + pad, y + titleMetrics.ascent()),
                         titleMetrics.elidedText(title, Qt::ElideRight, width));
        y += titleMetrics.height() + 2;
    }
    if (!subtitle.isEmpty()) {
        painter.setFont(subFont);
        painter.setPen(MapPalette::secondaryText());
        painter.drawText(QPointF(box.left() + pad, y + subMetrics.ascent()),
                         subMetrics.elidedText(subtitle, Qt::ElideRight, width));
    }
    painter.restore();
    return box;
}

} // namespace mapline
