#pragma once

// The analyst's corrections written into a PostgreSQL store (issue 19): the same write as the
// SQLite store's (EventStore::setCorrection, changeControlCorrections) for a viewer on a shared
// store. Each write is one transaction under the store's write lock (pgwritelock.h): the
// correction's row, the event in `events` (the machine's row kept as JSON in `corrections.machine`,
// the same form as SQLite's, so `mapline copy` carries it either way), and the change in
// `correction_history`, land together or not at all. Conflicts as on SQLite: a write against the
// revision the analyst saw (revision()) replaces what others changed since (the later wins) and
// lists their changes in `conflict`.
// Not yet here (docs/SCHEMA.md "The PostgreSQL store"): discarding an event and the merges and
// splits of happenings (both need the fusion, which the server's store does not run on a write);
// the happening of a corrected event is marked stale, to be fused again by the next fusing write.
// The viewer writes through it on a shared store (PgCorrectionStore, the CorrectionStore of
// CorrectionEditor and ControlEditor). A role that may only read opens it (Mode::ReadOnly) and
// each write fails with the server's "permission denied", rolled back whole.
// One thread; the writer owns its connection.
#include "corrections/correction.h"
#include "corrections/correctionhistory.h"
#include "result.h"
#include "store/pg/pgschema.h"

#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace mapline {
struct ControlCorrection;
}

namespace mapline::pg {

class PgConnection;

class PgCorrectionWriter {
public:
    // Connects to `url` (creating or migrating the store as an import does, or with
    // Mode::ReadOnly only checking that it is there and current: the viewer, which opened it
    // already); `analyst`: the name every correction of this writer carries ('' : unknown);
    // `password`: as PgConnection::open.
    static Result<std::unique_ptr<PgCorrectionWriter>> open(const QString &url, const QString &analyst,
                                                            const QByteArray &password = {},
                                                            pgschema::Mode mode = pgschema::Mode::Create);
    ~PgCorrectionWriter();

    const QString &url() const;
    void setAnalyst(const QString &name) { mAnalyst = name; }
    Result<EventKey> eventKey(qint64 eventId);
    // The event `key` names now (0: none), as EventStore::eventIdOf.
    Result<qint64> eventIdOf(const EventKey &key);
    Result<std::optional<Correction>> correction(const EventKey &key);
    Result<std::optional<CorrectionStamp>> stamp(const EventKey &key);
    // The last change to any of `subjects` (all of the history when empty); 0 when none.
    Result<qint64> revision(const QStringList &subjects);
    Result<QList<HistoryEntry>> history(const QStringList &subjects, qint64 after = 0);

    // Sets (nullopt: reverts) the correction of `key`; returns the id of the event carrying it.
    Result<qint64> setCorrection(const EventKey &key, const std::optional<Correction> &correction,
                                 qint64 seenRevision = -1, CorrectionConflict *conflict = nullptr);
    Status changeControlCorrections(const QList<ControlCorrection> &add, const QList<ControlCorrection> &remove,
                                    qint64 seenRevision = -1, CorrectionConflict *conflict = nullptr);

private:
    explicit PgCorrectionWriter(std::unique_ptr<PgConnection> connection, QString analyst);
    Result<qint64> writeCorrection(const EventKey &key, const std::optional<Correction> &correction, qint64 seen,
                                   CorrectionConflict *conflict);
    Status writeEvent(qint64 eventId, const QString &machine, const std::optional<Correction> &correction);
    Result<qint64> appendHistory(const HistoryEntry &entry);
    Status collectConflict(const QStringList &subjects, qint64 seen, CorrectionConflict *conflict);

    std::unique_ptr<PgConnection> mConnection;
    QString mAnalyst;
};

} // namespace mapline::pg
