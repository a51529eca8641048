#pragma once

// Internals of the time tagger shared by its source files: the word tokens it scans and the
// calendar lexicon (English news usage, not tied to any corpus).
#include <QList>
#include <QStringView>

namespace mapline::timetag {

// Function words and calendar words the patterns look for. Inflected forms share an id
// ("days" is Day with Tok::plural set; "says", "told" are Said).
enum Word : quint8 {
    None = 0,
    A, The, In, On, At, Of, By, For, Over, During, Since, Until, From, To, And, Between, Through, Within,
    Ago, Earlier, Later, Before, After, Previous, Preceding, Last, Next, This, Past, Recent, Coming,
    Following, More, Than, Nearly, About, Early, Mid, Late, Morning, Afternoon, Evening, Night,
    Overnight, Today, Tonight, Yesterday, Tomorrow, Few, Several, Couple, Throughout,
    Day, Week, Month, Year, Hour, Decade, Weekend, Fortnight, // units
    Will, Would, Shall, Ll, Going, Expected, Scheduled, Due, Plan, Set, Is, Must, Upcoming,
    Was, Said, Be
};

struct Tok {
    enum Kind : quint8 { WordTok, Number, Punct };
    int start = 0;
    int end = 0;
    Kind kind = Punct;
    Word word = None;
    quint8 weekday = 0;  // 1 (Monday) .. 7 (Sunday), Qt's numbering
    quint8 month = 0;    // 1..12
    bool monthAbbrev = false; // "Nov", "Sept"
    bool plural = false;
    bool cap = false;    // starts with an upper-case letter
    bool spaceBefore = false;
    quint8 digits = 0;   // Number: how many digits
    quint8 suffix = 0;   // Number: 0 none, 1 ordinal ("21st"), 2 decade ("1990s"), 3 other letters ("F16")
    int value = -1;      // Number value; number words ("two") carry theirs too
    char16_t punct = 0;
};

// The tokens of `sentence` into `toks` (emptied first; its capacity is kept, so a caller that
// reuses one list allocates only for its longest sentence).
void tokenize(QStringView sentence, QList<Tok> &toks);

// The month (1-12) a word names, "March", "mar", "Sept"; 0 for none. `abbrev`: a short form.
int monthOfWord(QStringView word, bool *abbrev = nullptr);

} // namespace mapline::timetag
