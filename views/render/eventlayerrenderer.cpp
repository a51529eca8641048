#include "render/eventlayerrenderer.h"

#include "geo/projection.h"
#include "render/briefinglayout.h"
#include "render/heatmaprenderer.h"
#include "render/mapfonts.h"
#include "render/mapsettings.h"
#include "render/spiderlayout.h"
#include "render/sourcesstyle.h"
#include "render/spritecache.h"

#include <QPainterPath>
#include <QtMath>

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>

namespace mapline {
namespace {

// One screen cell of the binning grid. Cells are aligned to the map (world origin), not to the
// screen, so the same events fall in the same cell while the view pans.
struct Cell {
    qint32 count = 0;
    double sumX = 0;
    double sumY = 0;
    float minX = 0, minY = 0, maxX = 0, maxY = 0;
    qint32 newestRow = -1;
    qint32 newestStart = std::numeric_limits<qint32>::min();
    std::array<qint32, EventStyle::kFamilyCount> families{};
    std::array<qint32, EventLayerRenderer::kMaxSpread> rows{};
    bool colocated = true;
    qint32 mergedInto = -1;
    quint8 maxSources = 0; // Happenings mode: the best-sourced happening in the cell
};

std::vector<EventStyle> stylesOf(const EventIndex &index)
{
    std::vector<EventStyle> styles;
    for (const QString &type : index.typeNames())
        styles.push_back(EventStyle::forType(type));
    return styles;
}

void merge(Cell &into, const Cell &from)
{
    if (from.count <= 0)
        return;
    const bool same = into.count > 0 && from.minX == into.minX && from.minY == into.minY && from.colocated;
    into.colocated = into.colocated && same;
    into.sumX += from.sumX;
    into.sumY += from.sumY;
    into.minX = std::min(into.minX, from.minX);
    into.minY = std::min(into.minY, from.minY);
    into.maxX = std::max(into.maxX, from.maxX);
    into.maxY = std::max(into.maxY, from.maxY);
    for (int f = 0; f < EventStyle::kFamilyCount; ++f)
        into.families[size_t(f)] += from.families[size_t(f)];
    for (qint32 i = 0; i < std::min(from.count, qint32(EventLayerRenderer::kMaxSpread)); ++i)
        if (into.count + i < EventLayerRenderer::kMaxSpread)
            into.rows[size_t(into.count + i)] = from.rows[size_t(i)];
    if (from.newestStart > into.newestStart || (from.newestStart == into.newestStart && from.newestRow > into.newestRow)) {
        into.newestStart = from.newestStart;
        into.newestRow = from.newestRow;
    }
    into.count += from.count;
    into.maxSources = std::max(into.maxSources, from.maxSources);
}

// Whether the members of a small cell can be drawn one by one without their symbols overlapping.
bool separable(const Cell &c, const EventIndex &index, double metresPerPixel)
{
    const double minDistance = EventLayerRenderer::kSymbolSize * 1.1 * metresPerPixel;
    for (qint32 i = 0; i < c.count; ++i)
        for (qint32 j = i + 1; j < c.count; ++j) {
            const double dx = index.x(c.rows[size_t(i)]) - index.x(c.rows[size_t(j)]);
            const double dy = index.y(c.rows[size_t(i)]) - index.y(c.rows[size_t(j)]);
            if (dx * dx + dy * dy < minDistance * minDistance)
                return false;
        }
    return true;
}

SpriteCache::Sprite symbolSprite(const EventStyle &style, bool uncertain, double size, qreal dpr)
{
    const QString key = QStringLiteral("symbol|%1|%2|%3|%4|%5")
                            .arg(int(style.shape)).arg(style.colour.rgba()).arg(uncertain).arg(size).arg(dpr);
    return SpriteCache::get(key, [&] {
        const double side = std::ceil(size * 2.2) + 2;
        QImage image = SpriteCache::canvas(QSizeF(side, side), dpr);
        QPainter p(&image);
        p.setRenderHint(QPainter::Antialiasing);
        const QPointF centre(side / 2, side / 2);
        EventLayerRenderer::paintSymbol(p, centre, style, uncertain, size);
        return SpriteCache::Sprite{image, centre};
    });
}

// Cluster rings with the same size and family shares (to 2 degrees) look the same: one sprite.
// The count is drawn over it as text (Qt blits cached glyphs).
SpriteCache::Sprite clusterSprite(double radius, const std::array<qint32, EventStyle::kFamilyCount> &families,
                                  qreal dpr)
{
    const double r = std::round(radius * 2.0) / 2.0;
    const qint64 total = std::max<qint64>(1, std::accumulate(families.begin(), families.end(), qint64(0)));
    std::array<qint32, EventStyle::kFamilyCount> shares{};
    QString key = QStringLiteral("cluster|%1|%2|").arg(r).arg(dpr);
    for (int f = 0; f < EventStyle::kFamilyCount; ++f) {
        const qint32 n = families[size_t(f)];
        shares[size_t(f)] = n == 0 ? 0 : std::max<qint32>(1, qint32(std::lround(180.0 * double(n) / double(total))));
        key += QString::number(shares[size_t(f)]) + QLatin1Char(',');
    }
    return SpriteCache::get(key, [&] {
        const double side = std::ceil(2 * r + 6);
        QImage image = SpriteCache::canvas(QSizeF(side, side), dpr);
        QPainter p(&image);
        p.setRenderHint(QPainter::Antialiasing);
        const QPointF centre(side / 2, side / 2);
        EventLayerRenderer::paintCluster(p, centre, r, shares, 0, false);
        return SpriteCache::Sprite{image, centre};
    });
}

// The time window in days for EventTimeStyle ([from, to]; to < from: open) and the mode.
struct TimeShading {
    qint32 fromDay = 0;
    qint32 toDay = -1;
    EventTimeStyle::Mode mode = EventTimeStyle::Mode::Plain;

