#pragma once

#include <QLayout>
#include <QList>

namespace mapline {

// Lays its items out left to right and wraps to a new row when the width runs out, so a row of
// controls stays whole on a wide window and still fits a narrow one (a laptop at scale factor 2)
// instead of making the window wider than the screen. An item whose size policy expands
// horizontally takes what is left of its row (at least its minimum width). Rows are as high as
// their tallest item; items are centred in their row. Height follows width (heightForWidth).
class FlowLayout : public QLayout {
public:
    explicit FlowLayout(QWidget *parent = nullptr, int horizontalSpacing = 6, int verticalSpacing = 2);
    ~FlowLayout() override;

    void addItem(QLayoutItem *item) override;
    int count() const override { return int(mItems.size()); }
    QLayoutItem *itemAt(int index) const override { return mItems.value(index); }
    QLayoutItem *takeAt(int index) override;
    Qt::Orientations expandingDirections() const override { return {}; }
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    QSize minimumSize() const override;
    QSize sizeHint() const override;
    void setGeometry(const QRect &rect) override;

private:
    int arrange(const QRect &rect, bool apply) const;

    QList<QLayoutItem *> mItems;
    int mHorizontal;
    int mVertical;
};

} // namespace mapline
