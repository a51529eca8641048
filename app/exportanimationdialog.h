#pragma once

#include "animation/animationexporter.h"
#include "exportcontext.h"

#include <QDialog>
#include <QFutureWatcher>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QRadioButton;
class QSpinBox;

namespace mapline {

class DateField;
class ExportFooter;
class FileRow;

// File > Export animation: the timeline's playback as numbered PNG frames, a GIF or an MP4
// (AnimationExporter), over a range (default: the timeline's window, so what the analyst looks
// at is what plays; dates typed as text or picked), with a step (default: the playback's, or a
// finer one when the range holds only a few of them) and "skip empty periods" (default: the
// playback's), a moving window one step long or a cumulative one (as the timeline's), a frame
// rate and a size (default: the view's). Every frame is the map as the analyst sees it: view, layers,
// filters. Runs on a worker thread with a progress bar and Cancel; a cancelled or failed export
// writes nothing. MP4 is offered only where ffmpeg is installed.
class ExportAnimationDialog : public QDialog {
    Q_OBJECT
public:
    using Outcome = animation::AnimationExporter::Outcome;

    explicit ExportAnimationDialog(const ExportContext &context, QWidget *parent = nullptr);
    ~ExportAnimationDialog() override;

    animation::Format format() const;
    void setFormat(animation::Format format); // also changes the output name's suffix
    QString outputPath() const;
    void setOutputPath(const QString &path);
    // The choices as frame-plan options and a job without frames (the worker plans them).
    animation::FramePlanOptions planOptions() const;
    animation::AnimationJob job() const;
    bool isRunning() const;
    QString statusText() const;
    const Outcome &lastOutcome() const { return mOutcome; }

public slots:
    // Checks the choices and starts the export; the dialog closes when the animation is written.
    void accept() override;
    // While an export runs: cancels it (nothing is written), then closes.
    void reject() override;

signals:
    void exported(const QString &path, int frames);
    void failed(const QString &message);

private:
    void buildForm(const ExportContext &context);
    void browse();
    void formatChosen();
    void stepChosen();
    void updateFrameCount(); // the frames the choices give, beside the range
    void finish();

    ExportContext mContext;
    QComboBox *mFormat = nullptr;
    FileRow *mFile = nullptr;
    DateField *mFrom = nullptr;
    DateField *mTo = nullptr;
    QComboBox *mStep = nullptr;
    QSpinBox *mStepDays = nullptr;
    QRadioButton *mMoving = nullptr;
    QSpinBox *mWindowDays = nullptr;
    QRadioButton *mCumulative = nullptr;
    QSpinBox *mFps = nullptr;
    QSpinBox *mWidth = nullptr;
    QSpinBox *mHeight = nullptr;
    QLineEdit *mTitle = nullptr;
    QCheckBox *mSkipEmpty = nullptr;
    QLabel *mFrames = nullptr;
    ExportFooter *mFooter = nullptr;
    QFutureWatcher<Outcome> mWatcher;
    Outcome mOutcome;
    QString mRunningPath;
};

} // namespace mapline
