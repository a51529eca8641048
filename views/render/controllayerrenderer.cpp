#include "render/controllayerrenderer.h"

#include "control/controllayer.h"
#include "geo/basemap.h"
#include "render/eventlayout.h"
#include "render/mapfonts.h"
#include "render/mappalette.h"
#include "render/spritecache.h"
#include "render/mapsettings.h"

#include <QFontMetricsF>
#include <QHash>
#include <QMap>
#include <QLocale>
#include <QPainterPath>

#include <cmath>

namespace mapline {
namespace {

constexpr double kLegendMargin = 12.0;

QColor withAlpha(QColor c, int alpha)
{
    c.setAlpha(alpha);
    return c;
}

QString controlDayText(QDate d)
{
    return QLocale(QLocale::English).toString(d, QStringLiteral("d MMM yyyy"));
}

// One marker of radius `r`: the holder's colour (and the rival's, contested), the rim, the ring
// of a change in the window, the analyst's mark. `around`: a ring around the event symbols drawn
// at the place rather than a disc.
void paintMarker(QPainter &painter, const QPointF &at, const ControlLayer &layer, const ControlState &s, bool changed,
                 double r = ControlLayerRenderer::kRadius, bool around = false)
{
    const QColor colour = layer.colour(s.side);
    const bool split = s.contested && !s.rivals.isEmpty();
    const QColor rival = split ? layer.colour(s.rivals.first()) : colour;
    if (changed) {
        painter.setBrush(Qt::NoBrush);
        painter.setPen(QPen(withAlpha(colour, 200), 1.6));
        painter.drawEllipse(at, r + 4.5, r + 4.5);
    }
    const QRectF disc(at.x() - r, at.y() - r, 2 * r, 2 * r);
    if (around) {
        // A thick ring just outside the symbols: white under it so it reads on any colour.
        const double width = 4.0;
        const QRectF ring = disc.adjusted(width / 2, width / 2, -width / 2, -width / 2);
        painter.setBrush(Qt::NoBrush);
        painter.setPen(QPen(QColor(255, 255, 255, 220), width + 2.0));
        painter.drawEllipse(ring);
        QPen pen(colour, width, Qt::SolidLine, Qt::FlatCap);
        painter.setPen(pen);
        painter.drawArc(ring, 90 * 16, 180 * 16);  // left half: the side shown
        pen.setColor(rival);
        painter.setPen(pen);
        painter.drawArc(ring, -90 * 16, 180 * 16); // right half: the other reported, when contested
        if (split) {
            QPen rim(QColor(0x22, 0x22, 0x22), 1.0, Qt::DashLine);
            painter.setPen(rim);
            painter.drawEllipse(disc);
        }
    } else if (split) {
        painter.setPen(Qt::NoPen);
        painter.setBrush(withAlpha(colour, 150));
        painter.drawPie(disc, 90 * 16, 180 * 16);                 // left half: the side shown
        painter.setBrush(withAlpha(rival, 150));
        painter.drawPie(disc, -90 * 16, 180 * 16);                // right half: the other reported
        painter.setBrush(Qt::NoBrush);
        QPen rim(QColor(0x22, 0x22, 0x22), 1.6, Qt::DashLine);
        rim.setDashPattern({2.0, 1.6});
        painter.setPen(rim);
        painter.drawEllipse(disc);
    } else {
        painter.setBrush(withAlpha(colour, 130));
        painter.setPen(QPen(colour, 2.2));
        painter.drawEllipse(disc);
    }
    if (s.analyst) {
        QPainterPath diamond;
        const QPointF c(at.x() + r * 0.75, at.y() - r * 0.75);
        const double d = 3.8;
        diamond.moveTo(c.x(), c.y() - d);
        diamond.lineTo(c.x() + d, c.y());
        diamond.lineTo(c.x(), c.y() + d);
        diamond.lineTo(c.x() - d, c.y());
        diamond.closeSubpath();
        painter.setPen(QPen(Qt::white, 1.0));
        painter.setBrush(QColor(0x22, 0x22, 0x22));
        painter.drawPath(diamond);
    }
}

// A marker drawn once per look and blitted after (SpriteCache: an antialiased fill of a 20-pixel
// circle goes through Qt's thread pool, a blit does not); drawn as outlines for SVG and PDF.
void drawMarker(QPainter &painter, const MapSettings &settings, const QPointF &at, const ControlLayer &layer,
                const ControlState &s, bool changed, double r = ControlLayerRenderer::kRadius, bool around = false)
{
    if (settings.vectorOutput()) {
        paintMarker(painter, at, layer, s, changed, r, around);
        return;
    }
    const bool split = s.contested && !s.rivals.isEmpty();
    const QRgb rival = split ? layer.colour(s.rivals.first()).rgba() : 0;
    const qreal dpr = settings.devicePixelRatio();
    const QString key = QStringLiteral("control|%1|%2|%3|%4|%5|%6")
                            .arg(layer.colour(s.side).rgba())
                            .arg(rival)
                            .arg(int(changed) | int(s.analyst) << 1 | int(around) << 2)
                            .arg(std::lround(r * 4))
                            .arg(dpr)
                            .arg(split);
    const SpriteCache::Sprite sprite = SpriteCache::get(key, [&] {
        const double side = std::ceil(2 * (r + 7));
        QImage image = SpriteCache::canvas(QSizeF(side, side), dpr);
        QPainter p(&image);
        p.setRenderHint(QPainter::Antialiasing);
        const QPointF centre(side / 2, side / 2);
        paintMarker(p, centre, layer, s, changed, r, around);
        return SpriteCache::Sprite{image, centre};
    });
    SpriteCache::draw(painter, at, sprite);
}

void paintProvinces(QPainter &painter, const MapSettings &settings, const ControlLayer &layer, QDate day)
{
    const Basemap *basemap = settings.basemap().get();
    if (!basemap)
        return;
    // The sides holding places in each province on that day (contested places count both). By
    // province, in order: a hash's order differs from one process to the next, and neighbouring
    // provinces' antialiased edges then overlap differently (a few pixels of the same map).
    QMap<int, QList<int>> sidesIn;
    for (int i = 0; i < layer.places().size(); ++i) {
        const int province = layer.provinceOf(i);
        const ControlState *s = province >= 0 ? layer.stateOn(i, day) : nullptr;
        if (!s)
            continue;
        QList<int> &sides = sidesIn[province];
        if (!sides.contains(s->side))
            sides.append(s->side);
        if (s->contested)
            for (int rival : s->rivals)
                if (!sides.contains(rival))
                    sides.append(rival);
    }
    if (sidesIn.isEmpty())
        return;
    painter.save();
    painter.setTransform(settings.mapToScreenTransform(), true);
    painter.setPen(Qt::NoPen);
    const VectorLayer &provinces = basemap->provinces();
    const QRectF extent = settings.extent().normalized();
    for (auto it = sidesIn.cbegin(); it != sidesIn.cend(); ++it) {
        const Basemap::Area &area = basemap->provinceAreas().at(it.key());
        const auto &f = provinces.features()[size_t(area.feature)];
        if (!f.bounds.intersects(extent))
            continue;
        painter.setBrush(withAlpha(layer.colour(it->first()), 46));
        painter.drawPath(f.area);
        if (it->size() > 1) {
            // Held in part by another side: its colour hatched over the first's tint.
            QBrush hatch(withAlpha(layer.colour(it->at(1)), 120), Qt::BDiagPattern);
            QTransform scale;
            scale.scale(settings.metresPerPixel() * 2.5, -settings.metresPerPixel() * 2.5);
            hatch.setTransform(scale);
            painter.setBrush(hatch);
            painter.drawPath(f.area);
        }
    }
    painter.restore();
}

} // namespace

void ControlLayerRenderer::paintUnder(QPainter &painter, const MapSettings &settings)
{
    const ControlLayer *layer = settings.control().get();
    const QDate day = settings.controlDay();
    if (!layer || layer->isEmpty() || !day.isValid() || !settings.controlProvinces())
        return;
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    paintProvinces(painter, settings, *layer, day);
    painter.restore();
}

namespace {

// One marker as drawn: at a place of its own (a disc) or around the symbol or group the events
// draw there (a ring, `around`).
struct PlannedMarker {
    QPointF centre;
    double radius;
    bool around;
    bool changed;
    const ControlState *state;
    int place;
};

// The markers of the settings' control day, in drawing order: where paint() draws and where the
// labels keep off (discs()), from one computation so the two cannot disagree.
std::vector<PlannedMarker> planControlMarkers(const MapSettings &settings, const EventLayout *layout)
{
    std::vector<PlannedMarker> planned;
    const ControlLayer *layer = settings.control().get();
    if (!layer || layer->isEmpty())
        return planned;
    const QDate day = settings.controlDay();
    if (!day.isValid())
        return planned;
    const QRectF visible = QRectF(QPointF(0, 0), QSizeF(settings.outputSize())).adjusted(-20, -20, 20, 20);
    const QDate from = settings.from();
    const auto changedIn = [&](const ControlState *s) {
        return from.isValid() && s->since.isValid() && s->since <= day && s->since >= from;
    };
    // The places whose events are drawn as one symbol or group: ringed around it, one ring each,
    // the nearest place innermost (Mazar-e Sharif and the fort beside it in one group).
    struct Ringed {
        double distance;
        int place;
        const ControlState *state;
    };
    QHash<const EventLayout::Item *, QList<Ringed>> rings;
    QList<const EventLayout::Item *> order;
    for (int i = 0; i < layer->places().size(); ++i) {
        const ControlState *s = layer->stateOn(i, day);
        if (!s)
            continue;
        const QPointF at = settings.toScreen(layer->position(i));
        if (!visible.contains(at))
            continue;
        // The event symbol or group drawn at the place (a group's centre is its members' mean, so
        // it is the one whose disc holds the place).
        const EventLayout::Item *item = layout ? layout->itemAt(settings, at, 0.0) : nullptr;
        if (!item) {
            planned.push_back({at, ControlLayerRenderer::kRadius, false, changedIn(s), s, i});
            continue;
        }
        const QPointF d = layout->screenPosition(settings, *item) - at;
        if (!rings.contains(item))
            order.append(item);
        rings[item].append({std::hypot(d.x(), d.y()), i, s});
    }
    for (const EventLayout::Item *item : order) {
        QList<Ringed> &list = rings[item];
        std::sort(list.begin(), list.end(), [](const Ringed &a, const Ringed &b) { return a.distance < b.distance; });
        const QPointF centre = layout->screenPosition(settings, *item);
        double r = std::max(ControlLayerRenderer::kRadius, double(item->radius) + 5.0);
        for (const Ringed &ring : list) {
            const bool changed = changedIn(ring.state);
            planned.push_back({centre, r, true, changed, ring.state, ring.place});
            r += changed ? 10.0 : 5.0; // outside the previous ring (and its "changed" ring)
        }
    }
    return planned;
}

} // namespace

void ControlLayerRenderer::paint(QPainter &painter, const MapSettings &settings, const EventLayout *layout)
{
    const std::vector<PlannedMarker> planned = planControlMarkers(settings, layout);
    if (planned.empty())
        return;
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    for (const PlannedMarker &m : planned)
        drawMarker(painter, settings, m.centre, *settings.control(), *m.state, m.changed, m.radius, m.around);
    painter.restore();
}

std::vector<ControlLayerRenderer::Disc> ControlLayerRenderer::discs(const MapSettings &settings,
                                                                    const EventLayout *layout)
{
    // Outermost first: a centre ringed several times gives its outer ring first.
    std::vector<Disc> discs;
    const std::vector<PlannedMarker> planned = planControlMarkers(settings, layout);
    for (auto it = planned.rbegin(); it != planned.rend(); ++it)
        discs.push_back({it->centre, it->radius + (it->changed ? 4.5 : 0.0) + 1.0, it->place, it->around});
    return discs;
}

QRectF ControlLayerRenderer::paintLegend(QPainter &painter, const MapSettings &settings)
{
    const ControlLayer *layer = settings.control().get();
    if (!layer || layer->isEmpty() || !settings.hasDecoration(MapSettings::Legend) || !settings.drawText())
        return {};
    const QDate day = settings.controlDay();
    bool contested = false, changed = false, analyst = false;
    for (int i = 0; i < layer->places().size(); ++i)
        if (const ControlState *s = layer->stateOn(i, day)) {
            contested = contested || s->contested;
            analyst = analyst || s->analyst;
            changed = changed || (settings.from().isValid() && s->since.isValid() && s->since >= settings.from());
        }
    const QFont header = MapFonts::font(12, QFont::Bold);
    const QFont body = MapFonts::font(11);
    const QFontMetricsF hm(header), bm(body);
    const double row = 19.0, pad = 9.0;
    const QString title = QStringLiteral("Control on %1").arg(controlDayText(day));
    QStringList rows;
    for (const ControlLayer::Side &s : layer->sides())
        rows << s.name;
    const qsizetype sideRows = rows.size();
    if (contested)
        rows << QStringLiteral("Contested (reports disagree)");
    if (changed)
        rows << QStringLiteral("Changed hands in the window");
    if (analyst)
        rows << QStringLiteral("Set by the analyst");
    double width = hm.horizontalAdvance(title);
    for (const QString &r : rows)
        width = std::max(width, 26 + bm.horizontalAdvance(r));
    const double height = pad + hm.height() + 4 + rows.size() * row + pad - 4;
    // Above the scale bar (bottom left: 16 px and a line of text, with its margin).
    const double scaleBar = 16 + QFontMetricsF(MapFonts::font(11)).height() + 8;
    const QRectF box(kLegendMargin, settings.outputSize().height() - kLegendMargin - scaleBar - height, width + 2 * pad,
                     height);
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(MapPalette::panelBorder(), 1.0));
    painter.setBrush(MapPalette::panel());
    painter.drawRoundedRect(box, 4, 4);
    painter.setFont(header);
    painter.setPen(MapPalette::text());
    double y = box.top() + pad;
    painter.drawText(QRectF(box.left() + pad, y, width, hm.height()), Qt::AlignLeft | Qt::AlignVCenter, title);
    y += hm.height() + 4;
    painter.setFont(body);
    for (int k = 0; k < rows.size(); ++k, y += row) {
        const QPointF centre(box.left() + pad + 8, y + row / 2);
        ControlState sample;
        sample.side = k < sideRows ? k : 0;
        bool ring = false;
        const QString &text = rows.at(k);
        if (k >= sideRows) {
            if (text.startsWith(u"Contested")) {
                sample.contested = true;
                sample.rivals = {layer->sides().size() > 1 ? 1 : 0};
            } else if (text.startsWith(u"Changed")) {
                ring = true;
            } else {
                sample.analyst = true;
            }
        }
        painter.save();
        painter.translate(centre);
        painter.scale(0.72, 0.72);
        paintMarker(painter, QPointF(0, 0), *layer, sample, ring);
        painter.restore();
        painter.setPen(MapPalette::text());
        painter.setFont(body);
        painter.drawText(QRectF(box.left() + pad + 22, y, width, row), Qt::AlignLeft | Qt::AlignVCenter, text);
    }
    painter.restore();
    return box;
}

