// EventStore::setPublishedDate: dating an article after import re-resolves its relative times
// without reading the text again (the rules stored with each event carry what is needed).
#include "store/eventstore.h"

#include "extract/timetagger.h"
#include "store/sqlutil.h"
#include "store/writescope.h"

namespace mapline {

Status EventStore::setPublishedDate(qint64 articleId, QDate date, int *reResolved)
{
    if (reResolved)
        *reResolved = 0;
    auto fail = [&](const QString &why) {
        return Status::failure(QStringLiteral("%1: article %2 not re-dated: %3").arg(mPath).arg(articleId).arg(why));
    };
    if (mMode == Mode::ReadOnly)
        return fail(QStringLiteral("the database is open read-only"));

    QSqlDatabase db = database();
    // Rolls back unless committed: an early return leaves the article and its events as they were.
    WriteScope scope(*this);
    if (Status s = scope.begin(); !s)
        return fail(s.error());

    QSqlQuery update(db);
    if (Status s = sql::prepare(update, QStringLiteral("UPDATE articles SET published = ? WHERE id = ?")); !s)
        return fail(s.error());
    update.bindValue(0, sql::dateValue(date));
    update.bindValue(1, articleId);
    if (Status s = sql::exec(update, QStringLiteral("article")); !s)
        return fail(s.error());
    if (update.numRowsAffected() != 1)
        return fail(QStringLiteral("no such article"));

    QSqlQuery events(db);
    if (Status s = sql::prepare(events, QStringLiteral("SELECT id, time_rule, flags FROM events WHERE article_id = ? "
                                                       "AND (time_rule <> '' OR (flags & ?) <> 0)"));
        !s)
        return fail(s.error());
    events.bindValue(0, articleId);
    events.bindValue(1, quint32(Event::InheritedTime));
    if (Status s = sql::exec(events, QStringLiteral("events")); !s)
        return fail(s.error());
    struct Change {
        qint64 id;
        TimeRange time;
    };
    QList<Change> changes;
    while (events.next()) {
        const QString rule = events.value(1).toString();
        const quint32 flags = events.value(2).toUInt();
        TimeRange time;
        if (!rule.isEmpty())
            time = resolveTimeRule(rule, date);
        else if ((flags & Event::InheritedTime) && date.isValid())
            time = TimeRange::day(date);
        changes.append({events.value(0).toLongLong(), time});
    }

    QSqlQuery set(db);
    if (Status s = sql::prepare(set, QStringLiteral("UPDATE events SET date = ?, date_end = ?, date_precision = ? "
                                                    "WHERE id = ?"));
        !s)
        return fail(s.error());
    for (const Change &c : std::as_const(changes)) {
        // An unknown rule or a cleared date leaves the event unresolved, shown as such.
        const bool valid = c.time.isValid();
        set.bindValue(0, sql::dateValue(valid ? c.time.start : QDate()));
        set.bindValue(1, sql::dateValue(valid ? c.time.end : QDate()));
        set.bindValue(2, toString(valid ? c.time.precision : DatePrecision::Unknown));
        set.bindValue(3, c.id);
        if (Status s = sql::exec(set, QStringLiteral("event %1").arg(c.id)); !s)
            return fail(s.error());
        fuseLater(c.id);
    }
    if (Status s = scope.commit(); !s)
        return fail(s.error());
    if (reResolved)
        *reResolved = int(changes.size());
    return {};
}

} // namespace mapline
