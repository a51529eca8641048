#include "filtermaskbuilder.h"

#include "geo/projection.h"
#include "store/eventstore.h"
#include "store/externalidsearch.h"

#include <QSqlError>
#include <QSqlQuery>

#include <cmath>

namespace mapline {

DatePrecision FilterMaskBuilder::precisionOf(qint32 startDay, qint32 endDay)
{
    if (startDay == endDay)
        return DatePrecision::Day;
    const QDate s = EventIndex::dateOf(startDay);
    const QDate e = EventIndex::dateOf(endDay);
    if (endDay - startDay == 6 && s.dayOfWeek() == 1)
        return DatePrecision::Week;
    if (s.day() == 1 && s.month() == 1 && e.month() == 12 && e.day() == 31 && s.year() == e.year())
        return DatePrecision::Year;
    if (s.day() == 1 && e.day() == e.daysInMonth() && s.year() == e.year() && s.month() == e.month())
        return DatePrecision::Month;
    return DatePrecision::Range;
}

std::shared_ptr<const EventMask> FilterMaskBuilder::build(const EventIndex &index, const FilterState &state,
                                                          const std::optional<QSet<qint64>> &searchIds)
{
    const EventFilter filter = state.toEventFilter(index.typeNames(), searchIds);
    std::shared_ptr<const EventMask> base = index.mask(filter);
    if (!state.hasPlace() && state.precisions.isEmpty())
        return base;

    auto mask = std::make_shared<EventMask>(base ? *base : EventMask(index.size(), true));
    const QPointF centre = Projection::project(state.placeCoordinate);
    // Mercator metres are stretched by 1/cos(latitude); within a few dozen kilometres the
    // centre's latitude is close enough for every event.
    const double limit =
        state.radiusKm * 1000.0 / (state.hasPlace() ? Projection::groundScale(state.placeCoordinate.latitude()) : 1.0);
    const double limit2 = limit * limit;
    for (qsizetype row = 0; row < index.size(); ++row) {
        if (!mask->test(row))
            continue;
        if (state.hasPlace()) {
            const double dx = index.x(row) - centre.x();
            const double dy = index.y(row) - centre.y();
            if (!index.hasPosition(row) || dx * dx + dy * dy > limit2) { // no position: not near anything
                mask->reset(row);
                continue;
            }
        }
        if (!state.precisions.isEmpty() &&
            !state.precisions.contains(precisionOf(index.startDay(row), index.endDay(row))))
            mask->reset(row);
    }
    return mask;
}

Result<QSet<qint64>> FilterMaskBuilder::searchIds(const EventStore &store, const QString &search)
{
    using R = Result<QSet<qint64>>;
    if (Status valid = store.validateSearch(search); !valid)
        return R::failure(valid.error());
    QSqlQuery q(store.database());
    q.setForwardOnly(true);
    // A failure here is the database's (the query is valid): a damaged or missing full-text index.
    auto failure = [&] {
        return R::failure(store.searchFailure(q.lastError().databaseText().isEmpty() ? q.lastError().text()
                                                                                      : q.lastError().databaseText()));
    };
    // One word also matches the events' external_id (externalidsearch.h: a GDELT event's number).
    const QString id = externalidsearch::likePattern(search);
    if (!q.prepare(id.isEmpty()
                       ? QStringLiteral("SELECT e.id FROM events e WHERE e.sentence_id IN (SELECT rowid FROM sentences_fts "
                                        "WHERE sentences_fts MATCH ?) OR e.article_id IN (SELECT rowid FROM articles_fts "
                                        "WHERE articles_fts MATCH ?)")
                       : QStringLiteral("SELECT e.id FROM events e WHERE e.sentence_id IN (SELECT rowid FROM sentences_fts "
                                        "WHERE sentences_fts MATCH ?) OR e.article_id IN (SELECT rowid FROM articles_fts "
                                        "WHERE articles_fts MATCH ?) OR e.external_id LIKE ?")))
        return failure();
    q.addBindValue(search);
    q.addBindValue(search);
    if (!id.isEmpty())
        q.addBindValue(id);
    if (!q.exec())
        return failure();
    QSet<qint64> ids;
    while (q.next())
        ids.insert(q.value(0).toLongLong());
    if (q.lastError().isValid())
        return failure();
    return ids;
}

} // namespace mapline
