// EventStore's read side: events by filter, one article, statistics.
#include "store/eventstore.h"

#include "store/eventselection.h"
#include "store/externalidsearch.h"
#include "store/sqlutil.h"

#include <cmath>

#include <sqlite3.h>

namespace mapline {
namespace {

QString placeholders(qsizetype n)
{
    QStringList marks(n, QStringLiteral("?"));
    return marks.join(QLatin1Char(','));
}

} // namespace

void EventSelection::bind(QSqlQuery &query) const
{
    for (const QVariant &v : params)
        query.addBindValue(v);
}

EventSelection EventSelection::of(const EventQuery &q)
{
    EventSelection sel;
    if (q.from.isValid())
        sel.add(QStringLiteral("COALESCE(e.date_end, e.date) >= ?"), {q.from.toString(Qt::ISODate)});
    if (q.to.isValid())
        sel.add(QStringLiteral("e.date <= ?"), {q.to.toString(Qt::ISODate)});
    if (!q.types.isEmpty()) {
        QVariantList values;
        for (const QString &t : q.types)
            values << t;
        sel.add(QStringLiteral("e.type IN (%1)").arg(placeholders(values.size())), values);
    }
    if (!q.actors.isEmpty()) {
        QStringList clauses;
        QVariantList values;
        for (const QString &a : q.actors) {
            clauses << QStringLiteral("a.name = ? COLLATE NOCASE");
            values << a;
        }
        sel.add(QStringLiteral("EXISTS (SELECT 1 FROM event_actors ea JOIN actors a ON a.id = ea.actor_id "
                               "WHERE ea.event_id = e.id AND (%1))").arg(clauses.join(QStringLiteral(" OR "))),
                values);
    }
    if (q.near.isValid()) {
        // A box that holds the circle; the exact distance is checked after the query.
        const double dLat = q.radiusKm / 111.32;
        const double cosLat = std::max(0.01, std::cos(q.near.latitude() * M_PI / 180.0));
        const double dLon = q.radiusKm / (111.32 * cosLat);
        sel.add(QStringLiteral("e.id IN (SELECT id FROM events_rtree WHERE min_lon >= ? AND max_lon <= ? "
                               "AND min_lat >= ? AND max_lat <= ?)"),
                {q.near.longitude() - dLon, q.near.longitude() + dLon, q.near.latitude() - dLat,
                 q.near.latitude() + dLat});
    }
    if (!q.search.trimmed().isEmpty()) {
        // One word also matches the events' external_id (externalidsearch.h: a GDELT event's number).
        const QString id = externalidsearch::likePattern(q.search);
        if (id.isEmpty())
            sel.add(QStringLiteral("(e.sentence_id IN (SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ?) "
                                   "OR e.article_id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?))"),
                    {q.search, q.search});
        else
            sel.add(QStringLiteral("(e.sentence_id IN (SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ?) "
                                   "OR e.article_id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?) "
                                   "OR e.external_id LIKE ?)"),
                    {q.search, q.search, id});
    }
    if (q.articleId > 0)
        sel.add(QStringLiteral("e.article_id = ?"), {q.articleId});
    if (q.minSources > 0)
        sel.add(QStringLiteral("e.happening_id IN (SELECT id FROM happenings WHERE sources >= ?)"), {q.minSources});
    return sel;
}

namespace {

Span spanAt(const QSqlQuery &q, int column)
{
    if (q.isNull(column) || q.isNull(column + 1))
        return {};
    return {q.value(column).toInt(), q.value(column + 1).toInt()};
}

} // namespace

QString EventRow::select(bool happenings, bool externalIds)
{
    return QStringLiteral(
        "SELECT e.id, e.article_id, s.idx, s.text, e.type, e.acled_event_type, e.acled_sub_event_type, "
        "e.cameo_root, e.date, e.date_end, e.date_precision, e.time_text, e.time_rule, "
        "p.name, e.geo_precision, e.lon, e.lat, p.admin1, p.admin2, p.country, p.gazetteer_id, p.source, "
        "e.place_text, e.trigger_start, e.trigger_end, e.time_start, e.time_end, e.place_start, e.place_end, "
        "e.confidence, e.flags, %1, %2 "
        "FROM events e LEFT JOIN sentences s ON s.id = e.sentence_id LEFT JOIN places p ON p.id = e.place_id%3")
        .arg(happenings ? QStringLiteral("e.happening_id, h.sources") : QStringLiteral("0, 0"),
             externalIds ? QStringLiteral("e.external_id") : QStringLiteral("''"),
             happenings ? QStringLiteral(" LEFT JOIN happenings h ON h.id = e.happening_id") : QString());
}

Event EventRow::read(const QSqlQuery &q)
{
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
    e.place = readPlace(q, 13);
    e.placeText = q.value(22).toString();
    e.trigger = spanAt(q, 23);
    e.timeSpan = spanAt(q, 25);
    e.placeSpan = spanAt(q, 27);
    e.confidence = q.value(29).toDouble();
    e.flags = q.value(30).toUInt();
    e.happeningId = q.value(31).toLongLong();
    e.sources = q.value(32).toInt();
    e.externalId = q.value(33).toString();
    return e;
}

Place EventRow::readPlace(const QSqlQuery &q, int column)
{
    Place p;
    p.name = q.value(column).toString();
    p.precision = geoPrecisionFromString(q.value(column + 1).toString());
    if (!q.isNull(column + 2) && !q.isNull(column + 3))
        p.coordinate = QGeoCoordinate(q.value(column + 3).toDouble(), q.value(column + 2).toDouble());
    p.admin1 = q.value(column + 4).toString();
    p.admin2 = q.value(column + 5).toString();
    p.country = q.value(column + 6).toString();
    p.gazetteerId = q.value(column + 7).toLongLong();
    p.source = q.value(column + 8).toString();
    return p;
}

QString EventRow::selectActors()
{
    return QStringLiteral("SELECT ea.event_id, a.name, a.affiliation, a.kind, ea.span_start, ea.span_end "
                          "FROM event_actors ea JOIN actors a ON a.id = ea.actor_id");
}

ActorMention EventRow::readActor(const QSqlQuery &q)
{
    return {{q.value(1).toString(), q.value(2).toString(), q.value(3).toString()}, spanAt(q, 4)};
}

// FTS5 reports a malformed query in several ways (syntax error, unterminated string, no such
// column). The query is tried on an empty in-memory table with the columns and tokenizer of
// sentences_fts, so that only the query can be at fault: a damaged or missing index in the
// database is a failure of the database, reported by the search itself (searchFailure), not the
// user's error.
Status EventStore::validateSearch(const QString &search) const
{
    sqlite3 *memory = nullptr;
    QString why;
    if (sqlite3_open_v2(":memory:", &memory, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK ||
        sqlite3_exec(memory, "CREATE VIRTUAL TABLE q USING fts5(mapline_words, tokenize='unicode61 remove_diacritics 2')",
                     nullptr, nullptr, nullptr) != SQLITE_OK) {
        why = QString::fromUtf8(sqlite3_errmsg(memory));
        sqlite3_close(memory);
        return Status::failure(QStringLiteral("cannot check the search: %1").arg(why));
    }
    // The column has a name no query uses: a column filter ("text:x") is refused here, as it
    // would fail on one of the two indexes searched (sentences' text, articles' title).
    sqlite3_stmt *stmt = nullptr;
    const QByteArray text = search.toUtf8();
    int rc = sqlite3_prepare_v2(memory, "SELECT 1 FROM q WHERE q MATCH ?", -1, &stmt, nullptr);
    if (rc == SQLITE_OK && (rc = sqlite3_bind_text(stmt, 1, text.constData(), int(text.size()), SQLITE_STATIC)) == SQLITE_OK)
        rc = sqlite3_step(stmt);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        why = QString::fromUtf8(sqlite3_errmsg(memory));
    sqlite3_finalize(stmt);
    sqlite3_close(memory);
    if (why.isEmpty())
        return {};
    return Status::failure(QStringLiteral("the search \"%1\" is not a valid full-text query (%2); put phrases in "
                                          "double quotes and use AND, OR, NOT between words")
                               .arg(search, why));
}

QString EventStore::searchFailure(const QString &why) const
{
    return QStringLiteral("%1: the full-text index cannot be searched (%2); `mapline check --db %1` says what is "
                          "wrong, `mapline repair --db %1` rebuilds the index")
        .arg(mPath, why);
}

Result<QList<Event>> EventStore::events(const EventQuery &query) const
{
    QList<Event> out;
    if (Status s = forEachEvent(query, [&out](Event &&e) {
            out.append(std::move(e));
            return true;
        });
        !s)
        return Result<QList<Event>>::failure(s.error());
    return out;
}

// Two cursors walk in step, each in one order: the events, and their actors joined to the same
// selection and sorted by the same key, so each event's actors are the actor rows that come while
// it is current. Dated events come first (the date index gives them in order, no sort of the whole
// selection), then the undated ones by id.
Status EventStore::forEachEvent(const EventQuery &query, const std::function<bool(Event &&)> &sink) const
{
    if (query.minSources > 0 && !mHasHappenings)
        return Status::failure(QStringLiteral("%1: the database has no happenings yet (open it for writing once "
                                              "to fuse its events)").arg(mPath));
    const bool searching = !query.search.trimmed().isEmpty();
    if (searching) {
        if (Status s = validateSearch(query.search); !s)
            return s;
    }
    // The query's own failure names the database; with a search it is the full-text index's.
    auto failure = [&](const QSqlQuery &q) {
        const QString why = q.lastError().databaseText().isEmpty() ? q.lastError().text() : q.lastError().databaseText();
        return Status::failure(searching ? searchFailure(why) : QStringLiteral("%1: %2").arg(mPath, q.lastError().text()));
    };

    const int version = schemaVersion();
    const bool roles = version >= 7;
    const bool externalIds = version >= 2; // schema 1 (read-only) has no external_id
    qint64 handed = 0;
    for (const bool dated : {true, false}) {
        if (query.limit >= 0 && handed >= query.limit)
            break;
        EventSelection sel = EventSelection::of(query);
        sel.add(dated ? QStringLiteral("e.date IS NOT NULL") : QStringLiteral("e.date IS NULL"));
        const QString order = dated ? QStringLiteral(" ORDER BY e.date, e.id") : QStringLiteral(" ORDER BY e.id");
        QString text = EventRow::select(mHasHappenings, externalIds) + sel.where + order;
        if (query.limit >= 0 && !query.near.isValid())
            text += QStringLiteral(" LIMIT %1").arg(query.limit - handed);
        QSqlQuery q(database());
        q.setForwardOnly(true);
        if (!q.prepare(text))
            return failure(q);
        sel.bind(q);
        if (!q.exec())
            return failure(q);

        QSqlQuery actors(database());
        actors.setForwardOnly(true);
        // With a dataset's roles (schema 7; an older database opened read-only has none): column 6.
        const QString actorText =
            QStringLiteral("SELECT ea.event_id, a.name, a.affiliation, a.kind, ea.span_start, ea.span_end%1 FROM events e "
                           "JOIN event_actors ea ON ea.event_id = e.id JOIN actors a ON a.id = ea.actor_id")
                .arg(roles ? QStringLiteral(", ea.role") : QString()) +
            // Ties (a dataset's actors have no span) by actor id: the order the PostgreSQL store
            // gives too (store/pg/pgeventreader.cpp), so both print the same bytes.
            sel.where + order + QStringLiteral(", ea.span_start, ea.actor_id");
        if (!actors.prepare(actorText))
            return failure(actors);
        sel.bind(actors);
        if (!actors.exec())
            return failure(actors);
        bool actorRow = actors.next();

        while (q.next()) {
            Event e = EventRow::read(q);
            while (actorRow && actors.value(0).toLongLong() == e.id) {
                ActorMention mention = EventRow::readActor(actors);
                if (roles && !mention.span.isValid())
                    mention.role = actors.value(6).toString();
                e.actors.append(std::move(mention));
                actorRow = actors.next();
            }
            if (!query.reaches(e.place.coordinate))
                continue;
            if (query.limit >= 0 && handed >= query.limit)
                return {};
            ++handed;
            if (!sink(std::move(e)))
                return {};
        }
        if (q.lastError().isValid()) // a row that could not be read (a damaged page)
            return failure(q);
        if (actors.lastError().isValid())
            return failure(actors);
    }
    return {};
}

Result<QStringList> EventStore::eventTypes(const EventQuery &query) const
{
    const EventSelection sel = EventSelection::of(query);
    QSqlQuery q(database());
    q.setForwardOnly(true);
    if (Status s = sql::prepare(q, QStringLiteral("SELECT DISTINCT e.type FROM events e%1 ORDER BY 1").arg(sel.where)); !s)
        return Result<QStringList>::failure(s.error());
    sel.bind(q);
    if (Status s = sql::exec(q, mPath); !s)
        return Result<QStringList>::failure(s.error());
    QStringList types;
    while (q.next())
        types.append(q.value(0).toString());
    return types;
}

Result<qint64> EventStore::eventCount(const EventQuery &query) const
{
    const EventSelection sel = EventSelection::of(query);
    QSqlQuery q(database());
    if (Status s = sql::prepare(q, QStringLiteral("SELECT count(*) FROM events e%1").arg(sel.where)); !s)
        return Result<qint64>::failure(s.error());
    sel.bind(q);
    if (Status s = sql::exec(q, mPath); !s)
        return Result<qint64>::failure(s.error());
    if (!q.next())
        return Result<qint64>::failure(QStringLiteral("%1: %2").arg(mPath, q.lastError().text()));
    const qint64 n = q.value(0).toLongLong();
    return query.limit >= 0 ? std::min<qint64>(n, query.limit) : n;
}

Result<Article> EventStore::article(qint64 id) const
{
    using R = Result<Article>;
    QSqlQuery q(database());
    q.prepare(QStringLiteral("SELECT content_hash, title, source, url, path, published, dateline_place, body "
                             "FROM articles WHERE id = ?"));
    q.addBindValue(id);
    if (Status s = sql::exec(q, mPath); !s)
        return R::failure(s.error());
    if (!q.next())
        return R::failure(QStringLiteral("%1: no article %2").arg(mPath).arg(id));
    Article a;
    a.id = id;
    a.contentHash = q.value(0).toString();
    a.meta.title = q.value(1).toString();
    a.meta.source = q.value(2).toString();
    a.meta.url = q.value(3).toString();
    a.meta.path = q.value(4).toString();
    a.meta.published = QDate::fromString(q.value(5).toString(), Qt::ISODate);
    a.datelinePlace = q.value(6).toString();
    a.body = q.value(7).toString();

    QSqlQuery s(database());
    s.prepare(QStringLiteral("SELECT idx, start_offset, end_offset, text FROM sentences WHERE article_id = ? ORDER BY idx"));
    s.addBindValue(id);
    if (Status st = sql::exec(s, mPath); !st)
        return R::failure(st.error());
    while (s.next())
        a.sentences.append({s.value(0).toInt(), s.value(1).toInt(), s.value(2).toInt(), s.value(3).toString()});
    return a;
}

Result<EventStore::Stats> EventStore::stats() const
{
    using R = Result<Stats>;
    QSqlQuery q(database());
    if (!q.exec(QStringLiteral("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM sentences), "
                               "(SELECT count(*) FROM events), (SELECT min(date) FROM events), "
                               "(SELECT max(COALESCE(date_end, date)) FROM events)")) || !q.next())
        return R::failure(QStringLiteral("%1: %2").arg(mPath, q.lastError().text()));
    Stats st;
    st.articles = q.value(0).toLongLong();
    st.sentences = q.value(1).toLongLong();
    st.events = q.value(2).toLongLong();
    st.firstDate = QDate::fromString(q.value(3).toString(), Qt::ISODate);
    st.lastDate = QDate::fromString(q.value(4).toString(), Qt::ISODate);
    return st;
}

std::optional<Place> EventStore::findPlace(const QString &name) const
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral("SELECT name, kind, lon, lat, admin1, admin2, country, gazetteer_id, source FROM places "
                             "WHERE name = ? COLLATE NOCASE AND lon IS NOT NULL ORDER BY "
                             "CASE kind WHEN 'city' THEN 0 WHEN 'landmark' THEN 1 WHEN 'district' THEN 2 "
                             "WHEN 'province' THEN 3 ELSE 4 END LIMIT 1"));
    q.addBindValue(name);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return EventRow::readPlace(q, 0);
}

} // namespace mapline
