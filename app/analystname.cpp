#include "analystname.h"

#include "corrections/correctionhistory.h"

#include <QCoreApplication>
#include <QInputDialog>
#include <QSettings>

namespace mapline::analystname {
namespace {

const QString kKey = QStringLiteral("analyst/name");

QString tr(const char *text)
{
    return QCoreApplication::translate("AnalystName", text);
}

} // namespace

QString current()
{
    const QString set = QSettings().value(kKey).toString().trimmed();
    return set.isEmpty() ? history::defaultAnalyst() : set;
}

bool isSet()
{
    return !QSettings().value(kKey).toString().trimmed().isEmpty();
}

void set(const QString &name)
{
    QSettings().setValue(kKey, name.trimmed());
}

bool ask(QWidget *parent)
{
    bool ok = false;
    const QString name = QInputDialog::getText(parent, tr("Analyst Name"),
                                               tr("Your name, saved with every correction you make, so that the "
                                                  "others on a shared database see who corrected what:"),
                                               QLineEdit::Normal, current(), &ok);
    if (!ok || name.trimmed().isEmpty())
        return false;
    set(name);
    return true;
}

QString firstUseNotice()
{
    static bool told = false;
    if (told || isSet())
        return {};
    told = true;
    const QString name = current();
    return name.isEmpty() ? tr("Corrections are saved without a name: Edit > Analyst Name sets yours.")
                          : tr("Corrections are saved as %1's: Edit > Analyst Name changes the name.").arg(name);
}

} // namespace mapline::analystname
