#include "happeninglookup.h"

#include "store/eventstore.h"
#include "store/sqlutil.h"

#include <QSet>

namespace mapline {
namespace {
// "?,?,?": one placeholder per id (a unity build shares file-local names: hence the long name).
QString happeningMarks(qsizetype n)
{
    return QStringList(n, QStringLiteral("?")).join(QLatin1Char(','));
}
} // namespace

Result<QHash<qint64, Happening>> HappeningLookup::byIds(const EventStore &store, const QList<qint64> &ids)
{
    using R = Result<QHash<qint64, Happening>>;
    QHash<qint64, Happening> out;
    if (!store.hasHappenings() || ids.isEmpty())
        return out;
    QList<qint64> unique;
    QSet<qint64> seen;
    for (qint64 id : ids)
        if (id > 0 && !seen.contains(id)) {
            seen.insert(id);
            unique << id;
        }
    // SQLite binds at most 32,766 parameters; a page is 2,000 rows: chunks of 500 stay far below.
    constexpr qsizetype kChunk = 500;
    for (qsizetype at = 0; at < unique.size(); at += kChunk) {
        const QList<qint64> chunk = unique.mid(at, kChunk);
        QSqlQuery q(store.database());
        q.setForwardOnly(true);
        const QString text = QStringLiteral("SELECT id, date, date_end, date_precision, place, lon, lat, geo_precision, "
                                            "type, acled_event_type, family, reports, source_names, confidence, "
                                            "disagreements, corrected FROM happenings WHERE id IN (%1)")
                                 .arg(happeningMarks(chunk.size()));
        if (!q.prepare(text))
            return R::failure(QStringLiteral("%1: cannot read the happenings: %2").arg(store.path(), sql::failureOf(q)));
        for (qint64 id : chunk)
            q.addBindValue(id);
        if (Status s = sql::exec(q, QStringLiteral("%1: cannot read the happenings").arg(store.path())); !s)
            return R::failure(s.error());
        while (q.next()) {
            Happening h;
            h.id = q.value(0).toLongLong();
            h.time.start = QDate::fromString(q.value(1).toString(), Qt::ISODate);
            h.time.end = QDate::fromString(q.value(2).toString(), Qt::ISODate);
            if (!h.time.end.isValid())
                h.time.end = h.time.start;
            h.time.precision = datePrecisionFromString(q.value(3).toString());
            h.place.name = q.value(4).toString();
            if (!q.value(5).isNull() && !q.value(6).isNull())
                h.place.coordinate = QGeoCoordinate(q.value(6).toDouble(), q.value(5).toDouble());
            h.place.precision = geoPrecisionFromString(q.value(7).toString());
            h.type = q.value(8).toString();
            h.acledEventType = q.value(9).toString();
            h.family = q.value(10).toString();
            h.reports = q.value(11).toInt();
            h.sourceNames = q.value(12).toString().split(QStringLiteral("; "), Qt::SkipEmptyParts);
            h.confidence = q.value(13).toDouble();
            h.disagreements = disagreementsFromJson(q.value(14).toString());
            h.corrected = q.value(15).toBool();
            out.insert(h.id, h);
        }
        if (q.lastError().isValid())
            return R::failure(QStringLiteral("%1: cannot read the happenings: %2").arg(store.path(), q.lastError().text()));
    }
    return out;
}

} // namespace mapline
