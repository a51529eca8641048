#pragma once

#include <QAbstractListModel>
#include <QColor>
#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

namespace mapline {

// A list of keys with a label, an optional colour, a count and a check box: the event-type
// legend of the filter panel (checked = shown, in the map's colours) and its actor list
// (checked = filter by it). The owner supplies the items; every change goes through setItems(),
// setCounts(), setCheckedKeys() or a check box, and announces exactly the rows it changed.
class CheckListModel : public QAbstractListModel {
    Q_OBJECT
public:
    struct Item {
        QString key;
        QString label;
        QColor colour; // invalid: no swatch
        qint64 count = 0;
        bool checked = false;
        friend bool operator==(const Item &, const Item &) = default;
    };
    enum Role { KeyRole = Qt::UserRole + 1, CountRole, LabelRole };

    explicit CheckListModel(QObject *parent = nullptr);

    // The same keys in the same order update rows in place (dataChanged); other lists reset.
    void setItems(QList<Item> items);
    const QList<Item> &items() const { return mItems; }
    void setCounts(const QHash<QString, qint64> &counts); // keys not given count 0
    // Checks exactly `keys`, unchecks the rest.
    void setCheckedKeys(const QSet<QString> &keys);
    QSet<QString> checkedKeys() const;
    QSet<QString> uncheckedKeys() const;
    int rowOfKey(const QString &key) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QHash<int, QByteArray> roleNames() const override;

signals:
    // After any change of check state by the user or by setCheckedKeys().
    void checkedChanged();

private:
    void rowChanged(int row, const QList<int> &roles);

    QList<Item> mItems;
};

} // namespace mapline
