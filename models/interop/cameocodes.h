#pragma once

#include <QString>

namespace mapline {

// CAMEO event codes (the coding scheme of GDELT's EventCode / EventBaseCode / EventRootCode):
// a short English description for the generated event description, and our event type key.
// Codes are looked up most specific first: "1831" -> "183" -> "18".
class CameoCodes {
public:
    // "0256" -> "Appeal to de-escalate military engagement"; empty for an unknown root.
    static QString description(QStringView code);
    // Our event type key (resources/lexicons/event_types.tsv): 19x fighting -> armed_clash,
    // 195 -> air_strike, 194 -> shelling, 183x -> bombing, 18x -> attack_on_civilians,
    // 13x -> threat, 04x -> talks, ...; "other" for codes no type stands for.
    static QString eventType(QStringView code);
};

} // namespace mapline
