// EventStore's fusion (docs/FUSION.md): every write registers the events it inserts or changes, and
// its transaction fuses them just before it commits: their old happenings are taken apart, their
// reports and the stored happenings near them are read into a HappeningFuser, fused again, and what
// changed is written back. The analyst's merges and splits (happening_corrections) are applied on
// top of the machine's fusion each time.
#include "store/eventstore.h"

#include "corrections/correction.h"
#include "corrections/correctionhistory.h"
#include "store/correctionlog.h"
#include "fusion/happeningfuser.h"
#include "store/fusionsync.h"
#include "store/rawquery.h"
#include "store/sqlutil.h"
#include "store/writecache.h"
#include "store/writescope.h"

#include <QDateTime>

namespace mapline {
namespace {

// The version of the fusion rules a database was fused with (settings 'fusion_rules'); a database
// fused by other rules is fused again when it is opened for writing (EventStore::open). 2: a
// happening's id is its first report's (FusionSync::write()); before, ids were handed out in turn.
const QString kRulesSetting = QStringLiteral("fusion_rules");
constexpr int kRulesVersion = 2;

const char *const kKeyColumns = "content_hash, sentence_idx, trigger_start, trigger_end, machine_type, ordinal";

QString kindName(HappeningCorrection::Kind kind)
{
    return kind == HappeningCorrection::Kind::Merge ? QStringLiteral("merge") : QStringLiteral("split");
}

EventKey keyAt(const QSqlQuery &q, int column)
{
    return EventKey{q.value(column).toString(), q.value(column + 1).toInt(), q.value(column + 2).toInt(),
                    q.value(column + 3).toInt(), q.value(column + 4).toString(), q.value(column + 5).toInt()};
}

} // namespace

void EventStore::fuseLater(qint64 eventId)
{
    if (mHasHappenings && eventId > 0 && !fusionOffForBenchmark())
        writeCache().toFuse.push_back(eventId);
}

Result<QList<HappeningCorrection>> EventStore::happeningCorrections() const
{
    using R = Result<QList<HappeningCorrection>>;
    QList<HappeningCorrection> out;
    if (!mHasHappenings)
        return out;
    QSqlQuery q(database());
    if (!q.exec(QStringLiteral("SELECT kind, %1, other_content_hash, other_sentence_idx, other_trigger_start, "
                               "other_trigger_end, other_machine_type, other_ordinal FROM happening_corrections ORDER BY id")
                    .arg(QLatin1String(kKeyColumns))))
        return R::failure(QStringLiteral("%1: %2").arg(mPath, q.lastError().text()));
    while (q.next()) {
        HappeningCorrection c;
        c.kind = q.value(0).toString() == u"merge" ? HappeningCorrection::Kind::Merge : HappeningCorrection::Kind::Split;
        c.report = keyAt(q, 1);
        if (c.kind == HappeningCorrection::Kind::Merge)
            c.other = keyAt(q, 7);
        out << c;
    }
    return out;
}

// The corrections by event id, for the events that are in the database now (a report whose article
// is gone keeps its correction for when it comes back). In the order they were made: a split after
// a merge of the same report has already removed that merge (changeHappeningCorrections).
Status EventStore::resolveHappeningCorrections(FusionSync &sync) const
{
    QSqlQuery any(database());
    if (!any.exec(QStringLiteral("SELECT EXISTS (SELECT 1 FROM happening_corrections)")) || !any.next())
        return Status::failure(QStringLiteral("%1: %2").arg(mPath, any.lastError().text()));
    if (!any.value(0).toBool())
        return {};
    const auto list = happeningCorrections();
    if (!list)
        return Status::failure(list.error());
    FusionSync::Corrections resolved;
    for (const HappeningCorrection &c : *list) {
        const Result<qint64> a = eventIdOf(c.report);
        if (!a)
            return Status::failure(a.error());
        if (*a == 0)
            continue;
        if (c.kind == HappeningCorrection::Kind::Split) {
            resolved.pinned.insert(*a);
            continue;
        }
        const Result<qint64> b = eventIdOf(c.other);
        if (!b)
            return Status::failure(b.error());
        if (*b != 0)
            resolved.merged.append({*a, *b});
    }
    sync.setCorrections(std::move(resolved));
    return {};
}

Status EventStore::fusePending()
{
    if (!mHasHappenings || mMode == Mode::ReadOnly)
        return {};
    std::vector<qint64> &pending = writeCache().toFuse;
    std::sort(pending.begin(), pending.end());
    pending.erase(std::unique(pending.begin(), pending.end()), pending.end());

    FusionReports reports;
    FusionSync sync(database(), mPath, reports);
    // A batch's fusion reads the stored happenings' members from the rows the earlier batches
    // read (beginBatch checked that nothing else wrote since); a write of its own reads them all.
    if (mBatch)
        sync.setRowCache(&writeCache().fusionRows);
    // The happenings of these events, and those whose events were deleted under them: taken apart.
    const Result<QSet<qint64>> dissolved = sync.happeningsOf(pending, true);
    if (!dissolved)
        return Status::failure(dissolved.error());
    if (pending.empty() && dissolved->isEmpty())
        return {};
    if (Status s = resolveHappeningCorrections(sync); !s)
        return s;
    std::vector<int> toFuse;
    if (Status s = sync.loadReportsById(pending, toFuse); !s)
        return s;
    if (Status s = sync.loadMembers(*dissolved, toFuse); !s)
        return s;
    // The stored happenings these reports could join are fused again with them, in the canonical
    // order, so that what is stored does not depend on the order the reports came in; the
    // happenings next to those stay as they are and may be joined.
    const Result<QSet<qint64>> near = sync.neighbours(toFuse, *dissolved);
    if (!near)
        return Status::failure(near.error());
    QSet<qint64> all = *dissolved;
    all.unite(*near);
    if (Status s = sync.loadMembers(*near, toFuse, true); !s)
        return s;
    HappeningFuser fuser(reports);
    if (Status s = sync.loadNeighbours(toFuse, all, fuser); !s)
        return s;
    fuser.addAll(toFuse);
    sync.applyMerges(fuser);
    if (Status s = sync.writeSmall(fuser, all); !s)
        return Status::failure(QStringLiteral("%1: fusing the events: %2").arg(mPath, s.error()));
    sync.rememberWritten(*dissolved);
    pending.clear();
    return {};
}

Status EventStore::fuseEverything(qint64 *count)
{
    writeCache().fusionRows.clear();
    FusionReports reports;
    FusionSync sync(database(), mPath, reports);
    if (Status s = resolveHappeningCorrections(sync); !s)
        return s;
    QSet<qint64> dissolved;
    {
        RawQuery q; // a few hundred thousand ids: no QVariant each
        if (Status s = q.prepare(sqliteHandle(database()), QStringLiteral("SELECT id FROM happenings")); !s)
            return Status::failure(QStringLiteral("%1: %2").arg(mPath, s.error()));
        while (q.next())
            dissolved.insert(q.int64(0));
        if (q.failed())
            return Status::failure(QStringLiteral("%1: %2").arg(mPath, q.error()));
    }
    std::vector<int> all;
    if (Status s = sync.loadReports(QStringLiteral("1"), all); !s)
        return s;
    HappeningFuser fuser(reports);
    fuser.addAll(all);
    sync.applyMerges(fuser);
    if (Status s = sync.write(fuser, dissolved); !s)
        return Status::failure(QStringLiteral("%1: fusing the events: %2").arg(mPath, s.error()));
    if (count)
        *count = qint64(fuser.roots().size());
    writeCache().toFuse.clear();
    return setSetting(kRulesSetting, QString::number(kRulesVersion));
}

Status EventStore::updateFusion()
{
    if (mMode == Mode::ReadOnly || !mHasHappenings)
        return {};
    const Result<QString> rules = setting(kRulesSetting);
    if (!rules)
        return Status::failure(rules.error());
    if (*rules != QString::number(kRulesVersion))
        return refuse();
    QSqlQuery stale(database());
    if (!stale.exec(QStringLiteral("SELECT EXISTS (SELECT 1 FROM happenings WHERE stale <> 0)")) || !stale.next())
        return Status::failure(QStringLiteral("%1: %2").arg(mPath, stale.lastError().text()));
    if (!stale.value(0).toBool())
        return {};
    // Events were deleted by someone else (sqlite3, a script): their happenings are fused again.
    WriteScope tx(*this);
    if (Status s = tx.begin(); !s)
        return Status::failure(QStringLiteral("%1: %2").arg(mPath, s.error()));
    return tx.commit();
}

Status EventStore::refuse(qint64 *count)
{
    if (mMode == Mode::ReadOnly)
        return Status::failure(QStringLiteral("%1: the database is open read-only; it cannot be fused again").arg(mPath));
    if (!mHasHappenings)
        return Status::failure(QStringLiteral("%1: the database has no happenings table").arg(mPath));
    WriteScope tx(*this);
    if (Status s = tx.begin(); !s)
        return Status::failure(QStringLiteral("%1: %2").arg(mPath, s.error()));
    if (Status s = fuseEverything(count); !s)
        return s;
    return tx.commit();
}

Status EventStore::changeHappeningCorrections(const QList<HappeningCorrection> &add,
                                              const QList<HappeningCorrection> &remove, qint64 seenRevision,
                                              CorrectionConflict *conflict)
{
    if (mMode == Mode::ReadOnly)
        return Status::failure(QStringLiteral("%1: the database is open read-only; corrections cannot be saved").arg(mPath));
    if (!mHasHappenings)
        return Status::failure(QStringLiteral("%1: the database has no happenings table").arg(mPath));
    WriteScope tx(*this);
    if (Status s = tx.begin(); !s)
        return Status::failure(QStringLiteral("%1: %2").arg(mPath, s.error()));
    const QSqlDatabase db = database();
    // The reports named: the history's subjects (a merge is kept under both).
    QStringList subjects;
    for (const QList<HappeningCorrection> *list : {&add, &remove})
        for (const HappeningCorrection &c : *list)
            for (const EventKey *key : {&c.report, &c.other})
                if (key->isValid() && !subjects.contains(history::subject(*key)))
                    subjects << history::subject(*key);
    if (Status s = correctionlog::collectConflict(db, subjects, seenRevision, mPath, conflict); !s)
        return s;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    // One history row per report named by each correction added or removed.
    const auto log = [&](const HappeningCorrection &c, bool added) -> Status {
        if (!mHasHistory)
            return {};
        for (const HistoryEntry &e : history::entries(c, added, {mAnalyst, now}))
            if (const Result<qint64> id = correctionlog::append(db, e, mPath); !id)
                return Status::failure(id.error());
        return {};
    };
    const auto keyValues = [](const EventKey &k) {
        return QVariantList{k.contentHash, k.sentenceIndex, k.triggerStart, k.triggerEnd, k.machineType, k.ordinal};
    };
    // The events the corrections name are fused again, with them: their happenings are taken apart.
    const auto touch = [&](const HappeningCorrection &c) -> Status {
        for (const EventKey *key : {&c.report, &c.other}) {
            if (!key->isValid())
                continue;
            const Result<qint64> id = eventIdOf(*key);
            if (!id)
                return Status::failure(id.error());
            fuseLater(*id);
        }
        return {};
    };
    for (const HappeningCorrection &c : remove) {
        QSqlQuery del(db);
        QString text = QStringLiteral("DELETE FROM happening_corrections WHERE kind = ? AND content_hash = ? AND "
                                      "sentence_idx = ? AND trigger_start = ? AND trigger_end = ? AND machine_type = ? "
                                      "AND ordinal = ?");
        if (c.kind == HappeningCorrection::Kind::Merge)
            text += QStringLiteral(" AND other_content_hash = ? AND other_sentence_idx = ? AND other_trigger_start = ? "
                                   "AND other_trigger_end = ? AND other_machine_type = ? AND other_ordinal = ?");
        del.prepare(text);
        del.addBindValue(kindName(c.kind));
        for (const QVariant &v : keyValues(c.report))
            del.addBindValue(v);
        if (c.kind == HappeningCorrection::Kind::Merge)
            for (const QVariant &v : keyValues(c.other))
                del.addBindValue(v);
        if (Status s = sql::exec(del, mPath); !s)
            return s;
        if (del.numRowsAffected() > 0) {
            if (Status s = log(c, false); !s)
                return s;
        }
        if (Status s = touch(c); !s)
            return s;
    }
    for (const HappeningCorrection &c : add) {
        QSqlQuery ins(db);
        ins.prepare(QStringLiteral("INSERT INTO happening_corrections (kind, %1, other_content_hash, other_sentence_idx, "
                                   "other_trigger_start, other_trigger_end, other_machine_type, other_ordinal, "
                                   "corrected_at%2) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?%3)")
                        .arg(QLatin1String(kKeyColumns), mHasHistory ? QStringLiteral(", corrected_by") : QString(),
                             mHasHistory ? QStringLiteral(", ?") : QString()));
        ins.addBindValue(kindName(c.kind));
        for (const QVariant &v : keyValues(c.report))
            ins.addBindValue(v);
        const bool merge = c.kind == HappeningCorrection::Kind::Merge;
        for (const QVariant &v : keyValues(c.other))
            ins.addBindValue(merge ? v : QVariant());
        ins.addBindValue(history::stampText(now));
        if (mHasHistory)
            ins.addBindValue(mAnalyst.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(mAnalyst));
        if (Status s = sql::exec(ins, QStringLiteral("%1: cannot save the correction").arg(mPath)); !s)
            return s;
        if (Status s = log(c, true); !s)
            return s;
        if (Status s = touch(c); !s)
            return s;
    }
    return tx.commit();
}

} // namespace mapline
