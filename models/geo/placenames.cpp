#include "geo/placenames.h"

#include <QHash>
#include <QVarLengthArray>

#include <algorithm>
#include <array>
#include <atomic>
#include <deque>
#include <mutex>
#include <shared_mutex>
#include <vector>

namespace mapline {
namespace {

inline bool isApostrophe(char16_t c)
{
    if (c < 128)
        return c == u'\'' || c == u'`';
    return c == u'\u2019' || c == u'\u2018' || c == u'\u02BC' || c == u'\u02BB' ||
           c == u'\u02BF' || c == u'\u02BE' || c == u'`' || c == u'\u00B4';
}

bool isWordCharOutsideAscii(QChar c)
{
    if (c.isLetterOrNumber())
        return true;
    const QChar::Category cat = c.category();
    return cat == QChar::Mark_NonSpacing || cat == QChar::Mark_SpacingCombining;
}

// Called for every character of every sentence: ASCII inline, the rest out of line.
[[gnu::always_inline]] inline bool isWordChar(QChar c)
{
    const char16_t u = c.unicode();
    if (u < 128)
        return (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9');
    return isWordCharOutsideAscii(c);
}

// Appends the folded form of `c` (lower-case ASCII where there is one) to `out`.
void appendFolded(QString &out, QChar c)
{
    char16_t u = c.unicode();
    if (u < 128) {
        if (u >= u'A' && u <= u'Z')
            u = char16_t(u + 32);
        out.append(QChar(u));
        return;
    }
    switch (u) {
    case u'\u00DF': out.append(QLatin1String("ss")); return;
    case u'\u00E6': case u'\u00C6': out.append(QLatin1String("ae")); return;
    case u'\u0153': case u'\u0152': out.append(QLatin1String("oe")); return;
    case u'\u00F8': case u'\u00D8': out.append(QLatin1Char('o')); return;
    case u'\u0131': out.append(QLatin1Char('i')); return;
    case u'\u0142': case u'\u0141': out.append(QLatin1Char('l')); return;
    case u'\u0111': case u'\u0110': case u'\u00F0': out.append(QLatin1Char('d')); return;
    case u'\u00FE': out.append(QLatin1String("th")); return;
    default: break;
    }
    const QChar::Category cat = c.category();
    if (cat == QChar::Mark_NonSpacing || cat == QChar::Mark_SpacingCombining || cat == QChar::Letter_Modifier)
        return; // macrons, dots below, ʿayn and hamza signs: not part of the matching key
    const QString decomposed = c.decomposition();
    if (!decomposed.isEmpty()) {
        for (const QChar d : decomposed) {
            const QChar::Category dc = d.category();
            if (dc != QChar::Mark_NonSpacing && dc != QChar::Mark_SpacingCombining && d != c)
                appendFolded(out, d);
        }
        return;
    }
    out.append(c.toLower());
}

quint8 gapBits(QStringView text, qsizetype i)
{
    const char16_t c = text[i].unicode();
    switch (c) {
    case u',': case u'/': return NameToken::Comma;
    case u';': case u':': case u'.': case u'!': case u'?': return NameToken::Stop;
    case u'(': case u')': case u'[': case u']': return NameToken::Paren;
    case u'"': case u'\u201C': case u'\u201D': case u'\u00AB': case u'\u00BB': return NameToken::Quote;
    case u'\u2013': case u'\u2014': case u'\u2015': return NameToken::Dash;
    case u'-': case u'\u2010': case u'\u2011': {
        // "Saudi-born", and "U.S.-led" after an abbreviation's final period.
        const bool joined = i > 0 && i + 1 < text.size() && isWordChar(text[i + 1]) &&
                            (isWordChar(text[i - 1]) || (text[i - 1] == QLatin1Char('.') && i > 1 && text[i - 2].isLetter()));
        return joined ? NameToken::Hyphen : NameToken::Dash;
    }
    default: return 0;
    }
}

bool isVowel(char16_t c)
{
    return c == u'a' || c == u'e' || c == u'i' || c == u'o' || c == u'u' || c == u'y';
}

bool isConnector(QStringView norm)
{
    return norm == u"e" || norm == u"i" || norm == u"ye" || norm == u"y";
}

} // namespace

QString foldName(QStringView name)
{
    QString out;
    out.reserve(name.size());
    bool pendingSpace = false;
    for (const QChar c : name) {
        if (isApostrophe(c.unicode()))
            continue;
        if (!isWordChar(c)) {
            pendingSpace = !out.isEmpty();
            continue;
        }
        if (pendingSpace) {
            out.append(QLatin1Char(' '));
            pendingSpace = false;
        }
        appendFolded(out, c);
    }
    return out;
}

namespace {

// The process-wide registry of lexicon words (wordids). `generation` changes with every new
// word, so a thread's interner knows when the ids it remembered may be out of date.
struct WordRegistry {
    std::shared_mutex lock;
    std::deque<QString> words;         // the registered words, in id order (never move)
    QHash<QStringView, quint32> ids;   // keys view `words`: a look-up allocates nothing
    std::atomic<quint32> generation{1};
};

WordRegistry &wordRegistry()
{
    static WordRegistry registry;
    return registry;
}

// Interned folded words: a sentence's tokens share the QString of each word already seen by this
// thread instead of allocating one a token ("the", "said", "Taliban" recur in every article).
// An open-addressing table with a cheap hash of the folded characters (FNV-1a: the words are
// short, and Qt's seeded hash of a view cost more than the rest of a token's work). Bounded:
// cleared when full, which only costs the next words an allocation each (the tokens that hold a
// word keep it alive).
class WordInterner {
public:
    struct Word {
        QString text;
        quint32 id = wordids::kUnknown;
    };
    // The interned word and its registry id.
    Word get(const char16_t *chars, qsizetype size)
    {
        quint32 h = 2166136261u;
        for (qsizetype k = 0; k < size; ++k)
            h = (h ^ chars[k]) * 16777619u;
        if (mSlots.empty())
            mSlots.resize(kSlots);
        const quint32 generation = wordRegistry().generation.load(std::memory_order_acquire);
        for (quint32 i = h & (kSlots - 1);; i = (i + 1) & (kSlots - 1)) {
            Slot &slot = mSlots[i];
            if (slot.word.text.isNull()) {
                if (mCount >= kMaxWords) {
                    for (Slot &s : mSlots)
                        s = Slot{};
                    mCount = 0;
                    return get(chars, size);
                }
                slot.word.text = QString(reinterpret_cast<const QChar *>(chars), size);
                slot.word.id = wordids::find(slot.word.text);
                slot.hash = h;
                slot.generation = generation;
                ++mCount;
                return slot.word;
            }
            if (slot.hash == h && slot.word.text.size() == size &&
                std::equal(chars, chars + size, reinterpret_cast<const char16_t *>(slot.word.text.constData()))) {
                if (slot.generation != generation) { // a lexicon registered words since
                    slot.word.id = wordids::find(slot.word.text);
                    slot.generation = generation;
                }
                return slot.word;
            }
        }
    }

private:
    static constexpr qsizetype kMaxWords = 32768;
    static constexpr quint32 kSlots = 65536; // a power of two, twice kMaxWords: short probe runs
    struct Slot {
        Word word; // a null text: empty
        quint32 hash = 0;
        quint32 generation = 0;
    };
    std::vector<Slot> mSlots;
    qsizetype mCount = 0;
};

WordInterner &wordInterner()
{
    thread_local WordInterner interner;
    return interner;
}

} // namespace

namespace wordids {

quint32 intern(QStringView folded)
{
    WordRegistry &r = wordRegistry();
    {
        std::shared_lock read(r.lock);
        if (const auto it = r.ids.constFind(folded); it != r.ids.constEnd())
            return it.value();
    }
    std::unique_lock write(r.lock);
    if (const auto it = r.ids.constFind(folded); it != r.ids.constEnd())
        return it.value();
    r.words.push_back(folded.toString());
    const quint32 id = quint32(r.words.size());
    r.ids.insert(QStringView(r.words.back()), id);
    r.generation.fetch_add(1, std::memory_order_release);
    return id;
}

quint32 find(QStringView folded)
{
    WordRegistry &r = wordRegistry();
    std::shared_lock read(r.lock);
    return r.ids.value(folded, kUnknown);
}

quint32 of(quint32 word, QStringView norm)
{
    return word != kNotLooked ? word : find(norm);
}

} // namespace wordids

QList<NameToken> tokenizeNames(QStringView text)
{
    QList<NameToken> out;
    out.reserve(text.size() / 5 + 1);
    WordInterner &interner = wordInterner();
    const qsizetype n = text.size();
    qsizetype i = 0;
    // The word's folded form, built here and interned once it is complete.
    QVarLengthArray<char16_t, 64> folded;
    QString scratch; // appendFolded's output for a character outside ASCII
    while (i < n) {
        if (!isWordChar(text[i])) {
            if (!out.isEmpty())
                out.last().gapAfter |= gapBits(text, i);
            ++i;
            continue;
        }
        NameToken t;
        t.start = int(i);
        t.digit = text[i].isDigit();
        bool anyLower = false;
        bool dotted = false;
        qsizetype segment = i; // start of the current letter run, for "U.S."
        bool splitNot = false;
        folded.clear();
        while (i < n) {
            const QChar c = text[i];
            const char16_t u = c.unicode();
            if (u < 128 && isWordChar(c)) {
                if (u >= u'a' && u <= u'z')
                    anyLower = true;
                folded.append(u >= u'A' && u <= u'Z' ? char16_t(u + 32) : u);
                ++i;
                continue;
            }
            if (isWordChar(c)) {
                if (c.isLower())
                    anyLower = true;
                scratch.clear();
                appendFolded(scratch, c);
                folded.append(reinterpret_cast<const char16_t *>(scratch.constData()), scratch.size());
                ++i;
                continue;
            }
            if (isApostrophe(u) && i + 1 < n && text[i + 1].isLetter()) {
                const bool endsAfterNext = i + 2 >= n || !isWordChar(text[i + 2]);
                const char16_t next = text[i + 1].toLower().unicode();
                if (next == u's' && endsAfterNext) {
                    t.possessive = true;
                    t.end = int(i);
                    i += 2;
                    break;
                }
                if (next == u't' && endsAfterNext && folded.size() > 1 && folded.back() == u'n') {
                    splitNot = true; // "didn't": "did" + "not"
                    break;
                }
                ++i; // an apostrophe inside a name: Qal'a, Shi'ite
                continue;
            }
            if (u == u'.' && i - segment == 1 && i + 2 < n && text[i + 1].isLetter() && text[i + 2] == QLatin1Char('.')) {
                dotted = true; // U.S., U.N.
                segment = i + 1;
                ++i;
                continue;
            }
            break;
        }
        if (dotted && i < n && text[i] == QLatin1Char('.'))
            ++i;
        if (t.end == 0)
            t.end = int(i);
        if (splitNot) {
            folded.removeLast();
            t.end = int(i - 1);
        }
        if (!folded.isEmpty()) { // a lone combining mark folds to nothing: a null norm, as before
            WordInterner::Word w = interner.get(folded.constData(), folded.size());
            t.norm = std::move(w.text);
            t.word = w.id;
        } else {
            t.word = wordids::find(QStringView());
        }
        t.upper = text[t.start].isUpper();
        t.allCaps = t.upper && !anyLower;
        if (t.possessive == false && i < n && isApostrophe(text[i].unicode()) && t.norm.endsWith(QLatin1Char('s')) &&
            (i + 1 >= n || !isWordChar(text[i + 1]))) {
            t.possessive = true; // "fighters' positions"
            ++i;
        }
        out.append(std::move(t));
        if (splitNot) {
            NameToken neg;
            neg.start = int(i - 1);
            neg.end = int(i + 2);
            neg.norm = QStringLiteral("not");
            neg.word = interner.get(u"not", 3).id;
            out.append(std::move(neg));
            i += 2;
        }
    }
    return out;
}

QString joinNorms(const QList<NameToken> &tokens, int first, int end)
{
    QString key;
    for (int k = first; k < end; ++k) {
        if (k > first)
            key.append(QLatin1Char(' '));
        key.append(tokens[k].norm);
    }
    return key;
}

QString wordSkeleton(QStringView norm)
{
    // Built in a stack buffer and copied once: QString::append a character costs a call each.
    QVarLengthArray<char16_t, 64> out;
    for (qsizetype i = 0; i < norm.size(); ++i) {
        char16_t c = norm[i].unicode();
        switch (c) {
        case u'q': c = u'k'; break;
        case u'o': c = u'u'; break;
        case u'e': c = u'i'; break;
        case u'y': c = u'i'; break;
        case u'w': c = u'v'; break;
        default: break;
        }
        if (c == u'h' && !out.isEmpty() && isVowel(out.back()) &&
            (i + 1 == norm.size() || !isVowel(norm[i + 1].unicode())))
            continue; // Shahr = Shar, Allah = Alla
        if (!out.isEmpty() && out.back() == c)
            continue;
        out.append(c);
    }
    return QString(reinterpret_cast<const QChar *>(out.constData()), out.size());
}

void appendSkeletonPiece(QString &key, QStringView norm, QStringView skeleton, int k, int n)
{
    if (n > 1 && k > 0 && k < n - 1 && isConnector(norm))
        return;
    if (k < n - 1 && skeleton.size() > 3 && skeleton.endsWith(QLatin1Char('i')))
        key.append(skeleton.chopped(1));
    else
        key.append(skeleton);
}

int editDistance(QStringView a, QStringView b, int limit)
{
    const qsizetype la = a.size();
    const qsizetype lb = b.size();
    if (std::abs(la - lb) > limit)
        return limit + 1;
    if (la > 62 || lb > 62)
        return limit + 1;
    std::array<int, 64> prev2{}, prev{}, cur{};
    for (qsizetype j = 0; j <= lb; ++j)
        prev[j] = int(j);
    for (qsizetype i = 1; i <= la; ++i) {
        cur[0] = int(i);
        int rowMin = cur[0];
        for (qsizetype j = 1; j <= lb; ++j) {
            const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            int v = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                v = std::min(v, prev2[j - 2] + 1);
            cur[j] = v;
            rowMin = std::min(rowMin, v);
        }
        if (rowMin > limit)
            return limit + 1;
        prev2 = prev;
        prev = cur;
    }
    return std::min(prev[lb], limit + 1);
}

} // namespace mapline
