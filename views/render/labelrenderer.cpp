#include "render/labelrenderer.h"

#include "render/eventlayout.h"
#include "render/labelplacer.h"
#include "render/spritecache.h"
#include "render/mapfonts.h"
#include "render/mappalette.h"
#include "render/mapsettings.h"

#include <QFontMetricsF>
#include <QSet>
#include <QPainterPath>

#include <cmath>
#include <optional>

namespace mapline {
namespace {

struct TextStyle {
    QFont font;
    QColor colour;
    double halo = 3.0;
};

// Text with a white halo, readable over borders and event symbols; drawn once per name, font
// and colour, then blitted from the sprite cache.
void strokeAndFill(QPainter &painter, const QPointF &baseline, const QString &text, const TextStyle &style)
{
    QPainterPath path;
    path.addText(baseline, style.font, text);
    QPen pen(MapPalette::halo(), style.halo);
    pen.setJoinStyle(Qt::RoundJoin);
    painter.strokePath(path, pen);
    painter.fillPath(path, style.colour);
}

void drawHaloText(QPainter &painter, const QPointF &baseline, const QString &text, const TextStyle &style,
                  bool vectorOutput)
{
    if (vectorOutput)
        return strokeAndFill(painter, baseline, text, style);
    const qreal dpr = painter.device()->devicePixelRatioF();
    const QString key = QStringLiteral("label\x1f%1\x1f%2\x1f%3\x1f%4\x1f%5")
                            .arg(text, style.font.key()).arg(style.colour.rgba()).arg(style.halo).arg(dpr);
    const SpriteCache::Sprite sprite = SpriteCache::get(key, [&] {
        const QFontMetricsF metrics(style.font);
        const double pad = std::ceil(style.halo) + 2.0;
        QImage image = SpriteCache::canvas(QSizeF(metrics.horizontalAdvance(text) + 2 * pad + metrics.averageCharWidth() * 0.3,
                                                  metrics.ascent() + metrics.descent() + 2 * pad), dpr);
        const QPointF origin(pad, pad + metrics.ascent());
        QPainter p(&image);
        p.setRenderHint(QPainter::Antialiasing);
        strokeAndFill(p, origin, text, style);
        return SpriteCache::Sprite{image, origin};
    });
    SpriteCache::draw(painter, baseline, sprite);
}

// A box for `text` with its top-left at `topLeft`, and the baseline inside it.
struct TextBox {
    QRectF rect;
    QPointF baseline;
};

TextBox boxAt(const QFontMetricsF &metrics, const QString &text, const QPointF &topLeft)
{
    const double w = metrics.horizontalAdvance(text);
    const double h = metrics.ascent() + metrics.descent() * 0.6;
    return {QRectF(topLeft, QSizeF(w, h)), topLeft + QPointF(0, metrics.ascent())};
}

TextBox centredBox(const QFontMetricsF &metrics, const QString &text, const QPointF &centre)
{
    const double w = metrics.horizontalAdvance(text);
    const double h = metrics.ascent() + metrics.descent() * 0.6;
    return boxAt(metrics, text, centre - QPointF(w / 2, h / 2));
}

// Where an area's name goes in this view: its label point when in view, else the middle of its
// visible part when that lies inside it (a province half off-screen still gets its name).
std::optional<QPointF> areaAnchor(const VectorLayer::Feature &f, const MapSettings &settings)
{
    const QRectF view = settings.extent();
    const QRectF inner = view.adjusted(view.width() * 0.04, view.height() * 0.04, -view.width() * 0.04,
                                       -view.height() * 0.04);
    if (inner.contains(f.labelPoint))
        return settings.toScreen(f.labelPoint);
    const QRectF part = f.bounds.intersected(view);
    if (part.width() < view.width() * 0.3 && part.height() < view.height() * 0.3)
        return std::nullopt;
    if (!f.area.contains(part.center()))
        return std::nullopt;
    return settings.toScreen(part.center());
}

class Labeller {
public:
    Labeller(QPainter &painter, const MapSettings &settings, const EventLayout *events)
        : mPainter(painter)
        , mSettings(settings)
        , mPlacer(QRectF(QPointF(0, 0), QSizeF(settings.outputSize())).adjusted(2, 2, -2, -2))
    {
        if (!events || events->heatMap)
            return;
        // A briefing's names of the events' places (EventLayout::placeLabels) are taken: other
        // names keep off them, and a town already named there is not named twice.
        for (const EventLayout::PlaceLabel &label : events->placeLabels) {
            mPlacer.add(label.rect);
            mNamed.insert(label.text);
        }
        for (const EventLayout::Item &item : events->items) {
            const QPointF at = events->screenPosition(settings, item);
            const double r = item.radius;
            mObstacles.push_back({at, r});
            mPlacer.add(QRectF(at.x() - r * 0.8, at.y() - r * 0.8, r * 1.6, r * 1.6));
        }
    }

