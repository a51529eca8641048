#pragma once

// The timing log and the CPU clocks it reads: the viewer's launch to a populated map and the
// snapshot command's phases (docs/PERFORMANCE.md), shown with
// QT_LOGGING_RULES="mapline.timing.info=true"; and the import's batches, which end by CPU time.
#include <QLoggingCategory>

namespace mapline {

Q_DECLARE_LOGGING_CATEGORY(lcTiming)

// CPU time (user and system) of the process, or of the calling thread, so far, in nanoseconds;
// 0 when the clock is unavailable.
qint64 processCpuNs();
qint64 threadCpuNs();

inline double milliseconds(qint64 nanoseconds)
{
    return double(nanoseconds) / 1e6;
}

} // namespace mapline