    static TimeShading of(const MapSettings &settings)
    {
        TimeShading t;
        t.mode = settings.timeStyle();
        if (settings.from().isValid() && settings.to().isValid()) {
            t.fromDay = EventIndex::dayNumber(settings.from());
            t.toDay = EventIndex::dayNumber(settings.to());
        }
        return t;
    }
    void apply(EventLayout::Item &item, const EventIndex &index) const
    {
        const qint32 start = index.startDay(item.row), end = index.endDay(item.row);
        const double share = EventTimeStyle::shareInWindow(start, end, fromDay, toDay);
        item.recency = float(EventTimeStyle::recency(start, end, fromDay, toDay));
        item.opacity = EventTimeStyle::opacity(mode, share, item.recency);
    }
};

// Events no zoom separates, fanned out on a spiral around the spot the analyst opened
// (MapSettings::spread): one clickable symbol each, with a leg to the spot.
void addSpread(EventLayout &out, const EventIndex &index, const std::vector<qint32> &rows, const QPointF &centre,
               const std::function<EventLayout::Item(qint32)> &itemOf)
{
    const std::vector<QPointF> offsets = SpiderLayout::offsets(int(rows.size()), EventLayerRenderer::kSymbolSize * 1.45);
    for (size_t i = 0; i < rows.size(); ++i) {
        EventLayout::Item item = itemOf(rows[i]);
        item.metres = centre;
        item.offset = offsets[i];
        item.spread = true;
        out.items.push_back(item);
    }
    (void)index;
}

// A symbol weighted by its happening's sources: ring, badge and size in one sprite.
SpriteCache::Sprite sourcedSprite(const EventStyle &style, bool uncertain, int sources, bool drawText, qreal dpr)
{
    const QString key = QStringLiteral("sourced|%1|%2|%3|%4|%5|%6")
                            .arg(int(style.shape)).arg(style.colour.rgba()).arg(uncertain).arg(sources).arg(drawText)
                            .arg(dpr);
    return SpriteCache::get(key, [&] {
        const double side = std::ceil(2 * SourcesStyle::extent(sources) + 16);
        QImage image = SpriteCache::canvas(QSizeF(side, side), dpr);
        QPainter p(&image);
        const QPointF centre(side / 2, side / 2);
        SourcesStyle::paint(p, centre, style, uncertain, sources, drawText);
        return SpriteCache::Sprite{image, centre};
    });
}

// The sources ring of a group, by its size and weight (stroking it each frame costs more than
// the whole frame's blits: see docs/PERFORMANCE.md, "Map").
SpriteCache::Sprite clusterRingSprite(double radius, int sources, qreal dpr)
{
    const double r = std::round(radius * 2.0) / 2.0;
    const int tier = SourcesStyle::tier(sources);
    const QString key = QStringLiteral("clusterring|%1|%2|%3").arg(r).arg(tier).arg(dpr);
    return SpriteCache::get(key, [&] {
        const double side = std::ceil(2 * r + 16);
        QImage image = SpriteCache::canvas(QSizeF(side, side), dpr);
        QPainter p(&image);
        const QPointF centre(side / 2, side / 2);
        SourcesStyle::paintClusterRing(p, centre, r, tier == 1 ? 2 : 3);
        return SpriteCache::Sprite{image, centre};
    });
}

EventLayout::Item singleItem(const EventIndex &index, qint32 row, const std::vector<quint8> &familyOf,
                             bool sources = false)
{
    EventLayout::Item item;
    item.metres = index.position(row);
    item.radius = float(EventLayerRenderer::kSymbolSize / 2.0 + 1.0);
    if (sources) {
        item.sources = quint8(std::clamp(index.sources(row), 1, 255));
        item.radius = float(SourcesStyle::symbolSize(item.sources) / 2.0 + 2.0);
    }
    item.count = 1;
    item.eventId = index.id(row);
    item.row = row;
    item.typeId = index.typeId(row);
    item.uncertain = index.flags(row) & EventIndex::Uncertain;
    item.familyCounts[familyOf[item.typeId]] = 1;
    item.memberBounds = QRectF(item.metres, QSizeF(0, 0));
    return item;
}

} // namespace

EventLayout EventLayerRenderer::layout(const MapSettings &settings)
{
    if (settings.briefing() && settings.eventDisplay() != MapSettings::EventDisplay::HeatMap)
        return BriefingLayout::layout(settings); // no clusters: symbols by type per place, names
    EventLayout out;
    out.heatMap = settings.eventDisplay() == MapSettings::EventDisplay::HeatMap;
    out.sources = settings.showsSources();
    const bool sourcesShown = out.sources;
    const EventIndex *index = settings.events().get();
    if (!index || index->isEmpty())
        return out;
    const EventIndex::Window window = settings.eventWindow();
    const EventMask *mask = settings.eventMask().get();
    const std::vector<EventStyle> styles = stylesOf(*index);
    std::vector<quint8> familyOf;
    for (const EventStyle &s : styles)
        familyOf.push_back(quint8(s.family));
    out.typeCounts.assign(styles.size(), 0);

    const double mpp = settings.metresPerPixel();
    const double cellMetres = settings.clusterCellPixels() * mpp;
    const QRectF extent = settings.extent();
    const double margin = kSymbolSize * mpp;
    const float minX = float(extent.left() - margin), maxX = float(extent.right() + margin);
    const float minY = float(extent.top() - margin), maxY = float(extent.bottom() + margin);
    const double origin = -Projection::kHalfWorld;
    const qint64 gx0 = qint64(std::floor((minX - origin) / cellMetres));
    const qint64 gy0 = qint64(std::floor((minY - origin) / cellMetres));
    const qint64 cols = qint64(std::floor((maxX - origin) / cellMetres)) - gx0 + 1;
    const qint64 rows = qint64(std::floor((maxY - origin) / cellMetres)) - gy0 + 1;
    std::vector<Cell> cells(size_t(cols * rows));
    const double inverseCell = 1.0 / cellMetres;
    const double offsetX = origin * inverseCell + double(gx0);
    const double offsetY = origin * inverseCell + double(gy0);

    const float *xs = index->xData();
    const float *ys = index->yData();
    const qint32 *starts = index->startData();
    const quint8 *types = index->typeData();
    const TimeShading shading = TimeShading::of(settings);
    out.timeStyle = shading.mode;
    const auto &spread = settings.spread();
    std::vector<qint32> spreadRows;
    index->forEach(window, mask, [&](qsizetype row) {
        ++out.windowEvents;
        const float x = xs[row];
        const float y = ys[row];
        // NaN (an event with no position at all: in the table, not on the map) fails these too.
        if (!(x >= minX && x <= maxX && y >= minY && y <= maxY))
            return;
        if (spread && spreadRows.size() < size_t(kMaxSpiderfy) && std::hypot(x - spread->centre.x(), y - spread->centre.y()) <= spread->radius) {
            spreadRows.push_back(qint32(row));
            ++out.typeCounts[types[row]];
            ++out.visibleEvents;
            return;
        }
        const qint64 cx = std::clamp<qint64>(qint64(x * inverseCell - offsetX), 0, cols - 1);
        const qint64 cy = std::clamp<qint64>(qint64(y * inverseCell - offsetY), 0, rows - 1);
        Cell &c = cells[size_t(cy * cols + cx)];
        if (c.count == 0) {
            c.minX = c.maxX = x;
            c.minY = c.maxY = y;
        } else {
            if (x != c.minX || y != c.minY || x != c.maxX || y != c.maxY)
                c.colocated = false;
            c.minX = std::min(c.minX, x);
            c.maxX = std::max(c.maxX, x);
            c.minY = std::min(c.minY, y);
            c.maxY = std::max(c.maxY, y);
        }
        if (c.count < kMaxSpread)
            c.rows[size_t(c.count)] = qint32(row);
        ++c.count;
        c.sumX += x;
        c.sumY += y;
        const quint8 type = types[row];
        ++c.families[familyOf[type]];
        ++out.typeCounts[type];
        if (sourcesShown)
            c.maxSources = quint8(std::max(int(c.maxSources), std::min(index->sources(row), 255)));
        if (starts[row] >= c.newestStart) {
            c.newestStart = starts[row];
            c.newestRow = qint32(row);
        }
        ++out.visibleEvents;
    });
    if (out.heatMap)
        return out;

    // Grid lines cut through groups of events: merge a cell into a neighbour when their
    // centres are closer than three quarters of a cell, so one group does not show as two
    // overlapping clusters.
    const double mergeDistance = cellMetres * 0.75;
    for (qint64 cy = 0; cy < rows; ++cy) {
        for (qint64 cx = 0; cx < cols; ++cx) {
            Cell &c = cells[size_t(cy * cols + cx)];
            if (c.count == 0 || c.mergedInto >= 0)
                continue;
            const std::array<std::pair<int, int>, 4> neighbours{{{1, 0}, {0, 1}, {1, 1}, {-1, 1}}};
            for (const auto &[dx, dy] : neighbours) {
                const qint64 nx = cx + dx, ny = cy + dy;
                if (nx < 0 || nx >= cols || ny >= rows)
                    continue;
                Cell &n = cells[size_t(ny * cols + nx)];
                if (n.count == 0 || n.mergedInto >= 0)
                    continue;
                const double ddx = c.sumX / c.count - n.sumX / n.count;
                const double ddy = c.sumY / c.count - n.sumY / n.count;
                if (ddx * ddx + ddy * ddy < mergeDistance * mergeDistance) {
                    merge(c, n);
                    n.mergedInto = qint32(cy * cols + cx);
                    n.count = 0;
                }
            }
        }
    }

    qint32 maxCount = 1;
    for (const Cell &c : cells)
        maxCount = std::max(maxCount, c.count);
    const double logMax = std::log(double(std::max(maxCount, 10)));
    const bool zoomedIn = mpp <= 400.0;

    std::vector<EventLayout::Item> singles;
    std::vector<EventLayout::Item> clusters;
    for (const Cell &c : cells) {
        if (c.count == 0)
            continue;
        if (c.count == 1) {
            singles.push_back(singleItem(*index, c.rows[0], familyOf, sourcesShown));
            continue;
        }
        if (c.count <= kMaxSpread && !c.colocated && separable(c, *index, mpp)) {
            for (qint32 i = 0; i < c.count; ++i)
                singles.push_back(singleItem(*index, c.rows[size_t(i)], familyOf, sourcesShown));
            continue;
        }
        if (c.count <= kMaxSpread && c.colocated && zoomedIn) {
            // The same place reported several times: a ring around it, each symbol clickable.
            const double ringRadius = kSymbolSize * (0.9 + 0.16 * c.count);
            for (qint32 i = 0; i < c.count; ++i) {
                EventLayout::Item item = singleItem(*index, c.rows[size_t(i)], familyOf, sourcesShown);
                const double angle = -M_PI / 2 + 2 * M_PI * i / c.count;
                item.offset = QPointF(ringRadius * std::cos(angle), ringRadius * std::sin(angle));
                item.spread = true;
                singles.push_back(item);
            }
            continue;
        }
        EventLayout::Item item;
        item.metres = QPointF(c.sumX / c.count, c.sumY / c.count);
        item.count = c.count;
        item.radius = float(10.0 + 12.0 * std::min(1.0, std::log(double(c.count)) / logMax));
        item.row = c.newestRow;
        item.eventId = index->id(c.newestRow);
        item.memberBounds = QRectF(QPointF(c.minX, c.minY), QPointF(c.maxX, c.maxY));
        item.familyCounts = c.families;
        item.sources = c.maxSources;
        clusters.push_back(item);
    }
    // Uncertain symbols (with halos) under exact ones, and (Happenings mode) the better sourced on
    // top; big clusters under small ones.
    std::stable_sort(singles.begin(), singles.end(), [](const EventLayout::Item &a, const EventLayout::Item &b) {
        return a.uncertain != b.uncertain ? a.uncertain > b.uncertain : a.sources < b.sources;
    });
    std::stable_sort(clusters.begin(), clusters.end(),
                     [](const EventLayout::Item &a, const EventLayout::Item &b) { return a.count > b.count; });
    const auto styled = [&](qint32 row) {
        EventLayout::Item item = singleItem(*index, row, familyOf, sourcesShown);
        shading.apply(item, *index);
        return item;
    };
    for (EventLayout::Item &item : singles)
        shading.apply(item, *index);
    out.items = std::move(singles);
    out.items.insert(out.items.end(), clusters.begin(), clusters.end());
    if (spread && !spreadRows.empty())
        addSpread(out, *index, spreadRows, spread->centre, styled); // on top of everything
    for (const EventLayout::Item &item : out.items)
        out.anyPartial = out.anyPartial || (!item.isCluster() && index->endDay(item.row) > index->startDay(item.row) &&
                                            EventTimeStyle::shareInWindow(index->startDay(item.row), index->endDay(item.row),
                                                                          shading.fromDay, shading.toDay) < 1.0);
    return out;
}

void EventLayerRenderer::paint(QPainter &painter, const MapSettings &settings, const EventLayout &layout)
{
    const EventIndex *index = settings.events().get();
    if (!index || layout.heatMap)
        return;
    if (layout.briefing) {
        BriefingLayout::paint(painter, settings, layout);
        return;
    }
    const std::vector<EventStyle> styles = stylesOf(*index);
    const qreal dpr = painter.device()->devicePixelRatioF();
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    for (const EventLayout::Item &item : layout.items) {
        const QPointF place = settings.toScreen(item.metres);
        const QPointF at = place + item.offset;
        if (item.isCluster()) {
            if (settings.vectorOutput())
                paintCluster(painter, at, item.radius, item.familyCounts, 0, false);
            else
                SpriteCache::draw(painter, at, clusterSprite(item.radius, item.familyCounts, dpr));
            if (settings.drawText())
                paintClusterCount(painter, at, item.radius, item.count);
            if (item.sources >= 2) {
                if (settings.vectorOutput())
                    SourcesStyle::paintClusterRing(painter, at, item.radius, item.sources);
                else
                    SpriteCache::draw(painter, at, clusterRingSprite(item.radius, item.sources, dpr));
            }
            continue;
        }
        if (item.spread) {
            painter.setPen(QPen(QColor(60, 60, 60, 150), 0.9));
            painter.drawLine(place, at);
            painter.setPen(Qt::NoPen);
            painter.setBrush(QColor(50, 50, 50));
            painter.drawEllipse(place, 2.0, 2.0);
        }
        EventStyle style = styles[item.typeId];
        if (layout.timeStyle == EventTimeStyle::Mode::ColourByAge)
            style.colour = EventTimeStyle::rampColour(item.recency);
        painter.setOpacity(item.opacity);
        if (item.sources > 0) {
            if (settings.vectorOutput())
                SourcesStyle::paint(painter, at, style, item.uncertain, item.sources, settings.drawText());
            else
                SpriteCache::draw(painter, at, sourcedSprite(style, item.uncertain, item.sources, settings.drawText(), dpr));
        } else if (settings.vectorOutput())
            paintSymbol(painter, at, style, item.uncertain);
        else
            SpriteCache::draw(painter, at, symbolSprite(style, item.uncertain, kSymbolSize, dpr));
        painter.setOpacity(1.0);
    }
    painter.restore();
}

EventLayout EventLayerRenderer::render(QPainter &painter, const MapSettings &settings)
{
    EventLayout layout = EventLayerRenderer::layout(settings);
    if (layout.heatMap)
        HeatMapRenderer::paint(painter, settings);
    else
        paint(painter, settings, layout);
    return layout;
}

std::optional<QPointF> EventLayerRenderer::selectionCentre(const MapSettings &settings)
{
    const EventIndex *index = settings.events().get();
    if (!index || settings.selectedEventId() == 0)
        return std::nullopt;
    const int row = index->rowOfId(settings.selectedEventId());
    if (row < 0)
        return std::nullopt;
    if (settings.eventMask() && !settings.eventMask()->test(row))
        return std::nullopt;
    const EventIndex::Window w = settings.eventWindow();
    if (index->startDay(row) > w.toDay || index->endDay(row) < w.fromDay || !index->hasPosition(row))
        return std::nullopt;
    return settings.toScreen(index->position(row));
}

void EventLayerRenderer::paintSelection(QPainter &painter, const MapSettings &settings)
{
    const auto centre = selectionCentre(settings);
    if (!centre)
        return;
    const EventIndex *index = settings.events().get();
    const int row = index->rowOfId(settings.selectedEventId());
    const QPointF at = *centre;
    const EventStyle style = EventStyle::forType(index->typeNames().value(index->typeId(row)));
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    // A dark ring inside a white one reads on light land and on dark clusters alike.
    painter.setBrush(QColor(255, 214, 0, 90));
    painter.setPen(QPen(Qt::white, 5.0));
    painter.drawEllipse(at, 14.0, 14.0);
    painter.setBrush(Qt::NoBrush);
    painter.setPen(QPen(QColor(20, 20, 20), 2.0));
    painter.drawEllipse(at, 14.0, 14.0);
    paintSymbol(painter, at, style, index->flags(row) & EventIndex::Uncertain, kSymbolSize * 1.35);
    painter.restore();
}

void EventLayerRenderer::paintSymbol(QPainter &painter, const QPointF &centre, const EventStyle &style,
                                     bool uncertain, double size)
{
    const QPainterPath shape = EventStyle::shapePath(style.shape, size).translated(centre);
    if (uncertain) {
        // Placed only to a province or country: a soft halo for "somewhere around here" and a
        // hollow symbol, so it never reads as a precise location.
        QColor halo = style.colour;
        halo.setAlpha(46);
        painter.setPen(Qt::NoPen);
        painter.setBrush(halo);
        painter.drawEllipse(centre, size * 0.95, size * 0.95);
        painter.setBrush(QColor(255, 255, 255, 235));
        painter.setPen(QPen(style.colour, size / 6.0));
        painter.drawPath(shape);
        return;
    }
    painter.setPen(QPen(QColor(255, 255, 255, 240), size / 9.0));
    painter.setBrush(style.colour);
    painter.drawPath(shape);
}

void EventLayerRenderer::paintCluster(QPainter &painter, const QPointF &centre, double radius,
                                      const std::array<qint32, EventStyle::kFamilyCount> &familyCounts, qint32 count,
                                      bool drawText)
{
    painter.save();
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor(0, 0, 0, 40));
    painter.drawEllipse(centre + QPointF(0, 1.0), radius + 1.5, radius + 1.5);
    painter.setBrush(Qt::white);
    painter.drawEllipse(centre, radius + 1.0, radius + 1.0);

