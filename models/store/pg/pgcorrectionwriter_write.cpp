// PgCorrectionWriter's writes inside the transaction PgCorrectionWriter::setCorrection,
// changeHappeningCorrections and changeControlCorrections open under the write lock, with the
// fusion of what they touch (PgFusion) before the commit.
#include "store/pg/pgcorrectionwriter.h"

#include "control/controlcorrection.h"
#include "event.h"
#include "fusion/fusionreports.h"
#include "store/pg/pgconnection.h"
#include "store/pg/pgfusion.h"
#include "store/pg/pgwritelock.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

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

    // The event the key names now (none: discarded), and the machine's row for it.
    auto stored = mConnection->query(QStringLiteral("SELECT event_id, machine, discarded FROM corrections WHERE %1").arg(kWriterKeyWhere),
                                     keyValues, QStringLiteral("reading a correction"));
    if (!stored)
        return R::failure(stored.error());
    qint64 eventId = 0;
    QString machine;
    bool wasDiscarded = false;
    if (stored->rows() > 0) {
        eventId = stored->isNull(0, 0) ? 0 : stored->int64(0, 0);
        machine = stored->string(0, 1);
        wasDiscarded = stored->int64(0, 2) != 0;
    }
    if (eventId == 0 && machine.isEmpty()) {
        const Result<qint64> found = machineEventOf(key);
        if (!found)
            return found;
        eventId = *found;
        if (eventId == 0)
            return R::failure(QStringLiteral("%1: the event to correct is not in the store").arg(mConnection->url()));
    }
    if (machine.isEmpty()) {
        Result<QString> snap = machineSnapshot(eventId, key.sentenceIndex);
        if (!snap)
            return R::failure(snap.error());
        machine = std::move(snap).value();
    }

    const bool clear = !correction || correction->isEmpty();
    const std::optional<Correction> after = clear ? std::optional<Correction>() : correction;
    const bool discard = after && after->discarded;
    // A discarded event comes back (a revert, an undo) from the machine's row; one discarded now
    // goes (its happening, marked stale by the trigger, is fused again below).
    if (eventId == 0 && wasDiscarded && !discard) {
        const Result<qint64> restored = restoreEvent(key, machine);
        if (!restored)
            return restored;
        eventId = *restored;
    }
    std::vector<qint64> toFuse;
    if (eventId != 0 && discard) {
        auto gone = mConnection->query(QStringLiteral("DELETE FROM events WHERE id = $1::bigint"), {QString::number(eventId)},
                                       QStringLiteral("discarding the event"));
        if (!gone)
            return R::failure(gone.error());
        eventId = 0;
    } else if (eventId != 0) {
        if (Status s = writeEvent(eventId, machine, after); !s)
            return R::failure(s.error());
        toFuse.push_back(eventId);
    }
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
        values << (eventId > 0 ? QString::number(eventId) : null) << (c.time ? c.time->start.toString(Qt::ISODate) : null)
               << (c.time ? c.time->end.toString(Qt::ISODate) : null) << (c.time ? toString(c.time->precision) : null)
               << (c.place ? c.place->name : null) << (c.place ? toString(c.place->precision) : null)
               << (c.place ? realText(c.place->coordinate.longitude()) : null)
               << (c.place ? realText(c.place->coordinate.latitude()) : null) << (c.place ? c.place->admin1 : null)
               << (c.place ? c.place->admin2 : null) << (c.place ? c.place->country : null)
               << (c.place && c.place->gazetteerId ? QString::number(c.place->gazetteerId) : null)
               << (c.place ? c.place->source : null) << (c.type ? c.type->type : null)
               << (c.type ? c.type->acledEventType : null) << (c.type ? c.type->acledSubEventType : null)
               << (c.type ? c.type->cameoRoot : null)
               << (c.actors ? QString::fromUtf8(QJsonDocument(actors).toJson(QJsonDocument::Compact)) : null)
               << (c.discarded ? QStringLiteral("1") : QStringLiteral("0")) << machine
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
                           "$14::float8, $15, $16, $17, $18::bigint, $19, $20, $21, $22, $23, $24, $25::int, $26, $27, "
                           "$28) "
                           "ON CONFLICT (content_hash, sentence_idx, trigger_start, trigger_end, machine_type, ordinal) "
                           "DO UPDATE SET event_id = EXCLUDED.event_id, date = EXCLUDED.date, date_end = EXCLUDED.date_end, "
                           "date_precision = EXCLUDED.date_precision, place_name = EXCLUDED.place_name, "
                           "place_kind = EXCLUDED.place_kind, lon = EXCLUDED.lon, lat = EXCLUDED.lat, "
                           "admin1 = EXCLUDED.admin1, admin2 = EXCLUDED.admin2, country = EXCLUDED.country, "
                           "gazetteer_id = EXCLUDED.gazetteer_id, place_source = EXCLUDED.place_source, "
                           "type = EXCLUDED.type, acled_event_type = EXCLUDED.acled_event_type, "
                           "acled_sub_event_type = EXCLUDED.acled_sub_event_type, cameo_root = EXCLUDED.cameo_root, "
                           "actors = EXCLUDED.actors, discarded = EXCLUDED.discarded, machine = EXCLUDED.machine, "
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
    // The happenings fused again as the SQLite store fuses them before its commit: the event's
    // date, place or type may have moved it, a discarded one leaves its happening.
    FusionReports reports;
    PgFusion fusion(*mConnection, reports);
    if (Status s = fusion.fuseEvents(std::move(toFuse)); !s)
        return R::failure(s.error());
    return eventId;
}

