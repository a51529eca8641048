// ControlInference::correct: the analyst's corrections of control laid over the machine's
// histories (docs/CONTROL.md, "Corrections").
#include "controlinference.h"

#include <QHash>
#include <QStringList>

#include <algorithm>

namespace mapline {
namespace {

QString correctedPlaceKey(const QString &name, const QString &admin1, const QString &country)
{
    return name + QLatin1Char('\x1f') + admin1 + QLatin1Char('\x1f') + country;
}

} // namespace

void ControlInference::correct(ControlHistory &history, const QList<ControlCorrection> &corrections,
                               const SideTable &sides, QStringList *skipped)
{
    if (corrections.isEmpty())
        return;
    QHash<QString, int> index;
    for (int i = 0; i < history.places.size(); ++i) {
        const Place &p = history.places.at(i).place;
        index.insert(correctedPlaceKey(p.name, p.admin1, p.country), i);
    }
    QList<ControlCorrection> ordered = corrections;
    std::stable_sort(ordered.begin(), ordered.end(),
                     [](const ControlCorrection &a, const ControlCorrection &b) { return a.from < b.from; });
    bool added = false;
    for (const ControlCorrection &c : ordered) {
        const int side = sides.sideIndex(c.side);
        if (side < 0 || !c.from.isValid() || c.place.isEmpty()) {
            if (skipped)
                skipped->append(QStringLiteral("%1 from %2: no side \"%3\"")
                                    .arg(c.place, c.from.toString(Qt::ISODate), c.side));
            continue;
        }
        const QString key = correctedPlaceKey(c.place, c.admin1, c.country);
        auto it = index.constFind(key);
        if (it == index.cend()) {
            Place p;
            p.name = c.place;
            p.admin1 = c.admin1;
            p.country = c.country;
            p.coordinate = c.coordinate;
            p.precision = GeoPrecision::City;
            p.source = QStringLiteral("analyst");
            history.places.append(PlaceControl{p, {}});
            it = index.insert(key, int(history.places.size() - 1));
            added = true;
        }
        QList<ControlState> &states = history.places[*it].states;
        // The machine's state of that very day gives way (an analyst's of that day cannot be there:
        // the key is unique).
        states.erase(std::remove_if(states.begin(), states.end(),
                                    [&](const ControlState &s) { return !s.analyst && s.since == c.from; }),
                     states.end());
        ControlState s;
        s.side = side;
        s.since = c.from;
        s.sincePrecision = DatePrecision::Day;
        s.confidence = 1.0;
        s.analyst = true;
        s.note = c.note;
        // After every state that begins before it (the one before the first change has no day).
        auto at = std::find_if(states.begin(), states.end(),
                               [&](const ControlState &other) { return other.since.isValid() && other.since > c.from; });
        states.insert(at, s);
    }
    if (added)
        std::sort(history.places.begin(), history.places.end(),
                  [](const PlaceControl &a, const PlaceControl &b) { return a.place.name < b.place.name; });
}

} // namespace mapline
