#pragma once

#include <QList>
#include <QString>
#include <QStringView>

namespace mapline {

// A word of a sentence (or of a gazetteer name) prepared for dictionary matching.
// Places, actors, triggers and cue words are all matched on these tokens, so every lexicon and
// the text are normalised the same way: case and diacritics folded, "Mazar-e-Sharif" split at
// its hyphens, "U.S." one token "us", "Taliban's" the token "taliban" marked possessive,
// "didn't" the tokens "did" "not".
// Interned word ids: each word a lexicon keys on (word classes, actors' and triggers' first
// words) is registered once, process-wide, and keeps its id for the life of the process; a token
// carries the id of its folded word (NameToken::word), which the tokenizer's interner remembers
// per word, so a lexicon indexes an array by it instead of hashing the word again.
namespace wordids {
inline constexpr quint32 kUnknown = 0;             // a word no lexicon registered
inline constexpr quint32 kNotLooked = 0xFFFFFFFFu; // a token not made by tokenizeNames()
// Registers a folded word (thread-safe); returns its id, >= 1.
quint32 intern(QStringView folded);
// The id of a folded word, kUnknown when no lexicon registered it (thread-safe).
quint32 find(QStringView folded);
// A token's id: its own, or looked up for a token made by hand.
quint32 of(quint32 word, QStringView norm);
} // namespace wordids

struct NameToken {
    // What separates a token from the next one, as bits: clause logic needs to know whether a
    // comma, a semicolon or a dash lies between two words.
    enum Gap : quint8 {
        Comma = 1u << 0,
        Stop = 1u << 1,   // ';' ':' '.' '!' '?'
        Dash = 1u << 2,   // " -- ", an em dash, a spaced hyphen
        Paren = 1u << 3,  // '(' ')' '[' ']'
        Quote = 1u << 4,  // straight or curly quotes
        Hyphen = 1u << 5, // one hyphen between two letters: "Saudi-born", "Mazar-e"
    };

    int start = 0;        // [start, end) in the text that was tokenised
    int end = 0;
    QString norm;         // folded form: "mazar", "us", "taliban", "not"
    bool upper = false;   // the first letter is upper-case in the text
    bool allCaps = false; // every letter is upper-case ("CNN", "U.S.", "MAZAR")
    bool digit = false;   // starts with a digit
    bool possessive = false; // followed by 's or a bare apostrophe
    quint8 gapAfter = 0;  // Gap bits between this token and the next
    quint32 word = wordids::kNotLooked; // norm's interned id (wordids), set by tokenizeNames()

    bool hyphenNext() const { return gapAfter & Hyphen; }
    // A comma, a full stop, a dash or a bracket after this token: the end of a clause.
    bool clauseEndsAfter() const { return gapAfter & (Comma | Stop | Dash | Paren); }
};

// Lower-case and fold diacritics and letter variants to ASCII where one exists: "Mazār" -> "mazar",
// "Qal'a" -> "qala" (apostrophes and modifier letters are dropped); other punctuation and spaces
// become one space, trimmed: "Mazar-e Sharif" -> "mazar e sharif".
QString foldName(QStringView name);

// Splits text into NameTokens. Pure and allocation-light: a word already seen by the calling
// thread shares its folded QString (interned), so most tokens allocate nothing.
QList<NameToken> tokenizeNames(QStringView text);

// The tokens' norms joined by single spaces: the exact matching key of a name.
QString joinNorms(const QList<NameToken> &tokens, int first, int end);

// A romanisation-insensitive key for one word: q->k, o->u, e->i, y->i, w->v, an h after a vowel
// and before a consonant dropped ("shahr" -> "shar"), doubled letters single. Persian and Pashto
// names come to English in many spellings (Konduz/Kunduz/Qunduz, Maydan/Maidan, Taloqan/Taluqan);
// they share this key.
QString wordSkeleton(QStringView norm);

// Builds the skeleton key of a multi-word name, word by word: appends the piece of word `k` of
// `n` (its folded form `norm`, its wordSkeleton() `skeleton`) to `key`. The ezafe connector
// between words ("e", "i", "ye": Mazar-e Sharif, Mazar-i-Sharif) adds nothing, nor does a
// word-final "i" of a non-final word (Mazari Sharif, Qalai Jangi), and words join without spaces
// (Maidan Shahr = Maidanshar). Text and gazetteer build their keys with this one function.
void appendSkeletonPiece(QString &key, QStringView norm, QStringView skeleton, int k, int n);

// Damerau-Levenshtein (optimal string alignment) distance, giving up early above `limit`
// (returns limit + 1 then).
int editDistance(QStringView a, QStringView b, int limit);

} // namespace mapline
