#pragma once

#include "corrections/correction.h"
#include "timeline/windowlength.h"

#include <QStringList>

#include <optional>

class QWidget;

namespace mapline {

class PlaceCompletionModel;

// The small dialogs of Correct > Date, Place, Type, Actors and Time > Go to Date. Each returns
// nullopt when cancelled. Dates are typed as text (a year or a month will do) or picked
// (DateField). Modal, GUI thread.
namespace correctiondialogs {

std::optional<TimeRange> askTime(QWidget *parent, const TimeRange &current);
// How the place dialog ended: a gazetteer place, the wish to pick the place on the map, or
// neither (cancelled).
struct PlaceAnswer {
    std::optional<Place> place;
    bool pickOnMap = false;
};
PlaceAnswer askPlace(QWidget *parent, PlaceCompletionModel &places, const Place &current);
std::optional<EventTypeCodes> askType(QWidget *parent, const QList<EventTypeCodes> &types, const QString &current);
// Actors as "Name" lines; known names complete.
std::optional<QList<Actor>> askActors(QWidget *parent, const QList<Actor> &current, const QStringList &known);
// Time > Go to Date: where the window starts and how long it is (`length` proposed).
struct GoTo {
    QDate date;
    timeline::WindowLength length;
};
std::optional<GoTo> askGoTo(QWidget *parent, const QDate &current, const timeline::WindowLength &length,
                            const QDate &min, const QDate &max);

} // namespace correctiondialogs
} // namespace mapline
