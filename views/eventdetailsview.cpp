#include "eventdetailsview.h"

#include "correctionhistoryhtml.h"
#include "eventexplanation.h"
#include "eventtablemodel.h"
#include "interop/cameocodes.h"
#include "render/eventstyle.h"

#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTextBlock>
#include <QTextBrowser>
#include <QToolButton>
#include <QVBoxLayout>

namespace mapline {
namespace {
// The highlight colours, with a legend under the sentence.
const char *const kStyleSheet =
    "span.trigger { background-color: #ffd8a8; font-weight: bold; }"
    "span.time { background-color: #c5f6fa; }"
    "span.place { background-color: #d3f9d8; }"
    "span.actor { background-color: #e5dbff; }"
    "td.key { color: #555; padding-right: 8px; }"
    "p.sentence { font-size: large; }"
    "p.corrected, span.corrected { color: #9c36b5; }";

// A QTextBrowser that never fetches anything: no file, no network, no image.
class OfflineBrowser : public QTextBrowser {
public:
    using QTextBrowser::QTextBrowser;
    QVariant loadResource(int, const QUrl &) override { return {}; }
};

// "ACLED", "GDELT 2.0", ...: the dataset a `datasets.kind` names.
QString datasetName(const QString &kind)
{
    if (kind == u"acled")
        return QStringLiteral("ACLED");
    if (kind == u"gdelt1")
        return QStringLiteral("GDELT 1.0");
    if (kind == u"gdelt2")
        return QStringLiteral("GDELT 2.0");
    if (kind == u"mapline")
        return QStringLiteral("Mapline export");
    return kind;
}
} // namespace

EventDetailsView::EventDetailsView(QWidget *parent)
    : QWidget(parent)
    , mText(new OfflineBrowser(this))
    , mArticleText(new QPlainTextEdit(this))
    , mArticleButton(new QToolButton(this))
    , mCorrect(new QToolButton(this))
    , mEmpty(new QLabel(this))
{
    mText->setObjectName(QStringLiteral("detailsText"));
    mText->setOpenLinks(false);
    mText->setOpenExternalLinks(false);
    mText->document()->setDefaultStyleSheet(QString::fromLatin1(kStyleSheet));
    mText->setFrameShape(QFrame::NoFrame);
    // The happening's list of reports links to each (mapline:report/ID) and to splitting it out
    // (mapline:split/ID); nothing else is a link that does anything.
    connect(mText, &QTextBrowser::anchorClicked, this, [this](const QUrl &url) {
        if (url.scheme() != u"mapline")
            return;
        const QStringList parts = url.path().split(QLatin1Char('/'));
        bool ok = false;
        const qint64 id = parts.value(1).toLongLong(&ok);
        if (!ok || id <= 0)
            return;
        if (parts.first() == u"report")
            emit reportRequested(id);
        else if (parts.first() == u"split" && mEditable)
            emit splitReportRequested(id);
    });

    mArticleText->setObjectName(QStringLiteral("articleText"));
    mArticleText->setReadOnly(true);
    mArticleText->setVisible(false);
    mArticleText->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);

    mArticleButton->setObjectName(QStringLiteral("showArticleButton"));
    mArticleButton->setText(tr("Show article"));
    mArticleButton->setCheckable(true);
    mArticleButton->setToolTip(tr("The whole article as plain text, with this sentence marked"));
    connect(mArticleButton, &QToolButton::toggled, this, &EventDetailsView::showArticle);

