#include "timelinewidget.h"

#include "elidedlabel.h"
#include "timeline/timelinemodel.h"
#include "timelinearea.h"

#include <QAction>
#include <QComboBox>
#include <QDoubleValidator>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

namespace mapline {
namespace {
QToolButton *button(QWidget *parent, const QString &name, QStyle::StandardPixmap icon, const QString &tip)
{
    auto *b = new QToolButton(parent);
    b->setObjectName(name);
    b->setIcon(parent->style()->standardIcon(icon));
    b->setToolTip(tip);
    b->setAutoRaise(true);
    b->setFocusPolicy(Qt::TabFocus);
    return b;
}

const double kSpeedPresets[] = {0.5, 1, 2, 4, 8, 15, 30};
} // namespace

TimelineWidget::TimelineWidget(TimelineModel &model, QWidget *parent)
    : QWidget(parent)
    , mModel(model)
    , mArea(new TimelineArea(model, this))
    , mPlay(button(this, QStringLiteral("playButton"), QStyle::SP_MediaPlay, tr("Play (Space)")))
    , mStepUnit(new QComboBox(this))
    , mSpeed(new QComboBox(this))
    , mMode(new QComboBox(this))
    , mLoop(new QAction(tr("&Loop at the End"), this))
    , mSkipEmpty(new QAction(tr("&Skip Periods Without Events"), this))
    , mFitAll(new QAction(tr("Fit &All Events"), this))
    , mGoTo(new QLineEdit(this))
    , mSummary(new ElidedLabel(this))
{
    auto *start = button(this, QStringLiteral("startButton"), QStyle::SP_MediaSkipBackward, tr("Go to the start (Home)"));
    auto *previous = button(this, QStringLiteral("previousEventButton"), QStyle::SP_MediaSeekBackward,
                            tr("Previous event (Page Up)"));
    auto *back = button(this, QStringLiteral("stepBackButton"), QStyle::SP_ArrowLeft, tr("Step back (Left)"));
    auto *forward = button(this, QStringLiteral("stepForwardButton"), QStyle::SP_ArrowRight, tr("Step forward (Right)"));
    auto *next = button(this, QStringLiteral("nextEventButton"), QStyle::SP_MediaSeekForward, tr("Next event (Page Down)"));
    auto *end = button(this, QStringLiteral("endButton"), QStyle::SP_MediaSkipForward, tr("Go to the end (End)"));
    auto *fit = new QToolButton(this);
    fit->setObjectName(QStringLiteral("fitButton"));
    fit->setText(tr("Fit"));
    fit->setToolTip(tr("Fit the time axis to the events (or double-click the timeline). A few dates far from all "
                       "the others are left out and counted at the ends of the axis: click a count to show them, "
                       "or use the arrow: Fit All Events."));
    fit->setAutoRaise(true);
    // The arrow holds the one other fit: every event, outliers included.
    fit->setPopupMode(QToolButton::MenuButtonPopup);
    mFitAll->setObjectName(QStringLiteral("fitAll"));
    mFitAll->setToolTip(tr("Fit the time axis to every event, dates far from the others included"));
    auto *fitMenu = new QMenu(fit);
    fitMenu->setToolTipsVisible(true);
    fitMenu->addAction(mFitAll);
    fit->setMenu(fitMenu);

    mStepUnit->setObjectName(QStringLiteral("stepUnit"));
    mStepUnit->addItem(tr("Day"));
    mStepUnit->addItem(tr("Week"));
    mStepUnit->addItem(tr("Month"));
    mStepUnit->setToolTip(tr("How far one step moves the window"));

    mSpeed->setObjectName(QStringLiteral("speed"));
    mSpeed->setEditable(true);
    mSpeed->setInsertPolicy(QComboBox::NoInsert);
    for (double s : kSpeedPresets)
        mSpeed->addItem(QLocale().toString(s), s);
    auto *validator = new QDoubleValidator(TimelineModel::kMinSpeed, TimelineModel::kMaxSpeed, 2, mSpeed);
    validator->setNotation(QDoubleValidator::StandardNotation);
    mSpeed->lineEdit()->setValidator(validator);
    mSpeed->setToolTip(tr("Playback speed in steps per second: pick one or type a number"));
    mSpeed->setObjectName(QStringLiteral("speed"));
    mSpeed->setMinimumContentsLength(4);

    mMode->setObjectName(QStringLiteral("windowMode"));
    mMode->addItem(tr("Moving window"));
    mMode->addItem(tr("Cumulative"));
    mMode->setToolTip(tr("Moving: the window keeps its length. Cumulative: the start stays, the end moves."));

    mLoop->setObjectName(QStringLiteral("loop"));
    mLoop->setCheckable(true);
    mLoop->setToolTip(tr("Playback starts again from the beginning at the end of the data"));
    mSkipEmpty->setObjectName(QStringLiteral("skipEmpty"));
    mSkipEmpty->setCheckable(true);
    mSkipEmpty->setToolTip(tr("Steps and playback jump over periods without events"));
    // Loop and skip live in a menu: two check boxes would cost the row 150 pixels.
    auto *options = new QToolButton(this);
    options->setObjectName(QStringLiteral("playbackOptions"));
    options->setText(tr("Options"));
    options->setToolTip(tr("Loop, skip empty periods"));
    options->setPopupMode(QToolButton::InstantPopup);
    options->setAutoRaise(true);
    auto *optionsMenu = new QMenu(options);
    optionsMenu->setToolTipsVisible(true);
    optionsMenu->addAction(mLoop);
    optionsMenu->addAction(mSkipEmpty);
    options->setMenu(optionsMenu);
    mGoTo->setObjectName(QStringLiteral("goToDate"));
    mGoTo->setPlaceholderText(tr("Go to date"));
    mGoTo->setToolTip(tr("Type a date as YYYY-MM-DD and press Enter"));
    mGoTo->setClearButtonEnabled(true);
    mGoTo->setMinimumWidth(fontMetrics().horizontalAdvance(QStringLiteral("0000-00-00")) + 36);
    mGoTo->setMaximumWidth(mGoTo->minimumWidth() + 20);
    mSummary->setObjectName(QStringLiteral("windowSummary"));
    mSummary->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    mSummary->setMinimumText(QStringLiteral("0000-00-00 – 0000-00-00")); // the window always shows

    auto *controls = new QHBoxLayout;
    controls->setContentsMargins(4, 2, 4, 0);
    controls->setSpacing(2);
    for (QWidget *w : std::initializer_list<QWidget *>{start, previous, back, mPlay, forward, next, end})
        controls->addWidget(w);
    controls->addSpacing(8);
    controls->addWidget(new QLabel(tr("Step"), this));
    controls->addWidget(mStepUnit);
    controls->addSpacing(6);
    controls->addWidget(new QLabel(tr("Speed"), this));
    controls->addWidget(mSpeed);
    controls->addWidget(new QLabel(tr("/s"), this));
    controls->addSpacing(6);
    controls->addWidget(mMode);
    controls->addWidget(options);
    controls->addSpacing(6);
    controls->addWidget(mGoTo);
    controls->addWidget(fit);
    controls->addSpacing(6);
    controls->addWidget(mSummary, 1); // gives way (elided) before the controls do

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(controls);
    layout->addWidget(mArea, 1);
    setFocusProxy(mArea);

    connect(start, &QToolButton::clicked, &mModel, &TimelineModel::goToStart);
    connect(previous, &QToolButton::clicked, &mModel, &TimelineModel::previousEvent);
    connect(back, &QToolButton::clicked, &mModel, &TimelineModel::stepBackward);
    connect(mPlay, &QToolButton::clicked, &mModel, &TimelineModel::togglePlay);
    connect(forward, &QToolButton::clicked, &mModel, &TimelineModel::stepForward);
    connect(next, &QToolButton::clicked, &mModel, &TimelineModel::nextEvent);
    connect(end, &QToolButton::clicked, &mModel, &TimelineModel::goToEnd);
    connect(fit, &QToolButton::clicked, &mModel, &TimelineModel::fitToData);
    connect(mFitAll, &QAction::triggered, &mModel, &TimelineModel::fitToAllData);
    connect(mStepUnit, &QComboBox::currentIndexChanged, this, [this](int i) {
        if (!mSyncing)
            mModel.setStepUnit(TimelineModel::StepUnit(i));
    });
    connect(mMode, &QComboBox::currentIndexChanged, this, [this](int i) {
        if (!mSyncing)
            mModel.setMode(i == 1 ? TimelineModel::TimeWindow::Mode::Cumulative : TimelineModel::TimeWindow::Mode::Moving);
    });
    connect(mSpeed, &QComboBox::activated, this, [this](int i) {
        if (!mSyncing)
            mModel.setSpeed(mSpeed->itemData(i).toDouble());
    });
    connect(mSpeed->lineEdit(), &QLineEdit::returnPressed, this, &TimelineWidget::applySpeedText);
    connect(mSpeed->lineEdit(), &QLineEdit::editingFinished, this, &TimelineWidget::applySpeedText);
    connect(mLoop, &QAction::toggled, this, [this](bool on) {
        if (!mSyncing)
            mModel.setLoop(on);
    });
    connect(mSkipEmpty, &QAction::toggled, this, [this](bool on) {
        if (!mSyncing)
            mModel.setSkipEmpty(on);
    });
    connect(mGoTo, &QLineEdit::returnPressed, this, &TimelineWidget::applyGoToText);

    connect(&mModel, &TimelineModel::optionsChanged, this, &TimelineWidget::syncControls);
    connect(&mModel, &TimelineModel::playingChanged, this, &TimelineWidget::syncControls);
    connect(&mModel, &TimelineModel::windowChanged, this, &TimelineWidget::updateSummary);
    connect(&mModel, &TimelineModel::histogramChanged, this, &TimelineWidget::updateSummary);
    syncControls();
    updateSummary();
}

void TimelineWidget::setSelectedRange(const QDate &from, const QDate &to)
{
    if (from.isValid() && to.isValid())
        mArea->setSelectedDays(timeline::dayOf(from), timeline::dayOf(to));
    else
        mArea->setSelectedDays(0, -1);
}

void TimelineWidget::syncControls()
{
    mSyncing = true;
    mPlay->setIcon(style()->standardIcon(mModel.isPlaying() ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
    mPlay->setToolTip(mModel.isPlaying() ? tr("Pause (Space)") : tr("Play (Space)"));
    mStepUnit->setCurrentIndex(int(mModel.stepUnit()));
    mMode->setCurrentIndex(mModel.mode() == TimelineModel::TimeWindow::Mode::Cumulative ? 1 : 0);
    if (!mSpeed->lineEdit()->hasFocus())
        mSpeed->setEditText(QLocale().toString(mModel.speed()));
    mLoop->setChecked(mModel.loops());
    mSkipEmpty->setChecked(mModel.skipsEmpty());
    mSyncing = false;
}

void TimelineWidget::updateSummary()
{
    if (!mModel.hasData()) {
        mSummary->setText(tr("No dated events"));
        return;
    }
    // ISO dates, as in the table and the details.
    const QString from = mModel.from().toString(Qt::ISODate);
    const QString to = mModel.to().toString(Qt::ISODate);
    const qsizetype n = mModel.windowEventCount();
    QString text = (from == to ? from : tr("%1 – %2").arg(from, to)) +
                   QStringLiteral(" · ") + (n == 1 ? tr("1 event") : tr("%L1 events").arg(n));
    // Spans that found no lane are counted, not silently dropped.
    if (const qint64 hidden = mModel.histogram().hiddenBands(); hidden > 0)
        text += tr(" · %1 spans not drawn").arg(QLocale().toString(hidden));
    mSummary->setText(text);
    mSummary->setToolTip(tr("The time window and the events in it after the filters; the bars are %1s")
                             .arg(timeline::toString(mModel.bucketSize())));
}

void TimelineWidget::applySpeedText()
{
    bool ok = false;
    const double speed = QLocale().toDouble(mSpeed->currentText(), &ok);
    if (ok && speed > 0)
        mModel.setSpeed(speed);
    else
        syncControls();
}

void TimelineWidget::applyGoToText()
{
    const QDate date = QDate::fromString(mGoTo->text().trimmed(), Qt::ISODate);
    if (!date.isValid()) {
        mGoTo->setStyleSheet(QStringLiteral("QLineEdit { background: #fde2e1; }"));
        mGoTo->setToolTip(tr("Type a date as YYYY-MM-DD, e.g. 2001-11-22"));
        return;
    }
    mGoTo->setStyleSheet({});
    mGoTo->setToolTip({});
    mModel.goToDate(date);
}

} // namespace mapline
