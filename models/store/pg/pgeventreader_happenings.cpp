// PgEventReader's happenings: EventStore::happenings (eventstore_happenings.cpp) in PostgreSQL's
// terms, the same rows in the same order with the same fields.
#include "store/pg/pgeventreader.h"

#include "store/pg/pgconnection.h"
#include "store/pg/pgsearch.h"
#include "store/pg/pgselection.h"
#include "store/externalidsearch.h"

#include <QHash>

#include <cmath>

namespace mapline::pg {
namespace {

Result<PgSelection> happeningSelection(const EventQuery &q)
{
    PgSelection w;
    if (q.from.isValid())
        w.add(QStringLiteral("COALESCE(h.date_end, h.date) >= ?::date"), {q.from.toString(Qt::ISODate)});
    if (q.to.isValid())
        w.add(QStringLiteral("h.date <= ?::date"), {q.to.toString(Qt::ISODate)});
    if (!q.types.isEmpty()) {
        QStringList marks(q.types.size(), QStringLiteral("?"));
        w.add(QStringLiteral("h.type IN (%1)").arg(marks.join(QLatin1Char(','))), q.types);
    }
    if (!q.actors.isEmpty()) {
        QStringList names(q.actors.size(), QStringLiteral("lower(a.name) = lower(?)"));
        w.add(QStringLiteral("EXISTS (SELECT 1 FROM events e JOIN event_actors ea ON ea.event_id = e.id JOIN actors a "
                             "ON a.id = ea.actor_id WHERE e.happening_id = h.id AND (%1))")
                  .arg(names.join(QStringLiteral(" OR "))),
              q.actors);
    }
    if (q.near.isValid()) {
        const double dLat = q.radiusKm / 111.32;
        const double dLon = q.radiusKm / (111.32 * std::max(0.01, std::cos(q.near.latitude() * M_PI / 180.0)));
        w.add(QStringLiteral("h.geom && ST_MakeEnvelope(?::float8, ?::float8, ?::float8, ?::float8, 4326)"),
              {PgSelection::number(q.near.longitude() - dLon), PgSelection::number(q.near.latitude() - dLat),
               PgSelection::number(q.near.longitude() + dLon), PgSelection::number(q.near.latitude() + dLat)});
    }
    if (!q.search.trimmed().isEmpty()) {
        const Result<QString> tsquery = tsqueryFor(q.search);
        if (!tsquery)
            return Result<PgSelection>::failure(tsquery.error());
        // One word also matches the events' external_id (externalidsearch.h), as in SQLite.
        const QString id = externalidsearch::likePattern(q.search);
        QStringList values{*tsquery, *tsquery};
        if (!id.isEmpty())
            values << id;
        w.add(id.isEmpty()
                  ? QStringLiteral("EXISTS (SELECT 1 FROM events e WHERE e.happening_id = h.id AND (e.sentence_id IN "
                                   "(SELECT id FROM sentences WHERE to_tsvector('words', text) @@ to_tsquery('words', ?)) OR "
                                   "e.article_id IN (SELECT id FROM articles WHERE to_tsvector('words', title) @@ "
                                   "to_tsquery('words', ?))))")
                  : QStringLiteral("EXISTS (SELECT 1 FROM events e WHERE e.happening_id = h.id AND (e.sentence_id IN "
                                   "(SELECT id FROM sentences WHERE to_tsvector('words', text) @@ to_tsquery('words', ?)) OR "
                                   "e.article_id IN (SELECT id FROM articles WHERE to_tsvector('words', title) @@ "
                                   "to_tsquery('words', ?)) OR e.external_id ILIKE ?))"),
              values);
    }
    if (q.articleId > 0)
        w.add(QStringLiteral("EXISTS (SELECT 1 FROM events e WHERE e.happening_id = h.id AND e.article_id = ?)"),
              {QString::number(q.articleId)});
    if (q.minSources > 0)
        w.add(QStringLiteral("h.sources >= ?"), {QString::number(q.minSources)});
    return w;
}

// As readHappening() in eventstore_happenings.cpp.
Happening happeningAt(const PgResult &r, int row)
{
    auto text = [&](int c) { return r.isNull(row, c) ? QString() : r.string(row, c); };
    Happening h;
    h.id = r.int64(row, 0);
    h.time.start = QDate::fromString(text(1), Qt::ISODate);
    h.time.end = QDate::fromString(text(2), Qt::ISODate);
    if (!h.time.end.isValid())
        h.time.end = h.time.start;
    h.time.precision = datePrecisionFromString(text(3));
    h.place.name = text(4);
    if (!r.isNull(row, 5) && !r.isNull(row, 6))
        h.place.coordinate = QGeoCoordinate(r.real(row, 6), r.real(row, 5));
    h.place.precision = geoPrecisionFromString(text(7));
    h.place.admin1 = text(8);
    h.place.country = text(9);
    h.type = text(10);
    h.acledEventType = text(11);
    h.family = text(12);
    h.actors = text(13).split(QStringLiteral("; "), Qt::SkipEmptyParts);
    h.reports = int(r.int64(row, 14));
    // 15, sources: the number of source_names
    h.sourceNames = text(16).split(QStringLiteral("; "), Qt::SkipEmptyParts);
    h.confidence = r.real(row, 17);
    h.disagreements = disagreementsFromJson(text(18));
    h.corrected = r.int64(row, 19) != 0;
    return h;
}

} // namespace

Result<QList<Happening>> PgEventReader::happenings(const EventQuery &query) const
{
    using R = Result<QList<Happening>>;
    const Result<PgSelection> w = happeningSelection(query);
    if (!w)
        return R::failure(w.error());
    QString text = QStringLiteral(
                       "SELECT h.id, h.date::text, h.date_end::text, h.date_precision, h.place, h.lon, h.lat, h.geo_precision, "
                       "h.admin1, h.country, h.type, h.acled_event_type, h.family, h.actors, h.reports, h.sources, "
                       "h.source_names, h.confidence, h.disagreements, h.corrected FROM happenings h%1 "
                       "ORDER BY h.date IS NULL, h.date, h.id")
                       .arg(w->where);
    if (query.limit >= 0 && !query.near.isValid())
        text += QStringLiteral(" LIMIT %1").arg(query.limit);
    const Result<PgResult> rows = mConnection->query(text, w->params, QStringLiteral("reading the happenings"));
    if (!rows)
        return R::failure(rows.error());
    QList<Happening> out;
    QHash<qint64, qsizetype> rowOf;
    for (int i = 0; i < rows->rows(); ++i) {
        Happening h = happeningAt(*rows, i);
        if (!query.reaches(h.place.coordinate))
            continue;
        if (query.limit >= 0 && out.size() >= query.limit)
            break;
        rowOf.insert(h.id, out.size());
        out << h;
    }
    if (out.isEmpty())
        return out;
    const Result<PgResult> members = mConnection->query(
        QStringLiteral("SELECT e.happening_id, e.id, e.article_id FROM events e WHERE e.happening_id IN "
                       "(SELECT h.id FROM happenings h%1) ORDER BY e.id")
            .arg(w->where),
        w->params, QStringLiteral("reading the happenings' reports"));
    if (!members)
        return R::failure(members.error());
    for (int i = 0; i < members->rows(); ++i) {
        const auto row = rowOf.constFind(members->int64(i, 0));
        if (row == rowOf.constEnd())
            continue;
        Happening &h = out[*row];
        h.eventIds << members->int64(i, 1);
        const qint64 article = members->int64(i, 2);
        if (!h.articleIds.contains(article))
            h.articleIds << article;
    }
    return out;
}

namespace {
const char kPgHappeningSelect[] =
    "SELECT h.id, h.date::text, h.date_end::text, h.date_precision, h.place, h.lon, h.lat, h.geo_precision, "
    "h.admin1, h.country, h.type, h.acled_event_type, h.family, h.actors, h.reports, h.sources, "
    "h.source_names, h.confidence, h.disagreements, h.corrected FROM happenings h";
} // namespace

Result<QHash<qint64, Happening>> PgEventReader::happeningsByIds(const QList<qint64> &ids) const
{
    using R = Result<QHash<qint64, Happening>>;
    QHash<qint64, Happening> out;
    if (ids.isEmpty())
        return out;
    QStringList parts;
    for (qint64 id : ids)
        parts << QString::number(id);
    const Result<PgResult> rows =
        mConnection->query(QString::fromLatin1(kPgHappeningSelect) + QStringLiteral(" WHERE h.id = ANY($1::bigint[])"),
                           {QLatin1Char('{') + parts.join(QLatin1Char(',')) + QLatin1Char('}')},
                           QStringLiteral("reading the happenings"));
    if (!rows)
        return R::failure(rows.error());
    for (int i = 0; i < rows->rows(); ++i) {
        Happening h = happeningAt(*rows, i);
        // HappeningLookup's fields: the table's page reads no actors, admin1 or country.
        h.actors.clear();
        h.place.admin1.clear();
        h.place.country.clear();
        out.insert(h.id, std::move(h));
    }
    return out;
}

Result<std::optional<Happening>> PgEventReader::happening(qint64 id) const
{
    using R = Result<std::optional<Happening>>;
    const QString key = QString::number(id);
    const Result<PgResult> row = mConnection->query(QString::fromLatin1(kPgHappeningSelect) + QStringLiteral(" WHERE h.id = $1"),
                                                    {key}, QStringLiteral("reading a happening"));
    if (!row)
        return R::failure(row.error());
    if (row->rows() == 0)
        return std::optional<Happening>();
    Happening h = happeningAt(*row, 0);
    const Result<PgResult> members = mConnection->query(
        QStringLiteral("SELECT id, article_id FROM events WHERE happening_id = $1 ORDER BY id"), {key},
        QStringLiteral("reading a happening's reports"));
    if (!members)
        return R::failure(members.error());
    for (int i = 0; i < members->rows(); ++i) {
        h.eventIds << members->int64(i, 0);
        if (!h.articleIds.contains(members->int64(i, 1)))
            h.articleIds << members->int64(i, 1);
    }
    return std::optional<Happening>(h);
}

} // namespace mapline::pg
