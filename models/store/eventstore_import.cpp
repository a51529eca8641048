// EventStore::importArticle: one article, its sentences, places, actors and events, in one transaction.
#include "store/eventstore.h"

#include "store/sqlutil.h"

#include <QDateTime>
#include <QFileInfo>
#include <QHash>
#include <QStorageInfo>

#include <sys/resource.h>

namespace mapline {
namespace {

// The prepared statements of one import, prepared once per article.
struct ImportStatements {
    explicit ImportStatements(const QSqlDatabase &db)
        : findArticle(db), insertArticle(db), insertSentence(db), upsertPlace(db), findPlace(db),
          upsertActor(db), findActor(db), insertEvent(db), insertEventActor(db)
    {
    }
    Status prepareAll()
    {
        const std::pair<QSqlQuery *, const char *> all[] = {
            {&findArticle, "SELECT id FROM articles WHERE content_hash = ?"},
            {&insertArticle, "INSERT INTO articles (content_hash, title, source, url, path, published, "
                             "dateline_place, body, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"},
            {&insertSentence, "INSERT INTO sentences (article_id, idx, start_offset, end_offset, text) "
                              "VALUES (?, ?, ?, ?, ?)"},
            {&upsertPlace, "INSERT INTO places (name, kind, admin1, admin2, country, lon, lat, gazetteer_id, source) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name, kind, admin1, country) DO NOTHING"},
            {&findPlace, "SELECT id FROM places WHERE name = ? AND kind = ? AND admin1 = ? AND country = ?"},
            {&upsertActor, "INSERT INTO actors (name, affiliation, kind) VALUES (?, ?, ?) "
                           "ON CONFLICT (name) DO NOTHING"},
            {&findActor, "SELECT id FROM actors WHERE name = ?"},
            {&insertEvent, "INSERT INTO events (article_id, sentence_id, type, acled_event_type, "
                           "acled_sub_event_type, cameo_root, date, date_end, date_precision, time_text, "
                           "time_rule, place_id, place_text, lon, lat, geo_precision, trigger_start, "
                           "trigger_end, time_start, time_end, place_start, place_end, confidence, flags) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"},
            {&insertEventActor, "INSERT OR IGNORE INTO event_actors (event_id, actor_id, span_start, span_end) "
                                "VALUES (?, ?, ?, ?)"},
        };
        for (const auto &[query, text] : all) {
            if (Status s = sql::prepare(*query, QString::fromLatin1(text)); !s)
                return s;
        }
        return {};
    }

