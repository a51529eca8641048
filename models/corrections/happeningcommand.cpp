#include "corrections/happeningcommand.h"

#include "corrections/correctioneditor.h"

namespace mapline {

HappeningCommand::HappeningCommand(CorrectionEditor &editor, QList<HappeningCorrection> added,
                                   QList<HappeningCorrection> removed, const QString &text)
    : QUndoCommand(text)
    , mEditor(editor)
    , mAdded(std::move(added))
    , mRemoved(std::move(removed))
{
}

void HappeningCommand::undo()
{
    mEditor.changeHappenings(mRemoved, mAdded);
}

void HappeningCommand::redo()
{
    if (mFirstRedo) {
        mFirstRedo = false;
        return;
    }
    mEditor.changeHappenings(mAdded, mRemoved);
}

} // namespace mapline
