// EventStore's corrections: the analyst's changes to machine-extracted events, kept in the
// `corrections` table (schema version 3) beside the machine's own row, and written into `events`
// so that every reader sees them. The machine row is kept as JSON (all columns and the actors),
// so undoing a correction, or un-discarding an event, restores exactly what was extracted.
#include "store/eventstore.h"

#include "corrections/correction.h"
#include "corrections/correctionhistory.h"
#include "store/correctionlog.h"
#include "store/correctionrows.h"
#include "store/writecache.h"
#include "store/sqlutil.h"
#include "store/writescope.h"

#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSqlRecord>

namespace mapline {
namespace {

using namespace correctionrows;

QString identity(int sentence, int triggerStart, int triggerEnd, const QString &type)
{
    return QStringLiteral("%1|%2|%3|%4").arg(sentence).arg(triggerStart).arg(triggerEnd).arg(type);
}

// The machine view of one article's events: each row's key fields, with the type the machine
// gave (a corrected row's comes from its correction) and its rank among equal identities.
struct MachineRow {
    qint64 id = 0;
    EventKey key;
    bool corrected = false;
};

Result<QList<MachineRow>> machineRows(const QSqlDatabase &db, qint64 articleId, const QString &contentHash,
                                      const QString &path)
{
    using R = Result<QList<MachineRow>>;
    QSqlQuery q(db);
    q.prepare(QStringLiteral(
        "SELECT e.id, COALESCE(s.idx, -1), COALESCE(e.trigger_start, -1), COALESCE(e.trigger_end, -1), "
        "COALESCE(c.machine_type, e.type), (e.flags & 16) != 0 "
        "FROM events e LEFT JOIN sentences s ON s.id = e.sentence_id "
        "LEFT JOIN corrections c ON c.event_id = e.id WHERE e.article_id = ? ORDER BY e.id"));
    q.addBindValue(articleId);
    if (Status s = sql::exec(q, path); !s)
        return R::failure(s.error());
    // A dataset file's rows with the same text share one sentence (eventstore_dataset.cpp), so
    // many of them can have one identity and differ only by their rank. A dataset's article is
    // never extracted again, so a correction of it without its event is a discarded row: its
    // rank stays taken, so that discarding one row does not move the others' keys onto its own.
    // (An article's corrections without events are those of a re-import, matched again by
    // rank: nothing is kept out there.)
    QHash<QString, QSet<int>> taken;
    {
        QSqlQuery d(db);
        d.prepare(QStringLiteral("SELECT c.sentence_idx, c.trigger_start, c.trigger_end, c.machine_type, c.ordinal "
                                 "FROM corrections c WHERE c.content_hash = ? AND EXISTS (SELECT 1 FROM datasets WHERE "
                                 "article_id = ?) AND (c.event_id IS NULL OR NOT EXISTS (SELECT 1 FROM events WHERE id = "
                                 "c.event_id))"));
        d.addBindValue(contentHash);
        d.addBindValue(articleId);
        if (Status s = sql::exec(d, path); !s)
            return R::failure(s.error());
        while (d.next())
            taken[identity(d.value(0).toInt(), d.value(1).toInt(), d.value(2).toInt(), d.value(3).toString())].insert(
                d.value(4).toInt());
    }
    QList<MachineRow> rows;
    QHash<QString, int> seen;
    while (q.next()) {
        MachineRow r;
        r.id = q.value(0).toLongLong();
        r.key.contentHash = contentHash;
        r.key.sentenceIndex = q.value(1).toInt();
        r.key.triggerStart = q.value(2).toInt();
        r.key.triggerEnd = q.value(3).toInt();
        r.key.machineType = q.value(4).toString();
        const QString same = identity(r.key.sentenceIndex, r.key.triggerStart, r.key.triggerEnd, r.key.machineType);
        int &rank = seen[same];
        if (const auto t = taken.constFind(same); t != taken.cend())
            while (t->contains(rank))
                ++rank;
        r.key.ordinal = rank++;
        r.corrected = q.value(5).toBool();
        rows.append(r);
    }
    return rows;
}


// A corrections row as read from the table.
struct StoredCorrection {
    qint64 rowId = 0;
    qint64 eventId = 0; // 0: not applied to any event now
    Correction correction;
    QJsonObject machine;
    CorrectionStamp stamp;
};

const char *const kCorrectionColumns =
    "id, event_id, date, date_end, date_precision, place_name, place_kind, lon, lat, admin1, admin2, country, "
    "gazetteer_id, place_source, type, acled_event_type, acled_sub_event_type, cameo_root, actors, discarded, machine, "
    "corrected_at, %1";

StoredCorrection correctionFrom(const QSqlQuery &q)
{
    StoredCorrection c;
    c.rowId = q.value(0).toLongLong();
    c.eventId = q.value(1).toLongLong();
    Correction &k = c.correction;
    if (!q.isNull(2)) {
        TimeRange t;
        t.start = QDate::fromString(q.value(2).toString(), Qt::ISODate);
        t.end = q.isNull(3) ? t.start : QDate::fromString(q.value(3).toString(), Qt::ISODate);
        t.precision = datePrecisionFromString(q.value(4).toString());
        k.time = t;
    }
    if (!q.isNull(5)) {
        Place p;
        p.name = q.value(5).toString();
        p.precision = geoPrecisionFromString(q.value(6).toString());
        p.coordinate = QGeoCoordinate(q.value(8).toDouble(), q.value(7).toDouble());
        p.admin1 = q.value(9).toString();
        p.admin2 = q.value(10).toString();
        p.country = q.value(11).toString();
        p.gazetteerId = q.value(12).toLongLong();
        p.source = q.value(13).toString();
        k.place = p;
    }
    if (!q.isNull(14))
        k.type = EventTypeCodes{q.value(14).toString(), q.value(15).toString(), q.value(16).toString(),
                                q.value(17).toString()};
    if (!q.isNull(18))
        k.actors = actorsFromJson(QJsonDocument::fromJson(q.value(18).toString().toUtf8()).array());
    k.discarded = q.value(19).toBool();
    c.machine = QJsonDocument::fromJson(q.value(20).toString().toUtf8()).object();
    c.stamp = {q.value(22).toString(), history::stampFromText(q.value(21).toString())};
    return c;
}

// `withAuthor`: the table has corrected_by (schema 8).
Result<std::optional<StoredCorrection>> storedCorrection(const QSqlDatabase &db, const EventKey &key, const QString &path,
                                                         bool withAuthor)
{
    using R = Result<std::optional<StoredCorrection>>;
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT %1 FROM corrections WHERE content_hash = ? AND sentence_idx = ? AND "
                             "trigger_start = ? AND trigger_end = ? AND machine_type = ? AND ordinal = ?")
                  .arg(QString::fromLatin1(kCorrectionColumns)
                           .arg(withAuthor ? QStringLiteral("corrected_by") : QStringLiteral("NULL"))));
    for (const QVariant &v : {QVariant(key.contentHash), QVariant(key.sentenceIndex), QVariant(key.triggerStart),
                              QVariant(key.triggerEnd), QVariant(key.machineType), QVariant(key.ordinal)})
        q.addBindValue(v);
    if (Status s = sql::exec(q, path); !s)
        return R::failure(s.error());
    if (!q.next())
        return std::optional<StoredCorrection>();
    return std::optional<StoredCorrection>(correctionFrom(q));
}


