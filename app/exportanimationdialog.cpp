// File > Export animation: the timeline's playback written by AnimationExporter on a worker.
#include "exportanimationdialog.h"

#include "datefield.h"
#include "exportdialogparts.h"
#include "timeline/startview.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QRadioButton>
#include <QSettings>
#include <QSpinBox>
#include <QToolButton>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QtConcurrent>

namespace mapline {
namespace {

using animation::Format;
using timeline::StepUnit;
using timeline::TimeWindow;

const QString kGroup = QStringLiteral("exportAnimation/");
constexpr int kDaysStep = 100; // the step combo's "N days" entry; the others hold a StepUnit

// A form row whose field is a layout: the label's shortcut focuses `buddy`.
void addRow(QFormLayout *form, const QString &text, QLayout *field, QWidget *buddy)
{
    auto *label = new QLabel(text);
    label->setBuddy(buddy);
    form->addRow(label, field);
}

// The worker: plans the frames, then renders and writes them. Must not touch the dialog.
ExportAnimationDialog::Outcome runJob(animation::AnimationJob job, const animation::FramePlanOptions &options,
                                      const std::shared_ptr<std::atomic_bool> &cancel,
                                      const animation::AnimationExporter::Progress &report)
{
    auto frames = animation::FramePlan::build(options, job.view.events().get(), job.view.eventMask().get());
    if (!frames)
        return {ExportAnimationDialog::Outcome::Failed, QObject::tr("%1: %2").arg(job.out, frames.error()), 0, {}};
    if (frames->isEmpty())
        return {ExportAnimationDialog::Outcome::Failed,
                QObject::tr("%1: no period of the range has events, so there is no frame to write").arg(job.out), 0, {}};
    job.frames = std::move(frames).value();
    return animation::AnimationExporter::run(job, [&](int done, int total) {
        report(done, total);
        return !cancel->load();
    });
}

} // namespace

ExportAnimationDialog::ExportAnimationDialog(const ExportContext &context, QWidget *parent)
    : QDialog(parent)
    , mContext(context)
{
    setWindowTitle(tr("Export Animation"));
    buildForm(context);
    connect(&mWatcher, &QFutureWatcher<Outcome>::finished, this, &ExportAnimationDialog::finish);

    QSettings s;
    const QString folder =
        s.value(kGroup + QStringLiteral("folder"), QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)).toString();
    mFile->setPath(QDir(folder).filePath(QStringLiteral("mapline-animation.gif")));
    setFormat(Format(s.value(kGroup + QStringLiteral("format"), int(Format::Gif)).toInt()));
    mFps->setValue(s.value(kGroup + QStringLiteral("fps"), 10).toInt());
}

ExportAnimationDialog::~ExportAnimationDialog()
{
    // A dialog closed while exporting stops the worker and waits: the partial output is removed.
    mFooter->cancelFlag()->store(true);
    mWatcher.waitForFinished();
}

