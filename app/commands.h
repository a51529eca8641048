#pragma once

#include <QStringList>

namespace mapline {
class EventStore;
}

namespace mapline::cli {

// Each takes "mapline COMMAND [args...]" and returns the exit code of the contract.
int runImport(const QStringList &arguments);
int runEvents(const QStringList &arguments);
int runHappenings(const QStringList &arguments);
int runControl(const QStringList &arguments);
int runExport(const QStringList &arguments);
int runSnapshot(const QStringList &arguments);
int runAnimate(const QStringList &arguments);
int runCheck(const QStringList &arguments);
int runRepair(const QStringList &arguments);
int runCopy(const QStringList &arguments);

// Runs EventStore::check and prints its findings ("ok", "FAILED") on stdout, what to do on
// stderr; the exit code (cmd_check.cpp). `command` names the subcommand in messages.
int reportCheck(const EventStore &store, const QString &command);
// The same for a team's PostgreSQL store at `url` (pg::pgcheck::run, on a connection of its own).
int reportPgCheck(const QString &url, const QString &command);
} // namespace mapline::cli
