#pragma once

#include "extract/dateline.h"

#include <QDate>
#include <QString>
#include <QHash>
#include <QStringList>
#include <QStringMatcher>
#include <QStringView>

namespace mapline {

// The phrases of resources/lexicons/furniture.txt (format described in that file). Immutable
// once loaded; shared() loads it once per process and is safe to use from several threads.
class FurnitureLexicon {
public:
    static const FurnitureLexicon &shared();
    static FurnitureLexicon fromText(QStringView text);

    // `line` as written; it is normalised here (case, white space, bullets, final punctuation).
    bool matches(QStringView line) const;
    // `lower`: a paragraph already normalised, ASCII letters in lower case.
    bool matchesLowerCase(QStringView lower) const;
    bool isEmpty() const { return mWhole.isEmpty() && mPrefix.isEmpty() && mContains.isEmpty() && mOpenPrefix.isEmpty(); }

private:
    QStringList mWhole;
    QStringList mPrefix;
    QStringList mContains;
    QStringList mOpenPrefix; // "phrase*": a prefix with no word boundary after it ("copyright 2*")
    // mContains, each with its skip table: every short paragraph is searched for every phrase.
    QList<QStringMatcher> mContainsMatchers;
    // mWhole and mPrefix by their first character: a paragraph is compared only with the phrases
    // that begin as it does (it was compared with all of them, 5 % of the furniture stage).
    struct Bucket {
        QStringList whole;
        QStringList prefix;
    };
    QHash<char16_t, Bucket> mByFirst;
};

// The story paragraphs of a page, and what was taken out of it.
struct CleanedText {
    QStringList paragraphs;       // the story, one paragraph each, white space normalised
    QString title;                // the headline line found at the top (not in paragraphs)
    bool knownTitleFound = false; // a line matched the known title (removeFurniture's argument)
    QStringList captions;         // picture captions and credits, kept apart from the story
    QStringList removed;          // furniture lines dropped (navigation, tools, notices, bylines)
    QDate stampDate;              // from a date stamp line ("November 22, 2001 Posted: 3:24 PM EST")
    Dateline dateline;            // found at the start of paragraphs[datelineParagraph]
    int datelineParagraph = -1;
};

// Splits text into paragraphs: one per line, or, for hard-wrapped plain text (wire copy wrapped
// at 60-80 columns), lines joined back into their paragraphs (a line ends its paragraph when it
// is short, or when the next line's first word would have fitted on it). White space is normalised
// (no-break and other spaces become ' ', soft hyphens and zero-width characters go).
QStringList splitParagraphs(QStringView text);

// Removes page furniture by general rules (no site is special-cased):
// - lexicon phrases, navigation lines ("/WORLD /WORLD", "Home | World | Asia"), bare links,
//   date stamps and bylines;
// - at the top, before the dateline paragraph: the title line (matching `knownTitle` when one is
//   given, else the last headline-like line that a byline or date stamp follows, past other
//   furniture, else the first headline-like line), captions (sentence-like lines between the
//   title and a dateline) and labels;
// - wire copy's header and slug lines ("DATE=11/27/01", "AP-Afghanistan-Kandahar, 3rd
//   Ld-Writethru", "Eds: UPDATES ...");
// - runs of short headline-like lines (no final punctuation, under 12 words) inside the story
//   (related-story links) and such lines next to other furniture or at the end;
// - lines marked as pictures ("AP Photo", "(photo", "Getty Images", "Photo:") go to captions.
CleanedText removeFurniture(const QStringList &paragraphs, const QString &knownTitle = {},
                            const FurnitureLexicon &lexicon = FurnitureLexicon::shared());

// The words of `s` counted between spaces (for text already normalised to single spaces).
int wordCount(QStringView s);

} // namespace mapline
