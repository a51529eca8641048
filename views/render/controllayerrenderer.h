#pragma once

#include <QPainter>
#include <QPointF>
#include <QString>

namespace mapline {

class MapSettings;

// The control layer (docs/CONTROL.md): at every place whose holder is known on the settings'
// control day (the time window's end), a disc in the colour of the side holding it; split in two
// colours with a dashed rim when the reports disagree (contested); an outer ring when it changed
// hands within the time window; a small dark diamond when the analyst set it. As an option the
// provinces around the places are tinted by their holders (hatched when places in one province
// are held by different sides). Drawn over the basemap and under the events. The legend, bottom
// left above the scale bar, names the sides with their colours. Every state is a lookup in the
// ControlLayer: a frame costs no inference. Stateless and thread-safe.
class ControlLayerRenderer {
public:
    static constexpr double kRadius = 9.0; // logical pixels

    static void paint(QPainter &painter, const MapSettings &settings);
    static void paintLegend(QPainter &painter, const MapSettings &settings);
    // The place of the control layer drawn under `screen` (within its disc), -1 when none.
    static int placeAt(const MapSettings &settings, const QPointF &screen);
    // "Held by Taliban since 12 Nov 2001 (contested by Anti-Taliban)": for tooltips.
    static QString describe(const MapSettings &settings, int place);
};

} // namespace mapline
