#pragma once

// How Mapline's PNG files are compressed: snapshots (SnapshotWriter) and animation frames
// (PngFrameWriter) alike. QImageWriter's "quality" for PNG picks zlib's level, from 9 (quality 0)
// to 0 (quality 100), by (100 - quality) * 9 / 91; Qt's default (-1) leaves zlib's own, level 6.
// Level 4 (quality 50) writes a 1,600 x 1,000 map with its shaded relief 3.5 times faster than
// level 6 for 5 % more bytes (1.62 against 1.54 MB), and lossless as every level: the encoding
// was 46 % of a week's `mapline snapshot` of a million events (docs/PERFORMANCE.md, "Exports:
// snapshots and animations").
#include <QImageWriter>

namespace mapline {

inline constexpr int kPngWriterQuality = 50;

inline void setPngCompression(QImageWriter &writer)
{
    writer.setQuality(kPngWriterQuality);
}

} // namespace mapline
