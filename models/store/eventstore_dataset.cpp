// EventStore's side of dataset imports: one file (GDELT, ACLED, a Mapline export) in one
// transaction. The rows are streamed from a DatasetRowSource; nothing but the lookup caches of
// places and actors grows with the file, and SQLite spills its cache to disk, so memory stays
// bounded whatever the size.
#include "store/eventstore.h"

#include "interop/dataset.h"
#include "store/eventcolumns.h"
#include "store/sqlutil.h"
#include "store/writecache.h"
#include "store/writescope.h"

#include <QDateTime>
#include <QFileInfo>
#include <QUuid>

namespace mapline {
namespace {

// The title of a dataset's row in `articles`, and its source.
QString datasetTitle(const QString &kind)
{
    if (kind == u"gdelt1")
        return QStringLiteral("GDELT 1.0 events");
    if (kind == u"gdelt2")
        return QStringLiteral("GDELT 2.0 events");
    if (kind == u"acled")
        return QStringLiteral("ACLED export");
    return QStringLiteral("Mapline export");
}

struct DatasetStatements {
    explicit DatasetStatements(const QSqlDatabase &db)
        : insertArticle(db)
        , insertDataset(db)
        , insertSentence(db)
        , insertEvent(db)
        , insertEventActor(db)
    {
    }
    Status prepareAll()
    {
        if (Status s = sql::prepareAll({
                {&insertArticle, "INSERT INTO articles (content_hash, title, source, path, body, imported_at) "
                                 "VALUES (?, ?, ?, ?, '', ?)"},
                {&insertDataset, "INSERT INTO datasets (article_id, kind, format, path, content_hash, bytes, "
                                 "imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)"},
                {&insertSentence, "INSERT INTO sentences (article_id, idx, start_offset, end_offset, text) "
                                  "VALUES (?, ?, 0, 0, ?)"},
                {&insertEventActor, eventcolumns::kInsertActor},
            });
            !s)
            return s;
        const QString event = QStringLiteral("INSERT INTO events (article_id, dataset_id, sentence_id, %1, cameo_code, "
                                             "source, external_id, fatalities) VALUES (%2)")
                                  .arg(QLatin1String(eventcolumns::kCommon),
                                       eventcolumns::placeholders(eventcolumns::kCommonCount + 7));
        if (Status s = sql::prepare(insertEvent, event); !s)
            return s;
        return {};
    }

    QSqlQuery insertArticle, insertDataset, insertSentence, insertEvent, insertEventActor;
};

// The rows of one import and the ids they resolve to.
class DatasetWriter {
public:
    DatasetWriter(DatasetStatements &st, EntityIds &ids, qint64 articleId, qint64 datasetId)
        : mSt(st)
        , mIds(ids)
        , mArticleId(articleId)
        , mDatasetId(datasetId)
    {
    }

