#pragma once

#include "place.h"
#include "result.h"

#include <QHash>
#include <QSet>
#include <QString>
#include <QStringList>

namespace mapline {

// What the fusion needs to know besides the reports themselves (docs/FUSION.md): the families of
// event types (resources/fusion/families.tsv), the publishers' names (resources/fusion/sources.tsv)
// and the distances each place precision allows. A value: built once (standard()) and shared,
// read-only, by every fuser on every thread.
class FusionRules {
public:
    struct Family {
        QString name;
        bool once = false; // happens once at a place: a change of control, a deal (FUSION.md, "Dates")
    };

    // The rules of the files under resources/fusion/; the built-in ones when a file is missing.
    static const FusionRules &standard();
    // From the two files' texts (tests); `file` names them in messages.
    static Result<FusionRules> fromText(const QString &families, const QString &sources, const QString &file = {});

    // The family of an event type, or of a dataset event's ACLED event type when its type is none
    // of Mapline's. A type no row names is a family of its own, named after it.
    Family familyOf(const QString &type, const QString &acledEventType) const;

    // The publisher a source name, a web address or a host stands for ("Associated Press",
    // "http://www.cnn.com/2001/..." -> "CNN"); the trimmed text itself when no row names it; for
    // an address no row names, its host without "www.". Empty for empty text.
    QString publisher(const QString &source) const;
    // Each publisher of an ACLED "source" field ("Reuters; Agence France Presse").
    QStringList publishers(const QString &sourceList) const;

    // How far (km) a report placed with `precision` may lie from another of the same happening:
    // a landmark 3 km, a town or city 12 km (Qala-i-Jangi is 10 km from Mazar-e Sharif; Khanabad 23
    // km from Kunduz is another town), a district 25 km. Provinces and countries are compared by
    // containment, not distance: 0 for them.
    static double radiusKm(GeoPrecision precision);
    // The largest radius: the reach of a search for candidates around a point.
    static constexpr double kMaxRadiusKm = 25.0;
    // How far from a region's point ("eastern Afghanistan", in no one province) a point report of
    // the same happening may lie: a region is a few provinces across.
    static constexpr double kRegionReachKm = 250.0;
    // Reports spanning more days than this (a month, a year) say too little about when to be told
    // apart from other happenings of their kind: they stay happenings of their own.
    static constexpr int kMaxSpanDays = 31;

private:
    QHash<QString, Family> mByType;
    QHash<QString, Family> mByAcled;
    QHash<QString, QString> mPublisherByVariant; // folded variant -> name
    QSet<QString> mHostVariants;                 // variants that are hosts ("cnn.com"), folded
};

} // namespace mapline
