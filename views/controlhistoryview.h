#pragma once

#include <QDate>
#include <QHash>
#include <QWidget>

#include <memory>

class QLabel;
class QPushButton;
class QTextBrowser;

namespace mapline {

class ControlLayer;
class ControlStrip;

// A report that a state of control rests on, as the history lists it.
struct ControlEvidence {
    QDate date;
    QString sentence;
    QString source;   // the article's source or the dataset's kind
    QString document; // the article's title or the dataset file
};

// The control history of one place (docs/CONTROL.md): who held it from when as a small timeline
// (ControlStrip), then each state with its day, the side before and after, how sure, whether the
// reports disagree, and its evidence: the reports' sentences, each one click from its event
// (eventActivated). The analyst's states say so, with their note. "Set Holder…" and "Clear
// Correction" only ask (signals); the owner opens the dialog and writes through ControlEditor.
// Article text is shown as text (escaped), never as HTML.
class ControlHistoryView : public QWidget {
    Q_OBJECT
public:
    explicit ControlHistoryView(QWidget *parent = nullptr);

    // `evidence`: the sentences of the evidence events by id (those missing are listed by id).
    void setPlace(std::shared_ptr<const ControlLayer> layer, int place, QHash<qint64, ControlEvidence> evidence);
    void setDay(QDate day); // the day the map shows: its state is the one in force
    void clear(const QString &message = {});
    void setEditable(bool editable);
    int place() const { return mPlace; }
    const ControlLayer *layer() const { return mLayer.get(); }
    // The state the buttons act on: the one clicked in the strip, else the one in force that day.
    int currentState() const;
    QString html() const; // the list as shown, for tests
    ControlStrip *strip() const { return mStrip; }

    QSize sizeHint() const override { return {360, 300}; }

signals:
    void eventActivated(qint64 eventId);
    void setHolderRequested(int place, QDate suggestedFrom);
    void clearRequested(int place, QDate from);

private:
    void render();
    void updateButtons();

    std::shared_ptr<const ControlLayer> mLayer;
    int mPlace = -1;
    int mPicked = -1; // a state clicked in the strip; -1: the one in force
    QDate mDay;
    QHash<qint64, ControlEvidence> mEvidence;
    QLabel *mTitle;
    ControlStrip *mStrip;
    QTextBrowser *mText;
    QPushButton *mSet;
    QPushButton *mClear;
    bool mEditable = true;
};

} // namespace mapline
