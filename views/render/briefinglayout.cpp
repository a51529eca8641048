#include "render/briefinglayout.h"

#include "geo/projection.h"
#include "render/eventlayerrenderer.h"
#include "render/halotext.h"
#include "render/labelplacer.h"
#include "render/mapfonts.h"
#include "render/mappalette.h"
#include "render/mapsettings.h"

#include <QFontMetricsF>
#include <QHash>
#include <QtMath>

#include <algorithm>
#include <cmath>
#include <map>

namespace mapline {
namespace {

struct Group {
    QPointF metres;                        // the first event's place: all are within a few pixels
    qint64 total = 0;
    std::map<int, qint32> byType;          // legend order -> count
    std::map<int, qint32> newestRow;       // legend order -> the newest event of the type here
    std::map<int, bool> allUncertain;      // legend order -> every event of the type here is approximate
    QHash<QString, qint32> names;          // the places' names, by votes
};

// The legend's order of a type id (known types by family, others after them).
std::vector<int> legendOrder(const QStringList &typeNames)
{
    const auto &known = EventStyle::knownTypes();
    std::vector<int> order(size_t(typeNames.size()), int(known.size()));
    for (int id = 0; id < typeNames.size(); ++id)
        for (int k = 0; k < known.size(); ++k)
            if (known[k].type == typeNames[id])
                order[size_t(id)] = k;
    return order;
}

QFont nameFont()
{
    return MapFonts::font(11, QFont::DemiBold);
}

QFont badgeFont()
{
    return MapFonts::font(9, QFont::Bold);
}

// The names' and counts' halo, a little wider than the basemap's (3.0): they sit on symbols.
constexpr double kHaloWidth = 3.2;

} // namespace

EventLayout BriefingLayout::layout(const MapSettings &settings)
{
    EventLayout out;
    out.briefing = true;
    const EventIndex *index = settings.events().get();
    if (!index || index->isEmpty())
        return out;
    out.typeCounts.assign(size_t(index->typeNames().size()), 0);
    const std::vector<int> order = legendOrder(index->typeNames());
    std::vector<int> typeOfOrder(order.size());
    const double mpp = settings.metresPerPixel();
    const double cell = kGroupPixels * mpp;
    const QRectF extent = settings.extent().adjusted(-kSymbolSize * mpp, -kSymbolSize * mpp, kSymbolSize * mpp,
                                                     kSymbolSize * mpp);
    // Groups by map-aligned cells of a few pixels: the same place, or nearly.
    QHash<QPair<qint64, qint64>, int> cellOf;
    std::vector<Group> groups;
    index->forEach(settings.eventWindow(), settings.eventMask().get(), [&](qsizetype row) {
        ++out.windowEvents;
        const QPointF at = index->position(row);
        if (!index->hasPosition(row) || !extent.contains(at))
            return;
        ++out.visibleEvents;
        const int type = index->typeId(row);
        ++out.typeCounts[size_t(type)];
        const QPair<qint64, qint64> key{qint64(std::floor(at.x() / cell)), qint64(std::floor(at.y() / cell))};
        auto it = cellOf.find(key);
        if (it == cellOf.end()) {
            it = cellOf.insert(key, int(groups.size()));
            groups.push_back(Group{at, 0, {}, {}, {}, {}});
        }
        Group &g = groups[size_t(*it)];
        const int rank = order[size_t(type)] * 256 + type; // legend order, then the type itself
        ++g.total;
        ++g.byType[rank];
        const auto newest = g.newestRow.find(rank);
        if (newest == g.newestRow.end() || index->startDay(row) >= index->startDay(newest->second))
            g.newestRow[rank] = qint32(row);
        const bool uncertain = index->flags(row) & EventIndex::Uncertain;
        const auto all = g.allUncertain.find(rank);
        g.allUncertain[rank] = all == g.allUncertain.end() ? uncertain : (all->second && uncertain);
        const QString name = index->placeName(row);
        if (!name.isEmpty())
            ++g.names[name];
    });

    // The biggest places first: their names get the room.
    std::vector<int> byTotal(groups.size());
    for (size_t i = 0; i < groups.size(); ++i)
        byTotal[i] = int(i);
    std::stable_sort(byTotal.begin(), byTotal.end(), [&groups](int a, int b) { return groups[size_t(a)].total > groups[size_t(b)].total; });

    std::vector<EventStyle> styles;
    for (const QString &t : index->typeNames())
        styles.push_back(EventStyle::forType(t));
    const QRectF frame = QRectF(QPointF(0, 0), QSizeF(settings.outputSize())).adjusted(2, 2, -2, -2);
    LabelPlacer placer(frame, 2.0);
    // Symbols and panels first, all of them, biggest places first: names then keep clear.
    struct Placed {
        int group;
        QRectF bounds; // the place's symbol or panel, screen
    };
    std::vector<Placed> placed;
    for (int gi : byTotal) {
        const Group &g = groups[size_t(gi)];
        const QPointF centre = settings.toScreen(g.metres);
        const int kinds = int(g.byType.size());
        const auto itemOf = [&](int rank, qint32 count, const QPointF &offset) {
            const qint32 row = g.newestRow.at(rank);
            EventLayout::Item item;
            item.metres = g.metres;
            item.offset = offset;
            item.radius = float(kSymbolSize / 2.0 + 1.0);
            item.count = 1;
            item.badge = count;
            item.eventId = index->id(row);
            item.row = row;
            item.typeId = index->typeId(row);
            item.uncertain = g.allUncertain.at(rank);
            item.familyCounts[size_t(styles[item.typeId].family)] = count;
            item.memberBounds = QRectF(g.metres, QSizeF(0, 0));
            return item;
        };
        // The nearest free spot for a box of `size` around the place: on it, else beside it
        // (a leader then points to the place).
        const auto freeSpot = [&placer, &centre](const QSizeF &size) {
            QRectF box(centre - QPointF(size.width() / 2, size.height() / 2), size);
            if (placer.fits(box))
                return box;
            for (double reach : {1.0, 1.6, 2.3})
                for (int dir = 0; dir < 8; ++dir) {
                    const double angle = -M_PI / 2 + dir * M_PI / 4;
                    const QRectF candidate = box.translated(std::cos(angle) * (size.width() / 2 + 8) * reach,
                                                            std::sin(angle) * (size.height() / 2 + 8) * reach);
                    if (placer.fits(candidate))
                        return candidate;
                }
            return box; // crowded all round: on the place after all
        };
        if (kinds == 1) {
            const auto &[rank, count] = *g.byType.begin();
            const double countWidth =
                count > 1 ? 3 + QFontMetricsF(badgeFont()).horizontalAdvance(EventLayerRenderer::countText(count)) : 0.0;
            // The symbol centred on the place, its count right of it.
            const QRectF wanted(centre.x() - kSymbolSize / 2, centre.y() - kSymbolSize / 2, kSymbolSize + countWidth,
                                kSymbolSize);
            QRectF bounds = wanted;
            if (!placer.fits(wanted)) {
                const QRectF moved = freeSpot(QSizeF(kSymbolSize + countWidth + 6, kSymbolSize + 6));
                bounds = moved.adjusted(3, 3, -3, -3);
                out.placeBlocks.push_back({g.metres, moved});
            }
            placer.add(bounds.adjusted(1, 1, -1, -1));
            const QPointF symbol(bounds.left() + kSymbolSize / 2, bounds.center().y());
            out.items.push_back(itemOf(rank, count, symbol - centre));
            placed.push_back({gi, bounds});
            continue;
        }
        // A panel of cells, about square: on the place, else the nearest free spot around it.
        const int columns = std::min(4, int(std::ceil(std::sqrt(double(kinds)))));
        const int rows = (kinds + columns - 1) / columns;
        const QRectF panel = freeSpot(QSizeF(columns * kCellWidth + 6, rows * kCellHeight + 6));
        placer.add(panel);
        out.placeBlocks.push_back({g.metres, panel});
        int k = 0;
        for (const auto &[rank, count] : g.byType) {
            const QPointF spot(panel.left() + 3 + (k % columns) * kCellWidth + kSymbolSize / 2 + 2,
                               panel.top() + 3 + (k / columns) * kCellHeight + kCellHeight / 2);
            out.items.push_back(itemOf(rank, count, spot - centre));
            ++k;
        }
        placed.push_back({gi, panel});
    }
    const QFontMetricsF metrics(nameFont());
    for (const Placed &p : placed) {
        const Group &g = groups[size_t(p.group)];
        if (g.names.isEmpty() || !settings.drawText())
            continue;
        QString name;
        qint32 votes = -1;
        for (auto it = g.names.constBegin(); it != g.names.constEnd(); ++it)
            if (it.value() > votes || (it.value() == votes && it.key() < name)) {
                name = it.key();
                votes = it.value();
            }
        const double w = metrics.horizontalAdvance(name);
        const double h = metrics.ascent() + metrics.descent() * 0.6;
        const QRectF b = p.bounds; // the symbol and its count, or the panel
        const QPointF candidates[] = {
            {b.right() + 4, b.center().y() - h / 2}, {b.center().x() - w / 2, b.top() - 2 - h},
            {b.center().x() - w / 2, b.bottom() + 2}, {b.left() - 4 - w, b.center().y() - h / 2},
            {b.right() + 2, b.top() - h},            {b.right() + 2, b.bottom()},
            {b.left() - 2 - w, b.top() - h},         {b.left() - 2 - w, b.bottom()},
        };
        for (const QPointF &topLeft : candidates) {
            const QRectF rect(topLeft, QSizeF(w, h));
            if (!placer.tryAdd(rect))
                continue;
            out.placeLabels.push_back({name, rect, topLeft + QPointF(0, metrics.ascent())});
            break;
        }
    }
    return out;
}

void BriefingLayout::paint(QPainter &painter, const MapSettings &settings, const EventLayout &layout)
{
    const EventIndex *index = settings.events().get();
    if (!index)
        return;
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    // Panels, with a leader to their place when moved off it and the place's dot.
    for (const EventLayout::PlaceBlock &block : layout.placeBlocks) {
        const QPointF place = settings.toScreen(block.metres);
        if (!block.rect.contains(place)) {
            const QPointF edge(std::clamp(place.x(), block.rect.left(), block.rect.right()),
                               std::clamp(place.y(), block.rect.top(), block.rect.bottom()));
            painter.setPen(QPen(QColor(70, 70, 70), 1.0));
            painter.drawLine(place, edge);
        }
        painter.setPen(QPen(QColor(0, 0, 0, 70), 1.0));
        painter.setBrush(QColor(255, 255, 255, 225));
        painter.drawRoundedRect(block.rect, 3, 3);
        if (!block.rect.contains(place)) { // the place itself, at the leader's end
            painter.setPen(QPen(Qt::white, 1.0));
            painter.setBrush(QColor(50, 50, 50));
            painter.drawEllipse(place, 2.6, 2.6);
        }
    }
    for (const EventLayout::Item &item : layout.items)
        EventLayerRenderer::paintSymbol(painter, settings.toScreen(item.metres) + item.offset,
                                        EventStyle::forType(index->typeNames().value(item.typeId)), item.uncertain,
                                        kSymbolSize);
    if (settings.drawText()) {
        const QFont badge = badgeFont();
        const QFontMetricsF badgeMetrics(badge);
        for (const EventLayout::Item &item : layout.items) {
            if (item.badge < 2)
                continue;
            const QPointF at = settings.toScreen(item.metres) + item.offset;
            HaloText::draw(painter, QPointF(at.x() + kSymbolSize / 2 + 2, at.y() + badgeMetrics.capHeight() / 2),
                           EventLayerRenderer::countText(item.badge), badge, MapPalette::text(), kHaloWidth,
                           settings.vectorOutput());
        }
        const QFont name = nameFont();
        for (const EventLayout::PlaceLabel &label : layout.placeLabels)
            HaloText::draw(painter, label.baseline, label.text, name, MapPalette::placeName(), kHaloWidth,
                           settings.vectorOutput());
    }
    painter.restore();
}

} // namespace mapline
