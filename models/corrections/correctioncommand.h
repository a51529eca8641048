#pragma once

#include "corrections/correction.h"

#include <QUndoCommand>

#include <optional>

namespace mapline {

class CorrectionEditor;

// One correction on the undo stack: the event's correction before and after. Undo and redo
// write the whole state through CorrectionEditor::apply(), so they are exact inverses. The
// first redo is skipped: the editor has already applied the change (and checked it worked)
// before pushing the command.
class CorrectionCommand : public QUndoCommand {
public:
    CorrectionCommand(CorrectionEditor &editor, EventKey key, std::optional<Correction> before,
                      std::optional<Correction> after, const QString &text);

    void undo() override;
    void redo() override;

private:
    CorrectionEditor &mEditor;
    EventKey mKey;
    std::optional<Correction> mBefore;
    std::optional<Correction> mAfter;
    bool mFirstRedo = true;
};

} // namespace mapline
