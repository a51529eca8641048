#pragma once

// CorrectionStore on a team's PostgreSQL store (issue 19): the viewer's corrections of events and
// of control, written by a PgCorrectionWriter (its own connection, one transaction per write under
// the store's write lock), with the analyst's name and the same conflicts as on SQLite. The event
// as it is now is read through the viewer's PgEventReader, which is borrowed (the owner keeps it
// open longer than this store).
// Discarding an event and merging or splitting happenings run the fusion again on the server, in
// the write's transaction (PgFusion), as imports do. A role that may only read: isWritable() is
// false and says why.
#include "corrections/correctionstore.h"

#include <memory>

namespace mapline::pg {

class PgCorrectionWriter;
class PgEventReader;

class PgCorrectionStore final : public CorrectionStore {
public:
    // Opens the writer's connection to the store `reader` reads (its URL; `password` as typed by
    // the analyst). Fails when the server cannot be reached or the store is not current.
    static Result<std::unique_ptr<PgCorrectionStore>> open(const PgEventReader &reader, const QByteArray &password,
                                                           const QString &analyst);
    ~PgCorrectionStore() override;

    PgCorrectionWriter &writer() const { return *mWriter; }

    QString name() const override;
    bool isWritable(QString *why = nullptr) const override;
    bool canChangeHappenings(QString *why = nullptr) const override;
    void setAnalyst(const QString &name) override;

    Result<EventKey> eventKey(qint64 eventId) override;
    Result<qint64> eventIdOf(const EventKey &key) override;
    Result<std::optional<Event>> event(qint64 eventId) override;
    Result<std::optional<Correction>> correction(const EventKey &key) override;
    Result<std::optional<CorrectionStamp>> stamp(const EventKey &key) override;
    Result<QList<HistoryEntry>> history(const QStringList &subjects) override;
    Result<qint64> revision(const QStringList &subjects) override;

    Result<qint64> setCorrection(const EventKey &key, const std::optional<Correction> &correction, qint64 seenRevision,
                                 CorrectionConflict *conflict) override;
    Result<QList<HappeningCorrection>> happeningCorrections() override;
    Status changeHappeningCorrections(const QList<HappeningCorrection> &add, const QList<HappeningCorrection> &remove,
                                      qint64 seenRevision, CorrectionConflict *conflict) override;
    Result<QList<ControlCorrection>> controlCorrections() override;
    Status changeControlCorrections(const QList<ControlCorrection> &add, const QList<ControlCorrection> &remove,
                                    qint64 seenRevision, CorrectionConflict *conflict) override;

private:
    PgCorrectionStore(std::unique_ptr<PgCorrectionWriter> writer, const PgEventReader &reader);

    std::unique_ptr<PgCorrectionWriter> mWriter;
    const PgEventReader &mReader;
};

} // namespace mapline::pg