Result<qint64> articleOf(const QSqlDatabase &db, const QString &contentHash, const QString &path)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT id FROM articles WHERE content_hash = ?"));
    q.addBindValue(contentHash);
    if (Status s = sql::exec(q, path); !s)
        return Result<qint64>::failure(s.error());
    return q.next() ? q.value(0).toLongLong() : qint64(0);
}

} // namespace

Result<EventKey> EventStore::eventKey(qint64 eventId) const
{
    using R = Result<EventKey>;
    const QSqlDatabase db = database();
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT e.article_id, a.content_hash FROM events e JOIN articles a ON a.id = e.article_id "
                             "WHERE e.id = ?"));
    q.addBindValue(eventId);
    if (Status s = sql::exec(q, mPath); !s)
        return R::failure(s.error());
    if (!q.next())
        return R::failure(QStringLiteral("%1: no event %2").arg(mPath).arg(eventId));
    const qint64 articleId = q.value(0).toLongLong();
    const QString hash = q.value(1).toString();
    // An event already corrected keeps the key it was corrected under.
    QSqlQuery c(db);
    c.prepare(QStringLiteral("SELECT content_hash, sentence_idx, trigger_start, trigger_end, machine_type, ordinal "
                             "FROM corrections WHERE event_id = ?"));
    c.addBindValue(eventId);
    if (Status s = sql::exec(c, mPath); !s)
        return R::failure(s.error());
    if (c.next())
        return EventKey{c.value(0).toString(), c.value(1).toInt(), c.value(2).toInt(), c.value(3).toInt(),
                        c.value(4).toString(), c.value(5).toInt()};
    const auto rows = machineRows(db, articleId, hash, mPath);
    if (!rows)
        return R::failure(rows.error());
    for (const MachineRow &r : *rows)
        if (r.id == eventId)
            return r.key;
    return R::failure(QStringLiteral("%1: no event %2").arg(mPath).arg(eventId));
}

