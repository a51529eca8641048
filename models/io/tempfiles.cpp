#include "io/tempfiles.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSysInfo>

#include <atomic>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstring>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace mapline {
namespace {

constexpr int kSlots = 64;
constexpr int kNameMax = 255;
// Room left in a temporary name for what is added to it later: SQLite's "-journal", ".old".
constexpr int kSuffixRoom = 16;

// One tracked stem. `state`: 0 free, 1 being written, 2 tracked, 3 taken by the signal handler
// (which never gives it back: the process is ending). The strings are written only in state 1
// and read by the handler only after it moved the slot from 2 to 3, so it never reads a
// half-written path, whatever thread the signal lands on.
struct Slot {
    std::atomic<int> state{0};
    char folder[PATH_MAX];
    char prefix[kNameMax + 1];
};

Slot gSlots[kSlots];
std::atomic<int> gDeferrals{0};
std::atomic<int> gPendingSignal{0};

// From here to the handler, only async-signal-safe calls: open, getdents64 (a system call),
// unlinkat, lseek, close, signal, raise. No allocation, no locks, no stdio.

bool startsWith(const char *name, const char *prefix)
{
    for (; *prefix; ++prefix, ++name)
        if (*name != *prefix)
            return false;
    return true;
}

bool isDots(const char *name)
{
    return name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0));
}

// Calls `visit(name)` for each entry of the open folder `dir`, reading it again while a pass
// removed something (entries removed while reading may be skipped by the reading).
template <typename Visit> void eachEntry(int dir, Visit visit)
{
    alignas(8) char buffer[4096];
    for (int pass = 0; pass < 32; ++pass) {
        bool removed = false;
        ::lseek(dir, 0, SEEK_SET);
        for (;;) {
            const ssize_t n = ::getdents64(dir, buffer, sizeof buffer);
            if (n <= 0)
                break;
            for (ssize_t at = 0; at < n;) {
                const auto *entry = reinterpret_cast<const struct dirent64 *>(buffer + at);
                at += entry->d_reclen;
                if (!isDots(entry->d_name) && visit(entry->d_name))
                    removed = true;
            }
        }
        if (!removed)
            break;
    }
}

// Removes the files in the folder `name` of `parent` (one level: our temporary folders hold
// only files), then the folder.
void removeFolder(int parent, const char *name)
{
    const int dir = ::openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (dir >= 0) {
        eachEntry(dir, [dir](const char *entry) { return ::unlinkat(dir, entry, 0) == 0; });
        ::close(dir);
    }
    ::unlinkat(parent, name, AT_REMOVEDIR);
}

void removePrefixed(const char *folder, const char *prefix)
{
    const int dir = ::open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0)
        return;
    eachEntry(dir, [dir, prefix](const char *entry) {
        if (!startsWith(entry, prefix))
            return false;
        if (::unlinkat(dir, entry, 0) == 0)
            return true;
        if (errno != EISDIR)
            return false;
        removeFolder(dir, entry);
        return true;
    });
    ::close(dir);
}

void removeTracked()
{
    for (Slot &slot : gSlots) {
        int expected = 2;
        if (slot.state.compare_exchange_strong(expected, 3))
            removePrefixed(slot.folder, slot.prefix);
    }
}

[[noreturn]] void endBy(int sig)
{
    ::signal(sig, SIG_DFL);
    ::raise(sig);
    ::_exit(128 + sig); // not reached: the signal, unblocked when the handler returns, ends us
}

extern "C" void onStopSignal(int sig)
{
    const int savedErrno = errno;
    if (gDeferrals.load() > 0) {
        gPendingSignal.store(sig);
        // The last Deferral may have ended between the two loads without seeing the signal:
        // then whoever takes it back from gPendingSignal acts on it.
        if (gDeferrals.load() > 0 || gPendingSignal.exchange(0) == 0) {
            errno = savedErrno;
            return;
        }
    }
    removeTracked();
    ::signal(sig, SIG_DFL);
    ::raise(sig); // delivered when this handler returns, as the signal is blocked inside it
    errno = savedErrno;
}

// This machine's name as it goes into temporary names: letters and digits only.
const QString &hostTag()
{
    static const QString tag = [] {
        QString h;
        for (const QChar c : QSysInfo::machineHostName())
            if (c.isLetterOrNumber() && c.unicode() < 128 && h.size() < 24)
                h += c;
        return h.isEmpty() ? QStringLiteral("host") : h;
    }();
    return tag;
}

} // namespace

