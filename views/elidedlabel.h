#pragma once

#include <QLabel>

namespace mapline {

// A one-line plain-text label that gives up width gracefully: it asks for its whole text but
// accepts a few characters, draws "…" where the text no longer fits and then shows the whole
// text in its tooltip (before any tooltip set on it). text() stays the whole text. For status lines in docks and the status
// bar, whose full width would otherwise become the window's minimum width.
class ElidedLabel : public QLabel {
    Q_OBJECT
public:
    explicit ElidedLabel(QWidget *parent = nullptr);

    // What must always show (its width is the minimum); by default a few characters.
    void setMinimumText(const QString &text);
    QSize minimumSizeHint() const override;
    bool isElided() const;

private:
    QString mMinimumText;

protected:
    void paintEvent(QPaintEvent *event) override;
    bool event(QEvent *event) override;
};

} // namespace mapline