    mCorrect->setObjectName(QStringLiteral("correctButton"));
    mCorrect->setText(tr("Correct"));
    mCorrect->setToolTip(tr("Change what the machine extracted; Edit > Undo takes it back"));
    mCorrect->setPopupMode(QToolButton::InstantPopup);
    auto *menu = new QMenu(mCorrect);
    // The same actions go into the window's Edit menu (correctionActions()), where their
    // shortcuts work wherever the focus is.
    const auto add = [&](const QString &name, const QString &text, void (EventDetailsView::*signal)(qint64),
                         const QKeySequence &keys) {
        QAction *a = menu->addAction(text);
        a->setObjectName(name);
        a->setShortcut(keys);
        a->setEnabled(false);
        mCorrectionActions << a;
        connect(a, &QAction::triggered, this, [this, signal] {
            if (mEvent)
                emit(this->*signal)(mEvent->id);
        });
    };
    add(QStringLiteral("correctDate"), tr("&Date..."), &EventDetailsView::correctDateRequested,
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
    add(QStringLiteral("correctPlace"), tr("&Place..."), &EventDetailsView::correctPlaceRequested,
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    add(QStringLiteral("pickPlace"), tr("Place: Pick on &Map"), &EventDetailsView::pickPlaceRequested,
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));
    add(QStringLiteral("correctType"), tr("T&ype..."), &EventDetailsView::correctTypeRequested,
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Y));
    add(QStringLiteral("correctActors"), tr("&Actors..."), &EventDetailsView::correctActorsRequested,
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
    menu->addSeparator();
    add(QStringLiteral("discard"), tr("D&iscard Event"), &EventDetailsView::discardRequested,
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Delete));
    add(QStringLiteral("revert"), tr("&Revert to Extracted"), &EventDetailsView::revertRequested,
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    mCorrect->setMenu(menu);

    mEmpty->setAlignment(Qt::AlignCenter);
    mEmpty->setWordWrap(true);
    mEmpty->setTextFormat(Qt::PlainText);
    mEmpty->setContentsMargins(16, 16, 16, 16);

    auto *buttons = new QHBoxLayout;
    buttons->setContentsMargins(4, 2, 4, 2);
    buttons->addWidget(mCorrect);
    buttons->addStretch(1);
    buttons->addWidget(mArticleButton);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(mText);
    splitter->addWidget(mArticleText);
    splitter->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(mEmpty, 1);
    layout->addWidget(splitter, 1);
    layout->addLayout(buttons);
    clear();
}

void EventDetailsView::setEditable(bool editable)
{
    mEditable = editable;
    setCorrectable(mEditable && mEvent.has_value());
}

void EventDetailsView::setCorrectable(bool on)
{
    mCorrect->setEnabled(on);
    for (QAction *a : std::as_const(mCorrectionActions))
        a->setEnabled(on);
}

void EventDetailsView::clear(const QString &message)
{
    mEvent.reset();
    mCorrection.reset();
    mStamp.reset();
    mHistory.clear();
    mNote.clear();
    mRecord.reset();
    mHappening.reset();
    mOthers.clear();
    mHappeningFirst = false;
    mArticle = {};
    mText->clear();
    mArticleText->clear();
    mEmpty->setText(message.isEmpty() ? tr("Select an event in the table, on the map or on the timeline to read "
                                           "where it comes from.")
                                      : message);
    mEmpty->setVisible(true);
    mText->parentWidget()->setVisible(false);
    setCorrectable(false);
    mArticleButton->setEnabled(false);
}

void EventDetailsView::setEvent(const Event &event, const Article &article, const std::optional<Correction> &correction,
                                const std::optional<DatasetRecord> &record)
{
    mEvent = event;
    mCorrection = correction;
    mStamp.reset();
    mHistory.clear();
    mNote.clear();
    mRecord = record;
    mArticle = article;
    mHappening.reset();
    mOthers.clear();
    mHappeningFirst = false;
    mEmpty->setVisible(false);
    mText->parentWidget()->setVisible(true);
    setCorrectable(mEditable);
    const bool hasText = !article.body.isEmpty() && !record;
    if (!hasText)
        showArticle(false);
    mArticleButton->setEnabled(hasText);
    mArticleButton->setToolTip(hasText ? tr("The whole article as plain text, with this sentence marked")
                               : record ? tr("This event is a row of a dataset file: there is no article to show")
                                        : tr("The article's text is not in the database"));
    render();
    if (isArticleShown()) {
        mArticleText->setPlainText(mArticle.body);
        highlightSentenceInArticle();
    }
}

bool EventDetailsView::isArticleShown() const
{
    return mArticleButton->isChecked();
}

void EventDetailsView::showArticle(bool show)
{
    if (mArticleButton->isChecked() != show) {
        mArticleButton->setChecked(show); // comes back here through toggled
        return;
    }
    mArticleText->setVisible(show);
    mArticleButton->setText(show ? tr("Hide article") : tr("Show article"));
    if (show) {
        mArticleText->setPlainText(mArticle.body); // plain text: markup in the story stays text
        highlightSentenceInArticle();
    }
}

void EventDetailsView::highlightSentenceInArticle()
{
    if (!mEvent)
        return;
    for (const Sentence &s : mArticle.sentences) {
        if (s.index != mEvent->sentenceIndex)
            continue;
        QTextCursor cursor(mArticleText->document());
        cursor.setPosition(std::min<int>(s.start, int(mArticle.body.size())));
        cursor.setPosition(std::min<int>(s.end, int(mArticle.body.size())), QTextCursor::KeepAnchor);
        QTextEdit::ExtraSelection selection;
        selection.cursor = cursor;
        selection.format.setBackground(QColor(0xff, 0xec, 0x99));
        mArticleText->setExtraSelections({selection});
        QTextCursor at(mArticleText->document());
        at.setPosition(cursor.selectionStart());
        mArticleText->setTextCursor(at);
        mArticleText->ensureCursorVisible();
        return;
    }
}

void EventDetailsView::render()
{
    const Event &e = *mEvent;
    const EventStyle style = EventStyle::forType(e.type);
    const auto esc = [](const QString &s) { return s.toHtmlEscaped(); };
    QString html;
    html += QStringLiteral("<h3 style=\"margin-bottom:2px\"><span style=\"color:%1\">&#9679;</span> %2</h3>")
                .arg(style.colour.name(), esc(style.label));
    QStringList codes;
    if (!e.acledEventType.isEmpty())
        codes << tr("ACLED: %1").arg(esc(e.acledSubEventType.isEmpty() ? e.acledEventType
                                                                        : e.acledEventType + QStringLiteral(" / ") +
                                                                              e.acledSubEventType));
    if (!e.cameoRoot.isEmpty())
        codes << tr("CAMEO %1").arg(esc(e.cameoRoot));
    codes << tr("confidence %1").arg(e.confidence, 0, 'f', 2);
    html += QStringLiteral("<p style=\"color:#555; margin-top:0\">%1</p>").arg(codes.join(QStringLiteral(" · ")));
    if (mHappening && mHappeningFirst)
        html += happeningHtml() + QStringLiteral("<hr><p style=\"color:#555\">%1</p>").arg(esc(tr("The report shown:")));
    html += correctionhtml::conflictNote(mNote);
    if (e.hasFlag(Event::Corrected))
        html += QStringLiteral("<p class=\"corrected\">&#9998; %1</p>").arg(correctionhtml::stampLine(mStamp));
    if (e.hasFlag(Event::Negated) || e.hasFlag(Event::Hypothetical))
        html += QStringLiteral("<p style=\"color:#c92a2a\">%1</p>")
                    .arg(e.hasFlag(Event::Negated) ? tr("Negated in the text (\"did not ...\")")
                                                   : tr("Hypothetical in the text (\"would ...\", \"could ...\")"));

    html += QStringLiteral("<p class=\"sentence\">%1</p>").arg(EventExplanation::highlightedSentence(e));
    html += QStringLiteral("<p style=\"font-size:small; color:#555\"><span class=\"trigger\">%1</span> "
                           "<span class=\"time\">%2</span> <span class=\"place\">%3</span> "
                           "<span class=\"actor\">%4</span></p>")
                .arg(tr("event"), tr("time"), tr("place"), tr("actor"));

    QStringList actors;
    for (const ActorMention &m : e.actors)
        actors << (m.actor.affiliation.isEmpty() || m.actor.affiliation == m.actor.name
                       ? esc(m.actor.name)
                       : QStringLiteral("%1 (%2)").arg(esc(m.actor.name), esc(m.actor.affiliation)));
    const auto row = [](const QString &key, const QString &value) {
        return QStringLiteral("<tr><td class=\"key\">%1</td><td>%2</td></tr>").arg(key, value);
    };
    html += QStringLiteral("<table cellspacing=\"2\">");
    html += row(tr("When"), QStringLiteral("<b>%1</b>").arg(esc(EventTableModel::displayDate(e))));
    // A corrected field is the analyst's: the machine's derivation no longer explains it.
    const auto byAnalyst = [&](const QString &how, const QString &written) {
        return QStringLiteral("<span class=\"corrected\">&#9998; %1</span>")
            .arg(esc(written.isEmpty() ? how : tr("%1; the sentence says “%2”").arg(how, written)));
    };
    html += row(QString(), mCorrection && mCorrection->time ? byAnalyst(tr("Set by an analyst"), e.timeText)
                                                            : esc(EventExplanation::time(e, mArticle.meta)));
    html += row(tr("Where"), QStringLiteral("<b>%1</b>").arg(esc(e.place.isValid() ? e.place.name : tr("unplaced"))));
    html += row(QString(), mCorrection && mCorrection->place
                               ? byAnalyst(mCorrection->place->source == u"map" ? tr("Picked on the map by an analyst")
                                                                              : tr("Set by an analyst from the gazetteer"),
                                           e.placeText)
                               : esc(EventExplanation::place(e, mArticle.datelinePlace)));
    if (e.place.coordinate.isValid())
        html += row(QString(), QStringLiteral("%1, %2").arg(e.place.coordinate.latitude(), 0, 'f', 4)
                                   .arg(e.place.coordinate.longitude(), 0, 'f', 4));
    html += row(tr("Who"), actors.isEmpty() ? tr("no actor named") : actors.join(QStringLiteral(", ")));
    html += QStringLiteral("</table>");
    html += correctionhtml::historySection(mHistory);
    if (mHappening && !mHappeningFirst)
        html += happeningHtml();
    html += QStringLiteral("<hr>");
    if (mRecord) {
        mText->setHtml(html + datasetHtml());
        return;
    }

    const ArticleMeta &m = mArticle.meta;
    html += QStringLiteral("<p><b>%1</b><br>").arg(esc(m.title.isEmpty() ? tr("(untitled article)") : m.title));
    QStringList about;
    if (!m.source.isEmpty())
        about << esc(m.source);
    about << (m.published.isValid() ? tr("published %1").arg(m.published.toString(Qt::ISODate))
                                    : tr("no publication date"));
    html += QStringLiteral("<span style=\"color:#555\">%1</span>").arg(about.join(QStringLiteral(" · ")));
    if (!m.url.isEmpty())
        html += QStringLiteral("<br><span style=\"color:#555\">%1</span>").arg(esc(m.url)); // shown, never followed
    if (!m.path.isEmpty())
        html += QStringLiteral("<br><span style=\"color:#888; font-size:small\">%1</span>").arg(esc(m.path));
    html += QStringLiteral("</p>");
    mText->setHtml(html);
}

void EventDetailsView::setCorrectionHistory(const std::optional<CorrectionStamp> &stamp, const QList<HistoryEntry> &history,
                                           const QString &note)
{
    if (!mEvent)
        return;
    mStamp = stamp;
    mHistory = history;
    mNote = note;
    render();
}

void EventDetailsView::setHappening(const Happening &happening, const QList<HappeningReport> &reports,
                                    bool happeningFirst)
{
    if (!mEvent)
        return;
    mHappening = happening;
    mOthers = reports;
    mHappeningFirst = happeningFirst;
    render();
}

// Who else says so: how many sources tell the happening, who they are, where they disagree, and
// its reports side by side.
QString EventDetailsView::happeningHtml() const
{
    return HappeningHtml::render(*mHappening, mOthers, mEvent ? mEvent->id : 0, mEditable);
}

// The dataset row in place of the article: its id there, what it says beyond the contract's
// fields, and the file. A source URL is text, never a link.
QString EventDetailsView::datasetHtml() const
{
    const DatasetRecord &r = *mRecord;
    const auto esc = [](const QString &s) { return s.toHtmlEscaped(); };
    const QString name = datasetName(r.kind);
    QString heading;
    if (r.externalId.isEmpty())
        heading = tr("%1 event").arg(name);
    else if (r.kind == u"mapline")
        heading = tr("%1, event %2").arg(name, r.externalId);
    else
        heading = tr("%1 event %2").arg(name, r.externalId);
    QStringList lines;
    lines << QStringLiteral("<b>%1</b>").arg(esc(heading));
    const auto line = [&](const QString &key, const QString &value) {
        lines << QStringLiteral("<span style=\"color:#555\">%1</span> %2").arg(esc(key), esc(value));
    };
    if (r.fatalities >= 0)
        line(tr("Fatalities:"), QString::number(r.fatalities));
    if (!r.cameoCode.isEmpty()) {
        const QString description = CameoCodes::description(r.cameoCode);
        line(tr("CAMEO %1%2").arg(r.cameoCode, description.isEmpty() ? QString() : QStringLiteral(":")),
             description);
    }
    line(tr("Source:"), r.source.isEmpty() ? tr("not given") : r.source);
    const QString file = QFileInfo(r.path).fileName();
    const QString from = r.importedAt.isValid()
                             ? tr("From %1, imported %2").arg(file, r.importedAt.toLocalTime().date().toString(Qt::ISODate))
                             : tr("From %1").arg(file);
    // The full path as the tooltip: the name alone says which file, the folder is there on demand.
    lines << QStringLiteral("<span style=\"color:#888; font-size:small\" title=\"%1\">%2</span>")
                 .arg(esc(QDir::toNativeSeparators(r.path)), esc(from));
    return QStringLiteral("<p>%1</p>").arg(lines.join(QStringLiteral("<br>")));
}

} // namespace mapline
