#pragma once

#include "extract/articleparser.h"
#include "importprobe.h"

#include <QDialog>

class QCheckBox;
class QDateEdit;
class QLineEdit;

namespace mapline {

// Asked before an import when some files carry no publication date or source of their own:
// the date anchors relative times ("Wednesday", "a day earlier") and the source names the
// outlet. Both only fill in for files that lack them; a sidecar or the page itself wins.
class ImportOptionsDialog : public QDialog {
    Q_OBJECT
public:
    ImportOptionsDialog(const ImportProbe &probe, QWidget *parent = nullptr);

    ParseOptions options() const;
    void setDate(const QDate &date);
    void setSource(const QString &source);

private:
    QCheckBox *mUseDate;
    QDateEdit *mDate;
    QLineEdit *mSource;
    QCheckBox *mKeepOutside;
};

} // namespace mapline
