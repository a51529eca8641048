#include "store/entityids.h"

#include "store/sqlutil.h"

namespace mapline {
namespace {

// Runs `find` (already bound); the id of its row, 0 when there is none.
Result<qint64> foundId(QSqlQuery &find, const QString &what)
{
    if (Status s = sql::exec(find, what); !s)
        return Result<qint64>::failure(s.error());
    const qint64 id = find.next() ? find.value(0).toLongLong() : 0;
    find.finish(); // no statement left running inside the transaction
    return id;
}

} // namespace

EntityIds::EntityIds(const QSqlDatabase &db)
    : mFindPlace(db)
    , mInsertPlace(db)
    , mFindActor(db)
    , mInsertActor(db)
{
}

Status EntityIds::prepare()
{
    if (mPrepared)
        return {};
    if (Status s = sql::prepareAll({
            {&mFindPlace, "SELECT id FROM places WHERE name = ? AND kind = ? AND admin1 = ? AND country = ?"},
            {&mInsertPlace, "INSERT INTO places (name, kind, admin1, admin2, country, lon, lat, gazetteer_id, source) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"},
            {&mFindActor, "SELECT id FROM actors WHERE name = ?"},
            {&mInsertActor, "INSERT INTO actors (name, affiliation, kind) VALUES (?, ?, ?)"},
        });
        !s)
        return s;
    mPrepared = true;
    return {};
}

void EntityIds::clear()
{
    mPlaces.clear();
    mActors.clear();
}

Result<qint64> EntityIds::place(const Place &p)
{
    using R = Result<qint64>;
    const QString kind = toString(p.precision);
    const QString key = p.name + QChar(0x1F) + kind + QChar(0x1F) + p.admin1 + QChar(0x1F) + p.country;
    if (const auto it = mPlaces.constFind(key); it != mPlaces.constEnd())
        return *it;
    if (Status s = prepare(); !s)
        return R::failure(s.error());
    const QString what = QStringLiteral("place %1").arg(p.name);
    mFindPlace.bindValue(0, sql::text(p.name));
    mFindPlace.bindValue(1, kind);
    mFindPlace.bindValue(2, sql::text(p.admin1));
    mFindPlace.bindValue(3, sql::text(p.country));
    Result<qint64> id = foundId(mFindPlace, what);
    if (!id)
        return id;
    if (*id == 0) {
        const bool located = p.coordinate.isValid();
        int i = 0;
        mInsertPlace.bindValue(i++, sql::text(p.name));
        mInsertPlace.bindValue(i++, kind);
        mInsertPlace.bindValue(i++, sql::text(p.admin1));
        mInsertPlace.bindValue(i++, sql::text(p.admin2));
        mInsertPlace.bindValue(i++, sql::text(p.country));
        mInsertPlace.bindValue(i++, located ? QVariant(p.coordinate.longitude()) : QVariant());
        mInsertPlace.bindValue(i++, located ? QVariant(p.coordinate.latitude()) : QVariant());
        mInsertPlace.bindValue(i++, p.gazetteerId ? QVariant(p.gazetteerId) : QVariant());
        mInsertPlace.bindValue(i++, sql::text(p.source));
        if (Status s = sql::exec(mInsertPlace, what); !s)
            return R::failure(s.error());
        id = mInsertPlace.lastInsertId().toLongLong();
    }
    mPlaces.insert(key, *id);
    return id;
}

Result<qint64> EntityIds::actor(const Actor &a)
{
    using R = Result<qint64>;
    if (const auto it = mActors.constFind(a.name); it != mActors.constEnd())
        return *it;
    if (Status s = prepare(); !s)
        return R::failure(s.error());
    const QString what = QStringLiteral("actor %1").arg(a.name);
    mFindActor.bindValue(0, sql::text(a.name));
    Result<qint64> id = foundId(mFindActor, what);
    if (!id)
        return id;
    if (*id == 0) {
        mInsertActor.bindValue(0, sql::text(a.name));
        mInsertActor.bindValue(1, sql::text(a.affiliation));
        mInsertActor.bindValue(2, sql::text(a.kind));
        if (Status s = sql::exec(mInsertActor, what); !s)
            return R::failure(s.error());
        id = mInsertActor.lastInsertId().toLongLong();
    }
    mActors.insert(a.name, *id);
    return id;
}

} // namespace mapline
