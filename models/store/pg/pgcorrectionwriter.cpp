#include "store/pg/pgcorrectionwriter.h"

#include "event.h"
#include "store/pg/pgconnection.h"
#include "store/pg/pgschema.h"
#include "store/pg/pgwritelock.h"

#include <QHash>

#include <libpq-fe.h>
#include <QJsonArray>
#include <QJsonDocument>

namespace mapline::pg {
namespace {

const QString kKeyWhere = QStringLiteral("content_hash = $1 AND sentence_idx = $2::int AND trigger_start = $3::int AND "
                                         "trigger_end = $4::int AND machine_type = $5 AND ordinal = $6::int");

QList<QString> keyParams(const EventKey &k)
{
    return {k.contentHash,        QString::number(k.sentenceIndex), QString::number(k.triggerStart),
            QString::number(k.triggerEnd), k.machineType,           QString::number(k.ordinal)};
}

QString jsonText(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QString jsonText(const std::optional<QJsonObject> &o)
{
    return o ? jsonText(*o) : QString();
}

std::optional<QJsonObject> jsonFrom(const PgResult &r, int row, int column)
{
    if (r.isNull(row, column))
        return std::nullopt;
    return QJsonDocument::fromJson(r.string(row, column).toUtf8()).object();
}

// A stored correction: the columns of kStoredColumns, from `first`.
const QString kStoredColumns = QStringLiteral(
    "date::text, date_end::text, date_precision, place_name, place_kind, lon, lat, admin1, admin2, country, gazetteer_id, "
    "place_source, type, acled_event_type, acled_sub_event_type, cameo_root, actors, discarded, machine, corrected_by, "
    "corrected_at, event_id");

Correction correctionFrom(const PgResult &r)
{
    Correction c;
    if (!r.isNull(0, 0)) {
        TimeRange t;
        t.start = QDate::fromString(r.string(0, 0), Qt::ISODate);
        t.end = r.isNull(0, 1) ? t.start : QDate::fromString(r.string(0, 1), Qt::ISODate);
        t.precision = datePrecisionFromString(r.string(0, 2));
        c.time = t;
    }
    if (!r.isNull(0, 3)) {
        Place p;
        p.name = r.string(0, 3);
        p.precision = geoPrecisionFromString(r.string(0, 4));
        p.coordinate = QGeoCoordinate(r.real(0, 6), r.real(0, 5));
        p.admin1 = r.string(0, 7);
        p.admin2 = r.string(0, 8);
        p.country = r.string(0, 9);
        p.gazetteerId = r.int64(0, 10);
        p.source = r.string(0, 11);
        c.place = p;
    }
    if (!r.isNull(0, 12))
        c.type = EventTypeCodes{r.string(0, 12), r.string(0, 13), r.string(0, 14), r.string(0, 15)};
    if (!r.isNull(0, 16)) {
        QList<Actor> actors;
        for (const QJsonValue &v : QJsonDocument::fromJson(r.string(0, 16).toUtf8()).array()) {
            const QJsonObject a = v.toObject();
            actors.append({a.value(QStringLiteral("name")).toString(), a.value(QStringLiteral("affiliation")).toString(),
                           a.value(QStringLiteral("kind")).toString()});
        }
        c.actors = actors;
    }
    c.discarded = r.int64(0, 17) != 0;
    return c;
}

} // namespace

PgCorrectionWriter::PgCorrectionWriter(std::shared_ptr<PgConnection> connection, QString analyst)
    : mConnection(std::move(connection)), mAnalyst(std::move(analyst))
{
}

PgCorrectionWriter::~PgCorrectionWriter()
{
    mPassword.fill('\0');
}

Result<std::unique_ptr<PgCorrectionWriter>> PgCorrectionWriter::open(const QString &url, const QString &analyst,
                                                                     const QByteArray &password, pgschema::Mode mode)
{
    using R = Result<std::unique_ptr<PgCorrectionWriter>>;
    auto connection = PgConnection::open(url, password);
    if (!connection)
        return R::failure(connection.error());
    if (auto version = pgschema::prepare(**connection, mode); !version)
        return R::failure(version.error());
    // What the writes need: a role that may only read is told so before it tries (canWrite()).
    auto allowed = (*connection)->query(
        QStringLiteral("SELECT current_user::text, bool_and(has_table_privilege(t, p)) FROM (VALUES "
                       "('corrections', 'INSERT'), ('corrections', 'UPDATE'), ('corrections', 'DELETE'), "
                       "('correction_history', 'INSERT'), ('happening_corrections', 'INSERT'), "
                       "('happening_corrections', 'DELETE'), ('control_corrections', 'INSERT'), "
                       "('control_corrections', 'DELETE'), ('events', 'INSERT'), ('events', 'UPDATE'), "
                       "('events', 'DELETE'), ('event_actors', 'INSERT'), ('event_actors', 'DELETE'), "
                       "('happenings', 'INSERT'), ('happenings', 'UPDATE'), ('happenings', 'DELETE'), "
                       "('places', 'INSERT'), ('places', 'UPDATE'), ('actors', 'INSERT'), ('actors', 'UPDATE')) "
                       "AS w(t, p)"),
        QStringLiteral("reading the role's privileges"));
    if (!allowed)
        return R::failure(allowed.error());
    std::unique_ptr<PgCorrectionWriter> writer(new PgCorrectionWriter(std::move(connection).value(), analyst));
    writer->mRole = allowed->string(0, 0);
    writer->mPassword = password;
    writer->mWritable = allowed->text(0, 1) == "t";
    return writer;
}

bool PgCorrectionWriter::connectionLost() const
{
    return PQstatus(mConnection->handle()) == CONNECTION_BAD;
}

Status PgCorrectionWriter::reconnect()
{
    auto connection = PgConnection::open(mConnection->url(), mPassword);
    if (!connection)
        return Status::failure(connection.error());
    if (auto version = pgschema::prepare(**connection, pgschema::Mode::ReadOnly); !version)
        return Status::failure(version.error());
    mConnection = std::move(connection).value();
    return {};
}

bool PgCorrectionWriter::canWrite(QString *why) const
{
    if (!mWritable && why)
        *why = QStringLiteral("The role %1 may read this shared store but not write to it: corrections, merges and "
                              "splits are not possible. The store's administrator can allow them (GRANT SELECT, "
                              "INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %2 TO %1; GRANT USAGE ON ALL SEQUENCES "
                              "IN SCHEMA %2 TO %1).")
                   .arg(QLatin1Char('"') + QString(mRole).replace(QLatin1Char('"'), QStringLiteral("\"\"")) + QLatin1Char('"'),
                        QLatin1String(pgschema::kSchema));
    return mWritable;
}

QString PgCorrectionWriter::failure(const QString &error) const
{
    // 42501: insufficient_privilege (a role that may only read, or lost a grant since the open).
    if (mConnection->lastSqlState() != u"42501")
        return error;
    return QStringLiteral("Nothing was saved: the role %1 may not write to this shared store (%2). Ask the store's "
                          "administrator for write access.")
        .arg(mRole, error);
}

Status PgCorrectionWriter::inWrite(const QString &what, const std::function<Status()> &body)
{
    if (Status s = beginWrite(*mConnection, what); !s) {
        // Lost since the last statement: connected again, the write begun again (nothing of it
        // reached the server).
        if (!connectionLost() || !reconnect())
            return Status::failure(failure(s.error()));
        if (Status again = beginWrite(*mConnection, what); !again)
            return Status::failure(failure(again.error()));
    }
    Status s = body();
    if (s)
        s = mConnection->exec(QStringLiteral("COMMIT"), what);
    if (!s) {
        const QString error = failure(s.error()); // before ROLLBACK replaces the SQLSTATE
        static_cast<void>(mConnection->exec(QStringLiteral("ROLLBACK"), what));
        return Status::failure(error);
    }
    return {};
}

const QString &PgCorrectionWriter::url() const
{
    return mConnection->url();
}

Result<qint64> PgCorrectionWriter::eventIdOf(const EventKey &key)
{
    using R = Result<qint64>;
    auto stored = mConnection->query(QStringLiteral("SELECT event_id FROM corrections WHERE %1").arg(kKeyWhere),
                                     keyParams(key), QStringLiteral("reading a correction"));
    if (!stored)
        return R::failure(stored.error());
    if (stored->rows() > 0) // corrected: the event it names (none when discarded), as EventStore::eventIdOf
        return stored->isNull(0, 0) ? qint64(0) : stored->int64(0, 0);
    // Not corrected yet: the event of the key's article that ranks as the key says.
    return machineEventOf(key);
}

Result<EventKey> PgCorrectionWriter::eventKey(qint64 eventId)
{
    using R = Result<EventKey>;
    const QString id = QString::number(eventId);
    // An event already corrected keeps the key it was corrected under.
    auto c = mConnection->query(QStringLiteral("SELECT content_hash, sentence_idx, trigger_start, trigger_end, machine_type, "
                                               "ordinal FROM corrections WHERE event_id = $1::bigint"),
                                {id}, QStringLiteral("reading a correction"));
    if (!c)
        return R::failure(c.error());
    if (c->rows() > 0)
        return EventKey{c->string(0, 0), int(c->int64(0, 1)), int(c->int64(0, 2)), int(c->int64(0, 3)), c->string(0, 4),
                        int(c->int64(0, 5))};
    // Its identity (sentence, trigger, the type the machine gave) and its rank among the events of
    // its article with the same identity, as EventStore::eventKey ranks them, counted by the
    // server: one row back however many events the article has (a dataset file's hundreds of
    // thousands included).
    auto r = mConnection->query(QStringLiteral(R"(
        WITH me AS (
            SELECT e.id, e.article_id, COALESCE(s.idx, -1) AS sentence_idx, COALESCE(e.trigger_start, -1) AS trigger_start,
                COALESCE(e.trigger_end, -1) AS trigger_end, COALESCE(c.machine_type, e.type) AS machine_type
            FROM events e LEFT JOIN sentences s ON s.id = e.sentence_id LEFT JOIN corrections c ON c.event_id = e.id
            WHERE e.id = $1::bigint)
        SELECT a.content_hash, me.sentence_idx, me.trigger_start, me.trigger_end, me.machine_type,
            (SELECT count(*) FROM events e LEFT JOIN sentences s ON s.id = e.sentence_id
                LEFT JOIN corrections c ON c.event_id = e.id
             WHERE e.article_id = me.article_id AND e.id < me.id AND COALESCE(s.idx, -1) = me.sentence_idx
                AND COALESCE(e.trigger_start, -1) = me.trigger_start AND COALESCE(e.trigger_end, -1) = me.trigger_end
                AND COALESCE(c.machine_type, e.type) = me.machine_type)
        FROM me JOIN articles a ON a.id = me.article_id)"),
                                {id}, QStringLiteral("reading an event"));
    if (!r)
        return R::failure(r.error());
    if (r->rows() == 0)
        return R::failure(QStringLiteral("%1: no event %2").arg(mConnection->url()).arg(eventId));
    EventKey key{r->string(0, 0), int(r->int64(0, 1)), int(r->int64(0, 2)), int(r->int64(0, 3)), r->string(0, 4), 0};
    // Its rank among the live events, past the ranks of the discarded rows of a dataset
    // (takenOrdinals()).
    const Result<std::vector<int>> taken = takenOrdinals(key);
    if (!taken)
        return R::failure(taken.error());
    int live = int(r->int64(0, 5)), ordinal = 0;
    for (const int t : *taken) {
        if (t > ordinal + live)
            break;
        if (t >= ordinal) {
            live -= t - ordinal;
            ordinal = t + 1;
        }
    }
    key.ordinal = ordinal + live;
    return key;
}

// The ranks of the key's identity (its ordinal aside) held by corrections without their event in
// a dataset's article, in order. A dataset file's rows with the same text share one sentence, so
// many of them can have one identity; its article is never extracted again, so such a correction
// is a discarded row, whose rank stays taken: discarding one row does not move the others' keys
// onto its own (EventStore's machineRows, the same rule). Empty for an article's events.
Result<std::vector<int>> PgCorrectionWriter::takenOrdinals(const EventKey &key)
{
    auto r = mConnection->query(
        QStringLiteral("SELECT c.ordinal FROM corrections c WHERE c.content_hash = $1 AND c.sentence_idx = $2::int AND "
                       "c.trigger_start = $3::int AND c.trigger_end = $4::int AND c.machine_type = $5 AND EXISTS "
                       "(SELECT 1 FROM datasets d JOIN articles a ON a.id = d.article_id WHERE a.content_hash = $1) AND "
                       "(c.event_id IS NULL OR NOT EXISTS (SELECT 1 FROM events e WHERE e.id = c.event_id)) ORDER BY "
                       "c.ordinal"),
        {key.contentHash, QString::number(key.sentenceIndex), QString::number(key.triggerStart),
         QString::number(key.triggerEnd), key.machineType},
        QStringLiteral("reading the discarded rows' ranks"));
    if (!r)
        return Result<std::vector<int>>::failure(r.error());
    std::vector<int> taken;
    for (int i = 0; i < r->rows(); ++i)
        taken.push_back(int(r->int64(i, 0)));
    return taken;
}

Result<qint64> PgCorrectionWriter::machineEventOf(const EventKey &key)
{
    // The event of the key's article with the key's identity and rank (eventKey()'s ranking): a
    // rank taken by a discarded row names no event, and the live events' ranks skip those taken.
    const Result<std::vector<int>> taken = takenOrdinals(key);
    if (!taken)
        return Result<qint64>::failure(taken.error());
    EventKey live = key;
    for (const int t : *taken) {
        if (t == key.ordinal)
            return qint64(0);
        if (t < key.ordinal)
            --live.ordinal;
    }
    auto r = mConnection->query(
        QStringLiteral("SELECT id FROM (SELECT e.id, row_number() OVER (ORDER BY e.id) - 1 AS ordinal FROM events e "
                       "JOIN articles a ON a.id = e.article_id LEFT JOIN sentences s ON s.id = e.sentence_id "
                       "LEFT JOIN corrections c ON c.event_id = e.id WHERE a.content_hash = $1 AND "
                       "COALESCE(s.idx, -1) = $2::int AND COALESCE(e.trigger_start, -1) = $3::int AND "
                       "COALESCE(e.trigger_end, -1) = $4::int AND COALESCE(c.machine_type, e.type) = $5) r "
                       "WHERE ordinal = $6::int"),
        keyParams(live), QStringLiteral("reading an event"));
    if (!r)
        return Result<qint64>::failure(r.error());
    return r->rows() > 0 ? r->int64(0, 0) : qint64(0);
}

Result<std::optional<Correction>> PgCorrectionWriter::correction(const EventKey &key)
{
    using R = Result<std::optional<Correction>>;
    auto r = mConnection->query(QStringLiteral("SELECT %1 FROM corrections WHERE %2").arg(kStoredColumns, kKeyWhere),
                                keyParams(key), QStringLiteral("reading a correction"));
    if (!r)
        return R::failure(r.error());
    return r->rows() == 0 ? std::optional<Correction>() : std::optional<Correction>(correctionFrom(*r));
}

Result<std::optional<CorrectionStamp>> PgCorrectionWriter::stamp(const EventKey &key)
{
    using R = Result<std::optional<CorrectionStamp>>;
    auto r = mConnection->query(QStringLiteral("SELECT corrected_by, corrected_at FROM corrections WHERE %1").arg(kKeyWhere),
                                keyParams(key), QStringLiteral("reading a correction"));
    if (!r)
        return R::failure(r.error());
    if (r->rows() == 0)
        return std::optional<CorrectionStamp>();
    return std::optional(CorrectionStamp{r->string(0, 0), history::stampFromText(r->string(0, 1))});
}

Result<qint64> PgCorrectionWriter::revision(const QStringList &subjects)
{
    if (subjects.isEmpty()) {
        auto all = mConnection->query(QStringLiteral("SELECT COALESCE(max(id), 0) FROM correction_history"),
                                      QStringLiteral("reading the corrections' history"));
        if (!all)
            return Result<qint64>::failure(all.error());
        return all->int64(0, 0);
    }
    auto r = mConnection->query(QStringLiteral("SELECT COALESCE(max(id), 0) FROM correction_history WHERE subject = ANY($1::text[])"),
                                {QStringLiteral("{%1}").arg([&] {
                                     QStringList quoted;
                                     for (QString s : subjects)
                                         quoted << QLatin1Char('"') + s.replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
                                                                          .replace(QLatin1Char('"'), QStringLiteral("\\\"")) +
                                                       QLatin1Char('"');
                                     return quoted.join(QLatin1Char(','));
                                 }())},
                                QStringLiteral("reading the corrections' history"));
    if (!r)
        return Result<qint64>::failure(r.error());
    return r->int64(0, 0);
}

Result<QList<HistoryEntry>> PgCorrectionWriter::history(const QStringList &subjects, qint64 after)
{
    using R = Result<QList<HistoryEntry>>;
    QList<HistoryEntry> out;
    for (const QString &subject : subjects) { // a few subjects: one query each, merged by id
        auto r = mConnection->query(QStringLiteral("SELECT id, kind, subject, old_value, old_by, old_at, new_value, changed_by, "
                                                   "changed_at, change FROM correction_history WHERE subject = $1 AND "
                                                   "id > $2::bigint ORDER BY id"),
                                    {subject, QString::number(after)}, QStringLiteral("reading the corrections' history"));
        if (!r)
            return R::failure(r.error());
        for (int i = 0; i < r->rows(); ++i) {
            HistoryEntry e;
            e.id = r->int64(i, 0);
            e.kind = history::kindFromName(r->string(i, 1));
            e.subject = r->string(i, 2);
            e.oldValue = jsonFrom(*r, i, 3);
            e.old = {r->string(i, 4), history::stampFromText(r->string(i, 5))};
            e.newValue = jsonFrom(*r, i, 6);
            e.changed = {r->string(i, 7), history::stampFromText(r->string(i, 8))};
            e.change = r->string(i, 9);
            out.append(e);
        }
    }
    std::sort(out.begin(), out.end(), [](const HistoryEntry &a, const HistoryEntry &b) { return a.id < b.id; });
    return out;
}

Status PgCorrectionWriter::collectConflict(const QStringList &subjects, qint64 seen, CorrectionConflict *conflict)
{
    if (seen < 0 || !conflict)
        return {};
    auto later = history(subjects, seen);
    if (!later)
        return Status::failure(later.error());
    conflict->replaced = *later;
    return {};
}

Result<qint64> PgCorrectionWriter::appendHistory(const HistoryEntry &e)
{
    auto r = mConnection->query(QStringLiteral("INSERT INTO correction_history (kind, subject, old_value, old_by, old_at, new_value, "
                                               "changed_by, changed_at, change) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
                                               "RETURNING id"),
                                {history::kindName(e.kind), e.subject, jsonText(e.oldValue),
                                 e.old.by.isEmpty() ? QString() : e.old.by,
                                 e.old.at.isValid() ? history::stampText(e.old.at) : QString(), jsonText(e.newValue),
                                 e.changed.by.isEmpty() ? QString() : e.changed.by, history::stampText(e.changed.at),
                                 e.change.isNull() ? QStringLiteral("") : e.change},
                                QStringLiteral("keeping the correction's history"));
    if (!r)
        return Result<qint64>::failure(r.error());
    return r->int64(0, 0);
}

Result<qint64> PgCorrectionWriter::setCorrection(const EventKey &key, const std::optional<Correction> &correction,
                                                 qint64 seenRevision, CorrectionConflict *conflict)
{
    if (!key.isValid())
        return Result<qint64>::failure(
            QStringLiteral("%1: the event has no article to keep its correction with").arg(mConnection->url()));
    qint64 eventId = 0;
    const Status s = inWrite(QStringLiteral("saving a correction"), [&]() -> Status {
        const Result<qint64> written = writeCorrection(key, correction, seenRevision, conflict);
        if (!written)
            return Status::failure(written.error());
        eventId = *written;
        return {};
    });
    if (!s)
        return Result<qint64>::failure(s.error());
    return eventId;
}

Result<QList<HappeningCorrection>> PgCorrectionWriter::happeningCorrections()
{
    using R = Result<QList<HappeningCorrection>>;
    auto r = mConnection->query(QStringLiteral("SELECT kind, content_hash, sentence_idx, trigger_start, trigger_end, "
                                               "machine_type, ordinal, other_content_hash, other_sentence_idx, "
                                               "other_trigger_start, other_trigger_end, other_machine_type, other_ordinal "
                                               "FROM happening_corrections ORDER BY id"),
                                QStringLiteral("reading the analyst's happening corrections"));
    if (!r)
        return R::failure(r.error());
    const auto keyAt = [&](int row, int column) {
        return EventKey{r->string(row, column), int(r->int64(row, column + 1)), int(r->int64(row, column + 2)),
                        int(r->int64(row, column + 3)), r->string(row, column + 4), int(r->int64(row, column + 5))};
    };
    QList<HappeningCorrection> out;
    for (int row = 0; row < r->rows(); ++row) {
        HappeningCorrection c;
        c.kind = r->text(row, 0) == "merge" ? HappeningCorrection::Kind::Merge : HappeningCorrection::Kind::Split;
        c.report = keyAt(row, 1);
        if (c.kind == HappeningCorrection::Kind::Merge)
            c.other = keyAt(row, 7);
        out << c;
    }
    return out;
}

Status PgCorrectionWriter::changeHappeningCorrections(const QList<HappeningCorrection> &add,
                                                      const QList<HappeningCorrection> &remove, qint64 seenRevision,
                                                      CorrectionConflict *conflict)
{
    return inWrite(QStringLiteral("saving a merge or split of happenings"),
                   [&] { return writeHappeningCorrections(add, remove, seenRevision, conflict); });
}

} // namespace mapline::pg
