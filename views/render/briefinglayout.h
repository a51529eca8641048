#pragma once

#include "render/eventlayout.h"

#include <QPainter>

namespace mapline {

class MapSettings;

// The briefing style of an exported map (MapSettings::briefing): what happened where, for a
// reader who will not hover or click. No clusters at the export's scale: the events of the
// window and filters are grouped by place (within a few pixels); a place with one type gets its
// symbol, with the count beside it when there are several events; a place with several types
// gets a small panel of its symbols, each with its count, on the place or, where another
// place's panel already is, beside it with a leader to the place; and every place its name,
// placed clear of every symbol and panel and of the other names (the biggest places first; a
// name that finds no room is left out rather than overlap). The legend then lists only the
// types drawn. Stateless and thread-safe.
class BriefingLayout {
public:
    static constexpr double kSymbolSize = 13.0;
    static constexpr double kCellWidth = 26.0;  // a symbol and its count, in a place's panel
    static constexpr double kCellHeight = 17.0;
    static constexpr double kGroupPixels = 6.0; // places closer than this are one place

    static EventLayout layout(const MapSettings &settings);
    static void paint(QPainter &painter, const MapSettings &settings, const EventLayout &layout);
};

} // namespace mapline
