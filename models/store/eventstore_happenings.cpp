// EventStore's read side of happenings: the fused rows, filtered, with the ids of their reports.
#include "store/eventstore.h"

#include "store/externalidsearch.h"
#include "store/sqlutil.h"

#include <QHash>

#include <cmath>

namespace mapline {
namespace {

struct Where {
    QStringList clauses;
    QVariantList params;
    void add(const QString &clause, const QVariantList &values = {})
    {
        clauses << clause;
        params += values;
    }
    QString text() const { return clauses.isEmpty() ? QString() : QStringLiteral(" WHERE ") + clauses.join(QStringLiteral(" AND ")); }
    void bind(QSqlQuery &q) const
    {
        for (const QVariant &v : params)
            q.addBindValue(v);
    }
};

QString marks(qsizetype n)
{
    return QStringList(n, QStringLiteral("?")).join(QLatin1Char(','));
}

// The filters of `mapline events`, on a happening: its fused time, type and place; its reports'
// actors, article and text; its number of sources.
Where whereFor(const EventQuery &q)
{
    Where w;
    if (q.from.isValid())
        w.add(QStringLiteral("COALESCE(h.date_end, h.date) >= ?"), {q.from.toString(Qt::ISODate)});
    if (q.to.isValid())
        w.add(QStringLiteral("h.date <= ?"), {q.to.toString(Qt::ISODate)});
    if (!q.types.isEmpty()) {
        QVariantList values;
        for (const QString &t : q.types)
            values << t;
        w.add(QStringLiteral("h.type IN (%1)").arg(marks(values.size())), values);
    }
    if (!q.actors.isEmpty()) {
        QStringList names;
        QVariantList values;
        for (const QString &a : q.actors) {
            names << QStringLiteral("a.name = ? COLLATE NOCASE");
            values << a;
        }
        w.add(QStringLiteral("EXISTS (SELECT 1 FROM events e JOIN event_actors ea ON ea.event_id = e.id JOIN actors a "
                             "ON a.id = ea.actor_id WHERE e.happening_id = h.id AND (%1))")
                  .arg(names.join(QStringLiteral(" OR "))),
              values);
    }
    if (q.near.isValid()) {
        const double dLat = q.radiusKm / 111.32;
        const double dLon = q.radiusKm / (111.32 * std::max(0.01, std::cos(q.near.latitude() * M_PI / 180.0)));
        w.add(QStringLiteral("h.lon BETWEEN ? AND ? AND h.lat BETWEEN ? AND ?"),
              {q.near.longitude() - dLon, q.near.longitude() + dLon, q.near.latitude() - dLat, q.near.latitude() + dLat});
    }
    if (!q.search.trimmed().isEmpty()) {
        // One word also matches the events' external_id (externalidsearch.h).
        const QString id = externalidsearch::likePattern(q.search);
        QVariantList values{q.search, q.search};
        if (!id.isEmpty())
            values << id;
        w.add(id.isEmpty() ? QStringLiteral("EXISTS (SELECT 1 FROM events e WHERE e.happening_id = h.id AND (e.sentence_id IN "
                                            "(SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ?) OR e.article_id IN "
                                            "(SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)))")
                           : QStringLiteral("EXISTS (SELECT 1 FROM events e WHERE e.happening_id = h.id AND (e.sentence_id IN "
                                            "(SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ?) OR e.article_id IN "
                                            "(SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?) OR e.external_id LIKE ?))"),
              values);
    }
    if (q.articleId > 0)
        w.add(QStringLiteral("EXISTS (SELECT 1 FROM events e WHERE e.happening_id = h.id AND e.article_id = ?)"),
              {q.articleId});
    if (q.minSources > 0)
        w.add(QStringLiteral("h.sources >= ?"), {q.minSources});
    return w;
}

const char *const kColumns =
    "h.id, h.date, h.date_end, h.date_precision, h.place, h.lon, h.lat, h.geo_precision, h.admin1, h.country, "
    "h.type, h.acled_event_type, h.family, h.actors, h.reports, h.sources, h.source_names, h.confidence, "
    "h.disagreements, h.corrected";

Happening readHappening(const QSqlQuery &q)
{
    Happening h;
    int i = 0;
    h.id = q.value(i++).toLongLong();
    h.time.start = QDate::fromString(q.value(i++).toString(), Qt::ISODate);
    h.time.end = QDate::fromString(q.value(i++).toString(), Qt::ISODate);
    if (!h.time.end.isValid())
        h.time.end = h.time.start;
    h.time.precision = datePrecisionFromString(q.value(i++).toString());
    h.place.name = q.value(i++).toString();
    const QVariant lon = q.value(i++);
    const QVariant lat = q.value(i++);
    if (!lon.isNull() && !lat.isNull())
        h.place.coordinate = QGeoCoordinate(lat.toDouble(), lon.toDouble());
    h.place.precision = geoPrecisionFromString(q.value(i++).toString());
    h.place.admin1 = q.value(i++).toString();
    h.place.country = q.value(i++).toString();
    h.type = q.value(i++).toString();
    h.acledEventType = q.value(i++).toString();
    h.family = q.value(i++).toString();
    h.actors = q.value(i++).toString().split(QStringLiteral("; "), Qt::SkipEmptyParts);
    h.reports = q.value(i++).toInt();
    ++i; // sources: the number of source_names
    h.sourceNames = q.value(i++).toString().split(QStringLiteral("; "), Qt::SkipEmptyParts);
    h.confidence = q.value(i++).toDouble();
    h.disagreements = disagreementsFromJson(q.value(i++).toString());
    h.corrected = q.value(i++).toBool();
    return h;
}

} // namespace

Result<QList<Happening>> EventStore::happenings(const EventQuery &query) const
{
    using R = Result<QList<Happening>>;
    if (!mHasHappenings)
        return R::failure(QStringLiteral("%1: the database has no happenings yet (open it for writing once to fuse "
                                         "its events)").arg(mPath));
    if (!query.search.trimmed().isEmpty()) {
        if (Status s = validateSearch(query.search); !s)
            return R::failure(s.error());
    }
    const Where w = whereFor(query);
    QSqlQuery q(database());
    q.setForwardOnly(true);
    QString text = QStringLiteral("SELECT %1 FROM happenings h%2 ORDER BY h.date IS NULL, h.date, h.id")
                       .arg(QLatin1String(kColumns), w.text());
    if (query.limit >= 0 && !query.near.isValid())
        text += QStringLiteral(" LIMIT %1").arg(query.limit);
    if (Status s = sql::prepare(q, text); !s)
        return R::failure(s.error());
    w.bind(q);
    if (Status s = sql::exec(q, mPath); !s)
        return R::failure(s.error());
    QList<Happening> out;
    QHash<qint64, qsizetype> rowOf;
    while (q.next()) {
        Happening h = readHappening(q);
        if (!query.reaches(h.place.coordinate))
            continue;
        if (query.limit >= 0 && out.size() >= query.limit)
            break;
        rowOf.insert(h.id, out.size());
        out << h;
    }
    if (out.isEmpty())
        return out;
    // Their reports, in one pass over the events of the selected happenings.
    QSqlQuery members(database());
    members.setForwardOnly(true);
    if (Status s = sql::prepare(members, QStringLiteral("SELECT e.happening_id, e.id, e.article_id FROM events e WHERE "
                                                        "e.happening_id IN (SELECT h.id FROM happenings h%1) ORDER BY e.id")
                                             .arg(w.text()));
        !s)
        return R::failure(s.error());
    w.bind(members);
    if (Status s = sql::exec(members, mPath); !s)
        return R::failure(s.error());
    while (members.next()) {
        const auto row = rowOf.constFind(members.value(0).toLongLong());
        if (row == rowOf.constEnd())
            continue;
        Happening &h = out[*row];
        h.eventIds << members.value(1).toLongLong();
        const qint64 article = members.value(2).toLongLong();
        if (!h.articleIds.contains(article))
            h.articleIds << article;
    }
    return out;
}

Result<std::optional<Happening>> EventStore::happening(qint64 id) const
{
    using R = Result<std::optional<Happening>>;
    if (!mHasHappenings)
        return std::optional<Happening>();
    QSqlQuery q(database());
    q.prepare(QStringLiteral("SELECT %1 FROM happenings h WHERE h.id = ?").arg(QLatin1String(kColumns)));
    q.addBindValue(id);
    if (Status s = sql::exec(q, mPath); !s)
        return R::failure(s.error());
    if (!q.next())
        return std::optional<Happening>();
    Happening h = readHappening(q);
    QSqlQuery members(database());
    members.prepare(QStringLiteral("SELECT id, article_id FROM events WHERE happening_id = ? ORDER BY id"));
    members.addBindValue(id);
    if (Status s = sql::exec(members, mPath); !s)
        return R::failure(s.error());
    while (members.next()) {
        h.eventIds << members.value(0).toLongLong();
        if (!h.articleIds.contains(members.value(1).toLongLong()))
            h.articleIds << members.value(1).toLongLong();
    }
    return std::optional<Happening>(h);
}

} // namespace mapline
