#pragma once

#include <QFont>

namespace mapline {

// The map's type faces, in pixel sizes so a label is the same size on screen, in a 96-dpi
// snapshot and on a high-density display (the painter's device pixel ratio scales it).
class MapFonts {
public:
    static QFont font(int pixelSize, QFont::Weight weight = QFont::Normal, bool italic = false);
    // Letter-spaced capitals for country and province names.
    static QFont spacedCaps(int pixelSize, double spacingPercent, QFont::Weight weight = QFont::Normal);
};

} // namespace mapline
