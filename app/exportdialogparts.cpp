// The file row and the footer (status, progress, Export / Cancel) of the export dialogs.
#include "exportdialogparts.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace mapline {

FileRow::FileRow(QWidget *parent)
    : QWidget(parent)
    , mEdit(new QLineEdit)
{
    mEdit->setObjectName(QStringLiteral("path"));
    mEdit->setMinimumWidth(380);
    auto *browse = new QPushButton(tr("Choose…"));
    browse->setObjectName(QStringLiteral("choose"));
    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(mEdit, 1);
    row->addWidget(browse);
    setFocusProxy(mEdit);
    connect(browse, &QPushButton::clicked, this, &FileRow::browseClicked);
    connect(mEdit, &QLineEdit::textChanged, this, &FileRow::pathChanged);
}

void FileRow::addTo(QFormLayout *form, const QString &label)
{
    auto *text = new QLabel(label);
    text->setBuddy(mEdit);
    form->addRow(text, this);
}

QString FileRow::path() const
{
    return mEdit->text().trimmed();
}

void FileRow::setPath(const QString &path)
{
    mEdit->setText(path);
}

ExportFooter::ExportFooter(QWidget *parent)
    : QWidget(parent)
    , mStatus(new QLabel)
    , mProgress(new QProgressBar)
    , mButtons(new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel))
{
    mStatus->setObjectName(QStringLiteral("status"));
    mStatus->setWordWrap(true);
    mStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    mStatus->hide();
    mProgress->setObjectName(QStringLiteral("progress"));
    mProgress->setTextVisible(false);
    mProgress->hide();
    // "Export" says what happens; the Save role keeps Enter and the platform's button order.
    exportButton()->setText(tr("Export"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(mProgress);
    layout->addWidget(mStatus);
    layout->addWidget(mButtons);
    connect(mButtons, &QDialogButtonBox::accepted, this, &ExportFooter::accepted);
    connect(mButtons, &QDialogButtonBox::rejected, this, &ExportFooter::rejected);
}

ExportFooter *ExportFooter::addTo(QDialog *dialog, QFormLayout *form)
{
    auto *footer = new ExportFooter;
    auto *layout = new QVBoxLayout(dialog);
    layout->addLayout(form);
    layout->addWidget(footer);
    connect(footer, &ExportFooter::accepted, dialog, &QDialog::accept);
    connect(footer, &ExportFooter::rejected, dialog, &QDialog::reject);
    return footer;
}

QPushButton *ExportFooter::exportButton() const
{
    return mButtons->button(QDialogButtonBox::Save);
}

void ExportFooter::showStatus(const QString &text, bool error)
{
    mError = error && !text.isEmpty();
    mStatus->setText(text);
    mStatus->setStyleSheet(mError ? QStringLiteral("color: #b00020;") : QString());
    mStatus->setVisible(!text.isEmpty());
    if (mError)
        emit failed(text);
}

QString ExportFooter::statusText() const
{
    return mStatus->text();
}

QString ExportFooter::errorText() const
{
    return mError ? mStatus->text() : QString();
}

void ExportFooter::setExportAllowed(bool allowed)
{
    mAllowed = allowed;
    updateButtons();
}

void ExportFooter::updateButtons()
{
    exportButton()->setEnabled(mAllowed && !mRunning);
    mButtons->button(QDialogButtonBox::Cancel)->setEnabled(!mRunning || mCancellable);
}

void ExportFooter::startRun(const QString &status, bool cancellable)
{
    mCancel->store(false);
    mRunning = true;
    mCancellable = cancellable;
    mCloseWhenDone = false;
    mProgress->setRange(0, 0); // busy until the worker reports a count
    mProgress->show();
    showStatus(status, false);
    updateButtons();
}

void ExportFooter::setProgress(qint64 done, qint64 total, const QString &format)
{
    if (!mRunning)
        return;
    // In thousandths, so counts past INT_MAX stay in range.
    mProgress->setRange(0, 1000);
    mProgress->setValue(total > 0 ? int(std::min(done, total) * 1000 / total) : 1000);
    showStatus(format.arg(done).arg(total), false);
}

std::function<bool(qint64, qint64)> ExportFooter::reporter(const QString &format)
{
    // The dialog's destructor waits for its worker before the footer goes, and queued calls to
    // a deleted object are dropped, so the worker may post here.
    return [this, format](qint64 done, qint64 total) {
        QMetaObject::invokeMethod(this, [this, done, total, format] { setProgress(done, total, format); },
                                  Qt::QueuedConnection);
        return true;
    };
}

bool ExportFooter::cancelRun()
{
    if (!mRunning)
        return false;
    if (mCancellable) {
        mCancel->store(true);
        mCloseWhenDone = true;
        showStatus(tr("Cancelling…"), false);
    }
    return true;
}

bool ExportFooter::endRun()
{
    mRunning = false;
    mProgress->hide();
    updateButtons();
    const bool close = mCloseWhenDone;
    mCloseWhenDone = false;
    return close;
}

} // namespace mapline
