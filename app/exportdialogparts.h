#pragma once

#include <QString>
#include <QWidget>

#include <atomic>
#include <functional>
#include <memory>

class QDialog;
class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace mapline {

// The parts the three export dialogs share, so they look and behave alike.

// "File: [path........] [Choose…]": the line edit and its button. The dialog decides what
// Choose… opens (a file or a folder, which filter).
class FileRow : public QWidget {
    Q_OBJECT
public:
    explicit FileRow(QWidget *parent = nullptr);

    // Adds the row to `form` under `label`, whose shortcut focuses the line edit.
    void addTo(QFormLayout *form, const QString &label);
    QString path() const; // trimmed
    void setPath(const QString &path);
    QLineEdit *edit() const { return mEdit; }

signals:
    void browseClicked();
    void pathChanged(const QString &text);

private:
    QLineEdit *mEdit;
};

// The bottom of an export dialog: a status line (red for problems), a progress bar while a
// worker runs, and Export / Cancel. It keeps the run's state and its cancel flag: Cancel while
// a cancellable run goes on sets the flag and closes the dialog once the worker has stopped.
class ExportFooter : public QWidget {
    Q_OBJECT
public:
    explicit ExportFooter(QWidget *parent = nullptr);
    // Lays `dialog` out as the form above a new footer, whose Export and Cancel call the
    // dialog's accept() and reject().
    static ExportFooter *addTo(QDialog *dialog, QFormLayout *form);

    // Shows `text` (hidden when empty); an error is red and emits failed().
    void showStatus(const QString &text, bool error);
    QString statusText() const;
    QString errorText() const; // the status when it is a problem, else empty
    // Whether Export may be pressed when no run is going on (e.g. the file name has a known format).
    void setExportAllowed(bool allowed);
    QPushButton *exportButton() const;

    // A worker starts: a busy bar, `status`, Export off (and Cancel too unless `cancellable`).
    void startRun(const QString &status, bool cancellable);
    bool isRunning() const { return mRunning; }
    // Progress from the worker (ignored when no run is going on); `format` has %1 done, %2 total.
    void setProgress(qint64 done, qint64 total, const QString &format);
    // A progress callback a worker thread may call: it posts to this footer's thread.
    std::function<bool(qint64, qint64)> reporter(const QString &format);
    const std::shared_ptr<std::atomic_bool> &cancelFlag() const { return mCancel; }
    // Cancel pressed: true when it was taken as "stop the run" (the dialog must not close yet).
    bool cancelRun();
    // The worker is done: the bar hides, the buttons come back. True when Cancel asked to close.
    bool endRun();

signals:
    void accepted();
    void rejected();
    void failed(const QString &message);

private:
    void updateButtons();

    QLabel *mStatus;
    QProgressBar *mProgress;
    QDialogButtonBox *mButtons;
    std::shared_ptr<std::atomic_bool> mCancel = std::make_shared<std::atomic_bool>(false);
    bool mError = false;
    bool mAllowed = true;
    bool mRunning = false;
    bool mCancellable = false;
    bool mCloseWhenDone = false;
};

} // namespace mapline
