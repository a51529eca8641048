#include "store/copy/storecopy.h"

#include "store/copy/sqlitecopy.h"
#include "store/pg/pgconnection.h"
#include "store/pg/pgcopy.h"
#include "store/pg/pgschema.h"

#include <QFileInfo>

#include <memory>

namespace mapline {
namespace {

using storecopy::Source;
using storecopy::Target;

Result<std::unique_ptr<Source>> openSource(const QString &from)
{
    using R = Result<std::unique_ptr<Source>>;
    if (pg::isUrl(from)) {
        auto s = storecopy::PgSource::open(from);
        return s ? R(std::unique_ptr<Source>(std::move(s).value())) : R::failure(s.error());
    }
    auto s = storecopy::SqliteSource::open(from);
    return s ? R(std::unique_ptr<Source>(std::move(s).value())) : R::failure(s.error());
}

Result<std::unique_ptr<Target>> openTarget(const QString &to)
{
    using R = Result<std::unique_ptr<Target>>;
    if (pg::isUrl(to)) {
        auto t = storecopy::PgTarget::open(to);
        return t ? R(std::unique_ptr<Target>(std::move(t).value())) : R::failure(t.error());
    }
    auto t = storecopy::SqliteTarget::open(to);
    return t ? R(std::unique_ptr<Target>(std::move(t).value())) : R::failure(t.error());
}

// Both name the same store: the same URL, or the same file by whatever path.
bool sameStore(const QString &a, const QString &b)
{
    if (pg::isUrl(a) || pg::isUrl(b))
        return a == b;
    const QFileInfo fa(a), fb(b);
    return fa.exists() && fb.exists() ? fa.canonicalFilePath() == fb.canonicalFilePath() : fa.absoluteFilePath() == fb.absoluteFilePath();
}

QString orderOf(const QString &table)
{
    if (table == u"settings")
        return QStringLiteral("key");
    if (table == u"event_actors")
        return QStringLiteral("event_id, actor_id");
    return QStringLiteral("id");
}

} // namespace

const QStringList &StoreCopy::tables()
{
    return pg::pgschema::tables();
}

Result<StoreCopy::Report> StoreCopy::run(const QString &from, const QString &to, Failure *failure,
                                         const std::function<void(const QString &, qint64)> &progress)
{
    using R = Result<Report>;
    auto fail = [failure](Failure kind, const QString &message) {
        *failure = kind;
        return R::failure(message);
    };
    *failure = Failure::None;
    if (sameStore(from, to))
        return fail(Failure::Refused, QStringLiteral("%1: the source and the destination are the same store").arg(from));

    // The source first: a destination is not created for a source that cannot be read.
    auto source = openSource(from);
    if (!source)
        return fail(Failure::Failed, source.error());
    Source &src = *source.value();
    if (Status s = src.begin(); !s)
        return fail(Failure::Failed, s.error());

    Report report;
    const Result<QStringList> foreign = src.foreignTables(tables());
    if (!foreign)
        return fail(Failure::Failed, foreign.error());
    for (const QString &t : *foreign)
        report.warnings << QStringLiteral("%1: table %2 is not Mapline's: not copied").arg(src.name(), t);

    QList<QStringList> columns;
    for (const QString &table : tables()) {
        const Result<QStringList> c = src.columns(table);
        if (!c)
            return fail(Failure::Failed, c.error());
        if (c->isEmpty())
            return fail(Failure::Failed, QStringLiteral("%1: the store has no table %2").arg(src.name(), table));
        columns << *c;
    }

    auto target = openTarget(to);
    if (!target)
        return fail(Failure::Failed, target.error());
    Target &dst = *target.value();
    // Nothing may be lost: every column of the source must have a place in the destination.
    for (qsizetype i = 0; i < tables().size(); ++i) {
        const Result<QStringList> c = dst.columns(tables()[i]);
        if (!c)
            return fail(Failure::Failed, c.error());
        for (const QString &column : columns[i])
            if (!c->contains(column))
                return fail(Failure::Failed, QStringLiteral("%1: the store has no column %2.%3, which %4 holds: nothing "
                                                            "copied (is one of them from a newer Mapline?)")
                                                 .arg(dst.name(), tables()[i], column, src.name()));
    }

    const QStringList seeded = {QStringLiteral("settings"), QStringLiteral("sides"), QStringLiteral("side_members")};
    const Result<QString> holding = dst.begin(tables(), seeded);
    if (!holding)
        return fail(Failure::Failed, holding.error());
    if (!holding->isEmpty()) {
        dst.rollback();
        return fail(Failure::Refused, QStringLiteral("%1: the destination already holds data (table %2): copy into a new "
                                                     "or empty store; nothing was copied")
                                          .arg(dst.name(), *holding));
    }
    const QString ownSettings =
        QStringLiteral("key <> '%1'").arg(QLatin1String(pg::pgschema::kVersionKey)); // the destination's own version
    for (qsizetype i = 0; i < tables().size(); ++i) {
        const QString &table = tables()[i];
        qint64 rows = 0;
        Status s = dst.beginTable(table, columns[i]);
        if (s)
            s = src.read(table, columns[i], table == u"settings" ? ownSettings : QString(), orderOf(table),
                         [&](const storecopy::Row &row) {
                             ++rows;
                             return dst.write(row);
                         });
        if (s)
            s = dst.endTable();
        if (!s) {
            dst.rollback();
            return fail(Failure::Failed, QStringLiteral("%1 (nothing was copied)").arg(s.error()));
        }
        report.rows.append({table, rows});
        if (progress)
            progress(table, rows);
    }
    if (Status s = dst.commit(); !s) {
        dst.rollback();
        return fail(Failure::Failed, QStringLiteral("%1 (nothing was copied)").arg(s.error()));
    }
    return report;
}

} // namespace mapline
