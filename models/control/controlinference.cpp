// ControlInference::infer and ::history: the observations of each place put in time order and
// walked into states. The rules, and why, are in docs/CONTROL.md.
#include "controlinference.h"

#include <QHash>
#include <QPair>
#include <QSet>

#include <algorithm>

namespace mapline {
namespace {

// Reports of one change of hands that far apart are the same change (a capture told on the day
// and again "last week"); a report of the other side's taking it within kContestDays of a change
// makes the change contested, as does a report that the other side still holds it.
constexpr int kSameChangeDays = 10;
constexpr int kContestDays = 3;

double combined(double a, double b)
{
    return 1.0 - (1.0 - a) * (1.0 - b);
}

struct Walk {
    const SideTable &sides;
    QList<ControlState> states;
    bool fromChange = false; // the current state opened with a change of hands
    bool weakSince = false;  // its since is a "by then" day
    bool anyChange = false;  // a change of hands has been seen

    ControlState *current() { return states.isEmpty() ? nullptr : &states.last(); }

    void open(int side, const ControlObservation &o, bool change)
    {
        ControlState s;
        s.side = side;
        s.since = o.day;
        s.sincePrecision = o.precision;
        s.confidence = o.confidence;
        s.evidence = {o.eventId};
        states.append(s);
        fromChange = change;
        weakSince = o.weakDate;
    }
    void support(ControlState &s, const ControlObservation &o)
    {
        if (!s.evidence.contains(o.eventId))
            s.evidence.append(o.eventId);
        s.confidence = combined(s.confidence, o.confidence);
    }
    void contest(ControlState &s, int rival, const ControlObservation &o)
    {
        s.contested = true;
        if (!s.rivals.contains(rival))
            s.rivals.append(rival);
        if (!s.evidence.contains(o.eventId))
            s.evidence.append(o.eventId);
    }

    // Before its first change, a place taken from a side was held by that side. A change that
    // does not say from whom was, with two sides, from the other one (less surely).
    void openBefore(const ControlObservation &o, int to)
    {
        const int from = o.from >= 0 ? o.from : sides.opponentOf(to);
        if (from < 0 || from == to)
            return;
        ControlState before;
        before.side = from;
        before.confidence = o.confidence * (o.from >= 0 ? 0.9 : 0.6);
        before.evidence = {o.eventId};
        states.prepend(before);
    }

    void change(const ControlObservation &o, int to)
    {
        ControlState *cur = current();
        if (!cur) {
            open(to, o, true);
            openBefore(o, to);
            anyChange = true;
            return;
        }
        if (!anyChange && states.size() == 1 && cur->side != to &&
            cur->side == (o.from >= 0 ? o.from : sides.opponentOf(to))) {
            // Reported held by the side it was then taken from: held by it before the first change,
            // since when is not known (the first report says only that it held it by then).
            cur->since = QDate();
            cur->sincePrecision = DatePrecision::Unknown;
        }
        anyChange = true;
        if (cur->side == to && states.size() == 1 && fromChange && o.from >= 0) {
            openBefore(o, to); // the first report of the change did not say from whom
            cur = current();
        }
        if (cur->side != to && o.weakDate && !weakSince && cur->since.isValid() && o.day >= cur->since) {
            // "had entered the town last week" after a change on a day of its own: it says the
            // other side took it by then, which the change already follows. No contradiction.
            return;
        }
        if (cur->side == to) {
            const bool sameChange = fromChange && cur->since.isValid() && std::abs(cur->since.daysTo(o.day)) <= kSameChangeDays;
            support(*cur, o);
            if (sameChange && !o.weakDate && (weakSince || o.day < cur->since)) {
                cur->since = o.day; // a day of its own beats "by then", an earlier report a later one
                cur->sincePrecision = o.precision;
                weakSince = false;
            } else if (!fromChange && !o.weakDate && cur->since.isValid() && o.day > cur->since &&
                       cur->since.daysTo(o.day) <= kSameChangeDays && states.size() == 1) {
                // Reports that it was held, then that it was taken: taken then, not held before.
                cur->since = o.day;
                cur->sincePrecision = o.precision;
                fromChange = true;
            }
            return;
        }
        if (fromChange && cur->since.isValid() && std::abs(cur->since.daysTo(o.day)) <= kContestDays - 1) {
            // Two reports days apart that give the place to different sides: contested, kept
            // with the better-supported side.
            const double rival = o.confidence;
            if (rival > cur->confidence) {
                const int was = cur->side;
                cur->side = to;
                cur->rivals.removeAll(to);
                contest(*cur, was, o);
                cur->confidence = rival;
            } else {
                contest(*cur, to, o);
            }
            return;
        }
        open(to, o, true);
    }