    Status write(const DatasetRow &row)
    {
        const Event &e = row.event;
        QVariant place;
        if (!e.place.name.isEmpty() || !e.place.admin1.isEmpty() || !e.place.country.isEmpty()) {
            const Result<qint64> id = mIds.place(e.place);
            if (!id)
                return Status::failure(id.error());
            place = *id;
        }
        QVariant sentence;
        if (!e.sentence.isEmpty()) {
            mSt.insertSentence.bindValue(0, mArticleId);
            mSt.insertSentence.bindValue(1, row.line);
            mSt.insertSentence.bindValue(2, e.sentence);
            if (Status s = sql::exec(mSt.insertSentence, QStringLiteral("text")); !s)
                return s;
            sentence = mSt.insertSentence.lastInsertId();
        }
        QSqlQuery &q = mSt.insertEvent;
        int i = 0;
        q.bindValue(i++, mArticleId);
        q.bindValue(i++, mDatasetId);
        q.bindValue(i++, sentence);
        i = eventcolumns::bind(q, i, e, place);
        q.bindValue(i++, sql::text(row.cameoCode));
        q.bindValue(i++, sql::text(row.source));
        q.bindValue(i++, sql::text(row.externalId));
        q.bindValue(i++, row.fatalities >= 0 ? QVariant(row.fatalities) : QVariant());
        if (Status s = sql::exec(q, QStringLiteral("event")); !s)
            return s;
        const qint64 eventId = q.lastInsertId().toLongLong();
        return eventcolumns::insertActors(mSt.insertEventActor, mIds, eventId, e.actors);
    }

private:
    DatasetStatements &mSt;
    EntityIds &mIds;
    qint64 mArticleId;
    qint64 mDatasetId;
};

} // namespace

Result<DatasetImportOutcome> EventStore::importDataset(const DatasetInfo &info, DatasetRowSource &rows)
{
    using R = Result<DatasetImportOutcome>;
    auto fail = [&](const QString &why) {
        return R::failure(QStringLiteral("%1: not imported: %2").arg(info.path, why));
    };
    if (mMode == Mode::ReadOnly)
        return fail(QStringLiteral("the database %1 is open read-only").arg(mPath));

    QSqlDatabase db = database();
    // Rolls back unless committed: every early return leaves no trace of the file. A batch of
    // its own: the full-text and spatial indexes are filled once at the end.
    WriteScope scope(*this, WriteScope::Kind::Bulk);
    if (Status s = scope.begin(); !s)
        return fail(s.error());
    DatasetStatements st(db);
    if (Status s = st.prepareAll(); !s)
        return fail(s.error());

    // The content hash is known only once the file has been read through; a unique placeholder
    // holds its place until then.
    const QString pending = QStringLiteral("pending:") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    const QString fileName = QFileInfo(info.path).fileName();
    int i = 0;
    st.insertArticle.bindValue(i++, pending);
    st.insertArticle.bindValue(i++, QStringLiteral("%1: %2").arg(datasetTitle(info.kind), fileName));
    st.insertArticle.bindValue(i++, datasetTitle(info.kind));
    st.insertArticle.bindValue(i++, sql::text(info.path));
    st.insertArticle.bindValue(i++, now);
    if (Status s = sql::exec(st.insertArticle, QStringLiteral("article")); !s)
        return fail(s.error());
    const qint64 articleId = st.insertArticle.lastInsertId().toLongLong();
    i = 0;
    st.insertDataset.bindValue(i++, articleId);
    st.insertDataset.bindValue(i++, info.kind);
    st.insertDataset.bindValue(i++, sql::text(info.format));
    st.insertDataset.bindValue(i++, sql::text(info.path));
    st.insertDataset.bindValue(i++, pending);
    st.insertDataset.bindValue(i++, info.bytes);
    st.insertDataset.bindValue(i++, now);
    if (Status s = sql::exec(st.insertDataset, QStringLiteral("dataset")); !s)
        return fail(s.error());
    const qint64 datasetId = st.insertDataset.lastInsertId().toLongLong();

    DatasetWriter writer(st, writeCache().ids, articleId, datasetId);
    DatasetRow row;
    qint64 events = 0;
    while (rows.next(row)) {
        if (Status s = writer.write(row); !s)
            return fail(QStringLiteral("line %1: %2").arg(row.line).arg(s.error()));
        ++events;
    }
    if (!rows.failure().isEmpty())
        return R::failure(rows.failure());
    DatasetImportOutcome outcome;
    if (rows.cancelled()) {
        outcome.cancelled = true;
        return outcome; // the scope rolls everything back
    }

    const QString hash = rows.contentHash();
    QSqlQuery existing(db);
    existing.prepare(QStringLiteral("SELECT id, article_id FROM datasets WHERE content_hash = ?"));
    existing.addBindValue(hash);
    if (Status s = sql::exec(existing, QStringLiteral("duplicate check")); !s)
        return fail(s.error());
    if (existing.next()) {
        outcome.duplicate = true;
        outcome.datasetId = existing.value(0).toLongLong();
        outcome.articleId = existing.value(1).toLongLong();
        return outcome;
    }
    existing.finish();
    QSqlQuery update(db);
    update.prepare(QStringLiteral("UPDATE datasets SET content_hash = ?, rows = ?, events = ?, skipped = ?, "
                                  "outside = ? WHERE id = ?"));
    for (const QVariant &v :
         {QVariant(hash), QVariant(rows.rowsRead()), QVariant(events), QVariant(rows.rowsSkipped()),
          QVariant(rows.rowsOutside()), QVariant(datasetId)})
        update.addBindValue(v);
    if (Status s = sql::exec(update, QStringLiteral("dataset")); !s)
        return fail(s.error());
    QSqlQuery article(db);
    article.prepare(QStringLiteral("UPDATE articles SET content_hash = ? WHERE id = ?"));
    article.addBindValue(QStringLiteral("dataset:") + hash);
    article.addBindValue(articleId);
    if (Status s = sql::exec(article, QStringLiteral("article")); !s)
        return fail(s.error());
    if (Status s = scope.commit(); !s)
        return fail(s.error());
    outcome.datasetId = datasetId;
    outcome.articleId = articleId;
    outcome.events = events;
    return outcome;
}

Result<QList<DatasetInfo>> EventStore::datasets() const
{
    using R = Result<QList<DatasetInfo>>;
    QSqlQuery q(database());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral(
            "SELECT id, article_id, kind, format, path, content_hash, bytes, imported_at, rows, "
            "events, skipped, outside FROM datasets ORDER BY id")))
        return R::failure(QStringLiteral("%1: %2").arg(mPath, q.lastError().text()));
    QList<DatasetInfo> list;
    while (q.next()) {
        DatasetInfo d;
        int i = 0;
        d.id = q.value(i++).toLongLong();
        d.articleId = q.value(i++).toLongLong();
        d.kind = q.value(i++).toString();
        d.format = q.value(i++).toString();
        d.path = q.value(i++).toString();
        d.contentHash = q.value(i++).toString();
        d.bytes = q.value(i++).toLongLong();
        d.importedAt = QDateTime::fromString(q.value(i++).toString(), Qt::ISODate);
        d.rows = q.value(i++).toLongLong();
        d.events = q.value(i++).toLongLong();
        d.skipped = q.value(i++).toLongLong();
        d.outside = q.value(i++).toLongLong();
        list.append(d);
    }
    return list;
}

} // namespace mapline
