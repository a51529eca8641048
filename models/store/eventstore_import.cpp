// EventStore::importArticle: one article, its sentences, places, actors and events, in one
// transaction, or one savepoint of a batch (eventstore_batch.cpp).
#include "store/eventstore.h"

#include "store/eventcolumns.h"
#include "store/sqlutil.h"
#include "store/writecache.h"
#include "store/writescope.h"

#include <QDateTime>
#include <QFileInfo>
#include <QHash>
#include <QStorageInfo>

#include <sys/resource.h>

namespace mapline {

Status ArticleStatements::prepareAll()
{
    if (prepared)
        return {};
    if (Status s = sql::prepareAll({
            {&findArticle, "SELECT id FROM articles WHERE content_hash = ?"},
            {&insertArticle, "INSERT INTO articles (content_hash, title, source, url, path, published, "
                             "dateline_place, body, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"},
            {&insertSentence, "INSERT INTO sentences (article_id, idx, start_offset, end_offset, text) "
                              "VALUES (?, ?, ?, ?, ?)"},
            {&insertEventActor, eventcolumns::kInsertActor},
        });
        !s)
        return s;
    const QString event = QStringLiteral("INSERT INTO events (article_id, sentence_id, %1, time_rule, trigger_start, "
                                         "trigger_end, time_start, time_end, place_start, place_end, flags) VALUES (%2)")
                              .arg(QLatin1String(eventcolumns::kCommon), eventcolumns::placeholders(eventcolumns::kCommonCount + 10));
    if (Status s = sql::prepare(insertEvent, event); !s)
        return s;
    prepared = true;
    return {};
}

namespace {

Status insertEvent(ArticleStatements &st, EntityIds &ids, const Event &e, qint64 articleId,
                   const QList<qint64> &sentenceIds)
{
    QVariant place;
    if (e.place.isValid()) {
        const Result<qint64> id = ids.place(e.place);
        if (!id)
            return Status::failure(id.error());
        place = *id;
    }
    QSqlQuery &q = st.insertEvent;
    int i = 0;
    q.bindValue(i++, articleId);
    q.bindValue(i++, e.sentenceIndex >= 0 && e.sentenceIndex < sentenceIds.size() ? QVariant(sentenceIds[e.sentenceIndex])
                                                                                  : QVariant());
    i = eventcolumns::bind(q, i, e, place);
    q.bindValue(i++, sql::text(e.timeRule));
    for (const Span &span : {e.trigger, e.timeSpan, e.placeSpan}) {
        q.bindValue(i++, sql::intOrNull(span.start, span.isValid()));
        q.bindValue(i++, sql::intOrNull(span.end, span.isValid()));
    }
    q.bindValue(i++, e.flags);
    if (Status s = sql::exec(q, "event", e.type); !s)
        return s;
    const qint64 eventId = q.lastInsertId().toLongLong();

    return eventcolumns::insertActors(st.insertEventActor, ids, eventId, e.actors);
}

} // namespace

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

    WriteCache &cache = writeCache();
    ArticleStatements &st = cache.article;
    if (Status s = st.prepareAll(); !s)
        return fail(s.error());

    // Any return before commit leaves no trace of this article (in a batch, the others stay).
    WriteScope scope(*this);
    if (Status s = scope.begin(); !s)
        return fail(s.error());

    st.findArticle.bindValue(0, sql::text(a.contentHash));
    if (Status s = sql::exec(st.findArticle, QStringLiteral("duplicate check")); !s)
        return fail(s.error());
    if (st.findArticle.next()) {
        ImportOutcome outcome;
        outcome.articleId = st.findArticle.value(0).toLongLong();
        outcome.duplicate = true;
        st.findArticle.finish();
        return outcome; // the scope rolls back its (empty) write
    }
    st.findArticle.finish();

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
        if (Status status = sql::exec(st.insertSentence, "sentence", s.index); !status)
            return fail(status.error());
        sentenceIds.append(st.insertSentence.lastInsertId().toLongLong());
    }

    for (const Event &e : parsed.events) {
        if (Status s = insertEvent(st, cache.ids, e, articleId, sentenceIds); !s)
            return fail(s.error());
    }

    if (Status s = scope.commit(); !s)
        return fail(s.error());

    ImportOutcome outcome;
    outcome.articleId = articleId;
    outcome.events = int(parsed.events.size());
    return outcome;
}

} // namespace mapline
