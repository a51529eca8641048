#pragma once

// Whole reads and writes of a QIODevice, in chunks a qint64 call takes (64 MB): false when the
// device read or wrote less than asked (a full disk, a file size limit, a file cut short). The
// persistent index's file and its spill files (index/persistentindex.cpp, eventindexbuilder.cpp).
#include <QIODevice>

#include <algorithm>

namespace mapline {

inline constexpr quint64 kWholeIoChunk = quint64(1) << 26;

inline bool writeWhole(QIODevice &device, const void *data, quint64 bytes)
{
    const auto *p = static_cast<const char *>(data);
    while (bytes > 0) {
        const qint64 chunk = qint64(std::min(bytes, kWholeIoChunk));
        if (device.write(p, chunk) != chunk)
            return false;
        p += chunk;
        bytes -= quint64(chunk);
    }
    return true;
}

inline bool readWhole(QIODevice &device, void *data, quint64 bytes)
{
    auto *p = static_cast<char *>(data);
    while (bytes > 0) {
        const qint64 chunk = qint64(std::min(bytes, kWholeIoChunk));
        if (device.read(p, chunk) != chunk)
            return false;
        p += chunk;
        bytes -= quint64(chunk);
    }
    return true;
}

} // namespace mapline