    void hold(const ControlObservation &o)
    {
        ControlState *cur = current();
        if (!cur) {
            open(o.to, o, false);
            return;
        }
        if (cur->side == o.to) {
            support(*cur, o);
            return;
        }
        if (!cur->since.isValid() || o.day < cur->since) {
            // A report that the side that lost the place held it before it changed hands.
            return;
        }
        if (!fromChange && cur->since.daysTo(o.day) > 7) {
            // Held by one side, weeks later by the other: it changed hands unreported.
            open(o.to, o, false);
            states.last().confidence *= 0.7;
            return;
        }
        if (fromChange && cur->since.daysTo(o.day) > kContestDays - 1 && o.weakDate)
            return; // an article's loose description days after the change: the change stands
        contest(*cur, o.to, o);
    }
};

QString placeKey(const Place &p)
{
    return p.name + QLatin1Char('\x1f') + p.admin1 + QLatin1Char('\x1f') + p.country;
}

} // namespace

QList<ControlState> ControlInference::history(QList<ControlObservation> observations, const SideTable &sides)
{
    // A hold told in the same sentence as a change of the place is about the time before it
    // (read() made it the change's "from"); drop such holds.
    std::stable_sort(observations.begin(), observations.end(), [](const ControlObservation &a, const ControlObservation &b) {
        if (a.day != b.day)
            return a.day < b.day;
        if (a.weakDate != b.weakDate)
            return !a.weakDate; // a day of its own first
        if (a.kind != b.kind)
            return a.kind == ControlObservation::Change;
        return a.eventId < b.eventId;
    });
    QSet<QPair<qint64, int>> changeSentences;
    for (const ControlObservation &o : observations)
        if (o.kind == ControlObservation::Change)
            changeSentences.insert({o.articleId, o.sentenceIndex});
    Walk walk{sides, {}};
    for (const ControlObservation &o : observations) {
        if (o.kind == ControlObservation::Hold) {
            if (o.to >= 0 && !changeSentences.contains({o.articleId, o.sentenceIndex}))
                walk.hold(o);
            continue;
        }
        int to = o.to;
        if (to < 0 && o.from >= 0)
            to = sides.opponentOf(o.from);
        if (to < 0 && walk.current()) {
            const ControlState &cur = *walk.current();
            if (walk.fromChange && cur.since.isValid() && std::abs(cur.since.daysTo(o.day)) <= kSameChangeDays)
                to = cur.side; // another report of the change just told, naming no side
            else
                to = sides.opponentOf(cur.side); // "Kabul fell": to the side that did not hold it
        }
        if (to < 0)
            continue;
        walk.change(o, to);
    }
    return walk.states;
}

ControlHistory ControlInference::infer(const QList<Event> &events, const SideTable &sides)
{
    QHash<QString, int> index; // place key -> position in `places`
    QList<PlaceControl> places;
    QList<QList<ControlObservation>> observations;
    for (const Event &e : events) {
        QList<ControlObservation> found = read(e, sides);
        if (found.isEmpty())
            continue;
        const QString key = placeKey(e.place);
        auto it = index.constFind(key);
        int at;
        if (it == index.cend()) {
            at = int(places.size());
            index.insert(key, at);
            places.append(PlaceControl{e.place, {}});
            observations.append(QList<ControlObservation>());
        } else {
            at = *it;
        }
        observations[at].append(found);
    }
    ControlHistory result;
    for (int i = 0; i < places.size(); ++i) {
        places[i].states = history(std::move(observations[i]), sides);
        if (!places[i].states.isEmpty())
            result.places.append(std::move(places[i]));
    }
    std::sort(result.places.begin(), result.places.end(),
              [](const PlaceControl &a, const PlaceControl &b) { return a.place.name < b.place.name; });
    return result;
}

} // namespace mapline
