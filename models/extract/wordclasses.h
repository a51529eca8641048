#pragma once

#include "geo/placenames.h"
#include "result.h"

#include <QHash>
#include <QList>
#include <QString>

#include <vector>

namespace mapline {

// Closed classes of words the extraction rules consult (negation, modal verbs, speech verbs,
// locative prepositions, titles, common English words, ...), loaded from
// resources/lexicons/cues.tsv and common_words.txt so that the rules read as code and the word
// lists as data. One hash lookup gives all the classes of a word.
class WordClasses {
public:
    enum Class : quint32 {
        Negation = 1u << 0,     // not, never, no, without, denied, refused
        Modal = 1u << 1,        // would, could, may, will
        Conditional = 1u << 2,  // if, unless, whether
        Hypothetical = 1u << 3, // possible, potential, planned, expected (before a trigger)
        Intention = 1u << 4,    // fear, threat, plan, call, demand ("... of/for" a trigger)
        Aspectual = 1u << 5,    // began, started, continued ("started to mass" is an event)
        Speech = 1u << 6,       // said, told, announced, reported
        Topic = 1u << 7,        // talks, negotiations, report ("talks on Konduz": about, not at)
        Locative = 1u << 8,     // in, into, near, across ("in northern Afghanistan")
        Direction = 1u << 9,    // north, northern, eastern ("west of Kabul", "in southern Afghanistan")
        OriginSuffix = 1u << 10,// born, based, backed ("Saudi-born", "Soviet-backed")
        Determiner = 1u << 11,  // the, a, their, some, numbers in words
        Relative = 1u << 12,    // who, that, which
        Be = 1u << 13,          // is, was, has ("there was": existential, not a place)
        Auxiliary = 1u << 14,   // has, had, also, previously: may stand between a subject and its verb
        Happen = 1u << 15,      // take place, happen, occur ("a handover would take place")
        Air = 1u << 16,         // warplanes, jets, aircraft: a bombing from the air is an air strike
        Title = 1u << 17,       // Gen., Mullah, President: a capitalised run after one is a person
        Anaphor = 1u << 18,     // city, town, province, region ("the city" = the last city named)
        Common = 1u << 19,      // common English words: never a one-word place, never fuzzy-matched
        NegVerb = 1u << 20,     // denied, refused, failed: negates what follows it closely
        PlaceNoun = 1u << 21,   // caves, positions, airport: "captured two caves" takes territory
        RoadNoun = 1u << 22,    // road, highway: "the Bagram road" is not at Bagram
        DayFirstSource = 1u << 23, // BBC, OCHA: publishers that write "12/3/2002" for 12 March
        DayFirstDomain = 1u << 24, // uk, ie, au: the last label of such a publisher's web address
        Civilian = 1u << 25,    // villagers, bus, UNHCR: an attack on them is violence against civilians
        PastVerb = 1u << 26,    // fought, struck, fled: irregular simple pasts (regular ones end in -ed)
        Conjunction = 1u << 27, // after, because, when: a clause that tells what did happen follows
        Facility = 1u << 28,    // fort, prison, air base, dam, pass, valley: see facilityKinds()
    };
    // What kinds of facility or terrain a word names (bits of FacilityKind), 0 for none.
    enum FacilityKind : quint16 {
        Fort = 1u << 0, Prison = 1u << 1, Base = 1u << 2, Dam = 1u << 3, Pass = 1u << 4, Valley = 1u << 5,
        Mountains = 1u << 6, Caves = 1u << 7, Crossing = 1u << 8, Bridge = 1u << 9,
    };
    quint16 facilityKinds(const QString &norm) const { return mFacilities.value(norm, 0); }

    // Reads `cuesPath` (class<TAB>word|word|...) and `commonWordsPath` (one word a line).
    Status load(const QString &cuesPath, const QString &commonWordsPath);
    Status addCues(QStringView tsv, const QString &fileName);
    void addWords(quint32 classes, QStringView lines); // one word a line, '#' comments

    quint32 classes(const QString &norm) const { return mWords.value(norm, 0); }
    // A token's classes by its interned word id (no hash of the word).
    quint32 classes(const NameToken &t) const
    {
        const quint32 id = wordids::of(t.word, t.norm);
        return id < mById.size() ? mById[id] : 0;
    }
    bool is(const QString &norm, Class c) const { return classes(norm) & c; }
    // The classes of each token, in order.
    QList<quint32> classify(const QList<NameToken> &tokens) const;

private:
    void add(const QString &key, quint32 classes);

    QHash<QString, quint32> mWords;
    std::vector<quint32> mById; // mWords by wordids id
    QHash<QString, quint16> mFacilities; // cues.tsv rows "facility.<kind>"
};

} // namespace mapline
