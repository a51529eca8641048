#pragma once

// How Mapline's PNG files are compressed.
//
// Snapshots (SnapshotWriter) are encoded by encodePng() below, Mapline's own PNG writer: every
// row filtered with PNG's "Up" filter (the row above subtracted) and the whole image deflated at
// once by libdeflate at its level 2. Against QImageWriter (libpng choosing a filter per row by
// trying all five, zlib at level 4) it writes the same pixels 3 to 4 times faster into a smaller
// file: 1.42 against 1.46 MB for a 1,600 x 1,000 map with its shaded relief (docs/PERFORMANCE.md,
// "The week's render past the process start"). The text chunks follow QImageWriter's rules, so a
// reader finds the same keys: tEXt under 40 characters, zTXt from 40 on, iTXt (UTF-8) for text
// outside printable Latin-1.
//
// Animation frames (PngFrameWriter) still go through QImageWriter, at zlib's level 4
// (kPngWriterQuality: QImageWriter's "quality" for PNG picks zlib's level, from 9 at quality 0
// to 0 at quality 100, by (100 - quality) * 9 / 91; Qt's default (-1) leaves zlib's own, level 6).
#include "result.h"

#include <QByteArray>
#include <QImage>
#include <QImageWriter>

namespace mapline {

inline constexpr int kPngWriterQuality = 50;

inline void setPngCompression(QImageWriter &writer)
{
    writer.setQuality(kPngWriterQuality);
}

// The deflate level encodePng() asks libdeflate for (1 fastest .. 12 smallest).
inline constexpr int kPngDeflateLevel = 2;

// `image` as a PNG file: 8-bit RGB when it has no alpha channel, else 8-bit RGBA (straight, not
// premultiplied); its dots per metre as a pHYs chunk and its text() keys as text chunks. A
// failure only when there is no memory for the work.
Result<QByteArray> encodePng(const QImage &image);

} // namespace mapline
