#include "qt/checklistmodel.h"

#include <QLocale>

namespace mapline {

CheckListModel::CheckListModel(QObject *parent) : QAbstractListModel(parent) {}

void CheckListModel::setItems(QList<Item> items)
{
    bool sameKeys = items.size() == mItems.size();
    for (qsizetype i = 0; sameKeys && i < items.size(); ++i)
        sameKeys = items[i].key == mItems[i].key;
    if (!sameKeys) {
        beginResetModel();
        mItems = std::move(items);
        endResetModel();
        return;
    }
    bool checks = false;
    for (int row = 0; row < int(items.size()); ++row) {
        if (items[row] == mItems[row])
            continue;
        checks = checks || items[row].checked != mItems[row].checked;
        mItems[row] = items[row];
        rowChanged(row, {});
    }
    if (checks)
        emit checkedChanged();
}

void CheckListModel::setCounts(const QHash<QString, qint64> &counts)
{
    for (int row = 0; row < int(mItems.size()); ++row) {
        const qint64 count = counts.value(mItems[row].key, 0);
        if (count == mItems[row].count)
            continue;
        mItems[row].count = count;
        rowChanged(row, {Qt::DisplayRole, Qt::ToolTipRole, CountRole});
    }
}

void CheckListModel::setCheckedKeys(const QSet<QString> &keys)
{
    bool changed = false;
    for (int row = 0; row < int(mItems.size()); ++row) {
        const bool checked = keys.contains(mItems[row].key);
        if (checked == mItems[row].checked)
            continue;
        mItems[row].checked = checked;
        rowChanged(row, {Qt::CheckStateRole});
        changed = true;
    }
    if (changed)
        emit checkedChanged();
}

QSet<QString> CheckListModel::checkedKeys() const
{
    QSet<QString> keys;
    for (const Item &item : mItems)
        if (item.checked)
            keys.insert(item.key);
    return keys;
}

QSet<QString> CheckListModel::uncheckedKeys() const
{
    QSet<QString> keys;
    for (const Item &item : mItems)
        if (!item.checked)
            keys.insert(item.key);
    return keys;
}

int CheckListModel::rowOfKey(const QString &key) const
{
    for (int row = 0; row < int(mItems.size()); ++row)
        if (mItems[row].key == key)
            return row;
    return -1;
}

int CheckListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(mItems.size());
}

QVariant CheckListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Item &item = mItems[index.row()];
    switch (role) {
    case Qt::DisplayRole: return QStringLiteral("%1  (%2)").arg(item.label, QLocale().toString(item.count));
    case Qt::EditRole:
    case LabelRole: return item.label;
    case Qt::ToolTipRole:
        return item.count == 1 ? tr("%1: 1 event").arg(item.label) : tr("%1: %2 events").arg(item.label, QLocale().toString(item.count));
    case Qt::DecorationRole: return item.colour.isValid() ? QVariant(item.colour) : QVariant();
    case Qt::CheckStateRole: return item.checked ? Qt::Checked : Qt::Unchecked;
    case KeyRole: return item.key;
    case CountRole: return item.count;
    default: return {};
    }
}

bool CheckListModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::CheckStateRole || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    const bool checked = value.toInt() == Qt::Checked;
    Item &item = mItems[index.row()];
    if (item.checked == checked)
        return true;
    item.checked = checked;
    rowChanged(index.row(), {Qt::CheckStateRole});
    emit checkedChanged();
    return true;
}

Qt::ItemFlags CheckListModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable;
}

QHash<int, QByteArray> CheckListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(KeyRole, "key");
    names.insert(CountRole, "count");
    names.insert(LabelRole, "label");
    return names;
}

void CheckListModel::rowChanged(int row, const QList<int> &roles)
{
    const QModelIndex i = index(row, 0);
    emit dataChanged(i, i, roles);
}

} // namespace mapline