    void areaName(const VectorLayer::Feature &f, const QString &text, const TextStyle &style, double minAreaPixels)
    {
        if (text.isEmpty())
            return;
        const double mpp = mSettings.metresPerPixel();
        if (f.bounds.width() / mpp * f.bounds.height() / mpp < minAreaPixels)
            return;
        const auto anchor = areaAnchor(f, mSettings);
        if (!anchor)
            return;
        const QFontMetricsF metrics(style.font);
        const TextBox box = centredBox(metrics, text, *anchor);
        if (mPlacer.tryAdd(box.rect))
            drawHaloText(mPainter, box.baseline, text, style, mSettings.vectorOutput());
    }

    void place(const Basemap::PlaceLabel &p, const TextStyle &style, bool foreign)
    {
        if (mNamed.contains(p.name))
            return;
        QPointF at = mSettings.toScreen(p.position);
        double dot = p.kind == Basemap::PlaceKind::Capital ? 4.5
                     : p.kind == Basemap::PlaceKind::ProvinceCapital ? 3.0 : 2.4;
        QRectF dotRect(at.x() - dot, at.y() - dot, 2 * dot, 2 * dot);
        // A town under an event symbol or cluster: the symbol marks it; the name goes around it.
        bool covered = false;
        for (const Obstacle &o : mObstacles) {
            const QPointF d = o.centre - at;
            const double reach = o.radius + dot;
            if (d.x() * d.x() + d.y() * d.y() <= reach * reach) {
                at = o.centre;
                dot = o.radius;
                dotRect = QRectF();
                covered = true;
                break;
            }
        }
        if (!covered && !mPlacer.fits(dotRect))
            return;
        const QFontMetricsF metrics(style.font);
        const double w = metrics.horizontalAdvance(p.name);
        const double h = metrics.ascent() + metrics.descent() * 0.6;
        const double gap = dot + 2.5;
        // Right of the dot first (the convention), then left, above, below, and the diagonals.
        const QPointF candidates[] = {
            {at.x() + gap, at.y() - h / 2},         {at.x() - gap - w, at.y() - h / 2},
            {at.x() - w / 2, at.y() - gap - h},     {at.x() - w / 2, at.y() + gap},
            {at.x() + gap * 0.7, at.y() - gap * 0.7 - h}, {at.x() + gap * 0.7, at.y() + gap * 0.7},
            {at.x() - gap * 0.7 - w, at.y() - gap * 0.7 - h}, {at.x() - gap * 0.7 - w, at.y() + gap * 0.7},
        };
        for (const QPointF &topLeft : candidates) {
            const TextBox box = boxAt(metrics, p.name, topLeft);
            if (!mPlacer.fits(box.rect) || (!covered && box.rect.intersects(dotRect)))
                continue;
            mPlacer.add(box.rect);
            if (!covered) {
                mPlacer.add(dotRect);
                drawDot(at, p.kind, foreign);
            }
            drawHaloText(mPainter, box.baseline, p.name, style, mSettings.vectorOutput());
            return;
        }
    }

private:
    void drawDot(const QPointF &at, Basemap::PlaceKind kind, bool foreign)
    {
        const QColor ink = foreign ? QColor(0x6a, 0x66, 0x60) : QColor(0x30, 0x30, 0x30);
        mPainter.save();
        mPainter.setRenderHint(QPainter::Antialiasing);
        switch (kind) {
        case Basemap::PlaceKind::Capital:
            mPainter.setPen(QPen(ink, 1.6));
            mPainter.setBrush(Qt::white);
            mPainter.drawEllipse(at, 4.3, 4.3);
            mPainter.setPen(Qt::NoPen);
            mPainter.setBrush(ink);
            mPainter.drawEllipse(at, 2.0, 2.0);
            break;
        case Basemap::PlaceKind::ProvinceCapital:
            mPainter.setPen(QPen(Qt::white, 1.2));
            mPainter.setBrush(ink);
            mPainter.drawEllipse(at, 2.9, 2.9);
            break;
        case Basemap::PlaceKind::City:
            mPainter.setPen(QPen(Qt::white, 1.0));
            mPainter.setBrush(ink.lighter(130));
            mPainter.drawEllipse(at, 2.3, 2.3);
            break;
        }
        mPainter.restore();
    }

