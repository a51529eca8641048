#pragma once

#include "control/controlcorrection.h"

#include <QList>
#include <QUndoCommand>

namespace mapline {

class ControlEditor;

// One change to the analyst's corrections of control on the undo stack: the corrections it added
// and those it removed. Undo and redo are exact inverses through ControlEditor::change(). The first
// redo is skipped: the editor has already written the change (and checked it) before pushing.
class ControlCommand : public QUndoCommand {
public:
    ControlCommand(ControlEditor &editor, QList<ControlCorrection> added, QList<ControlCorrection> removed,
                   const QString &text);

    void undo() override;
    void redo() override;

private:
    ControlEditor &mEditor;
    QList<ControlCorrection> mAdded;
    QList<ControlCorrection> mRemoved;
    bool mFirstRedo = true;
};

} // namespace mapline