Result<std::optional<Correction>> EventStore::correction(const EventKey &key) const
{
    using R = Result<std::optional<Correction>>;
    const auto stored = storedCorrection(database(), key, mPath, mHasHistory);
    if (!stored)
        return R::failure(stored.error());
    if (!stored->has_value())
        return std::optional<Correction>();
    return std::optional<Correction>((*stored)->correction);
}

Result<qint64> EventStore::eventIdOf(const EventKey &key) const
{
    const auto stored = storedCorrection(database(), key, mPath, mHasHistory);
    if (!stored)
        return Result<qint64>::failure(stored.error());
    if (stored->has_value())
        return (*stored)->eventId;
    const Result<qint64> article = articleOf(database(), key.contentHash, mPath);
    if (!article)
        return article;
    if (*article == 0)
        return qint64(0);
    const auto rows = machineRows(database(), *article, key.contentHash, mPath);
    if (!rows)
        return Result<qint64>::failure(rows.error());
    for (const MachineRow &r : *rows)
        if (r.key == key)
            return r.id;
    return qint64(0);
}

Result<qint64> EventStore::setCorrection(const EventKey &key, const std::optional<Correction> &correction,
                                         qint64 seenRevision, CorrectionConflict *conflict)
{
    using R = Result<qint64>;
    if (mMode == Mode::ReadOnly)
        return R::failure(QStringLiteral("%1: the database is open read-only; corrections cannot be saved").arg(mPath));
    if (!key.isValid())
        return R::failure(QStringLiteral("%1: the event has no article to keep its correction with").arg(mPath));
    const QSqlDatabase db = database();
    WriteScope tx(*this);
    if (Status s = tx.begin(); !s)
        return R::failure(QStringLiteral("%1: %2").arg(mPath, s.error()));

    const auto stored = storedCorrection(db, key, mPath, mHasHistory);
    if (!stored)
        return R::failure(stored.error());
    const QStringList subjects{history::subject(key)};
    if (Status s = correctionlog::collectConflict(db, subjects, seenRevision, mPath, conflict); !s)
        return R::failure(s.error());
    const Result<qint64> article = articleOf(db, key.contentHash, mPath);
    if (!article)
        return article;

    // The event the key names now, and the machine's row for it.
    qint64 currentId = 0;
    QJsonObject machine;
    if (stored->has_value()) {
        currentId = (*stored)->eventId;
        if (currentId && !eventExists(db, currentId))
            currentId = 0;
        machine = (*stored)->machine;
    }
    if (machine.isEmpty()) {
        if (*article == 0)
            return R::failure(QStringLiteral("%1: the article of this event is not in the database").arg(mPath));
        const auto rows = machineRows(db, *article, key.contentHash, mPath);
        if (!rows)
            return R::failure(rows.error());
        for (const MachineRow &r : *rows)
            if (r.key == key)
                currentId = r.id;
        if (currentId == 0)
            return R::failure(QStringLiteral("%1: the event to correct is no longer in the database").arg(mPath));
        Result<QJsonObject> snap = snapshot(db, currentId, mPath);
        if (!snap)
            return R::failure(snap.error());
        machine = std::move(snap).value();
        machine.insert(QStringLiteral("sentence_idx"), key.sentenceIndex);
    }

    const bool clear = !correction || correction->isEmpty();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    qint64 newId = currentId;
    if (*article != 0 && (currentId != 0 || (stored->has_value() && (*stored)->correction.discarded))) {
        Result<qint64> written = materialise(db, writeCache().ids, mPath, *article, currentId, machine,
                                             clear ? std::optional<Correction>() : correction);
        if (!written)
            return written;
        newId = *written;
        fuseLater(newId); // its date, place or type may have changed: fused again before the commit
    }

    if (clear) {
        QSqlQuery del(db);
        del.prepare(QStringLiteral("DELETE FROM corrections WHERE content_hash = ? AND sentence_idx = ? AND "
                                   "trigger_start = ? AND trigger_end = ? AND machine_type = ? AND ordinal = ?"));
        for (const QVariant &v : {QVariant(key.contentHash), QVariant(key.sentenceIndex), QVariant(key.triggerStart),
                                  QVariant(key.triggerEnd), QVariant(key.machineType), QVariant(key.ordinal)})
            del.addBindValue(v);
        if (Status s = sql::exec(del, mPath); !s)
            return R::failure(s.error());
    } else {
        const Correction &c = *correction;
        QSqlQuery up(db);
        up.prepare(QStringLiteral(
            "INSERT INTO corrections (content_hash, sentence_idx, trigger_start, trigger_end, machine_type, ordinal, "
            "event_id, date, date_end, date_precision, place_name, place_kind, lon, lat, admin1, admin2, country, "
            "gazetteer_id, place_source, type, acled_event_type, acled_sub_event_type, cameo_root, actors, discarded, "
            "machine, corrected_at, corrected_by) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
            "ON CONFLICT (content_hash, sentence_idx, trigger_start, trigger_end, machine_type, ordinal) DO UPDATE SET "
            "event_id = excluded.event_id, date = excluded.date, date_end = excluded.date_end, "
            "date_precision = excluded.date_precision, place_name = excluded.place_name, place_kind = excluded.place_kind, "
            "lon = excluded.lon, lat = excluded.lat, admin1 = excluded.admin1, admin2 = excluded.admin2, "
            "country = excluded.country, gazetteer_id = excluded.gazetteer_id, place_source = excluded.place_source, "
            "type = excluded.type, acled_event_type = excluded.acled_event_type, "
            "acled_sub_event_type = excluded.acled_sub_event_type, cameo_root = excluded.cameo_root, "
            "actors = excluded.actors, discarded = excluded.discarded, machine = excluded.machine, "
            "corrected_at = excluded.corrected_at, corrected_by = excluded.corrected_by"));
        const QVariant null;
        up.addBindValue(key.contentHash);
        up.addBindValue(key.sentenceIndex);
        up.addBindValue(key.triggerStart);
        up.addBindValue(key.triggerEnd);
        up.addBindValue(key.machineType);
        up.addBindValue(key.ordinal);
        up.addBindValue(newId > 0 ? QVariant(newId) : null);
        up.addBindValue(c.time ? sql::dateValue(c.time->start) : null);
        up.addBindValue(c.time ? sql::dateValue(c.time->end) : null);
        up.addBindValue(c.time ? QVariant(toString(c.time->precision)) : null);
        up.addBindValue(c.place ? QVariant(c.place->name) : null);
        up.addBindValue(c.place ? QVariant(toString(c.place->precision)) : null);
        up.addBindValue(c.place ? QVariant(c.place->coordinate.longitude()) : null);
        up.addBindValue(c.place ? QVariant(c.place->coordinate.latitude()) : null);
        up.addBindValue(c.place ? sql::text(c.place->admin1) : null);
        up.addBindValue(c.place ? sql::text(c.place->admin2) : null);
        up.addBindValue(c.place ? sql::text(c.place->country) : null);
        up.addBindValue(c.place && c.place->gazetteerId ? QVariant(c.place->gazetteerId) : null);
        up.addBindValue(c.place ? sql::text(c.place->source) : null);
        up.addBindValue(c.type ? QVariant(c.type->type) : null);
        up.addBindValue(c.type ? sql::text(c.type->acledEventType) : null);
        up.addBindValue(c.type ? sql::text(c.type->acledSubEventType) : null);
        up.addBindValue(c.type ? sql::text(c.type->cameoRoot) : null);
        up.addBindValue(c.actors ? QVariant(QString::fromUtf8(QJsonDocument(actorsToJson(*c.actors)).toJson(QJsonDocument::Compact)))
                                 : null);
        up.addBindValue(c.discarded ? 1 : 0);
        up.addBindValue(QString::fromUtf8(QJsonDocument(machine).toJson(QJsonDocument::Compact)));
        up.addBindValue(history::stampText(now));
        up.addBindValue(mAnalyst.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(mAnalyst));
        if (Status s = sql::exec(up, QStringLiteral("%1: cannot save the correction").arg(mPath)); !s)
            return R::failure(s.error());
    }
    // The change, kept with what it replaced (the history of a database older than schema 8 is
    // not kept: such a database is only ever open read-only here).
    HistoryEntry entry;
    entry.kind = HistoryEntry::Kind::Event;
    entry.subject = subjects.first();
    std::optional<Correction> before;
    if (stored->has_value()) {
        before = (*stored)->correction;
        entry.oldValue = history::toJson(*before);
        entry.old = (*stored)->stamp;
    }
    const std::optional<Correction> after = clear ? std::optional<Correction>() : correction;
    if (after)
        entry.newValue = history::toJson(*after);
    entry.changed = {mAnalyst, now};
    entry.change = history::describe(before, after);
    if (mHasHistory) {
        if (const Result<qint64> logged = correctionlog::append(db, entry, mPath); !logged)
            return R::failure(logged.error());
    }
    if (Status s = tx.commit(); !s)
        return R::failure(QStringLiteral("%1: %2").arg(mPath, s.error()));
    return newId;
}

