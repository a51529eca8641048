#pragma once

#include "corrections/correction.h"
#include "event.h"
#include "result.h"

#include <QObject>
#include <QUndoStack>

#include <optional>

namespace mapline {

class EventStore;

// The analyst's corrections with undo and redo: change an event's date, place, type or actors,
// discard it, or put it back as the machine had it. A "change" to what the event already has
// (OK in a dialog without touching it) changes nothing: no correction, no mark, no undo step. Each edit is written to the store at once
// (EventStore::setCorrection, one transaction) and pushed on the undo stack; undo and redo write
// again. After every write eventChanged() says which event id became which (ids survive edits;
// a discarded event has none), so the workspace reloads its index and table.
// GUI thread; the store is the GUI's connection and must outlive the editor's use of it
// (setStore(nullptr) before it goes; that also clears the undo stack).
class CorrectionEditor : public QObject {
    Q_OBJECT
public:
    explicit CorrectionEditor(QObject *parent = nullptr);

    void setStore(EventStore *store);
    EventStore *store() const { return mStore; }
    QUndoStack *undoStack() { return &mStack; }

    // The correction in force for an event (nullopt: as extracted).
    std::optional<Correction> correctionOf(qint64 eventId) const;

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

private:
    std::optional<Event> current(qint64 eventId) const;
    Status edit(qint64 eventId, const QString &text, const std::function<void(Correction &)> &change);

    EventStore *mStore = nullptr;
    QUndoStack mStack;
};

} // namespace mapline