    QSqlQuery findArticle, insertArticle, insertSentence, upsertPlace, findPlace, upsertActor, findActor,
        insertEvent, insertEventActor;
};

Result<qint64> placeId(ImportStatements &st, const Place &place)
{
    st.upsertPlace.bindValue(0, sql::text(place.name));
    st.upsertPlace.bindValue(1, toString(place.precision));
    st.upsertPlace.bindValue(2, sql::text(place.admin1));
    st.upsertPlace.bindValue(3, sql::text(place.admin2));
    st.upsertPlace.bindValue(4, sql::text(place.country));
    st.upsertPlace.bindValue(5, place.coordinate.longitude());
    st.upsertPlace.bindValue(6, place.coordinate.latitude());
    st.upsertPlace.bindValue(7, place.gazetteerId ? QVariant(place.gazetteerId) : QVariant());
    st.upsertPlace.bindValue(8, sql::text(place.source));
    if (Status s = sql::exec(st.upsertPlace, QStringLiteral("place %1").arg(place.name)); !s)
        return Result<qint64>::failure(s.error());
    st.findPlace.bindValue(0, sql::text(place.name));
    st.findPlace.bindValue(1, toString(place.precision));
    st.findPlace.bindValue(2, sql::text(place.admin1));
    st.findPlace.bindValue(3, sql::text(place.country));
    if (Status s = sql::exec(st.findPlace, QStringLiteral("place %1").arg(place.name)); !s)
        return Result<qint64>::failure(s.error());
    if (!st.findPlace.next())
        return Result<qint64>::failure(QStringLiteral("place %1 was not stored").arg(place.name));
    return st.findPlace.value(0).toLongLong();
}

Result<qint64> actorId(ImportStatements &st, const Actor &actor)
{
    st.upsertActor.bindValue(0, sql::text(actor.name));
    st.upsertActor.bindValue(1, sql::text(actor.affiliation));
    st.upsertActor.bindValue(2, sql::text(actor.kind));
    if (Status s = sql::exec(st.upsertActor, QStringLiteral("actor %1").arg(actor.name)); !s)
        return Result<qint64>::failure(s.error());
    st.findActor.bindValue(0, sql::text(actor.name));
    if (Status s = sql::exec(st.findActor, QStringLiteral("actor %1").arg(actor.name)); !s)
        return Result<qint64>::failure(s.error());
    if (!st.findActor.next())
        return Result<qint64>::failure(QStringLiteral("actor %1 was not stored").arg(actor.name));
    return st.findActor.value(0).toLongLong();
}

Status insertEvent(ImportStatements &st, const Event &e, qint64 articleId, const QList<qint64> &sentenceIds,
                   QHash<QString, qint64> &actorIds)
{
    QVariant place;
    if (e.place.isValid()) {
        const Result<qint64> id = placeId(st, e.place);
        if (!id)
            return Status::failure(id.error());
        place = *id;
    }
    const bool located = e.place.coordinate.isValid();
    QSqlQuery &q = st.insertEvent;
    int i = 0;
    q.bindValue(i++, articleId);
    q.bindValue(i++, e.sentenceIndex >= 0 && e.sentenceIndex < sentenceIds.size() ? QVariant(sentenceIds[e.sentenceIndex])
                                                                                  : QVariant());
    q.bindValue(i++, sql::text(e.type));
    q.bindValue(i++, sql::text(e.acledEventType));
    q.bindValue(i++, sql::text(e.acledSubEventType));
    q.bindValue(i++, sql::text(e.cameoRoot));
    q.bindValue(i++, sql::dateValue(e.time.start));
    q.bindValue(i++, sql::dateValue(e.time.end));
    q.bindValue(i++, toString(e.time.precision));
    q.bindValue(i++, sql::text(e.timeText));
    q.bindValue(i++, sql::text(e.timeRule));
    q.bindValue(i++, place);
    q.bindValue(i++, sql::text(e.placeText));
    q.bindValue(i++, located ? QVariant(e.place.coordinate.longitude()) : QVariant());
    q.bindValue(i++, located ? QVariant(e.place.coordinate.latitude()) : QVariant());
    q.bindValue(i++, toString(e.place.precision));
    for (const Span &span : {e.trigger, e.timeSpan, e.placeSpan}) {
        q.bindValue(i++, sql::intOrNull(span.start, span.isValid()));
        q.bindValue(i++, sql::intOrNull(span.end, span.isValid()));
    }
    q.bindValue(i++, e.confidence);
    q.bindValue(i++, e.flags);
    if (Status s = sql::exec(q, QStringLiteral("event \"%1\"").arg(e.type)); !s)
        return s;
    const qint64 eventId = q.lastInsertId().toLongLong();

    for (const ActorMention &mention : e.actors) {
        auto found = actorIds.find(mention.actor.name);
        if (found == actorIds.end()) {
            const Result<qint64> id = actorId(st, mention.actor);
            if (!id)
                return Status::failure(id.error());
            found = actorIds.insert(mention.actor.name, *id);
        }
        st.insertEventActor.bindValue(0, eventId);
        st.insertEventActor.bindValue(1, *found);
        st.insertEventActor.bindValue(2, sql::intOrNull(mention.span.start, mention.span.isValid()));
        st.insertEventActor.bindValue(3, sql::intOrNull(mention.span.end, mention.span.isValid()));
        if (Status s = sql::exec(st.insertEventActor, QStringLiteral("actor %1").arg(mention.actor.name)); !s)
            return s;
    }
    return {};
}

// [reliability] SQLite reports a write that the file-size limit (ulimit -f, EFBIG) refused as
// "disk I/O error", and a full disk as "database or disk is full": say which, so the user knows
// what to free or raise. Only called on failure; `why` is kept. See tst_dbfaults fullDisk*.
QString explainWriteFailure(const QString &databasePath, const QString &why)
{
    if (!why.contains(QStringLiteral("disk I/O error")) && !why.contains(QStringLiteral("disk is full")))
        return why;
    struct rlimit limit = {};
    if (::getrlimit(RLIMIT_FSIZE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
        for (const QString &file : {databasePath, databasePath + QStringLiteral("-wal")}) {
            if (QFileInfo(file).size() + 64 * 1024 >= qint64(limit.rlim_cur))
                return QStringLiteral("%1 reached the file size limit of this process (%2 bytes, ulimit -f) (%3)")
                    .arg(file).arg(qint64(limit.rlim_cur)).arg(why);
        }
    }
    const QStorageInfo disk(QFileInfo(databasePath).absolutePath());
    if (disk.isValid() && disk.bytesAvailable() < 1024 * 1024)
        return QStringLiteral("the disk holding %1 is full (%2 bytes free) (%3)")
            .arg(databasePath).arg(disk.bytesAvailable()).arg(why);
    return why;
}

} // namespace

Result<EventStore::ImportOutcome> EventStore::importArticle(const ParsedArticle &parsed)
{
    using R = Result<ImportOutcome>;
    const Article &a = parsed.article;
    const QString name = a.meta.path.isEmpty() ? (a.meta.title.isEmpty() ? QStringLiteral("article") : a.meta.title)
                                               : a.meta.path;
    auto fail = [&](const QString &why) {
        return R::failure(QStringLiteral("%1: not imported: %2").arg(name, explainWriteFailure(mPath, why)));
    };
    if (mMode == Mode::ReadOnly)
        return fail(QStringLiteral("the database %1 is open read-only").arg(mPath));
    if (a.contentHash.isEmpty())
        return fail(QStringLiteral("the article has no content hash"));

    QSqlDatabase db = database();
    ImportStatements st(db);
    if (Status s = st.prepareAll(); !s)
        return fail(s.error());

    // A rollback guard: any return before commit leaves no trace of this article.
    struct Guard {
        QSqlDatabase db;
        bool active = false;
        ~Guard()
        {
            if (active)
                QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        }
    } guard{db};
    if (Status s = sql::exec(db, QStringLiteral("BEGIN IMMEDIATE"), QStringLiteral("cannot start a transaction")); !s)
        return fail(s.error());
    guard.active = true;

    st.findArticle.bindValue(0, sql::text(a.contentHash));
    if (Status s = sql::exec(st.findArticle, QStringLiteral("duplicate check")); !s)
        return fail(s.error());
    if (st.findArticle.next()) {
        ImportOutcome outcome;
        outcome.articleId = st.findArticle.value(0).toLongLong();
        outcome.duplicate = true;
        return outcome; // the guard rolls back the (empty) transaction
    }

    int i = 0;
    st.insertArticle.bindValue(i++, sql::text(a.contentHash));
    st.insertArticle.bindValue(i++, sql::text(a.meta.title));
    st.insertArticle.bindValue(i++, sql::text(a.meta.source));
    st.insertArticle.bindValue(i++, sql::text(a.meta.url));
    st.insertArticle.bindValue(i++, sql::text(a.meta.path));
    st.insertArticle.bindValue(i++, sql::dateValue(a.meta.published));
    st.insertArticle.bindValue(i++, sql::text(a.datelinePlace));
    st.insertArticle.bindValue(i++, sql::text(a.body));
    st.insertArticle.bindValue(i++, QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    if (Status s = sql::exec(st.insertArticle, QStringLiteral("article")); !s)
        return fail(s.error());
    const qint64 articleId = st.insertArticle.lastInsertId().toLongLong();

    QList<qint64> sentenceIds;
    sentenceIds.reserve(a.sentences.size());
    for (const Sentence &s : a.sentences) {
        st.insertSentence.bindValue(0, articleId);
        st.insertSentence.bindValue(1, s.index);
        st.insertSentence.bindValue(2, s.start);
        st.insertSentence.bindValue(3, s.end);
        st.insertSentence.bindValue(4, sql::text(s.text));
        if (Status status = sql::exec(st.insertSentence, QStringLiteral("sentence %1").arg(s.index)); !status)
            return fail(status.error());
        sentenceIds.append(st.insertSentence.lastInsertId().toLongLong());
    }

    QHash<QString, qint64> actorIds;
    for (const Event &e : parsed.events) {
        if (Status s = insertEvent(st, e, articleId, sentenceIds, actorIds); !s)
            return fail(s.error());
    }

    if (Status s = sql::exec(db, QStringLiteral("COMMIT"), QStringLiteral("cannot commit")); !s)
        return fail(s.error());
    guard.active = false;

    ImportOutcome outcome;
    outcome.articleId = articleId;
    outcome.events = int(parsed.events.size());
    return outcome;
}

} // namespace mapline
