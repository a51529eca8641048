#include "interop/cameocodes.h"

#include <QHash>

namespace mapline {
namespace {

// CAMEO 1.1b3: the twenty roots and the codes below them that matter for conflict analysis.
// Codes not listed fall back to their root's description.
const QHash<QString, QString> &descriptions()
{
    static const QHash<QString, QString> table = [] {
        const std::pair<const char *, const char *> rows[] = {
            {"01", "Make public statement"},
            {"02", "Appeal"},
            {"025", "Appeal to yield"},
            {"0256", "Appeal to de-escalate military engagement"},
            {"026", "Appeal to others to meet or negotiate"},
            {"027", "Appeal to others to settle dispute"},
            {"03", "Express intent to cooperate"},
            {"036", "Express intent to meet or negotiate"},
            {"04", "Consult"},
            {"041", "Discuss by telephone"},
            {"042", "Make a visit"},
            {"043", "Host a visit"},
            {"044", "Meet at a third location"},
            {"045", "Mediate"},
            {"046", "Engage in negotiation"},
            {"05", "Engage in diplomatic cooperation"},
            {"051", "Praise or endorse"},
            {"057", "Sign formal agreement"},
            {"06", "Engage in material cooperation"},
            {"062", "Cooperate militarily"},
            {"07", "Provide aid"},
            {"073", "Provide humanitarian aid"},
            {"074", "Provide military protection or peacekeeping"},
            {"08", "Yield"},
            {"084", "Return, release"},
            {"087", "De-escalate military engagement"},
            {"0871", "Declare truce, ceasefire"},
            {"0874", "Retreat or surrender militarily"},
            {"09", "Investigate"},
            {"10", "Demand"},
            {"11", "Disapprove"},
            {"111", "Criticize or denounce"},
            {"112", "Accuse"},
            {"12", "Reject"},
            {"13", "Threaten"},
            {"138", "Threaten to use military force"},
            {"139", "Give ultimatum"},
            {"14", "Protest"},
            {"141", "Demonstrate or rally"},
            {"145", "Protest violently, riot"},
            {"15", "Exhibit force posture"},
            {"154", "Mobilize or increase armed forces"},
            {"16", "Reduce relations"},
            {"17", "Coerce"},
            {"171", "Seize or damage property"},
            {"173", "Arrest, detain, or charge with legal action"},
            {"174", "Expel or deport individuals"},
            {"175", "Use tactics of violent repression"},
            {"18", "Assault"},
            {"180", "Use unconventional violence"},
            {"181", "Abduct, hijack, or take hostage"},
            {"182", "Physically assault"},
            {"183", "Conduct suicide, car, or other non-military bombing"},
            {"1831", "Carry out suicide bombing"},
            {"1832", "Carry out vehicular bombing"},
            {"1833", "Carry out roadside bombing"},
            {"184", "Use as human shield"},
            {"185", "Attempt to assassinate"},
            {"186", "Assassinate"},
            {"19", "Fight"},
            {"190", "Use conventional military force"},
            {"191", "Impose blockade, restrict movement"},
            {"192", "Occupy territory"},
            {"193", "Fight with small arms and light weapons"},
            {"194", "Fight with artillery and tanks"},
            {"195", "Employ aerial weapons"},
            {"196", "Violate ceasefire"},
            {"20", "Use unconventional mass violence"},
            {"201", "Engage in mass expulsion"},
            {"202", "Engage in mass killings"},
            {"203", "Engage in ethnic cleansing"},
            {"204", "Use weapons of mass destruction"},
        };
        QHash<QString, QString> t;
        for (const auto &[code, text] : rows)
            t.insert(QString::fromLatin1(code), QString::fromLatin1(text));
        return t;
    }();
    return table;
}

// Our type keys (resources/lexicons/event_types.tsv) by CAMEO code, most specific first. Verbal
// and diplomatic roots keep coarse types; the violent roots (18-20) are split the way
// event_types.tsv splits them. Codes no type stands for are "other".
const QHash<QString, QString> &types()
{
    static const QHash<QString, QString> table = [] {
        const std::pair<const char *, const char *> rows[] = {
            {"01", "statement"},
            {"02", "statement"},
            {"03", "statement"},
            {"04", "talks"},
            {"05", "statement"},
            {"057", "agreement"},
            {"06", "other"},
            {"07", "other"},
            {"08", "other"},
            {"087", "ceasefire"},
            {"0874", "withdrawal"},
            {"09", "statement"},
            {"10", "statement"},
            {"11", "statement"},
            {"12", "statement"},
            {"13", "threat"},
            {"14", "protest"},
            {"15", "troop_movement"},
            {"16", "statement"},
            {"17", "other"},
            {"173", "arrest"},
            {"175", "attack_on_civilians"},
            {"18", "attack_on_civilians"},
            {"183", "bombing"},
            {"185", "killing"},
            {"186", "killing"},
            {"19", "armed_clash"},
            {"191", "other"},
            {"192", "territory_taken"},
            {"194", "shelling"},
            {"195", "air_strike"},
            {"20", "killing"},
        };
        QHash<QString, QString> t;
        for (const auto &[code, type] : rows)
            t.insert(QString::fromLatin1(code), QString::fromLatin1(type));
        return t;
    }();
    return table;
}

QString lookup(const QHash<QString, QString> &table, QStringView code)
{
    const QString c = code.trimmed().toString();
    for (qsizetype n = c.size(); n >= 2; --n) {
        const auto it = table.constFind(c.left(n));
        if (it != table.constEnd())
            return *it;
    }
    return {};
}

} // namespace

QString CameoCodes::description(QStringView code)
{
    return lookup(descriptions(), code);
}

QString CameoCodes::eventType(QStringView code)
{
    const QString type = lookup(types(), code);
    return type.isEmpty() ? QStringLiteral("other") : type;
}

} // namespace mapline
