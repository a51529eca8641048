#include "store/pg/pgarticleimporter.h"

#include "extract/timetagger.h"
#include "store/eventcolumns.h"
#include "store/fusionsync.h"
#include "store/pg/pgcorrectionwriter.h"
#include "store/pg/pgfusion.h"
#include "store/pg/pgconnection.h"
#include "store/pg/pgschema.h"
#include "store/pg/pgvalues.h"
#include "store/pg/pgwritelock.h"

#include <QDateTime>

#include <algorithm>

namespace mapline::pg {
namespace {

// Rows of one multi-row INSERT of sentences (5 parameters each; the server takes 65,535).
constexpr int kSentencesPerInsert = 2000;

const QString kInsertEvent = QStringLiteral(
    "INSERT INTO events (article_id, sentence_id, type, acled_event_type, acled_sub_event_type, cameo_root, date, "
    "date_end, date_precision, time_text, place_id, place_text, lon, lat, geo_precision, confidence, time_rule, "
    "trigger_start, trigger_end, time_start, time_end, place_start, place_end, flags) VALUES ($1, $2, $3, $4, $5, $6, "
    "$7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24) RETURNING id");

} // namespace

Result<std::unique_ptr<PgArticleImporter>> PgArticleImporter::open(const QString &url, ParseOptions options,
                                                                   const QByteArray &password)
{
    using R = Result<std::unique_ptr<PgArticleImporter>>;
    auto connection = PgConnection::open(url, password);
    if (!connection)
        return R::failure(connection.error());
    if (auto version = pgschema::prepare(**connection, pgschema::Mode::Create); !version)
        return R::failure(version.error());
    // Events an earlier Mapline stored without a happening are fused before anything is added.
    if (!fusionOffForBenchmark()) {
        if (Status s = fuseUnfused(**connection); !s)
            return R::failure(s.error());
    }
    // The store's area of interest ("AF" by default; comma-separated country codes), as the
    // SQLite import reads it. There is no user gazetteer beside a server's store.
    auto area = (*connection)->query(QStringLiteral("SELECT value FROM settings WHERE key = 'area_of_interest'"),
                                     QStringLiteral("reading the area of interest"));
    if (!area)
        return R::failure(area.error());
    if (area->rows() > 0 && !area->string(0, 0).isEmpty())
        options.areaCountries = area->string(0, 0).split(QLatin1Char(','), Qt::SkipEmptyParts);
    return std::unique_ptr<PgArticleImporter>(new PgArticleImporter(std::move(connection).value(), std::move(options)));
}

PgArticleImporter::PgArticleImporter(std::unique_ptr<PgConnection> connection, ParseOptions options)
    : mConnection(std::move(connection))
    , mOptions(std::move(options))
{
}

// Nothing of an unflushed batch was written: parsed articles wait in memory until flush().
PgArticleImporter::~PgArticleImporter() = default;

const QString &PgArticleImporter::url() const { return mConnection->url(); }

QList<PgArticleImporter::FileResult> PgArticleImporter::add(const QString &path)
{
    Result<ParsedArticle> parsed = mParser.parseFile(path, mOptions);
    if (!parsed) {
        Pending p{path, std::nullopt, {}};
        p.result.path = path;
        p.result.error = parsed.error();
        return staged(std::move(p));
    }
    return add(*parsed, path);
}

QList<PgArticleImporter::FileResult> PgArticleImporter::add(InputFile &file)
{
    Result<ParsedArticle> parsed = mParser.parseFile(file, mOptions);
    if (!parsed) {
        Pending p{file.path(), std::nullopt, {}};
        p.result.path = file.path();
        p.result.error = parsed.error();
        return staged(std::move(p));
    }
    return add(*parsed, file.path());
}

QList<PgArticleImporter::FileResult> PgArticleImporter::add(const ParsedArticle &parsed, const QString &path)
{
    return staged(Pending{path, parsed, {}});
}

QList<PgArticleImporter::FileResult> PgArticleImporter::staged(Pending pending)
{
    if (mPending.empty())
        mBatchAge.start();
    mPending.push_back(std::move(pending));
    if (int(mPending.size()) >= mLimits.articles || mBatchAge.elapsed() >= mLimits.milliseconds)
        return flush();
    return {};
}

QList<PgArticleImporter::FileResult> PgArticleImporter::flush()
{
    QList<FileResult> out;
    if (mPending.empty())
        return out;
    Status written;
    for (int attempt = 0;; ++attempt) {
        bool transient = false;
        written = writeBatch(transient);
        if (written || !transient || attempt >= kWriteRetries)
            break;
        ++mRetries;
    }
    for (Pending &p : mPending) {
        if (!p.parsed) {
            out.append(p.result); // failed to parse: its error says why
            continue;
        }
        FileResult r = p.result;
        if (!written && r.status != FileResult::Status::Failed) {
            r = FileResult{};
            r.path = p.path;
            r.warnings = p.parsed->warnings;
            r.error = QStringLiteral("%1: not imported: %2").arg(p.path, written.error());
        }
        out.append(std::move(r));
    }
    mPending.clear();
    return out;
}

Status PgArticleImporter::writeBatch(bool &transient)
{
    PgConnection &c = *mConnection;
    mPlaces.clear();
    mActors.clear();
    mBatchEvents.clear();
    if (Status s = beginWrite(c, QStringLiteral("beginning a batch of articles")); !s) {
        transient = failedTransiently(c);
        return s;
    }
    for (Pending &p : mPending) {
        if (!p.parsed)
            continue;
        p.result = FileResult{};
        p.result.path = p.path;
        p.result.warnings = p.parsed->warnings;
        if (Status s = c.exec(QStringLiteral("SAVEPOINT article"), QStringLiteral("beginning an article")); !s)
            return s; // the transaction is lost: the whole batch fails
        const size_t eventMark = mBatchEvents.size();
        Status s = writeArticle(p);
        if (s) {
            s = c.exec(QStringLiteral("RELEASE SAVEPOINT article"), QStringLiteral("storing an article"));
            if (s)
                continue;
        }
        if (failedTransiently(c)) {
            transient = true;
            static_cast<void>(c.exec(QStringLiteral("ROLLBACK"), QStringLiteral("giving a batch up")));
            return s;
        }
        // This article alone is left out; the ids cached since may be rolled back with it.
        mPlaces.clear();
        mActors.clear();
        mBatchEvents.resize(eventMark);
        p.result.status = FileResult::Status::Failed;
        p.result.error = QStringLiteral("%1: not imported: %2").arg(p.path, s.error());
        if (Status back = c.exec(QStringLiteral("ROLLBACK TO SAVEPOINT article"), QStringLiteral("leaving an article out"));
            !back)
            return back;
    }
    // The batch's events fused in its own transaction, under the write lock: its articles land
    // with their happenings or not at all.
    if (!mBatchEvents.empty() && !fusionOffForBenchmark()) {
        FusionReports reports;
        PgFusion fusion(c, reports);
        if (Status s = fusion.fuseEvents(mBatchEvents); !s) {
            transient = failedTransiently(c);
            static_cast<void>(c.exec(QStringLiteral("ROLLBACK"), QStringLiteral("giving a batch up")));
            return s;
        }
    }
    if (Status s = c.exec(QStringLiteral("COMMIT"), QStringLiteral("committing a batch of articles")); !s) {
        transient = failedTransiently(c);
        return s;
    }
    return {};
}

Status PgArticleImporter::writeArticle(Pending &p)
{
    PgConnection &c = *mConnection;
    const ParsedArticle &parsed = *p.parsed;
    const Article &a = parsed.article;
    if (a.contentHash.isEmpty())
        return Status::failure(QStringLiteral("the article has no content hash"));
    // Stored already (by anyone, committed before this batch took the write lock): unchanged. The
    // look-up first, so that a duplicate does not use up an id of the sequence (both stores then
    // number alike); the unique content hash still decides for a writer that skipped the lock.
    auto found = c.query(QStringLiteral("SELECT id FROM articles WHERE content_hash = $1"), {a.contentHash},
                         QStringLiteral("duplicate check"));
    if (!found)
        return Status::failure(found.error());
    std::optional<Result<PgResult>> inserted;
    if (found->rows() == 0) {
        inserted = c.query(
            QStringLiteral("INSERT INTO articles (content_hash, title, source, url, path, published, dateline_place, "
                           "body, imported_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (content_hash) "
                           "DO NOTHING RETURNING id"),
            {a.contentHash, text(a.meta.title), text(a.meta.source), text(a.meta.url), text(a.meta.path),
             isoDate(a.meta.published), text(a.datelinePlace), text(a.body),
             QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
            QStringLiteral("article"));
        if (!*inserted)
            return Status::failure(inserted->error());
    }
    if (!inserted || (*inserted)->rows() == 0) {
        if (inserted) {
            found = c.query(QStringLiteral("SELECT id FROM articles WHERE content_hash = $1"), {a.contentHash},
                            QStringLiteral("duplicate check"));
            if (!found)
                return Status::failure(found.error());
        }
        p.result.status = FileResult::Status::Duplicate;
        p.result.articleId = found->rows() > 0 ? found->int64(0, 0) : 0;
        // Imported once without a date and now given one: dated, its events re-resolved.
        if (p.result.articleId > 0 && a.meta.published.isValid())
            return redate(p, a.meta.published);
        return {};
    }
    const qint64 articleId = (*inserted)->int64(0, 0);
    const QString article = QString::number(articleId);

    QHash<int, qint64> sentenceIds; // by index in the article
    for (qsizetype from = 0; from < a.sentences.size(); from += kSentencesPerInsert) {
        const qsizetype to = std::min(a.sentences.size(), from + kSentencesPerInsert);
        QString sql = QStringLiteral("INSERT INTO sentences (article_id, idx, start_offset, end_offset, text) VALUES ");
        QList<QString> params;
        params.reserve((to - from) * 5);
        for (qsizetype i = from; i < to; ++i) {
            const Sentence &s = a.sentences[i];
            const qsizetype n = params.size();
            sql += QStringLiteral("%1($%2, $%3, $%4, $%5, $%6)")
                       .arg(i == from ? QString() : QStringLiteral(", "))
                       .arg(n + 1).arg(n + 2).arg(n + 3).arg(n + 4).arg(n + 5);
            params << article << QString::number(s.index) << QString::number(s.start) << QString::number(s.end)
                   << text(s.text);
        }
        sql += QStringLiteral(" RETURNING idx, id");
        auto rows = c.query(sql, params, QStringLiteral("sentences"));
        if (!rows)
            return Status::failure(rows.error());
        for (int r = 0; r < rows->rows(); ++r)
            sentenceIds.insert(int(rows->int64(r, 0)), rows->int64(r, 1));
    }

    for (const Event &e : parsed.events) {
        qint64 place = 0;
        if (e.place.isValid()) {
            const Result<qint64> id = placeId(e.place);
            if (!id)
                return Status::failure(id.error());
            place = *id;
        }
        const bool located = e.place.coordinate.isValid();
        QString sentence;
        if (e.sentenceIndex >= 0 && e.sentenceIndex < a.sentences.size())
            sentence = QString::number(sentenceIds.value(a.sentences[e.sentenceIndex].index));
        auto span = [](const Span &s, bool end) {
            return s.isValid() ? QString::number(end ? s.end : s.start) : QString();
        };
        auto row = c.query(kInsertEvent,
                           {article, sentence, text(e.type), text(e.acledEventType), text(e.acledSubEventType),
                            text(e.cameoRoot), isoDate(e.time.start), isoDate(e.time.end),
                            toString(e.time.precision), text(e.timeText),
                            place ? QString::number(place) : QString(), text(e.placeText),
                            located ? real(e.place.coordinate.longitude()) : QString(),
                            located ? real(e.place.coordinate.latitude()) : QString(),
                            toString(e.place.precision), real(e.confidence), text(e.timeRule),
                            span(e.trigger, false), span(e.trigger, true), span(e.timeSpan, false),
                            span(e.timeSpan, true), span(e.placeSpan, false), span(e.placeSpan, true),
                            QString::number(e.flags)},
                           QStringLiteral("event %1").arg(e.type));
        if (!row)
            return Status::failure(row.error());
        const QString eventId = row->string(0, 0);
        mBatchEvents.push_back(row->int64(0, 0));
        for (const ActorMention &mention : e.actors) {
            const Result<qint64> actor = actorId(mention.actor);
            if (!actor)
                return Status::failure(actor.error());
            auto done = c.query(QStringLiteral("INSERT INTO event_actors (event_id, actor_id, span_start, span_end, role) "
                                               "VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING"),
                                {eventId, QString::number(*actor), span(mention.span, false), span(mention.span, true),
                                 text(eventcolumns::datasetRoleOf(mention))},
                                QStringLiteral("actor %1").arg(mention.actor.name));
            if (!done)
                return Status::failure(done.error());
        }
    }
    // The analyst's corrections of this story, kept by key when it was deleted: back on its new
    // rows before the batch is fused (a failure leaves the article out, with the reason).
    std::vector<qint64> discarded;
    const Result<int> applied = PgCorrectionWriter::applyToArticle(c, a.contentHash, &discarded);
    if (!applied)
        return Status::failure(applied.error());
    for (qint64 id : discarded)
        mBatchEvents.erase(std::remove(mBatchEvents.begin(), mBatchEvents.end(), id), mBatchEvents.end());
    p.result.corrections = *applied;
    p.result.status = FileResult::Status::Imported;
    p.result.articleId = articleId;
    p.result.sentences = int(a.sentences.size());
    p.result.events = int(parsed.events.size());
    p.result.outsideArea = parsed.outsideArea;
    return {};
}

Status PgArticleImporter::redate(Pending &p, QDate date)
{
    // As EventStore::setPublishedDate: a stored date is never overwritten; the events whose time
    // is relative to the article's date (a rule kept with them, or the date itself inherited) are
    // resolved again from their rules, without reading the text again, and fused with the batch.
    PgConnection &c = *mConnection;
    const QString article = QString::number(p.result.articleId);
    const QString what = QStringLiteral("dating the article");
    auto dated = c.query(QStringLiteral("UPDATE articles SET published = $2::date WHERE id = $1::bigint AND published IS NULL "
                                        "RETURNING id"),
                         {article, isoDate(date)}, what);
    if (!dated)
        return Status::failure(dated.error());
    if (dated->rows() != 1)
        return {}; // dated already: unchanged
    auto events = c.query(QStringLiteral("SELECT id, time_rule, flags FROM events WHERE article_id = $1::bigint AND "
                                         "(time_rule <> '' OR (flags & $2::int) <> 0) ORDER BY id"),
                          {article, QString::number(quint32(Event::InheritedTime))}, what);
    if (!events)
        return Status::failure(events.error());
    for (int i = 0; i < events->rows(); ++i) {
        const QString rule = events->string(i, 1);
        TimeRange time;
        if (!rule.isEmpty())
            time = resolveTimeRule(rule, date);
        else if ((quint32(events->int64(i, 2)) & Event::InheritedTime) != 0)
            time = TimeRange::day(date);
        // An unknown rule leaves the event unresolved, shown as such.
        const bool valid = time.isValid();
        auto set = c.query(QStringLiteral("UPDATE events SET date = $2::date, date_end = $3::date, date_precision = $4 "
                                          "WHERE id = $1::bigint"),
                           {events->string(i, 0), valid ? isoDate(time.start) : QString(),
                            valid ? isoDate(time.end) : QString(), toString(valid ? time.precision : DatePrecision::Unknown)},
                           what);
        if (!set)
            return Status::failure(set.error());
        mBatchEvents.push_back(events->int64(i, 0));
    }
    p.result.status = FileResult::Status::Redated;
    p.result.reResolved = events->rows();
    return {};
}

// As EntityIds (the SQLite store): one row per (name, kind, admin1, country), the first stored
// keeping its coordinate; one actor row per name.
Result<qint64> PgArticleImporter::placeId(const Place &p)
{
    using R = Result<qint64>;
    const QString kind = toString(p.precision);
    const QString key = p.name + QChar(0x1F) + kind + QChar(0x1F) + p.admin1 + QChar(0x1F) + p.country;
    if (const auto it = mPlaces.constFind(key); it != mPlaces.constEnd())
        return *it;
    const bool located = p.coordinate.isValid();
    auto row = mConnection->query(
        QStringLiteral("WITH found AS (SELECT id FROM places WHERE name = $1 AND kind = $2 AND admin1 = $3 AND country = "
                       "$5), added AS (INSERT INTO places (name, kind, admin1, admin2, country, lon, lat, gazetteer_id, "
                       "source) SELECT $1, $2, $3, $4, $5, $6::double precision, $7::double precision, $8::bigint, $9 "
                       "WHERE NOT EXISTS (SELECT 1 FROM found) ON CONFLICT (name, kind, admin1, country) DO NOTHING "
                       "RETURNING id) SELECT id FROM found UNION ALL SELECT id FROM added"),
        {text(p.name), kind, text(p.admin1), text(p.admin2), text(p.country),
         located ? real(p.coordinate.longitude()) : QString(), located ? real(p.coordinate.latitude()) : QString(),
         p.gazetteerId ? QString::number(p.gazetteerId) : QString(), text(p.source)},
        QStringLiteral("place %1").arg(p.name));
    if (!row)
        return R::failure(row.error());
    if (row->rows() == 0)
        return R::failure(QStringLiteral("%1: place %2: not stored").arg(url(), p.name));
    const qint64 id = row->int64(0, 0);
    mPlaces.insert(key, id);
    return id;
}

Result<qint64> PgArticleImporter::actorId(const Actor &a)
{
    using R = Result<qint64>;
    if (const auto it = mActors.constFind(a.name); it != mActors.constEnd())
        return *it;
    auto row = mConnection->query(
        QStringLiteral("WITH found AS (SELECT id FROM actors WHERE name = $1), added AS (INSERT INTO actors (name, "
                       "affiliation, kind) SELECT $1, $2, $3 WHERE NOT EXISTS (SELECT 1 FROM found) ON CONFLICT (name) "
                       "DO NOTHING RETURNING id) SELECT id FROM found UNION ALL SELECT id FROM added"),
        {text(a.name), text(a.affiliation), text(a.kind)}, QStringLiteral("actor %1").arg(a.name));
    if (!row)
        return R::failure(row.error());
    if (row->rows() == 0)
        return R::failure(QStringLiteral("%1: actor %2: not stored").arg(url(), a.name));
    const qint64 id = row->int64(0, 0);
    mActors.insert(a.name, id);
    return id;
}

} // namespace mapline::pg
