#pragma once

#include "actor.h"
#include "place.h"
#include "timerange.h"

#include <QList>
#include <QString>

namespace mapline {

// A half-open character range [start, end) within the event's sentence text; invalid when start < 0.
struct Span {
    int start = -1;
    int end = -1;
    bool isValid() const { return start >= 0 && end > start; }
    friend bool operator==(const Span &, const Span &) = default;
};

struct ActorMention {
    Actor actor;
    Span span;
    // The role the text gives the actor, kept apart from the organisation: "commanders" for
    // "Northern Alliance commanders" (actor Northern Alliance); empty when none. Not stored: the
    // span's words say it again. For a dataset row's actor (no span): "actor1" (the one acting)
    // or "actor2", stored in event_actors.role (schema 7) and read back by EventStore::events().
    QString role = {};
};

// One reported happening: when, where, what, who, and the sentence that says so.
struct Event {
    enum Flag : quint32 {
        Negated = 1u << 0,        // "did not attack": kept only with low confidence
        Hypothetical = 1u << 1,   // "would be tried", "could embolden"
        InheritedTime = 1u << 2,  // no time in the sentence: the article's reporting time
        InheritedPlace = 1u << 3, // no place in the sentence: the dateline or previous place
        Corrected = 1u << 4,      // an analyst changed it
    };

    qint64 id = 0;
    qint64 articleId = 0;
    int sentenceIndex = -1;
    QString sentence;

    QString type;              // our event type key, e.g. "armed_clash"
    QString acledEventType;    // e.g. "Battles"
    QString acledSubEventType; // e.g. "Armed clash"
    QString cameoRoot;         // two-digit CAMEO root code, e.g. "19"

    TimeRange time;
    QString timeText;          // as written, e.g. "Wednesday"
    QString timeRule;          // how it resolves from the publication date, e.g. "weekday:3" (empty: absolute)

    Place place;
    QString placeText;         // as written, e.g. "Konduz"

    QList<ActorMention> actors;

    Span trigger;
    Span timeSpan;
    Span placeSpan;

    double confidence = 0.0;   // 0..1
    quint32 flags = 0;

    qint64 happeningId = 0;    // the happening it reports (docs/FUSION.md); 0 before it is fused
    int sources = 0;           // the distinct sources reporting that happening

    // A dataset row's own id as its file wrote it (GDELT's GLOBALEVENTID, ACLED's event_id_cnty,
    // the id a Mapline export gave it): events.external_id. Empty for an event read from an
    // article, which has none.
    QString externalId;

    bool hasFlag(Flag f) const { return (flags & f) != 0; }
};

} // namespace mapline
