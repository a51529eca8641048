#pragma once

// The SQLite store's `correction_history` (schema 8, docs/SCHEMA.md): every change to the
// analyst's corrections, appended inside the writer's own transaction, so a correction and its
// history land together or not at all. Internal to models/store (EventStore's corrections, its
// fusion and control writers); the PostgreSQL store has its own (store/pg/pgcorrectionwriter.*).
#include "corrections/correctionhistory.h"
#include "result.h"

#include <QSqlDatabase>
#include <QStringList>

namespace mapline::correctionlog {

// Appends `entry` (its id is ignored); returns the new id.
Result<qint64> append(const QSqlDatabase &db, const HistoryEntry &entry, const QString &path);
// The changes to `subjects` after revision `after`, oldest first.
Result<QList<HistoryEntry>> entries(const QSqlDatabase &db, const QStringList &subjects, qint64 after,
                                    const QString &path);
// The last change to any of `subjects` (0: none).
Result<qint64> revision(const QSqlDatabase &db, const QStringList &subjects, const QString &path);
// What a write must tell its caller: others' changes to `subjects` since `seen` (-1: not checked).
Status collectConflict(const QSqlDatabase &db, const QStringList &subjects, qint64 seen, const QString &path,
                       CorrectionConflict *conflict);

} // namespace mapline::correctionlog
