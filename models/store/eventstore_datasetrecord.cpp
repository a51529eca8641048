// EventStore's read of one event's dataset row: what the dataset said about the event beyond the
// contract's Event (its id there, its source, fatalities, the full CAMEO code) and which file it
// came from.
#include "store/eventstore.h"

#include "interop/dataset.h"
#include "store/sqlutil.h"

namespace mapline {

Result<std::optional<DatasetRecord>> EventStore::datasetRecord(qint64 eventId) const
{
    using R = Result<std::optional<DatasetRecord>>;
    QSqlQuery q(database());
    q.setForwardOnly(true);
    // LEFT JOIN: an article's event is a row with a NULL dataset, a missing event no row at all.
    if (Status s = sql::prepare(q, QStringLiteral("SELECT e.dataset_id, d.kind, d.path, d.imported_at, e.external_id, "
                                                  "e.source, e.cameo_code, e.fatalities FROM events e "
                                                  "LEFT JOIN datasets d ON d.id = e.dataset_id WHERE e.id = ?"));
        !s)
        return R::failure(QStringLiteral("%1: %2").arg(mPath, s.error()));
    q.addBindValue(eventId);
    if (Status s = sql::exec(q, mPath); !s)
        return R::failure(s.error());
    if (!q.next())
        return R::failure(QStringLiteral("%1: no event %2").arg(mPath).arg(eventId));
    if (q.value(0).isNull())
        return std::optional<DatasetRecord>();
    DatasetRecord r;
    int i = 0;
    r.datasetId = q.value(i++).toLongLong();
    r.kind = q.value(i++).toString();
    r.path = q.value(i++).toString();
    r.importedAt = QDateTime::fromString(q.value(i++).toString(), Qt::ISODate);
    r.externalId = q.value(i++).toString();
    r.source = q.value(i++).toString();
    r.cameoCode = q.value(i++).toString();
    const QVariant fatalities = q.value(i++);
    r.fatalities = fatalities.isNull() ? -1 : fatalities.toInt();
    return std::optional<DatasetRecord>(std::move(r));
}

} // namespace mapline
