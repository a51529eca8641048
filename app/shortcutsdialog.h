#pragma once

#include <QDialog>
#include <QList>

class QAction;

namespace mapline {

// Help > Keyboard Shortcuts: every menu action with a shortcut, plus the keys the map and the
// timeline handle themselves, in one searchable table.
class ShortcutsDialog : public QDialog {
    Q_OBJECT
public:
    ShortcutsDialog(const QList<QAction *> &actions, QWidget *parent = nullptr);
};

} // namespace mapline
