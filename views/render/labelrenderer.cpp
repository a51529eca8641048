#include "render/labelrenderer.h"

#include "control/controllayer.h"
#include "render/controllayerrenderer.h"

#include "render/eventlayerrenderer.h"
#include "render/eventlayout.h"
#include "geo/layersource.h"
#include "render/halotext.h"
#include "render/labelplacer.h"
#include "render/mapfonts.h"
#include "render/mappalette.h"
#include "render/mapsettings.h"

#include <QFontMetricsF>
#include <QLineF>
#include <QLocale>
#include <QSet>
#include <QVarLengthArray>

#include <cmath>
#include <optional>

namespace mapline {
namespace {

struct TextStyle {
    QFont font;
    QColor colour;
    double halo = 3.0;
};

void drawHaloText(QPainter &painter, const QPointF &baseline, const QString &text, const TextStyle &style,
                  bool vectorOutput)
{
    HaloText::draw(painter, baseline, text, style.font, style.colour, style.halo, vectorOutput);
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

// Dot: the layer drew the point itself; the name goes beside it, the dot is kept clear.
enum class PointSymbol { None, Airport, Airfield, Peak, Pass, Landmark, Dot };

class Labeller {
public:
    Labeller(QPainter &painter, const MapSettings &settings, const EventLayout *events)
        : mPainter(painter)
        , mSettings(settings)
        , mPlacer(QRectF(QPointF(0, 0), QSizeF(settings.outputSize())).adjusted(2, 2, -2, -2))
        , mSelection(EventLayerRenderer::selectionCentre(settings))
    {
        // The selected event's rings, painted over the names by the canvas: a name goes around
        // them (a town under the selection was half hidden, its first letters under the ring).
        if (mSelection) {
            const double r = EventLayerRenderer::kSelectionRadius;
            mObstacles.push_back({*mSelection, r});
            mPlacer.add(QRectF(mSelection->x() - r * 0.8, mSelection->y() - r * 0.8, r * 1.6, r * 1.6));
        }
        // The control layer's markers (drawn over this overlay): a town under one is named
        // beside it, other names keep off it. First, so a ringed group's outer ring is the one
        // a town's name goes around.
        for (const ControlLayerRenderer::Disc &disc : ControlLayerRenderer::discs(settings, events)) {
            const QPointF &c = disc.centre;
            const double r = disc.radius;
            mObstacles.push_back({c, r});
            mPlacer.add(QRectF(c.x() - r * 0.8, c.y() - r * 0.8, r * 1.6, r * 1.6));
        }
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
            drawText(box.baseline, text, style, mSettings.vectorOutput());
    }

    // `marker`: the events drawn on this town (a symbol, a cluster, or a fanned-out group, as a
    // centre and a radius in pixels), when the caller knows them.
    void place(const Basemap::PlaceLabel &p, const TextStyle &style, bool foreign,
               std::optional<std::pair<QPointF, double>> marker = std::nullopt)
    {
        if (mNamed.contains(p.name))
            return;
        QPointF at = mSettings.toScreen(p.position);
        double dot = p.kind == Basemap::PlaceKind::Capital ? 4.5
                     : p.kind == Basemap::PlaceKind::ProvinceCapital ? 3.0 : 2.4;
        QRectF dotRect(at.x() - dot, at.y() - dot, 2 * dot, 2 * dot);
        // A town under or beside an event symbol or cluster: the symbol marks it; the name goes
        // around the symbol (a town whose dot only touched a cluster used to lose its name, so
        // the names vanished exactly where the events are).
        bool covered = false;
        if (marker) {
            at = marker->first;
            dot = marker->second;
            dotRect = QRectF();
            covered = true;
        }
        static const std::vector<Obstacle> kNone;
        for (const Obstacle &o : covered ? kNone : mObstacles) {
            const QPointF d = o.centre - at;
            const double reach = o.radius + dot + 3.0;
            if (d.x() * d.x() + d.y() * d.y() <= reach * reach) {
                at = o.centre;
                dot = o.radius;
                dotRect = QRectF();
                covered = true;
                break;
            }
        }
        // A marker inside a larger one drawn around it (a control ring around the events' group,
        // the selection's rings around a symbol): the name goes around the outermost, or it had
        // no room at all (Kunduz and Kandahar went unnamed under their control rings).
        if (covered)
            for (const Obstacle &o : mObstacles)
                if (o.radius > dot && QLineF(o.centre, at).length() + dot <= o.radius + 2.0) {
                    at = o.centre;
                    dot = o.radius;
                }
        if (!covered && !mPlacer.fits(dotRect))
            return;
        const QFontMetricsF metrics(style.font);
        const double w = metrics.horizontalAdvance(p.name);
        const double h = metrics.ascent() + metrics.descent() * 0.6;
        // Right of the dot first (the convention), then left, above, below, and the diagonals;
        // beside a cluster a second ring further out, so crowded places still get their name.
        QVarLengthArray<QPointF, 16> candidates;
        for (const double gap : {dot + 2.5, dot + 9.0}) {
            const QPointF ring[] = {
                {at.x() + gap, at.y() - h / 2},         {at.x() - gap - w, at.y() - h / 2},
                {at.x() - w / 2, at.y() - gap - h},     {at.x() - w / 2, at.y() + gap},
                {at.x() + gap * 0.7, at.y() - gap * 0.7 - h}, {at.x() + gap * 0.7, at.y() + gap * 0.7},
                {at.x() - gap * 0.7 - w, at.y() - gap * 0.7 - h}, {at.x() - gap * 0.7 - w, at.y() + gap * 0.7},
            };
            candidates.append(ring, qsizetype(std::size(ring)));
            if (!covered)
                break;
        }
        for (const QPointF &topLeft : candidates) {
            const TextBox box = boxAt(metrics, p.name, topLeft);
            if (!mPlacer.fits(box.rect) || (!covered && box.rect.intersects(dotRect)))
                continue;
            mPlacer.add(box.rect);
            if (!covered) {
                mPlacer.add(dotRect);
                drawDot(at, p.kind, foreign);
            }
            drawText(box.baseline, p.name, style, mSettings.vectorOutput());
            return;
        }
    }

    // A named point with its symbol (airport, peak, pass, landmark) or none (a district's name
    // centred on its seat). Kept only where both fit; returns whether it was drawn.
    bool namedPoint(const QPointF &metres, const QString &text, const TextStyle &style, PointSymbol symbol)
    {
        const QPointF at = mSettings.toScreen(metres);
        const QFontMetricsF metrics(style.font);
        const double r = symbol == PointSymbol::None ? 0.0 : symbol == PointSymbol::Airport ? 5.0 : 4.0;
        const QRectF symbolRect(at.x() - r, at.y() - r, 2 * r, 2 * r);
        if (symbol != PointSymbol::None && !mPlacer.fits(symbolRect))
            return false;
        if (symbol == PointSymbol::None) {
            const TextBox box = centredBox(metrics, text, at);
            if (!mPlacer.tryAdd(box.rect))
                return false;
            drawText(box.baseline, text, style, mSettings.vectorOutput());
            return true;
        }
        const double w = metrics.horizontalAdvance(text);
        const double h = metrics.ascent() + metrics.descent() * 0.6;
        const double gap = r + 2.5;
        const QPointF candidates[] = {{at.x() + gap, at.y() - h / 2}, {at.x() - gap - w, at.y() - h / 2},
                                      {at.x() - w / 2, at.y() + gap}, {at.x() - w / 2, at.y() - gap - h}};
        for (const QPointF &topLeft : candidates) {
            const TextBox box = boxAt(metrics, text, topLeft);
            if (!mPlacer.fits(box.rect) || box.rect.intersects(symbolRect))
                continue;
            mPlacer.add(box.rect);
            mPlacer.add(symbolRect);
            drawSymbol(at, symbol);
            drawText(box.baseline, text, style, mSettings.vectorOutput());
            return true;
        }
        return false;
    }

    // A range's or a desert's name across its area, slanted by `angle` degrees.
    void slantedName(const QPointF &metres, const QString &text, const TextStyle &style, double angle)
    {
        const QPointF at = mSettings.toScreen(metres);
        const QFontMetricsF metrics(style.font);
        const TextBox box = centredBox(metrics, text, QPointF(0, 0));
        QTransform rotation;
        rotation.translate(at.x(), at.y());
        rotation.rotate(-angle);
        if (!mPlacer.tryAdd(rotation.mapRect(box.rect)))
            return;
        mPainter.save();
        mPainter.setTransform(rotation, true);
        drawText(box.baseline, text, style, mSettings.vectorOutput());
        mPainter.restore();
    }

    const QStringList &placed() const { return mPlaced; }

private:
    void drawText(const QPointF &baseline, const QString &text, const TextStyle &style, bool vectorOutput)
    {
        mPlaced << text;
        drawHaloText(mPainter, baseline, text, style, vectorOutput);
    }

    void drawSymbol(const QPointF &at, PointSymbol symbol)
    {
        mPainter.save();
        mPainter.setRenderHint(QPainter::Antialiasing);
        switch (symbol) {
        case PointSymbol::Airport: {
            mPainter.setPen(QPen(Qt::white, 1.2));
            mPainter.setBrush(MapPalette::airport());
            mPainter.drawEllipse(at, 4.6, 4.6);
            // A runway across the disc.
            mPainter.setPen(QPen(Qt::white, 1.4, Qt::SolidLine, Qt::FlatCap));
            mPainter.drawLine(at + QPointF(-2.8, 2.0), at + QPointF(2.8, -2.0));
            break;
        }
        case PointSymbol::Airfield:
            mPainter.setPen(QPen(MapPalette::airport(), 1.4));
            mPainter.setBrush(Qt::white);
            mPainter.drawEllipse(at, 3.4, 3.4);
            break;
        case PointSymbol::Peak: {
            const QPointF triangle[] = {at + QPointF(0, -4.2), at + QPointF(4.2, 3.2), at + QPointF(-4.2, 3.2)};
            mPainter.setPen(QPen(Qt::white, 1.0));
            mPainter.setBrush(MapPalette::terrainName());
            mPainter.drawPolygon(triangle, 3);
            break;
        }
        case PointSymbol::Pass: {
            // ")(": the two slopes of a pass.
            mPainter.setPen(QPen(MapPalette::terrainName(), 1.6));
            mPainter.setBrush(Qt::NoBrush);
            mPainter.drawArc(QRectF(at.x() - 7.0, at.y() - 4.5, 6.0, 9.0), -60 * 16, 120 * 16);
            mPainter.drawArc(QRectF(at.x() + 1.0, at.y() - 4.5, 6.0, 9.0), 120 * 16, 120 * 16);
            break;
        }
        case PointSymbol::Landmark: {
            const QPointF diamond[] = {at + QPointF(0, -3.6), at + QPointF(3.6, 0), at + QPointF(0, 3.6),
                                       at + QPointF(-3.6, 0)};
            mPainter.setPen(QPen(Qt::white, 1.0));
            mPainter.setBrush(MapPalette::landmark());
            mPainter.drawPolygon(diamond, 4);
            break;
        }
        case PointSymbol::None:
        case PointSymbol::Dot:
            break;
        }
        mPainter.restore();
    }

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
    std::optional<QPointF> mSelection; // EventLayerRenderer::selectionCentre
    QStringList mPlaced;
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

// The basemap's named points and terrain, in three passes interleaved with the towns: after
// rank-3 towns the ranges, major peaks and the main airports; after rank 4 the other airports,
// peaks and passes; after rank 5 (city scale) landmarks and district names.
void paintTerrainAndAirports(Labeller &labeller, const Basemap &basemap, const MapSettings &settings, int pass)
{
    const double mpp = settings.metresPerPixel();
    const QRectF view = settings.extent();
    const TextStyle range{MapFonts::spacedCaps(mpp > 900 ? 11 : 13, 135, QFont::Medium), MapPalette::terrainName(), 2.5};
    const TextStyle smallTerrain{MapFonts::font(11, QFont::Normal, true), MapPalette::terrainName(), 2.5};
    const TextStyle airport{MapFonts::font(11, QFont::Medium), MapPalette::airport(), 2.5};
    const TextStyle landmark{MapFonts::font(11, QFont::Normal, true), MapPalette::landmark(), 2.5};
    const TextStyle district{MapFonts::spacedCaps(10, 108), MapPalette::districtName(), 2.5};
    const auto label = [](const Basemap::NamedPoint &p) {
        return p.elevation > 0 && (p.kind == u"peak" || p.kind == u"pass")
                   ? QStringLiteral("%1 %2 m").arg(p.name, QLocale(QLocale::English).toString(p.elevation))
                   : p.name;
    };
    if (pass == 3) {
        for (const Basemap::NamedPoint &p : basemap.terrain()) {
            if (!view.contains(p.position))
                continue;
            if (p.kind == u"range" && mpp < 2600)
                labeller.slantedName(p.position, p.name, range, p.angle);
            else if ((p.kind == u"desert" && mpp > 200 && mpp < 2600) || (p.kind == u"valley" && mpp > 40 && mpp < 700))
                labeller.slantedName(p.position, p.name, smallTerrain, p.angle);
            else if (p.kind == u"peak" && p.elevation >= 7000 && mpp < 1600)
                labeller.namedPoint(p.position, label(p), smallTerrain, PointSymbol::Peak);
        }
        for (const Basemap::NamedPoint &p : basemap.airports())
            if (p.kind != u"airfield" && mpp < 700 && view.contains(p.position))
                labeller.namedPoint(p.position, p.name, airport, PointSymbol::Airport);
    } else if (pass == 4) {
        for (const Basemap::NamedPoint &p : basemap.terrain()) {
            if (!view.contains(p.position))
                continue;
            if (p.kind == u"peak" && mpp < 700)
                labeller.namedPoint(p.position, label(p), smallTerrain, PointSymbol::Peak);
            else if (p.kind == u"pass" && mpp < 500)
                labeller.namedPoint(p.position, label(p), smallTerrain, PointSymbol::Pass);
        }
        for (const Basemap::NamedPoint &p : basemap.airports())
            if (p.kind == u"airfield" && mpp < 400 && view.contains(p.position))
                labeller.namedPoint(p.position, p.name, airport, PointSymbol::Airfield);
    } else {
        if (mpp < 260)
            for (const Basemap::NamedPoint &p : basemap.landmarks())
                if (view.contains(p.position))
                    labeller.namedPoint(p.position, p.name, landmark, PointSymbol::Landmark);
        if (mpp < 120)
            for (const Basemap::NamedPoint &p : basemap.districts())
                if (view.contains(p.position))
                    labeller.namedPoint(p.position, p.name, district, PointSymbol::None);
    }
}

// The user's layers' names: OpenStreetMap places by their class and scale, and the features of
// a layer given a label attribute.
void paintLayerNames(Labeller &labeller, const MapSettings &settings)
{
    const double mpp = settings.metresPerPixel();
    const QRectF view = settings.extent();
    for (const MapSettings::Layer &layer : settings.layers()) {
        const VectorLayer *vector = layer.source ? layer.source->vector() : nullptr;
        if (!vector || !layer.visible)
            continue;
        const auto &features = vector->features();
        if (layer.source->isOsm()) {
            const int name = vector->fieldIndex(QStringLiteral("name"));
            if (name < 0)
                continue;
            const auto &classes = layer.source->osmClasses();
            // Cities first, then towns, villages, hamlets, each from the scale where it reads.
            const struct { osm::Class cls; double maxMpp; int size; QFont::Weight weight; } kinds[] = {
                {osm::City, 3000, 14, QFont::DemiBold}, {osm::Town, 600, 12, QFont::Medium},
                {osm::Village, 150, 11, QFont::Normal}, {osm::Hamlet, 45, 10, QFont::Normal}};
            for (const auto &kind : kinds) {
                if (mpp > kind.maxMpp)
                    continue;
                const TextStyle style{MapFonts::font(kind.size, kind.weight), MapPalette::placeName(), 3.0};
                for (size_t i = 0; i < features.size(); ++i) {
                    if (classes[i] != kind.cls || !view.contains(features[i].labelPoint))
                        continue;
                    const QString text = vector->attribute(features[i], name).toString();
                    if (!text.isEmpty())
                        labeller.namedPoint(features[i].labelPoint, text, style, PointSymbol::None);
                }
            }
            continue;
        }
        const int field = layer.labelField.isEmpty() ? -1 : vector->fieldIndex(layer.labelField);
        if (field < 0)
            continue;
        const TextStyle style{MapFonts::font(11, QFont::Medium), layer.colour.isValid() ? layer.colour.darker(140)
                                                                                        : MapPalette::placeName(), 3.0};
        for (const VectorLayer::Feature &f : features) {
            if (!view.contains(f.labelPoint))
                continue;
            const QString text = vector->attribute(f, field).toString();
            if (!text.isEmpty())
                labeller.namedPoint(f.labelPoint, text, style, f.points.isEmpty() ? PointSymbol::None : PointSymbol::Dot);
        }
    }
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

QStringList LabelRenderer::paint(QPainter &painter, const MapSettings &settings, const EventLayout *events)
{
    const Basemap *basemap = settings.basemap().get();
    if (!basemap || !settings.drawText() || !settings.hasDecoration(MapSettings::Labels))
        return {};
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    Labeller labeller(painter, settings, events);
    const double mpp = settings.metresPerPixel();
    const QRectF view = settings.extent();
    const auto inView = [&view](const QPointF &p) { return view.contains(p); };
    const auto isForeign = [](const Basemap::PlaceLabel &p) {
        return !p.country.isEmpty() && p.country != QLatin1String(Basemap::kFocusCountry);
    };
    std::vector<bool> done(size_t(basemap->places().size()), false);
    const auto placesOfRank = [&](int rank) {
        if (mpp > maxScaleForRank(rank))
            return;
        for (qsizetype i = 0; i < basemap->places().size(); ++i) {
            const Basemap::PlaceLabel &p = basemap->places()[i];
            if (p.rank != rank || done[size_t(i)] || !inView(p.position))
                continue;
            const bool foreign = isForeign(p);
            // The neighbours' towns are orientation only: one rank less than ours.
            if (foreign && rank > 1 && mpp > maxScaleForRank(rank + 1))
                continue;
            labeller.place(p, placeStyle(p, foreign), foreign);
        }
    };

    // The events' places first: the town each event symbol or cluster stands on (the most
    // important one within its reach) is named before anything else competes for the room, so
    // an analyst can always read where the events are. Two ranks beyond the scale's own towns at
    // most, so a country view names Kunduz under its cluster but not every village.
    if (events && !events->heatMap && !events->items.empty()) {
        // The candidate towns once, in screen pixels (a few hundred at most), not once per item.
        std::vector<std::pair<qsizetype, QPointF>> candidates;
        for (qsizetype i = 0; i < basemap->places().size(); ++i) {
            const Basemap::PlaceLabel &p = basemap->places()[i];
            if (mpp <= maxScaleForRank(std::max(1, p.rank - 2)) && inView(p.position))
                candidates.emplace_back(i, settings.toScreen(p.position));
        }
        for (const EventLayout::Item &item : events->items) {
            // The events' place, not the symbol's: a fanned-out group circles its place.
            const QPointF at = settings.toScreen(item.metres);
            const double spread = std::hypot(item.offset.x(), item.offset.y()) + item.radius;
            const double reach = spread + 4.0;
            qsizetype best = -1;
            for (const auto &[i, screen] : candidates) {
                const QPointF d = screen - at;
                if (done[size_t(i)] || d.x() * d.x() + d.y() * d.y() > reach * reach)
                    continue;
                if (best < 0 || basemap->places()[i].rank < basemap->places()[best].rank)
                    best = i; // places() is sorted by importance: the first of a rank wins
            }
            if (best >= 0) {
                const Basemap::PlaceLabel &p = basemap->places()[best];
                labeller.place(p, placeStyle(p, isForeign(p)), isForeign(p), std::make_pair(at, spread));
                done[size_t(best)] = true;
            }
        }
    }

    // The control layer's places next (drawn over this overlay on the GUI thread): a marker
    // without its name is a question ("which town is that blue disc?"). The basemap's town of
    // that name when there is one (its style and rank), else the place as a town.
    if (const ControlLayer *control = settings.control().get()) {
        for (const ControlLayerRenderer::Disc &disc : ControlLayerRenderer::discs(settings, events)) {
            if (disc.around)
                continue; // the events' symbol there: its town was named above
            const Place &place = control->places()[disc.place].place;
            Basemap::PlaceLabel label{control->position(disc.place), place.name, Basemap::PlaceKind::City, 4, 0,
                                      place.country};
            bool named = false;
            for (qsizetype i = 0; i < basemap->places().size(); ++i)
                if (basemap->places()[i].name == place.name) {
                    named = done[size_t(i)];
                    if (!named)
                        label = basemap->places()[i];
                    done[size_t(i)] = true;
                    break;
                }
            if (!named)
                labeller.place(label, placeStyle(label, isForeign(label)), isForeign(label),
                               std::make_pair(disc.centre, disc.radius));
        }
    }

    placesOfRank(1);
    // The analyst's own layers are what they chose to see: their names before the basemap's.
    paintLayerNames(labeller, settings);
    const TextStyle countryStyle{MapFonts::spacedCaps(mpp > 1500 ? 13 : 15, 118, QFont::DemiBold),
                                 MapPalette::countryName(), 3.0};
    for (const Basemap::Area &a : basemap->countryAreas())
        if (!a.focus)
            labeller.areaName(basemap->countries().features()[size_t(a.feature)], a.name, countryStyle, 6000);
    placesOfRank(2);
    // Province names: context at country scale, where they come early; at city scale they
    // yield to every town, landmark and district, so they come last.
    const auto provinceNames = [&] {
        const TextStyle provinceStyle{MapFonts::spacedCaps(mpp > 1400 ? 9 : 11, 112), MapPalette::provinceName(), 2.5};
        for (const Basemap::Area &a : basemap->provinceAreas())
            if (a.focus)
                labeller.areaName(basemap->provinces().features()[size_t(a.feature)], a.name, provinceStyle, 2500);
    };
    constexpr double kCityScale = 300.0;
    if (mpp < 3200 && mpp >= kCityScale)
        provinceNames();
    if (mpp > 2200) {
        const TextStyle focusStyle{MapFonts::spacedCaps(18, 135, QFont::DemiBold), MapPalette::countryName(), 3.0};
        for (const Basemap::Area &a : basemap->countryAreas())
            if (a.focus)
                labeller.areaName(basemap->countries().features()[size_t(a.feature)], a.name, focusStyle, 6000);
    }
    placesOfRank(3);
    paintTerrainAndAirports(labeller, *basemap, settings, 3);
    placesOfRank(4);
    paintTerrainAndAirports(labeller, *basemap, settings, 4);
    placesOfRank(5);
    paintTerrainAndAirports(labeller, *basemap, settings, 5);
    if (mpp < kCityScale)
        provinceNames();
    if (mpp < 1500) {
        const TextStyle neighbourProvince{MapFonts::spacedCaps(10, 110), MapPalette::provinceName().lighter(115), 2.5};
        for (const Basemap::Area &a : basemap->provinceAreas())
            if (!a.focus)
                labeller.areaName(basemap->provinces().features()[size_t(a.feature)], a.name, neighbourProvince, 4000);
    }
    painter.restore();
    return labeller.placed();
}

} // namespace mapline
