// A text search (`--search`, the viewer's text filter) as a match of the events' external_id: a
// GDELT event's number, an ACLED event's id. GDELT's generated descriptions no longer carry the
// event's number (rows that tell the same thing share one sentence row: docs/PERFORMANCE.md, "One
// sentence per distinct text"), so a search for the number ("881991063", "30000012*") finds the
// event through this, in both stores: a search of one word, quoted or not, with or without FTS5's
// prefix star, also matches the events whose external_id is that word (case aside) or, with the
// star, begins with it. A search of several words or operators matches the texts only.
#pragma once

#include <QString>

namespace mapline::externalidsearch {

// The LIKE pattern (SQLite's LIKE, PostgreSQL's ILIKE) that the search makes of external_id, or
// an empty string when the search is not one word. The word's characters are letters, digits,
// '-', '.' and ':', none of them special to LIKE.
inline QString likePattern(const QString &search)
{
    QString word = search.trimmed();
    if (word.size() >= 2 && word.startsWith(QLatin1Char('"')) && word.endsWith(QLatin1Char('"')))
        word = word.mid(1, word.size() - 2).trimmed();
    bool prefix = false;
    if (word.endsWith(QLatin1Char('*'))) {
        prefix = true;
        word.chop(1);
    }
    if (word.isEmpty())
        return {};
    for (const QChar c : word) {
        const bool ok = (c.unicode() < 0x80 && c.isLetterOrNumber()) || c == QLatin1Char('-') || c == QLatin1Char('.') ||
                        c == QLatin1Char(':');
        if (!ok)
            return {};
    }
    // FTS5 takes these as operators, not words.
    if (word == QLatin1String("AND") || word == QLatin1String("OR") || word == QLatin1String("NOT") ||
        word == QLatin1String("NEAR"))
        return {};
    return prefix ? word + QLatin1Char('%') : word;
}

} // namespace mapline::externalidsearch
