#include "shortcutsdialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

namespace mapline {

ShortcutsDialog::ShortcutsDialog(const QList<QAction *> &actions, QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Keyboard Shortcuts"));
    auto *model = new QStandardItemModel(0, 3, this);
    model->setHorizontalHeaderLabels({tr("Where"), tr("Action"), tr("Keys")});
    const auto add = [model](const QString &where, const QString &what, const QString &keys) {
        model->appendRow({new QStandardItem(where), new QStandardItem(what), new QStandardItem(keys)});
    };
    for (QAction *a : actions) {
        if (a->shortcuts().isEmpty() || a->text().isEmpty())
            continue;
        QStringList keys;
        for (const QKeySequence &k : a->shortcuts())
            keys << k.toString(QKeySequence::NativeText);
        // The menu the action is in, so it can be found there too.
        QString where = tr("Window");
        for (QObject *o : a->associatedObjects())
            if (auto *menu = qobject_cast<QMenu *>(o); menu && !menu->title().isEmpty()) {
                where = QString(menu->title()).remove(QLatin1Char('&'));
                break;
            }
        add(where, QString(a->text()).remove(QLatin1Char('&')).remove(QStringLiteral("...")),
            keys.join(QStringLiteral(", ")));
    }
    add(tr("Timeline"), tr("Play or pause"), tr("Space"));
    add(tr("Timeline"), tr("Step back / forward"), tr("Left / Right (Shift: 7 steps)"));
    add(tr("Timeline"), tr("Go to the start / end"), tr("Home / End"));
    add(tr("Timeline"), tr("Previous / next event"), tr("Page Up / Page Down"));
    add(tr("Timeline"), tr("Zoom the time axis"), tr("+ / -, mouse wheel"));
    add(tr("Timeline"), tr("Fit the data"), tr("Double-click"));
    add(tr("Timeline"), tr("Move the window or one of its ends"), tr("Drag the window or its edges"));
    add(tr("Map"), tr("Pan"), tr("Arrow keys, drag"));
    add(tr("Map"), tr("Zoom"), tr("+ / -, mouse wheel, double-click"));
    add(tr("Map"), tr("Pick a place (Details > Correct > Place: Pick on Map)"), tr("Click; Esc cancels"));
    add(tr("Anywhere"), tr("Import files"), tr("Drop article files on the window"));

    auto *proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(model);
    proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    proxy->setFilterKeyColumn(-1);
    auto *view = new QTableView(this);
    view->setObjectName(QStringLiteral("shortcutTable"));
    view->setModel(proxy);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setStretchLastSection(true);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->resizeColumnsToContents();
    auto *find = new QLineEdit(this);
    find->setPlaceholderText(tr("Find"));
    find->setClearButtonEnabled(true);
    connect(find, &QLineEdit::textChanged, proxy, &QSortFilterProxyModel::setFilterFixedString);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(find);
    layout->addWidget(view);
    layout->addWidget(buttons);
    resize(560, 480);
}

} // namespace mapline
