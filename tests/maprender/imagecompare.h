#pragma once

// Golden-image comparison for the render tests: counts the pixels whose colour differs from the
// golden image by more than a tolerance in any channel, and makes a diff image that shows them
// in red over a faded copy of the golden.
#include <QColor>
#include <QImage>

#include <cstdlib>

namespace mapline::test {

struct ImageComparison {
    qsizetype mismatched = 0;
    qsizetype total = 0;
    QImage diff;
    bool sameSize = true;
};

inline ImageComparison compareImages(const QImage &actualIn, const QImage &expectedIn, int channelTolerance)
{
    ImageComparison out;
    const QImage actual = actualIn.convertToFormat(QImage::Format_ARGB32);
    const QImage expected = expectedIn.convertToFormat(QImage::Format_ARGB32);
    if (actual.size() != expected.size()) {
        out.sameSize = false;
        return out;
    }
    out.total = qsizetype(actual.width()) * actual.height();
    out.diff = QImage(actual.size(), QImage::Format_ARGB32);
    for (int y = 0; y < actual.height(); ++y) {
        const auto *a = reinterpret_cast<const QRgb *>(actual.constScanLine(y));
        const auto *e = reinterpret_cast<const QRgb *>(expected.constScanLine(y));
        auto *d = reinterpret_cast<QRgb *>(out.diff.scanLine(y));
        for (int x = 0; x < actual.width(); ++x) {
            const int delta = std::max({std::abs(qRed(a[x]) - qRed(e[x])), std::abs(qGreen(a[x]) - qGreen(e[x])),
                                        std::abs(qBlue(a[x]) - qBlue(e[x])), std::abs(qAlpha(a[x]) - qAlpha(e[x]))});
            if (delta > channelTolerance) {
                ++out.mismatched;
                d[x] = qRgb(255, 0, 0);
            } else {
                const int grey = 200 + qGray(e[x]) / 5;
                d[x] = qRgb(grey, grey, grey);
            }
        }
    }
    return out;
}

} // namespace mapline::test
