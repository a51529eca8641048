#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace mapline {

// Why a write failed, in the words `mapline import` uses for its database: "the disk holding X
// is full (N bytes free)", "X reached the file size limit of this process (N bytes, ulimit -f)",
// rather than a library's own text ("Failure writing DBF record 50", a GeoPackage trigger's SQL,
// "Unknown error"), which is kept only when no cause is found, cleaned of SQL.
class WriteFailure {
public:
    // After a system call on `shownPath` failed with `error` (errno).
    static QString fromErrno(int error, const QString &shownPath);
    // After a library failed to write `writtenFiles` (the hidden temporary files it wrote, to
    // compare their sizes with the file-size limit) for the output `shownPath`.
    static QString explain(const QString &libraryText, const QString &shownPath, const QStringList &writtenFiles = {});
    // The limit's words when one of `files` is at the file-size limit (ulimit -f); empty if none.
    static QString fileSizeLimit(const QString &shownPath, const QStringList &files);
    // The words for a full disk when the folder of `shownPath` has almost no room; empty if it has.
    static QString diskFull(const QString &shownPath);

    // Creates `path` (which must not exist) with `mode`, writes all of `bytes`, syncs (unless the
    // caller syncs a whole set itself) and closes it, checking each step; the error (empty on
    // success) names `shownPath`, the output the user asked for, and says why.
    static QString writeNewFile(const QString &path, const QByteArray &bytes, const QString &shownPath,
                                unsigned mode = 0666, bool sync = true);
};

} // namespace mapline
