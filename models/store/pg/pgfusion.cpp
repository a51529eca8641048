// PgFusion's reading side (pgfusion.h): reports, stored happenings and corrections, set-wise.
#include "store/pg/pgfusion.h"

#include "event.h"
#include "fusion/fusionarea.h"
#include "fusion/fusionprobes.h"
#include "index/eventindex.h"
#include "store/pg/pgconnection.h"

#include <algorithm>
#include <limits>

namespace mapline::pg {
namespace {

QDate pgDay(std::string_view t)
{
    return QDate::fromString(QString::fromLatin1(t.data(), qsizetype(t.size())), Qt::ISODate);
}

QString fusionUtf8(std::string_view t)
{
    return QString::fromUtf8(t.data(), qsizetype(t.size()));
}

QString dayText(qint32 day)
{
    return EventIndex::dateOf(day).toString(Qt::ISODate);
}

std::vector<qint64> sortedHappeningIds(const QSet<qint64> &set)
{
    std::vector<qint64> ids(set.begin(), set.end());
    std::sort(ids.begin(), ids.end());
    return ids;
}

} // namespace

QString bigintArray(const std::vector<qint64> &ids)
{
    QString out;
    out.reserve(qsizetype(ids.size()) * 8 + 2);
    out += QLatin1Char('{');
    for (size_t i = 0; i < ids.size(); ++i) {
        if (i)
            out += QLatin1Char(',');
        out += QString::number(ids[i]);
    }
    out += QLatin1Char('}');
    return out;
}

PgFusion::PgFusion(PgConnection &connection, FusionReports &reports)
    : mConnection(connection)
    , mReports(reports)
{
}

Status PgFusion::readDocuments(const std::vector<qint64> &articles)
{
    std::vector<qint64> missing;
    for (qint64 a : articles)
        if (!mDocuments.contains(a))
            missing.push_back(a);
    if (missing.empty())
        return {};
    auto r = mConnection.query(QStringLiteral("SELECT a.id, a.source, a.url, d.kind, d.path FROM articles a LEFT JOIN "
                                              "datasets d ON d.article_id = a.id WHERE a.id = ANY($1::bigint[])"),
                               {bigintArray(missing)}, QStringLiteral("reading the sources to fuse"));
    if (!r)
        return Status::failure(r.error());
    for (int row = 0; row < r->rows(); ++row) {
        const qint64 id = r->int64(row, 0);
        mDocuments.insert(id, fusionDocument(mReports.rules(), id, r->string(row, 1), r->string(row, 2),
                                             r->string(row, 3), r->string(row, 4)));
    }
    for (qint64 a : missing)
        if (!mDocuments.contains(a))
            mDocuments.insert(a, FusionDocument{});
    return {};
}

Status PgFusion::loadReports(const QString &condition, const std::vector<qint64> &ids, std::vector<int> &out)
{
    if (ids.empty())
        return {};
    const QString array = bigintArray(ids);
    auto events = mConnection.query(
        QStringLiteral("SELECT e.id, e.happening_id, e.date, e.date_end, e.date_precision, e.flags, p.name, "
                       "e.geo_precision, e.lon, e.lat, p.admin1, p.country, e.type, e.acled_event_type, e.confidence, "
                       "e.article_id, e.source, e.cameo_code FROM events e LEFT JOIN places p ON p.id = e.place_id "
                       "WHERE %1 ORDER BY e.id")
            .arg(condition),
        {array}, QStringLiteral("reading the events to fuse"));
    if (!events)
        return Status::failure(events.error());
    // In the order of the SQLite store's key (event, actor), as its reader has them.
    auto actors = mConnection.query(
        QStringLiteral("SELECT ea.event_id, a.name, a.affiliation, a.kind FROM event_actors ea JOIN actors a ON a.id = "
                       "ea.actor_id WHERE ea.event_id IN (SELECT e.id FROM events e WHERE %1) ORDER BY ea.event_id, "
                       "ea.actor_id")
            .arg(condition),
        {array}, QStringLiteral("reading the actors to fuse"));
    if (!actors)
        return Status::failure(actors.error());
    std::vector<qint64> articles;
    for (int row = 0; row < events->rows(); ++row)
        articles.push_back(events->int64(row, 15));
    std::sort(articles.begin(), articles.end());
    articles.erase(std::unique(articles.begin(), articles.end()), articles.end());
    if (Status s = readDocuments(articles); !s)
        return s;

    FusionVocabulary &words = mReports.vocabulary();
    std::vector<FusionReports::Interned::Actor> rowActors;
    std::vector<quint32> publisherIds;
    int actorRow = 0;
    const int actorRows = actors->rows();
    for (int row = 0; row < events->rows(); ++row) {
        const qint64 id = events->int64(row, 0);
        while (actorRow < actorRows && actors->int64(actorRow, 0) < id)
            ++actorRow;
        if (reportOf(id) >= 0)
            continue; // read already (a member of two lists)
        FusionReports::Interned in;
        in.eventId = id;
        in.storedHappening = events->isNull(row, 1) ? 0 : events->int64(row, 1);
        const QDate start = pgDay(events->text(row, 2));
        const QDate end = events->isNull(row, 3) ? start : pgDay(events->text(row, 3));
        if (start.isValid() && end.isValid() && start <= end)
            in.time = {start, end, datePrecisionFromString(events->string(row, 4))};
        const qint64 flags = events->int64(row, 5);
        in.inheritedTime = flags & Event::InheritedTime;
        in.inheritedPlace = flags & Event::InheritedPlace;
        in.place = words.intern(events->text(row, 6));
        in.geo = geoPrecisionFromString(events->string(row, 7));
        in.positioned = !events->isNull(row, 8) && !events->isNull(row, 9);
        in.lon = events->real(row, 8);
        in.lat = events->real(row, 9);
        in.admin1 = words.intern(events->text(row, 10));
        in.country = words.intern(events->text(row, 11));
        in.admin1Key = mReports.admin1Key(in.country, in.admin1);
        in.type = words.intern(events->text(row, 12));
        in.acledEventType = words.intern(events->text(row, 13));
        in.confidence = events->real(row, 14);
        in.cameoCode = events->string(row, 17);
        rowActors.clear();
        for (; actorRow < actorRows && actors->int64(actorRow, 0) == id; ++actorRow) {
            const std::string_view affiliation = actors->text(actorRow, 2);
            rowActors.push_back({words.intern(actors->text(actorRow, 1)),
                                 affiliation.empty() ? QString() : fusionUtf8(affiliation), actors->text(actorRow, 3) == "role"});
        }
        in.actors = rowActors;
        publisherIds.clear();
        const qint64 article = events->int64(row, 15);
        for (const QString &name : fusionPublishers(mReports.rules(), mDocuments.value(article), events->string(row, 16)))
            publisherIds.push_back(words.intern(name));
        in.publishers = publisherIds;
        in.pinned = mPinned.contains(id);
        const int index = mReports.add(in);
        mReportOf.insert(id, index);
        out.push_back(index);
    }
    return {};
}

Status PgFusion::loadMembers(const QSet<qint64> &happenings, std::vector<int> &out)
{
    return loadReports(QStringLiteral("e.happening_id = ANY($1::bigint[])"), sortedHappeningIds(happenings), out);
}

Result<QSet<qint64>> PgFusion::happeningsOf(const std::vector<qint64> &events, bool withStale)
{
    using R = Result<QSet<qint64>>;
    auto r = mConnection.query(
        QStringLiteral("SELECT DISTINCT happening_id FROM events WHERE id = ANY($1::bigint[]) AND happening_id IS NOT "
                       "NULL%1")
            .arg(withStale ? QStringLiteral(" UNION SELECT id FROM happenings WHERE stale <> 0") : QString()),
        {bigintArray(events)}, QStringLiteral("reading the happenings to fuse again"));
    if (!r)
        return R::failure(r.error());
    QSet<qint64> out;
    for (int row = 0; row < r->rows(); ++row)
        out.insert(r->int64(row, 0));
    return out;
}

Result<QSet<qint64>> PgFusion::neighbours(const std::vector<int> &reports, const QSet<qint64> &exclude)
{
    using R = Result<QSet<qint64>>;
    // Per family, the areas the reports look in and the days they span (fusion/fusionprobes.h).
    const QHash<QString, FusionProbe> probes = fusionProbes(mReports, reports);
    QSet<qint64> found;
    if (probes.isEmpty())
        return found;
    QStringList families, from, to;
    std::vector<qint64> list;
    for (auto it = probes.cbegin(); it != probes.cend(); ++it) {
        for (qint64 a : it->areas) {
            // Family names are the shipped families.tsv's words: no quotes or commas to escape.
            families << QStringLiteral("\"%1\"").arg(it.key());
            list.push_back(a);
            from << dayText(it->from);
            to << dayText(it->to);
        }
    }
    auto r = mConnection.query(
        QStringLiteral("SELECT DISTINCT h.id FROM unnest($1::text[], $2::bigint[], $3::date[], $4::date[]) AS p(family, "
                       "area, first, last) JOIN happenings h ON h.family = p.family AND h.area = p.area AND h.date <= "
                       "p.last AND h.date_end >= p.first"),
        {QLatin1Char('{') + families.join(QLatin1Char(',')) + QLatin1Char('}'), bigintArray(list),
         QLatin1Char('{') + from.join(QLatin1Char(',')) + QLatin1Char('}'),
         QLatin1Char('{') + to.join(QLatin1Char(',')) + QLatin1Char('}')},
        QStringLiteral("finding the happenings near the new events"));
    if (!r)
        return R::failure(r.error());
    for (int row = 0; row < r->rows(); ++row)
        if (!exclude.contains(r->int64(row, 0)))
            found.insert(r->int64(row, 0));
    return found;
}

Status PgFusion::loadStored(const QSet<qint64> &found, HappeningFuser &fuser)
{
    if (found.isEmpty())
        return {};
    std::vector<int> members;
    if (Status s = loadMembers(found, members); !s)
        return s;
    QHash<qint64, std::vector<int>> byHappening;
    for (int i : members)
        byHappening[mReports[i].storedHappening].push_back(i);
    auto r = mConnection.query(QStringLiteral("SELECT id FROM happenings WHERE corrected <> 0 AND id = ANY($1::bigint[])"),
                               {bigintArray(sortedHappeningIds(found))}, QStringLiteral("reading the corrected happenings"));
    if (!r)
        return Status::failure(r.error());
    QSet<qint64> corrected;
    for (int row = 0; row < r->rows(); ++row)
        corrected.insert(r->int64(row, 0));
    std::vector<qint64> ids;
    for (auto it = byHappening.cbegin(); it != byHappening.cend(); ++it)
        ids.push_back(it.key());
    std::sort(ids.begin(), ids.end());
    for (qint64 id : ids)
        fuser.addStored(id, byHappening.value(id), corrected.contains(id));
    return {};
}

Result<bool> PgFusion::anyHappeningWithin(qint32 first, qint32 last)
{
    auto r = mConnection.query(QStringLiteral("SELECT EXISTS (SELECT 1 FROM happenings WHERE date <= $1 AND date_end >= $2)"),
                               {dayText(last), dayText(first)}, QStringLiteral("finding the happenings of the file's days"));
    if (!r)
        return Result<bool>::failure(r.error());
    return r->text(0, 0) == "t";
}

Status PgFusion::resolveCorrections()
{
    mPinned.clear();
    mMerged.clear();
    // Each key as EventStore::eventIdOf resolves it: the event a stored correction names, else the
    // machine's event of the article with that content hash whose sentence, trigger, type (as the
    // machine gave it) and ordinal among its equals match. In a dataset's article the ranks of
    // discarded rows stay taken (PgCorrectionWriter::takenOrdinals): a key's rank among the live
    // events is its ordinal less the taken ranks below it.
    auto r = mConnection.query(QStringLiteral(R"(
        WITH keys AS (
            SELECT id, 0 AS side, kind, content_hash, sentence_idx, trigger_start, trigger_end, machine_type, ordinal
            FROM happening_corrections
            UNION ALL
            SELECT id, 1, kind, other_content_hash, other_sentence_idx, other_trigger_start, other_trigger_end,
                other_machine_type, other_ordinal FROM happening_corrections WHERE kind = 'merge'),
        machine AS (
            SELECT e.id, a.content_hash, coalesce(s.idx, -1) AS sentence_idx,
                coalesce(e.trigger_start, -1) AS trigger_start, coalesce(e.trigger_end, -1) AS trigger_end,
                coalesce(c.machine_type, e.type) AS machine_type,
                row_number() OVER (PARTITION BY e.article_id, coalesce(s.idx, -1), coalesce(e.trigger_start, -1),
                    coalesce(e.trigger_end, -1), coalesce(c.machine_type, e.type) ORDER BY e.id) - 1 AS ordinal
            FROM events e JOIN articles a ON a.id = e.article_id LEFT JOIN sentences s ON s.id = e.sentence_id
            LEFT JOIN corrections c ON c.event_id = e.id
            WHERE a.content_hash IN (SELECT content_hash FROM keys))
        SELECT k.id, k.side, k.kind, CASE WHEN st.id IS NOT NULL THEN coalesce(st.event_id, 0)
            ELSE coalesce(m.id, 0) END
        FROM keys k
        LEFT JOIN corrections st ON st.content_hash = k.content_hash AND st.sentence_idx = k.sentence_idx
            AND st.trigger_start = k.trigger_start AND st.trigger_end = k.trigger_end
            AND st.machine_type = k.machine_type AND st.ordinal = k.ordinal
        LEFT JOIN machine m ON m.content_hash = k.content_hash AND m.sentence_idx = k.sentence_idx
            AND m.trigger_start = k.trigger_start AND m.trigger_end = k.trigger_end
            AND m.machine_type = k.machine_type AND m.ordinal = k.ordinal - (
                SELECT count(*) FROM corrections t WHERE t.content_hash = k.content_hash
                    AND t.sentence_idx = k.sentence_idx AND t.trigger_start = k.trigger_start
                    AND t.trigger_end = k.trigger_end AND t.machine_type = k.machine_type AND t.ordinal < k.ordinal
                    AND (t.event_id IS NULL OR NOT EXISTS (SELECT 1 FROM events x WHERE x.id = t.event_id))
                    AND EXISTS (SELECT 1 FROM datasets d JOIN articles da ON da.id = d.article_id
                        WHERE da.content_hash = k.content_hash))
        ORDER BY k.id, k.side)"),
                               QStringLiteral("reading the analyst's happening corrections"));
    if (!r)
        return Status::failure(r.error());
    for (int row = 0; row < r->rows(); ++row) {
        const qint64 event = r->int64(row, 3);
        if (r->text(row, 2) == "split") {
            if (event)
                mPinned.insert(event);
            continue;
        }
        // A merge: its two keys, one row each, in order.
        if (r->int64(row, 1) != 0 || row + 1 >= r->rows() || r->int64(row + 1, 0) != r->int64(row, 0))
            continue;
        const qint64 other = r->int64(row + 1, 3);
        ++row;
        if (event && other)
            mMerged.append({event, other});
    }
    return {};
}

void PgFusion::applyMerges(HappeningFuser &fuser)
{
    for (const auto &[a, b] : mMerged) {
        const int ra = reportOf(a);
        const int rb = reportOf(b);
        if (ra >= 0 && rb >= 0)
            fuser.merge(ra, rb);
    }
}

} // namespace mapline::pg
