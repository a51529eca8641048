#include "controlhistory.h"

namespace mapline {

const ControlState *PlaceControl::stateOn(QDate day) const
{
    const ControlState *found = nullptr;
    for (const ControlState &s : states) {
        if (!s.since.isValid()) {
            found = &s; // the state before the first change: every day before it
            continue;
        }
        if (s.since > day)
            break;
        found = &s;
    }
    return found;
}

} // namespace mapline
