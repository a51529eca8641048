#include "io/pngencoding.h"

#include <libdeflate.h>

#include <QtEndian>

#include <algorithm>
#include <cstring>
#include <memory>
#include <new>

namespace mapline {
namespace {

struct PngCompressorFree {
    void operator()(libdeflate_compressor *c) const { libdeflate_free_compressor(c); }
};
using PngCompressor = std::unique_ptr<libdeflate_compressor, PngCompressorFree>;

void appendPngBigEndian(QByteArray &out, quint32 value)
{
    char bytes[4];
    qToBigEndian(value, bytes);
    out.append(bytes, 4);
}

// One chunk: its length, type, data and the CRC-32 of type and data.
void appendPngChunk(QByteArray &out, const char (&type)[5], const char *data, qsizetype size)
{
    appendPngBigEndian(out, quint32(size));
    const qsizetype start = out.size();
    out.append(type, 4);
    out.append(data, size);
    appendPngBigEndian(out, quint32(libdeflate_crc32(0, out.constData() + start, size_t(out.size() - start))));
}

void appendPngChunk(QByteArray &out, const char (&type)[5], const QByteArray &data)
{
    appendPngChunk(out, type, data.constData(), data.size());
}

// A zlib stream of `data` (the compressed text chunks); empty when there is no memory for it.
QByteArray pngZlibCompressed(const QByteArray &data)
{
    const PngCompressor compressor(libdeflate_alloc_compressor(6));
    if (!compressor)
        return {};
    QByteArray out(qsizetype(libdeflate_zlib_compress_bound(compressor.get(), size_t(data.size()))), Qt::Uninitialized);
    const size_t written = libdeflate_zlib_compress(compressor.get(), data.constData(), size_t(data.size()), out.data(),
                                                    size_t(out.size()));
    out.truncate(qsizetype(written));
    return out;
}

// QImageWriter's choice: iTXt when the text has a character outside printable Latin-1 (newlines
// allowed), else tEXt; compressed from 40 characters on.
void appendPngText(QByteArray &out, const QString &key, const QString &value)
{
    const QByteArray keyword = key.left(79).toLatin1();
    const bool compress = value.size() >= 40;
    bool international = false;
    for (const QChar c : value) {
        const ushort u = c.unicode();
        if (u > 0xff || (u < 0x20 && u != '\n') || (u > 0x7e && u < 0xa0)) {
            international = true;
            break;
        }
    }
    QByteArray data = keyword;
    data.append('\0');
    if (international) {
        // compression flag and method, an empty language tag and translated keyword, the text.
        data.append(compress ? '\1' : '\0');
        data.append('\0');
        data.append('\0');
        data.append('\0');
        data.append(compress ? pngZlibCompressed(value.toUtf8()) : value.toUtf8());
        appendPngChunk(out, "iTXt", data);
    } else if (compress) {
        data.append('\0'); // zlib
        data.append(pngZlibCompressed(value.toLatin1()));
        appendPngChunk(out, "zTXt", data);
    } else {
        data.append(value.toLatin1());
        appendPngChunk(out, "tEXt", data);
    }
}

} // namespace

Result<QByteArray> encodePng(const QImage &source)
{
    const auto noMemory = [&source] {
        return Result<QByteArray>::failure(
            QStringLiteral("there was not enough memory to encode a %1 x %2 PNG").arg(source.width()).arg(source.height()));
    };
    if (source.isNull())
        return Result<QByteArray>::failure(QStringLiteral("there is no image to encode"));
    const bool alpha = source.hasAlphaChannel();
    // RGB32 is read as it is (the map's own format); anything else is converted first.
    const QImage image = alpha ? source.convertToFormat(QImage::Format_RGBA8888)
                         : source.format() == QImage::Format_RGB32 ? source
                                                                    : source.convertToFormat(QImage::Format_RGB32);
    if (image.isNull())
        return noMemory();
    const int width = image.width();
    const int height = image.height();
    const size_t channels = alpha ? 4 : 3;
    const size_t rowBytes = size_t(width) * channels;
    const size_t filteredSize = (rowBytes + 1) * size_t(height);

    // Every row with the Up filter: the byte above subtracted, the first row as it is. Cheap and,
    // on a map (flat fills, horizontal runs, a relief that changes slowly down the rows), within
    // 2 % of libpng's choice per row, which costs five trial filters a row.
    const std::unique_ptr<uchar[]> filtered(new (std::nothrow) uchar[filteredSize]);
    const std::unique_ptr<uchar[]> rows(new (std::nothrow) uchar[2 * rowBytes]);
    if (!filtered || !rows)
        return noMemory();
    uchar *previous = rows.get();
    uchar *current = rows.get() + rowBytes;
    std::memset(previous, 0, rowBytes);
    for (int y = 0; y < height; ++y) {
        if (alpha) {
            std::memcpy(current, image.constScanLine(y), rowBytes);
        } else {
            const auto *pixels = reinterpret_cast<const QRgb *>(image.constScanLine(y));
            uchar *rgb = current;
            for (int x = 0; x < width; ++x, rgb += 3) {
                rgb[0] = uchar(qRed(pixels[x]));
                rgb[1] = uchar(qGreen(pixels[x]));
                rgb[2] = uchar(qBlue(pixels[x]));
            }
        }
        uchar *out = filtered.get() + size_t(y) * (rowBytes + 1);
        out[0] = 2; // Up
        for (size_t i = 0; i < rowBytes; ++i)
            out[i + 1] = uchar(current[i] - previous[i]);
        std::swap(previous, current);
    }

    const PngCompressor compressor(libdeflate_alloc_compressor(kPngDeflateLevel));
    if (!compressor)
        return noMemory();
    const size_t bound = libdeflate_zlib_compress_bound(compressor.get(), filteredSize);
    const std::unique_ptr<char[]> deflated(new (std::nothrow) char[bound]);
    if (!deflated)
        return noMemory();
    const size_t deflatedSize = libdeflate_zlib_compress(compressor.get(), filtered.get(), filteredSize, deflated.get(), bound);
    if (deflatedSize == 0)
        return noMemory();

    QByteArray png;
    png.reserve(qsizetype(deflatedSize) + 4096);
    png.append("\x89PNG\r\n\x1a\n", 8);
    QByteArray header;
    appendPngBigEndian(header, quint32(width));
    appendPngBigEndian(header, quint32(height));
    header.append(char(8));             // bits per channel
    header.append(char(alpha ? 6 : 2)); // RGBA or RGB
    header.append(3, '\0');             // deflate, adaptive filtering, no interlace
    appendPngChunk(png, "IHDR", header);
    if (source.dotsPerMeterX() > 0 || source.dotsPerMeterY() > 0) {
        QByteArray physical;
        appendPngBigEndian(physical, quint32(std::max(0, source.dotsPerMeterX())));
        appendPngBigEndian(physical, quint32(std::max(0, source.dotsPerMeterY())));
        physical.append(char(1)); // per metre
        appendPngChunk(png, "pHYs", physical);
    }
    for (const QString &key : source.textKeys())
        if (!key.isEmpty())
            appendPngText(png, key, source.text(key));
    // One IDAT chunk holds up to 2^31 - 1 bytes; larger data is split.
    constexpr size_t kMaxChunk = 0x7fffffff;
    for (size_t at = 0; at < deflatedSize; at += kMaxChunk)
        appendPngChunk(png, "IDAT", deflated.get() + at, qsizetype(std::min(kMaxChunk, deflatedSize - at)));
    appendPngChunk(png, "IEND", nullptr, 0);
    return png;
}

} // namespace mapline
