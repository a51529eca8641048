#include "index/eventindexloader.h"

#include "index/eventindexbuilder.h"
#include "store/eventstore.h"

#include <QHash>
#include <QSqlError>
#include <QSqlQuery>

#include <optional>

namespace mapline {
namespace {

// "YYYY-MM-DD" to days since 1970-01-01 without building a QDate (1M rows load in well under
// a second this way). Howard Hinnant's days_from_civil.
std::optional<qint32> dayOf(QStringView text)
{
    if (text.size() < 10 || text[4] != u'-' || text[7] != u'-')
        return std::nullopt;
    const auto digits = [&text](int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; ++i) {
            const char16_t c = text[i].unicode();
            if (c < u'0' || c > u'9')
                return -1;
            v = v * 10 + (c - u'0');
        }
        return v;
    };
    int y = digits(0, 4);
    const int m = digits(5, 2);
    const int d = digits(8, 2);
    if (y < 0 || m < 1 || m > 12 || d < 1 || d > 31)
        return std::nullopt;
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return qint32(era * 146097 + doe - 719468);
}

QString failure(const QString &path, const QSqlQuery &q)
{
    return QStringLiteral("%1: cannot read the events for the map: %2").arg(path, q.lastError().text());
}

} // namespace

Result<std::shared_ptr<const EventIndex>> loadEventIndex(const EventStore &store)
{
    using R = Result<std::shared_ptr<const EventIndex>>;
    const QSqlDatabase db = store.database();
    EventIndexBuilder builder;

    QSqlQuery actors(db);
    actors.setForwardOnly(true);
    if (!actors.exec(QStringLiteral("SELECT id, name FROM actors")))
        return R::failure(failure(store.path(), actors));
    QHash<qint64, quint32> actorIds;
    while (actors.next())
        actorIds.insert(actors.value(0).toLongLong(), builder.actorId(actors.value(1).toString()));

    QSqlQuery count(db);
    if (count.exec(QStringLiteral("SELECT count(*) FROM events")) && count.next())
        builder.reserve(count.value(0).toLongLong());

    QSqlQuery q(db);
    q.setForwardOnly(true);
    const QString sql = QStringLiteral(
        "SELECT e.id, e.date, e.date_end, e.lon, e.lat, e.geo_precision, e.type, e.flags, "
        "(SELECT group_concat(ea.actor_id) FROM event_actors ea WHERE ea.event_id = e.id) "
        "FROM events e WHERE e.date IS NOT NULL AND e.lon IS NOT NULL AND e.lat IS NOT NULL");
    if (!q.exec(sql))
        return R::failure(failure(store.path(), q));
    std::vector<quint32> eventActors;
    while (q.next()) {
        const QString date = q.value(1).toString();
        const auto start = dayOf(date);
        if (!start)
            continue;
        const QString dateEnd = q.value(2).toString();
        const qint32 end = dateEnd.isEmpty() ? *start : dayOf(dateEnd).value_or(*start);
        eventActors.clear();
        const QString actorList = q.value(8).toString();
        for (QStringView part : QStringView(actorList).split(u',', Qt::SkipEmptyParts)) {
            const auto it = actorIds.constFind(part.toLongLong());
            if (it != actorIds.constEnd())
                eventActors.push_back(*it);
        }
        builder.add(q.value(0).toLongLong(), *start, end, q.value(3).toDouble(), q.value(4).toDouble(),
                    q.value(6).toString(), geoPrecisionFromString(q.value(5).toString()), q.value(7).toUInt(),
                    eventActors);
    }
    if (q.lastError().isValid())
        return R::failure(failure(store.path(), q));
    return std::make_shared<const EventIndex>(builder.build());
}

Result<std::shared_ptr<const EventIndex>> loadEventIndex(const QString &databasePath)
{
    auto store = EventStore::open(databasePath, EventStore::Mode::ReadOnly);
    if (!store)
        return Result<std::shared_ptr<const EventIndex>>::failure(store.error());
    return loadEventIndex(*store.value());
}

} // namespace mapline