void ExportAnimationDialog::buildForm(const ExportContext &context)
{
    auto *form = new QFormLayout;
    mFormat = new QComboBox;
    mFormat->setObjectName(QStringLiteral("format"));
    for (Format f : {Format::PngFrames, Format::Gif, Format::Mp4})
        mFormat->addItem(animation::formatLabel(f), int(f));
    if (const QString reason = animation::FrameWriter::unavailableReason(Format::Mp4); !reason.isEmpty()) {
        const int row = mFormat->findData(int(Format::Mp4));
        qobject_cast<QStandardItemModel *>(mFormat->model())->item(row)->setEnabled(false);
        mFormat->setItemText(row, tr("MP4 (needs ffmpeg)"));
        mFormat->setItemData(row, reason, Qt::ToolTipRole);
    }
    mFile = new FileRow;
    mFile->addTo(form, tr("&File:")); // first, as in the other export dialogs
    form->addRow(tr("F&ormat:"), mFormat);

    // The range is the timeline's window: what the analyst is looking at is what plays.
    const bool hasWindow = context.window.isValid() && context.window.from().isValid();
    const QDate first = hasWindow ? context.window.from() : context.dataFirst;
    const QDate last = hasWindow ? context.window.to() : context.dataLast;
    const auto dateField = [&context](const QDate &date, const QString &name, DateField::Role role) {
        auto *field = new DateField;
        field->setObjectName(name);
        field->setRole(role);
        field->setDate(date.isValid() ? date : QDate::currentDate());
        field->setDateRange(context.dataFirst, context.dataLast);
        return field;
    };
    mFrom = dateField(first, QStringLiteral("from"), DateField::Role::Start);
    mTo = dateField(last, QStringLiteral("to"), DateField::Role::End);
    auto *range = new QHBoxLayout;
    range->addWidget(mFrom);
    range->addWidget(new QLabel(tr("to")));
    range->addWidget(mTo);
    auto *whole = new QToolButton;
    whole->setObjectName(QStringLiteral("wholeRange"));
    whole->setText(tr("All data"));
    whole->setToolTip(tr("From the first to the last day with events (%1 to %2)")
                          .arg(context.dataFirst.toString(Qt::ISODate), context.dataLast.toString(Qt::ISODate)));
    whole->setEnabled(context.dataFirst.isValid() && context.dataLast.isValid());
    connect(whole, &QToolButton::clicked, this, [this, context] {
        mFrom->setDate(context.dataFirst);
        mTo->setDate(context.dataLast);
        updateFrameCount();
    });
    range->addWidget(whole);
    range->addStretch();
    addRow(form, tr("&Range:"), range, mFrom);
    mFrames = new QLabel;
    mFrames->setObjectName(QStringLiteral("frameCount"));
    mFrames->setWordWrap(true);
    form->addRow(QString(), mFrames);

    mStep = new QComboBox;
    mStep->setObjectName(QStringLiteral("step"));
    mStep->addItem(tr("a day"), int(StepUnit::Day));
    mStep->addItem(tr("a week"), int(StepUnit::Week));
    mStep->addItem(tr("a month"), int(StepUnit::Month));
    mStep->addItem(tr("days:"), kDaysStep);
    mStepDays = new QSpinBox;
    mStepDays->setObjectName(QStringLiteral("stepDays"));
    mStepDays->setRange(1, 3660);
    mStepDays->setValue(3);
    mStepDays->setSuffix(tr(" days"));
    // The playback's step, or a finer one when the range holds only a few of them (a month's
    // window is played by days, not in one frame).
    const qint64 rangeDays = first.isValid() && last.isValid() ? first.daysTo(last) + 1 : 0;
    const StepUnit step = rangeDays > 0 ? std::min(context.step, timeline::stepForSpan(rangeDays)) : context.step;
    mStep->setCurrentIndex(mStep->findData(int(step)));
    auto *stepRow = new QHBoxLayout;
    stepRow->addWidget(mStep);
    stepRow->addWidget(mStepDays);
    stepRow->addStretch();
    addRow(form, tr("&Step:"), stepRow, mStep);

    // The timeline's window: its length when it moves, or cumulative.
    mMoving = new QRadioButton(tr("Moving, days long:"));
    mWindowDays = new QSpinBox;
    mWindowDays->setObjectName(QStringLiteral("windowDays"));
    mWindowDays->setRange(1, 36600);
    // Each frame one step long: the range is what plays.
    mWindowDays->setValue(first.isValid() ? timeline::WindowLength::oneStep(step).endFor(timeline::dayOf(first)) -
                                                timeline::dayOf(first) + 1
                                          : 1);
    mCumulative = new QRadioButton(tr("Cumulative from the start"));
    mCumulative->setObjectName(QStringLiteral("cumulative"));
    (context.window.mode == TimeWindow::Mode::Cumulative ? mCumulative : mMoving)->setChecked(true);
    mWindowDays->setEnabled(mMoving->isChecked());
    connect(mMoving, &QRadioButton::toggled, mWindowDays, &QWidget::setEnabled);
    auto *windowRow = new QHBoxLayout;
    windowRow->addWidget(mMoving);
    windowRow->addWidget(mWindowDays);
    windowRow->addWidget(mCumulative);
    windowRow->addStretch();
    addRow(form, tr("&Window:"), windowRow, mMoving);

    mFps = new QSpinBox;
    mFps->setObjectName(QStringLiteral("fps"));
    mFps->setRange(1, 60);
    mFps->setSuffix(tr(" frames a second"));
    mFps->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed); // a number, not a text field
    form->addRow(tr("Spee&d:"), mFps);
    mWidth = new QSpinBox;
    mHeight = new QSpinBox;
    for (QSpinBox *side : {mWidth, mHeight}) {
        side->setRange(64, 4096);
        side->setSuffix(tr(" px"));
    }
    mWidth->setValue(std::clamp(context.view.outputSize().width(), 64, 4096));
    mHeight->setValue(std::clamp(context.view.outputSize().height(), 64, 4096));
    auto *sizeRow = new QHBoxLayout;
    sizeRow->addWidget(mWidth);
    sizeRow->addWidget(new QLabel(QStringLiteral("×")));
    sizeRow->addWidget(mHeight);
    sizeRow->addStretch();
    addRow(form, tr("Si&ze:"), sizeRow, mWidth);
    // The title given last time, for this export or another.
    mTitle = new QLineEdit(context.view.title().isEmpty() ? QSettings().value(QStringLiteral("export/title")).toString()
                                                          : context.view.title());
    mTitle->setObjectName(QStringLiteral("title"));
    mTitle->setPlaceholderText(tr("printed on every frame (optional)"));
    form->addRow(tr("&Title:"), mTitle);
    mSkipEmpty = new QCheckBox(tr("Skip periods without events (after the filters)"));
    mSkipEmpty->setObjectName(QStringLiteral("skipEmpty"));
    mSkipEmpty->setChecked(context.skipEmpty); // as the playback does
    form->addRow(QString(), mSkipEmpty);

    mFooter = ExportFooter::addTo(this, form);

    connect(mFile, &FileRow::browseClicked, this, &ExportAnimationDialog::browse);
    connect(mFormat, &QComboBox::currentIndexChanged, this, &ExportAnimationDialog::formatChosen);
    connect(mStep, &QComboBox::currentIndexChanged, this, &ExportAnimationDialog::stepChosen);
    connect(mFooter, &ExportFooter::failed, this, &ExportAnimationDialog::failed);
    for (DateField *field : {mFrom, mTo})
        connect(field, &DateField::dateEdited, this, &ExportAnimationDialog::updateFrameCount);
    connect(mStepDays, &QSpinBox::valueChanged, this, &ExportAnimationDialog::updateFrameCount);
    connect(mWindowDays, &QSpinBox::valueChanged, this, &ExportAnimationDialog::updateFrameCount);
    connect(mCumulative, &QRadioButton::toggled, this, &ExportAnimationDialog::updateFrameCount);
    connect(mSkipEmpty, &QCheckBox::toggled, this, &ExportAnimationDialog::updateFrameCount);
    stepChosen();
}

