#include "flowlayout.h"

#include <QWidget>

#include <algorithm>

namespace mapline {

FlowLayout::FlowLayout(QWidget *parent, int horizontalSpacing, int verticalSpacing)
    : QLayout(parent)
    , mHorizontal(horizontalSpacing)
    , mVertical(verticalSpacing)
{
}

FlowLayout::~FlowLayout()
{
    while (QLayoutItem *item = takeAt(0))
        delete item;
}

void FlowLayout::addItem(QLayoutItem *item)
{
    mItems.append(item);
}

QLayoutItem *FlowLayout::takeAt(int index)
{
    return index >= 0 && index < mItems.size() ? mItems.takeAt(index) : nullptr;
}

int FlowLayout::heightForWidth(int width) const
{
    return arrange(QRect(0, 0, width, 0), false);
}

QSize FlowLayout::minimumSize() const
{
    // As narrow as the widest item: everything else wraps.
    QSize size;
    for (const QLayoutItem *item : mItems)
        if (!item->isEmpty())
            size = size.expandedTo(item->minimumSize());
    const QMargins m = contentsMargins();
    return size + QSize(m.left() + m.right(), m.top() + m.bottom());
}

QSize FlowLayout::sizeHint() const
{
    // Everything on one row.
    int width = 0;
    int height = 0;
    for (const QLayoutItem *item : mItems) {
        if (item->isEmpty())
            continue;
        width += item->sizeHint().width() + (width > 0 ? mHorizontal : 0);
        height = std::max(height, item->sizeHint().height());
    }
    const QMargins m = contentsMargins();
    return QSize(width + m.left() + m.right(), height + m.top() + m.bottom());
}

void FlowLayout::setGeometry(const QRect &rect)
{
    QLayout::setGeometry(rect);
    arrange(rect, true);
}

int FlowLayout::arrange(const QRect &rect, bool apply) const
{
    const QRect area = rect.marginsRemoved(contentsMargins());
    const int right = area.x() + std::max(1, area.width());
    // Rows first (which items, how high), then their geometry.
    struct Row {
        int first = 0;
        int last = -1; // inclusive
        int height = 0;
    };
    QList<Row> rows;
    Row row;
    int x = area.x();
    for (int i = 0; i < mItems.size(); ++i) {
        const QLayoutItem *item = mItems[i];
        if (item->isEmpty())
            continue;
        const bool expands = item->expandingDirections() & Qt::Horizontal;
        const int width = expands ? item->minimumSize().width() : item->sizeHint().width();
        if (row.last >= row.first && x + width > right) {
            rows.append(row);
            row = Row{i, i - 1, 0};
            x = area.x();
        }
        if (row.last < row.first)
            row.first = i;
        row.last = i;
        row.height = std::max(row.height, item->sizeHint().height());
        x += width + mHorizontal;
    }
    if (row.last >= row.first)
        rows.append(row);

    int y = area.y();
    for (const Row &r : rows) {
        x = area.x();
        for (int i = r.first; i <= r.last; ++i) {
            QLayoutItem *item = mItems[i];
            if (item->isEmpty())
                continue;
            const bool expands = item->expandingDirections() & Qt::Horizontal;
            int width = item->sizeHint().width();
            if (expands)
                width = std::max(item->minimumSize().width(), right - x);
            width = std::min(width, std::max(item->minimumSize().width(), right - x));
            const int height = std::min(item->sizeHint().height(), r.height);
            if (apply)
                item->setGeometry(QRect(x, y + (r.height - height) / 2, width, height));
            x += width + mHorizontal;
        }
        y += r.height + mVertical;
    }
    if (!rows.isEmpty())
        y -= mVertical;
    return y - area.y() + contentsMargins().top() + contentsMargins().bottom();
}

} // namespace mapline
