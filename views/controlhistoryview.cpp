#include "controlhistoryview.h"

#include "control/controllayer.h"
#include "controlstrip.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTextBrowser>
#include <QUrl>
#include <QVBoxLayout>

namespace mapline {
namespace {

QString historyDayText(QDate d)
{
    return QLocale(QLocale::English).toString(d, QStringLiteral("d MMM yyyy"));
}

QString swatch(const QColor &colour)
{
    return QStringLiteral("<span style=\"color:%1\">&#9632;</span>").arg(colour.name());
}

} // namespace

ControlHistoryView::ControlHistoryView(QWidget *parent)
    : QWidget(parent)
    , mTitle(new QLabel(this))
    , mStrip(new ControlStrip(this))
    , mText(new QTextBrowser(this))
    , mSet(new QPushButton(tr("Set Holder…"), this))
    , mClear(new QPushButton(tr("Clear Correction"), this))
{
    setObjectName(QStringLiteral("controlHistory"));
    mTitle->setTextFormat(Qt::RichText);
    mTitle->setWordWrap(true);
    mText->setOpenLinks(false);
    mText->setOpenExternalLinks(false);
    mSet->setToolTip(tr("Say which side holds this place from a day on; kept beside the machine's inference, with undo"));
    mClear->setToolTip(tr("Remove the analyst's correction in force: back to what the reports say"));
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(mSet);
    buttons->addWidget(mClear);
    buttons->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(mTitle);
    layout->addWidget(mStrip);
    layout->addWidget(mText, 1);
    layout->addLayout(buttons);
    connect(mText, &QTextBrowser::anchorClicked, this, [this](const QUrl &url) {
        if (url.scheme() == u"event")
            emit eventActivated(url.path().toLongLong());
    });
    connect(mStrip, &ControlStrip::stateClicked, this, [this](int state) {
        mPicked = state;
        render();
        mText->scrollToAnchor(QStringLiteral("state-%1").arg(state));
    });
    connect(mSet, &QPushButton::clicked, this, [this] {
        if (mPlace >= 0)
            emit setHolderRequested(mPlace, mDay);
    });
    connect(mClear, &QPushButton::clicked, this, [this] {
        const int k = currentState();
        if (k >= 0)
            emit clearRequested(mPlace, mLayer->places().at(mPlace).states.at(k).since);
    });
    clear();
}

void ControlHistoryView::setPlace(std::shared_ptr<const ControlLayer> layer, int place,
                                  QHash<qint64, ControlEvidence> evidence)
{
    mLayer = std::move(layer);
    mPlace = mLayer && place >= 0 && place < mLayer->places().size() ? place : -1;
    mPicked = -1;
    mEvidence = std::move(evidence);
    mStrip->setPlace(mLayer, mPlace);
    render();
}

void ControlHistoryView::setDay(QDate day)
{
    if (day == mDay)
        return;
    mDay = day;
    mStrip->setDay(day);
    if (mPlace >= 0)
        render();
}

void ControlHistoryView::clear(const QString &message)
{
    mLayer.reset();
    mPlace = -1;
    mPicked = -1;
    mEvidence.clear();
    mStrip->setPlace(nullptr, -1);
    mStrip->setVisible(false);
    mTitle->setText(message.isEmpty() ? tr("<i>Click a place on the map (or a mark in the timeline's control lane) "
                                           "to see who held it, from when, and the reports that say so.</i>")
                                      : message.toHtmlEscaped());
    mText->clear();
    mText->setVisible(false);
    updateButtons();
}

void ControlHistoryView::setEditable(bool editable)
{
    mEditable = editable;
    updateButtons();
}

int ControlHistoryView::currentState() const
{
    if (mPlace < 0)
        return -1;
    if (mPicked >= 0)
        return mPicked;
    return mLayer->stateIndexOn(mPlace, mDay);
}

QString ControlHistoryView::html() const
{
    return mText->toHtml();
}

void ControlHistoryView::updateButtons()
{
    mSet->setEnabled(mEditable && mPlace >= 0);
    const int k = currentState();
    mClear->setEnabled(mEditable && k >= 0 && mLayer->places().at(mPlace).states.at(k).analyst);
}

void ControlHistoryView::render()
{
    if (mPlace < 0) {
        clear();
        return;
    }
    const PlaceControl &pc = mLayer->places().at(mPlace);
    mStrip->setVisible(true);
    mText->setVisible(true);
    QString where = pc.place.name.toHtmlEscaped();
    if (!pc.place.admin1.isEmpty() && pc.place.admin1 != pc.place.name)
        where += QStringLiteral(", %1").arg(pc.place.admin1.toHtmlEscaped());
    QString now;
    if (const ControlState *s = mDay.isValid() ? mLayer->stateOn(mPlace, mDay) : nullptr)
        now = tr("On %1: %2 <b>%3</b>%4")
                  .arg(historyDayText(mDay), swatch(mLayer->colour(s->side)), mLayer->sideName(s->side).toHtmlEscaped(),
                       s->contested ? tr(" (contested)") : QString());
    else if (mDay.isValid())
        now = tr("On %1: not known").arg(historyDayText(mDay));
    mTitle->setText(QStringLiteral("<b>%1</b> · control history<br>%2").arg(where, now));

    const int current = currentState();
    QString h;
    for (int k = 0; k < pc.states.size(); ++k) {
        const ControlState &s = pc.states.at(k);
        const QString side = swatch(mLayer->colour(s.side)) + QStringLiteral(" <b>%1</b>").arg(mLayer->sideName(s.side).toHtmlEscaped());
        h += QStringLiteral("<a name=\"state-%1\"></a><p style=\"margin-top:8px;%2\">").arg(k).arg(
            k == current ? QStringLiteral("background:#f1efe8") : QString());
        if (!s.since.isValid()) {
            h += tr("Until the first change: held by %1 (since when is not said)").arg(side);
        } else if (k > 0) {
            h += tr("<b>%1</b>: %2 → %3")
                     .arg(historyDayText(s.since), mLayer->sideName(pc.states.at(k - 1).side).toHtmlEscaped(), side);
        } else {
            h += tr("<b>%1</b>: held by %2").arg(historyDayText(s.since), side);
        }
        if (s.analyst) {
            h += tr(" · <i>set by the analyst</i>");
            if (!s.note.isEmpty())
                h += QStringLiteral(": “%1”").arg(s.note.toHtmlEscaped());
        } else {
            h += tr(" · confidence %1").arg(QLocale().toString(s.confidence, 'f', 2));
            if (s.since.isValid() && s.sincePrecision != DatePrecision::Day)
                h += tr(" · by this day (the reports give no day of its own)");
        }
        if (s.contested && !s.rivals.isEmpty()) {
            QStringList rivals;
            for (int r : s.rivals)
                rivals << mLayer->sideName(r).toHtmlEscaped();
            h += tr(" · <b>contested</b>: reports give it to %1").arg(rivals.join(QStringLiteral(", ")));
        }
        h += QStringLiteral("</p>");
        if (!s.evidence.isEmpty()) {
            h += QStringLiteral("<ul style=\"margin-left:-18px\">");
            for (qint64 id : s.evidence) {
                const auto it = mEvidence.constFind(id);
                h += QStringLiteral("<li>");
                if (it != mEvidence.cend()) {
                    h += QStringLiteral("“%1” ").arg(it->sentence.toHtmlEscaped());
                    QStringList meta;
                    if (!it->source.isEmpty())
                        meta << it->source.toHtmlEscaped();
                    if (it->date.isValid())
                        meta << historyDayText(it->date);
                    if (!meta.isEmpty())
                        h += QStringLiteral("<span style=\"color:#666\">(%1)</span> ").arg(meta.join(QStringLiteral(", ")));
                }
                h += QStringLiteral("<a href=\"event:%1\">event %1</a></li>").arg(id);
            }
            h += QStringLiteral("</ul>");
        }
    }
    mText->setHtml(h);
    updateButtons();
}

} // namespace mapline
