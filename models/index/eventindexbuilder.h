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
    // Interns an event type key (ids in order of first use; beyond 255 they share "other").
    quint8 typeId(const QString &type);
    // Interns a place name; EventIndex::kNoPlaceName for an empty one.
    quint32 placeNameId(const QString &name);
    // Adds one event; returns false (and adds nothing) when its coordinate is off the Earth, or
    // its type id is not one typeId() gave. NaN longitude and latitude: the event has no position
    // (EventIndex::Unplaced). `ownPosition` false: the coordinate is only the best known one (its
    // province, its country) for an event with none of its own: Unplaced too.
    // Events added by ascending id (as the store loader does) sort in linear time.
    // `happening` (0: none, the event is a happening of its own) and `sources`: its happening in the
    // store and how many distinct sources tell it. `leadRank`: how well the report stands for its
    // happening (higher: its place and date are the happening's fused ones); the report of each
    // happening with the highest rank (then the lowest id) becomes its lead (EventIndex::Lead).
    bool add(qint64 id, qint32 startDay, qint32 endDay, double longitude, double latitude, quint8 type,
             GeoPrecision precision, quint32 eventFlags = 0, std::span<const quint32> actors = {},
             qint64 happening = 0, int sources = 0, quint32 placeName = EventIndex::kNoPlaceName,
             bool ownPosition = true, quint8 leadRank = 0);
    bool add(qint64 id, qint32 startDay, qint32 endDay, double longitude, double latitude, const QString &type,
             GeoPrecision precision, quint32 eventFlags = 0, std::span<const quint32> actors = {},
             qint64 happening = 0, int sources = 0, quint32 placeName = EventIndex::kNoPlaceName,
             bool ownPosition = true)
    {
        return add(id, startDay, endDay, longitude, latitude, typeId(type), precision, eventFlags, actors, happening,
                   sources, placeName, ownPosition);
    }
    // An event without a date is not added (false); one without a coordinate is, Unplaced.
    bool add(const Event &event);
    // Adds row `row` of `index` (built before, from the same store) as it is there: its days,
    // position, flags, precision, happening and sources; its type interned here by name, its
    // actors and place name looked up here by name. False (nothing added) when an actor or the
    // place name is not known here. It keeps its part of its happening's lead: rows of one
    // happening must all come from `index` or all through add() (a delta load re-reads every
    // report of a happening it touches).
    bool addFrom(const EventIndex &index, qsizetype row);
    // Moves the events of `other` (built on another thread, say) into this builder, interning
    // its types and actors here; `other` is empty afterwards.
    void append(EventIndexBuilder &&other);
    qsizetype size() const { return qsizetype(mRows.size()); }

    // Sorts by (start day, id) and hands the columns over; the builder is empty afterwards.
    EventIndex build();

private:
    struct Row {
        qint64 id;
        qint64 happening; // the store's id, or -id for an event of no happening
        qint32 start;
        qint32 end;
        float x;
        float y;
        quint32 actorBegin;
        quint32 place;
        quint8 type;
        quint8 flags;
        quint8 precision;
        quint8 actorCount;
        quint8 sources;
        quint8 leadRank;
    };
    // Row numbers in (start day, id) order, and whether the rows were added by ascending id.
    std::vector<quint32> sortedOrder(bool *addedById) const;

    std::vector<Row> mRows;
    std::vector<quint32> mActors;
    QHash<QString, quint8> mTypeIds;
    QStringList mTypeNames;
    QHash<QString, quint32> mActorIds;
    QStringList mActorNames;
    QHash<QString, quint32> mPlaceIds;
    QStringList mPlaceNames;
};

} // namespace mapline
