#pragma once

// The full-text query of `--search` (FTS5's syntax, as the SQLite store takes it: words,
// "phrases", prefix*, AND, OR, NOT, parentheses; docs/USER_GUIDE.md) as a PostgreSQL tsquery for
// to_tsquery('words', ...), so that the same search finds the same events in either store. Words
// are cut where SQLite's unicode61 tokenizer cuts them (at anything not a letter or digit) and
// lower-cased; the `words` text search configuration folds diacritics on both sides.
#include "result.h"

#include <QString>

namespace mapline::pg {

// The tsquery text, or why `search` is not a query this translation takes (the message says how
// to write it).
Result<QString> tsqueryFor(const QString &search);

} // namespace mapline::pg
