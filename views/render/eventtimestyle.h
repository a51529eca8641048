#pragma once

#include <QColor>
#include <QtGlobal>

namespace mapline {

// How an event's dates change its symbol within the time window.
// A range event is drawn by the share of it the window holds: "Kabul, 8-22 Nov" in a window of
// 9 Nov shows faint (a fifteenth of it is in the window), where a day's event is solid, so
// scrubbing day by day does not make a place look active on every day of a long range. On top,
// the analyst may ask for age: older events in the window fade (FadeByAge) or take the colder
// colours of a ramp (ColourByAge, kepler.gl's colour by time: shapes keep the type, the colour
// says when). Pure functions of the days; the event layer and the legend use them.
struct EventTimeStyle {
    enum class Mode { Plain, FadeByAge, ColourByAge };

    static constexpr float kFaintest = 0.28f; // the opacity of an event barely in the window
    static constexpr int kRampSteps = 8;      // colours of the age ramp (sprites are per colour)

    // The share of [startDay, endDay] inside [fromDay, toDay], 0 to 1 (1 when either is open:
    // toDay < fromDay).
    static double shareInWindow(qint32 startDay, qint32 endDay, qint32 fromDay, qint32 toDay);
    // Where the event's last day in the window falls in it: 0 at the window's first day (oldest),
    // 1 at its last (newest); 1 when the window is one day or open.
    static double recency(qint32 startDay, qint32 endDay, qint32 fromDay, qint32 toDay);
    // The symbol's opacity: by share for every mode, times the fade by age for FadeByAge.
    static float opacity(Mode mode, double share, double recency);
    // The age colour for a recency, in kRampSteps steps from old (a cold blue-grey) to new (a
    // warm orange-red).
    static QColor rampColour(double recency);
};

} // namespace mapline
