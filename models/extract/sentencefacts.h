#pragma once

// Internal to the event stage (eventextractor.cpp, placeresolver.cpp): what one sentence holds
// before any event is assembled from it, and the token arithmetic both files share.
#include "article.h"
#include "event.h"
#include "extract/actortagger.h"
#include "extract/eventcoder.h"
#include "extract/geoparser.h"
#include "extract/timetagger.h"
#include "geo/placenames.h"

#include <QList>
#include <QStringList>

#include <utility>

namespace mapline {

class ExtractionResources;

// Words between two token ranges, with each clause boundary between them counting as four
// (six after a stop, dash or bracket) more: the evidence for an event sits in its clause first.
int tokenDistance(const QList<NameToken> &tokens, int aFirst, int aEnd, int bFirst, int bEnd);

// The token range covering the characters [span.start, span.end).
std::pair<int, int> tokenRange(const QList<NameToken> &tokens, const Span &span);

// A place referred to without its name: "here", "there", "the city", "the province".
struct Anaphor {
    enum Kind { Here, There, City, Province, Region, Capital };
    Kind kind = Here;
    int first = 0;
    int end = 0;
};

// Everything known about one sentence, shared by the events it holds.
struct SentenceFacts {
    const Sentence *sentence = nullptr;
    QList<NameToken> tokens;
    QList<quint32> classes;
    QList<ActorSpan> actors;
    QList<PlaceMention> places;
    QList<Anaphor> anaphors;
    QList<TriggerMatch> triggers;
    QList<TimeMention> times; // tagged by the caller, in story order (see StoryAnchor)
    // Per token: -1 in the main clause, else the first token of the relative or subordinate
    // clause it sits in (", who governed Herat before the Taliban took it in 1995,").
    QList<int> region;
    // The sentence names a place an event can be at / a time, outside clauses about another,
    // earlier happening ("The battle is the largest since the fall of Kandahar in December"
    // has neither).
    bool ownPlace = false;
    bool ownTime = false;
    bool anyAsserted = false; // some trigger is neither negated nor hypothetical

    // The token after the last one of the clause holding token k (a comma, stop, dash or
    // bracket ends a clause).
    int clauseEnd(int k) const;
    // "after the fall of Kabul", "since the capture of Mazar-i-Sharif": the index of the
    // temporal preposition governing a nominal trigger, -1 when there is none. Such a noun
    // names an earlier, other happening than the sentence's own.
    int backgroundPreposition(const TriggerMatch &t) const;
    // The first token of a temporal subordinate clause ("after ...", "before ...", "since ...")
    // that follows the trigger in its clause and holds a time of its own: the trigger is then
    // told relative to that other happening. -1 when there is none.
    int anchoringClause(const TriggerMatch &t) const;
    // Is token k inside a clause opened by a temporal preposition (after, before, since...)?
    bool inTemporalClause(int k) const;
};

// Tokens, word classes, actors, places, anaphors, clause regions and triggers of `s`, whose time
// mentions are `times` (their words are no places: "Nov. 25" is not Nov in Tajikistan). The
// words of `dateline` (a roundup item's "KHOST - ") are neither places nor triggers.
SentenceFacts analyseSentence(const ExtractionResources &r, const Sentence &s, const QStringList &area,
                              QList<TimeMention> times, Span dateline = {});

} // namespace mapline
