#include "store/correctionrows.h"

#include "event.h"
#include "store/entityids.h"
#include "store/sqlutil.h"

#include <QHash>
#include <QSqlRecord>

#include <cmath>

namespace mapline::correctionrows {
namespace {
constexpr quint32 kCorrectedEventFlag = Event::Corrected;
} // namespace

QJsonValue jsonOf(const QVariant &v)
{
    if (v.isNull())
        return QJsonValue::Null;
    switch (v.typeId()) {
    case QMetaType::LongLong:
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::ULongLong: return QJsonValue(v.toLongLong());
    case QMetaType::Double: return QJsonValue(v.toDouble());
    default: return QJsonValue(v.toString());
    }
}

QVariant variantOf(const QJsonValue &v)
{
    if (v.isNull() || v.isUndefined())
        return QVariant();
    if (v.isDouble()) {
        const double d = v.toDouble();
        if (d == double(qint64(d)) && std::abs(d) < 9e15)
            return QVariant(qint64(d));
        return QVariant(d);
    }
    return QVariant(v.toString());
}

// The event row (all columns) and its actors, as the machine wrote them.
Result<QJsonObject> snapshot(const QSqlDatabase &db, qint64 eventId, const QString &path)
{
    using R = Result<QJsonObject>;
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT * FROM events WHERE id = ?"));
    q.addBindValue(eventId);
    if (Status s = sql::exec(q, path); !s)
        return R::failure(s.error());
    if (!q.next())
        return R::failure(QStringLiteral("%1: no event %2").arg(path).arg(eventId));
    QJsonObject row;
    const QSqlRecord rec = q.record();
    for (int i = 0; i < rec.count(); ++i)
        row.insert(rec.fieldName(i), jsonOf(q.value(i)));
    QSqlQuery a(db);
    a.prepare(QStringLiteral("SELECT a.name, a.affiliation, a.kind, ea.span_start, ea.span_end FROM event_actors ea "
                             "JOIN actors a ON a.id = ea.actor_id WHERE ea.event_id = ? ORDER BY ea.span_start"));
    a.addBindValue(eventId);
    if (Status s = sql::exec(a, path); !s)
        return R::failure(s.error());
    QJsonArray actors;
    while (a.next())
        actors.append(QJsonObject{{QStringLiteral("name"), a.value(0).toString()},
                                  {QStringLiteral("affiliation"), a.value(1).toString()},
                                  {QStringLiteral("kind"), a.value(2).toString()},
                                  {QStringLiteral("start"), jsonOf(a.value(3))},
                                  {QStringLiteral("end"), jsonOf(a.value(4))}});
    return QJsonObject{{QStringLiteral("event"), row}, {QStringLiteral("actors"), actors}};
}

QJsonArray actorsToJson(const QList<Actor> &actors)
{
    QJsonArray out;
    for (const Actor &a : actors)
        out.append(QJsonObject{{QStringLiteral("name"), a.name},
                               {QStringLiteral("affiliation"), a.affiliation},
                               {QStringLiteral("kind"), a.kind}});
    return out;
}

QList<Actor> actorsFromJson(const QJsonArray &array)
{
    QList<Actor> actors;
    for (const QJsonValue &v : array) {
        const QJsonObject o = v.toObject();
        actors.append({o.value(QStringLiteral("name")).toString(), o.value(QStringLiteral("affiliation")).toString(),
                       o.value(QStringLiteral("kind")).toString()});
    }
    return actors;
}

Result<QStringList> eventColumns(const QSqlDatabase &db, const QString &path)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("PRAGMA table_info(events)")))
        return Result<QStringList>::failure(QStringLiteral("%1: %2").arg(path, q.lastError().text()));
    QStringList columns;
    while (q.next())
        columns << q.value(1).toString();
    return columns;
}

bool eventExists(const QSqlDatabase &db, qint64 id)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT 1 FROM events WHERE id = ?"));
    q.addBindValue(id);
    return q.exec() && q.next();
}

