#include "interop/acledtypes.h"

#include <QHash>

namespace mapline {
namespace {

QString key(QStringView text)
{
    return text.trimmed().toString().toCaseFolded();
}

const QHash<QString, QString> &bySubEventType()
{
    static const QHash<QString, QString> table = [] {
        const std::pair<const char *, const char *> rows[] = {
            {"Armed clash", "armed_clash"},
            {"Government regains territory", "territory_taken"},
            {"Non-state actor overtakes territory", "territory_taken"},
            {"Non-violent transfer of territory", "handover"},
            {"Air/drone strike", "air_strike"},
            {"Shelling/artillery/missile attack", "shelling"},
            {"Suicide bomb", "bombing"},
            {"Remote explosive/landmine/IED", "bombing"},
            {"Grenade", "bombing"},
            {"Chemical weapon", "other"},
            {"Attack", "attack_on_civilians"},
            {"Sexual violence", "attack_on_civilians"},
            {"Abduction/forced disappearance", "attack_on_civilians"},
            {"Excessive force against protesters", "attack_on_civilians"},
            {"Peaceful protest", "protest"},
            {"Protest with intervention", "protest"},
            {"Violent demonstration", "protest"},
            {"Mob violence", "protest"},
            {"Agreement", "agreement"},
            {"Arrests", "arrest"},
            {"Headquarters or base established", "deployment"},
            {"Looting/property destruction", "other"},
            {"Change to group/activity", "other"},
            {"Disrupted weapons use", "other"},
            {"Other", "other"},
        };
        QHash<QString, QString> t;
        for (const auto &[sub, type] : rows)
            t.insert(key(QString::fromLatin1(sub)), QString::fromLatin1(type));
        return t;
    }();
    return table;
}

const QHash<QString, QString> &byEventType()
{
    static const QHash<QString, QString> table = [] {
        const std::pair<const char *, const char *> rows[] = {
            {"Battles", "armed_clash"},
            {"Explosions/Remote violence", "bombing"},
            {"Remote violence", "bombing"}, // the pre-2019 name
            {"Violence against civilians", "attack_on_civilians"},
            {"Protests", "protest"},
            {"Riots", "protest"},
            {"Strategic developments", "other"},
        };
        QHash<QString, QString> t;
        for (const auto &[event, type] : rows)
            t.insert(key(QString::fromLatin1(event)), QString::fromLatin1(type));
        return t;
    }();
    return table;
}

} // namespace

QString AcledTypes::eventType(QStringView eventType, QStringView subEventType)
{
    if (const auto it = bySubEventType().constFind(key(subEventType)); it != bySubEventType().constEnd())
        return *it;
    return byEventType().value(key(eventType), QStringLiteral("other"));
}

} // namespace mapline
