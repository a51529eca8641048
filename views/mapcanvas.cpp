#include "mapcanvas.h"

#include "geo/projection.h"
#include "io/protectedfiles.h"
#include "render/basemaprenderer.h"
#include "render/controllayerrenderer.h"
#include "render/decorationrenderer.h"
#include "render/eventlayerrenderer.h"
#include "render/mappalette.h"
#include "render/nearcirclerenderer.h"
#include "io/timing.h"
#include "render/maprenderer.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QPainter>
#include <QtConcurrent/QtConcurrentRun>

#include <QVariantMap>

#include <algorithm>
#include <limits>
#include <cmath>
#include <vector>

namespace mapline {
namespace {

constexpr int kSettleMs = 140;        // a pause in panning or wheeling before the basemap is redrawn
constexpr double kKeyZoom = 2.0;      // the zoom buttons' and keys' step

// The region the basemap covers: the view's centre stays inside it.
const QRectF kRegion = Projection::project(QGeoRectangle(QGeoCoordinate(43.0, 55.0), QGeoCoordinate(24.0, 80.0)));

} // namespace

MapCanvas::MapCanvas(QWidget *parent) : QWidget(parent)
{
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMinimumSize(200, 150);
    mSettings.setDecorations(MapSettings::Labels | MapSettings::ScaleBar | MapSettings::Attribution |
                             MapSettings::Legend);
    mSettleTimer.setSingleShot(true);
    mSettleTimer.setInterval(kSettleMs);
    connect(&mSettleTimer, &QTimer::timeout, this, [this] {
        requestBasemap();
        requestEvents();
    });
    connect(&mBasemapWatcher, &QFutureWatcher<BasemapFrame>::finished, this, &MapCanvas::basemapFinished);
    connect(&mEventWatcher, &QFutureWatcher<EventFrame>::finished, this, &MapCanvas::eventsFinished);
}

MapCanvas::~MapCanvas()
{
    mBasemapWatcher.waitForFinished();
    mEventWatcher.waitForFinished();
}

void MapCanvas::setBasemap(std::shared_ptr<const Basemap> basemap)
{
    mSettings.setBasemap(std::move(basemap));
    onViewChanged(Change::Immediate);
    emit layersChanged(); // whether the relief can be shown
}

void MapCanvas::setEventIndex(std::shared_ptr<const EventIndex> index)
{
    mSettings.setEvents(std::move(index));
    mSettings.setEventMask(mSettings.events() ? mSettings.events()->mask(mFilter) : nullptr);
    mHover.reset();
    requestEvents();
    update();
}

void MapCanvas::setEventMask(std::shared_ptr<const EventMask> mask)
{
    mSettings.setEventMask(std::move(mask));
    requestEvents();
    update();
}

void MapCanvas::setEventFilter(const EventFilter &filter)
{
    mFilter = filter;
    setEventMask(mSettings.events() ? mSettings.events()->mask(filter) : nullptr);
}

void MapCanvas::ensureEventVisible(qint64 eventId)
{
    const EventIndex *index = mSettings.events().get();
    const int row = index ? index->rowOfId(eventId) : -1;
    if (row < 0 || !index->hasPosition(row))
        return;
    const QPointF at = mSettings.toScreen(index->position(row));
    if (QRectF(rect()).adjusted(40, 40, -40, -40).contains(at))
        return;
    mSettings.setCenter(index->position(row));
    onViewChanged(Change::Immediate);
}

void MapCanvas::setTimeWindow(QDate from, QDate to)
{
    if (from == mSettings.from() && to == mSettings.to())
        return;
    mSettings.setTimeWindow(from, to);
    requestEvents();
    update();
}

void MapCanvas::setControlLayer(std::shared_ptr<const ControlLayer> layer)
{
    mControl = std::move(layer);
    mSettings.setControl(mControlVisible ? mControl : nullptr);
    requestEvents(); // the names in the overlay keep off the markers (LabelRenderer)
    update();
}

void MapCanvas::setControlVisible(bool visible)
{
    mControlVisible = visible;
    mSettings.setControl(mControlVisible ? mControl : nullptr);
    requestEvents(); // the names in the overlay keep off the markers (LabelRenderer)
    update();
}

void MapCanvas::setControlProvinces(bool on)
{
    mSettings.setControlProvinces(on);
    update();
}

void MapCanvas::setEventDescriber(std::function<QString(qint64)> describer)
{
    mDescriber = std::move(describer);
}

void MapCanvas::setSelectedEventId(qint64 eventId)
{
    if (eventId == mSettings.selectedEventId())
        return;
    mSettings.setSelectedEventId(eventId);
    // The highlight is painted on the GUI thread over the cached layers, at once; the overlay is
    // rendered again behind it only so that the names move out from under the rings.
    update();
    if (mSettings.drawText())
        requestEvents();
}

void MapCanvas::setView(const QGeoCoordinate &center, double metresPerPixel)
{
    mSettings.setCenter(Projection::project(center));
    mSettings.setMetresPerPixel(metresPerPixel);
    mViewInitialised = true;
    onViewChanged(Change::Immediate);
}

void MapCanvas::setExtent(const QGeoRectangle &box)
{
    mSettings.setOutputSize(size());
    mSettings.setGeoExtent(box, 24);
    mViewInitialised = true;
    onViewChanged(Change::Immediate);
}

void MapCanvas::zoomToAfghanistan()
{
    const Basemap *basemap = mSettings.basemap().get();
    setExtent(basemap ? basemap->focusExtent()
                      : QGeoRectangle(QGeoCoordinate(38.5, 60.5), QGeoCoordinate(29.35, 74.9)));
}

void MapCanvas::zoomToEvents()
{
    const EventIndex *index = mSettings.events().get();
    if (!index)
        return;
    const auto found = index->bounds(mSettings.eventWindow(), mSettings.eventMask().get());
    if (!found)
        return;
    const QRectF bounds = *found;
    mSettings.setOutputSize(size());
    if (bounds.width() < 1000 && bounds.height() < 1000) {
        mSettings.setCenter(bounds.center());
        mSettings.setMetresPerPixel(150);
    } else {
        fitView(bounds, 48, std::numeric_limits<double>::max());
    }
    mViewInitialised = true;
    onViewChanged(Change::Immediate);
}

void MapCanvas::fitView(const QRectF &metres, double margin, double maxMetresPerPixel)
{
    // The clear part: the canvas less the bands of the legends beside it (the events' legend top
    // right, the control legend bottom left), unless that would leave less than half its width.
    const QRectF whole(QPointF(0, 0), QSizeF(size()));
    QRectF clear = whole;
    for (const QRectF &panel : std::as_const(mPanels)) {
        if (panel.center().x() < whole.center().x())
            clear.setLeft(std::max(clear.left(), panel.right() + 4));
        else
            clear.setRight(std::min(clear.right(), panel.left() - 4));
    }
    if (clear.width() < whole.width() / 2)
        clear = whole;
    MapSettings fitted = mSettings;
    fitted.setOutputSize(clear.size().toSize());
    fitted.setExtent(metres, std::min({margin, clear.width() / 4, clear.height() / 4}));
    const double mpp = std::min(fitted.metresPerPixel(), maxMetresPerPixel);
    mSettings.setMetresPerPixel(mpp);
    // Where the members' middle must stand on the screen: the clear part's middle.
    const QPointF shift = clear.center() - whole.center();
    mSettings.setCenter(QPointF(metres.center().x() - shift.x() * mSettings.metresPerPixel(),
                                metres.center().y() + shift.y() * mSettings.metresPerPixel()));
}

void MapCanvas::zoomIn()
{
    mSettings.zoomBy(kKeyZoom, QPointF(width() / 2.0, height() / 2.0));
    onViewChanged(Change::Interactive);
}

void MapCanvas::zoomOut()
{
    mSettings.zoomBy(1.0 / kKeyZoom, QPointF(width() / 2.0, height() / 2.0));
    onViewChanged(Change::Interactive);
}

void MapCanvas::setShowsSources(bool on)
{
    if (on == mSettings.showsSources())
        return;
    mSettings.setShowsSources(on);
    mHover.reset();
    requestEvents();
}

void MapCanvas::setHeatMap(bool on)
{
    const auto display = on ? MapSettings::EventDisplay::HeatMap : MapSettings::EventDisplay::Symbols;
    if (display == mSettings.eventDisplay())
        return;
    mSettings.setEventDisplay(display);
    mHover.reset();
    requestEvents();
}

void MapCanvas::setSpread(const std::optional<MapSettings::Spread> &spread)
{
    if (spread == mSettings.spread())
        return;
    mSettings.setSpread(spread);
    mSpreadMetresPerPixel = mSettings.metresPerPixel();
    mHover.reset();
    requestEvents();
    update();
}

void MapCanvas::setNearCircle(const std::optional<MapSettings::Circle> &circle)
{
    if (circle == mSettings.nearCircle())
        return;
    mSettings.setNearCircle(circle);
    update(); // drawn on the GUI thread over the cached layers
}

void MapCanvas::setTimeStyle(EventTimeStyle::Mode mode)
{
    if (mode == mSettings.timeStyle())
        return;
    mSettings.setTimeStyle(mode);
    requestEvents();
    update();
}

std::vector<qint32> MapCanvas::rowsNear(const QPointF &centre, double radius) const
{
    std::vector<qint32> rows;
    const EventIndex *index = mSettings.events().get();
    if (!index)
        return rows;
    index->forEach(mSettings.eventWindow(), mSettings.eventMask().get(), [&](qsizetype row) {
        if (std::hypot(index->x(row) - centre.x(), index->y(row) - centre.y()) <= radius)
            rows.push_back(qint32(row));
    });
    return rows;
}

void MapCanvas::setLegendVisible(bool visible)
{
    mLegendVisible = visible;
    update();
}

Status MapCanvas::addLayerFile(const QString &path)
{
    // A layer is an input: no export of this viewer may ever be written over it.
    ProtectedFiles::add(path, QStringLiteral("a map layer"));
    auto opened = LayerSource::open(path);
    if (!opened)
        return Status::failure(opened.error());
    QList<MapSettings::Layer> layers = mSettings.layers();
    QStringList notices;
    const QRectF view = mSettings.extent();
    const Basemap *basemap = mSettings.basemap().get();
    for (const auto &source : opened.value()) {
        MapSettings::Layer layer;
        layer.source = source;
        layer.colour = BasemapRenderer::layerColour(int(layers.size()));
        layer.opacity = source->kind() == LayerSource::Kind::Raster ? 0.85 : 1.0;
        // An OpenStreetMap extract is a basemap: under the borders, names and events.
        layer.basemap = source->isOsm() || source->kind() == LayerSource::Kind::Raster;
        layers << layer;
        const QRectF bounds = source->bounds();
        const auto touches = [&bounds](const QRectF &r) {
            return bounds.right() >= r.left() && bounds.left() <= r.right() && bounds.bottom() >= r.top() &&
                   bounds.top() <= r.bottom();
        };
        if (basemap && !touches(basemap->bounds()))
            notices << tr("%1 lies outside the map region (55–80° E, 24–43° N): nothing of it can be shown.")
                           .arg(source->name());
        else if (!touches(view))
            notices << tr("%1 lies outside the current view: double-click it in the layer panel to go there.")
                           .arg(source->name());
        if (const VectorLayer *vector = source->vector()) {
            if (vector->skippedFeatures() > 0)
                notices << tr("%1: %n feature(s) without a usable geometry left out.", nullptr, vector->skippedFeatures())
                               .arg(source->name());
            if (vector->hasTime())
                notices << tr("%1 has dates (KML TimeStamp or TimeSpan): it follows the time window.").arg(source->name());
        }
    }
    mSettings.setLayers(layers);
    layersEdited();
    for (const QString &notice : std::as_const(notices))
        emit layerNotice(notice);
    return {};
}

QVariantList MapCanvas::layerState() const
{
    QVariantList out;
    for (const MapSettings::Layer &layer : mSettings.layers()) {
        QVariantMap m;
        m[QStringLiteral("path")] = layer.source->path();
        m[QStringLiteral("name")] = layer.source->name();
        m[QStringLiteral("visible")] = layer.visible;
        m[QStringLiteral("opacity")] = layer.opacity;
        m[QStringLiteral("colour")] = layer.colour.name(QColor::HexArgb);
        m[QStringLiteral("fill")] = layer.fill.isValid() ? layer.fill.name(QColor::HexArgb) : QString();
        m[QStringLiteral("width")] = layer.width;
        m[QStringLiteral("basemap")] = layer.basemap;
        m[QStringLiteral("labelField")] = layer.labelField;
        out << m;
    }
    return out;
}

QStringList MapCanvas::restoreLayers(const QVariantList &state)
{
    QStringList problems;
    QList<MapSettings::Layer> layers = mSettings.layers();
    QHash<QString, QList<std::shared_ptr<const LayerSource>>> opened; // each file opened once
    for (const QVariant &entry : state) {
        const QVariantMap m = entry.toMap();
        const QString path = m.value(QStringLiteral("path")).toString();
        if (!opened.contains(path)) {
            auto sources = LayerSource::open(path);
            if (!sources) {
                problems << sources.error();
                opened.insert(path, {});
                continue;
            }
            opened.insert(path, sources.value());
        }
        const QString name = m.value(QStringLiteral("name")).toString();
        const auto &sources = opened.value(path);
        const auto found = std::find_if(sources.begin(), sources.end(), [&name](const auto &s) { return s->name() == name; });
        if (found == sources.end()) {
            if (!sources.isEmpty())
                problems << tr("%1: the layer %2 is no longer in the file").arg(path, name);
            continue;
        }
        MapSettings::Layer layer;
        layer.source = *found;
        layer.visible = m.value(QStringLiteral("visible"), true).toBool();
        layer.opacity = std::clamp(m.value(QStringLiteral("opacity"), 1.0).toDouble(), 0.0, 1.0);
        layer.colour = QColor(m.value(QStringLiteral("colour")).toString());
        layer.fill = QColor(m.value(QStringLiteral("fill")).toString());
        layer.width = std::clamp(m.value(QStringLiteral("width"), 1.8).toDouble(), 0.2, 20.0);
        layer.basemap = m.value(QStringLiteral("basemap")).toBool();
        layer.labelField = m.value(QStringLiteral("labelField")).toString();
        layers << layer;
    }
    mSettings.setLayers(layers);
    layersEdited();
    return problems;
}

void MapCanvas::setLayerStyle(int layer, const MapSettings::Layer &style)
{
    QList<MapSettings::Layer> layers = mSettings.layers();
    if (layer < 0 || layer >= layers.size())
        return;
    MapSettings::Layer changed = style;
    changed.source = layers[layer].source;
    changed.opacity = std::clamp(changed.opacity, 0.0, 1.0);
    changed.width = std::clamp(changed.width, 0.2, 20.0);
    if (changed == layers[layer])
        return;
    layers[layer] = changed;
    mSettings.setLayers(layers);
    layersEdited();
}

void MapCanvas::setLayerVisible(int layer, bool visible)
{
    QList<MapSettings::Layer> layers = mSettings.layers();
    if (layer < 0 || layer >= layers.size() || layers[layer].visible == visible)
        return;
    layers[layer].visible = visible;
    mSettings.setLayers(layers);
    layersEdited();
}

void MapCanvas::setRelief(bool on)
{
    if (mSettings.relief() == on)
        return;
    mSettings.setRelief(on);
    layersEdited();
}

void MapCanvas::removeLayer(int layer)
{
    QList<MapSettings::Layer> layers = mSettings.layers();
    if (layer < 0 || layer >= layers.size())
        return;
    layers.removeAt(layer);
    mSettings.setLayers(layers);
    layersEdited();
}

void MapCanvas::moveLayer(int from, int to)
{
    QList<MapSettings::Layer> layers = mSettings.layers();
    if (from < 0 || from >= layers.size() || to < 0 || to >= layers.size() || from == to)
        return;
    layers.move(from, to);
    mSettings.setLayers(layers);
    layersEdited();
}

void MapCanvas::zoomToLayer(int layer)
{
    if (layer < 0 || layer >= mSettings.layers().size())
        return;
    mSettings.setOutputSize(size());
    mSettings.setExtent(mSettings.layers()[layer].source->bounds(), 24);
    onViewChanged(Change::Immediate);
}

void MapCanvas::startPicking()
{
    if (mPicking)
        return;
    mPicking = true;
    mHover.reset();
    setRestingCursor(false);
    setFocus(Qt::OtherFocusReason); // for Esc
    update();
    emit pickingChanged(true);
}

void MapCanvas::cancelPicking()
{
    if (!mPicking)
        return;
    mPicking = false;
    setRestingCursor(false);
    emit pickingChanged(false);
}

void MapCanvas::setRestingCursor(bool overEvent)
{
    setCursor(mPicking ? Qt::CrossCursor : overEvent ? Qt::PointingHandCursor : Qt::ArrowCursor);
}

void MapCanvas::layersEdited()
{
    emit layersChanged();
    requestBasemap();
}

bool MapCanvas::isRendering() const
{
    return mBasemapBusy || mEventsBusy || mBasemapPending || mEventsPending || mSettleTimer.isActive();
}

void MapCanvas::clampView()
{
    // Keep the view on the basemap's data: never wider or taller than the data (zooming out
    // stops there, so what lies beyond the data box never shows at the map's sides), and
    // its centre on the data always.
    const QRectF region = mSettings.basemap() ? mSettings.basemap()->bounds() : kRegion;
    const QSize size = mSettings.outputSize();
    if (size.width() > 0 && size.height() > 0) {
        const double widest = std::min(region.width() / size.width(), region.height() / size.height());
        if (mSettings.metresPerPixel() > widest)
            mSettings.setMetresPerPixel(widest);
    }
    const QRectF view = mSettings.extent();
    const auto clampAxis = [](double centre, double half, double low, double high) {
        return half * 2 <= high - low ? std::clamp(centre, low + half, high - half) : std::clamp(centre, low, high);
    };
    mSettings.setCenter(QPointF(clampAxis(view.center().x(), view.width() / 2, region.left(), region.right()),
                                clampAxis(view.center().y(), view.height() / 2, region.top(), region.bottom())));
}

void MapCanvas::onViewChanged(Change change)
{
    clampView();
    // Fanned-out events belong to the zoom they were opened at (map libraries fold them too).
    if (mSettings.spread() && mSettings.metresPerPixel() != mSpreadMetresPerPixel) {
        mSettings.setSpread(std::nullopt);
        requestEvents();
    }
    mHover.reset();
    update();
    emit viewChanged();
    if (change == Change::Interactive) {
        // Let a drag or a burst of wheel steps settle; the last frames are drawn transformed.
        mSettleTimer.start();
        return;
    }
    mSettleTimer.stop();
    requestBasemap();
    requestEvents();
}

void MapCanvas::requestBasemap()
{
    if (mBasemapBusy) {
        mBasemapPending = true;
        return;
    }
    mBasemapPending = false;
    mBasemapBusy = true;
    mSettings.setDevicePixelRatio(devicePixelRatioF());
    // The job owns a copy of the settings; the data they point to is immutable.
    mBasemapWatcher.setFuture(QtConcurrent::run([settings = mSettings] {
        return BasemapFrame{settings, MapRenderer::basemapImage(settings)};
    }));
}

void MapCanvas::requestEvents()
{
    if (mEventsBusy) {
        mEventsPending = true;
        return;
    }
    mEventsPending = false;
    mEventsBusy = true;
    mSettings.setDevicePixelRatio(devicePixelRatioF());
    mEventWatcher.setFuture(QtConcurrent::run([settings = mSettings] {
        QElapsedTimer timer;
        timer.start();
        EventFrame frame{settings, {}, {}, 0};
        frame.image = MapRenderer::overlayImage(settings, &frame.layout);
        frame.renderMs = timer.elapsed();
        return frame;
    }));
}

void MapCanvas::basemapFinished()
{
    mBasemapFrame = mBasemapWatcher.result();
    mBasemapBusy = false;
    if (mBasemapPending && !mBasemapFrame.settings.sameBasemapView(mSettings))
        requestBasemap();
    mBasemapPending = false;
    update();
    if (!isRendering())
        emit renderFinished();
}

void MapCanvas::eventsFinished()
{
    mEventFrame = mEventWatcher.result();
    mEventsBusy = false;
    // Every event frame, for timing scrubbing from outside (frames a second while the window
    // moves): QT_LOGGING_RULES="mapline.timing.info=true".
    qCInfo(lcTiming).noquote() << "event frame:" << mEventFrame.layout.windowEvents << "events in the window,"
                               << mEventFrame.renderMs << "ms to render, done at" << QDateTime::currentMSecsSinceEpoch()
                               << "ms since the epoch";
    if (mEventsPending)
        requestEvents();
    update();
    if (!isRendering())
        emit renderFinished();
}

QRectF MapCanvas::frameTarget(const MapSettings &frame) const
{
    const QPointF topLeft = mSettings.toScreen(frame.toMetres(QPointF(0, 0)));
    const QPointF bottomRight = mSettings.toScreen(frame.toMetres(QPointF(frame.outputSize().width(),
                                                                          frame.outputSize().height())));
    return QRectF(topLeft, bottomRight);
}

void MapCanvas::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.fillRect(rect(), MapPalette::water());
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    if (!mBasemapFrame.image.isNull())
        painter.drawImage(frameTarget(mBasemapFrame.settings), mBasemapFrame.image);
    painter.setRenderHint(QPainter::Antialiasing);
    NearCircleRenderer::paint(painter, mSettings); // under the events
    // Territorial control on the GUI thread, from lookups: it follows the window at once.
    ControlLayerRenderer::paintUnder(painter, mSettings);
    if (!mEventFrame.image.isNull())
        painter.drawImage(frameTarget(mEventFrame.settings), mEventFrame.image);
    ControlLayerRenderer::paint(painter, mSettings, &mEventFrame.layout);
    if (!mFirstEventsPainted && mEventFrame.layout.visibleEvents > 0) {
        // For timing the launch from outside (docs/PERFORMANCE.md, "Workspace"): enable with
        // QT_LOGGING_RULES="mapline.timing.info=true".
        mFirstEventsPainted = true;
        qCInfo(lcTiming).noquote() << "first frame with events painted:" << mEventFrame.layout.visibleEvents
                                   << "events, at" << QDateTime::currentMSecsSinceEpoch() << "ms since the epoch";
    }
    if (mHover) {
        const QPointF at = mEventFrame.layout.screenPosition(mSettings, *mHover);
        painter.setPen(QPen(QColor(20, 20, 20, 170), 1.5));
        painter.setBrush(Qt::NoBrush);
        painter.drawEllipse(at, mHover->radius + 3.0, mHover->radius + 3.0);
    }
    EventLayerRenderer::paintSelection(painter, mSettings);
    MapSettings decorations = mSettings;
    decorations.setDecorations(MapSettings::ScaleBar | MapSettings::Attribution |
                               (mLegendVisible ? MapSettings::Legend : 0));
    mPanels = DecorationRenderer::paint(painter, decorations, mEventFrame.layout);
}

void MapCanvas::resizeEvent(QResizeEvent *)
{
    mSettings.setOutputSize(size());
    if (!mViewInitialised) {
        mViewInitialised = true;
        zoomToAfghanistan();
        return;
    }
    onViewChanged(Change::Interactive);
}

} // namespace mapline
