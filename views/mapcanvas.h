#pragma once

#include "render/eventlayout.h"
#include "render/mapsettings.h"
#include "result.h"

#include <QFutureWatcher>
#include <QImage>
#include <QTimer>
#include <QWidget>

#include <functional>
#include <optional>

namespace mapline {

// The interactive map: pan (drag, arrow keys), zoom (wheel at the cursor, +/-, double-click),
// hover tooltips, click to select an event or to zoom into a cluster, user layers. A cluster
// that no zoom can split (its events share one spot, or the map is as close as it goes) fans
// its events out on a spiral instead (spiderfy), or, beyond EventLayerRenderer::kMaxSpiderfy,
// lists them in a popup; a click elsewhere, a zoom or Esc folds them back. In pick mode
// (startPicking) a click yields a coordinate instead (coordinatePicked), with a cross cursor;
// dragging still pans, Esc cancels.
// Frames are rendered off the GUI thread with QtConcurrent by MapRenderer: the basemap (with
// user layers) only when the view changes, the overlay (events and names) also when the time
// window, filter or data change. Until a new frame arrives the last one is drawn transformed
// to the current view, so the canvas never waits. Jobs get copies of MapSettings, whose data
// (basemap, index, mask, layers) is immutable and shared.
class MapCanvas : public QWidget {
    Q_OBJECT
public:
    explicit MapCanvas(QWidget *parent = nullptr);
    ~MapCanvas() override; // waits for running render jobs

    // The current view and data; frames on screen may lag behind it while they render.
    const MapSettings &settings() const { return mSettings; }

    void setBasemap(std::shared_ptr<const Basemap> basemap);
    void setEventIndex(std::shared_ptr<const EventIndex> index);
    std::shared_ptr<const EventIndex> eventIndex() const { return mSettings.events(); }
    void setEventMask(std::shared_ptr<const EventMask> mask);
    // Filters the events shown; kept and applied again when the index changes.
    void setEventFilter(const EventFilter &filter);
    void setTimeWindow(QDate from, QDate to);
    // Rich text for an event's tooltip (type, date, place, first words); the canvas only knows
    // what the index holds, the owner of the events supplies the rest.
    void setEventDescriber(std::function<QString(qint64 eventId)> describer);

    qint64 selectedEventId() const { return mSettings.selectedEventId(); }
    bool isHeatMap() const { return mSettings.eventDisplay() == MapSettings::EventDisplay::HeatMap; }
    void setView(const QGeoCoordinate &center, double metresPerPixel);
    void setExtent(const QGeoRectangle &box);

    // User layers, bottom first.
    Status addLayerFile(const QString &path);
    const QList<MapSettings::Layer> &layers() const { return mSettings.layers(); }
    void setLayerVisible(int layer, bool visible);
    // The built-in basemap's shaded relief (MapSettings::relief); emits layersChanged.
    bool showsRelief() const { return mSettings.relief(); }
    void setRelief(bool on);
    // Colour, width, fill, opacity, label attribute and basemap role of a layer (its source stays).
    void setLayerStyle(int layer, const MapSettings::Layer &style);
    // The layers as plain values (file, layer name, display state and style), for QSettings, and
    // back: restoreLayers() opens each file again and returns a message for each that could not
    // be (moved, deleted, unreadable), leaving it out.
    QVariantList layerState() const;
    QStringList restoreLayers(const QVariantList &state);
    void removeLayer(int layer);
    void moveLayer(int from, int to);
    void zoomToLayer(int layer);

    // Pick mode: the next click is a coordinate, not a selection. The owner shows a hint.
    bool isPicking() const { return mPicking; }
    void startPicking();
    void cancelPicking();

    // Fans out the events within `radius` metres of `centre` (as a click on such a cluster
    // does); an empty optional folds them back.
    void setSpread(const std::optional<MapSettings::Spread> &spread);
    // The Near filter's circle (nullopt: none).
    void setNearCircle(const std::optional<MapSettings::Circle> &circle);
    // What a click on `item` does: zoom in, fan out, or list (and what its tooltip promises).
    enum class ClusterAction { ZoomIn, Spread, List };
    ClusterAction clusterAction(const EventLayout::Item &item) const;
    // The rows of the events (in the window and filter) within `radius` metres of `centre`.
    std::vector<qint32> rowsNear(const QPointF &centre, double radius) const;