    // The ring: one arc per family, in proportion, starting at 12 o'clock.
    const QRectF box(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius);
    const qint64 total = std::max<qint64>(1, std::accumulate(familyCounts.begin(), familyCounts.end(), qint64(0)));
    int angle = 90 * 16;
    int remaining = 360 * 16;
    for (int f = 0; f < EventStyle::kFamilyCount; ++f) {
        const qint32 n = familyCounts[size_t(f)];
        if (n == 0)
            continue;
        int span = int(std::lround(360.0 * 16 * double(n) / double(total)));
        span = std::min(span, remaining);
        remaining -= span;
        painter.setBrush(EventStyle::familyColour(EventStyle::Family(f)));
        painter.drawPie(box, angle, -span);
        angle -= span;
    }
    const double inner = innerRadius(radius);
    painter.setBrush(QColor(255, 255, 255, 245));
    painter.drawEllipse(centre, inner, inner);
    painter.restore();
    if (drawText)
        paintClusterCount(painter, centre, radius, count);
}

double EventLayerRenderer::innerRadius(double radius)
{
    return radius - std::max(3.5, radius * 0.28);
}

void EventLayerRenderer::paintClusterCount(QPainter &painter, const QPointF &centre, double radius, qint32 count)
{
    const QString text = countText(count);
    const double inner = innerRadius(radius);
    painter.save();
    painter.setFont(MapFonts::font(text.size() > 3 ? 9 : 10, QFont::Bold));
    painter.setPen(QColor(40, 40, 40));
    painter.drawText(QRectF(centre.x() - inner, centre.y() - inner, 2 * inner, 2 * inner), Qt::AlignCenter, text);
    painter.restore();
}

QString EventLayerRenderer::countText(qint64 count)
{
    if (count < 1000)
        return QString::number(count);
    if (count < 10000)
        return QString::number(count / 1000.0, 'f', 1) + QLatin1Char('k');
    if (count < 1000000)
        return QString::number(count / 1000) + QLatin1Char('k');
    return QString::number(count / 1000000.0, 'f', 1) + QLatin1Char('M');
}

} // namespace mapline