// Writes `machine` with `correction` laid over it as event `currentId` (0: none now) of the
// article `articleId`; returns the new event id (0 when discarded). Inside a transaction.
Result<qint64> materialise(const QSqlDatabase &db, EntityIds &ids, const QString &path, qint64 articleId, qint64 currentId,
                           const QJsonObject &machine, const std::optional<Correction> &correction)
{
    using R = Result<qint64>;
    if (currentId > 0) {
        QSqlQuery del(db);
        del.prepare(QStringLiteral("DELETE FROM events WHERE id = ?"));
        del.addBindValue(currentId);
        if (Status s = sql::exec(del, path); !s)
            return R::failure(s.error());
    }
    if (correction && correction->discarded)
        return qint64(0);

    const Result<QStringList> columns = eventColumns(db, path);
    if (!columns)
        return R::failure(columns.error());
    QJsonObject row = machine.value(QStringLiteral("event")).toObject();
    QHash<QString, QVariant> values;
    for (auto it = row.begin(); it != row.end(); ++it)
        if (columns->contains(it.key()))
            values.insert(it.key(), variantOf(it.value()));

    // Ids of the article as it is now (a re-import gives new ones).
    const int sentenceIndex = machine.value(QStringLiteral("sentence_idx")).toInt(-1);
    values[QStringLiteral("article_id")] = articleId;
    QVariant sentenceId;
    if (sentenceIndex >= 0) {
        QSqlQuery s(db);
        s.prepare(QStringLiteral("SELECT id FROM sentences WHERE article_id = ? AND idx = ?"));
        s.addBindValue(articleId);
        s.addBindValue(sentenceIndex);
        if (Status st = sql::exec(s, path); !st)
            return R::failure(st.error());
        if (s.next())
            sentenceId = s.value(0);
    }
    values[QStringLiteral("sentence_id")] = sentenceId;
    if (values.contains(QStringLiteral("dataset_id")) && !values.value(QStringLiteral("dataset_id")).isNull()) {
        QSqlQuery d(db);
        d.prepare(QStringLiteral("SELECT id FROM datasets WHERE article_id = ?"));
        d.addBindValue(articleId);
        if (Status st = sql::exec(d, path); !st)
            return R::failure(st.error());
        values[QStringLiteral("dataset_id")] = d.next() ? d.value(0) : QVariant();
    }
    // Keep the id the event had, so selections and the index stay valid; a re-imported article
    // already gave the row its id (currentId).
    // An event brought back (undo of a discard) gets its old id again when nobody took it.
    const qint64 machineId = values.value(QStringLiteral("id")).toLongLong();
    values[QStringLiteral("id")] = currentId > 0                                 ? QVariant(currentId)
                                   : machineId > 0 && !eventExists(db, machineId) ? QVariant(machineId)
                                                                                  : QVariant();

    QList<Actor> actors;
    QHash<QString, std::pair<QVariant, QVariant>> spans;
    for (const QJsonValue &v : machine.value(QStringLiteral("actors")).toArray()) {
        const QJsonObject o = v.toObject();
        const Actor a{o.value(QStringLiteral("name")).toString(), o.value(QStringLiteral("affiliation")).toString(),
                      o.value(QStringLiteral("kind")).toString()};
        actors.append(a);
        spans.insert(a.name, {variantOf(o.value(QStringLiteral("start"))), variantOf(o.value(QStringLiteral("end")))});
    }

    quint32 flags = quint32(values.value(QStringLiteral("flags")).toLongLong()) & ~kCorrectedEventFlag;
    if (correction && !correction->isEmpty()) {
        flags |= kCorrectedEventFlag;
        if (correction->time) {
            values[QStringLiteral("date")] = sql::dateValue(correction->time->start);
            values[QStringLiteral("date_end")] = sql::dateValue(correction->time->end);
            values[QStringLiteral("date_precision")] = toString(correction->time->precision);
            // An absolute date now: neither a rule nor the article's date re-resolves it (a later
            // redate of the article, EventStore::setPublishedDate, leaves it alone).
            values[QStringLiteral("time_rule")] = QString(QLatin1String(""));
            flags &= ~quint32(Event::InheritedTime);
        }
        if (correction->place) {
            const Place &p = *correction->place;
            const Result<qint64> placeId = ids.place(p);
            if (!placeId)
                return R::failure(QStringLiteral("%1: %2").arg(path, placeId.error()));
            values[QStringLiteral("place_id")] = *placeId;
            values[QStringLiteral("lon")] = p.coordinate.longitude();
            values[QStringLiteral("lat")] = p.coordinate.latitude();
            values[QStringLiteral("geo_precision")] = toString(p.precision);
            flags &= ~quint32(Event::InheritedPlace);
        }
        if (correction->type) {
            values[QStringLiteral("type")] = correction->type->type;
            values[QStringLiteral("acled_event_type")] = sql::text(correction->type->acledEventType);
            values[QStringLiteral("acled_sub_event_type")] = sql::text(correction->type->acledSubEventType);
            values[QStringLiteral("cameo_root")] = sql::text(correction->type->cameoRoot);
        }
        if (correction->actors)
            actors = *correction->actors;
    }
    values[QStringLiteral("flags")] = flags;

    QStringList names;
    QStringList marks;
    for (auto it = values.constBegin(); it != values.constEnd(); ++it) {
        names << it.key();
        marks << QStringLiteral("?");
    }
    QSqlQuery ins(db);
    if (Status s = sql::prepare(ins, QStringLiteral("INSERT INTO events (%1) VALUES (%2)")
                                         .arg(names.join(QLatin1Char(',')), marks.join(QLatin1Char(','))));
        !s)
        return R::failure(s.error());
    for (const QString &name : names)
        ins.addBindValue(values.value(name));
    if (Status s = sql::exec(ins, QStringLiteral("%1: corrected event").arg(path)); !s)
        return R::failure(s.error());
    const qint64 newId = ins.lastInsertId().toLongLong();

    for (const Actor &a : actors) {
        const Result<qint64> actorId = ids.actor(a);
        if (!actorId)
            return R::failure(QStringLiteral("%1: %2").arg(path, actorId.error()));
        const auto span = spans.value(a.name);
        QSqlQuery ea(db);
        ea.prepare(QStringLiteral("INSERT OR IGNORE INTO event_actors (event_id, actor_id, span_start, span_end) "
                                  "VALUES (?, ?, ?, ?)"));
        ea.addBindValue(newId);
        ea.addBindValue(*actorId);
        ea.addBindValue(span.first);
        ea.addBindValue(span.second);
        if (Status s = sql::exec(ea, path); !s)
            return R::failure(s.error());
    }
    return newId;
}

} // namespace mapline::correctionrows
