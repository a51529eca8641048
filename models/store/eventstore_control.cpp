// EventStore's table of the analyst's corrections of territorial control (schema 7,
// docs/SCHEMA.md `control_corrections`, docs/CONTROL.md "Corrections").
#include "store/eventstore.h"

#include "control/controlcorrection.h"
#include "corrections/correctionhistory.h"
#include "store/correctionlog.h"
#include "store/sqlutil.h"
#include "store/writescope.h"

#include <QDateTime>

namespace mapline {
namespace {

bool hasControlCorrections(const QSqlDatabase &db, bool &has, QString &error)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND "
                               "name = 'control_corrections')")) ||
        !q.next()) {
        error = q.lastError().text();
        return false;
    }
    has = q.value(0).toBool();
    return true;
}

} // namespace

Result<QList<ControlCorrection>> EventStore::controlCorrections() const
{
    using R = Result<QList<ControlCorrection>>;
    QList<ControlCorrection> out;
    bool has = false;
    QString error;
    if (!hasControlCorrections(database(), has, error))
        return R::failure(QStringLiteral("%1: %2").arg(mPath, error));
    if (!has)
        return out; // a database of version 6 or older, opened read-only
    QSqlQuery q(database());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT place, admin1, country, lon, lat, valid_from, side, note FROM control_corrections "
                               "ORDER BY place, admin1, country, valid_from")))
        return R::failure(QStringLiteral("%1: cannot read the corrections of control: %2").arg(mPath, q.lastError().text()));
    while (q.next()) {
        ControlCorrection c;
        c.place = q.value(0).toString();
        c.admin1 = q.value(1).toString();
        c.country = q.value(2).toString();
        if (!q.value(3).isNull() && !q.value(4).isNull())
            c.coordinate = QGeoCoordinate(q.value(4).toDouble(), q.value(3).toDouble());
        c.from = QDate::fromString(q.value(5).toString(), Qt::ISODate);
        c.side = q.value(6).toString();
        c.note = q.value(7).toString();
        out.append(c);
    }
    return out;
}

// A control correction as stored, by its key (nullopt: none); `by` and `at` of its row.
static Result<std::optional<std::pair<ControlCorrection, CorrectionStamp>>>
storedControl(const QSqlDatabase &db, const ControlCorrection &key, bool withAuthor, const QString &path)
{
    using R = Result<std::optional<std::pair<ControlCorrection, CorrectionStamp>>>;
    QSqlQuery q(db);
    if (Status s = sql::prepare(q, QStringLiteral("SELECT lon, lat, side, note, corrected_at, %1 FROM control_corrections "
                                                  "WHERE place = ? AND admin1 = ? AND country = ? AND valid_from = ?")
                                       .arg(withAuthor ? QStringLiteral("corrected_by") : QStringLiteral("NULL")));
        !s)
        return R::failure(QStringLiteral("%1: %2").arg(path, s.error()));
    q.addBindValue(key.place);
    q.addBindValue(key.admin1);
    q.addBindValue(key.country);
    q.addBindValue(key.from.toString(Qt::ISODate));
    if (Status s = sql::exec(q, QStringLiteral("%1: cannot read the corrections of control").arg(path)); !s)
        return R::failure(s.error());
    if (!q.next())
        return std::optional<std::pair<ControlCorrection, CorrectionStamp>>();
    ControlCorrection c = key;
    c.coordinate = q.value(0).isNull() ? QGeoCoordinate() : QGeoCoordinate(q.value(1).toDouble(), q.value(0).toDouble());
    c.side = q.value(2).toString();
    c.note = q.value(3).toString();
    return std::optional(std::pair(c, CorrectionStamp{q.value(5).toString(), history::stampFromText(q.value(4).toString())}));
}

