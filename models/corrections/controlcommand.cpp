#include "corrections/controlcommand.h"

#include "corrections/controleditor.h"

namespace mapline {

ControlCommand::ControlCommand(ControlEditor &editor, QList<ControlCorrection> added, QList<ControlCorrection> removed,
                               const QString &text)
    : QUndoCommand(text)
    , mEditor(editor)
    , mAdded(std::move(added))
    , mRemoved(std::move(removed))
{
}

void ControlCommand::undo()
{
    mEditor.change(mRemoved, mAdded);
}

void ControlCommand::redo()
{
    if (mFirstRedo) {
        mFirstRedo = false;
        return;
    }
    mEditor.change(mAdded, mRemoved);
}

} // namespace mapline
