// EventStore's side of dataset imports: one file (GDELT, ACLED, a Mapline export) in one
// transaction. The rows are streamed from a DatasetRowSource; nothing but the lookup caches of
// places and actors grows with the file, and SQLite spills its cache to disk, so memory stays
// bounded whatever the size.
#include "store/eventstore.h"

#include "interop/dataset.h"
#include "store/sqlutil.h"

#include <QDateTime>
#include <QFileInfo>
#include <QHash>
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
        , upsertPlace(db)
        , findPlace(db)
        , upsertActor(db)
        , findActor(db)
        , insertSentence(db)
        , insertEvent(db)
        , insertEventActor(db)
    {
    }
    Status prepareAll()
    {
        const std::pair<QSqlQuery *, const char *> all[] = {
            {&insertArticle, "INSERT INTO articles (content_hash, title, source, path, body, imported_at) "
                             "VALUES (?, ?, ?, ?, '', ?)"},
            {&insertDataset,
             "INSERT INTO datasets (article_id, kind, format, path, content_hash, bytes, imported_at) "
             "VALUES (?, ?, ?, ?, ?, ?, ?)"},
            {&upsertPlace,
             "INSERT INTO places (name, kind, admin1, admin2, country, lon, lat, source) "
             "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name, kind, admin1, country) DO NOTHING"},
            {&findPlace, "SELECT id FROM places WHERE name = ? AND kind = ? AND admin1 = ? AND country = ?"},
            {&upsertActor,
             "INSERT INTO actors (name, affiliation, kind) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING"},
            {&findActor, "SELECT id FROM actors WHERE name = ?"},
            {&insertSentence, "INSERT INTO sentences (article_id, idx, start_offset, end_offset, text) "
                              "VALUES (?, ?, 0, 0, ?)"},
            {&insertEvent,
             "INSERT INTO events (article_id, dataset_id, sentence_id, type, acled_event_type, "
             "acled_sub_event_type, cameo_root, cameo_code, date, date_end, date_precision, time_text, "
             "place_id, place_text, lon, lat, geo_precision, confidence, source, external_id, "
             "fatalities) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"},
            {&insertEventActor, "INSERT OR IGNORE INTO event_actors (event_id, actor_id) VALUES (?, ?)"},
        };
        for (const auto &[query, text] : all) {
            if (Status s = sql::prepare(*query, QString::fromLatin1(text)); !s)
                return s;
        }
        return {};
    }

    QSqlQuery insertArticle, insertDataset, upsertPlace, findPlace, upsertActor, findActor, insertSentence,
        insertEvent, insertEventActor;
};

// The rows of one import and the ids they resolve to.
class DatasetWriter {
public:
    DatasetWriter(DatasetStatements &st, qint64 articleId, qint64 datasetId)
        : mSt(st)
        , mArticleId(articleId)
        , mDatasetId(datasetId)
    {
    }

