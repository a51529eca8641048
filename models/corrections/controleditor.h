#pragma once

#include "control/controlcorrection.h"
#include "corrections/correctionstore.h"
#include "result.h"

#include <QObject>

#include <memory>

class QUndoStack;

namespace mapline {

class EventStore;

// The analyst's corrections of territorial control with undo and redo: set the side holding a
// place from a day, or clear such a correction (back to what the events say). Each is written to
// the store at once (CorrectionStore::changeControlCorrections, one transaction, on a SQLite file or
// a team's PostgreSQL store) and pushed as one step
// on `stack` (the workspace shares the event corrections' stack, so Edit > Undo undoes whichever
// came last). After every write, changed(); the owner infers control again.
// GUI thread; the store is the GUI's connection (setStore(nullptr) before it goes).
class ControlEditor : public QObject {
    Q_OBJECT
public:
    explicit ControlEditor(QUndoStack &stack, QObject *parent = nullptr);
    ~ControlEditor() override;

    void setStore(CorrectionStore *store);
    // A SQLite file's store (SqliteCorrectionStore, owned by the editor until the next setStore()).
    void setStore(EventStore *store);
    void setStore(std::nullptr_t) { setStore(static_cast<CorrectionStore *>(nullptr)); }
    // The analyst has seen the corrections of control as they are now (the Control History shows
    // them): a change another analyst makes after this, found when this one changes the same place
    // and day, is a conflict (conflict()). The write still stands (the later one wins).
    void noteSeen();
    CorrectionStore *store() const { return mStore; }

    // Sets `correction` (replacing the one of the same place and day). Setting what is already
    // there changes nothing and adds no undo step.
    Status setHolder(const ControlCorrection &correction);
    // Removes the correction of that place and day; a failure when there is none.
    Status clear(const ControlCorrection &correction);

    // Adds and removes without touching the undo stack (the commands use it); failures through failed().
    void change(const QList<ControlCorrection> &add, const QList<ControlCorrection> &remove);

signals:
    void changed();
    void failed(const QString &message);
    // A write replaced corrections of control another analyst made after noteSeen()
    // (history::conflictMessage()).
    void conflict(const QString &message);

private:
    Result<QList<ControlCorrection>> existing(const ControlCorrection &key) const;

    // Writes through the store with the revision seen; tells of a conflict; notes what it wrote.
    Status write(const QList<ControlCorrection> &add, const QList<ControlCorrection> &remove);

    QUndoStack &mStack;
    qint64 mSeen = -1; // correction_history revision when last seen (-1: not noted, not checked)
    CorrectionStore *mStore = nullptr;
    std::unique_ptr<CorrectionStore> mOwned; // setStore(EventStore *)'s adapter
};

} // namespace mapline
