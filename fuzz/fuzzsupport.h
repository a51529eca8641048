#pragma once

// Shared by the libFuzzer targets: quiet Qt messages, an invariant check that aborts with a
// message (so libFuzzer saves the input), and a scratch file for the readers that take a path.
#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QString>
#include <QtGlobal>

#include <cstdio>
#include <cstdlib>
#include <unistd.h>

namespace mapline::fuzz {

// An invariant the code under test promises; a violation is a finding like a crash.
#define FUZZ_CHECK(condition)                                                                        \
    do {                                                                                             \
        if (!(condition)) {                                                                          \
            std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #condition);  \
            std::abort();                                                                            \
        }                                                                                            \
    } while (false)

inline void quietMessages(QtMsgType type, const QMessageLogContext &, const QString &message)
{
    if (type == QtFatalMsg) {
        std::fprintf(stderr, "qFatal: %s\n", qPrintable(message));
        std::abort();
    }
}

// Once per process: Qt warnings are not findings (the parsers report through their results).
inline void init()
{
    static const bool done = [] {
        qInstallMessageHandler(quietMessages);
        return true;
    }();
    (void)done;
}

// A file holding the current input, for readers that take a path (one per fuzzing process).
inline QString scratchFile(const QByteArray &bytes, const char *suffix)
{
    static const QString dir = [] {
        const QString base = qEnvironmentVariableIsSet("TMPDIR") ? qEnvironmentVariable("TMPDIR")
                                                                 : QStringLiteral("/tmp");
        return base;
    }();
    const QString path = QStringLiteral("%1/mapline-fuzz-%2%3").arg(dir).arg(::getpid()).arg(QLatin1String(suffix));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(bytes) != bytes.size()) {
        std::fprintf(stderr, "cannot write the scratch file %s\n", qPrintable(path));
        std::abort();
    }
    return path;
}

} // namespace mapline::fuzz
