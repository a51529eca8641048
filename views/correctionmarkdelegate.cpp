#include "correctionmarkdelegate.h"

#include <QAbstractItemView>
#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>

namespace mapline {

CorrectionMarkDelegate::CorrectionMarkDelegate(int idRole, std::function<bool(qint64)> isCorrected, QObject *parent)
    : QStyledItemDelegate(parent)
    , mIdRole(idRole)
    , mIsCorrected(std::move(isCorrected))
{
}

bool CorrectionMarkDelegate::corrected(const QModelIndex &index) const
{
    return mIsCorrected && index.column() == 0 && mIsCorrected(index.data(mIdRole).toLongLong());
}

void CorrectionMarkDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    if (!corrected(index)) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    QStyleOptionViewItem o = option;
    o.rect.adjust(0, 0, -kMarkWidth, 0);
    painter->fillRect(option.rect, QColor(156, 54, 181, 28));
    QStyledItemDelegate::paint(painter, o, index);
    painter->save();
    painter->setPen(QColor(156, 54, 181));
    painter->drawText(QRect(option.rect.right() - kMarkWidth, option.rect.top(), kMarkWidth, option.rect.height()),
                      Qt::AlignCenter,
                      QStringLiteral("✎"));
    painter->restore();
}

QSize CorrectionMarkDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    if (index.column() == 0)
        size.rwidth() += kMarkWidth;
    return size;
}

bool CorrectionMarkDelegate::helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                                       const QModelIndex &index)
{
    if (event->type() == QEvent::ToolTip && corrected(index)) {
        QToolTip::showText(event->globalPos(), tr("Corrected by an analyst"), view);
        return true;
    }
    return QStyledItemDelegate::helpEvent(event, view, option, index);
}

} // namespace mapline
