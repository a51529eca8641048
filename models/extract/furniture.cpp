#include "furniture.h"

#include "extract/metadata.h"
#include "resourcepaths.h"

#include <QFile>

#include <algorithm>
#include <string_view>

namespace mapline {
namespace {

constexpr int kShortLineWords = 12;   // headline-like lines are shorter than this
constexpr int kStoryLikeWords = 8;    // a paragraph this long ending in punctuation is story text
constexpr int kMaxContainsWords = 40; // "~phrase" lexicon entries only apply to lines this short
constexpr int kDatelineSearch = 15;   // the dateline is among the first paragraphs

bool isSpaceLike(char16_t c)
{
    return c == u' ' || c == u'\t' || c == 0xA0 || c == 0x2007 || c == 0x202F || (c >= 0x2000 && c <= 0x200A) ||
           c == 0x3000 || c == 0x1680;
}

bool isInvisible(char16_t c)
{
    return c == 0xAD || c == 0x200B || c == 0x200C || c == 0x200D || c == 0x2060 || c == 0xFEFF;
}

// True when normaliseParagraph() would return `line` as it is.
bool isNormalised(QStringView line)
{
    const qsizetype n = line.size();
    if (n == 0 || line.front() == u' ' || line.back() == u' ')
        return false;
    const char16_t *p = line.utf16();
    for (qsizetype i = 0; i < n; ++i) {
        const char16_t c = p[i];
        if (char16_t(c - 0x21) < 0x5F)
            continue; // printable ASCII other than the space: most characters, one test
        if (c == u' ') {
            if (p[i + 1] == u' ')
                return false;
        } else if (c < 0x80) {
            return false; // a control character
        } else if (isSpaceLike(c) || isInvisible(c) || c == 0x2028 || c == 0x2029) {
            return false;
        }
    }
    return true;
}

// One paragraph: white space collapsed, invisible characters dropped, trimmed.
QString normaliseParagraph(QStringView line)
{
    // Fast path: most paragraphs are already clean.
    if (isNormalised(line))
        return line.toString();
    QString out;
    out.reserve(line.size());
    bool space = false;
    for (QChar ch : line) {
        const char16_t c = ch.unicode();
        if (isInvisible(c))
            continue;
        if (isSpaceLike(c) || c == u'\n' || c == u'\r' || c < 0x20) {
            space = !out.isEmpty();
            continue;
        }
        if (space) {
            out.append(u' ');
            space = false;
        }
        out.append(ch);
    }
    return out;
}

// The same for a string: a clean paragraph (most are) is shared, not copied.
QString normaliseParagraph(const QString &line)
{
    return isNormalised(line) ? line : normaliseParagraph(QStringView(line));
}

// Lower-cases ASCII letters only: cheap, and all the lexicon and marker phrases need.
QString asciiLower(QStringView s)
{
    QString out(s.size(), Qt::Uninitialized);
    QChar *d = out.data();
    for (qsizetype i = 0; i < s.size(); ++i) {
        const char16_t c = s[i].unicode();
        d[i] = QChar(char16_t((c >= u'A' && c <= u'Z') ? c + 32 : c));
    }
    return out;
}

// The form lexicon phrases are compared with: lower case, single spaces, no leading bullets,
// no final punctuation. `lower` is a normalised paragraph in lower case.
QStringView lexiconFormOf(QStringView s)
{
    qsizetype b = 0;
    while (b < s.size() && (s[b] == u'-' || s[b] == u'*' || s[b] == u'>' || s[b] == u'|' || s[b] == QChar(0x2022) ||
                            s[b] == QChar(0xBB) || s[b] == QChar(0x2013) || s[b] == QChar(0x2014) || s[b] == u' '))
        ++b;
    qsizetype e = s.size();
    while (e > b && (s[e - 1] == u'.' || s[e - 1] == u'!' || s[e - 1] == u'>' || s[e - 1] == QChar(0xBB) ||
                     s[e - 1] == u' ' || s[e - 1] == u'|'))
        --e;
    return s.sliced(b, e - b);
}

QString lexiconForm(QStringView line)
{
    return lexiconFormOf(asciiLower(normaliseParagraph(line))).toString();
}

// Ends like a sentence: . ! ? … or a closing quote or bracket after one.
bool endsLikeSentence(QStringView s)
{
    qsizetype e = s.size();
    while (e > 0 && (s[e - 1] == u'"' || s[e - 1] == QChar(0x201D) || s[e - 1] == u'\'' || s[e - 1] == QChar(0x2019) ||
                     s[e - 1] == u')'))
        --e;
    if (e == 0)
        return false;
    const QChar c = s[e - 1];
    return c == u'.' || c == u'!' || c == u'?' || c == QChar(0x2026);
}

bool hasLetters(QStringView s)
{
    return std::any_of(s.begin(), s.end(), [](QChar c) { return c.isLetter(); });
}

// "/WORLD /WORLD", "Home | World | Asia", "WORLD > ASIA-PACIFIC", "News :: Asia".
bool isNavigation(QStringView s, int words)
{
    if (!hasLetters(s))
        return true;
    if (words > 25)
        return false; // both rules below need a short line: a story's paragraph is not scanned
    int slashWords = 0;
    for (qsizetype i = 0; i < s.size(); ++i) {
        if (s[i] == u'/' && (i == 0 || s[i - 1] == u' ') && i + 1 < s.size() && s[i + 1].isLetter())
            ++slashWords;
    }
    if (slashWords >= 1 && words <= 8 && !endsLikeSentence(s))
        return true;
    int separators = 0;
    for (qsizetype i = 1; i + 1 < s.size(); ++i) {
        const char16_t c = s[i].unicode();
        if (c == u'|' || c == u'>' || c == 0xBB || c == 0x203A || c == 0x2022 || c == 0xB7) {
            if (s[i - 1] == u' ' && s[i + 1] == u' ')
                ++separators;
        } else if (c == u':' && s[i + 1] == u':' && s[i - 1] == u' ' && i + 2 < s.size() && s[i + 2] == u' ') {
            ++separators;
        }
    }
    if (s.startsWith(u"| ") || s.endsWith(u" |"))
        ++separators;
    return separators >= 2 && words <= 25;
}

// Wire copy's header fields and slug lines: "DATE=11/27/01", "TITLE=AFGHAN / MARINES (L-O)" (VOA),
// "AP-Afghanistan-Kandahar, 3rd Ld-Writethru", "AP-ES-12-06-01 1547EST" (AP).
bool isWireHeader(QStringView s, int words)
{
    qsizetype i = 0;
    while (i < s.size() && s[i].unicode() >= u'A' && s[i].unicode() <= u'Z')
        ++i;
    if (i >= 2 && i <= 12 && i < s.size() && s[i] == u'=')
        return true; // KEY=value
    const bool agency = i >= 2 && i <= 4 && i + 1 < s.size() && s[i] == u'-' && s[i + 1].isLetter();
    if (!agency || words > 6)
        return false;
    return !s.contains(u' ') || s.contains(u"Writethru") || s.contains(u"Ld-") || s.count(u'-') >= 3;
}

bool isBareLink(QStringView s)
{
    if (s.contains(u' '))
        return false;
    return s.startsWith(u"http://", Qt::CaseInsensitive) || s.startsWith(u"https://", Qt::CaseInsensitive) ||
           s.startsWith(u"www.", Qt::CaseInsensitive) || (s.contains(u'@') && s.contains(u'.'));
}

// `lower` is the line in lower case. One pass finds the characters every marker needs; the
// markers themselves are looked for only then, since this runs on every line.
bool isPictureLine(QStringView lower)
{
    const char16_t *p = lower.utf16();
    const qsizetype n = lower.size();
    // Does `word` begin at a `word[0]` of the line? The first characters are found by
    // QStringView::indexOf (a vector scan), the rest compared in line: a line was scanned a
    // character at a time with a call at every 'p', most of the furniture stage's tests.
    auto anyAt = [lower, p, n](std::u16string_view word) {
        const QChar first(word[0]);
        for (qsizetype i = lower.indexOf(first); i >= 0; i = lower.indexOf(first, i + 1)) {
            if (i + qsizetype(word.size()) > n)
                return false;
            size_t k = 1;
            while (k < word.size() && p[i + qsizetype(k)] == word[k])
                ++k;
            if (k == word.size())
                return true;
        }
        return false;
    };
    const bool other = anyAt(u"getty") || anyAt(u"(pictured");
    const bool photo = !other && anyAt(u"photo");
    const bool slash = !other && lower.contains(u'/');
    const bool colon = !other && lower.contains(u':');
    if (other)
        return true;
    if (photo) {
        for (QStringView m : {u"(photo", u"photo:", u"photos:", u"ap photo", u"afp photo", u"photograph:",
                              u"file photo", u"photo by", u"photo credit"}) {
            if (lower.contains(m))
                return true;
        }
    }
    if (slash) {
        for (QStringView m : {u"reuters/", u"afp/", u"epa/", u"(ap/", u"ap/wide world"}) {
            if (lower.contains(m))
                return true;
        }
    }
    return colon && (lower.contains(u"image:") || lower.contains(u"picture:") || lower.contains(u"caption:"));
}

// "By KATHY GANNON", "By Nic Robertson, CNN", "By John Smith and Jane Doe".
bool isByline(QStringView s, int words)
{
    if (words < 2 || words > 10 || endsLikeSentence(s))
        return false;
    if (!(s.startsWith(u"By ") || s.startsWith(u"BY ") || s.startsWith(u"From ")))
        return false;
    return s.size() > 3 && s[s.indexOf(u' ') + 1].isUpper();
}

// Letters and digits only, single spaces, lower case: for comparing a line with a known title.
QString titleKey(QStringView s)
{
    // At most one character out for each in (a space stands for at least one character left out).
    QString out(s.size(), Qt::Uninitialized);
    QChar *d = out.data();
    qsizetype size = 0;
    bool space = false;
    for (QChar c : s) {
        const char16_t u = c.unicode();
        bool keep;
        QChar lower;
        if (u < 0x80) {
            keep = (u >= u'a' && u <= u'z') || (u >= u'0' && u <= u'9') || (u >= u'A' && u <= u'Z');
            lower = QChar(char16_t(u >= u'A' && u <= u'Z' ? u + 32 : u));
        } else {
            keep = c.isLetterOrNumber();
            lower = c.toLower();
        }
        if (keep) {
            if (space && size > 0)
                d[size++] = QChar(u' ');
            space = false;
            d[size++] = lower;
        } else {
            space = true;
        }
    }
    out.truncate(size);
    return out;
}

bool matchesTitle(const QString &lineKey, const QString &titleKeyText)
{
    if (lineKey.isEmpty() || titleKeyText.isEmpty())
        return false;
    if (lineKey == titleKeyText)
        return true;
    const qsizetype shorter = std::min(lineKey.size(), titleKeyText.size());
    const qsizetype longer = std::max(lineKey.size(), titleKeyText.size());
    return shorter * 10 >= longer * 6 && (lineKey.contains(titleKeyText) || titleKeyText.contains(lineKey));
}

enum class Kind { Story, Title, Caption, Furniture };

struct Line;
void lowerAndCount(Line &l);

struct Line {
    QString text;
    QString lower;          // ASCII letters lower-cased
    int words = 0;
    bool sentence = false;  // ends like a sentence
    Kind kind = Kind::Story;
    bool marked = false;    // decided by a rule that does not depend on position
    bool signature = false; // a byline or a date stamp: what follows a headline
};

// l.lower (asciiLower(l.text)) and l.words (wordCount(l.text)) in one pass over the text.
void lowerAndCount(Line &l)
{
    const qsizetype n = l.text.size();
    const char16_t *s = reinterpret_cast<const char16_t *>(l.text.constData());
    l.lower = QString(n, Qt::Uninitialized);
    char16_t *d = reinterpret_cast<char16_t *>(l.lower.data());
    int words = 0;
    bool in = false;
    for (qsizetype i = 0; i < n; ++i) {
        const char16_t c = s[i];
        d[i] = (c >= u'A' && c <= u'Z') ? char16_t(c + 32) : c;
        if (c == u' ') {
            in = false;
        } else if (!in) {
            in = true;
            ++words;
        }
    }
    l.words = words;
}

// Short and not a sentence: a headline, label or link. A bare short question ("Who are the
// Northern Alliance?") is a link title too; questions in stories are quoted.
bool headlineLike(const Line &l)
{
    if (l.words == 0 || l.words >= kShortLineWords)
        return false;
    return !l.sentence || l.text.endsWith(u'?');
}

// A section heading inside the story ("Sharp warning", "Pressure on Kandahar"): short, no
// final punctuation, not a lead-in to a list or quote.
bool isSubhead(const Line &l)
{
    return !l.sentence && l.words > 0 && l.words <= 6 && !l.text.endsWith(u':') && !l.text.endsWith(u',');
}

} // namespace

FurnitureLexicon FurnitureLexicon::fromText(QStringView text)
{
    FurnitureLexicon lex;
    for (QStringView raw : text.split(u'\n')) {
        const QStringView line = raw.trimmed();
        if (line.isEmpty() || line.startsWith(u'#'))
            continue;
        if (line.startsWith(u'='))
            lex.mWhole.append(lexiconForm(line.sliced(1)));
        else if (line.startsWith(u'~'))
            lex.mContains.append(lexiconForm(line.sliced(1)));
        else if (line.endsWith(u'*'))
            lex.mOpenPrefix.append(lexiconForm(line.chopped(1)));
        else
            lex.mPrefix.append(lexiconForm(line));
    }
    lex.mWhole.removeAll(QString());
    lex.mPrefix.removeAll(QString());
    lex.mContains.removeAll(QString());
    lex.mOpenPrefix.removeAll(QString());
    for (const QString &p : std::as_const(lex.mContains))
        lex.mContainsMatchers.append(QStringMatcher(p));
    for (const QString &p : std::as_const(lex.mWhole))
        lex.mByFirst[p.front().unicode()].whole.append(p);
    for (const QString &p : std::as_const(lex.mPrefix))
        lex.mByFirst[p.front().unicode()].prefix.append(p);
    return lex;
}

const FurnitureLexicon &FurnitureLexicon::shared()
{
    static const FurnitureLexicon lexicon = [] {
        QFile file(resourcePath(QStringLiteral("lexicons/furniture.txt")));
        if (!file.open(QIODevice::ReadOnly)) {
            qWarning("furniture lexicon %s: %s", qPrintable(file.fileName()), qPrintable(file.errorString()));
            return FurnitureLexicon();
        }
        return fromText(QString::fromUtf8(file.readAll()));
    }();
    return lexicon;
}

bool FurnitureLexicon::matches(QStringView line) const
{
    return matchesLowerCase(asciiLower(normaliseParagraph(line)));
}

namespace {

// wordCount(s) <= limit, stopping at the word past the limit (a story's paragraph has hundreds).
bool atMostWords(QStringView s, int limit)
{
    int words = 0;
    bool in = false;
    for (QChar c : s) {
        if (c == u' ') {
            in = false;
        } else if (!in) {
            in = true;
            if (++words > limit)
                return false;
        }
    }
    return true;
}

} // namespace

bool FurnitureLexicon::matchesLowerCase(QStringView lower) const
{
    const QStringView s = lexiconFormOf(lower);
    if (s.isEmpty())
        return false;
    // Only the phrases that begin with the paragraph's first character can be it or begin it.
    if (const auto bucket = mByFirst.constFind(s.front().unicode()); bucket != mByFirst.cend()) {
        for (const QString &p : bucket->whole) {
            if (s == QStringView(p))
                return true;
        }
        for (const QString &p : bucket->prefix) {
            if (s.startsWith(p)) {
                // A word boundary after the phrase: "subscribe" is not "subscribers".
                if (s.size() == p.size() || !p.back().isLetterOrNumber() || !s[p.size()].isLetterOrNumber())
                    return true;
            }
        }
    }
    for (const QString &p : mOpenPrefix) {
        if (s.startsWith(p))
            return true;
    }
    if (atMostWords(s, kMaxContainsWords)) {
        for (const QStringMatcher &p : mContainsMatchers) {
            if (p.indexIn(s) >= 0)
                return true;
        }
    }
    return false;
}

QStringList splitParagraphs(QStringView text)
{
    const QList<QStringView> raw = text.split(u'\n');
    // Hard-wrapped text: most long lines end near one width, and that width is narrow.
    QList<int> lengths;
    for (QStringView l : raw) {
        const int len = int(l.trimmed().size());
        if (len > 0)
            lengths.append(len);
    }
    int width = 0;
    if (lengths.size() >= 6) {
        QList<int> sorted = lengths;
        std::sort(sorted.begin(), sorted.end());
        width = sorted[sorted.size() * 9 / 10];
    }
    // ... and most lines of some length are near it: a page copied as text, with short furniture
    // lines and long paragraphs, has a 90th percentile too.
    int longLines = 0, nearWidth = 0;
    for (int len : std::as_const(lengths)) {
        longLines += len * 2 >= width;
        nearWidth += len * 10 >= width * 8 && len * 100 <= width * 115;
    }
    const bool wrapped = width >= 40 && width <= 100 && nearWidth * 10 >= longLines * 6;
    QStringList out;
    QString current;
    auto flush = [&] {
        const QString p = normaliseParagraph(current);
        if (!p.isEmpty())
            out.append(p);
        current.clear();
    };
    for (qsizetype i = 0; i < raw.size(); ++i) {
        const QStringView line = raw[i];
        const QStringView t = line.trimmed();
        if (t.isEmpty()) {
            flush();
            continue;
        }
        const bool indented = line.startsWith(u"  ") || line.startsWith(u'\t');
        if (!current.isEmpty() && (!wrapped || indented))
            flush();
        if (!current.isEmpty()) {
            // A line that ends with a hyphen joins the next without a space ("well-" + "known").
            if (!(current.endsWith(u'-') && current.size() >= 2 && current[current.size() - 2].isLetter()))
                current.append(u' ');
        }
        current.append(t);
        // A short line ends its paragraph: headlines, bylines, the last line of a paragraph; so
        // does a line the next line's first word would have fitted on ("AP-Afghanistan-Kandahar,
        // 3rd Ld-Writethru" above the headline).
        if (!wrapped || t.size() < width * 6 / 10) {
            flush();
        } else if (i + 1 < raw.size()) {
            const QStringView next = raw[i + 1].trimmed();
            const qsizetype space = next.indexOf(u' ');
            const qsizetype firstWord = space < 0 ? next.size() : space;
            // With a margin: the width is measured, and hand-wrapped lines are not all full.
            if (firstWord > 0 && t.size() + 1 + firstWord + width / 8 <= width)
                flush();
        }
    }
    flush();
    return out;
}

CleanedText removeFurniture(const QStringList &paragraphs, const QString &knownTitle, const FurnitureLexicon &lexicon)
{
    CleanedText result;
    QList<Line> lines;
    lines.reserve(paragraphs.size());
    for (const QString &p : paragraphs) {
        Line l;
        l.text = normaliseParagraph(p);
        if (l.text.isEmpty())
            continue;
        lowerAndCount(l);
        l.sentence = endsLikeSentence(l.text);
        lines.append(std::move(l));
    }
    const int n = int(lines.size());

    // Rules that do not depend on position.
    for (Line &l : lines) {
        QDate stamp;
        if (l.words <= 60 && isPictureLine(l.lower)) {
            l.kind = Kind::Caption;
        } else if (isByline(l.text, l.words)) {
            l.kind = Kind::Furniture;
            l.signature = true;
        } else if (lexicon.matchesLowerCase(l.lower) || isNavigation(l.text, l.words) || isBareLink(l.text) ||
                   isWireHeader(l.text, l.words)) {
            l.kind = Kind::Furniture;
        } else if (l.words <= 20 && isDateStampLine(l.text, &stamp)) {
            l.kind = Kind::Furniture;
            l.signature = true;
            if (!result.stampDate.isValid())
                result.stampDate = stamp;
        } else {
            continue;
        }
        l.marked = true;
    }

    // The dateline paragraph, when the story has one near the top. Only captions may come
    // before it as sentence-like text, so a dateline deep in a roundup does not count.
    int dateline = -1;
    {
        int seen = 0;
        int sentencesBefore = 0;
        for (int i = 0; i < n && seen < kDatelineSearch; ++i) {
            if (lines[i].marked)
                continue;
            ++seen;
            const Dateline d = findDateline(lines[i].text);
            if (d.isValid()) {
                if (sentencesBefore <= 2) {
                    dateline = i;
                    result.dateline = d;
                }
                break;
            }
            if (lines[i].sentence && lines[i].words >= kStoryLikeWords)
                ++sentencesBefore;
        }
    }
    // Where the story starts: the dateline, else the first story-like paragraph.
    int start = dateline;
    if (start < 0) {
        start = 0;
        for (int i = 0; i < n; ++i) {
            if (!lines[i].marked && lines[i].sentence && lines[i].words >= kStoryLikeWords) {
                start = i;
                break;
            }
        }
    }

    // The title: the line matching the known title anywhere above the story start (or repeated
    // inside it), else the first headline-like line above the story start.
    const QString known = titleKey(knownTitle);
    int title = -1;
    if (!known.isEmpty()) {
        for (int i = 0; i < n; ++i) {
            // Only lines of about the title's length can match it: skips the key for most lines.
            const qsizetype len = lines[i].text.size();
            if (lines[i].kind != Kind::Caption && len * 10 >= known.size() * 5 && len <= known.size() * 2 + 10 &&
                matchesTitle(titleKey(lines[i].text), known)) {
                lines[i].kind = Kind::Furniture;
                lines[i].marked = true;
                if (title < 0 && i < std::max(start, 1)) {
                    title = i;
                    lines[i].kind = Kind::Title;
                }
            }
        }
    }
    result.knownTitleFound = title >= 0;
    if (title < 0) {
        // A headline sits right above its byline or date stamp, whatever furniture (a paper's
        // name, "Accessibility links", a wire slug) comes before it: the last such line wins;
        // else the first headline-like line.
        int first = -1;
        for (int i = 0; i < start; ++i) {
            if (lines[i].marked || lines[i].words < 2 || lines[i].words > 25 || lines[i].text.endsWith(u'.') ||
                !hasLetters(lines[i].text))
                continue;
            if (first < 0)
                first = i;
            int j = i + 1;
            while (j < n && lines[j].marked && !lines[j].signature)
                ++j;
            if (j < n && lines[j].signature)
                title = i;
        }
        if (title < 0)
            title = first;
        if (title >= 0) {
            lines[title].kind = Kind::Title;
            lines[title].marked = true;
        }
    }
    if (title >= 0)
        result.title = lines[title].text;

    // The top, above the story start: with a dateline below, sentence-like lines are captions
    // and the rest labels; without one, only labels go.
    for (int i = 0; i < start; ++i) {
        Line &l = lines[i];
        if (l.marked)
            continue;
        if (dateline >= 0)
            l.kind = l.sentence && l.words >= 4 ? Kind::Caption : Kind::Furniture;
        else if (headlineLike(l))
            l.kind = Kind::Furniture;
    }

    // Inside the story: runs of short headline-like lines, and such lines next to furniture.
    for (int i = start; i < n;) {
        if (lines[i].marked || !headlineLike(lines[i])) {
            ++i;
            continue;
        }
        int j = i;
        while (j < n && !lines[j].marked && headlineLike(lines[j]))
            ++j;
        const bool run = j - i >= 2;
        const bool nextToFurniture = (i > start && lines[i - 1].kind == Kind::Furniture) ||
                                     (j < n && lines[j].kind == Kind::Furniture);
        const bool atEnd = j == n;
        const bool isDatelineLine = i == dateline;
        const bool subhead = j - i == 1 && isSubhead(lines[i]);
        if ((run || nextToFurniture || atEnd || subhead) && !isDatelineLine) {
            for (int k = i; k < j; ++k)
                lines[k].kind = Kind::Furniture;
        }
        i = j;
    }
    // The end of the page: after the last story-like paragraph, once furniture has begun,
    // every short line is furniture too ("An AOL Time Warner Company."), while a short last
    // sentence of the story itself ("He did not elaborate.") stays.
    int lastStory = start;
    for (int i = n - 1; i >= start; --i) {
        if (lines[i].kind == Kind::Story && lines[i].sentence && lines[i].words >= kStoryLikeWords) {
            lastStory = i;
            break;
        }
    }
    bool footer = false;
    for (int i = lastStory + 1; i < n; ++i) {
        if (lines[i].kind == Kind::Furniture)
            footer = true;
        else if (lines[i].kind == Kind::Story && (footer || headlineLike(lines[i])) && lines[i].words < kShortLineWords)
            lines[i].kind = Kind::Furniture;
    }

    for (int i = 0; i < n; ++i) {
        const Line &l = lines[i];
        switch (l.kind) {
        case Kind::Story:
            if (i == dateline)
                result.datelineParagraph = int(result.paragraphs.size());
            result.paragraphs.append(l.text);
            break;
        case Kind::Title:
            break;
        case Kind::Caption:
            result.captions.append(l.text);
            break;
        case Kind::Furniture:
            result.removed.append(l.text);
            break;
        }
    }
    if (result.datelineParagraph < 0)
        result.dateline = Dateline();
    return result;
}

// Words separated by spaces (the paragraph is normalised first: one space between words).
int wordCount(QStringView s)
{
    int words = 0;
    bool in = false;
    for (QChar c : s) {
        if (c == u' ') {
            in = false;
        } else if (!in) {
            in = true;
            ++words;
        }
    }
    return words;
}

} // namespace mapline