Format ExportAnimationDialog::format() const
{
    return Format(mFormat->currentData().toInt());
}

void ExportAnimationDialog::setFormat(Format format)
{
    if (!animation::FrameWriter::unavailableReason(format).isEmpty())
        format = Format::Gif;
    mFormat->setCurrentIndex(mFormat->findData(int(format)));
    formatChosen();
}

QString ExportAnimationDialog::outputPath() const
{
    return mFile->path();
}

void ExportAnimationDialog::setOutputPath(const QString &path)
{
    mFile->setPath(path);
    if (const auto f = animation::formatForPath(path); f && animation::FrameWriter::unavailableReason(*f).isEmpty())
        mFormat->setCurrentIndex(mFormat->findData(int(*f)));
}

animation::FramePlanOptions ExportAnimationDialog::planOptions() const
{
    animation::FramePlanOptions o;
    o.from = mFrom->date();
    o.to = mTo->date();
    const int step = mStep->currentData().toInt();
    o.step = step == kDaysStep ? animation::Step{StepUnit::Day, mStepDays->value()} : animation::Step{StepUnit(step), 1};
    o.mode = mCumulative->isChecked() ? TimeWindow::Mode::Cumulative : TimeWindow::Mode::Moving;
    o.windowDays = mWindowDays->value();
    o.skipEmpty = mSkipEmpty->isChecked();
    return o;
}

animation::AnimationJob ExportAnimationDialog::job() const
{
    animation::AnimationJob job;
    job.format = format();
    job.out = outputPath();
    job.fps = mFps->value();
    job.plan = planOptions(); // for the provenance; the worker plans the frames with the same
    job.database = mContext.databasePath;
    job.filters = SnapshotProvenance::describeFilters(mContext.filters);
    job.view = mContext.view; // the map as shown: extent, layers, index, filter mask, style
    job.view.setOutputSize(QSize(mWidth->value(), mHeight->value()));
    job.view.setGeoExtent(mContext.view.geoExtent()); // the same area at the new size
    job.view.setTitle(mTitle->text().trimmed());
    // The canvas's decorations, plus what a file needs: the legend, the attribution, the title,
    // and the caption that dates each frame.
    job.view.setDecorations(job.view.decorations() | MapSettings::Legend | MapSettings::Attribution |
                            MapSettings::Title | MapSettings::Caption);
    return job;
}

bool ExportAnimationDialog::isRunning() const
{
    return mFooter->isRunning();
}

QString ExportAnimationDialog::statusText() const
{
    return mFooter->statusText();
}

void ExportAnimationDialog::formatChosen()
{
    // The output follows the format: animation.gif -> animation.mp4 -> the folder "animation".
    const QString path = outputPath();
    if (path.isEmpty())
        return;
    const QFileInfo info(path);
    const auto current = animation::formatForPath(path);
    if (current == format())
        return;
    const QString base = current && *current != Format::PngFrames ? info.completeBaseName() : info.fileName();
    const QString suffix = format() == Format::Gif ? QStringLiteral(".gif") : format() == Format::Mp4 ? QStringLiteral(".mp4") : QString();
    mFile->setPath(QDir(info.path()).filePath(base + suffix));
}

