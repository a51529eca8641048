#pragma once

#include <QPainter>
#include <QPointF>
#include <QString>

#include <vector>

namespace mapline {

class MapSettings;
struct EventLayout;

// The control layer (docs/CONTROL.md): at every place whose holder is known on the settings'
// control day (the time window's end), a disc in the colour of the side holding it; split in two
// colours with a dashed rim when the reports disagree (contested); an outer ring when it changed
// hands within the time window; a small dark diamond when the analyst set it. Where the events
// draw a symbol or a group at the place (`layout`), the disc becomes a thick ring around it, drawn
// over the events, so a group never hides who holds the place. As an option the provinces around
// the places are tinted by their holders (hatched when places in one province are held by
// different sides), under the events. The legend, bottom left above the scale bar, names the
// sides with their colours. Every state is a lookup in the ControlLayer: a frame costs no
// inference. Stateless and thread-safe.
class ControlLayerRenderer {
public:
    static constexpr double kRadius = 11.0; // logical pixels

    // Under the events: the provinces' tint (when asked).
    static void paintUnder(QPainter &painter, const MapSettings &settings);
    // The places, after the events were laid out (`layout`: where their symbols are; null: none).
    static void paint(QPainter &painter, const MapSettings &settings, const EventLayout *layout = nullptr);
    // Returns its box (empty when nothing was drawn).
    static QRectF paintLegend(QPainter &painter, const MapSettings &settings);
    // A disc paint() covers: centre and radius in logical pixels (the ring of a change and the
    // rim included), the place (ControlLayer::places()), and whether it rings the events' symbol.
    struct Disc {
        QPointF centre;
        double radius;
        int place;
        bool around;
    };
    // The discs of paint(), outermost first: the labels keep off them and name a place beside
    // its marker rather than under it.
    static std::vector<Disc> discs(const MapSettings &settings, const EventLayout *layout);
    // The place of the control layer drawn under `screen` (within its disc), -1 when none.
    static int placeAt(const MapSettings &settings, const QPointF &screen);
    // "Held by Taliban since 12 Nov 2001 (contested by Anti-Taliban)": for tooltips.
    static QString describe(const MapSettings &settings, int place);
};

} // namespace mapline
