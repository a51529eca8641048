// Placeholder until the dialog lands: tells the analyst this export is not available yet.
#include "exportcontext.h"

#include <QMessageBox>
#include <QObject>

namespace mapline {

void showExportAnimationDialog(QWidget *parent, const ExportContext &)
{
    QMessageBox::information(parent, QObject::tr("Export"), QObject::tr("This export is not available in this build."));
}

} // namespace mapline
