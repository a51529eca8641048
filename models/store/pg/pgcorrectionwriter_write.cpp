// PgCorrectionWriter's writes inside the transaction PgCorrectionWriter::setCorrection and
// changeControlCorrections open under the write lock.
#include "store/pg/pgcorrectionwriter.h"

#include "control/controlcorrection.h"
#include "event.h"
#include "store/pg/pgconnection.h"
#include "store/pg/pgwritelock.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace mapline::pg {
namespace {

const QString kWriterKeyWhere = QStringLiteral("content_hash = $1 AND sentence_idx = $2::int AND trigger_start = $3::int "
                                               "AND trigger_end = $4::int AND machine_type = $5 AND ordinal = $6::int");

QString realText(double v)
{
    return QString::number(v, 'g', 17);
}

} // namespace

Result<qint64> PgCorrectionWriter::writeCorrection(const EventKey &key, const std::optional<Correction> &correction,
                                                   qint64 seen, CorrectionConflict *conflict)
{
    using R = Result<qint64>;
    const QList<QString> keyValues = {key.contentHash,          QString::number(key.sentenceIndex),
                                      QString::number(key.triggerStart), QString::number(key.triggerEnd),
                                      key.machineType,          QString::number(key.ordinal)};
    const QStringList subjects{history::subject(key)};
    if (Status s = collectConflict(subjects, seen, conflict); !s)
        return R::failure(s.error());
    const auto before = this->correction(key);
    if (!before)
        return R::failure(before.error());
    const auto beforeStamp = stamp(key);
    if (!beforeStamp)
        return R::failure(beforeStamp.error());

    // The event the key names now, and the machine's row for it.
    auto stored = mConnection->query(QStringLiteral("SELECT event_id, machine FROM corrections WHERE %1").arg(kWriterKeyWhere),
                                     keyValues, QStringLiteral("reading a correction"));
    if (!stored)
        return R::failure(stored.error());
    qint64 eventId = 0;
    QString machine;
    if (stored->rows() > 0) {
        eventId = stored->isNull(0, 0) ? 0 : stored->int64(0, 0);
        machine = stored->string(0, 1);
    }
    if (eventId == 0) {
        auto article = mConnection->query(QStringLiteral("SELECT e.id FROM events e JOIN articles a ON a.id = e.article_id "
                                                         "WHERE a.content_hash = $1 ORDER BY e.id"),
                                          {key.contentHash}, QStringLiteral("reading an event"));
        if (!article)
            return R::failure(article.error());
        for (int i = 0; i < article->rows() && eventId == 0; ++i) {
            const auto k = eventKey(article->int64(i, 0));
            if (k && *k == key)
                eventId = article->int64(i, 0);
        }
        if (eventId == 0)
            return R::failure(QStringLiteral("%1: the event to correct is not in the store").arg(mConnection->url()));
    }
    if (machine.isEmpty()) {
        auto snap = mConnection->query(
            QStringLiteral("SELECT json_build_object('event', to_jsonb(e) - 'geom', 'sentence_idx', $2::int, 'actors', "
                           "COALESCE((SELECT json_agg(json_build_object('name', a.name, 'affiliation', a.affiliation, "
                           "'kind', a.kind, 'start', ea.span_start, 'end', ea.span_end) ORDER BY ea.span_start) "
                           "FROM event_actors ea JOIN actors a ON a.id = ea.actor_id WHERE ea.event_id = e.id), "
                           "'[]'::json))::text FROM events e WHERE e.id = $1::bigint"),
            {QString::number(eventId), QString::number(key.sentenceIndex)}, QStringLiteral("reading an event"));
        if (!snap)
            return R::failure(snap.error());
        if (snap->rows() == 0)
            return R::failure(QStringLiteral("%1: no event %2").arg(mConnection->url()).arg(eventId));
        machine = snap->string(0, 0);
    }

    const bool clear = !correction || correction->isEmpty();
    const std::optional<Correction> after = clear ? std::optional<Correction>() : correction;
    if (Status s = writeEvent(eventId, machine, after); !s)
        return R::failure(s.error());
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (clear) {
        if (Status s = [&]() -> Status {
                auto r = mConnection->query(QStringLiteral("DELETE FROM corrections WHERE %1").arg(kWriterKeyWhere), keyValues,
                                            QStringLiteral("reverting a correction"));
                return r ? Status() : Status::failure(r.error());
            }();
            !s)
            return R::failure(s.error());
    } else {
        const Correction &c = *after;
        QJsonArray actors;
        if (c.actors)
            for (const Actor &a : *c.actors)
                actors.append(QJsonObject{{QStringLiteral("name"), a.name},
                                          {QStringLiteral("affiliation"), a.affiliation},
                                          {QStringLiteral("kind"), a.kind}});
        const QString null;
        QList<QString> values = keyValues;
        values << QString::number(eventId) << (c.time ? c.time->start.toString(Qt::ISODate) : null)
               << (c.time ? c.time->end.toString(Qt::ISODate) : null) << (c.time ? toString(c.time->precision) : null)
               << (c.place ? c.place->name : null) << (c.place ? toString(c.place->precision) : null)
               << (c.place ? realText(c.place->coordinate.longitude()) : null)
               << (c.place ? realText(c.place->coordinate.latitude()) : null) << (c.place ? c.place->admin1 : null)
               << (c.place ? c.place->admin2 : null) << (c.place ? c.place->country : null)
               << (c.place && c.place->gazetteerId ? QString::number(c.place->gazetteerId) : null)
               << (c.place ? c.place->source : null) << (c.type ? c.type->type : null)
               << (c.type ? c.type->acledEventType : null) << (c.type ? c.type->acledSubEventType : null)
               << (c.type ? c.type->cameoRoot : null)
               << (c.actors ? QString::fromUtf8(QJsonDocument(actors).toJson(QJsonDocument::Compact)) : null) << machine
               << history::stampText(now) << (mAnalyst.isEmpty() ? null : mAnalyst);
        for (QString &v : values) // '' where a column of SQLite's would hold '' rather than NULL
            if (!v.isNull() && v.isEmpty())
                v = QStringLiteral("");
        auto up = mConnection->query(
            QStringLiteral("INSERT INTO corrections (content_hash, sentence_idx, trigger_start, trigger_end, machine_type, "
                           "ordinal, event_id, date, date_end, date_precision, place_name, place_kind, lon, lat, admin1, "
                           "admin2, country, gazetteer_id, place_source, type, acled_event_type, acled_sub_event_type, "
                           "cameo_root, actors, discarded, machine, corrected_at, corrected_by) VALUES ($1, $2::int, "
                           "$3::int, $4::int, $5, $6::int, $7::bigint, $8::date, $9::date, $10, $11, $12, $13::float8, "
                           "$14::float8, $15, $16, $17, $18::bigint, $19, $20, $21, $22, $23, $24, 0, $25, $26, $27) "
                           "ON CONFLICT (content_hash, sentence_idx, trigger_start, trigger_end, machine_type, ordinal) "
                           "DO UPDATE SET event_id = EXCLUDED.event_id, date = EXCLUDED.date, date_end = EXCLUDED.date_end, "
                           "date_precision = EXCLUDED.date_precision, place_name = EXCLUDED.place_name, "
                           "place_kind = EXCLUDED.place_kind, lon = EXCLUDED.lon, lat = EXCLUDED.lat, "
                           "admin1 = EXCLUDED.admin1, admin2 = EXCLUDED.admin2, country = EXCLUDED.country, "
                           "gazetteer_id = EXCLUDED.gazetteer_id, place_source = EXCLUDED.place_source, "
                           "type = EXCLUDED.type, acled_event_type = EXCLUDED.acled_event_type, "
                           "acled_sub_event_type = EXCLUDED.acled_sub_event_type, cameo_root = EXCLUDED.cameo_root, "
                           "actors = EXCLUDED.actors, discarded = 0, machine = EXCLUDED.machine, "
                           "corrected_at = EXCLUDED.corrected_at, corrected_by = EXCLUDED.corrected_by"),
            values, QStringLiteral("saving the correction"));
        if (!up)
            return R::failure(up.error());
    }
    HistoryEntry entry;
    entry.kind = HistoryEntry::Kind::Event;
    entry.subject = subjects.first();
    if (before->has_value()) {
        entry.oldValue = history::toJson(**before);
        if (beforeStamp->has_value())
            entry.old = **beforeStamp;
    }
    if (after)
        entry.newValue = history::toJson(*after);
    entry.changed = {mAnalyst, now};
    entry.change = history::describe(*before, after);
    if (const Result<qint64> id = appendHistory(entry); !id)
        return R::failure(id.error());
    return eventId;
}

