#include "io/timing.h"

#include <ctime>

namespace mapline {
namespace {

qint64 cpuNs(clockid_t clock)
{
    timespec t{};
    if (clock_gettime(clock, &t) != 0)
        return 0;
    return qint64(t.tv_sec) * 1000000000 + t.tv_nsec;
}

} // namespace

Q_LOGGING_CATEGORY(lcTiming, "mapline.timing", QtWarningMsg)

qint64 processCpuNs()
{
    return cpuNs(CLOCK_PROCESS_CPUTIME_ID);
}

qint64 threadCpuNs()
{
    return cpuNs(CLOCK_THREAD_CPUTIME_ID);
}

} // namespace mapline