    Status write(const DatasetRow &row)
    {
        const Event &e = row.event;
        QVariant place;
        if (!e.place.name.isEmpty() || !e.place.admin1.isEmpty() || !e.place.country.isEmpty()) {
            const Result<qint64> id = placeId(e.place);
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
        const bool located = e.place.coordinate.isValid();
        QSqlQuery &q = mSt.insertEvent;
        int i = 0;
        q.bindValue(i++, mArticleId);
        q.bindValue(i++, mDatasetId);
        q.bindValue(i++, sentence);
        q.bindValue(i++, sql::text(e.type));
        q.bindValue(i++, sql::text(e.acledEventType));
        q.bindValue(i++, sql::text(e.acledSubEventType));
        q.bindValue(i++, sql::text(e.cameoRoot));
        q.bindValue(i++, sql::text(row.cameoCode));
        q.bindValue(i++, sql::dateValue(e.time.start));
        q.bindValue(i++, sql::dateValue(e.time.end));
        q.bindValue(i++, toString(e.time.precision));
        q.bindValue(i++, sql::text(e.timeText));
        q.bindValue(i++, place);
        q.bindValue(i++, sql::text(e.placeText));
        q.bindValue(i++, located ? QVariant(e.place.coordinate.longitude()) : QVariant());
        q.bindValue(i++, located ? QVariant(e.place.coordinate.latitude()) : QVariant());
        q.bindValue(i++, toString(e.place.precision));
        q.bindValue(i++, e.confidence);
        q.bindValue(i++, sql::text(row.source));
        q.bindValue(i++, sql::text(row.externalId));
        q.bindValue(i++, row.fatalities >= 0 ? QVariant(row.fatalities) : QVariant());
        if (Status s = sql::exec(q, QStringLiteral("event")); !s)
            return s;
        const qint64 eventId = q.lastInsertId().toLongLong();
        for (const ActorMention &m : e.actors) {
            const Result<qint64> actor = actorId(m.actor);
            if (!actor)
                return Status::failure(actor.error());
            mSt.insertEventActor.bindValue(0, eventId);
            mSt.insertEventActor.bindValue(1, *actor);
            if (Status s = sql::exec(mSt.insertEventActor, QStringLiteral("actor %1").arg(m.actor.name)); !s)
                return s;
        }
        return {};
    }

private:
    Result<qint64> placeId(const Place &p)
    {
        const QString kind = toString(p.precision);
        const QString key = p.name + QChar(0x1F) + kind + QChar(0x1F) + p.admin1 + QChar(0x1F) + p.country;
        if (const auto it = mPlaces.constFind(key); it != mPlaces.constEnd())
            return *it;
        const bool located = p.coordinate.isValid();
        int i = 0;
        mSt.upsertPlace.bindValue(i++, sql::text(p.name));
        mSt.upsertPlace.bindValue(i++, kind);
        mSt.upsertPlace.bindValue(i++, sql::text(p.admin1));
        mSt.upsertPlace.bindValue(i++, sql::text(p.admin2));
        mSt.upsertPlace.bindValue(i++, sql::text(p.country));
        mSt.upsertPlace.bindValue(i++, located ? QVariant(p.coordinate.longitude()) : QVariant());
        mSt.upsertPlace.bindValue(i++, located ? QVariant(p.coordinate.latitude()) : QVariant());
        mSt.upsertPlace.bindValue(i++, sql::text(p.source));
        if (Status s = sql::exec(mSt.upsertPlace, QStringLiteral("place %1").arg(p.name)); !s)
            return Result<qint64>::failure(s.error());
        mSt.findPlace.bindValue(0, sql::text(p.name));
        mSt.findPlace.bindValue(1, kind);
        mSt.findPlace.bindValue(2, sql::text(p.admin1));
        mSt.findPlace.bindValue(3, sql::text(p.country));
        if (Status s = sql::exec(mSt.findPlace, QStringLiteral("place %1").arg(p.name)); !s)
            return Result<qint64>::failure(s.error());
        if (!mSt.findPlace.next())
            return Result<qint64>::failure(QStringLiteral("place %1 was not stored").arg(p.name));
        const qint64 id = mSt.findPlace.value(0).toLongLong();
        mSt.findPlace.finish();
        mPlaces.insert(key, id);
        return id;
    }

    Result<qint64> actorId(const Actor &a)
    {
        if (const auto it = mActors.constFind(a.name); it != mActors.constEnd())
            return *it;
        mSt.upsertActor.bindValue(0, sql::text(a.name));
        mSt.upsertActor.bindValue(1, sql::text(a.affiliation));
        mSt.upsertActor.bindValue(2, sql::text(a.kind));
        if (Status s = sql::exec(mSt.upsertActor, QStringLiteral("actor %1").arg(a.name)); !s)
            return Result<qint64>::failure(s.error());
        mSt.findActor.bindValue(0, sql::text(a.name));
        if (Status s = sql::exec(mSt.findActor, QStringLiteral("actor %1").arg(a.name)); !s)
            return Result<qint64>::failure(s.error());
        if (!mSt.findActor.next())
            return Result<qint64>::failure(QStringLiteral("actor %1 was not stored").arg(a.name));
        const qint64 id = mSt.findActor.value(0).toLongLong();
        mSt.findActor.finish();
        mActors.insert(a.name, id);
        return id;
    }

    DatasetStatements &mSt;
    qint64 mArticleId;
    qint64 mDatasetId;
    QHash<QString, qint64> mPlaces;
    QHash<QString, qint64> mActors;
};

// The per-row triggers that keep the R*Tree and the sentence full-text index cost more than the
// rows themselves (measured: 8 and 20 microseconds a row). For a bulk load they are dropped inside
// the import's transaction and this dataset's rows are indexed with one statement each before the
// commit. Other connections never see the schema without them (nothing is committed until they are
// back), and any failure or cancel rolls the drop back with everything else.
const char *const kBulkTriggers[] = {"events_rtree_ai", "sentences_ai"};

struct DroppedTrigger {
    QString name;
    QString sql;
};

Result<QList<DroppedTrigger>> dropBulkTriggers(const QSqlDatabase &db)
{
    QList<DroppedTrigger> dropped;
    for (const char *name : kBulkTriggers) {
        QSqlQuery q(db);
        q.prepare(QStringLiteral("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?"));
        q.addBindValue(QString::fromLatin1(name));
        if (Status s = sql::exec(q, QStringLiteral("trigger %1").arg(QString::fromLatin1(name))); !s)
            return Result<QList<DroppedTrigger>>::failure(s.error());
        if (!q.next())
            continue; // a later schema renamed it: its trigger simply fires per row
        dropped.append({QString::fromLatin1(name), q.value(0).toString()});
        q.finish();
        if (Status s = sql::exec(db, QStringLiteral("DROP TRIGGER ") + QString::fromLatin1(name),
                                 QStringLiteral("bulk load"));
            !s)
            return Result<QList<DroppedTrigger>>::failure(s.error());
    }
    return dropped;
}

Status indexAndRestore(const QSqlDatabase &db, const QList<DroppedTrigger> &dropped, qint64 articleId,
                       qint64 datasetId)
{
    for (const DroppedTrigger &t : dropped) {
        QSqlQuery q(db);
        if (t.name == u"events_rtree_ai") {
            q.prepare(QStringLiteral("INSERT INTO events_rtree (id, min_lon, max_lon, min_lat, max_lat) "
                                     "SELECT id, lon, lon, lat, lat FROM events WHERE dataset_id = ? "
                                     "AND lon IS NOT NULL AND lat IS NOT NULL"));
            q.addBindValue(datasetId);
        } else {
            q.prepare(QStringLiteral("INSERT INTO sentences_fts (rowid, text) "
                                     "SELECT id, text FROM sentences WHERE article_id = ?"));
            q.addBindValue(articleId);
        }
        if (Status s = sql::exec(q, QStringLiteral("indexing")); !s)
            return s;
        if (Status s = sql::exec(db, t.sql, QStringLiteral("restoring trigger %1").arg(t.name)); !s)
            return s;
    }
    return {};
}

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
    struct Guard { // rolls back unless committed: every early return leaves no trace of the file
        QSqlDatabase db;
        bool active = false;
        ~Guard()
        {
            if (active)
                QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        }
    } guard{db};
    if (Status s =
            sql::exec(db, QStringLiteral("BEGIN IMMEDIATE"), QStringLiteral("cannot start a transaction"));
        !s)
        return fail(s.error());
    guard.active = true;

    const Result<QList<DroppedTrigger>> dropped = dropBulkTriggers(db);
    if (!dropped)
        return fail(dropped.error());
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

    DatasetWriter writer(st, articleId, datasetId);
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
        return outcome; // the guard rolls everything back
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
    if (Status s = indexAndRestore(db, *dropped, articleId, datasetId); !s)
        return fail(s.error());
    if (Status s = sql::exec(db, QStringLiteral("COMMIT"), QStringLiteral("cannot commit")); !s)
        return fail(s.error());
    guard.active = false;
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
