#include "corrections/sqlitecorrectionstore.h"

#include "eventlookup.h"
#include "store/eventstore.h"

#include <QSqlError>
#include <QSqlQuery>

namespace mapline {

QString SqliteCorrectionStore::name() const
{
    return mStore.path();
}

bool SqliteCorrectionStore::isWritable(QString *why) const
{
    if (!mStore.isReadOnly())
        return true;
    if (why)
        *why = QObject::tr("%1 is open read-only.").arg(mStore.path());
    return false;
}

bool SqliteCorrectionStore::canChangeHappenings(QString *why) const
{
    if (!isWritable(why))
        return false;
    if (mStore.hasHappenings())
        return true;
    if (why)
        *why = QObject::tr("%1 has no happenings to merge or split.").arg(mStore.path());
    return false;
}

void SqliteCorrectionStore::setAnalyst(const QString &name)
{
    mStore.setAnalyst(name);
}

Result<EventKey> SqliteCorrectionStore::eventKey(qint64 eventId)
{
    return mStore.eventKey(eventId);
}

Result<qint64> SqliteCorrectionStore::eventIdOf(const EventKey &key)
{
    return mStore.eventIdOf(key);
}

Result<std::optional<Event>> SqliteCorrectionStore::event(qint64 eventId)
{
    const auto events = EventLookup::byIds(mStore, {eventId});
    if (!events)
        return Result<std::optional<Event>>::failure(events.error());
    return events->isEmpty() ? std::optional<Event>() : std::optional<Event>(events->first());
}

Result<std::optional<Correction>> SqliteCorrectionStore::correction(const EventKey &key)
{
    return mStore.correction(key);
}

Result<std::optional<CorrectionStamp>> SqliteCorrectionStore::stamp(const EventKey &key)
{
    return mStore.correctionStamp(key);
}

Result<QList<HistoryEntry>> SqliteCorrectionStore::history(const QStringList &subjects)
{
    return mStore.correctionHistory(subjects);
}

Result<qint64> SqliteCorrectionStore::revision(const QStringList &subjects)
{
    if (!subjects.isEmpty())
        return mStore.correctionRevision(subjects);
    // The whole history's last revision; -1 in a database older than schema 8 (read-only here),
    // which keeps none: nothing is checked.
    if (!mStore.hasCorrectionHistory())
        return qint64(-1);
    QSqlQuery q(mStore.database());
    if (!q.exec(QStringLiteral("SELECT COALESCE(MAX(id), 0) FROM correction_history")) || !q.next())
        return Result<qint64>::failure(
            QStringLiteral("%1: reading the corrections' history: %2").arg(mStore.path(), q.lastError().text()));
    return q.value(0).toLongLong();
}

Result<qint64> SqliteCorrectionStore::setCorrection(const EventKey &key, const std::optional<Correction> &correction,
                                                    qint64 seenRevision, CorrectionConflict *conflict)
{
    return mStore.setCorrection(key, correction, seenRevision, conflict);
}

Result<QList<HappeningCorrection>> SqliteCorrectionStore::happeningCorrections()
{
    return mStore.happeningCorrections();
}

Status SqliteCorrectionStore::changeHappeningCorrections(const QList<HappeningCorrection> &add,
                                                         const QList<HappeningCorrection> &remove, qint64 seenRevision,
                                                         CorrectionConflict *conflict)
{
    return mStore.changeHappeningCorrections(add, remove, seenRevision, conflict);
}

Result<QList<ControlCorrection>> SqliteCorrectionStore::controlCorrections()
{
    return mStore.controlCorrections();
}

Status SqliteCorrectionStore::changeControlCorrections(const QList<ControlCorrection> &add,
                                                       const QList<ControlCorrection> &remove, qint64 seenRevision,
                                                       CorrectionConflict *conflict)
{
    return mStore.changeControlCorrections(add, remove, seenRevision, conflict);
}

} // namespace mapline
