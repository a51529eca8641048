#pragma once

// Places and actors by id, inserted when new: the one place for these upserts (article imports,
// dataset imports, corrections). Internal to models/store.
#include "actor.h"
#include "place.h"
#include "result.h"

#include <QHash>
#include <QSqlDatabase>
#include <QSqlQuery>

namespace mapline {

class EntityIds {
public:
    explicit EntityIds(const QSqlDatabase &db);

    // A place is one row per (name, kind, admin1, country): the first one stored keeps its
    // coordinate. An actor is one row per name.
    Result<qint64> place(const Place &place);
    Result<qint64> actor(const Actor &actor);
    // The ids are remembered for speed; one inserted by a write that is then rolled back would be
    // stale, so every rollback clears them (WriteScope does).
    void clear();

private:
    Status prepare();

    bool mPrepared = false;
    QSqlQuery mFindPlace, mInsertPlace, mFindActor, mInsertActor;
    QHash<QString, qint64> mPlaces;
    QHash<QString, qint64> mActors;
};

} // namespace mapline
