#pragma once

#include "corrections/correction.h"
#include "corrections/correctionhistory.h"
#include "corrections/correctionstore.h"
#include "event.h"
#include "result.h"

#include <QHash>
#include <QObject>
#include <QUndoStack>

#include <memory>
#include <optional>

namespace mapline {

class EventStore;

// The analyst's corrections with undo and redo: change an event's date, place, type or actors,
// discard it, or put it back as the machine had it. A "change" to what the event already has
// (OK in a dialog without touching it) changes nothing: no correction, no mark, no undo step. Each edit is written to the store at once
// (CorrectionStore::setCorrection, one transaction: a SQLite file or a team's PostgreSQL store)
// and pushed on the undo stack; undo and redo write again. After every write eventChanged() says
// which event id became which (ids survive edits; a discarded event has none), so the workspace
// reloads its index and table.
// GUI thread; the store is the GUI's connection and must outlive the editor's use of it
// (setStore(nullptr) before it goes; that also clears the undo stack).
class CorrectionEditor : public QObject {
    Q_OBJECT
public:
    explicit CorrectionEditor(QObject *parent = nullptr);

    void setStore(CorrectionStore *store);
    // A SQLite file's store (SqliteCorrectionStore, owned by the editor until the next setStore()).
    void setStore(EventStore *store);
    void setStore(std::nullptr_t) { setStore(static_cast<CorrectionStore *>(nullptr)); }
    CorrectionStore *store() const { return mStore; }
    QUndoStack *undoStack() { return &mStack; }

    // The correction in force for an event (nullopt: as extracted).
    std::optional<Correction> correctionOf(qint64 eventId) const;
    // Who made it and when (nullopt: none), and every change to the event's corrections, its
    // report's merges and splits included (oldest first).
    std::optional<CorrectionStamp> stampOf(qint64 eventId) const;
    QList<HistoryEntry> historyOf(qint64 eventId) const;
    // The analyst has seen the event as it is now (the details panel shows it): a later write of
    // another analyst to it, found when this one corrects it, is a conflict (conflict()). Events
    // never noted are not checked.
    void noteSeen(qint64 eventId);
    // The message of the last conflict of a write of this editor to the event (now `eventId`), for
    // the details panel; "" when none. Cleared by the next write to it.
    QString conflictNote(qint64 eventId) const { return mConflictNotes.value(eventId); }

    Status correctTime(qint64 eventId, const TimeRange &time);
    Status correctPlace(qint64 eventId, const Place &place);
    Status correctType(qint64 eventId, const EventTypeCodes &type);
    Status correctActors(qint64 eventId, const QList<Actor> &actors);
    Status discard(qint64 eventId);
    Status revert(qint64 eventId); // back to what the machine extracted

    // The fusion (docs/FUSION.md, "Corrections"): the happenings of two reports are one; a report is
    // not part of the happening the rules put it in (it stands alone, and stays out when the
    // database is fused again). Each is one undoable step.
    Status mergeHappenings(qint64 eventA, qint64 eventB);
    Status splitReport(qint64 eventId);
    // Adds and removes corrections of the fusion without touching the undo stack (the commands use
    // it). Failures are reported through failed().
    void changeHappenings(const QList<HappeningCorrection> &add, const QList<HappeningCorrection> &remove);

    // Writes `correction` for `key` without touching the undo stack (the commands use it).
    // Failures are reported through failed().
    void apply(const EventKey &key, const std::optional<Correction> &correction);

signals:
    // `oldId` (0 when the event was discarded) is now `newId` (0 when it is discarded now).
    void eventChanged(qint64 oldId, qint64 newId);
    // The happenings changed (a merge or split, or its undo): events keep their ids.
    void happeningsChanged();
    void failed(const QString &message);
    // A write replaced corrections of the event another analyst (or another window) made after
    // noteSeen(): the write stood; `message` says whose, when and what (history::conflictMessage).
    void conflict(qint64 eventId, const QString &message);

private:
    // The revision noted for `subjects` (the lowest of those noted; -1: none noted).
    qint64 seenRevision(const QStringList &subjects) const;
    // After a write of this editor: what it wrote is what the analyst has seen.
    void noteWritten(const QStringList &subjects);
    void reportConflict(qint64 eventId, const CorrectionConflict &conflict);
    std::optional<Event> current(qint64 eventId) const;
    Status edit(qint64 eventId, const QString &text, const std::function<void(Correction &)> &change);

    CorrectionStore *mStore = nullptr;
    std::unique_ptr<CorrectionStore> mOwned; // setStore(EventStore *)'s adapter
    QUndoStack mStack;
    QHash<QString, qint64> mSeen; // history::subject() -> correction_history revision seen
    QHash<qint64, QString> mConflictNotes; // event id -> conflict message
};

} // namespace mapline
