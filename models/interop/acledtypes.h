#pragma once

#include <QString>

namespace mapline {

// ACLED's event_type / sub_event_type (codebook 2019-2023) to our event type key
// (resources/lexicons/event_types.tsv; "other" where no type fits). The ACLED values themselves
// are stored unchanged in acled_event_type and acled_sub_event_type.
class AcledTypes {
public:
    // ("Battles", "Armed clash") -> "armed_clash"; ("Explosions/Remote violence",
    // "Air/drone strike") -> "air_strike"; an unknown sub-event type falls back on the event type,
    // an unknown event type gives "other".
    static QString eventType(QStringView eventType, QStringView subEventType);
};

} // namespace mapline
