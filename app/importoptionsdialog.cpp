#include "importoptionsdialog.h"

#include <QCalendarWidget>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>
#include <QWidgetAction>

namespace mapline {

ImportOptionsDialog::ImportOptionsDialog(const ImportProbe &probe, QWidget *parent)
    : QDialog(parent)
    , mDate(new QLineEdit(this))
    , mCalendar(new QCalendarWidget)
    , mDateHint(new QLabel(this))
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
                   "\"a day earlier\" stay unresolved unless you give the date they were published.</p>")
                    .arg(none);
        if (!probe.undatedExamples.isEmpty())
            text += QStringLiteral("<p style=\"color:#555\">%1</p>")
                        .arg(probe.undatedExamples.join(QStringLiteral(", ")).toHtmlEscaped());
    }
    if (probe.withoutSource > 0)
        text += (probe.files == 1            ? tr("<p>It names no source.</p>")
                 : probe.withoutSource == 1 ? tr("<p>1 file names no source.</p>")
                                            : tr("<p>%1 files name no source.</p>").arg(probe.withoutSource));
    auto *intro = new QLabel(text, this);
    intro->setWordWrap(true);

    // Empty means "from each article": a date edit cannot be empty, a line edit can.
    mDate->setObjectName(QStringLiteral("date"));
    mDate->setPlaceholderText(tr("From each article"));
    mDate->setToolTip(tr("Type a date as YYYY-MM-DD or pick one; leave empty to use each article's own date"));
    mDate->setClearButtonEnabled(true);
    mDate->setAccessibleName(tr("Publication date"));
    auto *pick = new QToolButton(this);
    pick->setObjectName(QStringLiteral("pickDate"));
    pick->setText(tr("Pick…"));
    pick->setToolTip(tr("Pick the publication date on a calendar"));
    pick->setPopupMode(QToolButton::InstantPopup);
    auto *menu = new QMenu(pick);
    auto *calendarAction = new QWidgetAction(menu);
    calendarAction->setDefaultWidget(mCalendar); // the action owns the calendar
    menu->addAction(calendarAction);
    pick->setMenu(menu);
    connect(menu, &QMenu::aboutToShow, this, [this] {
        if (date().isValid())
            mCalendar->setSelectedDate(date());
    });
    connect(mCalendar, &QCalendarWidget::clicked, this, [this, menu](QDate picked) {
        setDate(picked);
        menu->close();
    });
    connect(mDate, &QLineEdit::textChanged, this, &ImportOptionsDialog::dateEdited);
    auto *dateRow = new QHBoxLayout;
    dateRow->setContentsMargins(0, 0, 0, 0);
    dateRow->addWidget(mDate, 1);
    dateRow->addWidget(pick);
    mDateHint->setObjectName(QStringLiteral("dateHint"));
    mDateHint->setWordWrap(true);
    QPalette hintPalette = mDateHint->palette();
    hintPalette.setColor(QPalette::WindowText, hintPalette.color(QPalette::PlaceholderText));
    mDateHint->setPalette(hintPalette);

    mSource->setObjectName(QStringLiteral("source"));
    mSource->setPlaceholderText(tr("e.g. Reuters, CNN, BBC"));
    mSource->setToolTip(tr("Used for files that name no source"));
    mKeepOutside->setObjectName(QStringLiteral("keepOutside"));

    auto *form = new QFormLayout;
    form->addRow(tr("Publication date"), dateRow);
    form->addRow(QString(), mDateHint);
    form->addRow(tr("Source"), mSource);
    form->addRow(QString(), mKeepOutside);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    mImport = buttons->button(QDialogButtonBox::Ok);
    mImport->setText(tr("Import"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(buttons);
    dateEdited();
}

QDate ImportOptionsDialog::date() const
{
    return QDate::fromString(mDate->text().trimmed(), Qt::ISODate);
}

void ImportOptionsDialog::setDate(const QDate &date)
{
    mDate->setText(date.isValid() ? date.toString(Qt::ISODate) : QString());
}

void ImportOptionsDialog::setSource(const QString &source)
{
    mSource->setText(source);
}

void ImportOptionsDialog::dateEdited()
{
    const bool empty = mDate->text().trimmed().isEmpty();
    const QDate d = date();
    const bool bad = !empty && !d.isValid();
    mDate->setStyleSheet(bad ? QStringLiteral("QLineEdit { background: #fde2e1; }") : QString());
    mImport->setEnabled(!bad);
    if (empty)
        mDateHint->setText(tr("Empty: each article's own date is used (sidecar, page date, date in the address)."));
    else if (bad)
        mDateHint->setText(tr("Type a date as YYYY-MM-DD, e.g. 2001-11-22, or leave the field empty."));
    else
        mDateHint->setText(tr("Every file without a .meta sidecar date is taken as published on %1, even when "
                              "the page or its address carries another date.")
                               .arg(QLocale().toString(d, QLocale::LongFormat)));
}

ParseOptions ImportOptionsDialog::options() const
{
    ParseOptions o;
    o.published = date(); // invalid when empty: each article's own date
    o.source = mSource->text().trimmed();
    o.keepOutside = mKeepOutside->isChecked();
    return o;
}

} // namespace mapline
