#pragma once

#include "place.h"
#include "timerange.h"

#include <QDate>
#include <QList>
#include <QString>

namespace mapline {

// Who holds a place from when: one state of a place's control history. Plain value type.
struct ControlState {
    int side = -1;          // index into the SideTable's sides
    // The first day the side is known to hold the place; null when the state is the one before
    // the first change ("taken from the Taliban": held by the Taliban until then, since unknown).
    QDate since;
    DatePrecision sincePrecision = DatePrecision::Unknown;
    bool contested = false; // reports that disagree on who holds it (see docs/CONTROL.md)
    double confidence = 0.0;   // 0..1
    QList<qint64> evidence;    // event ids, in date order
    QList<int> rivals;         // for a contested state: the other side(s) reported
    // Set by the analyst (a ControlCorrection), not inferred: confidence 1, no evidence of its own.
    bool analyst = false;
    QString note;              // the analyst's reason, for an analyst's state
};

// The control history of one place: states in time order (each lasts until the next one's since).
struct PlaceControl {
    Place place;
    QList<ControlState> states;

    // The state on `day`, or nullptr when nothing is known then (before the first report that
    // says who holds it). The state before the first change (since null) covers every day before.
    const ControlState *stateOn(QDate day) const;
};

// The control of every place the events speak of.
struct ControlHistory {
    QList<PlaceControl> places; // ordered by place name
};

} // namespace mapline
