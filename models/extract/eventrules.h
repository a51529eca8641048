#pragma once

// Internal to the event stage: small judgements eventextractor.cpp makes about an article or a
// trigger, each a rule that holds for any news text (see docs/EXTRACTION.md).
#include "article.h"
#include "extract/sentencefacts.h"

namespace mapline {

class ExtractionResources;
class WordClasses;

// What the publisher says of the article's numeric dates: +2 for a day-first source ("BBC",
// "UN OCHA") or web address ("...co.uk"), else 0; a bias for dateOrderOf(), where the
// article's own dates weigh more.
int publisherDateBias(const WordClasses &words, const ArticleMeta &meta);

// "fired at a UNHCR vehicle on the road", "attacked a bus carrying pilgrims": the object of the
// attack `t`, up to the clause end, a place preposition or six words, names civilians (words and
// actors of the "civilian" class) and no armed side ("attacked Taliban positions" does not).
bool civilianTarget(const WordClasses &words, const SentenceFacts &f, const TriggerMatch &t);

// "about 2,000 people had fled villages near the air base": civilians who flee or move are
// displaced people, not a force withdrawing or advancing. The subject is the actor closest
// before the trigger, in its clause.
bool civiliansOnTheMove(const ExtractionResources &r, const SentenceFacts &f, const TriggerMatch &t);

// "bombed", "fought", "were killed": a trigger verb in the simple past (or past perfect), not
// after has/have ("have fought for a week" reaches the present).
bool simplePast(const WordClasses &words, const SentenceFacts &f, const TriggerMatch &t);

// "for days", "for two weeks", "for more than a month": a length of time, not a position.
bool isDuration(const TimeMention &m);

} // namespace mapline