Status EventStore::changeControlCorrections(const QList<ControlCorrection> &add, const QList<ControlCorrection> &remove,
                                            qint64 seenRevision, CorrectionConflict *conflict)
{
    if (mMode == Mode::ReadOnly)
        return Status::failure(QStringLiteral("%1: the database is open read-only; corrections cannot be saved").arg(mPath));
    for (const ControlCorrection &c : add)
        if (c.place.isEmpty() || !c.from.isValid() || c.side.isEmpty())
            return Status::failure(QStringLiteral("%1: a correction of control needs a place, a day and a side").arg(mPath));
    WriteScope tx(*this);
    if (Status s = tx.begin(); !s)
        return Status::failure(QStringLiteral("%1: %2").arg(mPath, s.error()));
    const QSqlDatabase db = database();
    QStringList subjects;
    for (const QList<ControlCorrection> *list : {&add, &remove})
        for (const ControlCorrection &c : *list)
            if (!subjects.contains(history::subject(c)))
                subjects << history::subject(c);
    if (Status s = correctionlog::collectConflict(db, subjects, seenRevision, mPath, conflict); !s)
        return s;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    // Each change with what it replaced: a removal, and an addition over the same place and day.
    const auto log = [&](const ControlCorrection &c, bool added) -> Status {
        if (!mHasHistory)
            return {};
        const auto before = storedControl(db, c, mHasHistory, mPath);
        if (!before)
            return Status::failure(before.error());
        if (!added && !before->has_value())
            return {}; // nothing to remove
        HistoryEntry e;
        e.kind = HistoryEntry::Kind::Control;
        e.subject = history::subject(c);
        if (before->has_value()) {
            e.oldValue = history::toJson((*before)->first);
            e.old = (*before)->second;
        }
        if (added)
            e.newValue = history::toJson(c);
        e.changed = {mAnalyst, now};
        e.change = history::describe(c, added);
        const Result<qint64> id = correctionlog::append(db, e, mPath);
        return id ? Status() : Status::failure(id.error());
    };
    for (const ControlCorrection &c : remove) {
        if (Status s = log(c, false); !s)
            return s;
        QSqlQuery del(db);
        if (Status s = sql::prepare(del, QStringLiteral("DELETE FROM control_corrections WHERE place = ? AND admin1 = ? "
                                                         "AND country = ? AND valid_from = ?"));
            !s)
            return Status::failure(QStringLiteral("%1: %2").arg(mPath, s.error()));
        del.addBindValue(c.place);
        del.addBindValue(c.admin1);
        del.addBindValue(c.country);
        del.addBindValue(c.from.toString(Qt::ISODate));
        if (Status s = sql::exec(del, QStringLiteral("%1: cannot remove the correction of control").arg(mPath)); !s)
            return s;
    }
    for (const ControlCorrection &c : add) {
        if (Status s = log(c, true); !s)
            return s;
        QSqlQuery ins(db);
        if (Status s = sql::prepare(ins, QStringLiteral("INSERT OR REPLACE INTO control_corrections (place, admin1, country, "
                                                         "lon, lat, valid_from, side, note, corrected_at, corrected_by) "
                                                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
            !s)
            return Status::failure(QStringLiteral("%1: %2").arg(mPath, s.error()));
        ins.addBindValue(c.place);
        ins.addBindValue(c.admin1);
        ins.addBindValue(c.country);
        const bool located = c.coordinate.isValid();
        ins.addBindValue(located ? QVariant(c.coordinate.longitude()) : QVariant());
        ins.addBindValue(located ? QVariant(c.coordinate.latitude()) : QVariant());
        ins.addBindValue(c.from.toString(Qt::ISODate));
        ins.addBindValue(c.side);
        ins.addBindValue(c.note);
        ins.addBindValue(history::stampText(now));
        ins.addBindValue(mAnalyst.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(mAnalyst));
        if (Status s = sql::exec(ins, QStringLiteral("%1: cannot save the correction of control").arg(mPath)); !s)
            return s;
    }
    return tx.commit();
}

} // namespace mapline
