// PgFusion's writing side (pgfusion.h): the fusion of a set of events, and what it changed written
// set-wise (the happenings' rows through COPY and one upsert, the events moved by one UPDATE).
#include "store/pg/pgfusion.h"

#include "fusion/fusionarea.h"
#include "fusion/fusionwriteplan.h"
#include "store/pg/pgconnection.h"
#include "store/pg/pgvalues.h"
#include "store/pg/pgwritelock.h"

#include <algorithm>

namespace mapline::pg {
namespace {

// The happenings' columns the fusion writes (all but the generated geom; stale is 0).
const QString kFusedColumns = QStringLiteral(
    "id, date, date_end, date_precision, place, lon, lat, geo_precision, admin1, country, type, acled_event_type, "
    "family, actors, reports, sources, source_names, confidence, disagreements, corrected, area");

// One field of a line of COPY's text format; a null QString is NULL.
void appendFusedField(QByteArray &out, const QString &value, bool first = false)
{
    if (!first)
        out += '\t';
    if (value.isNull()) {
        out += "\\N";
        return;
    }
    for (const char c : value.toUtf8()) {
        switch (c) {
        case '\\': out += "\\\\"; break;
        case '\t': out += "\\t"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        default: out += c;
        }
    }
}

// The row of a fused happening as the SQLite store's FusionSync writes it (fusionsync_write.cpp).
void appendFusedRow(QByteArray &out, const Happening &h)
{
    appendFusedField(out, QString::number(h.id), true);
    appendFusedField(out, isoDate(h.time.start));
    appendFusedField(out, isoDate(h.time.end));
    appendFusedField(out, toString(h.time.isValid() ? h.time.precision : DatePrecision::Unknown));
    appendFusedField(out, text(h.place.name));
    const bool located = h.place.coordinate.isValid();
    appendFusedField(out, located ? real(h.place.coordinate.longitude()) : QString());
    appendFusedField(out, located ? real(h.place.coordinate.latitude()) : QString());
    appendFusedField(out, toString(h.place.precision));
    appendFusedField(out, text(h.place.admin1));
    appendFusedField(out, text(h.place.country));
    appendFusedField(out, text(h.type));
    appendFusedField(out, text(h.acledEventType));
    appendFusedField(out, text(h.family));
    appendFusedField(out, text(h.actors.join(QStringLiteral("; "))));
    appendFusedField(out, QString::number(h.reports));
    appendFusedField(out, QString::number(h.sources()));
    appendFusedField(out, text(h.sourceNames.join(QStringLiteral("; "))));
    appendFusedField(out, real(h.confidence));
    appendFusedField(out, text(disagreementsToJson(h.disagreements)));
    appendFusedField(out, h.corrected ? QStringLiteral("1") : QStringLiteral("0"));
    const bool searchable = h.time.isValid() && h.time.start.daysTo(h.time.end) < FusionRules::kMaxSpanDays;
    const qint64 area = searchable ? fusionarea::areaOf(h.place) : fusionarea::kNoArea;
    appendFusedField(out, area == fusionarea::kNoArea ? QString() : QString::number(area));
    out += '\n';
}

} // namespace

Status PgFusion::fuseEvents(std::vector<qint64> pending)
{
    std::sort(pending.begin(), pending.end());
    pending.erase(std::unique(pending.begin(), pending.end()), pending.end());
    // The happenings of these events, and those whose events were deleted under them: taken apart.
    const Result<QSet<qint64>> dissolved = happeningsOf(pending, true);
    if (!dissolved)
        return Status::failure(dissolved.error());
    if (pending.empty() && dissolved->isEmpty())
        return {};
    if (Status s = resolveCorrections(); !s)
        return s;
    std::vector<int> toFuse;
    if (Status s = loadReports(QStringLiteral("e.id = ANY($1::bigint[])"), pending, toFuse); !s)
        return s;
    if (Status s = loadMembers(*dissolved, toFuse); !s)
        return s;
    // The stored happenings these reports could join are fused again with them, in the canonical
    // order, so that what is stored does not depend on the order the reports came in; the
    // happenings next to those stay as they are and may be joined.
    const Result<QSet<qint64>> near = neighbours(toFuse, *dissolved);
    if (!near)
        return Status::failure(near.error());
    QSet<qint64> all = *dissolved;
    all.unite(*near);
    if (Status s = loadMembers(*near, toFuse); !s)
        return s;
    HappeningFuser fuser(mReports);
    const Result<QSet<qint64>> next = neighbours(toFuse, all);
    if (!next)
        return Status::failure(next.error());
    if (Status s = loadStored(*next, fuser); !s)
        return s;
    fuser.addAll(toFuse);
    applyMerges(fuser);
    return write(fuser, all);
}

Status PgFusion::writeRows(const HappeningFuser &fuser, const HappeningFuser::MemberTable &table,
                           const std::vector<std::pair<qint64, int>> &targets)
{
    if (targets.empty())
        return {};
    PgConnection &c = mConnection;
    if (Status s = c.exec(QStringLiteral("CREATE TEMP TABLE IF NOT EXISTS fused_happenings (id bigint, date date, "
                                         "date_end date, date_precision text, place text, lon double precision, lat "
                                         "double precision, geo_precision text, admin1 text, country text, type text, "
                                         "acled_event_type text, family text, actors text, reports bigint, sources "
                                         "bigint, source_names text, confidence double precision, disagreements text, "
                                         "corrected integer, area bigint) ON COMMIT DROP; DELETE FROM fused_happenings"),
                          QStringLiteral("writing the happenings"));
        !s)
        return s;
    if (Status s = c.copyInBegin(QStringLiteral("COPY fused_happenings (%1) FROM STDIN").arg(kFusedColumns),
                                 QStringLiteral("writing the happenings"));
        !s)
        return s;
    QByteArray piece;
    for (const auto &[id, index] : targets) {
        appendFusedRow(piece, fuser.fusedRow(table.roots[size_t(index)], table.of(size_t(index))));
        if (piece.size() >= 256 * 1024) {
            if (mWrittenRows)
                mWrittenRows->append(piece);
            if (Status s = c.copyInSend(piece); !s)
                return s;
            piece.clear();
        }
    }
    if (!piece.isEmpty()) {
        if (mWrittenRows)
            mWrittenRows->append(piece);
        if (Status s = c.copyInSend(piece); !s)
            return s;
    }
    if (Status s = c.copyInEnd(); !s)
        return s;
    // As the SQLite store's upsert: a row that is already so is not written again.
    QStringList set, old, fresh;
    for (const QString &column : kFusedColumns.split(QStringLiteral(", ")).mid(1)) {
        set << QStringLiteral("%1 = excluded.%1").arg(column);
        old << QStringLiteral("happenings.") + column;
        fresh << QStringLiteral("excluded.") + column;
    }
    return c.exec(QStringLiteral("INSERT INTO happenings (%1, stale) SELECT %1, 0 FROM fused_happenings ORDER BY id "
                                 "ON CONFLICT (id) DO UPDATE SET %2, stale = 0 WHERE (%3) IS DISTINCT FROM (%4) OR "
                                 "happenings.stale <> 0")
                      .arg(kFusedColumns, set.join(QStringLiteral(", ")), old.join(QStringLiteral(", ")),
                           fresh.join(QStringLiteral(", "))),
                  QStringLiteral("writing the happenings"));
}

Status PgFusion::write(HappeningFuser &fuser, const QSet<qint64> &dissolved, qint64 firstUnstored,
                       std::vector<std::pair<qint64, qint64>> *unstored)
{
    const Result<FusionWritePlan> planned = planFusionWrite(fuser, mReports, dissolved);
    if (!planned)
        return Status::failure(QStringLiteral("fusing the events: %1").arg(planned.error()));
    const FusionWritePlan &plan = *planned;
    if (Status s = writeRows(fuser, plan.table, plan.targets); !s)
        return Status::failure(QStringLiteral("fusing the events: %1").arg(s.error()));
    std::vector<qint64> events, happenings;
    for (const auto &[event, happening] : plan.moves) {
        if (unstored && firstUnstored > 0 && event >= firstUnstored) {
            unstored->emplace_back(event, happening);
            continue;
        }
        events.push_back(event);
        happenings.push_back(happening);
    }
    if (!events.empty()) {
        auto moved = mConnection.query(QStringLiteral("UPDATE events e SET happening_id = m.happening FROM unnest($1::bigint[], "
                                                      "$2::bigint[]) AS m(event, happening) WHERE e.id = m.event"),
                                       {bigintArray(events), bigintArray(happenings)},
                                       QStringLiteral("moving the events to their happenings"));
        if (!moved)
            return Status::failure(moved.error());
    }
    if (!plan.gone.empty()) {
        auto removed = mConnection.query(QStringLiteral("DELETE FROM happenings WHERE id = ANY($1::bigint[])"),
                                         {bigintArray(plan.gone)}, QStringLiteral("removing the happenings fused away"));
        if (!removed)
            return Status::failure(removed.error());
    }
    return {};
}

Status fuseUnfused(PgConnection &c, qint64 *count)
{
    if (count)
        *count = 0;
    const QString what = QStringLiteral("fusing the events stored without a happening");
    const QString any = QStringLiteral("SELECT EXISTS (SELECT 1 FROM events WHERE happening_id IS NULL) OR EXISTS "
                                       "(SELECT 1 FROM happenings WHERE stale <> 0)");
    auto found = c.query(any, what);
    if (!found)
        return Status::failure(found.error());
    if (found->text(0, 0) != "t")
        return {};
    if (Status s = beginWrite(c, what); !s)
        return s;
    // Under the lock: what another writer fused meanwhile is not fused twice.
    auto ids = c.query(QStringLiteral("SELECT id FROM events WHERE happening_id IS NULL ORDER BY id"), what);
    Status s = ids ? Status() : Status::failure(ids.error());
    if (s) {
        std::vector<qint64> events;
        events.reserve(size_t(ids->rows()));
        for (int row = 0; row < ids->rows(); ++row)
            events.push_back(ids->int64(row, 0));
        if (count)
            *count = qint64(events.size());
        FusionReports reports;
        PgFusion fusion(c, reports);
        s = fusion.fuseEvents(std::move(events));
    }
    if (s)
        s = c.exec(QStringLiteral("COMMIT"), what);
    if (!s)
        static_cast<void>(c.exec(QStringLiteral("ROLLBACK"), what));
    return s;
}

} // namespace mapline::pg
