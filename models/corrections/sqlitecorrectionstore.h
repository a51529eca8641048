#pragma once

// CorrectionStore over the viewer's own SQLite file: EventStore's writes (setCorrection,
// changeHappeningCorrections, changeControlCorrections), which re-fuse the happenings they touch
// in the same transaction. The store is borrowed: the caller keeps it open longer than this.
#include "corrections/correctionstore.h"

namespace mapline {

class EventStore;

class SqliteCorrectionStore final : public CorrectionStore {
public:
    explicit SqliteCorrectionStore(EventStore &store) : mStore(store) {}

    EventStore &store() const { return mStore; }

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
    EventStore &mStore;
};

} // namespace mapline
