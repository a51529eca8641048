#include "eventlookup.h"

#include "store/eventstore.h"

#include <QHash>
#include <QSqlError>
#include <QSqlQuery>

namespace mapline {
namespace {
constexpr qsizetype kChunk = 400; // bound parameters per statement, well under SQLite's limit

Span spanAt(const QSqlQuery &q, int column)
{
    if (q.isNull(column) || q.isNull(column + 1))
        return {};
    return {q.value(column).toInt(), q.value(column + 1).toInt()};
}

QString marks(qsizetype n)
{
    QString s;
    s.reserve(n * 2);
    for (qsizetype i = 0; i < n; ++i)
        s += i ? QStringLiteral(",?") : QStringLiteral("?");
    return s;
}
} // namespace

Result<QList<Event>> EventLookup::byIds(const EventStore &store, const QList<qint64> &ids)
{
    using R = Result<QList<Event>>;
    QHash<qint64, Event> found;
    found.reserve(ids.size());
    for (qsizetype first = 0; first < ids.size(); first += kChunk) {
        const QList<qint64> chunk = ids.mid(first, kChunk);
        // The columns and their meaning as in EventStore::events().
        QSqlQuery q(store.database());
        q.setForwardOnly(true);
        q.prepare(QStringLiteral(
                      "SELECT e.id, e.article_id, s.idx, s.text, e.type, e.acled_event_type, e.acled_sub_event_type, "
                      "e.cameo_root, e.date, e.date_end, e.date_precision, e.time_text, e.time_rule, "
                      "p.name, e.geo_precision, e.lon, e.lat, p.admin1, p.admin2, p.country, p.gazetteer_id, p.source, "
                      "e.place_text, e.trigger_start, e.trigger_end, e.time_start, e.time_end, e.place_start, "
                      "e.place_end, e.confidence, e.flags "
                      "FROM events e LEFT JOIN sentences s ON s.id = e.sentence_id LEFT JOIN places p ON p.id = e.place_id "
                      "WHERE e.id IN (%1)")
                      .arg(marks(chunk.size())));
        for (qint64 id : chunk)
            q.addBindValue(id);
        if (!q.exec())
            return R::failure(QStringLiteral("%1: cannot read events: %2").arg(store.path(), q.lastError().text()));
        while (q.next()) {
            Event e;
            e.id = q.value(0).toLongLong();
            e.articleId = q.value(1).toLongLong();
            e.sentenceIndex = q.isNull(2) ? -1 : q.value(2).toInt();
            e.sentence = q.value(3).toString();
            e.type = q.value(4).toString();
            e.acledEventType = q.value(5).toString();
            e.acledSubEventType = q.value(6).toString();
            e.cameoRoot = q.value(7).toString();
            e.time.start = QDate::fromString(q.value(8).toString(), Qt::ISODate);
            e.time.end = q.isNull(9) ? e.time.start : QDate::fromString(q.value(9).toString(), Qt::ISODate);
            e.time.precision = datePrecisionFromString(q.value(10).toString());
            e.timeText = q.value(11).toString();
            e.timeRule = q.value(12).toString();
            e.place.name = q.value(13).toString();
            e.place.precision = geoPrecisionFromString(q.value(14).toString());
            if (!q.isNull(15) && !q.isNull(16))
                e.place.coordinate = QGeoCoordinate(q.value(16).toDouble(), q.value(15).toDouble());
            e.place.admin1 = q.value(17).toString();
            e.place.admin2 = q.value(18).toString();
            e.place.country = q.value(19).toString();
            e.place.gazetteerId = q.value(20).toLongLong();
            e.place.source = q.value(21).toString();
            e.placeText = q.value(22).toString();
            e.trigger = spanAt(q, 23);
            e.timeSpan = spanAt(q, 25);
            e.placeSpan = spanAt(q, 27);
            e.confidence = q.value(29).toDouble();
            e.flags = q.value(30).toUInt();
            found.insert(e.id, std::move(e));
        }
        QSqlQuery a(store.database());
        a.setForwardOnly(true);
        a.prepare(QStringLiteral("SELECT ea.event_id, a.name, a.affiliation, a.kind, ea.span_start, ea.span_end "
                                 "FROM event_actors ea JOIN actors a ON a.id = ea.actor_id "
                                 "WHERE ea.event_id IN (%1) ORDER BY ea.event_id, ea.span_start")
                      .arg(marks(chunk.size())));
        for (qint64 id : chunk)
            a.addBindValue(id);
        if (!a.exec())
            return R::failure(QStringLiteral("%1: cannot read actors: %2").arg(store.path(), a.lastError().text()));
        while (a.next()) {
            const auto it = found.find(a.value(0).toLongLong());
            if (it == found.end())
                continue;
            ActorMention m;
            m.actor = {a.value(1).toString(), a.value(2).toString(), a.value(3).toString()};
            m.span = spanAt(a, 4);
            it->actors.append(std::move(m));
        }
    }
    QList<Event> out;
    out.reserve(found.size());
    for (qint64 id : ids) {
        auto it = found.find(id);
        if (it != found.end()) {
            out.append(std::move(*it));
            found.erase(it);
        }
    }
    return out;
}

} // namespace mapline
