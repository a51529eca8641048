// EventStore::importArticle: one article, its sentences, places, actors and events, in one
// transaction, or one savepoint of a batch (eventstore_batch.cpp).
#include "store/eventstore.h"

#include "store/eventcolumns.h"
#include "store/rawstatement.h"
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
    if (Status s = sql::prepare(findArticle, QStringLiteral("SELECT id, published FROM articles WHERE content_hash = ?")); !s)
        return s;
    sqlite3 *handle = sqliteHandle(db);
    const QByteArray event = QStringLiteral("INSERT INTO events (article_id, sentence_id, %1, time_rule, trigger_start, "
                                            "trigger_end, time_start, time_end, place_start, place_end, flags) VALUES (%2)")
                                 .arg(QLatin1String(eventcolumns::kCommon),
                                      eventcolumns::placeholders(eventcolumns::kCommonCount + 10))
                                 .toUtf8();
    for (const auto &[statement, text] : std::initializer_list<std::pair<RawStatement *, const char *>>{
             {&insertArticle, "INSERT INTO articles (content_hash, title, source, url, path, published, "
                              "dateline_place, body, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"},
             {&insertSentence, "INSERT INTO sentences (article_id, idx, start_offset, end_offset, text) "
                               "VALUES (?, ?, ?, ?, ?)"},
             {&insertEvent, event.constData()},
             {&insertEventActor, eventcolumns::kInsertActor},
         }) {
        if (Status s = statement->prepare(handle, text); !s)
            return s;
    }
    prepared = true;
    return {};
}

namespace {

// `eventId` receives the new row's id.
Status insertEvent(ArticleStatements &st, EntityIds &ids, const Event &e, qint64 articleId,
                   const QList<qint64> &sentenceIds, qint64 &eventId)
{
    qint64 place = 0;
    if (e.place.isValid()) {
        const Result<qint64> id = ids.place(e.place);
        if (!id)
            return Status::failure(id.error());
        place = *id;
    }
    RawStatement &q = st.insertEvent;
    int i = 1;
    q.bind(i++, articleId);
    if (e.sentenceIndex >= 0 && e.sentenceIndex < sentenceIds.size())
        q.bind(i++, sentenceIds[e.sentenceIndex]);
    else
        q.bindNull(i++);
    i = eventcolumns::bind(q, i, e, place);
    q.bindText(i++, e.timeRule);
    for (const Span &span : {e.trigger, e.timeSpan, e.placeSpan}) {
        span.isValid() ? q.bind(i++, qint64(span.start)) : q.bindNull(i++);
        span.isValid() ? q.bind(i++, qint64(span.end)) : q.bindNull(i++);
    }
    q.bind(i++, qint64(e.flags));
    if (Status s = q.run("event", e.type); !s)
        return s;
    eventId = q.lastInsertId();
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

Result<bool> EventStore::hasArticleContent(const QString &contentHash)
{
    if (mMode == Mode::ReadOnly || contentHash.isEmpty())
        return false;
    ArticleStatements &st = writeCache().article;
    if (Status s = st.prepareAll(); !s)
        return Result<bool>::failure(s.error());
    st.findArticle.bindValue(0, sql::text(contentHash));
    if (Status s = sql::exec(st.findArticle, QStringLiteral("duplicate check")); !s)
        return Result<bool>::failure(s.error());
    const bool found = st.findArticle.next();
    st.findArticle.finish();
    return found;
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
    // Outside a batch the duplicate check and the insert are one transaction. In a batch (whose
    // transaction holds the write lock already) the check reads before the article's savepoint is
    // opened: rolling a savepoint back in a transaction that changed the schema (the batch's
    // dropped triggers, eventstore_batch.cpp) makes SQLite read the whole schema again, which cost
    // 14 % of re-importing a folder of which a third was unchanged.
    WriteScope scope(*this);
    const bool batched = mBatch;
    if (!batched) {
        if (Status s = scope.begin(); !s)
            return fail(s.error());
    }
    st.findArticle.bindValue(0, sql::text(a.contentHash));
    if (Status s = sql::exec(st.findArticle, QStringLiteral("duplicate check")); !s)
        return fail(s.error());
    if (st.findArticle.next()) {
        ImportOutcome outcome;
        outcome.articleId = st.findArticle.value(0).toLongLong();
        outcome.duplicate = true;
        outcome.published = QDate::fromString(st.findArticle.value(1).toString(), Qt::ISODate); // as article() reads it
        st.findArticle.finish();
        return outcome; // outside a batch, the scope rolls back its (empty) transaction
    }
    st.findArticle.finish();
    if (batched) {
        if (Status s = scope.begin(); !s)
            return fail(s.error());
    }

    RawStatement &article = st.insertArticle;
    int i = 1;
    article.bindText(i++, a.contentHash);
    article.bindText(i++, a.meta.title);
    article.bindText(i++, a.meta.source);
    article.bindText(i++, a.meta.url);
    article.bindText(i++, a.meta.path);
    if (a.meta.published.isValid())
        article.bindText(i++, a.meta.published.toString(Qt::ISODate));
    else
        article.bindNull(i++);
    article.bindText(i++, a.datelinePlace);
    article.bindText(i++, a.body);
    article.bindText(i++, QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    if (Status s = article.run("article"); !s)
        return fail(s.error());
    const qint64 articleId = article.lastInsertId();

    QList<qint64> sentenceIds;
    sentenceIds.reserve(a.sentences.size());
    RawStatement &sentence = st.insertSentence;
    for (const Sentence &s : a.sentences) {
        sentence.bind(1, articleId);
        sentence.bind(2, qint64(s.index));
        sentence.bind(3, qint64(s.start));
        sentence.bind(4, qint64(s.end));
        sentence.bindText(5, s.text);
        if (Status status = sentence.run("sentence", s.index); !status)
            return fail(status.error());
        sentenceIds.append(sentence.lastInsertId());
    }

    for (const Event &e : parsed.events) {
        qint64 eventId = 0;
        if (Status s = insertEvent(st, cache.ids, e, articleId, sentenceIds, eventId); !s)
            return fail(s.error());
        fuseLater(eventId); // before the commit (of this write, or of its batch)
    }

    if (Status s = scope.commit(); !s)
        return fail(s.error());

    ImportOutcome outcome;
    outcome.articleId = articleId;
    outcome.events = int(parsed.events.size());
    return outcome;
}

} // namespace mapline
