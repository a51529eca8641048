#include "eventlookup.h"

#include "store/eventstore.h"

#include <QHash>
#include <QSqlError>
#include <QSqlQuery>

namespace mapline {
namespace {
constexpr qsizetype kChunk = 400; // bound parameters per statement, well under SQLite's limit

QString marks(qsizetype n)
{
    QString s;
    s.reserve(n * 2);
    for (qsizetype i = 0; i < n; ++i)
        s += i ? QStringLiteral(",?") : QStringLiteral("?");
    return s;
}
} // namespace

Result<QList<Event>> EventLookup::byIds(const EventStore &store, const QList<qint64> &ids)
{
    using R = Result<QList<Event>>;
    QHash<qint64, Event> found;
    found.reserve(ids.size());
    const bool externalIds = store.schemaVersion() >= 2; // schema 1 (read-only) has no external_id
    for (qsizetype first = 0; first < ids.size(); first += kChunk) {
        const QList<qint64> chunk = ids.mid(first, kChunk);
        QSqlQuery q(store.database());
        q.setForwardOnly(true);
        q.prepare(EventRow::select(store.hasHappenings(), externalIds) + QStringLiteral(" WHERE e.id IN (%1)").arg(marks(chunk.size())));
        for (qint64 id : chunk)
            q.addBindValue(id);
        if (!q.exec())
            return R::failure(QStringLiteral("%1: cannot read events: %2").arg(store.path(), q.lastError().text()));
        while (q.next()) {
            Event e = EventRow::read(q);
            found.insert(e.id, std::move(e));
        }
        QSqlQuery a(store.database());
        a.setForwardOnly(true);
        a.prepare(EventRow::selectActors() +
                  QStringLiteral(" WHERE ea.event_id IN (%1) ORDER BY ea.event_id, ea.span_start").arg(marks(chunk.size())));
        for (qint64 id : chunk)
            a.addBindValue(id);
        if (!a.exec())
            return R::failure(QStringLiteral("%1: cannot read actors: %2").arg(store.path(), a.lastError().text()));
        while (a.next()) {
            const auto it = found.find(a.value(0).toLongLong());
            if (it == found.end())
                continue;
            it->actors.append(EventRow::readActor(a));
        }
    }
    QList<Event> out;
    out.reserve(found.size());
    for (qint64 id : ids) {
        auto it = found.find(id);
        if (it != found.end()) {
            out.append(std::move(*it));
            found.erase(it);
        }
    }
    return out;
}

} // namespace mapline
