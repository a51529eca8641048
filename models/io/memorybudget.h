#pragma once

#include <QSize>
#include <QString>

namespace mapline {

// Whether this process can have a large block of memory, asked before allocating it (a map
// image of 20000 x 20000 pixels is 1.6 GB): the least of what the machine has free (MemAvailable
// and free swap) and what the process's limits (ulimit -v, RLIMIT_DATA) leave it. Refusing
// first gives a message that says why, where a failed allocation gives a null image (and Qt
// thousands of painter warnings) or std::bad_alloc.
class MemoryBudget {
public:
    // Empty when `bytes` fit; else why not, e.g. "a 20000 x 20000 image needs 3.0 GB of memory,
    // and this process may use 1.2 GB more (ulimit -v)". `what` names the allocation.
    static QString check(qint64 bytes, const QString &what);
    // The bytes of an image of `pixels` with `bytesPerPixel` for it and the copies its writer makes.
    static qint64 imageBytes(const QSize &pixels, int bytesPerPixel);
    // "1.5 GB", "300 MB".
    static QString sizeText(qint64 bytes);
};

} // namespace mapline
