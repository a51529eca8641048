// The time tagger's tokenizer and calendar lexicon.
#include "extract/timetagger_p.h"

#include <QHash>

#include <algorithm>
#include <array>

namespace mapline::timetag {
namespace {

struct Entry {
    Word word = None;
    quint8 weekday = 0;
    quint8 month = 0;
    bool monthAbbrev = false;
    bool plural = false;
    int value = -1;
};

const QHash<QStringView, Entry> &lexicon()
{
    static const QHash<QStringView, Entry> table = [] {
        QHash<QStringView, Entry> t;
        auto word = [&t](const char16_t *s, Word w, bool plural = false) {
            Entry e;
            e.word = w;
            e.plural = plural;
            t.insert(QStringView(s), e);
        };
        const char16_t *const weekdays[] = {u"monday", u"tuesday", u"wednesday", u"thursday",
                                            u"friday", u"saturday", u"sunday"};
        for (int d = 0; d < 7; ++d) {
            Entry e;
            e.weekday = quint8(d + 1);
            t.insert(QStringView(weekdays[d]), e);
        }
        const char16_t *const months[] = {u"january", u"february", u"march", u"april", u"may", u"june", u"july",
                                          u"august", u"september", u"october", u"november", u"december"};
        for (int m = 0; m < 12; ++m) {
            Entry e;
            e.month = quint8(m + 1);
            t.insert(QStringView(months[m]), e);
        }
        const struct { const char16_t *s; int month; } abbrevs[] = {
            {u"jan", 1}, {u"feb", 2}, {u"mar", 3}, {u"apr", 4}, {u"jun", 6}, {u"jul", 7}, {u"aug", 8},
            {u"sep", 9}, {u"sept", 9}, {u"oct", 10}, {u"nov", 11}, {u"dec", 12}};
        for (const auto &a : abbrevs) {
            Entry e;
            e.month = quint8(a.month);
            e.monthAbbrev = true;
            t.insert(QStringView(a.s), e);
        }
        const struct { const char16_t *s; int value; } numbers[] = {
            {u"one", 1}, {u"two", 2}, {u"three", 3}, {u"four", 4}, {u"five", 5}, {u"six", 6},
            {u"seven", 7}, {u"eight", 8}, {u"nine", 9}, {u"ten", 10}, {u"eleven", 11}, {u"twelve", 12},
            {u"fifteen", 15}, {u"twenty", 20}, {u"thirty", 30}};
        for (const auto &n : numbers) {
            Entry e;
            e.value = n.value;
            t.insert(QStringView(n.s), e);
        }
        word(u"a", A); word(u"an", A); word(u"the", The); word(u"in", In); word(u"on", On); word(u"at", At);
        word(u"of", Of); word(u"by", By); word(u"for", For); word(u"over", Over); word(u"during", During);
        word(u"since", Since); word(u"until", Until); word(u"till", Until); word(u"from", From);
        word(u"to", To); word(u"and", And); word(u"between", Between); word(u"through", Through);
        word(u"within", Within); word(u"throughout", Throughout);
        word(u"ago", Ago); word(u"earlier", Earlier); word(u"later", Later); word(u"before", Before);
        word(u"after", After); word(u"previous", Previous); word(u"preceding", Preceding); word(u"last", Last);
        word(u"next", Next); word(u"this", This); word(u"past", Past); word(u"recent", Recent);
        word(u"coming", Coming); word(u"following", Following); word(u"more", More); word(u"than", Than);
        word(u"nearly", Nearly); word(u"almost", Nearly); word(u"about", About); word(u"around", About);
        word(u"some", About); word(u"early", Early); word(u"mid", Mid); word(u"late", Late);
        word(u"morning", Morning); word(u"afternoon", Afternoon); word(u"evening", Evening);
        word(u"night", Night); word(u"overnight", Overnight); word(u"today", Today); word(u"tonight", Tonight);
        word(u"yesterday", Yesterday); word(u"tomorrow", Tomorrow); word(u"few", Few);
        word(u"several", Several); word(u"couple", Couple);
        word(u"day", Day); word(u"days", Day, true); word(u"week", Week); word(u"weeks", Week, true);
        word(u"month", Month); word(u"months", Month, true); word(u"year", Year); word(u"years", Year, true);
        word(u"hour", Hour); word(u"hours", Hour, true); word(u"decade", Decade); word(u"decades", Decade, true);
        word(u"weekend", Weekend); word(u"weekends", Weekend, true); word(u"fortnight", Fortnight);
        word(u"will", Will); word(u"would", Would); word(u"shall", Shall); word(u"ll", Ll);
        word(u"going", Going); word(u"expected", Expected); word(u"scheduled", Scheduled); word(u"due", Due);
        word(u"plan", Plan); word(u"plans", Plan); word(u"planning", Plan); word(u"intend", Plan);
        word(u"intends", Plan); word(u"intending", Plan); word(u"set", Set); word(u"is", Is); word(u"are", Is);
        word(u"am", Is); word(u"re", Is); word(u"must", Must); word(u"upcoming", Upcoming); word(u"be", Be);
        word(u"was", Was); word(u"were", Was); word(u"had", Was); word(u"did", Was);
        word(u"said", Said); word(u"says", Said); word(u"say", Said); word(u"told", Said);
        word(u"announced", Said); word(u"reported", Said); word(u"added", Said); word(u"according", Said);
        return t;
    }();
    return table;
}

// The lexicon again as a fixed open-addressing table: its words are short lower-case ASCII,
// hashed (FNV-1a) while a token is lower-cased, where QHash hashed the copy with its seeded hash
// at several times the cost. Every word of every sentence is looked up.
class FastLexicon {
public:
    static constexpr int kMax = 12; // longer words are not in the lexicon
    static constexpr quint32 kBasis = 2166136261u;
    static quint32 step(quint32 h, char16_t c) { return (h ^ c) * 16777619u; }

