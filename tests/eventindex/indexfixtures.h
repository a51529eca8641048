// Fixtures for tst_eventindex: events, articles and real stores with the rows that are hard for
// the index loader (no actors, many actors, ranges, weeks, months, a year, unresolved dates,
// unplaced events, corrected and discarded events, ids and actor links SQL alone writes).
#pragma once

#include "corrections/correction.h"
#include "store/eventstore.h"

#include <QCryptographicHash>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <memory>

namespace mapline::test {

inline Event makeEvent(qint64 id, const QString &type, QDate start, QDate end, double lon, double lat,
                       GeoPrecision precision = GeoPrecision::City, const QStringList &actors = {})
{
    Event e;
    e.id = id;
    e.type = type;
    e.time = {start, end, start == end ? DatePrecision::Day : DatePrecision::Range};
    e.place.name = QStringLiteral("P%1").arg(id);
    e.place.coordinate = QGeoCoordinate(lat, lon);
    e.place.precision = precision;
    for (const QString &a : actors)
        e.actors.append(ActorMention{Actor{a, a, QStringLiteral("group")}, Span{}});
    return e;
}

// One article of one sentence holding `events`, each with its own trigger span (so each has
// its own correction key).
inline ParsedArticle articleWith(const QString &body, const QList<Event> &events)
{
    ParsedArticle parsed;
    parsed.article.body = body;
    parsed.article.contentHash =
        QString::fromLatin1(QCryptographicHash::hash(body.toUtf8(), QCryptographicHash::Sha256).toHex());
    parsed.article.meta.title = QStringLiteral("Index test");
    parsed.article.meta.published = QDate(2001, 11, 22);
    parsed.article.sentences = {{0, 0, int(body.size()), body}};
    parsed.events = events;
    for (qsizetype i = 0; i < parsed.events.size(); ++i) {
        Event &e = parsed.events[i];
        e.sentenceIndex = 0;
        e.trigger = {int(i), int(i) + 1};
        e.confidence = 0.8;
    }
    return parsed;
}

// A new database in `dir`; null (with a warning) when it cannot be made.
inline std::unique_ptr<EventStore> newStore(const QTemporaryDir &dir)
{
    auto opened = EventStore::open(dir.filePath(QStringLiteral("events.sqlite")));
    if (!opened)
        qWarning() << opened.error();
    return opened ? std::move(opened).value() : nullptr;
}

// Runs SQL on the store's connection; the failing statement and SQLite's reason on failure.
inline Status execAll(EventStore &store, const QStringList &statements)
{
    QSqlQuery q(store.database());
    for (const QString &s : statements)
        if (!q.exec(s))
            return Status::failure(s + QStringLiteral(": ") + q.lastError().text());
    return {};
}

// What fillTrickyStore() wrote, by event.
struct TrickyEvents {
    qint64 corrected = 0; // a day, moved to 2001-11-23, its actors changed to Northern Alliance
    qint64 month = 0;     // November 2001, placed to a province, no actors
    qint64 week = 0;      // the ISO week of 2001-11-21, twelve actors (`many`)
    qint64 range = 0;     // 2001-11-18 to 20, negated and hypothetical
    qint64 year = 0;      // 2001, a type from a dataset, placed to a country, place inherited
    qint64 discarded = 0; // discarded by the analyst: gone from the events
    qint64 late = 1000000; // 2001-12-01 without an end, written by SQL, an actor with a large id
    QStringList many;
};

inline Result<TrickyEvents> fillTrickyStore(EventStore &store)
{
    using R = Result<TrickyEvents>;
    TrickyEvents ids;
    for (int i = 0; i < 11; ++i)
        ids.many << QStringLiteral("Group %1").arg(i);
    ids.many << QStringLiteral("Ahmad Shāh Massoud");
    const Event clash = makeEvent(0, "armed_clash", QDate(2001, 11, 21), QDate(2001, 11, 21), 68.868, 36.728,
                                  GeoPrecision::City, {"Taliban"});
    Event month = makeEvent(0, "talks", QDate(2001, 11, 1), QDate(2001, 11, 30), 69.178, 34.528, GeoPrecision::Province);
    month.time.precision = DatePrecision::Month;
    Event week = makeEvent(0, "shelling", QDate(), QDate(), 65.71, 31.61, GeoPrecision::District, ids.many);
    week.time = TimeRange::isoWeek(QDate(2001, 11, 21));
    Event range = makeEvent(0, "air_strike", QDate(2001, 11, 18), QDate(2001, 11, 20), 62.2, 34.35);
    range.flags = Event::Negated | Event::Hypothetical;
    Event year = makeEvent(0, "GDELT 190", QDate(2001, 1, 1), QDate(2001, 12, 31), 67.11, 36.71, GeoPrecision::Country);
    year.time.precision = DatePrecision::Year;
    year.flags = Event::InheritedPlace;
    Event unresolved = makeEvent(0, "threat", QDate(), QDate(), 70.45, 34.43, GeoPrecision::City, {"Taliban"});
    unresolved.time = {};
    Event unplaced = makeEvent(0, "statement", QDate(2001, 11, 22), QDate(2001, 11, 22), 0, 0);
    unplaced.place = {};
    const Event killing = makeEvent(0, "killing", QDate(2001, 11, 22), QDate(2001, 11, 22), 69.0, 34.0,
                                    GeoPrecision::Landmark, {"Taliban", "Northern Alliance"});
    const auto imported = store.importArticle(articleWith(
        QStringLiteral("Fighting, talks, shelling and strikes were reported across the north in November."),
        {clash, month, week, range, year, unresolved, unplaced, killing}));
    if (!imported)
        return R::failure(imported.error());
    const auto stored = store.events();
    if (!stored || stored->size() != 8)
        return R::failure(QStringLiteral("the tricky article did not store its eight events"));
    for (const Event &e : *stored) {
        qint64 *id = e.type == u"armed_clash" ? &ids.corrected : e.type == u"talks" ? &ids.month
                   : e.type == u"shelling"    ? &ids.week      : e.type == u"air_strike" ? &ids.range
                   : e.type == u"GDELT 190"   ? &ids.year      : e.type == u"killing" ? &ids.discarded : nullptr;
        if (id)
            *id = e.id;
    }

    // The analyst moves the clash and changes its actors, and discards the killing.
    Correction moved;
    moved.time = TimeRange::day(QDate(2001, 11, 23));
    moved.actors = QList<Actor>{Actor{QStringLiteral("Northern Alliance"), {}, QStringLiteral("group")}};
    Correction gone;
    gone.discarded = true;
    for (auto [id, correction] : {std::pair{&ids.corrected, &moved}, std::pair{&ids.discarded, &gone}}) {
        const auto key = store.eventKey(*id);
        if (!key)
            return R::failure(key.error());
        const auto now = store.setCorrection(*key, *correction);
        if (!now)
            return R::failure(now.error());
        if (correction == &moved)
            *id = *now; // the id of the event that now carries the correction
    }

    // Rows only SQL writes: an id far past the others, a date without an end, an actor with a
    // large id, actor links of an undated event, and links to no event at all (before, between
    // and after the events: the loader's merge must step over them).
    const Status sql = execAll(store, {
        QStringLiteral("INSERT INTO actors (id, name) VALUES (5000000, 'Sparse Actor')"),
        QStringLiteral("INSERT INTO events (id, article_id, type, date, date_end, lon, lat, geo_precision, confidence) "
                       "SELECT %1, article_id, 'armed_clash', '2001-12-01', NULL, 69.2, 34.5, 'city', 0.5 "
                       "FROM events LIMIT 1").arg(ids.late),
        QStringLiteral("INSERT INTO event_actors (event_id, actor_id) VALUES (%1, 5000000)").arg(ids.late),
        QStringLiteral("INSERT INTO event_actors (event_id, actor_id) SELECT id, 5000000 FROM events WHERE date IS NULL"),
        QStringLiteral("PRAGMA foreign_keys=OFF"),
        QStringLiteral("INSERT INTO event_actors (event_id, actor_id) VALUES (0, 5000000), (999999, 5000000), "
                       "(2000000, 5000000)"),
        QStringLiteral("PRAGMA foreign_keys=ON"),
    });
    if (!sql)
        return R::failure(sql.error());
    return ids;
}

} // namespace mapline::test