    // Whether a frame is still being rendered or scheduled (tests wait for this).
    bool isRendering() const;
    // The event layout of the last finished frame and the view it was made for.
    const EventLayout &eventLayout() const { return mEventFrame.layout; }

    QSize sizeHint() const override { return {900, 650}; }

public slots:
    void setSelectedEventId(qint64 eventId); // highlights; does not emit eventClicked
    void ensureEventVisible(qint64 eventId);  // pans (keeping the zoom) when the event is out of view
    void zoomToAfghanistan();
    void zoomToEvents();
    // The legends as last painted over the map (widget pixels): fitted views keep events out of them.
    const QList<QRectF> &panels() const { return mPanels; }
    void zoomIn();
    void zoomOut();
    void setHeatMap(bool on);
    // Happenings mode: symbols weighted by their happening's sources (MapSettings::showsSources).
    void setShowsSources(bool on);
    void setLegendVisible(bool visible);
    void setTimeStyle(mapline::EventTimeStyle::Mode mode);
    // The control layer (docs/CONTROL.md): drawn on the GUI thread over the basemap, under the
    // events, for the window's end; a new window end only repaints (each state is a lookup).
    void setControlLayer(std::shared_ptr<const mapline::ControlLayer> layer);
    void setControlVisible(bool visible);
    void setControlProvinces(bool on);

signals:
    void eventClicked(qint64 eventId);
    // A click on a place of the control layer where no event is drawn (index into its places()).
    void controlPlaceClicked(int place);
    void cursorPositionChanged(const QGeoCoordinate &coordinate); // invalid when the cursor leaves
    // A click in pick mode (WGS 84); pick mode has ended when it arrives.
    void coordinatePicked(const QGeoCoordinate &coordinate);
    void pickingChanged(bool picking); // false after a pick and after cancelling
    void viewChanged();
    void layersChanged();
    // Something the analyst should know about a layer just added: outside the view or the map
    // region, features that could not be placed, time-aware. One sentence naming the layer.
    void layerNotice(const QString &message);
    void renderFinished();

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void leaveEvent(QEvent *event) override;
    bool event(QEvent *event) override;

private:
    bool mFirstEventsPainted = false; // logged once (category mapline.timing)
    struct BasemapFrame {
        MapSettings settings;
        QImage image;
    };
    struct EventFrame {
        MapSettings settings;
        QImage image;
        EventLayout layout;
        qint64 renderMs = 0; // the worker's time for it (logged: category mapline.timing)
    };

    enum class Change { Interactive, Immediate };
    void onViewChanged(Change change);
    void requestBasemap();
    void requestEvents();
    void basemapFinished();
    void eventsFinished();
    void clampView();
    void handleClick(const QPointF &position);
    // Centres and scales the view so that `metres` fills the part of the canvas the legends leave
    // clear (mPanels), with `margin` pixels around it, at no more than `maxMetresPerPixel`.
    void fitView(const QRectF &metres, double margin, double maxMetresPerPixel);
    void setRestingCursor(bool overEvent);
    QRectF frameTarget(const MapSettings &frame) const;
    QString tooltipFor(const EventLayout::Item &item) const;
    void showEventList(const EventLayout::Item &item, const QPoint &at);
    void layersEdited();

    MapSettings mSettings;
    BasemapFrame mBasemapFrame;
    EventFrame mEventFrame;
    QFutureWatcher<BasemapFrame> mBasemapWatcher;
    QFutureWatcher<EventFrame> mEventWatcher;
    // A job is busy from its start until its result is taken on the GUI thread (the watcher
    // stops "running" earlier, before its finished() signal is delivered).
    bool mBasemapBusy = false;
    bool mEventsBusy = false;
    bool mBasemapPending = false;
    bool mEventsPending = false;
    QTimer mSettleTimer;
    std::function<QString(qint64)> mDescriber;
    EventFilter mFilter;
    bool mLegendVisible = true;
    QList<QRectF> mPanels; // the legends as last painted over the map, in widget pixels
    std::shared_ptr<const ControlLayer> mControl;
    bool mControlVisible = true;
    bool mViewInitialised = false;
    bool mPicking = false;
    double mSpreadMetresPerPixel = 0.0; // the zoom the spread was opened at: another folds it

    QPointF mPressPosition;
    QPointF mLastDragPosition;
    bool mDragging = false;
    bool mPressed = false;
    std::optional<EventLayout::Item> mHover; // a copy: the layout it came from may be replaced
};

} // namespace mapline
