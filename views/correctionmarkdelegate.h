#pragma once

#include <QStyledItemDelegate>

#include <functional>

namespace mapline {

// Marks corrected events in the event table: a pencil and a tint on the row's date cell, and a
// tooltip saying an analyst changed it. Which events are corrected comes from the owner (the
// workspace knows from the events' Corrected flag); the table model stays as it is.
class CorrectionMarkDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    CorrectionMarkDelegate(int idRole, std::function<bool(qint64 eventId)> isCorrected, QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    // Every date cell leaves room for the pencil, so a column sized to its contents never cuts a
    // corrected date ("2001-…") whichever rows it was sized on.
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    static constexpr int kMarkWidth = 18;
    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                   const QModelIndex &index) override;

private:
    bool corrected(const QModelIndex &index) const;

    int mIdRole;
    std::function<bool(qint64)> mIsCorrected;
};

} // namespace mapline