    explicit FastLexicon(const QHash<QStringView, Entry> &table)
    {
        for (auto it = table.cbegin(); it != table.cend(); ++it) {
            const QStringView key = it.key();
            Q_ASSERT(key.size() <= kMax);
            quint32 h = kBasis;
            for (const QChar c : key)
                h = step(h, c.unicode());
            quint32 i = h & (kSlots - 1);
            while (mSlots[i].entry)
                i = (i + 1) & (kSlots - 1);
            Slot &slot = mSlots[i];
            slot.entry = &it.value();
            slot.size = quint8(key.size());
            std::copy(key.utf16(), key.utf16() + key.size(), slot.key);
        }
    }
    const Entry *find(const char16_t *word, qsizetype size, quint32 h) const
    {
        for (quint32 i = h & (kSlots - 1);; i = (i + 1) & (kSlots - 1)) {
            const Slot &slot = mSlots[i];
            if (!slot.entry)
                return nullptr;
            if (slot.size == size && std::equal(word, word + size, slot.key))
                return slot.entry;
        }
    }

private:
    static constexpr quint32 kSlots = 1024; // a power of two, several times the lexicon's words
    struct Slot {
        const Entry *entry = nullptr;
        quint8 size = 0;
        char16_t key[kMax] = {};
    };
    std::array<Slot, kSlots> mSlots{};
};

const FastLexicon &fastLexicon()
{
    static const FastLexicon table(lexicon());
    return table;
}

// Looks a word up without allocating: ASCII-lower-cased into a stack buffer; longer words and
// words with non-ASCII letters are not in the lexicon anyway.
[[gnu::always_inline]] inline const Entry *lookup(QStringView w)
{
    constexpr int kMax = FastLexicon::kMax;
    if (w.size() > kMax)
        return nullptr;
    char16_t buf[kMax];
    quint32 h = FastLexicon::kBasis;
    for (qsizetype i = 0; i < w.size(); ++i) {
        char16_t c = w[i].unicode();
        if (c >= u'A' && c <= u'Z')
            c = char16_t(c + 32);
        else if (c < u'a' || c > u'z')
            return nullptr;
        buf[i] = c;
        h = FastLexicon::step(h, c);
    }
    return fastLexicon().find(buf, w.size(), h);
}

inline bool isAsciiDigit(QChar c)
{
    return c.unicode() >= u'0' && c.unicode() <= u'9';
}

} // namespace

int monthOfWord(QStringView word, bool *abbrev)
{
    const Entry *e = lookup(word);
    if (!e || !e->month)
        return 0;
    if (abbrev)
        *abbrev = e->monthAbbrev;
    return e->month;
}

void tokenize(QStringView s, QList<Tok> &toks)
{
    toks.clear();
    toks.reserve(s.size() / 4 + 4);
    const qsizetype n = s.size();
    bool space = true;
    for (qsizetype i = 0; i < n;) {
        const QChar c = s[i];
        if (c.isSpace()) {
            space = true;
            ++i;
            continue;
        }
        Tok t;
        t.start = int(i);
        t.spaceBefore = space;
        space = false;
        if (isAsciiDigit(c)) {
            qsizetype j = i;
            qint64 v = 0;
            while (j < n && isAsciiDigit(s[j])) {
                if (v < 100000000)
                    v = v * 10 + (s[j].unicode() - u'0');
                ++j;
            }
            t.kind = Tok::Number;
            t.digits = quint8(std::min<qsizetype>(j - i, 255));
            t.value = int(v);
            if (j < n && s[j].isLetter()) {
                qsizetype k = j;
                while (k < n && s[k].isLetter())
                    ++k;
                const QStringView suffix = s.sliced(j, k - j);
                if (suffix.compare(u"st", Qt::CaseInsensitive) == 0 || suffix.compare(u"nd", Qt::CaseInsensitive) == 0 ||
                    suffix.compare(u"rd", Qt::CaseInsensitive) == 0 || suffix.compare(u"th", Qt::CaseInsensitive) == 0)
                    t.suffix = 1;
                else if (suffix == u"s")
                    t.suffix = 2;
                else
                    t.suffix = 3;
                j = k;
            }
            t.end = int(j);
            i = j;
        } else if (c.isLetter()) {
            qsizetype j = i;
            while (j < n && (s[j].isLetter() || s[j].isMark()))
                ++j;
            t.kind = Tok::WordTok;
            t.end = int(j);
            t.cap = c.isUpper();
            if (const Entry *e = lookup(s.sliced(i, j - i))) {
                t.word = e->word;
                t.weekday = e->weekday;
                t.month = e->month;
                t.monthAbbrev = e->monthAbbrev;
                t.plural = e->plural;
                t.value = e->value;
            }
            // Letters followed by digits ("F16", "B52"): not a calendar word.
            if (j < n && isAsciiDigit(s[j])) {
                t.word = None;
                t.weekday = t.month = 0;
                t.value = -1;
                while (j < n && s[j].isLetterOrNumber())
                    ++j;
                t.end = int(j);
            }
            i = j;
        } else {
            t.kind = Tok::Punct;
            t.punct = c.unicode();
            t.end = int(i + 1);
            ++i;
        }
        toks.append(t);
    }
}

} // namespace mapline::timetag
