#pragma once

// The analyst's corrections written into a PostgreSQL store (issue 19): the same writes as the
// SQLite store's (EventStore::setCorrection, changeHappeningCorrections, changeControlCorrections),
// for `mapline` on a shared store and for the viewer (PgCorrectionStore, the CorrectionStore of
// CorrectionEditor and ControlEditor). Each write is one transaction under the store's write lock
// (pgwritelock.h): the correction's row, the event in `events` (the machine's row kept as JSON in
// `corrections.machine`, the same form as SQLite's, so `mapline copy` carries it either way), the
// change in `correction_history` and the fusion of the happenings it touches (PgFusion, as an
// import fuses) land together or not at all. A discarded event's row is deleted (its machine row
// kept), and a revert brings it back under its old id when nobody took it, as on SQLite; a merge or
// a split is a row of `happening_corrections` and the fusion run again over its reports. Conflicts
// as on SQLite: a write against the revision the analyst saw (revision()) replaces what others
// changed since (the later wins) and lists their changes in `conflict`.
// A role that may only read opens it (Mode::ReadOnly): canWrite() is false with the reason, and a
// write fails whole with a message that names the role and what the administrator can grant.
// One thread; the writer owns its connection.
#include "corrections/correction.h"
#include "corrections/correctionhistory.h"
#include "result.h"
#include "store/pg/pgschema.h"

#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

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
    // Whether the connection's role may write the corrections (checked once, at open); when not,
    // `why` says so in the analyst's words.
    bool canWrite(QString *why = nullptr) const;
    void setAnalyst(const QString &name) { mAnalyst = name; }
    // Whether the connection was lost (a server restart, an idle connection cut): the last
    // statement failed for it. reconnect() opens it again (a write whose BEGIN fails so does it by
    // itself: nothing was sent); the caller may run a read again.
    bool connectionLost() const;
    Status reconnect();
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
    // The analyst's merges and splits of happenings, in the order they were made.
    Result<QList<HappeningCorrection>> happeningCorrections();
    // Removes then adds merges and splits, and fuses their reports again (EventStore's twin).
    Status changeHappeningCorrections(const QList<HappeningCorrection> &add, const QList<HappeningCorrection> &remove,
                                      qint64 seenRevision = -1, CorrectionConflict *conflict = nullptr);

    // The analyst's corrections of an article that was deleted and is imported again, put back on
    // its new rows (EventStore::applyCorrections' twin): each correction whose event is gone and
    // whose key names one of the article's events now (its identity and rank) is written onto that
    // event, or deletes it again when it was a discard. On `connection`, inside the caller's
    // transaction (an import's, before it fuses), with no history row (nothing changed in what the
    // analyst decided). The ids of the events deleted again are added to `discarded`; returns how
    // many corrections were applied.
    static Result<int> applyToArticle(PgConnection &connection, const QString &contentHash,
                                      std::vector<qint64> *discarded);

private:
    PgCorrectionWriter(std::shared_ptr<PgConnection> connection, QString analyst);
    // The machine's row of event `eventId` as `corrections.machine` keeps it (JSON text).
    Result<QString> machineSnapshot(qint64 eventId, int sentenceIndex);
    // The machine's event `key` names (0: none): its article's event of that identity and rank.
    Result<qint64> machineEventOf(const EventKey &key);
    Result<std::vector<int>> takenOrdinals(const EventKey &key);
    Result<qint64> writeCorrection(const EventKey &key, const std::optional<Correction> &correction, qint64 seen,
                                   CorrectionConflict *conflict);
    Status writeEvent(qint64 eventId, const QString &machine, const std::optional<Correction> &correction);
    // The machine's row of a discarded event inserted again (its old id when free); its id.
    Result<qint64> restoreEvent(const EventKey &key, const QString &machine);
    Status writeHappeningCorrections(const QList<HappeningCorrection> &add, const QList<HappeningCorrection> &remove,
                                     qint64 seen, CorrectionConflict *conflict);
    // Runs `body` in a write transaction (beginWrite ... COMMIT, ROLLBACK on failure); a refusal
    // for want of privileges comes back in the analyst's words.
    Status inWrite(const QString &what, const std::function<Status()> &body);
    QString failure(const QString &error) const;
    Result<qint64> appendHistory(const HistoryEntry &entry);
    Status collectConflict(const QStringList &subjects, qint64 seen, CorrectionConflict *conflict);

    std::shared_ptr<PgConnection> mConnection; // owned, or borrowed by applyToArticle()
    QString mAnalyst;
    QByteArray mPassword; // as typed by the analyst, for reconnect(); memory only, wiped at the end
    QString mRole; // the connection's role (current_user)
    bool mWritable = true; // the role's privileges allow the writes (open())
};

} // namespace mapline::pg
