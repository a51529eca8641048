#include "interop/admin1names.h"

#include <QHash>

namespace mapline {
namespace {

// The 34 provinces of Afghanistan (2004-2021) by GeoNames / FIPS admin1 code.
const QHash<QString, QString> &afghanProvinces()
{
    static const QHash<QString, QString> table = {
        {QStringLiteral("01"), QStringLiteral("Badakhshan")},
        {QStringLiteral("02"), QStringLiteral("Badghis")},
        {QStringLiteral("03"), QStringLiteral("Baghlan")},
        {QStringLiteral("30"), QStringLiteral("Balkh")},
        {QStringLiteral("05"), QStringLiteral("Bamyan")},
        {QStringLiteral("41"), QStringLiteral("Daykundi")},
        {QStringLiteral("06"), QStringLiteral("Farah")},
        {QStringLiteral("07"), QStringLiteral("Faryab")},
        {QStringLiteral("08"), QStringLiteral("Ghazni")},
        {QStringLiteral("09"), QStringLiteral("Ghor")},
        {QStringLiteral("10"), QStringLiteral("Helmand")},
        {QStringLiteral("11"), QStringLiteral("Herat")},
        {QStringLiteral("31"), QStringLiteral("Jowzjan")},
        {QStringLiteral("13"), QStringLiteral("Kabul")},
        {QStringLiteral("23"), QStringLiteral("Kandahar")},
        {QStringLiteral("14"), QStringLiteral("Kapisa")},
        {QStringLiteral("37"), QStringLiteral("Khost")},
        {QStringLiteral("34"), QStringLiteral("Kunar")},
        {QStringLiteral("24"), QStringLiteral("Kunduz")},
        {QStringLiteral("35"), QStringLiteral("Laghman")},
        {QStringLiteral("17"), QStringLiteral("Logar")},
        {QStringLiteral("18"), QStringLiteral("Nangarhar")},
        {QStringLiteral("19"), QStringLiteral("Nimroz")},
        {QStringLiteral("38"), QStringLiteral("Nuristan")},
        {QStringLiteral("36"), QStringLiteral("Paktia")},
        {QStringLiteral("29"), QStringLiteral("Paktika")},
        {QStringLiteral("42"), QStringLiteral("Panjshir")},
        {QStringLiteral("40"), QStringLiteral("Parwan")},
        {QStringLiteral("32"), QStringLiteral("Samangan")},
        {QStringLiteral("33"), QStringLiteral("Sar-e Pol")},
        {QStringLiteral("26"), QStringLiteral("Takhar")},
        {QStringLiteral("39"), QStringLiteral("Uruzgan")},
        {QStringLiteral("27"), QStringLiteral("Wardak")},
        {QStringLiteral("28"), QStringLiteral("Zabul")},
    };
    return table;
}

} // namespace

QString Admin1Names::name(QStringView country, QStringView code)
{
    if (country != u"AF")
        return {};
    QString key = code.trimmed().toString();
    if (key.size() == 1)
        key.prepend(QLatin1Char('0'));
    return afghanProvinces().value(key);
}

QString Admin1Names::fromGdeltCode(QStringView adm1Code)
{
    const QStringView code = adm1Code.trimmed();
    if (code.size() != 4 || !code.startsWith(u"AF"))
        return {};
    return name(u"AF", code.mid(2));
}

} // namespace mapline
