#pragma once

#include <QColor>

namespace mapline {

// The basemap's colours: quiet, warm greys so the event symbols carry the saturated colour,
// with the focus country (Afghanistan) a shade lighter than its neighbours.
struct MapPalette {
    static QColor water() { return QColor(0xc9, 0xd9, 0xe3); }
    // Beyond the basemap's data (it covers 55-80 E, 24-43 N): neutral, so it reads as "not
    // drawn" rather than as sea.
    static QColor noData() { return QColor(0xee, 0xec, 0xe8); }
    static QColor land() { return QColor(0xe6, 0xe3, 0xdc); }
    static QColor focusLand() { return QColor(0xfa, 0xf8, 0xf3); }
    static QColor countryBorder() { return QColor(0x9d, 0x97, 0x8d); }
    static QColor focusBorder() { return QColor(0x5f, 0x58, 0x4f); }
    static QColor focusBorderGlow() { return QColor(0x8a, 0x7d, 0x6b, 60); }
    static QColor provinceBorder() { return QColor(0xc4, 0xbb, 0xad); }
    static QColor neighbourProvinceBorder() { return QColor(0xd2, 0xcd, 0xc4); }
    static QColor countryName() { return QColor(0x7e, 0x77, 0x6d); }
    static QColor provinceName() { return QColor(0x9c, 0x8f, 0x7e); }
    static QColor placeName() { return QColor(0x2b, 0x2b, 0x2b); }
    static QColor foreignPlaceName() { return QColor(0x6a, 0x66, 0x60); }
    static QColor river() { return QColor(0x7f, 0xa8, 0xc4); }
    static QColor lake() { return QColor(0xb4, 0xcd, 0xde); }
    static QColor waterName() { return QColor(0x4a, 0x7a, 0x9c); }
    static QColor terrainName() { return QColor(0x8a, 0x6a, 0x48); }
    static QColor airport() { return QColor(0x6b, 0x55, 0x8c); }
    static QColor districtName() { return QColor(0x8e, 0x88, 0x80); }
    static QColor landmark() { return QColor(0x7a, 0x4e, 0x2d); }
    static QColor halo() { return QColor(255, 255, 255, 215); }
    static QColor panel() { return QColor(255, 255, 255, 232); }
    static QColor panelBorder() { return QColor(0, 0, 0, 38); }
    static QColor text() { return QColor(0x26, 0x26, 0x26); }
    static QColor secondaryText() { return QColor(0x5f, 0x5f, 0x5f); }
};

} // namespace mapline
