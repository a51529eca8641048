// EventStore's table of the analyst's corrections of territorial control (schema 7,
// docs/SCHEMA.md `control_corrections`, docs/CONTROL.md "Corrections").
#include "store/eventstore.h"

#include "control/controlcorrection.h"
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

Status EventStore::changeControlCorrections(const QList<ControlCorrection> &add, const QList<ControlCorrection> &remove)
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
    for (const ControlCorrection &c : remove) {
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
        QSqlQuery ins(db);
        if (Status s = sql::prepare(ins, QStringLiteral("INSERT OR REPLACE INTO control_corrections (place, admin1, country, "
                                                         "lon, lat, valid_from, side, note, corrected_at) "
                                                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
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
        ins.addBindValue(QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
        if (Status s = sql::exec(ins, QStringLiteral("%1: cannot save the correction of control").arg(mPath)); !s)
            return s;
    }
    return tx.commit();
}

} // namespace mapline
