#pragma once

#include "actor.h"
#include "place.h"
#include "timerange.h"

#include <QList>
#include <QString>

#include <optional>

namespace mapline {

// Which machine-extracted event a correction belongs to, in terms that survive deleting and
// re-importing the article (event ids do not): the article's content hash, the sentence, the
// trigger's span in it, the type the machine gave, and the rank among machine events that
// share all of these (by id, so by extraction order). -1 stands for "none" in the numbers.
struct EventKey {
    QString contentHash;
    int sentenceIndex = -1;
    int triggerStart = -1;
    int triggerEnd = -1;
    QString machineType;
    int ordinal = 0;

    bool isValid() const { return !contentHash.isEmpty(); }
    friend bool operator==(const EventKey &, const EventKey &) = default;
};

// An event type with its ACLED and CAMEO codes, as a correction sets them together.
struct EventTypeCodes {
    QString type;
    QString acledEventType;
    QString acledSubEventType;
    QString cameoRoot;
    friend bool operator==(const EventTypeCodes &, const EventTypeCodes &) = default;
};

// What the analyst changed about one event; a member left empty keeps the machine's value.
// Stored in the `corrections` table beside the machine's own values (docs/USER_GUIDE.md).
struct Correction {
    std::optional<TimeRange> time;
    std::optional<Place> place;
    std::optional<EventTypeCodes> type;
    std::optional<QList<Actor>> actors;
    bool discarded = false;

    bool isEmpty() const { return !time && !place && !type && !actors && !discarded; }
    friend bool operator==(const Correction &a, const Correction &b)
    {
        const auto samePlace = [](const std::optional<Place> &x, const std::optional<Place> &y) {
            if (x.has_value() != y.has_value())
                return false;
            return !x || (x->name == y->name && x->precision == y->precision && x->coordinate == y->coordinate &&
                          x->admin1 == y->admin1 && x->country == y->country);
        };
        return a.time == b.time && samePlace(a.place, b.place) && a.type == b.type && a.actors == b.actors &&
               a.discarded == b.discarded;
    }
};

// The analyst's correction of the fusion (docs/FUSION.md, "Corrections"): two reports' happenings
// are one (Merge: `report` and `other`), or a report is not part of the happening the rules put it
// in (Split: `report` stands alone). Kept in `happening_corrections` by the reports' keys, beside the
// machine's fusion, applied again after every re-fusion and re-import.
struct HappeningCorrection {
    enum class Kind { Merge, Split };
    Kind kind = Kind::Split;
    EventKey report;
    EventKey other; // Merge only
    friend bool operator==(const HappeningCorrection &, const HappeningCorrection &) = default;
};

} // namespace mapline
