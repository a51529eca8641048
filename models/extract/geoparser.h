#pragma once

#include "event.h"
#include "extract/wordclasses.h"
#include "geo/gazetteer.h"

#include <QList>
#include <QStringList>

namespace mapline {

// A place name found in a sentence, disambiguated, with what it does in the sentence.
struct PlaceMention {
    // Only Event mentions can be where an event happened.
    enum class Role {
        Event,     // "fighting in Konduz", "Maidanshar, a town"
        Origin,    // "fighters from Pakistan", "Saudi-born"
        Actor,     // "The United States has said", "Pakistan's government", a country not after "in"
        Reference, // "a town west of Kabul": a bearing, usable only when nothing better is named
        Topic,     // "talks on Konduz": what something is about
    };
    int first = 0; // tokens [first, end)
    int end = 0;
    Span span;     // characters in the sentence
    QList<int> candidates;
    int entry = -1; // the chosen gazetteer entry
    Gazetteer::Quality quality = Gazetteer::Quality::Exact;
    double confidence = 0.0;
    Role role = Role::Event;
    bool locative = false; // after a locative preposition ("in", "near", "across")
    bool near = false;     // "near X", "outside X", "around X", "north of X": about X, not at it
    // "about 100 kilometers southwest of Kandahar": how far (km, 0 when not said) and which way
    // (degrees clockwise from north, -1 when not said) the place lies from this one.
    int offsetKm = 0;
    int bearing = -1;
};

// Finds and disambiguates the place names of one sentence (see docs/EXTRACTION.md, "Places").
// Stateless apart from the shared, read-only gazetteer and word classes.
class Geoparser {
public:
    Geoparser(const Gazetteer &gazetteer, const WordClasses &words) : mGazetteer(gazetteer), mWords(words) {}

    // `masked` marks tokens already taken by actors and person names; `area` is the area of
    // interest (ISO codes), preferred among namesakes.
    QList<PlaceMention> find(const QList<NameToken> &tokens, const QList<quint32> &classes,
                             const QList<bool> &masked, const QStringList &area) const;

    // The gazetteer entry for a name standing alone (a dateline "MAZAR-E SHARIF"), -1 if none.
    int resolve(const QString &name, const QStringList &area) const;

    // The preferred entry among `candidates`: the kind a cue asks for, then the area of
    // interest, a hinted country, the kind (city before district, province, country) and population.
    int choose(const QList<int> &candidates, GeoPrecision cue, const QStringList &area,
               const QString &countryHint = {}) const;

private:
    void assignRole(PlaceMention &m, const QList<NameToken> &tokens, const QList<quint32> &classes,
                    const QList<bool> &masked, const QList<PlaceMention> &before) const;

    const Gazetteer &mGazetteer;
    const WordClasses &mWords;
};

} // namespace mapline
