#pragma once

// Internal to the event stage: where an event happened, from the places its sentence names,
// the anaphors it uses ("here", "the city") and the places the article named before.
#include "article.h"
#include "extract/articleparser.h"
#include "extract/sentencefacts.h"

#include <QHash>
#include <QString>

#include <utility>

namespace mapline {

class ExtractionResources;
class Gazetteer;

// The places named so far in the article, for "the city", "there" and sentences with none.
// "The city" is the most talked-about city, not merely the last one named: a story datelined
// Kabul that mentions Ghazni once still means Kabul by "the city".
struct PlaceMemory {
    struct Named {
        int count = 0; // times named
        int order = 0; // when last named: a running number, unique per entry
    };
    QHash<int, Named> named; // entry -> how often and how lately
    int mentions = 0;
    int lastAny = -1;
    int lastCity = -1;
    int lastProvince = -1;
    int lastCitySentence = -100; // the sentence that named lastCity

    void add(const Gazetteer &g, int entry, int sentence);

    // The last place passing `accept` when it was named in this sentence or the one before
    // ("Maidanshar, a town ... Previously ... in the town"); else the most named one, the one
    // named last winning ties. A total order, so the hash's iteration order never decides.
    template <typename F> int salient(F accept, int last, int lastNamedIn, int sentence) const
    {
        if (last >= 0 && sentence - lastNamedIn <= 1 && accept(last))
            return last;
        int best = -1;
        Named bestNamed;
        for (auto it = named.constBegin(); it != named.constEnd(); ++it) {
            const Named &n = it.value();
            if ((n.count > bestNamed.count || (n.count == bestNamed.count && n.order > bestNamed.order)) &&
                accept(it.key())) {
                bestNamed = n;
                best = it.key();
            }
        }
        return best;
    }
};

struct PlaceChoice {
    int entry = -1;
    QString text;
    Span span;
    double factor = 0.4; // how much the place supports the event, for its confidence
    bool inherited = false;
    bool near = false;   // about the place, not at it ("near Kunduz", "west of Kabul")
    int offsetKm = 0;    // "100 kilometers southwest of Kandahar": so far ...
    int bearing = -1;    // ... that way (degrees from north)
};

// The place an event is at, from the gazetteer entry chosen: "near X" is X at a district's
// precision, "100 km SW of X" a point that far that way from X (named so, at a district's
// precision, outside X's district).
Place placeOf(const Gazetteer &g, const PlaceChoice &c);

// Chooses the place of each event of an article, sentence by sentence, in reading order.
class PlaceResolver {
public:
    PlaceResolver(const ExtractionResources &r, const Article &a, const ParseOptions &o);

    PlaceChoice choose(const SentenceFacts &f, const TriggerMatch &t) const;
    // Call after the events of a sentence are made: its places become the article's memory.
    // `told`: the place of the sentence's first event, when it has one of its own; the next
    // sentence without a place goes on there.
    void remember(const SentenceFacts &f, const PlaceChoice *told = nullptr);
    // The landmarks with a kind of facility the article names, in reading order (sentence index,
    // entry): "a fortress prison near Mazar-e Sharif" may be the fort named a sentence later.
    void setNamedFacilities(QList<std::pair<int, int>> named) { mNamedFacilities = std::move(named); }
    // Adds to f.places the facilities its nouns refer to: "the fort", "the airfield", "the
    // compound" (the last one of that kind named), "a fortress in northern Afghanistan" (the fort
    // the article names there). A noun for a facility at a place ("a jail in this northern town")
    // makes that place what "the jail" means later.
    void addFacilities(SentenceFacts &f);
    // A paragraph of a roundup opens with a dateline of its own ("KHOST - Gunmen fired ..."):
    // where the items from here on are filed, in place of the article's dateline; the last
    // item's places no longer stand in for this one's.
    void setParagraphDateline(int entry, const QString &text);

private:
    const PlaceMention *named(const SentenceFacts &f, const TriggerMatch &t) const;
    int anaphorEntry(const Anaphor &a, int sentence, double *factor) const;
    PlaceChoice fallback(const SentenceFacts &f) const;
    bool inArea(int entry) const;

    const ExtractionResources &mR;
    const ParseOptions &mOptions;
    int mDateline = -1;
    QString mDatelineText;
    PlaceMemory mMemory;
    // The facilities named or referred to so far, the latest last: what kinds, which entry.
    struct Facility {
        quint16 kinds = 0;
        int entry = -1;
    };
    QList<Facility> mFacilities;
    QList<std::pair<int, int>> mNamedFacilities;
    int mPrevious = -1;      // the last place named by an event's sentence
    int mPreviousIndex = -1; // that sentence's index
    QString mPreviousText;
};

} // namespace mapline
