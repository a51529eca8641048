#pragma once

#include "article.h"
#include "corrections/correction.h"
#include "corrections/correctionhistory.h"
#include "event.h"
#include "happening.h"
#include "happeninghtml.h"
#include "interop/dataset.h"

#include <QWidget>

#include <optional>

class QAction;
class QLabel;
class QPlainTextEdit;
class QTextBrowser;
class QToolButton;

namespace mapline {

// The details panel: the selected event's type and codes, its sentence with trigger, time,
// place and actors highlighted, how its date and place were resolved, whether an analyst
// corrected it, and its article (title, source, publication date); the whole article on demand
// as plain text. For an event from a dataset file, instead of the article: the row's id in the
// dataset, its source, fatalities, full CAMEO code and the file. Article text is never rendered
// as HTML and nothing remote is ever loaded: URLs are shown as text, never followed.
// The correction buttons only ask (signals); the workspace opens the dialogs and applies.
class EventDetailsView : public QWidget {
    Q_OBJECT
public:
    explicit EventDetailsView(QWidget *parent = nullptr);

    // `correction`: what an analyst changed about it; those fields are explained as theirs.
    // `record`: the dataset row the event came from (EventStore::datasetRecord); none for an article's.
    void setEvent(const Event &event, const Article &article, const std::optional<Correction> &correction = {},
                  const std::optional<DatasetRecord> &record = {});
    // The happening the event reports (docs/FUSION.md), "who else says so": its sources, where they
    // disagree, and `reports`, its reports (the event's own among them) side by side
    // (HappeningHtml). Call after setEvent(); cleared by the next setEvent(). With
    // `happeningFirst` (Happenings mode: the selection is the happening) it comes right under
    // the heading, before the selected report's own account.
    void setHappening(const Happening &happening, const QList<HappeningReport> &reports, bool happeningFirst = false);
    // Who made the correction in force (nullopt: none or not known) and the history of the event's
    // corrections (issue 19); `note`: a conflict to tell the analyst about (her write replaced
    // another analyst's). Call after setEvent(); cleared by the next setEvent().
    void setCorrectionHistory(const std::optional<CorrectionStamp> &stamp, const QList<HistoryEntry> &history,
                              const QString &note = {});
    void clear(const QString &message = {});
    qint64 eventId() const { return mEvent ? mEvent->id : 0; }
    const std::optional<Event> &event() const { return mEvent; }
    bool isArticleShown() const;
    void setEditable(bool editable); // false for a read-only database
    // Correct > Date, Place, Pick on Map, Type, Actors, Discard, Revert, with their shortcuts
    // (Ctrl+Shift+D, P, M, Y, A, Delete, R), enabled while an editable event is shown.
    const QList<QAction *> &correctionActions() const { return mCorrectionActions; }

    QSize sizeHint() const override { return {360, 420}; }

public slots:
    void showArticle(bool show);

signals:
    void correctDateRequested(qint64 eventId);
    void correctPlaceRequested(qint64 eventId);
    void pickPlaceRequested(qint64 eventId); // the place, clicked on the map
    void correctTypeRequested(qint64 eventId);
    void correctActorsRequested(qint64 eventId);
    void discardRequested(qint64 eventId);
    void revertRequested(qint64 eventId);
    // From the happening's list of reports: show one, split one out of the happening.
    void reportRequested(qint64 eventId);
    void splitReportRequested(qint64 eventId);

private:
    void render();
    void setCorrectable(bool on);
    QString datasetHtml() const;
    QString happeningHtml() const;
    void highlightSentenceInArticle();

    std::optional<Event> mEvent;
    std::optional<Correction> mCorrection;
    std::optional<CorrectionStamp> mStamp;
    QList<HistoryEntry> mHistory;
    QString mNote;
    std::optional<DatasetRecord> mRecord;
    std::optional<Happening> mHappening;
    QList<HappeningReport> mOthers;
    bool mHappeningFirst = false;
    Article mArticle;
    QTextBrowser *mText;
    QPlainTextEdit *mArticleText;
    QToolButton *mArticleButton;
    QToolButton *mCorrect;
    QLabel *mEmpty;
    bool mEditable = true;
    QList<QAction *> mCorrectionActions;
};

} // namespace mapline
