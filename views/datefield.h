#pragma once

#include <QDate>
#include <QWidget>

#include <optional>
#include <utility>

class QCalendarWidget;
class QLineEdit;
class QToolButton;

namespace mapline {

// A date typed as text, or picked from a calendar: what QDateEdit is not, since its sections
// swallow a typed year ("2001" typed over "1994" left 1994). Takes a whole date (2001-11-05,
// 2001/11/05, 20011105, 5 Nov 2001, Nov 5 2001) or a part of one: a year ("2001") or a month
// ("2001-11", "Nov 2001"), read as its first day or, for a field that ends a range
// (Role::End), its last. The text is checked when Enter is pressed or the focus leaves: a good
// one is rewritten as YYYY-MM-DD and dateEdited() is emitted; a bad one turns the field red,
// says why in its tooltip, and date() is invalid until it is fixed. Up and Down move the date
// by a day, Page Up and Page Down by a month (and emit dateEdited()).
class DateField : public QWidget {
    Q_OBJECT
public:
    enum class Role { Start, End };

    explicit DateField(QWidget *parent = nullptr);
    ~DateField() override;

    QDate date() const { return mDate; } // invalid while the text is not a date
    void setDate(const QDate &date);     // shows it; does not emit dateEdited()
    void setRole(Role role) { mRole = role; }
    // The calendar's range and the tooltip's hint; dates outside it can still be typed.
    void setDateRange(const QDate &min, const QDate &max);
    void setPlaceholderText(const QString &text);
    QLineEdit *lineEdit() const { return mEdit; }
    bool hasAcceptableInput() const { return mDate.isValid(); }

    // The first and last day `text` names (a day: the same twice); nullopt when it names none.
    static std::optional<std::pair<QDate, QDate>> parse(const QString &text);

signals:
    void dateEdited(const QDate &date);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void commit();
    void showError(const QString &text);
    void step(int days, int months);

    QLineEdit *mEdit;
    QToolButton *mPick;
    QCalendarWidget *mCalendar;
    QDate mDate;
    QDate mMin;
    QDate mMax;
    Role mRole = Role::Start;
    QString mHint;
};

} // namespace mapline
