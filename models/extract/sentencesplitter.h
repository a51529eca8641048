#pragma once

#include "article.h"
#include "event.h" // Span

#include <QList>
#include <QString>

namespace mapline {

// Splits cleaned story text into sentences with exact character offsets into `text`
// (text.mid(s.start, s.end - s.start) == s.text for every sentence).
// A line break always ends a sentence (cleaned text keeps one paragraph per line).
// '.', '!' and '?' (with any closing quotes or brackets) end one when followed by white space and
// an upper-case letter, a digit, an opening quote or bracket, unless:
// - the word before is an abbreviation (Gen., Lt., Col., Mr., St., Nov., U.S., U.N., a.m. before a
//   weekday, month or time zone, No. before a number) or an initial ("Abdul R. Dostum");
// - the period belongs to an ellipsis ("... Kandahar").
// `skip` (optional) is a range that belongs to no sentence, such as the dateline
// "MAZAR-E SHARIF, Afghanistan (CNN) --": the first sentence starts after it.
QList<Sentence> splitSentences(const QString &text, Span skip = {});

} // namespace mapline