QString TempFiles::makeName(const QString &folder, const QString &name, const QString &extension)
{
    const QString tag = QStringLiteral(".mapline-%1-%2-%3.tmp")
                            .arg(hostTag())
                            .arg(qint64(::getpid()))
                            .arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'));
    QString base = name;
    while (!base.isEmpty() &&
           QFile::encodeName(QLatin1Char('.') + base + tag + extension).size() > kNameMax - kSuffixRoom) {
        base.chop(1);
        if (!base.isEmpty() && base.back().isHighSurrogate())
            base.chop(1);
    }
    return QDir(folder).filePath(QLatin1Char('.') + base + tag + extension);
}

QString TempFiles::stemOf(const QString &tempPath)
{
    const qsizetype at = tempPath.lastIndexOf(QStringLiteral(".tmp"));
    return at < 0 ? tempPath : tempPath.left(at + 4);
}

std::optional<TempFiles::Owner> TempFiles::ownerOf(const QString &fileName)
{
    static const QRegularExpression pattern(
        QStringLiteral("^\\..*\\.mapline-([A-Za-z0-9]+)-([0-9]+)-[0-9a-f]{8}\\.tmp(\\..*)?$"));
    const QRegularExpressionMatch m = pattern.match(fileName);
    if (!m.hasMatch())
        return std::nullopt;
    Owner owner;
    owner.host = m.captured(1);
    owner.pid = m.captured(2).toLongLong();
    owner.setAside = fileName.endsWith(QStringLiteral(".old"));
    return owner;
}

int TempFiles::track(const QString &stemPath)
{
    const QFileInfo info(stemPath);
    const QByteArray folder = QFile::encodeName(info.absolutePath());
    const QByteArray prefix = QFile::encodeName(info.fileName());
    if (folder.size() >= PATH_MAX || prefix.isEmpty() || prefix.size() > kNameMax)
        return -1;
    for (int i = 0; i < kSlots; ++i) {
        int expected = 0;
        if (!gSlots[i].state.compare_exchange_strong(expected, 1))
            continue;
        std::memcpy(gSlots[i].folder, folder.constData(), size_t(folder.size()) + 1);
        std::memcpy(gSlots[i].prefix, prefix.constData(), size_t(prefix.size()) + 1);
        gSlots[i].state.store(2);
        return i;
    }
    return -1;
}

void TempFiles::untrack(int slot)
{
    if (slot < 0 || slot >= kSlots)
        return;
    int expected = 2;
    gSlots[slot].state.compare_exchange_strong(expected, 0);
}

void TempFiles::installSignalHandlers()
{
    for (const int sig : {SIGINT, SIGTERM, SIGHUP}) {
        struct sigaction previous {};
        if (::sigaction(sig, nullptr, &previous) != 0 || previous.sa_handler == SIG_IGN)
            continue;
        struct sigaction action {};
        action.sa_handler = onStopSignal;
        ::sigemptyset(&action.sa_mask);
        for (const int other : {SIGINT, SIGTERM, SIGHUP})
            ::sigaddset(&action.sa_mask, other);
        action.sa_flags = SA_RESTART;
        ::sigaction(sig, &action, nullptr);
    }
}

int TempFiles::removeStale(const QString &folder)
{
    QDir dir(folder);
    const QStringList names = dir.entryList({QStringLiteral(".*.mapline-*")},
                                            QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    int removed = 0;
    for (const QString &name : names) {
        const std::optional<Owner> owner = ownerOf(name);
        if (!owner || owner->setAside || owner->host != hostTag() || owner->pid == qint64(::getpid()))
            continue;
        // A process of that number still runs (perhaps another one now: then wait for it too).
        if (owner->pid <= 0 || owner->pid > INT_MAX || ::kill(pid_t(owner->pid), 0) == 0 || errno == EPERM)
            continue;
        const QString path = dir.filePath(name);
        struct stat st {};
        if (::lstat(QFile::encodeName(path).constData(), &st) != 0 || now - st.st_mtime < kStaleSeconds)
            continue;
        const bool gone = S_ISDIR(st.st_mode) ? QDir(path).removeRecursively() : QFile::remove(path);
        removed += gone ? 1 : 0;
    }
    return removed;
}

TempFiles::Deferral::Deferral()
{
    gDeferrals.fetch_add(1);
}

TempFiles::Deferral::~Deferral()
{
    if (gDeferrals.fetch_sub(1) != 1)
        return;
    if (const int sig = gPendingSignal.exchange(0); sig != 0) {
        removeTracked();
        endBy(sig);
    }
}

} // namespace mapline
