#pragma once

#include "control/controlcorrection.h"
#include "control/controlhistory.h"
#include "control/sidetable.h"
#include "event.h"

#include <QList>

namespace mapline {

// What one event says about who holds its place (ControlInference::read): a change of hands or
// a hold, by its day, with how sure it is. Plain value type.
struct ControlObservation {
    enum Kind { Change, Hold };
    Kind kind = Hold;
    int to = -1;    // the side that takes (Change) or holds (Hold); -1 unknown
    int from = -1;  // the side that loses (Change); -1 unknown
    QDate day;      // the day it happened; for a weak date, the day by which it had happened
    DatePrecision precision = DatePrecision::Unknown;
    bool weakDate = false; // the time is a range or the article's date, not a day of its own
    double confidence = 0.0;
    qint64 eventId = 0;
    qint64 articleId = 0;
    int sentenceIndex = -1;
};

// Territorial control inferred from the events: a pure function of the events and the sides
// (docs/CONTROL.md has the rules). No database, no globals: the command line, the viewer and the
// tests call the same code.
class ControlInference {
public:
    // The observations one event gives: none for most events, one for a change of hands or a
    // hold, two when it also says who held the place before.
    static QList<ControlObservation> read(const Event &event, const SideTable &sides);
    // Whether an event's place can be held: a town, district or landmark (not a province, a
    // country or a bearing from a town).
    static bool isControllable(const Place &place);
    // The control histories of every place the events speak of.
    static ControlHistory infer(const QList<Event> &events, const SideTable &sides);
    // The analyst's corrections over the machine's histories (controlcorrecting.cpp): from each
    // correction's day the place is held by its side (an analyst's state, confidence 1); the
    // machine's state that begins that same day gives way to it, the machine's later changes
    // stand. A corrected place no event speaks of is added. A correction naming a side the table
    // does not have is left out and named in `skipped` (optional).
    static void correct(ControlHistory &history, const QList<ControlCorrection> &corrections, const SideTable &sides,
                        QStringList *skipped = nullptr);
    // One place's history from its observations (any order).
    static QList<ControlState> history(QList<ControlObservation> observations, const SideTable &sides);
};

} // namespace mapline
