#pragma once

#include <QImage>
#include <QRect>
#include <QRgb>

#include <vector>

namespace mapline::animation {

// Reduces a rectangle of an RGB32 image to at most 256 colours for a GIF frame. A map is mostly
// flat colours (land, water, symbol fills) with antialiased edges: the most common exact colours
// get entries of their own, so land stays exactly the land colour in every frame and every
// changed rectangle (no visible seams), and the rest is shared out by median cut over a 15-bit
// histogram that keeps each bin's exact 8-bit average. Pure; any thread.
class PaletteQuantizer {
public:
    struct Result {
        std::vector<QRgb> palette;          // 1 to 256 colours
        std::vector<unsigned char> indices; // rect.width() * rect.height(), row by row
    };

    static Result quantize(const QImage &image, const QRect &rect, int maxColours = 256);
};

} // namespace mapline::animation
