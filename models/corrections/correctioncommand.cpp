#include "corrections/correctioncommand.h"

#include "corrections/correctioneditor.h"

namespace mapline {

CorrectionCommand::CorrectionCommand(CorrectionEditor &editor, EventKey key, std::optional<Correction> before,
                                     std::optional<Correction> after, const QString &text)
    : QUndoCommand(text)
    , mEditor(editor)
    , mKey(std::move(key))
    , mBefore(std::move(before))
    , mAfter(std::move(after))
{
}

void CorrectionCommand::undo()
{
    mEditor.apply(mKey, mBefore);
}

void CorrectionCommand::redo()
{
    if (mFirstRedo) {
        mFirstRedo = false;
        return;
    }
    mEditor.apply(mKey, mAfter);
}

} // namespace mapline
