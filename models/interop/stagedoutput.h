#pragma once

#include "result.h"

#include <QString>
#include <QStringList>

namespace mapline {

// Writes a file (and its companions: a Shapefile's .shx, .dbf, .prj, .cpg) under a hidden
// temporary name in the target's folder, then moves it over the target in one step when it is
// complete. Until commit() an existing target is untouched; if the writer fails, the destructor
// removes every temporary file, so nothing half-written is ever left behind.
class StagedOutput {
public:
    // `companions`: extensions written beside the main file (without the dot).
    explicit StagedOutput(QString target, QStringList companions = {});
    ~StagedOutput();
    StagedOutput(const StagedOutput &) = delete;
    StagedOutput &operator=(const StagedOutput &) = delete;

    // Checks that the folder exists and the target is not a folder; picks the temporary name.
    Status prepare();
    // Where the writer writes: same folder, same extension, hidden name.
    const QString &stagingPath() const { return mStaging; }
    // Moves the staged file(s) over the target(s). When several files move, the old ones are kept
    // aside until all new ones are in place and put back if a move fails.
    Status commit();

private:
    QString withSuffix(const QString &path, const QString &suffix) const;
    void removeStaged() const;

    QString mTarget;
    QStringList mCompanions;
    QString mStaging;
    bool mCommitted = false;
};

} // namespace mapline