Result<int> EventStore::applyCorrections(qint64 articleId)
{
    using R = Result<int>;
    if (mMode == Mode::ReadOnly)
        return 0;
    const QSqlDatabase db = database();
    // Corrections not attached to an event of an article that is in the database: the article
    // was re-imported (new event rows) or the event was discarded (it is gone on purpose).
    QString text = QStringLiteral("SELECT c.content_hash, c.sentence_idx, c.trigger_start, c.trigger_end, "
                                  "c.machine_type, c.ordinal, a.id FROM corrections c "
                                  "JOIN articles a ON a.content_hash = c.content_hash WHERE c.event_id IS NULL");
    QSqlQuery all(db);
    QSqlQuery *pending = &all;
    if (articleId > 0) { // one article, after its import: the statement kept for the connection
        WriteCache &cache = writeCache();
        pending = &cache.pendingCorrections;
        if (!cache.pendingCorrectionsPrepared) {
            if (Status s = sql::prepare(*pending, text + QStringLiteral(" AND a.id = ?")); !s)
                return R::failure(QStringLiteral("%1: %2").arg(mPath, s.error()));
            cache.pendingCorrectionsPrepared = true;
        }
        pending->bindValue(0, articleId);
    } else {
        if (Status s = sql::prepare(all, text); !s)
            return R::failure(QStringLiteral("%1: %2").arg(mPath, s.error()));
    }
    if (Status s = sql::exec(*pending, mPath); !s)
        return R::failure(s.error());
    QList<std::pair<EventKey, qint64>> todo;
    while (pending->next())
        todo.append({EventKey{pending->value(0).toString(), pending->value(1).toInt(), pending->value(2).toInt(),
                              pending->value(3).toInt(), pending->value(4).toString(), pending->value(5).toInt()},
                     pending->value(6).toLongLong()});
    pending->finish(); // no read left open in the writer's transaction
    if (todo.isEmpty())
        return 0;

    WriteScope tx(*this);
    if (Status s = tx.begin(); !s)
        return R::failure(QStringLiteral("%1: %2").arg(mPath, s.error()));
    // Rank the machine rows of each article once, before any of them is rewritten.
    QHash<qint64, QList<MachineRow>> rowsOf;
    int applied = 0;
    for (const auto &[key, article] : todo) {
        if (!rowsOf.contains(article)) {
            const auto rows = machineRows(db, article, key.contentHash, mPath);
            if (!rows)
                return R::failure(rows.error());
            rowsOf.insert(article, *rows);
        }
        qint64 machineId = 0;
        for (const MachineRow &r : rowsOf.value(article))
            if (!r.corrected && r.key == key)
                machineId = r.id;
        if (machineId == 0)
            continue; // discarded and still gone, or the extraction no longer finds it
        const auto stored = storedCorrection(db, key, mPath, mHasHistory);
        if (!stored)
            return R::failure(stored.error());
        if (!stored->has_value())
            continue;
        // The re-import's row is the machine's word now.
        Result<QJsonObject> snap = snapshot(db, machineId, mPath);
        if (!snap)
            return R::failure(snap.error());
        QJsonObject machine = std::move(snap).value();
        machine.insert(QStringLiteral("sentence_idx"), key.sentenceIndex);
        const Result<qint64> written = materialise(db, writeCache().ids, mPath, article, machineId, machine, (*stored)->correction);
        if (!written)
            return R::failure(written.error());
        fuseLater(*written);
        QSqlQuery up(db);
        up.prepare(QStringLiteral("UPDATE corrections SET event_id = ?, machine = ? WHERE id = ?"));
        up.addBindValue(*written > 0 ? QVariant(*written) : QVariant());
        up.addBindValue(QString::fromUtf8(QJsonDocument(machine).toJson(QJsonDocument::Compact)));
        up.addBindValue((*stored)->rowId);
        if (Status s = sql::exec(up, mPath); !s)
            return R::failure(s.error());
        ++applied;
    }
    if (Status s = tx.commit(); !s)
        return R::failure(QStringLiteral("%1: %2").arg(mPath, s.error()));
    return applied;
}

Result<int> EventStore::correctionCount() const
{
    QSqlQuery q(database());
    if (!q.exec(QStringLiteral("SELECT count(*) FROM corrections")) || !q.next())
        return Result<int>::failure(QStringLiteral("%1: %2").arg(mPath, q.lastError().text()));
    return q.value(0).toInt();
}

} // namespace mapline
