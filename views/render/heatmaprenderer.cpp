#include "render/heatmaprenderer.h"

#include "render/mapsettings.h"

#include <array>
#include <cmath>
#include <vector>

namespace mapline {
namespace {

// One horizontal then vertical box blur pass of radius r over a w x h grid.
void boxBlur(std::vector<float> &grid, std::vector<float> &scratch, int w, int h, int r)
{
    const float norm = 1.0f / float(2 * r + 1);
    for (int y = 0; y < h; ++y) {
        const float *src = grid.data() + size_t(y) * size_t(w);
        float *dst = scratch.data() + size_t(y) * size_t(w);
        float sum = 0;
        for (int x = -r; x <= r; ++x)
            sum += src[std::clamp(x, 0, w - 1)] * (x >= 0 && x < w);
        for (int x = 0; x < w; ++x) {
            dst[x] = sum * norm;
            const int add = x + r + 1;
            const int remove = x - r;
            sum += add < w ? src[add] : 0.0f;
            sum -= remove >= 0 ? src[remove] : 0.0f;
        }
    }
    for (int x = 0; x < w; ++x) {
        float sum = 0;
        for (int y = 0; y <= r && y < h; ++y)
            sum += scratch[size_t(y) * size_t(w) + size_t(x)];
        for (int y = 0; y < h; ++y) {
            grid[size_t(y) * size_t(w) + size_t(x)] = sum * norm;
            const int add = y + r + 1;
            const int remove = y - r;
            sum += add < h ? scratch[size_t(add) * size_t(w) + size_t(x)] : 0.0f;
            sum -= remove >= 0 ? scratch[size_t(remove) * size_t(w) + size_t(x)] : 0.0f;
        }
    }
}

const std::array<QRgb, 256> &colourRamp()
{
    static const std::array<QRgb, 256> ramp = [] {
        // YlOrRd, with alpha rising so that sparse areas stay see-through.
        struct Stop { double t; int r, g, b, a; };
        const Stop stops[] = {{0.00, 255, 255, 178, 0},   {0.08, 255, 237, 160, 110}, {0.25, 254, 204, 92, 165},
                              {0.45, 253, 141, 60, 195},  {0.65, 240, 59, 32, 215},   {0.85, 189, 0, 38, 228},
                              {1.00, 128, 0, 38, 235}};
        std::array<QRgb, 256> out{};
        for (int i = 0; i < 256; ++i) {
            const double t = i / 255.0;
            size_t k = 0;
            while (k + 2 < std::size(stops) && t > stops[k + 1].t)
                ++k;
            const Stop &a = stops[k];
            const Stop &b = stops[k + 1];
            const double u = std::clamp((t - a.t) / (b.t - a.t), 0.0, 1.0);
            const auto mix = [u](int x, int y) { return int(std::lround(x + (y - x) * u)); };
            out[size_t(i)] = qPremultiply(qRgba(mix(a.r, b.r), mix(a.g, b.g), mix(a.b, b.b), mix(a.a, b.a)));
        }
        return out;
    }();
    return ramp;
}

} // namespace

QColor HeatMapRenderer::colourAt(double t)
{
    const QRgb c = qUnpremultiply(colourRamp()[size_t(std::clamp(int(t * 255.0), 0, 255))]);
    return QColor::fromRgba(c);
}

QImage HeatMapRenderer::densityImage(const MapSettings &settings)
{
    const EventIndex *index = settings.events().get();
    const QSize size = settings.outputSize();
    const int pad = 3 * kBlurCells;
    const int w = size.width() / kCellPixels + 2 * pad + 1;
    const int h = size.height() / kCellPixels + 2 * pad + 1;
    if (!index || w <= 0 || h <= 0)
        return {};
    std::vector<float> grid(size_t(w) * size_t(h), 0.0f);
    const QRectF extent = settings.extent();
    const double cellMetres = settings.metresPerPixel() * kCellPixels;
    const double left = extent.left() - pad * cellMetres;
    const double top = extent.bottom() + pad * cellMetres; // north edge: row 0
    const float *xs = index->xData();
    const float *ys = index->yData();
    index->forEach(settings.eventWindow(), settings.eventMask().get(), [&](qsizetype row) {
        if (!index->hasPosition(row))
            return; // in the table only
        const int gx = int((xs[row] - left) / cellMetres);
        const int gy = int((top - ys[row]) / cellMetres);
        if (gx >= 0 && gx < w && gy >= 0 && gy < h)
            grid[size_t(gy) * size_t(w) + size_t(gx)] += 1.0f;
    });
    std::vector<float> scratch(grid.size());
    for (int pass = 0; pass < 3; ++pass)
        boxBlur(grid, scratch, w, h, kBlurCells);
    float peak = 0;
    for (float v : grid)
        peak = std::max(peak, v);
    QImage image(w, h, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    if (peak <= 0)
        return image;
    // A square root keeps the secondary hot spots visible next to the capital's.
    const auto &ramp = colourRamp();
    const float inversePeak = 1.0f / peak;
    for (int y = 0; y < h; ++y) {
        auto *line = reinterpret_cast<QRgb *>(image.scanLine(y));
        const float *src = grid.data() + size_t(y) * size_t(w);
        for (int x = 0; x < w; ++x) {
            if (src[x] <= 0)
                continue;
            const int level = int(std::sqrt(src[x] * inversePeak) * 255.0f);
            line[x] = ramp[size_t(std::clamp(level, 1, 255))];
        }
    }
    return image;
}

void HeatMapRenderer::paint(QPainter &painter, const MapSettings &settings)
{
    const QImage density = densityImage(settings);
    if (density.isNull())
        return;
    const int pad = 3 * kBlurCells;
    const QRectF target(-pad * kCellPixels, -pad * kCellPixels, density.width() * kCellPixels,
                        density.height() * kCellPixels);
    painter.save();
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    painter.drawImage(target, density);
    painter.restore();
}

} // namespace mapline
