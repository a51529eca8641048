#include "store/pg/pgeventreader.h"

#include "event.h"
#include "store/pg/pgconnection.h"
#include "store/pg/pgschema.h"
#include "store/pg/pgsearch.h"
#include "store/pg/pgselection.h"
#include "store/externalidsearch.h"

#include <QStringList>

#include <libpq-fe.h>

#include <cmath>

namespace mapline::pg {
namespace {

constexpr int kBatch = 1000; // rows fetched from a cursor at a time

// The selection of selectionFor() in eventstore_query.cpp, in PostgreSQL's terms.
Result<PgSelection> selectionFor(const EventQuery &q)
{
    PgSelection sel;
    if (q.from.isValid())
        sel.add(QStringLiteral("COALESCE(e.date_end, e.date) >= ?::date"), {q.from.toString(Qt::ISODate)});
    if (q.to.isValid())
        sel.add(QStringLiteral("e.date <= ?::date"), {q.to.toString(Qt::ISODate)});
    if (!q.types.isEmpty()) {
        QStringList marks(q.types.size(), QStringLiteral("?"));
        sel.add(QStringLiteral("e.type IN (%1)").arg(marks.join(QLatin1Char(','))), q.types);
    }
    if (!q.actors.isEmpty()) {
        QStringList clauses(q.actors.size(), QStringLiteral("lower(a.name) = lower(?)"));
        sel.add(QStringLiteral("EXISTS (SELECT 1 FROM event_actors ea JOIN actors a ON a.id = ea.actor_id "
                               "WHERE ea.event_id = e.id AND (%1))").arg(clauses.join(QStringLiteral(" OR "))),
                q.actors);
    }
    if (q.near.isValid()) {
        // The box SQLite's R*Tree is asked for, through the GiST index; the exact distance is
        // checked after the query, as there.
        const double dLat = q.radiusKm / 111.32;
        const double cosLat = std::max(0.01, std::cos(q.near.latitude() * M_PI / 180.0));
        const double dLon = q.radiusKm / (111.32 * cosLat);
        sel.add(QStringLiteral("e.geom && ST_MakeEnvelope(?::float8, ?::float8, ?::float8, ?::float8, 4326)"),
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
        sel.add(id.isEmpty() ? QStringLiteral("(e.sentence_id IN (SELECT id FROM sentences WHERE to_tsvector('words', text) @@ "
                                              "to_tsquery('words', ?)) OR e.article_id IN (SELECT id FROM articles WHERE "
                                              "to_tsvector('words', title) @@ to_tsquery('words', ?)))")
                             : QStringLiteral("(e.sentence_id IN (SELECT id FROM sentences WHERE to_tsvector('words', text) @@ "
                                              "to_tsquery('words', ?)) OR e.article_id IN (SELECT id FROM articles WHERE "
                                              "to_tsvector('words', title) @@ to_tsquery('words', ?)) OR e.external_id ILIKE ?)"),
                values);
    }
    if (q.articleId > 0)
        sel.add(QStringLiteral("e.article_id = ?"), {QString::number(q.articleId)});
    if (q.minSources > 0)
        sel.add(QStringLiteral("e.happening_id IN (SELECT id FROM happenings WHERE sources >= ?)"),
                {QString::number(q.minSources)});
    return sel;
}

// The columns of EventRow::select(), in its order.
const char kSelect[] =
    "SELECT e.id, e.article_id, s.idx, s.text, e.type, e.acled_event_type, e.acled_sub_event_type, "
    "e.cameo_root, e.date::text, e.date_end::text, e.date_precision, e.time_text, e.time_rule, "
    "p.name, e.geo_precision, e.lon, e.lat, p.admin1, p.admin2, p.country, p.gazetteer_id, p.source, "
    "e.place_text, e.trigger_start, e.trigger_end, e.time_start, e.time_end, e.place_start, e.place_end, "
    "e.confidence, e.flags, e.happening_id, h.sources, e.external_id "
    "FROM events e LEFT JOIN sentences s ON s.id = e.sentence_id LEFT JOIN places p ON p.id = e.place_id "
    "LEFT JOIN happenings h ON h.id = e.happening_id";

// A value as QSqlQuery::value(c).toString() gives it: a null QString for NULL.
QString stringAt(const PgResult &r, int row, int column)
{
    return r.isNull(row, column) ? QString() : r.string(row, column);
}

Span spanAt(const PgResult &r, int row, int column)
{
    if (r.isNull(row, column) || r.isNull(row, column + 1))
        return {};
    return {int(r.int64(row, column)), int(r.int64(row, column + 1))};
}

// As EventRow::readPlace: nine columns from `column` on.
Place placeAt(const PgResult &r, int row, int column)
{
    Place p;
    p.name = stringAt(r, row, column);
    p.precision = geoPrecisionFromString(stringAt(r, row, column + 1));
    if (!r.isNull(row, column + 2) && !r.isNull(row, column + 3))
        p.coordinate = QGeoCoordinate(r.real(row, column + 3), r.real(row, column + 2));
    p.admin1 = stringAt(r, row, column + 4);
    p.admin2 = stringAt(r, row, column + 5);
    p.country = stringAt(r, row, column + 6);
    p.gazetteerId = r.int64(row, column + 7);
    p.source = stringAt(r, row, column + 8);
    return p;
}

// As EventRow::read.
Event eventAt(const PgResult &r, int row)
{
    Event e;
    e.id = r.int64(row, 0);
    e.articleId = r.int64(row, 1);
    e.sentenceIndex = r.isNull(row, 2) ? -1 : int(r.int64(row, 2));
    e.sentence = stringAt(r, row, 3);
    e.type = stringAt(r, row, 4);
    e.acledEventType = stringAt(r, row, 5);
    e.acledSubEventType = stringAt(r, row, 6);
    e.cameoRoot = stringAt(r, row, 7);
    e.time.start = QDate::fromString(stringAt(r, row, 8), Qt::ISODate);
    e.time.end = r.isNull(row, 9) ? e.time.start : QDate::fromString(stringAt(r, row, 9), Qt::ISODate);
    e.time.precision = datePrecisionFromString(stringAt(r, row, 10));
    e.timeText = stringAt(r, row, 11);
    e.timeRule = stringAt(r, row, 12);
    e.place = placeAt(r, row, 13);
    e.placeText = stringAt(r, row, 22);
    e.trigger = spanAt(r, row, 23);
    e.timeSpan = spanAt(r, row, 25);
    e.placeSpan = spanAt(r, row, 27);
    e.confidence = r.real(row, 29);
    e.flags = quint32(r.int64(row, 30));
    e.happeningId = r.int64(row, 31);
    e.sources = int(r.int64(row, 32));
    e.externalId = stringAt(r, row, 33);
    return e;
}

// A server-side cursor read a batch at a time.
class Cursor {
public:
    Cursor(PgConnection &c, QString name) : mConnection(c), mName(std::move(name)) {}
    Status declare(const QString &sql, const QList<QString> &params)
    {
        const Result<PgResult> r = mConnection.query(QStringLiteral("DECLARE %1 NO SCROLL CURSOR FOR %2").arg(mName, sql), params,
                                                     QStringLiteral("reading the events"));
        return r ? Status() : Status::failure(r.error());
    }
    // The next row (its index in current()), or -1 at the end; a failure sets `status`.
    int next(Status &status)
    {
        if (++mRow < mBatch.rows())
            return mRow;
        if (mEnd)
            return -1;
        Result<PgResult> r = mConnection.query(QStringLiteral("FETCH %1 FROM %2").arg(kBatch).arg(mName),
                                               QStringLiteral("reading the events"));
        if (!r) {
            status = Status::failure(r.error());
            return -1;
        }
        mBatch = std::move(r).value();
        mEnd = mBatch.rows() < kBatch;
        mRow = 0;
        return mBatch.rows() > 0 ? 0 : -1;
    }
    const PgResult &current() const { return mBatch; }

private:
    PgConnection &mConnection;
    QString mName;
    PgResult mBatch;
    int mRow = -1;
    bool mEnd = false;
};

} // namespace

PgEventReader::PgEventReader(std::unique_ptr<PgConnection> connection, const QByteArray &password)
    : mConnection(std::move(connection)), mPassword(password)
{
}

PgEventReader::~PgEventReader()
{
    mPassword.fill('\0');
}

Result<std::unique_ptr<PgEventReader>> PgEventReader::open(const QString &url, const QByteArray &password,
                                                           bool *needsPassword)
{
    using R = Result<std::unique_ptr<PgEventReader>>;
    auto c = PgConnection::open(url, password, needsPassword);
    if (!c)
        return R::failure(c.error());
    if (Result<int> v = pgschema::prepare(*c.value(), pgschema::Mode::ReadOnly); !v)
        return R::failure(v.error());
    return std::unique_ptr<PgEventReader>(new PgEventReader(std::move(c).value(), password));
}

const QString &PgEventReader::url() const { return mConnection->url(); }

bool PgEventReader::connectionLost() const
{
    return PQstatus(mConnection->handle()) == CONNECTION_BAD;
}

Status PgEventReader::reconnect() const
{
    auto fresh = PgConnection::open(mConnection->url(), mPassword);
    if (!fresh)
        return Status::failure(fresh.error());
    if (Result<int> v = pgschema::prepare(*fresh.value(), pgschema::Mode::ReadOnly); !v)
        return Status::failure(v.error());
    mConnection->adopt(*fresh.value());
    return {};
}

std::optional<Place> PgEventReader::findPlace(const QString &name) const
{
    const Result<PgResult> r = mConnection->query(
        QStringLiteral("SELECT name, kind, lon, lat, admin1, admin2, country, gazetteer_id, source FROM places "
                       "WHERE lower(name) = lower($1) AND lon IS NOT NULL ORDER BY "
                       "CASE kind WHEN 'city' THEN 0 WHEN 'landmark' THEN 1 WHEN 'district' THEN 2 "
                       "WHEN 'province' THEN 3 ELSE 4 END, id LIMIT 1"),
        {name}, QStringLiteral("looking up a place"));
    if (!r || r->rows() == 0)
        return std::nullopt;
    return placeAt(*r, 0, 0);
}

Status PgEventReader::validateSearch(const QString &search) const
{
    const Result<QString> q = tsqueryFor(search);
    return q ? Status() : Status::failure(q.error());
}

Result<QStringList> PgEventReader::eventTypes(const EventQuery &query) const
{
    const Result<PgSelection> sel = selectionFor(query);
    if (!sel)
        return Result<QStringList>::failure(sel.error());
    // Sorted byte by byte, as SQLite sorts: the database's collation might not.
    const Result<PgResult> r = mConnection->query(
        QStringLiteral("SELECT DISTINCT e.type COLLATE \"C\" FROM events e%1 ORDER BY 1").arg(sel->where), sel->params,
        QStringLiteral("reading the event types"));
    if (!r)
        return Result<QStringList>::failure(r.error());
    QStringList out;
    for (int i = 0; i < r->rows(); ++i)
        out << r->string(i, 0);
    return out;
}

Status PgEventReader::forEachEvent(const EventQuery &query, const std::function<bool(Event &&)> &sink) const
{
    const Result<PgSelection> selection = selectionFor(query);
    if (!selection)
        return Status::failure(selection.error());
    // One snapshot for both cursors; closing the transaction closes them.
    if (Status s = mConnection->exec(QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY"),
                                     QStringLiteral("reading the events"));
        !s)
        return s;
    struct Close {
        PgConnection &c;
        ~Close() { c.exec(QStringLiteral("COMMIT"), QString()); }
    } close{*mConnection};

    qint64 handed = 0;
    int cursor = 0;
    for (const bool dated : {true, false}) {
        if (query.limit >= 0 && handed >= query.limit)
            break;
        PgSelection sel = *selection;
        sel.add(dated ? QStringLiteral("e.date IS NOT NULL") : QStringLiteral("e.date IS NULL"));
        const QString order = dated ? QStringLiteral(" ORDER BY e.date, e.id") : QStringLiteral(" ORDER BY e.id");
        QString text = QString::fromLatin1(kSelect) + sel.where + order;
        if (query.limit >= 0 && !query.near.isValid())
            text += QStringLiteral(" LIMIT %1").arg(query.limit - handed);
        Cursor events(*mConnection, QStringLiteral("mapline_events_%1").arg(++cursor));
        if (Status s = events.declare(text, sel.params); !s)
            return s;
        // SQLite sorts NULL first: dataset actors (no span) in the order they were stored.
        Cursor actors(*mConnection, QStringLiteral("mapline_actors_%1").arg(cursor));
        if (Status s = actors.declare(QStringLiteral("SELECT ea.event_id, a.name, a.affiliation, a.kind, ea.span_start, "
                                                     "ea.span_end, ea.role FROM events e JOIN event_actors ea ON "
                                                     "ea.event_id = e.id JOIN actors a ON a.id = ea.actor_id") +
                                          sel.where + order + QStringLiteral(", ea.span_start NULLS FIRST, ea.actor_id"),
                                      sel.params);
            !s)
            return s;
        Status status;
        int actorRow = actors.next(status);
        for (int row = events.next(status); row >= 0; row = events.next(status)) {
            Event e = eventAt(events.current(), row);
            while (actorRow >= 0 && actors.current().int64(actorRow, 0) == e.id) {
                const PgResult &a = actors.current();
                ActorMention mention{{stringAt(a, actorRow, 1), stringAt(a, actorRow, 2), stringAt(a, actorRow, 3)},
                                     spanAt(a, actorRow, 4)};
                if (!mention.span.isValid())
                    mention.role = stringAt(a, actorRow, 6);
                e.actors.append(std::move(mention));
                actorRow = actors.next(status);
            }
            if (!status)
                return status;
            if (!query.reaches(e.place.coordinate))
                continue;
            if (query.limit >= 0 && handed >= query.limit)
                return {};
            ++handed;
            if (!sink(std::move(e)))
                return {};
        }
        if (!status)
            return status;
    }
    return {};
}

namespace {
// The ids as an array literal for "= ANY($1::bigint[])": one statement whatever the page's size.
QString idArrayLiteral(const QList<qint64> &ids)
{
    QStringList parts;
    parts.reserve(ids.size());
    for (qint64 id : ids)
        parts << QString::number(id);
    return QLatin1Char('{') + parts.join(QLatin1Char(',')) + QLatin1Char('}');
}
} // namespace

Result<QList<Event>> PgEventReader::eventsByIds(const QList<qint64> &ids) const
{
    using R = Result<QList<Event>>;
    QList<Event> out;
    if (ids.isEmpty())
        return out;
    const QString array = idArrayLiteral(ids);
    const Result<PgResult> rows = mConnection->query(QString::fromLatin1(kSelect) +
                                                         QStringLiteral(" WHERE e.id = ANY($1::bigint[])"),
                                                     {array}, QStringLiteral("reading events"));
    if (!rows)
        return R::failure(rows.error());
    QHash<qint64, Event> found;
    found.reserve(rows->rows());
    for (int i = 0; i < rows->rows(); ++i) {
        Event e = eventAt(*rows, i);
        found.insert(e.id, std::move(e));
    }
    // EventLookup's order: by event, then by span (SQLite sorts NULL first), then as stored.
    const Result<PgResult> actors = mConnection->query(
        QStringLiteral("SELECT ea.event_id, a.name, a.affiliation, a.kind, ea.span_start, ea.span_end FROM "
                       "event_actors ea JOIN actors a ON a.id = ea.actor_id WHERE ea.event_id = ANY($1::bigint[]) "
                       "ORDER BY ea.event_id, ea.span_start NULLS FIRST, ea.actor_id"),
        {array}, QStringLiteral("reading the events' actors"));
    if (!actors)
        return R::failure(actors.error());
    for (int i = 0; i < actors->rows(); ++i) {
        const auto it = found.find(actors->int64(i, 0));
        if (it == found.end())
            continue;
        // EventRow::readActor's fields (no dataset role, as the SQLite viewer reads them).
        it->actors.append({{stringAt(*actors, i, 1), stringAt(*actors, i, 2), stringAt(*actors, i, 3)},
                           spanAt(*actors, i, 4)});
    }
    out.reserve(found.size());
    for (qint64 id : ids)
        if (auto it = found.find(id); it != found.end()) {
            out.append(std::move(*it));
            found.erase(it);
        }
    return out;
}

} // namespace mapline::pg