    struct Obstacle {
        QPointF centre;
        double radius;
    };

    QPainter &mPainter;
    const MapSettings &mSettings;
    LabelPlacer mPlacer;
    std::vector<Obstacle> mObstacles;
    QSet<QString> mNamed;
};

TextStyle placeStyle(const Basemap::PlaceLabel &p, bool foreign)
{
    static const int sizes[] = {15, 13, 12, 11, 10};
    static const QFont::Weight weights[] = {QFont::Bold, QFont::DemiBold, QFont::Medium, QFont::Normal, QFont::Normal};
    const int i = std::clamp(p.rank, 1, 5) - 1;
    return {MapFonts::font(sizes[i] - (foreign ? 1 : 0), weights[i]),
            foreign ? MapPalette::foreignPlaceName() : MapPalette::placeName(), 3.0};
}

} // namespace

double LabelRenderer::maxScaleForRank(int rank)
{
    switch (rank) {
    case 1: return MapSettings::kMaxMetresPerPixel;
    case 2: return 4000.0;
    case 3: return 1800.0;
    case 4: return 700.0;
    default: return 260.0;
    }
}

void LabelRenderer::paint(QPainter &painter, const MapSettings &settings, const EventLayout *events)
{
    const Basemap *basemap = settings.basemap().get();
    if (!basemap || !settings.drawText() || !settings.hasDecoration(MapSettings::Labels))
        return;
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    Labeller labeller(painter, settings, events);
    const double mpp = settings.metresPerPixel();
    const QRectF view = settings.extent();
    const auto inView = [&view](const QPointF &p) { return view.contains(p); };
    const auto placesOfRank = [&](int rank) {
        if (mpp > maxScaleForRank(rank))
            return;
        for (const Basemap::PlaceLabel &p : basemap->places()) {
            if (p.rank != rank || !inView(p.position))
                continue;
            const bool foreign = !p.country.isEmpty() && p.country != QLatin1String(Basemap::kFocusCountry);
            // The neighbours' towns are orientation only: one rank less than ours.
            if (foreign && rank > 1 && mpp > maxScaleForRank(rank + 1))
                continue;
            labeller.place(p, placeStyle(p, foreign), foreign);
        }
    };

    placesOfRank(1);
    const TextStyle countryStyle{MapFonts::spacedCaps(mpp > 1500 ? 13 : 15, 118, QFont::DemiBold),
                                 MapPalette::countryName(), 3.0};
    for (const Basemap::Area &a : basemap->countryAreas())
        if (!a.focus)
            labeller.areaName(basemap->countries().features()[size_t(a.feature)], a.name, countryStyle, 6000);
    placesOfRank(2);
    if (mpp < 3200) {
        const TextStyle provinceStyle{MapFonts::spacedCaps(mpp > 1400 ? 9 : 11, 112), MapPalette::provinceName(), 2.5};
        for (const Basemap::Area &a : basemap->provinceAreas())
            if (a.focus)
                labeller.areaName(basemap->provinces().features()[size_t(a.feature)], a.name, provinceStyle, 2500);
    }
    if (mpp > 2200) {
        const TextStyle focusStyle{MapFonts::spacedCaps(18, 135, QFont::DemiBold), MapPalette::countryName(), 3.0};
        for (const Basemap::Area &a : basemap->countryAreas())
            if (a.focus)
                labeller.areaName(basemap->countries().features()[size_t(a.feature)], a.name, focusStyle, 6000);
    }
    for (int rank = 3; rank <= 5; ++rank)
        placesOfRank(rank);
    if (mpp < 1500) {
        const TextStyle neighbourProvince{MapFonts::spacedCaps(10, 110), MapPalette::provinceName().lighter(115), 2.5};
        for (const Basemap::Area &a : basemap->provinceAreas())
            if (!a.focus)
                labeller.areaName(basemap->provinces().features()[size_t(a.feature)], a.name, neighbourProvince, 4000);
    }
    painter.restore();
}

} // namespace mapline