// The machine's row with `correction` laid over it, as the event `eventId`; its happening is
// left to be fused again (stale).
Status PgCorrectionWriter::writeEvent(qint64 eventId, const QString &machine, const std::optional<Correction> &correction)
{
    const QString id = QString::number(eventId);
    const QString what = QStringLiteral("writing the corrected event");
    const auto run = [&](const QString &sql, const QList<QString> &params) -> Status {
        auto r = mConnection->query(sql, params, what);
        return r ? Status() : Status::failure(r.error());
    };
    // The machine's values first (a revert is just this).
    if (Status s = run(QStringLiteral("UPDATE events e SET date = r.date, date_end = r.date_end, date_precision = r.date_precision, "
                                      "time_rule = r.time_rule, place_id = r.place_id, lon = r.lon, lat = r.lat, "
                                      "geo_precision = r.geo_precision, type = r.type, acled_event_type = r.acled_event_type, "
                                      "acled_sub_event_type = r.acled_sub_event_type, cameo_root = r.cameo_root, "
                                      "flags = r.flags & ~%1 FROM jsonb_populate_record(NULL::events, $2::jsonb -> 'event') r "
                                      "WHERE e.id = $1::bigint")
                           .arg(quint32(Event::Corrected)),
                       {id, machine});
        !s)
        return s;
    QList<Actor> actors;
    QList<std::pair<QString, QString>> spans;
    for (const QJsonValue &v : QJsonDocument::fromJson(machine.toUtf8()).object().value(QStringLiteral("actors")).toArray()) {
        const QJsonObject o = v.toObject();
        actors.append({o.value(QStringLiteral("name")).toString(), o.value(QStringLiteral("affiliation")).toString(),
                       o.value(QStringLiteral("kind")).toString()});
        const auto span = [&](const char *k) {
            const QJsonValue x = o.value(QLatin1String(k));
            return x.isDouble() ? QString::number(x.toInteger()) : QString();
        };
        spans.append({span("start"), span("end")});
    }
    if (correction) {
        const Correction &c = *correction;
        // flags: one assignment, built up (the analyst's date or place is no longer inherited).
        quint32 cleared = 0;
        QString set;
        QList<QString> params{id};
        const auto param = [&](const QString &v, const char *cast = "") {
            params << v;
            return QStringLiteral("$%1%2").arg(params.size()).arg(QLatin1String(cast));
        };
        if (c.time) {
            set += QStringLiteral(", date = %1, date_end = %2, date_precision = %3, time_rule = ''")
                       .arg(param(c.time->start.toString(Qt::ISODate), "::date"), param(c.time->end.toString(Qt::ISODate), "::date"),
                            param(toString(c.time->precision)));
            cleared |= Event::InheritedTime;
        }
        if (c.place) {
            const Place &p = *c.place;
            auto place = mConnection->query(
                QStringLiteral("INSERT INTO places (name, kind, admin1, admin2, country, lon, lat, gazetteer_id, source) "
                               "VALUES ($1, $2, $3, $4, $5, $6::float8, $7::float8, NULLIF($8, '0')::bigint, $9) "
                               "ON CONFLICT (name, kind, admin1, country) DO UPDATE SET name = EXCLUDED.name RETURNING id"),
                {p.name, toString(p.precision), p.admin1 + QStringLiteral(""), p.admin2 + QStringLiteral(""),
                 p.country + QStringLiteral(""), realText(p.coordinate.longitude()), realText(p.coordinate.latitude()),
                 QString::number(p.gazetteerId), p.source + QStringLiteral("")},
                what);
            if (!place)
                return Status::failure(place.error());
            set += QStringLiteral(", place_id = %1, lon = %2, lat = %3, geo_precision = %4")
                       .arg(param(place->string(0, 0), "::bigint"), param(realText(p.coordinate.longitude()), "::float8"),
                            param(realText(p.coordinate.latitude()), "::float8"), param(toString(p.precision)));
            cleared |= Event::InheritedPlace;
        }
        if (c.type)
            set += QStringLiteral(", type = %1, acled_event_type = %2, acled_sub_event_type = %3, cameo_root = %4")
                       .arg(param(c.type->type), param(c.type->acledEventType + QStringLiteral("")),
                            param(c.type->acledSubEventType + QStringLiteral("")), param(c.type->cameoRoot + QStringLiteral("")));
        set = QStringLiteral("flags = (flags | %1) & ~%2").arg(quint32(Event::Corrected)).arg(cleared) + set;
        if (Status s = run(QStringLiteral("UPDATE events SET %1 WHERE id = $1::bigint").arg(set), params); !s)
            return s;
        if (c.actors) {
            actors = *c.actors;
            spans.clear();
        }
    }
    // The actors: the machine's (with their spans) or the analyst's.
    if (Status s = run(QStringLiteral("DELETE FROM event_actors WHERE event_id = $1::bigint"), {id}); !s)
        return s;
    for (qsizetype i = 0; i < actors.size(); ++i) {
        const Actor &a = actors[i];
        const auto span = i < spans.size() ? spans[i] : std::pair<QString, QString>();
        if (Status s = run(QStringLiteral("WITH a AS (INSERT INTO actors (name, affiliation, kind) VALUES ($2, $3, $4) "
                                          "ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id) "
                                          "INSERT INTO event_actors (event_id, actor_id, span_start, span_end) "
                                          "SELECT $1::bigint, a.id, $5::int, $6::int FROM a ON CONFLICT DO NOTHING"),
                           {id, a.name, a.affiliation + QStringLiteral(""), a.kind + QStringLiteral(""), span.first, span.second});
            !s)
            return s;
    }
    return run(QStringLiteral("UPDATE happenings SET stale = 1 WHERE stale = 0 AND id = "
                              "(SELECT happening_id FROM events WHERE id = $1::bigint)"),
               {id});
}

