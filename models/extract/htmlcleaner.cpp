#include "htmlcleaner.h"

#include <QHash>

namespace mapline {
namespace {

// How far a tag, quoted attribute value or end-tag search may look ahead before the markup is
// taken as broken; this keeps the whole scan linear on pages full of stray '<' or quotes.
constexpr qsizetype kMaxTagLength = 4096;
// How deep in the open-element stack an end tag looks for its start tag.
constexpr int kMaxEndTagSearch = 256;
// A "caption" longer than this is a layout element with an unlucky class name, not a caption.
constexpr qsizetype kMaxCaptionLength = 600;

const QHash<QStringView, char32_t> &namedEntities()
{
    static const QHash<QStringView, char32_t> table = [] {
        QHash<QStringView, char32_t> t;
        // Latin-1 (160-255) in code point order, then the common rest.
        static const char16_t *const latin1[] = {
            u"nbsp", u"iexcl", u"cent", u"pound", u"curren", u"yen", u"brvbar", u"sect", u"uml", u"copy",
            u"ordf", u"laquo", u"not", u"shy", u"reg", u"macr", u"deg", u"plusmn", u"sup2", u"sup3",
            u"acute", u"micro", u"para", u"middot", u"cedil", u"sup1", u"ordm", u"raquo", u"frac14",
            u"frac12", u"frac34", u"iquest", u"Agrave", u"Aacute", u"Acirc", u"Atilde", u"Auml", u"Aring",
            u"AElig", u"Ccedil", u"Egrave", u"Eacute", u"Ecirc", u"Euml", u"Igrave", u"Iacute", u"Icirc",
            u"Iuml", u"ETH", u"Ntilde", u"Ograve", u"Oacute", u"Ocirc", u"Otilde", u"Ouml", u"times",
            u"Oslash", u"Ugrave", u"Uacute", u"Ucirc", u"Uuml", u"Yacute", u"THORN", u"szlig", u"agrave",
            u"aacute", u"acirc", u"atilde", u"auml", u"aring", u"aelig", u"ccedil", u"egrave", u"eacute",
            u"ecirc", u"euml", u"igrave", u"iacute", u"icirc", u"iuml", u"eth", u"ntilde", u"ograve",
            u"oacute", u"ocirc", u"otilde", u"ouml", u"divide", u"oslash", u"ugrave", u"uacute", u"ucirc",
            u"uuml", u"yacute", u"thorn", u"yuml"};
        for (int k = 0; k < 96; ++k)
            t.insert(QStringView(latin1[k]), char32_t(160 + k));
        static const struct { const char16_t *name; char32_t cp; } rest[] = {
            {u"amp", '&'}, {u"lt", '<'}, {u"gt", '>'}, {u"quot", '"'}, {u"apos", '\''},
            {u"mdash", 0x2014}, {u"ndash", 0x2013}, {u"hellip", 0x2026}, {u"lsquo", 0x2018},
            {u"rsquo", 0x2019}, {u"sbquo", 0x201A}, {u"ldquo", 0x201C}, {u"rdquo", 0x201D},
            {u"bdquo", 0x201E}, {u"lsaquo", 0x2039}, {u"rsaquo", 0x203A}, {u"bull", 0x2022},
            {u"trade", 0x2122}, {u"euro", 0x20AC}, {u"dagger", 0x2020}, {u"Dagger", 0x2021},
            {u"permil", 0x2030}, {u"OElig", 0x0152}, {u"oelig", 0x0153}, {u"Scaron", 0x0160},
            {u"scaron", 0x0161}, {u"Yuml", 0x0178}, {u"fnof", 0x0192}, {u"circ", 0x02C6},
            {u"tilde", 0x02DC}, {u"ensp", 0x2002}, {u"emsp", 0x2003}, {u"thinsp", 0x2009},
            {u"zwnj", 0x200C}, {u"zwj", 0x200D}, {u"lrm", 0x200E}, {u"rlm", 0x200F},
            {u"prime", 0x2032}, {u"Prime", 0x2033}, {u"minus", 0x2212}, {u"larr", 0x2190},
            {u"rarr", 0x2192}, {u"uarr", 0x2191}, {u"darr", 0x2193}, {u"oline", 0x203E},
            {u"frasl", 0x2044}, {u"loz", 0x25CA}, {u"Alpha", 0x391}, {u"alpha", 0x3B1},
            {u"beta", 0x3B2}, {u"mu", 0x3BC}, {u"pi", 0x3C0}, {u"Omega", 0x3A9}};
        for (const auto &e : rest)
            t.insert(QStringView(e.name), e.cp);
        return t;
    }();
    return table;
}

// Names browsers also accept without the final ';' (legacy pages write "&nbsp" and "AT&T").
bool acceptsWithoutSemicolon(QStringView name)
{
    return name == u"amp" || name == u"lt" || name == u"gt" || name == u"quot" || name == u"nbsp" ||
           name == u"copy" || name == u"reg";
}

constexpr char16_t kCp1252High[32] = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};

void appendCodePoint(QString &out, char32_t cp)
{
    if (cp >= 0x80 && cp < 0xA0)
        cp = kCp1252High[cp - 0x80];
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = 0xFFFD;
    if (cp >= 0x10000) {
        const char32_t c = cp;
        out.append(QChar::fromUcs4(c));
    } else {
        out.append(QChar(char16_t(cp)));
    }
}

// Decodes the reference starting at text[i] == '&'; returns the characters consumed (0: not a
// reference, the '&' is literal).
qsizetype decodeReference(QStringView text, qsizetype i, QString &out)
{
    const qsizetype n = text.size();
    qsizetype j = i + 1;
    if (j < n && text[j] == u'#') {
        ++j;
        const bool hex = j < n && (text[j] == u'x' || text[j] == u'X');
        if (hex)
            ++j;
        const qsizetype digitsStart = j;
        char32_t value = 0;
        while (j < n && j - digitsStart < 8) {
            const char16_t c = text[j].unicode();
            int d = -1;
            if (c >= u'0' && c <= u'9')
                d = c - u'0';
            else if (hex && c >= u'a' && c <= u'f')
                d = c - u'a' + 10;
            else if (hex && c >= u'A' && c <= u'F')
                d = c - u'A' + 10;
            if (d < 0)
                break;
            value = value * (hex ? 16 : 10) + char32_t(d);
            ++j;
        }
        if (j == digitsStart)
            return 0;
        if (j < n && text[j] == u';')
            ++j;
        appendCodePoint(out, value);
        return j - i;
    }
    while (j < n && j - i <= 10 && (text[j].isLetterOrNumber()) && text[j].unicode() < 128)
        ++j;
    const QStringView name = text.sliced(i + 1, j - i - 1);
    if (name.isEmpty())
        return 0;
    const bool semicolon = j < n && text[j] == u';';
    if (semicolon) {
        const auto found = namedEntities().constFind(name);
        if (found != namedEntities().constEnd()) {
            appendCodePoint(out, *found);
            return j - i + 1;
        }
    }
    // Legacy pages write "&nbsp" and "&copy2001": browsers take the longest legacy name that
    // prefixes the letters, with no semicolon.
    for (qsizetype len = std::min<qsizetype>(name.size(), 4); len >= 2; --len) {
        const QStringView prefix = name.first(len);
        if (acceptsWithoutSemicolon(prefix)) {
            appendCodePoint(out, namedEntities().value(prefix));
            return 1 + len;
        }
    }
    return 0;
}

bool isHtmlSpace(char16_t c)
{
    return c == u' ' || c == u'\t' || c == u'\n' || c == u'\r' || c == u'\f' || c == 0xA0 || c == 0x2009 ||
           c == 0x2002 || c == 0x2003 || c == 0x200B;
}

bool isNameChar(QChar c)
{
    const char16_t u = c.unicode();
    if (u < 0x80)
        return (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9') || u == u'-' ||
               u == u'_' || u == u':';
    return c.isLetterOrNumber();
}

// What the cleaner does with an element, by its (lower-case) name: one look-up a tag instead of a
// string compare with each of the lists' 90 names.
enum TagFlag : quint16 {
    RawSkip = 1 << 0,     // text up to the end tag skipped verbatim: script, style, textarea, xmp
    SubtreeSkip = 1 << 1, // the whole subtree dropped (it may contain markup)
    Void = 1 << 2,        // no end tag
    Block = 1 << 3,       // a line break before and after
    IsTitle = 1 << 4,
    IsMeta = 1 << 5,
    IsLink = 1 << 6,
    IsP = 1 << 7,
    IsLi = 1 << 8,
    IsPre = 1 << 9,
    IsH1 = 1 << 10,
    IsFigcaption = 1 << 11,
};

// An ASCII name of up to 16 characters, lower case, packed two 64-bit words (0 when the name
// is longer or not ASCII: no listed name is).
struct NameKey {
    quint64 lo = 0, hi = 0;
    bool operator==(const NameKey &o) const { return lo == o.lo && hi == o.hi; }
};

bool packName(QStringView name, NameKey &key)
{
    if (name.isEmpty() || name.size() > 16)
        return false;
    for (qsizetype i = 0; i < name.size(); ++i) {
        char16_t c = name[i].unicode();
        if (c >= 0x80)
            return false;
        if (c >= u'A' && c <= u'Z')
            c = char16_t(c + 32);
        (i < 8 ? key.lo : key.hi) |= quint64(c) << (8 * (i & 7));
    }
    return true;
}

class TagTable {
public:
    TagTable()
    {
        auto add = [this](std::initializer_list<const char16_t *> names, quint16 flag) {
            for (const char16_t *n : names) {
                NameKey key;
                packName(QStringView(n), key);
                Slot &s = slot(key);
                s.key = key;
                s.flags |= flag;
            }
        };
        add({u"script", u"style", u"textarea", u"xmp"}, RawSkip);
        add({u"noscript", u"iframe", u"object", u"embed", u"svg", u"template", u"select", u"button", u"nav",
             u"noframes", u"math", u"applet", u"frameset", u"map"},
            SubtreeSkip);
        add({u"br", u"img", u"meta", u"link", u"hr", u"input", u"area", u"base", u"col", u"embed", u"param",
             u"source", u"track", u"wbr", u"frame", u"basefont", u"isindex", u"spacer"},
            Void);
        add({u"p", u"div", u"br", u"li", u"ul", u"ol", u"dl", u"dt", u"dd", u"h1", u"h2", u"h3", u"h4", u"h5", u"h6",
             u"tr", u"td", u"th", u"table", u"tbody", u"thead", u"tfoot", u"caption", u"blockquote", u"article",
             u"section", u"header", u"footer", u"nav", u"aside", u"main", u"figure", u"figcaption", u"pre", u"hr",
             u"form", u"center", u"address", u"body", u"html", u"head", u"title", u"fieldset", u"legend", u"option",
             u"frame", u"iframe", u"noscript", u"dir", u"menu", u"details", u"summary"},
            Block);
        add({u"title"}, IsTitle);
        add({u"meta"}, IsMeta);
        add({u"link"}, IsLink);
        add({u"p"}, IsP);
        add({u"li"}, IsLi);
        add({u"pre"}, IsPre);
        add({u"h1"}, IsH1);
        add({u"figcaption"}, IsFigcaption);
    }
    // `lowerName` is lower case already (a tag's name as parseTag leaves it).
    quint16 flags(QStringView lowerName) const
    {
        NameKey key;
        if (!packName(lowerName, key))
            return 0;
        for (quint32 i = hash(key);; ++i) {
            const Slot &s = mSlots[i & (kSize - 1)];
            if (s.key == key)
                return s.flags;
            if (s.key.lo == 0)
                return 0;
        }
    }

private:
    static constexpr quint32 kSize = 256; // about 90 names: a quarter full
    struct Slot {
        NameKey key;
        quint16 flags = 0;
    };
    static quint32 hash(const NameKey &k)
    {
        const quint64 h = (k.lo ^ (k.hi * 0x9E3779B97F4A7C15ull)) * 0xFF51AFD7ED558CCDull;
        return quint32(h >> 40);
    }
    Slot &slot(const NameKey &key)
    {
        for (quint32 i = hash(key);; ++i) {
            Slot &s = mSlots[i & (kSize - 1)];
            if (s.key == key || s.key.lo == 0)
                return s;
        }
    }
    Slot mSlots[kSize];
};

quint16 tagFlags(QStringView lowerName)
{
    static const TagTable table;
    return table.flags(lowerName);
}

struct Tag {
    QStringView name;  // lower case; views the name buffer parseTag() was given
    quint16 flags = 0; // tagFlags(name)
    bool end = false;
    bool selfClosing = false;
    QString cls, id, metaName, content, rel, href, charset;
};

// Lower case as QString::toLower() makes it, without a new string when the text is ASCII: an
// ASCII view is lowered into `buffer` (reused from tag to tag); anything else goes through
// toLower() (Unicode case rules can change the length).
QStringView lowerName(QStringView s, QString &buffer)
{
    const qsizetype n = s.size();
    for (qsizetype i = 0; i < n; ++i) {
        if (s[i].unicode() >= 0x80) {
            buffer = s.toString().toLower();
            return buffer;
        }
    }
    buffer.resize(n);
    QChar *d = buffer.data();
    for (qsizetype i = 0; i < n; ++i) {
        const char16_t c = s[i].unicode();
        d[i] = QChar(char16_t(c >= u'A' && c <= u'Z' ? c + 32 : c));
    }
    return buffer;
}

// The attributes the cleaner keeps; the others' values are skipped without being decoded.
enum class Attr { Other, Class, Id, MetaName, Content, Rel, Href, Charset };

Attr attrOf(QStringView lower)
{
    switch (lower.size()) {
    case 2:
        return lower == u"id" ? Attr::Id : Attr::Other;
    case 3:
        return lower == u"rel" ? Attr::Rel : Attr::Other;
    case 4:
        return lower == u"name" ? Attr::MetaName : lower == u"href" ? Attr::Href : Attr::Other;
    case 5:
        return lower == u"class" ? Attr::Class : Attr::Other;
    case 7:
        return lower == u"content" ? Attr::Content : lower == u"charset" ? Attr::Charset : Attr::Other;
    case 8:
        return lower == u"property" || lower == u"itemprop" ? Attr::MetaName : Attr::Other;
    case 10:
        return lower == u"http-equiv" ? Attr::MetaName : Attr::Other;
    default:
        return Attr::Other;
    }
}

// Parses the tag starting at html[i] == '<' (followed by a letter or '/'). Returns the index
// after '>' or -1 when no '>' comes within kMaxTagLength (then the '<' is literal text).
// `nameBuffer` and `scratch` hold the lower-cased tag and attribute names, reused from one call to
// the next (no string made for each name); `tag.name` views `nameBuffer`.
qsizetype parseTag(QStringView html, qsizetype i, Tag &tag, QString &nameBuffer, QString &scratch)
{
    const qsizetype n = html.size();
    const qsizetype limit = std::min(n, i + kMaxTagLength);
    qsizetype j = i + 1;
    if (html[j] == u'/') {
        tag.end = true;
        ++j;
    }
    const qsizetype nameStart = j;
    while (j < limit && isNameChar(html[j]))
        ++j;
    tag.name = lowerName(html.sliced(nameStart, j - nameStart), nameBuffer);
    tag.flags = tagFlags(tag.name);
    while (j < limit) {
        const QChar c = html[j];
        if (c == u'>')
            return j + 1;
        if (isHtmlSpace(c.unicode()) || c == u'/') {
            if (c == u'/' && j + 1 < n && html[j + 1] == u'>')
                tag.selfClosing = true;
            ++j;
            continue;
        }
        const qsizetype attrStart = j;
        while (j < limit && !isHtmlSpace(html[j].unicode()) && html[j] != u'=' && html[j] != u'>' &&
               !(html[j] == u'/' && j + 1 < n && html[j + 1] == u'>'))
            ++j;
        const Attr attr = attrOf(lowerName(html.sliced(attrStart, j - attrStart), scratch));
        while (j < limit && isHtmlSpace(html[j].unicode()))
            ++j;
        QStringView raw; // the value as written, decoded below only when the attribute is kept
        if (j < limit && html[j] == u'=') {
            ++j;
            while (j < limit && isHtmlSpace(html[j].unicode()))
                ++j;
            if (j < limit && (html[j] == u'"' || html[j] == u'\'')) {
                const QChar quote = html[j];
                const qsizetype valueStart = j + 1;
                qsizetype k = valueStart;
                // Attribute values hold no markup or line breaks: meeting either first means the
                // quote was never closed (<div id="story>), so the value ends at the next '>'
                // instead of swallowing the markup up to the next quote.
                while (k < limit && html[k] != quote && html[k] != u'<' && html[k] != u'\n')
                    ++k;
                if (k >= limit || html[k] != quote) {
                    k = valueStart;
                    while (k < limit && html[k] != u'>')
                        ++k;
                    raw = html.sliced(valueStart, k - valueStart);
                    j = k;
                } else {
                    raw = html.sliced(valueStart, k - valueStart);
                    j = k + 1;
                }
            } else {
                const qsizetype valueStart = j;
                while (j < limit && !isHtmlSpace(html[j].unicode()) && html[j] != u'>')
                    ++j;
                raw = html.sliced(valueStart, j - valueStart);
            }
        }
        switch (attr) {
        case Attr::Other:
            break;
        case Attr::Class:
            tag.cls = decodeHtmlEntities(raw);
            break;
        case Attr::Id:
            tag.id = decodeHtmlEntities(raw);
            break;
        case Attr::MetaName:
            if (tag.metaName.isEmpty())
                tag.metaName = decodeHtmlEntities(raw).toLower();
            break;
        case Attr::Content:
            tag.content = decodeHtmlEntities(raw);
            break;
        case Attr::Rel:
            tag.rel = decodeHtmlEntities(raw).toLower();
            break;
        case Attr::Href:
            tag.href = decodeHtmlEntities(raw);
            break;
        case Attr::Charset:
            tag.charset = decodeHtmlEntities(raw);
            break;
        }
    }
    return -1;
}

// Case-insensitive search for "</name" from `from`; -1 when absent.
qsizetype findEndTag(QStringView html, qsizetype from, QStringView name)
{
    const qsizetype n = html.size();
    for (qsizetype k = html.indexOf(u"</", from); k >= 0 && k < n; k = html.indexOf(u"</", k + 2)) {
        if (k + 2 + name.size() <= n && html.sliced(k + 2, name.size()).compare(name, Qt::CaseInsensitive) == 0) {
            const qsizetype after = k + 2 + name.size();
            if (after >= n || !isNameChar(html[after]))
                return k;
        }
    }
    return -1;
}

// Collects text with HTML whitespace rules: runs of white space become one space, block
// boundaries become line breaks, leading and trailing spaces of a line are dropped.
class TextSink {
public:
    void text(QStringView raw, bool pre)
    {
        const qsizetype n = raw.size();
        for (qsizetype i = 0; i < n; ++i) {
            const QChar c = raw[i];
            if (plain(c.unicode(), pre)) {
                // A run of characters put() would append one by one: appended at once.
                qsizetype j = i + 1;
                while (j < n && plain(raw[j].unicode(), pre))
                    ++j;
                if (mPendingSpace) {
                    mOut.append(u' ');
                    mPendingSpace = false;
                }
                mOut.append(raw.sliced(i, j - i));
                i = j - 1;
                continue;
            }
            if (c == u'&') {
                QString decoded;
                const qsizetype used = decodeReference(raw, i, decoded);
                if (used > 0) {
                    for (QChar d : std::as_const(decoded))
                        put(d, pre);
                    i += used - 1;
                    continue;
                }
            }
            put(c, pre);
        }
    }
    void lineBreak()
    {
        mPendingSpace = false;
        if (!mOut.isEmpty() && !mOut.endsWith(u'\n'))
            mOut.append(u'\n');
    }
    QString take()
    {
        if (mOut.endsWith(u'\n'))
            mOut.chop(1);
        mPendingSpace = false;
        return std::exchange(mOut, QString());
    }
    qsizetype size() const { return mOut.size(); }

private:
    // What put() appends as it is (after a pending space), and text() does not decode.
    static bool plain(char16_t u, bool pre)
    {
        return u != u'&' && !isHtmlSpace(u) && u != 0xAD && !(pre && (u == u'\n' || u == u'\r'));
    }
    void put(QChar c, bool pre)
    {
        const char16_t u = c.unicode();
        if (pre && (u == u'\n' || u == u'\r')) {
            lineBreak();
            return;
        }
        if (isHtmlSpace(u) || u == 0xAD) {
            if (u != 0xAD && !mOut.isEmpty() && !mOut.endsWith(u'\n'))
                mPendingSpace = true;
            return;
        }
        if (mPendingSpace) {
            mOut.append(u' ');
            mPendingSpace = false;
        }
        mOut.append(c);
    }

    QString mOut;
    bool mPendingSpace = false;
};

struct OpenElement {
    QString name;
    bool pre = false;
    bool caption = false;
    bool headline = false;
};

bool hasCaptionClass(const Tag &tag)
{
    return tag.cls.contains(u"caption", Qt::CaseInsensitive) || tag.id.contains(u"caption", Qt::CaseInsensitive);
}

} // namespace

QString HtmlDocument::metaContent(QStringView name) const
{
    for (const HtmlMeta &m : meta) {
        if (m.name == name && !m.content.trimmed().isEmpty())
            return m.content.trimmed();
    }
    return {};
}

QString decodeHtmlEntities(QStringView text)
{
    QString out;
    out.reserve(text.size());
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        if (text[i] == u'&') {
            const qsizetype used = decodeReference(text, i, out);
            if (used > 0) {
                i += used - 1;
                continue;
            }
        }
        out.append(text[i]);
    }
    return out;
}

