#pragma once

// The rows behind a correction in the SQLite store (eventstore_corrections.cpp): the machine's
// event row kept as JSON (all columns and its actors) and the event written again from it with a
// correction laid over it. Internal to models/store; inside the caller's transaction.
#include "corrections/correction.h"
#include "result.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSqlDatabase>

#include <optional>

namespace mapline {
class EntityIds;
}

namespace mapline::correctionrows {

QJsonValue jsonOf(const QVariant &v);
QVariant variantOf(const QJsonValue &v);
// The event row (all columns) and its actors, as the machine wrote them.
Result<QJsonObject> snapshot(const QSqlDatabase &db, qint64 eventId, const QString &path);
QJsonArray actorsToJson(const QList<Actor> &actors);
QList<Actor> actorsFromJson(const QJsonArray &array);
Result<QStringList> eventColumns(const QSqlDatabase &db, const QString &path);
bool eventExists(const QSqlDatabase &db, qint64 id);
// Writes `machine` with `correction` laid over it as event `currentId` (0: none now) of the
// article `articleId`; returns the new event id (0 when discarded).
Result<qint64> materialise(const QSqlDatabase &db, EntityIds &ids, const QString &path, qint64 articleId, qint64 currentId,
                           const QJsonObject &machine, const std::optional<Correction> &correction);

} // namespace mapline::correctionrows