int ControlLayerRenderer::placeAt(const MapSettings &settings, const QPointF &screen)
{
    const ControlLayer *layer = settings.control().get();
    if (!layer)
        return -1;
    const QDate day = settings.controlDay();
    int best = -1;
    double bestDistance = kRadius + 2.0;
    for (int i = 0; i < layer->places().size(); ++i) {
        if (!layer->stateOn(i, day))
            continue;
        const QPointF d = settings.toScreen(layer->position(i)) - screen;
        const double distance = std::hypot(d.x(), d.y());
        if (distance <= bestDistance) {
            best = i;
            bestDistance = distance;
        }
    }
    return best;
}

QString ControlLayerRenderer::describe(const MapSettings &settings, int place)
{
    const ControlLayer *layer = settings.control().get();
    const ControlState *s = layer ? layer->stateOn(place, settings.controlDay()) : nullptr;
    if (!s)
        return {};
    QString text = QStringLiteral("%1: held by %2").arg(layer->places().at(place).place.name, layer->sideName(s->side));
    text += s->since.isValid() ? QStringLiteral(" since %1").arg(controlDayText(s->since))
                               : QStringLiteral(" (before the first reported change)");
    if (s->contested && !s->rivals.isEmpty())
        text += QStringLiteral(", contested by %1").arg(layer->sideName(s->rivals.first()));
    if (s->analyst)
        text += QStringLiteral(" (set by the analyst)");
    return text;
}

} // namespace mapline
