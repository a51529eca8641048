#include "eventtableview.h"

#include "eventtablemodel.h"

#include <QHeaderView>
#include <QLabel>
#include <QSortFilterProxyModel>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace mapline {

EventTableView::EventTableView(QWidget *parent)
    : QWidget(parent)
    , mProxy(new QSortFilterProxyModel(this))
    , mStack(new QStackedWidget(this))
    , mTable(new QTableView(mStack))
    , mEmpty(new QLabel(mStack))
{
    mProxy->setSortRole(EventTableModel::SortRole);
    mTable->setModel(mProxy);
    mTable->setSortingEnabled(true);
    mTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    mTable->setSelectionMode(QAbstractItemView::SingleSelection);
    mTable->setAlternatingRowColors(true);
    mTable->setWordWrap(false);
    // Tab leaves the table for the next part of the window; the arrows move between rows.
    mTable->setTabKeyNavigation(false);
    mTable->verticalHeader()->hide();
    // Rows as high as a line of text and a little air: the style's default (about 30 pixels)
    // showed five rows where a compact one shows eight.
    mTable->verticalHeader()->setDefaultSectionSize(mTable->fontMetrics().height() + 6);
    mTable->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    mTable->horizontalHeader()->setStretchLastSection(false);
    mTable->horizontalHeader()->setHighlightSections(false);

    mEmpty->setAlignment(Qt::AlignCenter);
    mEmpty->setWordWrap(true);
    mEmpty->setTextFormat(Qt::RichText);
    mEmpty->setContentsMargins(24, 24, 24, 24);

    mStack->addWidget(mTable);
    mStack->addWidget(mEmpty);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(mStack);
}

void EventTableView::setModel(EventTableModel *model)
{
    mModel = model;
    mProxy->setSourceModel(model);
    connect(model, &QAbstractItemModel::modelReset, this, &EventTableView::updateEmptyState);
    connect(model, &QAbstractItemModel::rowsInserted, this, &EventTableView::updateEmptyState);
    connect(model, &QAbstractItemModel::rowsRemoved, this, &EventTableView::updateEmptyState);
    connect(mTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
        if (current.isValid())
            emit eventSelected(current.data(EventTableModel::EventIdRole).toLongLong());
    });
    auto *header = mTable->horizontalHeader();
    header->setSectionResizeMode(EventTableModel::SentenceColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(EventTableModel::DateColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(EventTableModel::ConfidenceColumn, QHeaderView::ResizeToContents);
    mTable->sortByColumn(EventTableModel::DateColumn, Qt::AscendingOrder);
    updateEmptyState();
}

void EventTableView::setEmptyMessage(const QString &message)
{
    mEmpty->setText(message);
    updateEmptyState();
}

QString EventTableView::emptyMessage() const
{
    return mEmpty->text();
}

qint64 EventTableView::currentEventId() const
{
    const QModelIndex current = mTable->currentIndex();
    return current.isValid() ? current.data(EventTableModel::EventIdRole).toLongLong() : 0;
}

void EventTableView::updateEmptyState()
{
    const bool empty = !mModel || mModel->rowCount() == 0;
    mStack->setCurrentWidget(empty ? static_cast<QWidget *>(mEmpty) : mTable);
}

} // namespace mapline
