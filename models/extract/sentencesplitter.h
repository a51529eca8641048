#pragma once

#include "article.h"

#include <QList>
#include <QString>

namespace mapline {

// Splits cleaned story text into sentences with character offsets into `text`.
// A line break always ends a sentence (cleaned text keeps one paragraph per line);
// '.', '!' and '?' end one when followed by space and an upper-case letter, a digit or a quote,
// unless the word before is a known abbreviation (Gen., Lt., Mr., U.S., Nov., ...) or an initial.
QList<Sentence> splitSentences(const QString &text);

} // namespace mapline
