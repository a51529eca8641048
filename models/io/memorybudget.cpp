#include "io/memorybudget.h"

#include <QFile>
#include <QLocale>

#include <sys/resource.h>

namespace mapline {
namespace {

// A field of a /proc file in kB ("MemAvailable:  123456 kB"), in bytes; -1 when absent.
qint64 procField(const char *file, const QByteArray &name)
{
    QFile f(QString::fromLatin1(file));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (!line.startsWith(name + ':'))
            continue;
        bool ok = false;
        const qint64 kb = line.mid(name.size() + 1).trimmed().split(' ').value(0).toLongLong(&ok);
        return ok ? kb * 1024 : -1;
    }
    return -1;
}

struct Limit {
    qint64 left = -1;
    const char *name = "";
};

// What a resource limit leaves, given what the process already uses of it.
Limit leftUnder(int resource, qint64 used, const char *name)
{
    struct rlimit limit = {};
    if (::getrlimit(resource, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY || used < 0)
        return {};
    return {std::max<qint64>(0, qint64(limit.rlim_cur) - used), name};
}

} // namespace

qint64 MemoryBudget::imageBytes(const QSize &pixels, int bytesPerPixel)
{
    return qint64(std::max(0, pixels.width())) * qint64(std::max(0, pixels.height())) * bytesPerPixel;
}

QString MemoryBudget::sizeText(qint64 bytes)
{
    return QLocale::c().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

QString MemoryBudget::check(qint64 bytes, const QString &what)
{
    const Limit as = leftUnder(RLIMIT_AS, procField("/proc/self/status", "VmSize"), "ulimit -v");
    const Limit data = leftUnder(RLIMIT_DATA, procField("/proc/self/status", "VmData"), "ulimit -d");
    for (const Limit &limit : {as, data}) {
        if (limit.left >= 0 && bytes > limit.left)
            return QStringLiteral("%1 needs %2 of memory, and this process may use %3 more (%4)")
                .arg(what, sizeText(bytes), sizeText(limit.left), QString::fromLatin1(limit.name));
    }
    const qint64 memory = procField("/proc/meminfo", "MemAvailable");
    if (memory >= 0) {
        const qint64 free = memory + std::max<qint64>(0, procField("/proc/meminfo", "SwapFree"));
        if (bytes > free)
            return QStringLiteral("%1 needs %2 of memory, and the machine has %3 free")
                .arg(what, sizeText(bytes), sizeText(free));
    }
    return {};
}

} // namespace mapline
