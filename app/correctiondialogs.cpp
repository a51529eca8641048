#include "correctiondialogs.h"

#include "datefield.h"
#include "eventtablemodel.h"
#include "qt/placecompletionmodel.h"
#include "render/eventstyle.h"

#include <QComboBox>
#include <QCompleter>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace mapline::correctiondialogs {
namespace {
QDialogButtonBox *buttons(QDialog &dialog)
{
    auto *box = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    QObject::connect(box, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    QObject::connect(box, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    return box;
}

DateField *dateField(QWidget *parent, const QDate &date, DateField::Role role, const QString &name)
{
    auto *field = new DateField(parent);
    field->setObjectName(name);
    field->setRole(role);
    field->setDate(date.isValid() ? date : QDate::currentDate());
    return field;
}

// OK checks the typed dates first (a field left half-typed is read now); a bad one keeps the
// dialog open with the reason in red.
void acceptWhenValid(QDialog &dialog, QDialogButtonBox *box, QLabel *error, const QList<DateField *> &fields)
{
    QObject::disconnect(box, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    QObject::connect(box, &QDialogButtonBox::accepted, &dialog, [&dialog, error, fields] {
        for (DateField *f : fields) {
            if (!f->isEnabled())
                continue;
            if (f->lineEdit()->isModified())
                emit f->lineEdit()->returnPressed();
            if (!f->date().isValid()) {
                error->setText(QObject::tr("Type a date such as 2001-11-05, 5 Nov 2001, 2001-11 or 2001."));
                f->setFocus();
                return;
            }
        }
        dialog.accept();
    });
}

QLabel *errorLabel(QWidget *parent)
{
    auto *error = new QLabel(parent);
    error->setObjectName(QStringLiteral("dialogError"));
    error->setStyleSheet(QStringLiteral("color: #c92a2a;"));
    error->setWordWrap(true);
    return error;
}
} // namespace

std::optional<TimeRange> askTime(QWidget *parent, const TimeRange &current)
{
    QDialog dialog(parent);
    dialog.setWindowTitle(QObject::tr("Correct Date"));
    auto *precision = new QComboBox(&dialog);
    const DatePrecision kinds[] = {DatePrecision::Day, DatePrecision::Range, DatePrecision::Week, DatePrecision::Month,
                                   DatePrecision::Year};
    for (DatePrecision p : kinds)
        precision->addItem(toString(p), int(p));
    precision->setCurrentIndex(std::max(0, precision->findData(int(current.precision))));
    auto *from = dateField(&dialog, current.start, DateField::Role::Start, QStringLiteral("correctFrom"));
    auto *to = dateField(&dialog, current.end, DateField::Role::End, QStringLiteral("correctUntil"));
    auto *note = new QLabel(&dialog);
    note->setWordWrap(true);
    const auto update = [&] {
        const auto p = DatePrecision(precision->currentData().toInt());
        to->setEnabled(p == DatePrecision::Range);
        note->setText(p == DatePrecision::Week    ? QObject::tr("The ISO week (Monday to Sunday) of the date.")
                      : p == DatePrecision::Month ? QObject::tr("The calendar month of the date.")
                      : p == DatePrecision::Year  ? QObject::tr("The calendar year of the date.")
                                                  : QString());
    };
    QObject::connect(precision, &QComboBox::currentIndexChanged, &dialog, update);
    update();
    auto *form = new QFormLayout;
    form->addRow(QObject::tr("Precision"), precision);
    form->addRow(QObject::tr("Date"), from);
    form->addRow(QObject::tr("Until"), to);
    auto *error = errorLabel(&dialog);
    auto *box = buttons(dialog);
    acceptWhenValid(dialog, box, error, {from, to});
    auto *layout = new QVBoxLayout(&dialog);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(error);
    layout->addWidget(box);
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    const QDate d = from->date();
    switch (DatePrecision(precision->currentData().toInt())) {
    case DatePrecision::Range: return TimeRange::range(std::min(d, to->date()), std::max(d, to->date()));
    case DatePrecision::Week: return TimeRange::isoWeek(d);
    case DatePrecision::Month: return TimeRange::month(d.year(), d.month());
    case DatePrecision::Year: return TimeRange::year(d.year());
    default: return TimeRange::day(d);
    }
}

PlaceAnswer askPlace(QWidget *parent, PlaceCompletionModel &places, const Place &current)
{
    QDialog dialog(parent);
    dialog.setWindowTitle(QObject::tr("Correct Place"));
    auto *edit = new QLineEdit(&dialog);
    edit->setPlaceholderText(QObject::tr("Type a place name, e.g. Kunduz"));
    auto *completer = new QCompleter(&places, edit);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setCompletionRole(Qt::DisplayRole);
    completer->setFilterMode(Qt::MatchStartsWith);
    edit->setCompleter(completer);
    if (current.isValid())
        edit->setText(PlaceCompletionModel::describe(current));
    auto *error = new QLabel(&dialog);
    error->setStyleSheet(QStringLiteral("color: #c92a2a;"));
    auto *box = buttons(dialog);
    PlaceAnswer answer;
    QPushButton *pick = box->addButton(QObject::tr("Pick on &Map"), QDialogButtonBox::ActionRole);
    pick->setToolTip(QObject::tr("Close this and click the place on the map (Esc cancels)"));
    QObject::connect(pick, &QPushButton::clicked, &dialog, [&] {
        answer.pickOnMap = true;
        dialog.accept();
    });
    QObject::disconnect(box, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    QObject::connect(box, &QDialogButtonBox::accepted, &dialog, [&] {
        answer.place = places.findDisplayed(edit->text().trimmed());
        if (!answer.place) {
            error->setText(QObject::tr("No such place in the gazetteer; pick one from the list, or on the map."));
            return;
        }
        dialog.accept();
    });
    auto *layout = new QVBoxLayout(&dialog);
    layout->addWidget(new QLabel(QObject::tr("Place from the gazetteer:"), &dialog));
    layout->addWidget(edit);
    layout->addWidget(error);
    layout->addWidget(box);
    dialog.resize(420, dialog.sizeHint().height());
    if (dialog.exec() != QDialog::Accepted)
        return {};
    return answer;
}

std::optional<EventTypeCodes> askType(QWidget *parent, const QList<EventTypeCodes> &types, const QString &current)
{
    QDialog dialog(parent);
    dialog.setWindowTitle(QObject::tr("Correct Type"));
    auto *combo = new QComboBox(&dialog);
    for (const EventTypeCodes &t : types) {
        const EventStyle style = EventStyle::forType(t.type);
        QPixmap swatch(12, 12);
        swatch.fill(style.colour);
        combo->addItem(QIcon(swatch), style.label, t.type);
    }
    combo->setCurrentIndex(std::max(0, combo->findData(current)));
    auto *codes = new QLabel(&dialog);
    const auto update = [&] {
        const EventTypeCodes &t = types.value(combo->currentIndex());
        codes->setText(QObject::tr("ACLED: %1 / %2 · CAMEO %3")
                           .arg(t.acledEventType.isEmpty() ? QObject::tr("none") : t.acledEventType,
                                t.acledSubEventType.isEmpty() ? QObject::tr("none") : t.acledSubEventType,
                                t.cameoRoot.isEmpty() ? QObject::tr("none") : t.cameoRoot));
    };
    QObject::connect(combo, &QComboBox::currentIndexChanged, &dialog, update);
    update();
    auto *layout = new QVBoxLayout(&dialog);
    layout->addWidget(combo);
    layout->addWidget(codes);
    layout->addWidget(buttons(dialog));
    if (dialog.exec() != QDialog::Accepted || types.isEmpty())
        return std::nullopt;
    return types.value(combo->currentIndex());
}

std::optional<QList<Actor>> askActors(QWidget *parent, const QList<Actor> &current, const QStringList &known)
{
    QDialog dialog(parent);
    dialog.setWindowTitle(QObject::tr("Correct Actors"));
    auto *edit = new QPlainTextEdit(&dialog);
    QStringList lines;
    for (const Actor &a : current)
        lines << a.name;
    edit->setPlainText(lines.join(QLatin1Char('\n')));
    auto *hint = new QLabel(QObject::tr("One actor per line. Known actors: %1")
                                .arg(known.mid(0, 12).join(QStringLiteral(", ")) +
                                     (known.size() > 12 ? QStringLiteral(", …") : QString())),
                            &dialog);
    hint->setWordWrap(true);
    auto *layout = new QVBoxLayout(&dialog);
    layout->addWidget(edit);
    layout->addWidget(hint);
    layout->addWidget(buttons(dialog));
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    QList<Actor> actors;
    for (const QString &line : edit->toPlainText().split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        const QString name = line.trimmed();
        if (name.isEmpty())
            continue;
        Actor a{name, {}, {}};
        for (const Actor &c : current)
            if (c.name == name)
                a = c; // keep what was known about it
        actors.append(a);
    }
    return actors;
}

std::optional<GoTo> askGoTo(QWidget *parent, const QDate &current, const timeline::WindowLength &length,
                            const QDate &min, const QDate &max)
{
    QDialog dialog(parent);
    dialog.setWindowTitle(QObject::tr("Go to Date"));
    auto *date = dateField(&dialog, current, DateField::Role::Start, QStringLiteral("goToDate"));
    date->setDateRange(min, max);
    auto *lengthBox = new QComboBox(&dialog);
    lengthBox->setObjectName(QStringLiteral("goToLength"));
    lengthBox->setEditable(true);
    lengthBox->setInsertPolicy(QComboBox::NoInsert);
    for (const char *preset : {"1 day", "1 week", "2 weeks", "1 month", "3 months", "1 year"})
        lengthBox->addItem(QObject::tr(preset));
    lengthBox->setEditText(length.toString());
    lengthBox->setToolTip(QObject::tr("How long the window is from that date: pick one or type it (10 days, 3 weeks)"));
    auto *form = new QFormLayout;
    form->addRow(QObject::tr("&Date:"), date);
    form->addRow(QObject::tr("&Length:"), lengthBox);
    auto *error = errorLabel(&dialog);
    auto *box = buttons(dialog);
    acceptWhenValid(dialog, box, error, {date});
    auto *layout = new QVBoxLayout(&dialog);
    auto *intro = new QLabel(QObject::tr("Move the time window to start on a date. A year (2001) or a month "
                                         "(2001-11) means its first day."),
                             &dialog);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(error);
    layout->addWidget(box);
    date->setFocus();
    date->lineEdit()->selectAll();
    while (dialog.exec() == QDialog::Accepted) {
        if (const auto chosen = timeline::WindowLength::parse(lengthBox->currentText()))
            return GoTo{date->date(), *chosen};
        error->setText(QObject::tr("\"%1\" is not a length: type e.g. 10 days, 3 weeks, 2 months or 1 year.")
                           .arg(lengthBox->currentText().trimmed()));
    }
    return std::nullopt;
}

} // namespace mapline::correctiondialogs