Result<QString> PgCorrectionWriter::machineSnapshot(qint64 eventId, int sentenceIndex)
{
    using R = Result<QString>;
    auto snap = mConnection->query(
        QStringLiteral("SELECT json_build_object('event', to_jsonb(e) - 'geom', 'sentence_idx', $2::int, 'actors', "
                       "COALESCE((SELECT json_agg(json_build_object('name', a.name, 'affiliation', a.affiliation, "
                       "'kind', a.kind, 'start', ea.span_start, 'end', ea.span_end) ORDER BY ea.span_start) "
                       "FROM event_actors ea JOIN actors a ON a.id = ea.actor_id WHERE ea.event_id = e.id), "
                       "'[]'::json))::text FROM events e WHERE e.id = $1::bigint"),
        {QString::number(eventId), QString::number(sentenceIndex)}, QStringLiteral("reading an event"));
    if (!snap)
        return R::failure(snap.error());
    if (snap->rows() == 0)
        return R::failure(QStringLiteral("%1: no event %2").arg(mConnection->url()).arg(eventId));
    return snap->string(0, 0);
}

Result<int> PgCorrectionWriter::applyToArticle(PgConnection &connection, const QString &contentHash,
                                               std::vector<qint64> *discarded)
{
    using R = Result<int>;
    const QString what = QStringLiteral("putting the analyst's corrections back on a re-imported article");
    auto pending = connection.query(QStringLiteral("SELECT content_hash, sentence_idx, trigger_start, trigger_end, machine_type, "
                                                   "ordinal FROM corrections WHERE content_hash = $1 AND event_id IS NULL "
                                                   "ORDER BY id"),
                                    {contentHash}, what);
    if (!pending)
        return R::failure(pending.error());
    if (pending->rows() == 0)
        return 0;
    // Borrowed: the import's connection, in its transaction.
    PgCorrectionWriter writer(std::shared_ptr<PgConnection>(&connection, [](PgConnection *) {}), QString());
    int applied = 0;
    for (int i = 0; i < pending->rows(); ++i) {
        const EventKey key{pending->string(i, 0), int(pending->int64(i, 1)), int(pending->int64(i, 2)),
                           int(pending->int64(i, 3)), pending->string(i, 4), int(pending->int64(i, 5))};
        const Result<qint64> machineId = writer.machineEventOf(key);
        if (!machineId)
            return R::failure(machineId.error());
        if (*machineId == 0)
            continue; // the extraction no longer finds it
        const auto stored = writer.correction(key);
        if (!stored)
            return R::failure(stored.error());
        if (!stored->has_value())
            continue;
        // The re-import's row is the machine's word now.
        Result<QString> machine = writer.machineSnapshot(*machineId, key.sentenceIndex);
        if (!machine)
            return R::failure(machine.error());
        qint64 eventId = *machineId;
        if ((*stored)->discarded) {
            auto gone = connection.query(QStringLiteral("DELETE FROM events WHERE id = $1::bigint"), {QString::number(eventId)},
                                         QStringLiteral("discarding the event again"));
            if (!gone)
                return R::failure(gone.error());
            if (discarded)
                discarded->push_back(eventId);
            eventId = 0;
        } else if (Status s = writer.writeEvent(eventId, *machine, **stored); !s) {
            return R::failure(s.error());
        }
        const QList<QString> values = {key.contentHash,          QString::number(key.sentenceIndex),
                                       QString::number(key.triggerStart), QString::number(key.triggerEnd),
                                       key.machineType,          QString::number(key.ordinal),
                                       eventId > 0 ? QString::number(eventId) : QString(), *machine};
        auto up = connection.query(
            QStringLiteral("UPDATE corrections SET event_id = $7::bigint, machine = $8 WHERE %1").arg(kWriterKeyWhere), values,
            what);
        if (!up)
            return R::failure(up.error());
        ++applied;
    }
    return applied;
}

