#pragma once

#include "result.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <sys/types.h>

namespace mapline {

// What a StagedOutput writes besides one plain file (outside the class so that it can be a
// default argument).
struct StagedOutputOptions {
    // Extensions (without the dot) of files the writer makes beside the main one: a
    // Shapefile's shx, dbf, prj, cpg. Old ones the writer does not make again are removed.
    QStringList companions;
    // The extension (without the dot) the temporary file must have for its writer, when it
    // differs from the target's: GDAL's CSV driver makes a folder of a name not ending in .csv.
    QString stagingExtension;
    // The writer makes an SQLite file (a GeoPackage); an SQLite target is checked either way.
    bool sqlite = false;
};

// The one way Mapline writes a file the user named (exports, snapshots, GIF and MP4 animations,
// the user gazetteer). It writes under a hidden temporary name in the target's folder
// (TempFiles), then moves the complete file over the target in one step. Until commit() an
// existing target is untouched; if the writer fails or is cancelled, the destructor removes
// every temporary file, and a stop signal does too (TempFiles::track).
//
// prepare() refuses, before anything is written, what a copy would damage:
// - an output that is an input of this process (the database, its -wal/-shm/-journal, a
//   basemap or layer), by device and inode (ProtectedFiles);
// - a target that is not a regular file: a folder, a named pipe, a device, a socket;
// - an SQLite file (a GeoPackage) that another program has open (a POSIX lock on it or on its
//   -shm: QGIS holds one), or whose -wal or -journal holds another program's changes: SQLite
//   finds those by name and would apply them to the new file and damage it. An empty -wal and
//   an unlocked -shm (a reader's leftovers) are harmless and allowed.
// A symbolic link at the target is written through, as cp does: the file it names is replaced
// and the link stays. The replaced file's permissions (and owner, where allowed) carry over.
// A read-only target is refused, as cp refuses it.
class StagedOutput {
public:
    using Options = StagedOutputOptions;

    explicit StagedOutput(QString target, Options options = {});
    ~StagedOutput();
    StagedOutput(const StagedOutput &) = delete;
    StagedOutput &operator=(const StagedOutput &) = delete;

    // The checks above; picks the temporary name and removes stale ones of ours in the folder.
    // The message is "cannot write TARGET: why".
    Status prepare();
    // Where the writer writes: the destination's folder, a hidden name, the needed extension.
    const QString &stagingPath() const { return mStaging; }
    // The file that commit() replaces: the target, or the file a symbolic link there names.
    const QString &destination() const { return mDestination; }
    // The temporary files written so far (the main one and its companions).
    QStringList stagedFiles() const;

    // Writes all of `bytes` to the temporary file, checking every write and the close.
    Status writeBytes(const QByteArray &bytes);
    // Gives the temporary files the permissions (and owner, where allowed) of the file they
    // replace, so a private file is never readable by others, not even while it is written.
    // Writers that create the files themselves call it once they exist; commit() does it again.
    void applyMode() const;
    // "cannot write TARGET: why" for a writer's failure: the file-size limit, a full disk, else
    // the library's text cleaned (WriteFailure::explain); the temporary name never shows.
    QString failure(const QString &libraryText) const;

    // Syncs the temporary file(s) to disk and moves them over the target(s). When several files
    // move, the old ones are kept aside until all new ones are in place and put back if a move
    // fails; a stop signal waits until the moves are done (TempFiles::Deferral).
    Status commit();

private:
    QString companion(const QString &path, const QString &extension) const;
    void removeStaged() const;
    Status refuse(const QString &why) const;

    QString mTarget;
    Options mOptions;
    QString mDestination;
    QString mStaging;
    int mTrackSlot = -1;
    bool mReplacing = false; // the destination exists and is replaced
    mode_t mMode = 0;        // the replaced file's permissions
    uid_t mOwner = 0;
    gid_t mGroup = 0;
    bool mCommitted = false;
};

} // namespace mapline
