#pragma once

#include <QString>

#include <optional>

namespace mapline {

// The hidden temporary files and folders Mapline writes beside an output before the complete
// output replaces the old one (StagedOutput, the animation writers): their names, their removal
// when the process is stopped by SIGTERM, SIGINT or SIGHUP, and the removal of those a process
// killed outright (SIGKILL, a power cut) left behind.
//
// A temporary name is ".NAME.mapline-HOST-PID-RANDOM.tmp" plus an extension (".csv"; none for a
// folder); its companions (".tmp.dbf", ".tmp.gpkg-journal", a ".tmp.shp.old" set aside) share
// that stem. Nothing else is ever removed: only names of this form, and of those only ones whose
// process is gone (same host, PID not running) and that nothing has touched for kStaleSeconds.
class TempFiles {
public:
    // Leftovers younger than this are kept even when their process is gone (a folder shared
    // with another machine whose clock or PIDs differ, a PID namespace).
    static constexpr int kStaleSeconds = 15 * 60;

    // A new temporary name in `folder` for the output `name` (the file name only): the folder's
    // path, "/", ".NAME.mapline-HOST-PID-RANDOM.tmp", `extension` (with its dot, or empty). NAME
    // is shortened so that the whole name fits the file system's 255 bytes.
    static QString makeName(const QString &folder, const QString &name, const QString &extension);
    // The stem of a temporary name (up to and including ".tmp"): what track() removes.
    static QString stemOf(const QString &tempPath);
    // Whether `fileName` is one of our temporary names; if so, its host and process id.
    struct Owner {
        QString host;
        qint64 pid = 0;
        bool setAside = false; // a ".old" copy of a previous output, made while replacing it
    };
    static std::optional<Owner> ownerOf(const QString &fileName);

    // Until untrack(), every entry of the stem's folder whose name begins with the stem is
    // removed (a folder with the files in it) when a stop signal arrives. Returns a slot, or
    // -1 when all are taken (the next run's removeStale() then does it).
    static int track(const QString &stemPath);
    static void untrack(int slot);

    // Installs the handler of SIGINT, SIGTERM and SIGHUP (not of one that is ignored, as
    // nohup and background jobs set them): it removes what is tracked, then the process ends
    // by the same signal, with the exit status the shell expects. Called once, by main().
    static void installSignalHandlers();

    // Removes our leftovers in `folder` whose process is gone (see the class comment); the
    // ".old" copies of a previous output are kept (only a crash in the middle of replacing an
    // output leaves one, and it may be the only copy). Returns how many entries went.
    static int removeStale(const QString &folder);

    // While one lives, a stop signal waits: the handler removes nothing, and the process ends
    // when the last Deferral ends. For the renames that swap a complete output in, which must
    // not stop half-way. Any thread.
    class Deferral {
    public:
        Deferral();
        ~Deferral();
        Deferral(const Deferral &) = delete;
        Deferral &operator=(const Deferral &) = delete;
    };
};

} // namespace mapline
