#pragma once

#include "corrections/correction.h"

#include <QStringList>

#include <optional>

class QWidget;

namespace mapline {

class PlaceCompletionModel;

// The small dialogs of Correct > Date, Place, Type, Actors and Edit > Go to Date. Each returns
// nullopt when cancelled. Modal, GUI thread.
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
std::optional<QDate> askDate(QWidget *parent, const QDate &current, const QDate &min, const QDate &max);

} // namespace correctiondialogs
} // namespace mapline
