#pragma once

#include "extract/articleparser.h"
#include "importprobe.h"

#include <QDialog>

class QCalendarWidget;
class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace mapline {

// Asked before an import when some files carry no publication date or source of their own.
// The publication date starts empty: each article's own date is used (sidecar, page date, date
// in the address), as `mapline import` does without --date. A date the analyst types or picks
// anchors relative times ("Wednesday", "a day earlier") for every file without a sidecar date;
// an empty field never becomes today's date, and nothing is remembered between imports.
// The source fills in for files that name none.
class ImportOptionsDialog : public QDialog {
    Q_OBJECT
public:
    ImportOptionsDialog(const ImportProbe &probe, QWidget *parent = nullptr);

    // options().published is invalid unless a date was set (typed, picked or setDate()).
    ParseOptions options() const;
    QDate date() const; // invalid: empty, or not a date (then Import is disabled)
    void setDate(const QDate &date); // an invalid date empties the field
    void setSource(const QString &source);

private:
    void dateEdited();

    QLineEdit *mDate;
    QCalendarWidget *mCalendar;
    QLabel *mDateHint;
    QLineEdit *mSource;
    QCheckBox *mKeepOutside;
    QPushButton *mImport = nullptr;
};

} // namespace mapline
