#pragma once

#include "geo/basemap.h"
#include "geo/layersource.h"
#include "index/eventindex.h"
#include "index/eventmask.h"
#include "render/eventtimestyle.h"

#include <QColor>
#include <QDate>
#include <QGeoCoordinate>
#include <QGeoRectangle>
#include <QList>
#include <QPointF>
#include <QRectF>
#include <QSize>
#include <QTransform>

#include <memory>
#include <optional>

namespace mapline {

class ControlLayer;

// Everything one frame of the map needs, as a value (QGIS's QgsMapSettings): the view (centre
// and scale in Web Mercator, output size, device pixel ratio), the data (basemap, user layers,
// event index and filter mask, all immutable and shared), the time window, and the style
// switches. A render job takes a copy, so the GUI can change its own while a frame renders.
// Screen coordinates are logical pixels, y down; map coordinates are Web Mercator metres, y up.
class MapSettings {
public:
    // Zoom limits: from a whole-region overview to a town (the 1:10m basemap holds no more).
    static constexpr double kMinMetresPerPixel = 8.0;
    static constexpr double kMaxMetresPerPixel = 8000.0;

    enum Decoration {
        Labels = 1 << 0,      // place, province and country names
        ScaleBar = 1 << 1,
        Attribution = 1 << 2,
        Legend = 1 << 3,
        Title = 1 << 4,       // the map's title (when it has one), top left
        Caption = 1 << 5,     // the time window and the number of events, under the title
        NorthArrow = 1 << 6,
    };
    enum class EventDisplay { Symbols, HeatMap };

    // A user layer in drawing order (first = bottom) with its display state.
    // A basemap layer (an OpenStreetMap extract, imagery, a hillshade) is drawn over the land
    // and water and under the borders and names; the others over the whole basemap.
    struct Layer {
        Layer() = default;
        Layer(std::shared_ptr<const LayerSource> source_, bool visible_ = true, double opacity_ = 1.0,
              QColor colour_ = {})
            : source(std::move(source_)), visible(visible_), opacity(opacity_), colour(colour_)
        {
        }
        std::shared_ptr<const LayerSource> source;
        bool visible = true;
        double opacity = 1.0;
        QColor colour;            // lines, outlines and points
        bool basemap = false;
        double width = 1.8;       // line width in logical pixels (area outlines: two thirds)
        QColor fill;              // areas; invalid: the colour, faint
        QString labelField;       // the attribute whose value names each feature; empty: none
        friend bool operator==(const Layer &, const Layer &) = default;
    };

    MapSettings();

    // --- view
    QPointF center() const { return mCenter; }
    void setCenter(const QPointF &metres);
    double metresPerPixel() const { return mMetresPerPixel; }
    void setMetresPerPixel(double metresPerPixel); // clamped to the zoom limits
    QSize outputSize() const { return mOutputSize; }
    void setOutputSize(const QSize &logicalPixels) { mOutputSize = logicalPixels; }
    qreal devicePixelRatio() const { return mDevicePixelRatio; }
    void setDevicePixelRatio(qreal ratio) { mDevicePixelRatio = ratio > 0 ? ratio : 1.0; }

    // The visible area in metres (left = west, top() = south, bottom() = north).
    QRectF extent() const;
    QGeoRectangle geoExtent() const;
    // Fits `metres` (or a geographic box) into the output with `marginPixels` on each side.
    void setExtent(const QRectF &metres, double marginPixels = 0.0);
    void setGeoExtent(const QGeoRectangle &box, double marginPixels = 0.0);

    QPointF toScreen(const QPointF &metres) const;
    QPointF toScreen(const QGeoCoordinate &coordinate) const;
    QPointF toMetres(const QPointF &screen) const;
    QGeoCoordinate toCoordinate(const QPointF &screen) const;
    // Metres to logical pixels, for QPainter::setTransform.
    QTransform mapToScreenTransform() const;

    // Zooms by `factor` (> 1 zooms in) keeping the map point under `anchor` (screen) in place.
    void zoomBy(double factor, const QPointF &anchor);
    void panByPixels(const QPointF &delta); // the map follows a drag by `delta`

    // --- data
    std::shared_ptr<const Basemap> basemap() const { return mBasemap; }
    void setBasemap(std::shared_ptr<const Basemap> basemap) { mBasemap = std::move(basemap); }
    const QList<Layer> &layers() const { return mLayers; }
    void setLayers(QList<Layer> layers) { mLayers = std::move(layers); }
    std::shared_ptr<const EventIndex> events() const { return mEvents; }
    void setEvents(std::shared_ptr<const EventIndex> events) { mEvents = std::move(events); }
    std::shared_ptr<const EventMask> eventMask() const { return mEventMask; } // null: no filter
    void setEventMask(std::shared_ptr<const EventMask> mask) { mEventMask = std::move(mask); }

