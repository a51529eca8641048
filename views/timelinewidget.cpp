#include "timelinewidget.h"

#include "controllane.h"
#include "datefield.h"
#include "elidedlabel.h"
#include "flowlayout.h"
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
    , mControlLane(new ControlLane(model, *mArea, this))
    , mPlay(button(this, QStringLiteral("playButton"), QStyle::SP_MediaPlay, tr("Play (Space)")))
    , mStepUnit(new QComboBox(this))
    , mSpeed(new QComboBox(this))
    , mMode(new QComboBox(this))
    , mLoop(new QAction(tr("&Loop at the End"), this))
    , mSkipEmpty(new QAction(tr("&Skip Periods Without Events"), this))
    , mFitAll(new QAction(tr("Fit &All Events"), this))
    , mExactDates(new QAction(tr("E&xact Dates Only"), this))
    , mFrom(new DateField(this))
    , mTo(new DateField(this))
    , mLength(new QComboBox(this))
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

    mFrom->setObjectName(QStringLiteral("windowFrom"));
    mFrom->setRole(DateField::Role::Start);
    mFrom->lineEdit()->setAccessibleName(tr("Window from"));
    mTo->setObjectName(QStringLiteral("windowTo"));
    mTo->setRole(DateField::Role::End);
    mTo->lineEdit()->setAccessibleName(tr("Window to"));
    mLength->setObjectName(QStringLiteral("windowLength"));
    mLength->setEditable(true);
    mLength->setInsertPolicy(QComboBox::NoInsert);
    for (const char *preset : {"1 day", "1 week", "2 weeks", "1 month", "3 months", "1 year"})
        mLength->addItem(tr(preset));
    mLength->setToolTip(tr("The window's length: pick one or type it (10 days, 3 weeks, 2 months); the start stays"));
    mLength->setMinimumContentsLength(9);
    mLength->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);

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
    mSpeed->setMinimumContentsLength(3);
    mSpeed->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);

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

    mExactDates->setObjectName(QStringLiteral("exactDates"));
    mExactDates->setCheckable(true);
    mExactDates->setIconText(tr("Exact dates"));
    mExactDates->setToolTip(tr("Show only events dated to one day: hide those dated to a range, a week, a month "
                               "or a year (Ctrl+Shift+X)"));
    auto *exact = new QToolButton(this);
    exact->setObjectName(QStringLiteral("exactDatesButton"));
    exact->setDefaultAction(mExactDates);
    exact->setText(tr("Exact dates"));
    exact->setAutoRaise(true);

    mSummary->setObjectName(QStringLiteral("windowSummary"));
    mSummary->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    mSummary->setMinimumText(QStringLiteral("00,000 events"));
    mSummary->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);

    // Groups that wrap as a whole: transport, the window, playback, tools, the summary.
    const auto group = [this](std::initializer_list<QWidget *> widgets, int spacing = 2) {
        auto *box = new QWidget(this);
        auto *row = new QHBoxLayout(box);
        row->setContentsMargins(0, 0, 0, 0);
        row->setSpacing(spacing);
        for (QWidget *w : widgets)
            row->addWidget(w);
        return box;
    };
    const auto label = [this](const QString &text, QWidget *buddy) {
        auto *l = new QLabel(text, this);
        l->setBuddy(buddy);
        return l;
    };
    auto *controls = new FlowLayout(nullptr, 10, 2);
    controls->setContentsMargins(4, 2, 4, 0);
    controls->addWidget(group({start, previous, back, mPlay, forward, next, end}));
    controls->addWidget(group({label(tr("&From"), mFrom), mFrom, label(tr("to"), mTo), mTo, label(tr("Length"), mLength),
                               mLength},
                              4));
    controls->addWidget(group({label(tr("Step"), mStepUnit), mStepUnit, label(tr("Speed"), mSpeed), mSpeed,
                               new QLabel(tr("/s"), this), mMode, options},
                              4));
    controls->addWidget(group({exact, fit}));
    controls->addWidget(mSummary); // takes the rest of its row, elided before the controls wrap

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(controls);
    layout->addWidget(mArea, 1);
    layout->addWidget(mControlLane);
    setFocusProxy(mArea);
    // Tab goes through the controls in the order they are drawn, then into the histogram.
    QWidget *previousInChain = start;
    for (QWidget *w : std::initializer_list<QWidget *>{previous, back, mPlay, forward, next, end, mFrom->lineEdit(),
                                                       mTo->lineEdit(), mLength, mStepUnit, mSpeed, mMode, options,
                                                       exact, fit, mArea}) {
        setTabOrder(previousInChain, w);
        previousInChain = w;
    }

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
    connect(mFrom, &DateField::dateEdited, this, &TimelineWidget::fromEdited);
    connect(mTo, &DateField::dateEdited, this, &TimelineWidget::toEdited);
    connect(mLength, &QComboBox::activated, this, [this] { applyLengthText(); });
    connect(mLength->lineEdit(), &QLineEdit::returnPressed, this, &TimelineWidget::applyLengthText);
    connect(mLength->lineEdit(), &QLineEdit::editingFinished, this, [this] {
        if (mLength->lineEdit()->isModified())
            applyLengthText();
    });

    connect(&mModel, &TimelineModel::optionsChanged, this, &TimelineWidget::syncControls);
    connect(&mModel, &TimelineModel::playingChanged, this, &TimelineWidget::syncControls);
    connect(&mModel, &TimelineModel::windowChanged, this, &TimelineWidget::updateSummary);
    connect(&mModel, &TimelineModel::windowChanged, this, &TimelineWidget::syncWindowFields);
    connect(&mModel, &TimelineModel::histogramChanged, this, &TimelineWidget::updateSummary);
    connect(&mModel, &TimelineModel::histogramChanged, this, &TimelineWidget::syncWindowFields);
    syncControls();
    syncWindowFields();
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
    const qsizetype n = mModel.windowEventCount();
    QString text = n == 1 ? tr("1 event") : tr("%L1 events").arg(n);
    // Spans that found no lane are counted, not silently dropped.
    if (const qint64 hidden = mModel.histogram().hiddenBands(); hidden > 0)
        text += tr(" · %1 spans not drawn").arg(QLocale().toString(hidden));
    mSummary->setText(text);
    mSummary->setToolTip(tr("The events in the time window (%1 – %2) after the filters; the bars are %3s")
                             .arg(mModel.from().toString(Qt::ISODate), mModel.to().toString(Qt::ISODate),
                                  timeline::toString(mModel.bucketSize())));
}