Result<qint64> PgCorrectionWriter::restoreEvent(const EventKey &key, const QString &machine)
{
    using R = Result<qint64>;
    const QString what = QStringLiteral("bringing the discarded event back");
    auto article = mConnection->query(QStringLiteral("SELECT id FROM articles WHERE content_hash = $1"), {key.contentHash}, what);
    if (!article)
        return R::failure(article.error());
    if (article->rows() == 0)
        return qint64(0); // gone: the correction is kept for when it comes back, as on SQLite
    const QString articleId = article->string(0, 0);
    const QJsonObject saved = QJsonDocument::fromJson(machine.toUtf8()).object();
    QJsonObject row = saved.value(QStringLiteral("event")).toObject();
    // The ids of the article as it is now (a copy or a re-import may have given new ones), its old
    // id when nobody took it, and no happening: the fusion gives it one.
    const QString oldId = QString::number(row.value(QStringLiteral("id")).toInteger());
    auto ids = mConnection->query(
        QStringLiteral("SELECT CASE WHEN $1::bigint > 0 AND NOT EXISTS (SELECT 1 FROM events WHERE id = $1::bigint) "
                       "THEN $1::bigint ELSE nextval(pg_get_serial_sequence('events', 'id')) END, "
                       "(SELECT id FROM sentences WHERE article_id = $2::bigint AND idx = $3::int), "
                       "(SELECT id FROM datasets WHERE article_id = $2::bigint)"),
        {oldId, articleId, QString::number(saved.value(QStringLiteral("sentence_idx")).toInt(-1))}, what);
    if (!ids)
        return R::failure(ids.error());
    const qint64 id = ids->int64(0, 0);
    row.insert(QStringLiteral("id"), id);
    row.insert(QStringLiteral("article_id"), articleId.toLongLong());
    row.insert(QStringLiteral("sentence_id"), ids->isNull(0, 1) ? QJsonValue() : QJsonValue(ids->int64(0, 1)));
    if (!row.value(QStringLiteral("dataset_id")).isNull())
        row.insert(QStringLiteral("dataset_id"), ids->isNull(0, 2) ? QJsonValue() : QJsonValue(ids->int64(0, 2)));
    row.insert(QStringLiteral("happening_id"), QJsonValue());
    // The columns the row has (a row kept by an older Mapline or by SQLite may lack some: their
    // defaults), but the generated point.
    auto columns = mConnection->query(QStringLiteral("SELECT attname::text, quote_ident(attname) FROM pg_attribute WHERE "
                                                     "attrelid = 'events'::regclass AND attnum > 0 AND NOT attisdropped AND "
                                                     "attgenerated = '' ORDER BY attnum"),
                                      what);
    if (!columns)
        return R::failure(columns.error());
    QStringList names;
    for (int i = 0; i < columns->rows(); ++i)
        if (row.contains(columns->string(i, 0)))
            names << columns->string(i, 1);
    const QString list = names.join(QStringLiteral(", "));
    auto inserted = mConnection->query(QStringLiteral("INSERT INTO events (%1) SELECT %1 FROM jsonb_populate_record(NULL::events, "
                                                      "$1::jsonb)")
                                           .arg(list),
                                       {QString::fromUtf8(QJsonDocument(row).toJson(QJsonDocument::Compact))}, what);
    if (!inserted)
        return R::failure(inserted.error());
    return id;
}