bool looksLikeHtml(QStringView text)
{
    const QStringView head = text.first(std::min<qsizetype>(text.size(), 4096));
    if (!head.contains(u'<'))
        return false; // the common case for plain text: one fast scan
    const QString lower = head.toString().toLower();
    const QStringView start = QStringView(lower).trimmed();
    if (start.startsWith(u"<!doctype") || start.startsWith(u"<html") || start.startsWith(u"<?xml") ||
        start.startsWith(u"<!--"))
        return true;
    for (QStringView marker : {u"<html", u"<head", u"<body", u"<title>", u"<meta "}) {
        if (lower.contains(marker))
            return true;
    }
    int blocks = 0;
    for (QStringView marker : {u"<p>", u"<p ", u"<br>", u"<br/>", u"<br />", u"<div", u"</p>", u"</div>"})
        blocks += int(lower.count(marker));
    return blocks >= 3;
}

HtmlDocument cleanHtml(QStringView html)
{
    HtmlDocument doc;
    TextSink body;
    TextSink caption;
    TextSink headline;
    QList<OpenElement> stack;
    int captionDepth = 0;
    int headlineDepth = 0;
    int preDepth = 0;
    QString skipName;  // the element whose subtree is being dropped
    int skipDepth = 0;
    QString nameBuffer, attrBuffer; // parseTag()'s lower-cased names

    auto closeElement = [&](const OpenElement &e) {
        if (e.caption && --captionDepth == 0) {
            const QString text = caption.take().replace(u'\n', u' ').trimmed();
            if (text.size() > kMaxCaptionLength) {
                body.lineBreak();
                body.text(text, false); // a layout element, not a caption: it is story text
                body.lineBreak();
            } else if (!text.isEmpty()) {
                doc.captions.append(text);
            }
        }
        if (e.headline && --headlineDepth == 0 && doc.headline.isEmpty())
            doc.headline = headline.take().replace(u'\n', u' ').trimmed();
        if (e.pre && preDepth > 0)
            --preDepth;
    };

    const qsizetype n = html.size();
    qsizetype textStart = 0;
    auto flushText = [&](qsizetype end) {
        if (end <= textStart || skipDepth > 0)
            return;
        const QStringView t = html.sliced(textStart, end - textStart);
        if (captionDepth > 0)
            caption.text(t, preDepth > 0);
        else
            body.text(t, preDepth > 0);
        if (headlineDepth > 0)
            headline.text(t, false);
    };

    qsizetype i = 0;
    while (i < n) {
        const qsizetype lt = html.indexOf(u'<', i);
        if (lt < 0)
            break;
        if (lt + 1 >= n) {
            i = n;
            break;
        }
        const QChar next = html[lt + 1];
        if (next == u'!' || next == u'?') {
            flushText(lt);
            qsizetype after;
            if (html.sliced(lt).startsWith(u"<!--")) {
                const qsizetype close = html.indexOf(u"-->", lt + 4);
                after = close < 0 ? n : close + 3;
            } else if (html.sliced(lt).startsWith(u"<![CDATA[")) {
                const qsizetype close = html.indexOf(u"]]>", lt + 9);
                after = close < 0 ? n : close + 3;
            } else {
                const qsizetype close = html.indexOf(u'>', lt + 2);
                after = close < 0 ? n : close + 1;
            }
            i = textStart = after;
            continue;
        }
        if (!(next.isLetter() || (next == u'/' && lt + 2 < n && html[lt + 2].isLetter()))) {
            i = lt + 1; // a literal '<' ("a < b")
            continue;
        }
        Tag tag;
        const qsizetype after = parseTag(html, lt, tag, nameBuffer, attrBuffer);
        if (after < 0) {
            i = lt + 1;
            continue;
        }
        flushText(lt);
        i = textStart = after;
        const QStringView name = tag.name;

        if (skipDepth > 0) {
            if (name == skipName && !(tag.flags & Void) && !tag.selfClosing)
                skipDepth += tag.end ? -1 : 1;
            if (skipDepth == 0)
                body.lineBreak();
            continue;
        }
        if (tag.end) {
            if (tag.flags & Block)
                (captionDepth > 0 ? caption : body).lineBreak();
            const qsizetype top = stack.size();
            for (qsizetype k = top - 1; k >= 0 && k >= top - kMaxEndTagSearch; --k) {
                if (stack[k].name == name) {
                    while (stack.size() > k) {
                        closeElement(stack.last());
                        stack.removeLast();
                    }
                    break;
                }
            }
            continue;
        }

        if (tag.flags & IsTitle) {
            const qsizetype close = findEndTag(html, after, u"title");
            const qsizetype end = close < 0 ? std::min(n, after + kMaxTagLength) : close;
            if (doc.title.isEmpty()) {
                TextSink t;
                t.text(html.sliced(after, end - after), false);
                doc.title = t.take();
            }
            const qsizetype gt = close < 0 ? -1 : html.indexOf(u'>', close);
            i = textStart = gt < 0 ? end : gt + 1;
            continue;
        }
        if (tag.flags & IsMeta) {
            if (!tag.metaName.isEmpty())
                doc.meta.append({tag.metaName, tag.content.trimmed()});
            continue;
        }
        if (tag.flags & IsLink) {
            if (tag.rel.split(u' ').contains(QStringLiteral("canonical")) && doc.canonicalUrl.isEmpty())
                doc.canonicalUrl = tag.href.trimmed();
            continue;
        }
        if (tag.flags & RawSkip) {
            const qsizetype close = findEndTag(html, after, name);
            const qsizetype gt = close < 0 ? -1 : html.indexOf(u'>', close);
            i = textStart = gt < 0 ? n : gt + 1;
            continue;
        }
        if (tag.flags & SubtreeSkip) {
            (captionDepth > 0 ? caption : body).lineBreak();
            if (!(tag.flags & Void) && !tag.selfClosing) {
                skipName = tag.name.toString();
                skipDepth = 1;
            }
            continue;
        }
        if (tag.flags & Block)
            (captionDepth > 0 ? caption : body).lineBreak();
        if ((tag.flags & Void) || tag.selfClosing)
            continue;
        // <p> and <li> close an open sibling, as browsers do; keeps the stack shallow on old pages.
        if ((tag.flags & (IsP | IsLi)) && !stack.isEmpty() && stack.last().name == name) {
            closeElement(stack.last());
            stack.removeLast();
        }
        OpenElement e;
        e.name = tag.name.toString();
        e.pre = tag.flags & IsPre;
        e.caption = (tag.flags & IsFigcaption) || hasCaptionClass(tag);
        e.headline = (tag.flags & IsH1) && doc.headline.isEmpty();
        if (e.caption && ++captionDepth == 1)
            body.lineBreak();
        if (e.headline)
            ++headlineDepth;
        if (e.pre)
            ++preDepth;
        stack.append(std::move(e));
    }
    flushText(n);
    while (!stack.isEmpty()) {
        closeElement(stack.last());
        stack.removeLast();
    }
    if (doc.canonicalUrl.isEmpty())
        doc.canonicalUrl = doc.metaContent(u"og:url");
    // Trim every line; the sink already dropped empty ones except around dropped captions.
    const QString bodyText = body.take();
    const QStringView all(bodyText);
    doc.text.reserve(all.size());
    for (qsizetype from = 0; from <= all.size();) {
        qsizetype end = all.indexOf(u'\n', from);
        if (end < 0)
            end = all.size();
        const QStringView t = all.sliced(from, end - from).trimmed();
        if (!t.isEmpty()) {
            if (!doc.text.isEmpty())
                doc.text.append(u'\n');
            doc.text.append(t);
        }
        from = end + 1;
    }
    return doc;
}

} // namespace mapline
