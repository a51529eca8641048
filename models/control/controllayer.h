#pragma once

#include "control/controlhistory.h"
#include "control/sidetable.h"

#include <QColor>
#include <QDate>
#include <QList>
#include <QPointF>
#include <QString>

#include <memory>
#include <vector>

namespace mapline {

class Basemap;

// What the map, the timeline's lane and the details panel show of territorial control: the control
// histories (inferred and corrected) of every place, with the sides' names and colours, made once
// per change of the data and then only read. A day is answered by lookup: each place's state
// starts are kept as sorted day numbers, so stateOn() is a binary search and drawing every place
// for a new window end costs no inference and no query. Immutable once made, shared by the GUI
// and render threads through std::shared_ptr<const ControlLayer>.
class ControlLayer {
public:
    struct Side {
        QString name;
        QColor colour;
    };
    // One change of hands: a state with a day of its own (the states before the first change have
    // none), in day order, for the timeline's lane.
    struct Change {
        qint32 day = 0;   // EventIndex::dayNumber
        int place = -1;   // index into places()
        int state = -1;   // index into that place's states
        int from = -1;    // the side before it (-1: not known)
    };

    // `basemap` (optional): each place is assigned the province whose area holds it, for the
    // provinces option.
    static std::shared_ptr<const ControlLayer> make(ControlHistory history, const SideTable &sides,
                                                    const Basemap *basemap = nullptr);

    bool isEmpty() const { return mPlaces.isEmpty(); }
    const QList<Side> &sides() const { return mSides; }
    const QList<PlaceControl> &places() const { return mPlaces; }
    QPointF position(int place) const { return mPositions.at(size_t(place)); } // Web Mercator metres
    // The index of the basemap province area (Basemap::provinceAreas) around the place; -1 none.
    int provinceOf(int place) const { return mProvinces.empty() ? -1 : mProvinces.at(size_t(place)); }
    // The place's state on `day`, or nullptr (see PlaceControl::stateOn): O(log states).
    const ControlState *stateOn(int place, QDate day) const;
    int stateIndexOn(int place, QDate day) const; // -1 when none
    const QList<Change> &changes() const { return mChanges; }
    // The place with this name (and province when given); -1 when none.
    int placeIndex(const QString &name, const QString &admin1 = {}) const;
    QColor colour(int side) const { return side >= 0 && side < mSides.size() ? mSides.at(side).colour : QColor(Qt::gray); }
    QString sideName(int side) const { return side >= 0 && side < mSides.size() ? mSides.at(side).name : QString(); }

private:
    QList<Side> mSides;
    QList<PlaceControl> mPlaces;
    std::vector<QPointF> mPositions;
    std::vector<int> mProvinces;
    // Per place: the day number of each state's since (the state before the first change, if any,
    // first with the lowest possible day).
    std::vector<std::vector<qint32>> mStarts;
    QList<Change> mChanges;
};

} // namespace mapline