void ExportAnimationDialog::stepChosen()
{
    mStepDays->setEnabled(mStep->currentData().toInt() == kDaysStep);
    updateFrameCount();
}

void ExportAnimationDialog::updateFrameCount()
{
    if (!mFrames || !mFrom || !mTo)
        return;
    if (!mFrom->date().isValid() || !mTo->date().isValid() || mFrom->date() > mTo->date()) {
        mFrames->setText(tr("Give the range's first and last day."));
        return;
    }
    // The same plan the export makes (a few thousand frames at most: quick on this thread).
    const auto frames = animation::FramePlan::build(planOptions(), mContext.view.events().get(),
                                                    mContext.view.eventMask().get());
    if (!frames)
        mFrames->setText(frames.error());
    else if (frames->isEmpty())
        mFrames->setText(tr("No frame: no period of the range has events."));
    else
        mFrames->setText(frames->size() == 1 ? tr("1 frame") : tr("%L1 frames").arg(frames->size()));
}

void ExportAnimationDialog::browse()
{
    QString chosen;
    if (format() == Format::PngFrames)
        chosen = QFileDialog::getExistingDirectory(this, tr("Folder for the PNG frames"), outputPath());
    else
        chosen = QFileDialog::getSaveFileName(this, tr("Export Animation"), outputPath(),
                                              format() == Format::Gif ? tr("GIF (*.gif)") : tr("MP4 video (*.mp4)"));
    if (!chosen.isEmpty())
        setOutputPath(chosen);
}

void ExportAnimationDialog::accept()
{
    if (isRunning())
        return;
    if (outputPath().isEmpty())
        return mFooter->showStatus(tr("Choose where to write the animation."), true);
    formatChosen();
    if (const QString reason = animation::FrameWriter::unavailableReason(format()); !reason.isEmpty())
        return mFooter->showStatus(reason, true);
    // A date still being typed counts as typed.
    for (DateField *field : {mFrom, mTo})
        if (field->lineEdit()->isModified())
            emit field->lineEdit()->returnPressed();
    if (!mFrom->date().isValid() || !mTo->date().isValid())
        return mFooter->showStatus(tr("Type the range's dates, e.g. 2001-11-05 or 2001."), true);
    if (mFrom->date() > mTo->date())
        return mFooter->showStatus(tr("The range ends before it starts."), true);
    if (!mContext.view.events())
        return mFooter->showStatus(tr("There are no events to animate."), true);
    const animation::AnimationJob job = this->job();
    const QFileInfo info(job.out);
    QSettings s;
    s.setValue(kGroup + QStringLiteral("folder"), info.absolutePath());
    s.setValue(kGroup + QStringLiteral("format"), int(job.format));
    s.setValue(kGroup + QStringLiteral("fps"), job.fps);
    s.setValue(QStringLiteral("export/title"), mTitle->text().trimmed());

    mRunningPath = job.out;
    mOutcome = {};
    mFooter->startRun(tr("Planning the frames…"), true);
    const auto cancel = mFooter->cancelFlag();
    const auto options = planOptions();
    const animation::AnimationExporter::Progress report = mFooter->reporter(tr("Frame %1 of %2…"));
    mWatcher.setFuture(QtConcurrent::run([job, options, cancel, report] { return runJob(job, options, cancel, report); }));
}

void ExportAnimationDialog::finish()
{
    mOutcome = mWatcher.result();
    const bool close = mFooter->endRun();
    if (mOutcome.kind == Outcome::Cancelled) {
        mFooter->showStatus(tr("Cancelled: %1 was not written.").arg(mRunningPath), false);
        if (close)
            QDialog::reject();
        return;
    }
    if (mOutcome.kind == Outcome::Failed) {
        mFooter->showStatus(mOutcome.error, true);
        return;
    }
    mFooter->showStatus(tr("Wrote %1 frames (%2×%3) to %4.")
                   .arg(mOutcome.frames)
                   .arg(mOutcome.size.width())
                   .arg(mOutcome.size.height())
                   .arg(mRunningPath),
               false);
    emit exported(mRunningPath, mOutcome.frames);
    QDialog::accept();
}

void ExportAnimationDialog::reject()
{
    if (mFooter->cancelRun())
        return; // closes once the worker has stopped
    QDialog::reject();
}

void showExportAnimationDialog(QWidget *parent, const ExportContext &context)
{
    ExportAnimationDialog dialog(context, parent);
    if (dialog.exec() == QDialog::Accepted)
        QMessageBox::information(parent, QObject::tr("Export Animation"), dialog.statusText());
}

} // namespace mapline
