#pragma once

#include "corrections/correction.h"

#include <QList>
#include <QUndoCommand>

namespace mapline {

class CorrectionEditor;

// One change to the analyst's corrections of the fusion on the undo stack (a merge of two
// happenings, a report split out): the corrections it added and those it removed. Undo removes
// what was added and puts back what was removed, through CorrectionEditor::changeHappenings(), so
// undo and redo are exact inverses. The first redo is skipped: the editor has already made the
// change (and checked it worked) before pushing the command.
class HappeningCommand : public QUndoCommand {
public:
    HappeningCommand(CorrectionEditor &editor, QList<HappeningCorrection> added, QList<HappeningCorrection> removed,
                     const QString &text);

    void undo() override;
    void redo() override;

private:
    CorrectionEditor &mEditor;
    QList<HappeningCorrection> mAdded;
    QList<HappeningCorrection> mRemoved;
    bool mFirstRedo = true;
};

} // namespace mapline
