#pragma once

#include <QStringList>

namespace mapline::cli {

// Each takes "mapline COMMAND [args...]" and returns the exit code of the contract.
int runImport(const QStringList &arguments);
int runEvents(const QStringList &arguments);
int runHappenings(const QStringList &arguments);
int runExport(const QStringList &arguments);
int runSnapshot(const QStringList &arguments);
int runAnimate(const QStringList &arguments);

} // namespace mapline::cli
