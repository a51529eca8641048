#include "importoptionsdialog.h"

#include <QCheckBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace mapline {

ImportOptionsDialog::ImportOptionsDialog(const ImportProbe &probe, QWidget *parent)
    : QDialog(parent)
    , mUseDate(new QCheckBox(tr("Publication date"), this))
    , mDate(new QDateEdit(this))
    , mSource(new QLineEdit(this))
    , mKeepOutside(new QCheckBox(tr("Keep events placed outside the area of interest"), this))
{
    setWindowTitle(tr("Import Articles"));
    QString text = (probe.files == 1 ? tr("<p><b>1 file to import.</b></p>") : tr("<p><b>%1 files to import.</b></p>").arg(probe.files));
    if (probe.withoutDate > 0) {
        const QString none = probe.files == 1 ? tr("It carries no publication date")
                             : probe.withoutDate == 1 && !probe.sampled
                                 ? tr("1 of them carries no publication date")
                                 : tr("%1%2 of them carry no publication date")
                                       .arg(probe.sampled ? tr("About ") : QString())
                                       .arg(probe.withoutDate);
        text += tr("<p>%1 (no sidecar, page date or date in the address), so times such as \"Wednesday\" or "
                   "\"a day earlier\" cannot be resolved without one.</p>")
                    .arg(none);
        if (!probe.undatedExamples.isEmpty())
            text += QStringLiteral("<p style=\"color:#555\">%1</p>")
                        .arg(probe.undatedExamples.join(QStringLiteral(", ")).toHtmlEscaped());
    }
    if (probe.withoutSource > 0)
        text += (probe.files == 1            ? tr("<p>It names no source.</p>")
                 : probe.withoutSource == 1 ? tr("<p>1 file names no source.</p>")
                                            : tr("<p>%1 files name no source.</p>").arg(probe.withoutSource));
    text += tr("<p>What you give here only fills in for files that lack it.</p>");
    auto *intro = new QLabel(text, this);
    intro->setWordWrap(true);

    mUseDate->setObjectName(QStringLiteral("useDate"));
    mUseDate->setChecked(probe.withoutDate > 0);
    mDate->setObjectName(QStringLiteral("date"));
    mDate->setCalendarPopup(true);
    mDate->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    mDate->setDate(QDate::currentDate());
    mDate->setEnabled(mUseDate->isChecked());
    connect(mUseDate, &QCheckBox::toggled, mDate, &QWidget::setEnabled);
    mSource->setObjectName(QStringLiteral("source"));
    mSource->setPlaceholderText(tr("e.g. Reuters, CNN, BBC"));

    auto *form = new QFormLayout;
    form->addRow(mUseDate, mDate);
    form->addRow(tr("Source"), mSource);
    form->addRow(QString(), mKeepOutside);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Import"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(buttons);
}

void ImportOptionsDialog::setDate(const QDate &date)
{
    mUseDate->setChecked(date.isValid());
    if (date.isValid())
        mDate->setDate(date);
}

void ImportOptionsDialog::setSource(const QString &source)
{
    mSource->setText(source);
}

ParseOptions ImportOptionsDialog::options() const
{
    ParseOptions o;
    if (mUseDate->isChecked())
        o.published = mDate->date();
    o.source = mSource->text().trimmed();
    o.keepOutside = mKeepOutside->isChecked();
    return o;
}

} // namespace mapline
