#pragma once

#include <QWidget>

class QLabel;
class QSortFilterProxyModel;
class QStackedWidget;
class QTableView;

namespace mapline {

class EventTableModel;

// The sortable table of events, with a plain message in its place when there is nothing to show.
class EventTableView : public QWidget {
    Q_OBJECT
public:
    explicit EventTableView(QWidget *parent = nullptr);

    void setModel(EventTableModel *model);
    // Shown instead of the table while the model is empty.
    void setEmptyMessage(const QString &message);
    QString emptyMessage() const;
    QTableView *table() const { return mTable; }
    qint64 currentEventId() const;

signals:
    void eventSelected(qint64 eventId);

private:
    void updateEmptyState();

    EventTableModel *mModel = nullptr;
    QSortFilterProxyModel *mProxy;
    QStackedWidget *mStack;
    QTableView *mTable;
    QLabel *mEmpty;
};

} // namespace mapline