void TimelineWidget::syncWindowFields()
{
    const bool data = mModel.hasData();
    for (QWidget *w : std::initializer_list<QWidget *>{mFrom, mTo, mLength})
        w->setEnabled(data);
    if (!data)
        return;
    mFrom->setDateRange(timeline::dateOf(mModel.dataFirstDay()), timeline::dateOf(mModel.dataLastDay()));
    mTo->setDateRange(timeline::dateOf(mModel.dataFirstDay()), timeline::dateOf(mModel.dataLastDay()));
    // A field being typed in keeps its text; the others follow the window.
    const auto typing = [](QLineEdit *edit) { return edit->hasFocus() && edit->isModified(); };
    if (!typing(mFrom->lineEdit()))
        mFrom->setDate(mModel.from());
    if (!typing(mTo->lineEdit()))
        mTo->setDate(mModel.to());
    if (!typing(mLength->lineEdit())) {
        mLength->setEditText(mModel.windowLength().toString());
        mLength->lineEdit()->setModified(false);
        mLength->setStyleSheet({});
    }
}

void TimelineWidget::fromEdited(const QDate &date)
{
    auto w = mModel.window();
    const qint32 day = timeline::dayOf(date);
    // The end stays unless the new start passes it; then the window keeps its length.
    const timeline::WindowLength length = mModel.windowLength();
    w.fromDay = day;
    if (w.toDay < day)
        w.toDay = length.endFor(day);
    mModel.setWindow(w);
    mModel.revealDay(w.fromDay);
    syncWindowFields();
}

void TimelineWidget::toEdited(const QDate &date)
{
    auto w = mModel.window();
    const qint32 day = timeline::dayOf(date);
    // The start stays unless the new end is before it; then the window keeps its length.
    if (day < w.fromDay)
        w.fromDay = day - (w.toDay - w.fromDay);
    w.toDay = day;
    mModel.setWindow(w);
    mModel.revealDay(w.toDay);
    syncWindowFields();
}

void TimelineWidget::applyLengthText()
{
    const auto length = timeline::WindowLength::parse(mLength->currentText());
    if (!length) {
        mLength->setStyleSheet(QStringLiteral("QComboBox { background: #fde2e1; }"));
        mLength->setToolTip(tr("\"%1\" is not a length: type e.g. 10 days, 3 weeks, 2 months or 1 year")
                                .arg(mLength->currentText().trimmed()));
        return;
    }
    mLength->setStyleSheet({});
    mLength->setToolTip(tr("The window's length: pick one or type it (10 days, 3 weeks, 2 months); the start stays"));
    mModel.setWindowLength(*length);
    syncWindowFields();
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

} // namespace mapline
