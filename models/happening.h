#pragma once

#include "place.h"
#include "timerange.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace mapline {

// Where the reports of a happening disagree: a date or a place, with what each side says and who
// says it ("2001-11-26": AP, CNN, Reuters; "2001-11-25": VOA).
struct Disagreement {
    struct Value {
        QString value;
        int reports = 0;
        QStringList sources;
        friend bool operator==(const Value &, const Value &) = default;
    };
    QString field; // "date" or "place"
    QList<Value> values;
    friend bool operator==(const Disagreement &, const Disagreement &) = default;
};

// One real occurrence told by one or more reports (events from articles, rows of datasets), with the
// values fused from them (docs/FUSION.md): the most precise compatible date and place, the type most
// reports give, the union of actors, how many reports and distinct sources, a confidence.
struct Happening {
    qint64 id = 0;
    TimeRange time;
    Place place; // name, precision, coordinate, admin1, country
    QString type;
    QString acledEventType;
    QString family;
    QStringList actors;
    int reports = 0;
    QStringList sourceNames; // the distinct sources, most reports first
    int sources() const { return int(sourceNames.size()); }
    double confidence = 0;
    QList<Disagreement> disagreements;
    bool corrected = false; // an analyst merged it or split a report out of it
    QList<qint64> eventIds;   // its reports, by event id
    QList<qint64> articleIds; // the documents of its reports (articles and dataset files)
};

// The disagreements as JSON text (the store's happenings.disagreements): '' when there are none.
QString disagreementsToJson(const QList<Disagreement> &disagreements);
QList<Disagreement> disagreementsFromJson(const QString &json);
// "date: 2001-11-26 (AP, CNN, Reuters) vs 2001-11-25 (VOA)": for the table and the details.
QString describe(const Disagreement &disagreement);

} // namespace mapline
