#pragma once

#include "event.h"
#include "index/eventindex.h"

#include <QHash>

#include <span>

namespace mapline {

// Collects events in any order and builds the sorted, columnar EventIndex. Used by the store
// loader (one streaming query), by tests from QList<Event>, and by the benchmarks. One thread.
class EventIndexBuilder {
public:
    void reserve(qsizetype events);
    // Interns an actor name; the id goes into add().
    quint32 actorId(const QString &name);
    // Adds one event; returns false (and adds nothing) when it has no valid coordinate or time.
    bool add(qint64 id, qint32 startDay, qint32 endDay, double longitude, double latitude, const QString &type,
             GeoPrecision precision, quint32 eventFlags = 0, std::span<const quint32> actors = {});
    bool add(const Event &event);
    qsizetype size() const { return qsizetype(mRows.size()); }

    // Sorts by (start day, id) and hands the columns over; the builder is empty afterwards.
    EventIndex build();

private:
    struct Row {
        qint64 id;
        qint32 start;
        qint32 end;
        float x;
        float y;
        quint32 actorBegin;
        quint8 type;
        quint8 flags;
        quint8 precision;
        quint8 actorCount;
    };
    quint8 typeId(const QString &type);

    std::vector<Row> mRows;
    std::vector<quint32> mActors;
    QHash<QString, quint8> mTypeIds;
    QStringList mTypeNames;
    QHash<QString, quint32> mActorIds;
    QStringList mActorNames;
};

} // namespace mapline