    // --- time and selection
    QDate from() const { return mFrom; } // invalid: open
    QDate to() const { return mTo; }
    void setTimeWindow(QDate from, QDate to) { mFrom = from; mTo = to; }
    EventIndex::Window eventWindow() const; // the index rows of the time window
    qint64 selectedEventId() const { return mSelectedEventId; }
    void setSelectedEventId(qint64 id) { mSelectedEventId = id; }

    // --- style
    EventDisplay eventDisplay() const { return mEventDisplay; }
    void setEventDisplay(EventDisplay display) { mEventDisplay = display; }
    int clusterCellPixels() const { return mClusterCellPixels; }
    void setClusterCellPixels(int pixels) { mClusterCellPixels = std::max(8, pixels); }
    int decorations() const { return mDecorations; }
    void setDecorations(int decorations) { mDecorations = decorations; }
    bool hasDecoration(Decoration d) const { return mDecorations & d; }
    // Off: no text at all (labels, counts, legend words), for pixel tests independent of fonts.
    bool drawText() const { return mDrawText; }
    void setDrawText(bool on) { mDrawText = on; }
    // On: shapes and text are painted as outlines every time instead of blitted from the sprite
    // cache, for vector output (SVG, PDF) where they must stay sharp at any zoom.
    bool vectorOutput() const { return mVectorOutput; }
    void setVectorOutput(bool on) { mVectorOutput = on; }
    // The built-in basemap's shaded relief (Basemap::relief()), when the basemap has one.
    bool relief() const { return mRelief; }
    void setRelief(bool on) { mRelief = on; }
    const QString &title() const { return mTitle; }
    void setTitle(const QString &title) { mTitle = title; }
    // How dates shade the symbols within the window (range share always; age on request).
    EventTimeStyle::Mode timeStyle() const { return mTimeStyle; }
    void setTimeStyle(EventTimeStyle::Mode mode) { mTimeStyle = mode; }
    // Events fanned out around one spot (spiderfy): those within `radius` metres of `centre`
    // are drawn one by one on a spiral around it, whatever the zoom.
    struct Spread {
        QPointF centre;
        double radius = 0.0;
        friend bool operator==(const Spread &, const Spread &) = default;
    };
    const std::optional<Spread> &spread() const { return mSpread; }
    void setSpread(const std::optional<Spread> &spread) { mSpread = spread; }
    // The Near filter's area, drawn as a circle (radius on the ground) with the place's name.
    struct Circle {
        QGeoCoordinate centre;
        double radiusKm = 0.0;
        QString name;
        friend bool operator==(const Circle &, const Circle &) = default;
    };
    const std::optional<Circle> &nearCircle() const { return mNearCircle; }
    void setNearCircle(const std::optional<Circle> &circle) { mNearCircle = circle; }
    // Briefing style, for exported maps: no clusters; at each place one symbol per event type
    // with its count, and the place's name; the legend lists only what is drawn.
    bool briefing() const { return mBriefing; }
    void setBriefing(bool on) { mBriefing = on; }
    // Happenings mode (the mask holds one report per happening): each symbol is weighted by how
    // many distinct sources tell its happening (SourcesStyle), and the legend says so.
    bool showsSources() const { return mShowsSources; }
    void setShowsSources(bool on) { mShowsSources = on; }

    // --- territorial control (docs/CONTROL.md): places (and, as an option, the provinces around
    // them) coloured by the side holding them at the end of the time window; null: not drawn.
    std::shared_ptr<const ControlLayer> control() const { return mControl; }
    void setControl(std::shared_ptr<const ControlLayer> control) { mControl = std::move(control); }
    bool controlProvinces() const { return mControlProvinces; }
    void setControlProvinces(bool on) { mControlProvinces = on; }
    // The day the control layer shows: the window's end; with an open end, the last change.
    QDate controlDay() const;

    // Whether the basemap image of `other` can be reused for this view (a layer with KML times
    // follows the time window, so then the window must match too).
    bool sameBasemapView(const MapSettings &other) const;
    bool hasTimedLayer() const;

private:
    QPointF mCenter;
    double mMetresPerPixel = 1000.0;
    QSize mOutputSize{800, 600};
    qreal mDevicePixelRatio = 1.0;
    std::shared_ptr<const Basemap> mBasemap;
    QList<Layer> mLayers;
    std::shared_ptr<const EventIndex> mEvents;
    std::shared_ptr<const EventMask> mEventMask;
    QDate mFrom;
    QDate mTo;
    qint64 mSelectedEventId = 0;
    EventDisplay mEventDisplay = EventDisplay::Symbols;
    int mClusterCellPixels = 52;
    int mDecorations = Labels | ScaleBar | Attribution;
    bool mDrawText = true;
    bool mVectorOutput = false;
    bool mRelief = true;
    QString mTitle;
    EventTimeStyle::Mode mTimeStyle = EventTimeStyle::Mode::Plain;
    std::optional<Spread> mSpread;
    std::optional<Circle> mNearCircle;
    bool mBriefing = false;
    std::shared_ptr<const ControlLayer> mControl;
    bool mControlProvinces = false;
    bool mShowsSources = false;
};

} // namespace mapline
