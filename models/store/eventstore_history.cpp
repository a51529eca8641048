// EventStore's side of who corrected what (schema 8, issue 19): the author and time of the
// correction in force, and the history of changes (store/correctionlog.*).
#include "store/eventstore.h"

#include "corrections/correctionhistory.h"
#include "store/correctionlog.h"
#include "store/sqlutil.h"

namespace mapline {

Result<std::optional<CorrectionStamp>> EventStore::correctionStamp(const EventKey &key) const
{
    using R = Result<std::optional<CorrectionStamp>>;
    QSqlQuery q(database());
    q.prepare(QStringLiteral("SELECT corrected_at, %1 FROM corrections WHERE content_hash = ? AND sentence_idx = ? AND "
                             "trigger_start = ? AND trigger_end = ? AND machine_type = ? AND ordinal = ?")
                  .arg(mHasHistory ? QStringLiteral("corrected_by") : QStringLiteral("NULL")));
    for (const QVariant &v : {QVariant(key.contentHash), QVariant(key.sentenceIndex), QVariant(key.triggerStart),
                              QVariant(key.triggerEnd), QVariant(key.machineType), QVariant(key.ordinal)})
        q.addBindValue(v);
    if (Status s = sql::exec(q, mPath); !s)
        return R::failure(s.error());
    if (!q.next())
        return std::optional<CorrectionStamp>();
    return std::optional<CorrectionStamp>(CorrectionStamp{q.value(1).toString(), history::stampFromText(q.value(0).toString())});
}

Result<qint64> EventStore::correctionRevision(const QStringList &subjects) const
{
    if (!mHasHistory)
        return qint64(0);
    return correctionlog::revision(database(), subjects, mPath);
}

Result<QList<HistoryEntry>> EventStore::correctionHistory(const QStringList &subjects, qint64 after) const
{
    if (!mHasHistory)
        return QList<HistoryEntry>();
    return correctionlog::entries(database(), subjects, after, mPath);
}

} // namespace mapline