Status PgCorrectionWriter::writeHappeningCorrections(const QList<HappeningCorrection> &add,
                                                     const QList<HappeningCorrection> &remove, qint64 seen,
                                                     CorrectionConflict *conflict)
{
    const QString what = QStringLiteral("saving a merge or split of happenings");
    // The reports named: the history's subjects (a merge is kept under both).
    QStringList subjects;
    for (const QList<HappeningCorrection> *list : {&add, &remove})
        for (const HappeningCorrection &c : *list)
            for (const EventKey *key : {&c.report, &c.other})
                if (key->isValid() && !subjects.contains(history::subject(*key)))
                    subjects << history::subject(*key);
    if (Status s = collectConflict(subjects, seen, conflict); !s)
        return s;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const auto kindName = [](HappeningCorrection::Kind k) {
        return k == HappeningCorrection::Kind::Merge ? QStringLiteral("merge") : QStringLiteral("split");
    };
    const auto keyValues = [](const EventKey &k) {
        return QList<QString>{k.contentHash, QString::number(k.sentenceIndex), QString::number(k.triggerStart),
                              QString::number(k.triggerEnd), k.machineType, QString::number(k.ordinal)};
    };
    // One history row per report named by each correction added or removed.
    const auto log = [&](const HappeningCorrection &c, bool added) -> Status {
        for (const HistoryEntry &e : history::entries(c, added, {mAnalyst, now}))
            if (const Result<qint64> id = appendHistory(e); !id)
                return Status::failure(id.error());
        return {};
    };
    // The events the corrections name are fused again, with them: their happenings are taken apart.
    std::vector<qint64> touched;
    const auto touch = [&](const HappeningCorrection &c) -> Status {
        for (const EventKey *key : {&c.report, &c.other}) {
            if (!key->isValid())
                continue;
            const Result<qint64> id = eventIdOf(*key);
            if (!id)
                return Status::failure(id.error());
            if (*id > 0)
                touched.push_back(*id);
        }
        return {};
    };
    for (const HappeningCorrection &c : remove) {
        const bool merge = c.kind == HappeningCorrection::Kind::Merge;
        QList<QString> params = QList<QString>{kindName(c.kind)} + keyValues(c.report);
        if (merge)
            params += keyValues(c.other);
        auto del = mConnection->query(
            merge ? QStringLiteral("DELETE FROM happening_corrections WHERE kind = $1 AND content_hash = $2 AND sentence_idx = "
                                   "$3::int AND trigger_start = $4::int AND trigger_end = $5::int AND machine_type = $6 AND "
                                   "ordinal = $7::int AND other_content_hash = $8 AND other_sentence_idx = $9::int AND "
                                   "other_trigger_start = $10::int AND other_trigger_end = $11::int AND "
                                   "other_machine_type = $12 AND other_ordinal = $13::int RETURNING id")
                  : QStringLiteral("DELETE FROM happening_corrections WHERE kind = $1 AND content_hash = $2 AND sentence_idx = "
                                   "$3::int AND trigger_start = $4::int AND trigger_end = $5::int AND machine_type = $6 AND "
                                   "ordinal = $7::int RETURNING id"),
            params, what);
        if (!del)
            return Status::failure(del.error());
        if (del->rows() > 0) {
            if (Status s = log(c, false); !s)
                return s;
        }
        if (Status s = touch(c); !s)
            return s;
    }
    for (const HappeningCorrection &c : add) {
        const bool merge = c.kind == HappeningCorrection::Kind::Merge;
        QList<QString> params = QList<QString>{kindName(c.kind)} + keyValues(c.report);
        params += merge ? keyValues(c.other) : QList<QString>(6);
        params << history::stampText(now) << (mAnalyst.isEmpty() ? QString() : mAnalyst);
        auto ins = mConnection->query(
            QStringLiteral("INSERT INTO happening_corrections (kind, content_hash, sentence_idx, trigger_start, trigger_end, "
                           "machine_type, ordinal, other_content_hash, other_sentence_idx, other_trigger_start, "
                           "other_trigger_end, other_machine_type, other_ordinal, corrected_at, corrected_by) VALUES ($1, "
                           "$2, $3::int, $4::int, $5::int, $6, $7::int, $8, $9::int, $10::int, $11::int, $12, $13::int, "
                           "$14, $15)"),
            params, what);
        if (!ins)
            return Status::failure(ins.error());
        if (Status s = log(c, true); !s)
            return s;
        if (Status s = touch(c); !s)
            return s;
    }
    FusionReports reports;
    PgFusion fusion(*mConnection, reports);
    return fusion.fuseEvents(std::move(touched));
}

// The machine's row with `correction` laid over it, as the event `eventId` (the caller fuses it
// again).
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
    return {};
}

Status PgCorrectionWriter::changeControlCorrections(const QList<ControlCorrection> &add, const QList<ControlCorrection> &remove,
                                                    qint64 seenRevision, CorrectionConflict *conflict)
{
    for (const ControlCorrection &c : add)
        if (c.place.isEmpty() || !c.from.isValid() || c.side.isEmpty())
            return Status::failure(QStringLiteral("%1: a correction of control needs a place, a day and a side").arg(mConnection->url()));
    const QString what = QStringLiteral("saving a correction of control");
    return inWrite(what, [&]() -> Status {
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
        return Status();
    });
}

} // namespace mapline::pg
