#include "animation/palettequantizer.h"

#include <algorithm>
#include <array>
#include <climits>

namespace mapline::animation {
namespace {

constexpr int kBins = 1 << 15;

inline int binOf(QRgb c)
{
    return ((qRed(c) >> 3) << 10) | ((qGreen(c) >> 3) << 5) | (qBlue(c) >> 3);
}

// One occupied histogram bin: its pixel count, the sums of its exact colours, and its most
// common exact colour (a majority vote, then counted exactly).
struct Bin {
    int index = 0;
    quint64 count = 0;
    quint64 sum[3] = {0, 0, 0};
    QRgb candidate = 0;
    qint64 votes = 0;
    quint64 candidateCount = 0;
    int channel(int c) const { return int(sum[c] / count); }
};

// A box of bins [begin, end) in the bins vector; split along its longest channel.
struct Box {
    size_t begin = 0;
    size_t end = 0;
    quint64 count = 0;
    int longest = 0; // channel
    int extent = 0;  // of that channel
};

Box makeBox(const std::vector<Bin> &bins, size_t begin, size_t end)
{
    Box box{begin, end, 0, 0, 0};
    std::array<int, 3> lo = {255, 255, 255}, hi = {0, 0, 0};
    for (size_t i = begin; i < end; ++i) {
        box.count += bins[i].count;
        for (int c = 0; c < 3; ++c) {
            lo[size_t(c)] = std::min(lo[size_t(c)], bins[i].channel(c));
            hi[size_t(c)] = std::max(hi[size_t(c)], bins[i].channel(c));
        }
    }
    for (int c = 0; c < 3; ++c)
        if (hi[size_t(c)] - lo[size_t(c)] > box.extent) {
            box.extent = hi[size_t(c)] - lo[size_t(c)];
            box.longest = c;
        }
    return box;
}

// The palette entry nearest to `colour` (squared RGB distance).
unsigned char nearest(const std::vector<QRgb> &palette, int r, int g, int b)
{
    int best = 0;
    int bestDistance = INT_MAX;
    for (size_t i = 0; i < palette.size(); ++i) {
        const int dr = qRed(palette[i]) - r, dg = qGreen(palette[i]) - g, db = qBlue(palette[i]) - b;
        const int d = dr * dr + dg * dg + db * db;
        if (d < bestDistance) {
            bestDistance = d;
            best = int(i);
        }
    }
    return static_cast<unsigned char>(best);
}

} // namespace

PaletteQuantizer::Result PaletteQuantizer::quantize(const QImage &image, const QRect &rect, int maxColours)
{
    const QImage rgb = image.format() == QImage::Format_RGB32 || image.format() == QImage::Format_ARGB32
                           ? image
                           : image.convertToFormat(QImage::Format_RGB32);
    const int limit = std::clamp(maxColours, 1, 256);
    const auto forEachPixel = [&](auto &&f) {
        for (int y = rect.top(); y <= rect.bottom(); ++y) {
            const auto *line = reinterpret_cast<const QRgb *>(rgb.constScanLine(y));
            for (int x = rect.left(); x <= rect.right(); ++x)
                f(line[x] | 0xff000000u);
        }
    };
    // Histogram of the rectangle, with each bin's majority colour.
    std::vector<int> slot(kBins, -1);
    std::vector<Bin> bins;
    forEachPixel([&](QRgb c) {
        int &s = slot[size_t(binOf(c))];
        if (s < 0) {
            s = int(bins.size());
            bins.push_back(Bin{binOf(c), 0, {0, 0, 0}, c, 0, 0});
        }
        Bin &bin = bins[size_t(s)];
        ++bin.count;
        bin.sum[0] += quint64(qRed(c));
        bin.sum[1] += quint64(qGreen(c));
        bin.sum[2] += quint64(qBlue(c));
        if (bin.votes == 0)
            bin.candidate = c;
        bin.votes += bin.candidate == c ? 1 : -1;
    });
    forEachPixel([&](QRgb c) {
        Bin &bin = bins[size_t(slot[size_t(binOf(c))])];
        bin.candidateCount += bin.candidate == c;
    });

    // The flat colours (land, water, a symbol's fill) get palette entries of their own, exactly:
    // the most common exact colours covering at least 0.2% of the rectangle, up to a quarter of
    // the palette. Their pixels leave the bins the median cut shares out.
    const quint64 pixels = quint64(rect.width()) * quint64(rect.height());
    std::vector<size_t> order(bins.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::sort(order.begin(), order.end(), [&bins](size_t a, size_t b) { return bins[a].candidateCount > bins[b].candidateCount; });
    Result result;
    std::vector<int> reservedIndex(bins.size(), -1);
    for (size_t i : order) {
        Bin &bin = bins[i];
        if (int(result.palette.size()) >= std::max(1, limit / 4) || bin.candidateCount < std::max<quint64>(16, pixels / 500))
            break;
        reservedIndex[i] = int(result.palette.size());
        result.palette.push_back(bin.candidate);
        bin.count -= bin.candidateCount;
        bin.sum[0] -= bin.candidateCount * quint64(qRed(bin.candidate));
        bin.sum[1] -= bin.candidateCount * quint64(qGreen(bin.candidate));
        bin.sum[2] -= bin.candidateCount * quint64(qBlue(bin.candidate));
    }
    std::vector<Bin> rest;
    for (const Bin &bin : bins)
        if (bin.count > 0)
            rest.push_back(bin);

    // Median cut of the rest: split the box with the most pixels times extent at its weighted median.
    std::vector<Box> boxes;
    if (!rest.empty())
        boxes.push_back(makeBox(rest, 0, rest.size()));
    while (!boxes.empty() && int(boxes.size() + result.palette.size()) < limit) {
        auto widest = std::max_element(boxes.begin(), boxes.end(), [](const Box &a, const Box &b) {
            return double(a.count) * a.extent < double(b.count) * b.extent;
        });
        if (widest->extent == 0 || widest->end - widest->begin < 2)
            break; // every box is a single colour
        const Box box = *widest;
        const int c = box.longest;
        std::sort(rest.begin() + qsizetype(box.begin), rest.begin() + qsizetype(box.end),
                  [c](const Bin &a, const Bin &b) { return a.channel(c) < b.channel(c); });
        quint64 seen = 0;
        size_t cut = box.begin + 1;
        for (size_t i = box.begin; i + 1 < box.end; ++i) {
            seen += rest[i].count;
            cut = i + 1;
            if (seen * 2 >= box.count)
                break;
        }
        *widest = makeBox(rest, box.begin, cut);
        boxes.push_back(makeBox(rest, cut, box.end));
    }
    for (const Box &box : boxes) {
        quint64 sum[3] = {0, 0, 0};
        for (size_t i = box.begin; i < box.end; ++i)
            for (int c = 0; c < 3; ++c)
                sum[c] += rest[i].sum[c];
        const quint64 n = std::max<quint64>(1, box.count);
        result.palette.push_back(qRgb(int(sum[0] / n), int(sum[1] / n), int(sum[2] / n)));
    }

    // A pixel of a bin's reserved colour takes that entry; the others the entry nearest their
    // bin's average (not just their box's).
    std::vector<unsigned char> lookup(kBins, 0);
    for (const Bin &bin : rest)
        lookup[size_t(bin.index)] = nearest(result.palette, bin.channel(0), bin.channel(1), bin.channel(2));
    result.indices.resize(size_t(pixels));
    unsigned char *out = result.indices.data();
    forEachPixel([&](QRgb c) {
        const size_t s = size_t(slot[size_t(binOf(c))]);
        *out++ = reservedIndex[s] >= 0 && bins[s].candidate == c ? static_cast<unsigned char>(reservedIndex[s])
                                                                : lookup[size_t(binOf(c))];
    });
    return result;
}

} // namespace mapline::animation
