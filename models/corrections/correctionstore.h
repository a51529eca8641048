#pragma once

// Where the analyst's corrections are written: the one interface CorrectionEditor and
// ControlEditor write through, whichever store is open. SqliteCorrectionStore writes into the
// viewer's own SQLite file (EventStore); pg::PgCorrectionStore into a team's PostgreSQL store
// (pg::PgCorrectionWriter, its own connection). Both keep the same tables (corrections,
// correction_history, control_corrections, happening_corrections), the same authorship and the
// same revision-based conflicts (CorrectionConflict: the later write wins, the earlier is kept in
// the history and named). Each write is one transaction: a failure (a lost connection, a role that
// may only read) leaves nothing half-applied and comes back as the failure's message.
// GUI thread, like the store it writes to.
#include "control/controlcorrection.h"
#include "corrections/correction.h"
#include "corrections/correctionhistory.h"
#include "event.h"
#include "result.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace mapline {

class CorrectionStore {
public:
    virtual ~CorrectionStore() = default;

    // The file's path or the URL, for messages.
    virtual QString name() const = 0;
    // False when this store takes no writes at all (a file opened read-only, a server's role that
    // may only read); `why` then says so in the analyst's words.
    virtual bool isWritable(QString *why = nullptr) const = 0;
    // Whether the store can merge or split happenings (they run the fusion again: a file without
    // happenings cannot); when not, `why` says so in the analyst's words.
    virtual bool canChangeHappenings(QString *why = nullptr) const = 0;
    // Who the corrections are from (Edit > Analyst Name); '' when not known.
    virtual void setAnalyst(const QString &name) = 0;

    virtual Result<EventKey> eventKey(qint64 eventId) = 0;
    virtual Result<qint64> eventIdOf(const EventKey &key) = 0; // 0 when absent or discarded
    // The event as it is now (nullopt: no such event).
    virtual Result<std::optional<Event>> event(qint64 eventId) = 0;
    virtual Result<std::optional<Correction>> correction(const EventKey &key) = 0;
    virtual Result<std::optional<CorrectionStamp>> stamp(const EventKey &key) = 0;
    virtual Result<QList<HistoryEntry>> history(const QStringList &subjects) = 0;
    // The latest revision of correction_history about `subjects` (all of it when empty).
    virtual Result<qint64> revision(const QStringList &subjects) = 0;

    // `seenRevision`: revision() of the subjects when the analyst read them (-1: not checked);
    // later changes by others fill `conflict` and are replaced (the later write wins).
    virtual Result<qint64> setCorrection(const EventKey &key, const std::optional<Correction> &correction,
                                         qint64 seenRevision, CorrectionConflict *conflict) = 0;
    virtual Result<QList<HappeningCorrection>> happeningCorrections() = 0;
    virtual Status changeHappeningCorrections(const QList<HappeningCorrection> &add,
                                              const QList<HappeningCorrection> &remove, qint64 seenRevision,
                                              CorrectionConflict *conflict) = 0;
    virtual Result<QList<ControlCorrection>> controlCorrections() = 0;
    virtual Status changeControlCorrections(const QList<ControlCorrection> &add, const QList<ControlCorrection> &remove,
                                            qint64 seenRevision, CorrectionConflict *conflict) = 0;
};

} // namespace mapline
