#pragma once

#include "animation/animationexporter.h"
#include "exportcontext.h"

#include <QDialog>
#include <QFutureWatcher>

class QCheckBox;
class QComboBox;
class QDateEdit;
class QLineEdit;
class QRadioButton;
class QSpinBox;

namespace mapline {

class ExportFooter;
class FileRow;

// File > Export animation: the timeline's playback as numbered PNG frames, a GIF or an MP4
// (AnimationExporter), over a range (default: the data's), with a step, a moving or cumulative
// window, step and "skip empty periods" (default: the timeline's playback), a frame rate and
// size (default: the view's). Every frame is the map as the analyst sees it: view, layers,
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
    void finish();

    ExportContext mContext;
    QComboBox *mFormat = nullptr;
    FileRow *mFile = nullptr;
    QDateEdit *mFrom = nullptr;
    QDateEdit *mTo = nullptr;
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
    ExportFooter *mFooter = nullptr;
    QFutureWatcher<Outcome> mWatcher;
    Outcome mOutcome;
    QString mRunningPath;
};

} // namespace mapline
