#pragma once

// The columns of `events` that article and dataset imports fill alike, bound in one place.
// Internal to models/store.
#include "event.h"
#include "store/entityids.h"
#include "store/rawstatement.h"

#include <cstdio>

#include <QString>

namespace mapline::eventcolumns {

// In this order, from the first placeholder given to bind().
inline constexpr const char kCommon[] = "type, acled_event_type, acled_sub_event_type, cameo_root, date, date_end, "
                                        "date_precision, time_text, place_id, place_text, lon, lat, geo_precision, "
                                        "confidence";
inline constexpr int kCommonCount = 14;

// Binds kCommon from parameter `first` on (SQLite counts from 1); returns the next parameter.
// `placeId` 0 is NULL.
inline int bind(RawStatement &q, int first, const Event &e, qint64 placeId)
{
    int i = first;
    q.bindText(i++, e.type);
    q.bindText(i++, e.acledEventType);
    q.bindText(i++, e.acledSubEventType);
    q.bindText(i++, e.cameoRoot);
    for (const QDate &date : {e.time.start, e.time.end}) {
        if (date.isValid() && date.year() >= 0 && date.year() <= 9999) { // what Qt::ISODate writes
            char iso[16];
            const int n = std::snprintf(iso, sizeof iso, "%04d-%02d-%02d", date.year(), date.month(), date.day());
            q.bindAscii(i++, std::string_view(iso, size_t(n)));
        } else {
            q.bindNull(i++);
        }
    }
    q.bindText(i++, toString(e.time.precision));
    q.bindText(i++, e.timeText);
    placeId ? q.bind(i++, placeId) : q.bindNull(i++);
    q.bindText(i++, e.placeText);
    if (e.place.coordinate.isValid()) {
        q.bind(i++, e.place.coordinate.longitude());
        q.bind(i++, e.place.coordinate.latitude());
    } else {
        q.bindNull(i++);
        q.bindNull(i++);
    }
    q.bindText(i++, toString(e.place.precision));
    q.bind(i++, e.confidence);
    return i;
}

// The statement insertActors() runs.
inline constexpr const char kInsertActor[] =
    "INSERT OR IGNORE INTO event_actors (event_id, actor_id, span_start, span_end, role) VALUES (?, ?, ?, ?, ?)";

// A dataset's role of an actor (ActorMention::role of a mention without a span): "actor1" (ACLED's
// actor1 and assoc_actor_1, GDELT's Actor1: the one acting) or "actor2" (the one acted upon).
// Stored in event_actors.role (schema 7); '' for actors named in a text.
inline QString datasetRoleOf(const ActorMention &mention)
{
    return !mention.span.isValid() && (mention.role == u"actor1" || mention.role == u"actor2") ? mention.role : QString();
}

// The event's actors, with where they are named (NULL when the mention has no span).
inline Status insertActors(RawStatement &insert, EntityIds &ids, qint64 eventId, const QList<ActorMention> &actors)
{
    for (const ActorMention &mention : actors) {
        const Result<qint64> actor = ids.actor(mention.actor);
        if (!actor)
            return Status::failure(actor.error());
        insert.bind(1, eventId);
        insert.bind(2, *actor);
        mention.span.isValid() ? insert.bind(3, qint64(mention.span.start)) : insert.bindNull(3);
        mention.span.isValid() ? insert.bind(4, qint64(mention.span.end)) : insert.bindNull(4);
        insert.bindText(5, datasetRoleOf(mention));
        if (Status s = insert.run("actor", mention.actor.name); !s)
            return s;
    }
    return {};
}

// "?, ?, ..." for `count` placeholders.
inline QString placeholders(int count)
{
    QString out;
    for (int i = 0; i < count; ++i)
        out += i == 0 ? QStringLiteral("?") : QStringLiteral(", ?");
    return out;
}

} // namespace mapline::eventcolumns
