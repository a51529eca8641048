#include "datefield.h"

#include <QCalendarWidget>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QRegularExpression>
#include <QStyle>
#include <QToolButton>
#include <QWidgetAction>

namespace mapline {
namespace {
const QString kIso = QStringLiteral("yyyy-MM-dd");

std::optional<int> monthNamed(const QString &word)
{
    const QLocale english(QLocale::English);
    for (int m = 1; m <= 12; ++m)
        if (word.compare(english.monthName(m, QLocale::ShortFormat), Qt::CaseInsensitive) == 0 ||
            word.compare(english.monthName(m, QLocale::LongFormat), Qt::CaseInsensitive) == 0)
            return m;
    if (word.compare(QLatin1String("sept"), Qt::CaseInsensitive) == 0)
        return 9;
    return std::nullopt;
}

std::optional<std::pair<QDate, QDate>> monthSpan(int year, int month)
{
    const QDate first(year, month, 1);
    if (!first.isValid())
        return std::nullopt;
    return std::pair{first, QDate(year, month, first.daysInMonth())};
}

std::optional<std::pair<QDate, QDate>> daySpan(int year, int month, int day)
{
    const QDate d(year, month, day);
    if (!d.isValid())
        return std::nullopt;
    return std::pair{d, d};
}
} // namespace

std::optional<std::pair<QDate, QDate>> DateField::parse(const QString &input)
{
    const QString text = input.trimmed();
    static const QRegularExpression year(QStringLiteral("^(\\d{4})$"));
    static const QRegularExpression month(QStringLiteral("^(\\d{4})[-/.](\\d{1,2})$"));
    static const QRegularExpression day(QStringLiteral("^(\\d{4})[-/.](\\d{1,2})[-/.](\\d{1,2})$"));
    static const QRegularExpression compact(QStringLiteral("^(\\d{4})(\\d{2})(\\d{2})$"));
    static const QRegularExpression dayMonthYear(QStringLiteral("^(\\d{1,2})\\.?\\s+([A-Za-z]+)\\.?,?\\s+(\\d{4})$"));
    static const QRegularExpression monthDayYear(QStringLiteral("^([A-Za-z]+)\\.?\\s+(\\d{1,2}),?\\s+(\\d{4})$"));
    static const QRegularExpression monthYear(QStringLiteral("^([A-Za-z]+)\\.?,?\\s+(\\d{4})$"));
    if (auto m = year.match(text); m.hasMatch()) {
        const int y = m.captured(1).toInt();
        return std::pair{QDate(y, 1, 1), QDate(y, 12, 31)};
    }
    if (auto m = month.match(text); m.hasMatch())
        return monthSpan(m.captured(1).toInt(), m.captured(2).toInt());
    if (auto m = day.match(text); m.hasMatch())
        return daySpan(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt());
    if (auto m = compact.match(text); m.hasMatch())
        return daySpan(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt());
    if (auto m = dayMonthYear.match(text); m.hasMatch())
        if (const auto mo = monthNamed(m.captured(2)))
            return daySpan(m.captured(3).toInt(), *mo, m.captured(1).toInt());
    if (auto m = monthDayYear.match(text); m.hasMatch())
        if (const auto mo = monthNamed(m.captured(1)))
            return daySpan(m.captured(3).toInt(), *mo, m.captured(2).toInt());
    if (auto m = monthYear.match(text); m.hasMatch())
        if (const auto mo = monthNamed(m.captured(1)))
            return monthSpan(m.captured(2).toInt(), *mo);
    return std::nullopt;
}

DateField::DateField(QWidget *parent)
    : QWidget(parent)
    , mEdit(new QLineEdit(this))
    , mPick(new QToolButton(this))
    , mCalendar(new QCalendarWidget(this))
{
    mEdit->setObjectName(QStringLiteral("dateText"));
    mEdit->installEventFilter(this);
    // Room for a whole date and a little more; the field never needs to be wider.
    mEdit->setMinimumWidth(mEdit->fontMetrics().horizontalAdvance(QStringLiteral("0000-00-00")) + 14);
    mEdit->setMaximumWidth(mEdit->minimumWidth() + 16);
    mHint = tr("A date (2001-11-05, 5 Nov 2001), a month (2001-11) or a year (2001); Up and Down move it by a "
               "day, Page Up and Page Down by a month");
    mEdit->setToolTip(mHint);
    connect(mEdit, &QLineEdit::returnPressed, this, &DateField::commit);
    connect(mEdit, &QLineEdit::editingFinished, this, [this] {
        if (mEdit->isModified())
            commit();
    });

    mCalendar->setGridVisible(false);
    mCalendar->setVerticalHeaderFormat(QCalendarWidget::NoVerticalHeader);
    mPick->setObjectName(QStringLiteral("datePick"));
    mPick->setText(QStringLiteral("▾"));
    mPick->setToolTip(tr("Pick the date on a calendar"));
    mPick->setAutoRaise(true);
    mPick->setFocusPolicy(Qt::NoFocus); // Tab goes from field to field; the calendar is a mouse thing
    mPick->setPopupMode(QToolButton::InstantPopup);
    auto *menu = new QMenu(mPick);
    auto *holder = new QWidgetAction(menu);
    holder->setDefaultWidget(mCalendar);
    menu->addAction(holder);
    mPick->setMenu(menu);
    connect(menu, &QMenu::aboutToShow, this, [this] {
        if (mDate.isValid())
            mCalendar->setSelectedDate(mDate);
    });
    connect(mCalendar, &QCalendarWidget::clicked, this, [this, menu](const QDate &date) {
        menu->close();
        setDate(date);
        emit dateEdited(mDate);
    });

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(mEdit);
    layout->addWidget(mPick);
    setFocusProxy(mEdit);
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
}

// The line edit outlives this object's own members: QWidget's destructor takes the focus from it and
// deletes it only after ~DateField has destroyed mHint, and the focus-out would reach commit() and
// showError() through editingFinished and the event filter. Cut both first.
DateField::~DateField()
{
    mEdit->removeEventFilter(this);
    disconnect(mEdit, nullptr, this, nullptr);
}

void DateField::setDate(const QDate &date)
{
    mDate = date;
    mEdit->setText(date.isValid() ? date.toString(kIso) : QString());
    mEdit->setModified(false);
    showError({});
}

void DateField::setDateRange(const QDate &min, const QDate &max)
{
    mMin = min;
    mMax = max;
    if (min.isValid() && max.isValid() && min <= max) {
        mCalendar->setDateRange(min.addYears(-1), max.addYears(1));
        mHint = tr("The data runs from %1 to %2. Type a date (2001-11-05, 5 Nov 2001), a month (2001-11) or a year "
                   "(2001); Up and Down move it by a day, Page Up and Page Down by a month")
                    .arg(min.toString(kIso), max.toString(kIso));
        if (mEdit->styleSheet().isEmpty())
            mEdit->setToolTip(mHint);
    }
}

void DateField::setPlaceholderText(const QString &text)
{
    mEdit->setPlaceholderText(text);
}

void DateField::commit()
{
    const auto span = parse(mEdit->text());
    if (!span) {
        mDate = QDate();
        showError(mEdit->text().trimmed().isEmpty()
                      ? tr("Type a date, e.g. 2001-11-05, or a year, e.g. 2001")
                      : tr("\"%1\" is not a date: type e.g. 2001-11-05, 5 Nov 2001, 2001-11 or 2001")
                            .arg(mEdit->text().trimmed()));
        return;
    }
    setDate(mRole == Role::Start ? span->first : span->second);
    emit dateEdited(mDate);
}

void DateField::showError(const QString &text)
{
    mEdit->setStyleSheet(text.isEmpty() ? QString() : QStringLiteral("QLineEdit { background: #fde2e1; }"));
    mEdit->setToolTip(text.isEmpty() ? mHint : text);
}

void DateField::step(int days, int months)
{
    // A half-typed text is read first: "2001" then Down is 2001-01-02.
    if (mEdit->isModified() || !mDate.isValid()) {
        const auto span = parse(mEdit->text());
        if (!span)
            return commit();
        mDate = mRole == Role::Start ? span->first : span->second;
    }
    setDate(mDate.addMonths(months).addDays(days));
    emit dateEdited(mDate);
}

bool DateField::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == mEdit && event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        switch (key->key()) {
        case Qt::Key_Up: step(1, 0); return true;
        case Qt::Key_Down: step(-1, 0); return true;
        case Qt::Key_PageUp: step(0, 1); return true;
        case Qt::Key_PageDown: step(0, -1); return true;
        default: break;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace mapline
