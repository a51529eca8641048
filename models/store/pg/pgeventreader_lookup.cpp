// PgEventReader's look-ups for the viewer's details panel: EventStore::article and
// EventStore::datasetRecord (eventstore_query.cpp, eventstore_datasetrecord.cpp) in PostgreSQL's
// terms, the same fields from the same columns.
#include "store/pg/pgeventreader.h"

#include "store/pg/pgconnection.h"

namespace mapline::pg {

Result<Article> PgEventReader::article(qint64 id) const
{
    using R = Result<Article>;
    const QString key = QString::number(id);
    const Result<PgResult> r = mConnection->query(
        QStringLiteral("SELECT content_hash, title, source, url, path, published::text, dateline_place, body "
                       "FROM articles WHERE id = $1"),
        {key}, QStringLiteral("reading an article"));
    if (!r)
        return R::failure(r.error());
    if (r->rows() == 0)
        return R::failure(QStringLiteral("%1: no article %2").arg(url()).arg(id));
    auto text = [&r](int c) { return r->isNull(0, c) ? QString() : r->string(0, c); };
    Article a;
    a.id = id;
    a.contentHash = text(0);
    a.meta.title = text(1);
    a.meta.source = text(2);
    a.meta.url = text(3);
    a.meta.path = text(4);
    a.meta.published = QDate::fromString(text(5), Qt::ISODate);
    a.datelinePlace = text(6);
    a.body = text(7);
    const Result<PgResult> s = mConnection->query(
        QStringLiteral("SELECT idx, start_offset, end_offset, text FROM sentences WHERE article_id = $1 ORDER BY idx"), {key},
        QStringLiteral("reading an article's sentences"));
    if (!s)
        return R::failure(s.error());
    for (int i = 0; i < s->rows(); ++i)
        a.sentences.append({int(s->int64(i, 0)), int(s->int64(i, 1)), int(s->int64(i, 2)), s->string(i, 3)});
    return a;
}

Result<std::optional<DatasetRecord>> PgEventReader::datasetRecord(qint64 eventId) const
{
    using R = Result<std::optional<DatasetRecord>>;
    // LEFT JOIN: an article's event is a row with a NULL dataset, a missing event no row at all.
    const Result<PgResult> r = mConnection->query(
        QStringLiteral("SELECT e.dataset_id, d.kind, d.path, d.imported_at, e.external_id, e.source, e.cameo_code, "
                       "e.fatalities FROM events e LEFT JOIN datasets d ON d.id = e.dataset_id WHERE e.id = $1"),
        {QString::number(eventId)}, QStringLiteral("reading a dataset record"));
    if (!r)
        return R::failure(r.error());
    if (r->rows() == 0)
        return R::failure(QStringLiteral("%1: no event %2").arg(url()).arg(eventId));
    if (r->isNull(0, 0))
        return std::optional<DatasetRecord>();
    auto text = [&r](int c) { return r->isNull(0, c) ? QString() : r->string(0, c); };
    DatasetRecord d;
    d.datasetId = r->int64(0, 0);
    d.kind = text(1);
    d.path = text(2);
    d.importedAt = QDateTime::fromString(text(3), Qt::ISODate);
    d.externalId = text(4);
    d.source = text(5);
    d.cameoCode = text(6);
    d.fatalities = r->isNull(0, 7) ? -1 : int(r->int64(0, 7));
    return std::optional<DatasetRecord>(std::move(d));
}

} // namespace mapline::pg