Status PgCorrectionWriter::changeControlCorrections(const QList<ControlCorrection> &add, const QList<ControlCorrection> &remove,
                                                    qint64 seenRevision, CorrectionConflict *conflict)
{
    for (const ControlCorrection &c : add)
        if (c.place.isEmpty() || !c.from.isValid() || c.side.isEmpty())
            return Status::failure(QStringLiteral("%1: a correction of control needs a place, a day and a side").arg(mConnection->url()));
    const QString what = QStringLiteral("saving a correction of control");
    if (Status s = beginWrite(*mConnection, what); !s)
        return s;
    const auto body = [&]() -> Status {
        QStringList subjects;
        for (const QList<ControlCorrection> *list : {&add, &remove})
            for (const ControlCorrection &c : *list)
                if (!subjects.contains(history::subject(c)))
                    subjects << history::subject(c);
        if (Status s = collectConflict(subjects, seenRevision, conflict); !s)
            return s;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const auto change = [&](const ControlCorrection &c, bool added) -> Status {
            const QList<QString> key{c.place, c.admin1 + QStringLiteral(""), c.country + QStringLiteral(""),
                                     c.from.toString(Qt::ISODate)};
            auto old = mConnection->query(QStringLiteral("DELETE FROM control_corrections WHERE place = $1 AND admin1 = $2 AND "
                                                         "country = $3 AND valid_from = $4 RETURNING lon, lat, side, note, "
                                                         "corrected_by, corrected_at"),
                                          key, what);
            if (!old)
                return Status::failure(old.error());
            if (!added && old->rows() == 0)
                return {};
            HistoryEntry e;
            e.kind = HistoryEntry::Kind::Control;
            e.subject = history::subject(c);
            if (old->rows() > 0) {
                ControlCorrection was = c;
                was.coordinate = old->isNull(0, 0) ? QGeoCoordinate() : QGeoCoordinate(old->real(0, 1), old->real(0, 0));
                was.side = old->string(0, 2);
                was.note = old->string(0, 3);
                e.oldValue = history::toJson(was);
                e.old = {old->string(0, 4), history::stampFromText(old->string(0, 5))};
            }
            if (added) {
                e.newValue = history::toJson(c);
                const bool located = c.coordinate.isValid();
                auto ins = mConnection->query(
                    QStringLiteral("INSERT INTO control_corrections (place, admin1, country, valid_from, lon, lat, side, note, "
                                   "corrected_at, corrected_by) VALUES ($1, $2, $3, $4, $5::float8, $6::float8, $7, $8, $9, $10)"),
                    key + QList<QString>{located ? realText(c.coordinate.longitude()) : QString(),
                                         located ? realText(c.coordinate.latitude()) : QString(), c.side,
                                         c.note + QStringLiteral(""), history::stampText(now),
                                         mAnalyst.isEmpty() ? QString() : mAnalyst},
                    what);
                if (!ins)
                    return Status::failure(ins.error());
            }
            e.changed = {mAnalyst, now};
            e.change = history::describe(c, added);
            const Result<qint64> id = appendHistory(e);
            return id ? Status() : Status::failure(id.error());
        };
        for (const ControlCorrection &c : remove)
            if (Status s = change(c, false); !s)
                return s;
        for (const ControlCorrection &c : add)
            if (Status s = change(c, true); !s)
                return s;
        return mConnection->exec(QStringLiteral("COMMIT"), what);
    };
    Status s = body();
    if (!s)
        static_cast<void>(mConnection->exec(QStringLiteral("ROLLBACK"), what));
    return s;
}

} // namespace mapline::pg
