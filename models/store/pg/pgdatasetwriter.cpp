#include "store/pg/pgdatasetwriter.h"

#include "store/datasetkey.h"
#include "store/eventcolumns.h"
#include "store/pg/pgbulkload.h"
#include "store/fusionsync.h"
#include "store/pg/pgconnection.h"
#include "store/pg/pgfusion.h"
#include "store/pg/pgvalues.h"
#include "store/pg/pgwritelock.h"

#include <QDateTime>
#include <QFileInfo>

namespace mapline::pg {
namespace {

// From how many new rows a file may be loaded without the indexes (pgbulkload.h).
constexpr qint64 kBulkLoadRows = 50000;

// COPY sends the staged rows in pieces of about this size.
constexpr qsizetype kCopyPiece = 256 * 1024;

// One row of a file as COPY's text format takes it, in the staging table's column order.
class CopyRowWriter {
public:
    explicit CopyRowWriter(QByteArray &out) : mOut(out) {}
    void text(const QString &value)
    {
        separate();
        const QByteArray utf8 = value.toUtf8();
        for (const char c : utf8) {
            switch (c) {
            case '\\': mOut += "\\\\"; break;
            case '\t': mOut += "\\t"; break;
            case '\n': mOut += "\\n"; break;
            case '\r': mOut += "\\r"; break;
            default: mOut += c;
            }
        }
    }
    void null()
    {
        separate();
        mOut += "\\N";
    }
    // NULL for a null QString (pgvalues.h's convention), else the text.
    void value(const QString &value) { value.isNull() ? null() : text(value); }
    void end() { mOut += '\n'; }

private:
    void separate()
    {
        if (mFirst)
            mFirst = false;
        else
            mOut += '\t';
    }
    QByteArray &mOut;
    bool mFirst = true;
};

// The separators of the actors packed in one staging column (a control character in a name is
// replaced by a space: it would split the name).
constexpr QChar kField(0x1F);
constexpr QChar kRecord(0x1E);
QString packed(QString value)
{
    value.replace(kField, QLatin1Char(' ')).replace(kRecord, QLatin1Char(' '));
    return value;
}

const QString kStaging = QStringLiteral(
    "CREATE TEMP TABLE dataset_rows (seq bigint, line bigint, key text, sentence text, type text, "
    "acled_event_type text, acled_sub_event_type text, cameo_root text, date date, date_end date, date_precision text, "
    "time_text text, has_place boolean, place_name text, place_kind text, place_admin1 text, place_admin2 text, "
    "place_country text, place_gazetteer bigint, place_source text, place_text text, lon double precision, "
    "lat double precision, geo_precision text, confidence double precision, cameo_code text, source text, "
    "external_id text, fatalities bigint, actors text) ON COMMIT DROP");

// The chosen rows (dataset_chosen) fused as the SQLite store fuses a file (eventstore_dataset.cpp):
// each row in the file's order joins the file's happenings or starts one (ids given as they
// start), then the file's happenings meet the stored ones near them, and what changed is written.
// The rows' own happenings go to the temporary table dataset_fused, which the events' insert reads:
// each event is written once, with its happening.
Status fuseChosen(PgConnection &c, FusionReports &reports, PgFusion &fusion)
{
    auto chosen = c.query(QStringLiteral("SELECT seq, event_id FROM dataset_chosen ORDER BY seq"),
                          QStringLiteral("fusing the rows"));
    if (!chosen)
        return Status::failure(chosen.error());
    HappeningFuser fuser(reports);
    qint64 firstNew = std::numeric_limits<qint64>::max();
    std::vector<int> written;
    written.reserve(size_t(chosen->rows()));
    qint32 first = std::numeric_limits<qint32>::max(), last = std::numeric_limits<qint32>::min();
    for (int row = 0; row < chosen->rows(); ++row) {
        const int report = int(chosen->int64(row, 0) - 1);
        const qint64 event = chosen->int64(row, 1);
        if (report < 0 || report >= reports.size())
            return Status::failure(QStringLiteral("fusing the rows: row %1 was not read").arg(report + 1));
        reports[report].eventId = event;
        firstNew = std::min(firstNew, event);
        const int happening = fuser.add(report);
        // A happening's id is its first report's event id (fusion/fusionwriteplan.h): this row's,
        // when it starts one.
        if (!fuser.storedId(happening))
            fuser.setStoredId(happening, event);
        written.push_back(report);
        if (reports[report].dated() && reports[report].span() <= FusionRules::kMaxSpanDays) {
            first = std::min(first, reports[report].start);
            last = std::max(last, reports[report].end);
        }
    }
    const std::vector<int> fresh = fuser.roots();
    if (first <= last) {
        const Result<bool> overlap = fusion.anyHappeningWithin(first - 1, last + 1);
        if (!overlap)
            return Status::failure(overlap.error());
        if (*overlap) {
            const Result<QSet<qint64>> near = fusion.neighbours(written, {});
            if (!near)
                return Status::failure(near.error());
            if (Status s = fusion.loadStored(*near, fuser); !s)
                return s;
        }
    }
    fuser.stitch(fresh);
    std::vector<std::pair<qint64, qint64>> own;
    if (Status s = fusion.write(fuser, {}, firstNew, &own); !s)
        return s;
    if (Status s = c.exec(QStringLiteral("CREATE TEMP TABLE dataset_fused (event_id bigint, happening_id bigint) ON "
                                         "COMMIT DROP"),
                          QStringLiteral("fusing the rows"));
        !s)
        return s;
    if (Status s = c.copyInBegin(QStringLiteral("COPY dataset_fused FROM STDIN"), QStringLiteral("fusing the rows")); !s)
        return s;
    QByteArray piece;
    for (const auto &[event, happening] : own) {
        piece += QByteArray::number(event) + '\t' + QByteArray::number(happening) + '\n';
        if (piece.size() >= kCopyPiece) {
            if (Status s = c.copyInSend(piece); !s)
                return s;
            piece.clear();
        }
    }
    if (!piece.isEmpty()) {
        if (Status s = c.copyInSend(piece); !s)
            return s;
    }
    if (Status s = c.copyInEnd(); !s)
        return s;
    return c.exec(QStringLiteral("ANALYZE dataset_fused"), QStringLiteral("fusing the rows"));
}

} // namespace

Result<QString> PgDatasetWriter::setting(const QString &key) const
{
    auto r = mConnection.query(QStringLiteral("SELECT value FROM settings WHERE key = $1"), {key},
                               QStringLiteral("reading the setting %1").arg(key));
    if (!r)
        return Result<QString>::failure(r.error());
    return r->rows() > 0 ? r->string(0, 0) : QString();
}

Result<QList<DatasetInfo>> PgDatasetWriter::datasets() const
{
    using R = Result<QList<DatasetInfo>>;
    auto r = mConnection.query(QStringLiteral("SELECT id, article_id, kind, format, path, content_hash, bytes, imported_at, "
                                              "rows, events, skipped, outside, duplicates FROM datasets ORDER BY id"),
                               QStringLiteral("reading the datasets"));
    if (!r)
        return R::failure(r.error());
    QList<DatasetInfo> list;
    for (int row = 0; row < r->rows(); ++row) {
        DatasetInfo d;
        int i = 0;
        d.id = r->int64(row, i++);
        d.articleId = r->int64(row, i++);
        d.kind = r->string(row, i++);
        d.format = r->string(row, i++);
        d.path = r->string(row, i++);
        d.contentHash = r->string(row, i++);
        d.bytes = r->int64(row, i++);
        d.importedAt = QDateTime::fromString(r->string(row, i++), Qt::ISODate);
        d.rows = r->int64(row, i++);
        d.events = r->int64(row, i++);
        d.skipped = r->int64(row, i++);
        d.outside = r->int64(row, i++);
        d.duplicates = r->int64(row, i++);
        list.append(d);
    }
    return list;
}

Status PgDatasetWriter::stage(const DatasetInfo &info, DatasetRowSource &rows, qint64 &count, FusionReports *reports)
{
    // Every row a report (report i is the row of seq i + 1), fused once the rows to store are known.
    const FusionDocument document =
        reports ? fusionDocument(reports->rules(), 0, {}, {}, info.kind, info.path) : FusionDocument{};
    PgConnection &c = mConnection;
    if (Status s = c.exec(kStaging, QStringLiteral("staging the rows")); !s)
        return s;
    if (Status s = c.copyInBegin(QStringLiteral("COPY dataset_rows FROM STDIN"), QStringLiteral("staging the rows")); !s)
        return s;
    QByteArray piece;
    piece.reserve(kCopyPiece + 4096);
    DatasetRow row;
    while (rows.next(row)) {
        const Event &e = row.event;
        if (reports)
            reports->add(e, fusionPublishers(reports->rules(), document, row.source), 0, row.cameoCode);
        CopyRowWriter line(piece);
        line.text(QString::number(++count));
        line.text(QString::number(row.line));
        line.value(datasetkey::of(info.kind, row));
        line.text(text(e.sentence));
        line.text(text(e.type));
        line.text(text(e.acledEventType));
        line.text(text(e.acledSubEventType));
        line.text(text(e.cameoRoot));
        line.value(isoDate(e.time.start));
        line.value(isoDate(e.time.end));
        line.text(toString(e.time.precision));
        line.text(text(e.timeText));
        // As the SQLite store: a place row for any row that names a place, an area or a country.
        const bool hasPlace = !e.place.name.isEmpty() || !e.place.admin1.isEmpty() || !e.place.country.isEmpty();
        line.text(hasPlace ? QStringLiteral("t") : QStringLiteral("f"));
        line.text(text(e.place.name));
        line.text(toString(e.place.precision));
        line.text(text(e.place.admin1));
        line.text(text(e.place.admin2));
        line.text(text(e.place.country));
        line.value(e.place.gazetteerId ? QString::number(e.place.gazetteerId) : QString());
        line.text(text(e.place.source));
        line.text(text(e.placeText));
        const bool located = e.place.coordinate.isValid();
        line.value(located ? real(e.place.coordinate.longitude()) : QString());
        line.value(located ? real(e.place.coordinate.latitude()) : QString());
        line.text(toString(e.place.precision));
        line.text(real(e.confidence));
        line.text(text(row.cameoCode));
        line.text(text(row.source));
        line.text(text(row.externalId));
        line.value(row.fatalities >= 0 ? QString::number(row.fatalities) : QString());
        QString actors;
        for (const ActorMention &m : e.actors) {
            if (!actors.isEmpty())
                actors += kRecord;
            actors += packed(m.actor.name) + kField + packed(m.actor.affiliation) + kField + packed(m.actor.kind) + kField +
                      packed(eventcolumns::datasetRoleOf(m)) + kField +
                      (m.span.isValid() ? QString::number(m.span.start) : QString()) + kField +
                      (m.span.isValid() ? QString::number(m.span.end) : QString());
        }
        line.text(actors);
        line.end();
        if (piece.size() >= kCopyPiece) {
            if (Status s = c.copyInSend(piece); !s)
                return s;
            piece.clear();
        }
    }
    if (!rows.failure().isEmpty() || rows.cancelled()) {
        c.copyInAbort();
        return Status::failure(rows.failure());
    }
    if (!piece.isEmpty()) {
        if (Status s = c.copyInSend(piece); !s)
            return s;
    }
    return c.copyInEnd();
}

Result<DatasetImportOutcome> PgDatasetWriter::importDataset(const DatasetInfo &info, DatasetRowSource &rows)
{
    using R = Result<DatasetImportOutcome>;
    // No JIT: each of the file's statements runs once over every row, and compiling them (LLVM's
    // inlining and optimisation of the events' insert, about 2.6 s of the server's 50 s for
    // 1,000,000 rows) costs more than it saves.
    if (Status s = mConnection.exec(QStringLiteral("BEGIN; SET LOCAL jit = off"), QStringLiteral("beginning a dataset"));
        !s)
        return R::failure(QStringLiteral("%1: not imported: %2").arg(info.path, s.error()));
    Result<DatasetImportOutcome> outcome = store(info, rows);
    if (outcome && !outcome->duplicate && !outcome->cancelled) {
        if (Status s = mConnection.exec(QStringLiteral("COMMIT"), QStringLiteral("committing the dataset")); !s)
            return R::failure(QStringLiteral("%1: not imported: %2").arg(info.path, s.error()));
        return outcome;
    }
    // Nothing of the file stays (a failed transaction, a duplicate, a cancel).
    static_cast<void>(mConnection.exec(QStringLiteral("ROLLBACK"), QStringLiteral("ending a dataset")));
    return outcome;
}

Result<DatasetImportOutcome> PgDatasetWriter::store(const DatasetInfo &info, DatasetRowSource &rows)
{
    using R = Result<DatasetImportOutcome>;
    PgConnection &c = mConnection;
    auto fail = [&](const QString &why) { return R::failure(QStringLiteral("%1: not imported: %2").arg(info.path, why)); };
    qint64 staged = 0;
    const bool fusing = !fusionOffForBenchmark();
    FusionReports reports;
    if (Status s = stage(info, rows, staged, fusing ? &reports : nullptr); !s) {
        if (!rows.failure().isEmpty())
            return R::failure(rows.failure());
        if (rows.cancelled()) {
            DatasetImportOutcome cancelled;
            cancelled.cancelled = true;
            return cancelled;
        }
        return fail(s.error());
    }
    // From here on the store's write lock: the checks below see every file committed before.
    if (Status s = c.exec(QStringLiteral("SELECT pg_advisory_xact_lock(%1)").arg(kWriteLockKey),
                          QStringLiteral("waiting for the other writers"));
        !s)
        return fail(s.error());
    DatasetImportOutcome outcome;
    const QString hash = rows.contentHash();
    auto existing = c.query(QStringLiteral("SELECT id, article_id FROM datasets WHERE content_hash = $1"), {hash},
                            QStringLiteral("duplicate check"));
    if (!existing)
        return fail(existing.error());
    if (existing->rows() > 0) {
        outcome.duplicate = true;
        outcome.datasetId = existing->int64(0, 0);
        outcome.articleId = existing->int64(0, 1);
        return outcome;
    }
    // The rows to store, in the file's order, with the ids their events will have: the first of
    // each dataset key that the store does not hold yet (the SQLite store's order and ids).
    // (The sequence named once: pg_get_serial_sequence() per row cost more than the rest.)
    auto sequence = c.query(QStringLiteral("SELECT pg_get_serial_sequence('events', 'id')"),
                            QStringLiteral("choosing the new rows"));
    if (!sequence)
        return fail(sequence.error());
    const QString sequenceName = sequence->string(0, 0).replace(QLatin1Char('\''), QStringLiteral("''"));
    if (Status s = c.exec(
            QStringLiteral(
                "ANALYZE dataset_rows; CREATE TEMP TABLE dataset_chosen ON COMMIT DROP AS SELECT seq, "
                "nextval('%1'::regclass) AS event_id FROM (SELECT seq FROM (SELECT min(seq) AS "
                "seq, key FROM dataset_rows WHERE key IS NOT NULL GROUP BY key) f WHERE NOT EXISTS (SELECT 1 FROM events "
                "e WHERE e.dataset_key = f.key) UNION ALL SELECT seq FROM dataset_rows WHERE key IS NULL ORDER BY seq) o; "
                "ANALYZE dataset_chosen")
                .arg(sequenceName),
            QStringLiteral("choosing the new rows"));
        !s)
        return fail(s.error());
    auto chosen = c.query(QStringLiteral("SELECT count(*) FROM dataset_chosen"), QStringLiteral("counting the new rows"));
    if (!chosen)
        return fail(chosen.error());
    const qint64 events = chosen->int64(0, 0);
    outcome.alreadyPresent = staged - events;
    if (events == 0 && outcome.alreadyPresent > 0) {
        outcome.duplicate = true; // every row is stored already: nothing to add, no trace
        return outcome;
    }

    // A file at least as large as the store (and not small) is loaded without the secondary
    // indexes and foreign keys, built again before the commit (pgbulkload.h): one sort per index
    // rather than an entry per row. Readers of the store wait for this file's commit then.
    QStringList restore;
    if (events >= kBulkLoadRows) {
        auto stored = c.query(QStringLiteral("SELECT coalesce(max(id), 0) FROM events"), QStringLiteral("sizing the store"));
        if (!stored)
            return fail(stored.error());
        if (events >= stored->int64(0, 0)) {
            auto dropped = dropForLoad(c);
            if (!dropped)
                return fail(dropped.error());
            restore = *dropped;
        }
    }

    const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    const QString title = datasetkey::title(info.kind);
    auto article = c.query(QStringLiteral("INSERT INTO articles (content_hash, title, source, path, body, imported_at) "
                                          "VALUES ($1, $2, $3, $4, '', $5) RETURNING id"),
                           {QStringLiteral("dataset:") + hash,
                            QStringLiteral("%1: %2").arg(title, QFileInfo(info.path).fileName()), title,
                            text(info.path), now},
                           QStringLiteral("article"));
    if (!article)
        return fail(article.error());
    const QString articleId = article->string(0, 0);
    auto dataset = c.query(QStringLiteral("INSERT INTO datasets (article_id, kind, format, path, content_hash, bytes, "
                                          "imported_at, rows, events, skipped, outside, duplicates) VALUES ($1, $2, $3, "
                                          "$4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id"),
                           {articleId, info.kind, text(info.format), text(info.path), hash, QString::number(info.bytes),
                            now, QString::number(rows.rowsRead()), QString::number(events),
                            QString::number(rows.rowsSkipped()), QString::number(rows.rowsOutside()),
                            QString::number(outcome.alreadyPresent)},
                           QStringLiteral("dataset"));
    if (!dataset)
        return fail(dataset.error());
    const QString datasetId = dataset->string(0, 0);
    PgFusion fusion(c, reports);
    if (fusing) {
        if (Status s = fuseChosen(c, reports, fusion); !s)
            return fail(s.error());
    }

    const QStringList statements = {
        // Places: one row per (name, kind, admin1, country), the first row of the file naming it
        // giving its coordinate, inserted in the file's order (the SQLite store's ids).
        QStringLiteral(
            "INSERT INTO places (name, kind, admin1, admin2, country, lon, lat, gazetteer_id, source) SELECT place_name, "
            "place_kind, place_admin1, place_admin2, place_country, lon, lat, place_gazetteer, place_source FROM (SELECT "
            "min(r.seq) AS first FROM dataset_rows r JOIN dataset_chosen c USING (seq) WHERE r.has_place GROUP BY "
            "r.place_name, r.place_kind, r.place_admin1, r.place_country) f JOIN dataset_rows p ON p.seq = f.first WHERE "
            "NOT EXISTS (SELECT 1 FROM places o WHERE o.name = p.place_name AND o.kind = "
            "p.place_kind AND o.admin1 = p.place_admin1 AND o.country = p.place_country) ORDER BY p.seq ON CONFLICT "
            "(name, kind, admin1, country) DO NOTHING"),
        // The actors of the new rows, one line each.
        QStringLiteral(
            "CREATE TEMP TABLE dataset_mentions ON COMMIT DROP AS SELECT c.seq, c.event_id, m.ord, "
            "split_part(m.a, E'\\x1f', 1) AS name, split_part(m.a, E'\\x1f', 2) AS affiliation, split_part(m.a, "
            "E'\\x1f', 3) AS kind, split_part(m.a, E'\\x1f', 4) AS role, nullif(split_part(m.a, E'\\x1f', 5), '')::integer "
            "AS span_start, nullif(split_part(m.a, E'\\x1f', 6), '')::integer AS span_end FROM dataset_chosen c JOIN "
            "dataset_rows r USING (seq) CROSS JOIN LATERAL unnest(string_to_array(r.actors, E'\\x1e')) WITH ORDINALITY "
            "AS m(a, ord) WHERE r.actors <> ''"),
        QStringLiteral("INSERT INTO actors (name, affiliation, kind) SELECT a.name, a.affiliation, a.kind FROM (SELECT "
                       "min(array[seq, ord]) AS first FROM dataset_mentions GROUP BY name) f JOIN dataset_mentions a ON "
                       "a.seq = f.first[1] AND a.ord = f.first[2] WHERE NOT EXISTS (SELECT 1 FROM actors o WHERE o.name = "
                       "a.name) ORDER BY a.seq, a.ord ON CONFLICT (name) DO NOTHING"),
        QStringLiteral("INSERT INTO sentences (article_id, idx, start_offset, end_offset, text) SELECT %1, r.line, 0, 0, "
                       "r.sentence FROM dataset_chosen c JOIN dataset_rows r USING (seq) WHERE r.sentence <> '' ORDER BY "
                       "r.seq")
            .arg(articleId),
        QStringLiteral(
            "INSERT INTO events (id, article_id, dataset_id, sentence_id, type, acled_event_type, acled_sub_event_type, "
            "cameo_root, date, date_end, date_precision, time_text, place_id, place_text, lon, lat, geo_precision, "
            "confidence, cameo_code, source, external_id, fatalities, dataset_key, happening_id) SELECT c.event_id, %1, "
            "%2, s.id, r.type, r.acled_event_type, r.acled_sub_event_type, r.cameo_root, r.date, r.date_end, "
            "r.date_precision, r.time_text, p.id, r.place_text, r.lon, r.lat, r.geo_precision, r.confidence, "
            "r.cameo_code, r.source, r.external_id, r.fatalities, r.key, %3 FROM dataset_chosen c JOIN dataset_rows r "
            "USING (seq) %4 LEFT JOIN places p "
            "ON r.has_place AND p.name = r.place_name AND p.kind = r.place_kind AND p.admin1 = r.place_admin1 AND "
            "p.country = r.place_country LEFT JOIN sentences s ON r.sentence <> '' AND s.article_id = %1 AND s.idx = "
            "r.line ORDER BY c.seq")
            .arg(articleId, datasetId, fusing ? QStringLiteral("f.happening_id") : QStringLiteral("NULL"),
                 fusing ? QStringLiteral("LEFT JOIN dataset_fused f ON f.event_id = c.event_id") : QString()),
        QStringLiteral("INSERT INTO event_actors (event_id, actor_id, span_start, span_end, role) SELECT m.event_id, "
                       "a.id, m.span_start, m.span_end, m.role FROM dataset_mentions m JOIN actors a ON a.name = m.name "
                       "ORDER BY m.seq, m.ord ON CONFLICT DO NOTHING"),
    };
    for (const QString &sql : statements) {
        if (Status s = c.exec(sql, QStringLiteral("storing the rows")); !s)
            return fail(s.error());
    }
    if (Status s = restoreAfterLoad(c, restore); !s)
        return fail(s.error());
    // The analyst's splits and merges of this file's rows (a file imported again): fused again
    // with them before the commit.
    if (fusing) {
        if (Status s = fusion.resolveCorrections(); !s)
            return fail(s.error());
        std::vector<qint64> corrected;
        for (qint64 id : fusion.pinned())
            corrected.push_back(id);
        for (const auto &[a, b] : fusion.merged())
            corrected.insert(corrected.end(), {a, b});
        auto isNew = c.query(QStringLiteral("SELECT event_id FROM dataset_chosen WHERE event_id = ANY($1::bigint[])"),
                             {bigintArray(corrected)}, QStringLiteral("fusing the corrected rows"));
        if (!isNew)
            return fail(isNew.error());
        if (isNew->rows() > 0) {
            std::vector<qint64> again;
            for (int row = 0; row < isNew->rows(); ++row)
                again.push_back(isNew->int64(row, 0));
            FusionReports more;
            PgFusion refusion(c, more);
            if (Status s = refusion.fuseEvents(again); !s)
                return fail(s.error());
        }
    }
    outcome.datasetId = datasetId.toLongLong();
    outcome.articleId = articleId.toLongLong();
    outcome.events = events;
    return outcome;
}

} // namespace mapline::pg
