#pragma once

// The columns of `events` that article and dataset imports fill alike, bound in one place.
// Internal to models/store.
#include "event.h"
#include "store/entityids.h"
#include "store/rawstatement.h"
#include "store/sqlutil.h"

#include <cstdio>

#include <QSqlQuery>

namespace mapline::eventcolumns {

// In this order, from the first placeholder given to bind().
inline constexpr const char kCommon[] = "type, acled_event_type, acled_sub_event_type, cameo_root, date, date_end, "
                                        "date_precision, time_text, place_id, place_text, lon, lat, geo_precision, "
                                        "confidence";
inline constexpr int kCommonCount = 14;

// Binds kCommon from placeholder `first` on; returns the next placeholder.
inline int bind(QSqlQuery &q, int first, const Event &e, const QVariant &placeId)
{
    const bool located = e.place.coordinate.isValid();
    int i = first;
    q.bindValue(i++, sql::text(e.type));
    q.bindValue(i++, sql::text(e.acledEventType));
    q.bindValue(i++, sql::text(e.acledSubEventType));
    q.bindValue(i++, sql::text(e.cameoRoot));
    q.bindValue(i++, sql::dateValue(e.time.start));
    q.bindValue(i++, sql::dateValue(e.time.end));
    q.bindValue(i++, toString(e.time.precision));
    q.bindValue(i++, sql::text(e.timeText));
    q.bindValue(i++, placeId);
    q.bindValue(i++, sql::text(e.placeText));
    q.bindValue(i++, located ? QVariant(e.place.coordinate.longitude()) : QVariant());
    q.bindValue(i++, located ? QVariant(e.place.coordinate.latitude()) : QVariant());
    q.bindValue(i++, toString(e.place.precision));
    q.bindValue(i++, e.confidence);
    return i;
}

// The statement insertActors() runs.
inline constexpr const char kInsertActor[] =
    "INSERT OR IGNORE INTO event_actors (event_id, actor_id, span_start, span_end) VALUES (?, ?, ?, ?)";

// The event's actors, with where they are named (NULL when the mention has no span).
inline Status insertActors(QSqlQuery &insert, EntityIds &ids, qint64 eventId, const QList<ActorMention> &actors)
{
    for (const ActorMention &mention : actors) {
        const Result<qint64> actor = ids.actor(mention.actor);
        if (!actor)
            return Status::failure(actor.error());
        insert.bindValue(0, eventId);
        insert.bindValue(1, *actor);
        insert.bindValue(2, sql::intOrNull(mention.span.start, mention.span.isValid()));
        insert.bindValue(3, sql::intOrNull(mention.span.end, mention.span.isValid()));
        if (Status s = sql::exec(insert, "actor", mention.actor.name); !s)
            return s;
    }
    return {};
}

// The same through SQLite's C API (dataset imports): `placeId` 0 is NULL; parameters from 1.
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

// "?, ?, ..." for `count` placeholders.
inline QString placeholders(int count)
{
    QString out;
    for (int i = 0; i < count; ++i)
        out += i == 0 ? QStringLiteral("?") : QStringLiteral(", ?");
    return out;
}

} // namespace mapline::eventcolumns
