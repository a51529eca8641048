#include "textdecoder.h"

#include <QStringDecoder>

#include <algorithm>

namespace mapline {
namespace {

// Windows-1252 differs from Latin-1 only in 0x80-0x9F. Undefined bytes map to U+FFFD.
constexpr char16_t kCp1252High[32] = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};

inline char16_t cp1252(unsigned char b)
{
    return (b >= 0x80 && b < 0xA0) ? kCp1252High[b - 0x80] : char16_t(b);
}

// Length of the valid UTF-8 sequence starting at p[0] (a byte >= 0x80), 0 when invalid.
// Rejects overlong forms, surrogates and code points above U+10FFFF, as the standard says.
int validSequenceLength(const unsigned char *p, qsizetype left, char32_t *cp)
{
    const unsigned char b0 = p[0];
    int len = 0;
    char32_t min = 0;
    char32_t v = 0;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        len = 2; v = b0 & 0x1F; min = 0x80;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        len = 3; v = b0 & 0x0F; min = 0x800;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        len = 4; v = b0 & 0x07; min = 0x10000;
    } else {
        return 0;
    }
    if (left < len)
        return 0;
    for (int k = 1; k < len; ++k) {
        if ((p[k] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (p[k] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return len;
}

// Decodes UTF-8, reading each invalid byte as Windows-1252. Counts valid multi-byte
// sequences and invalid bytes so the caller can tell UTF-8 from Windows-1252.
QString decodeUtf8Repairing(QByteArrayView bytes, int *valid, int *invalid)
{
    // At most one UTF-16 unit a byte (a four-byte sequence makes two): written through a pointer.
    QString out(bytes.size(), Qt::Uninitialized);
    char16_t *d = reinterpret_cast<char16_t *>(out.data());
    qsizetype size = 0;
    const auto *p = reinterpret_cast<const unsigned char *>(bytes.data());
    const qsizetype n = bytes.size();
    for (qsizetype i = 0; i < n;) {
        const unsigned char b = p[i];
        if (b < 0x80) {
            d[size++] = char16_t(b);
            ++i;
            continue;
        }
        char32_t cp = 0;
        const int len = validSequenceLength(p + i, n - i, &cp);
        if (len == 0) {
            d[size++] = cp1252(b);
            ++*invalid;
            ++i;
            continue;
        }
        ++*valid;
        if (cp >= 0x10000) {
            d[size++] = QChar::highSurrogate(cp);
            d[size++] = QChar::lowSurrogate(cp);
        } else {
            d[size++] = char16_t(cp);
        }
        i += len;
    }
    out.truncate(size);
    return out;
}

QString decodeCp1252(QByteArrayView bytes)
{
    QString out;
    out.resize(bytes.size());
    QChar *dst = out.data();
    for (char c : bytes)
        *dst++ = QChar(cp1252(static_cast<unsigned char>(c)));
    return out;
}

bool needsNormalising(char16_t c)
{
    if (c >= 0x20 && c < 0x2028)
        return false; // most characters: one test
    return (c < 0x20 && c != u'\n' && c != u'\t') || c == 0x2028 || c == 0x2029 || c == 0xFEFF;
}

// One pass: \r\n and \r become \n, Unicode line and paragraph separators too; NUL and
// other C0 controls (form feeds, escape codes from terminal captures) are dropped.
QString normaliseLines(QString text)
{
    const qsizetype n = text.size();
    const QChar *s = text.constData();
    qsizetype first = 0;
    while (first < n && !needsNormalising(s[first].unicode()))
        ++first;
    if (first == n)
        return text; // the common case: nothing to do, no copy
    // Never longer than the text: written through a pointer, then cut to size.
    QString out(n, Qt::Uninitialized);
    QChar *d = out.data();
    std::copy(s, s + first, d);
    qsizetype size = first;
    for (qsizetype i = first; i < n; ++i) {
        const char16_t c = s[i].unicode();
        if (!needsNormalising(c)) {
            d[size++] = s[i];
        } else if (c == u'\r') {
            d[size++] = QLatin1Char('\n');
            if (i + 1 < n && s[i + 1] == QLatin1Char('\n'))
                ++i;
        } else if (c == 0x2028 || c == 0x2029) {
            d[size++] = QLatin1Char('\n');
        }
        // other controls and stray BOMs (concatenated files) are dropped
    }
    out.truncate(size);
    return out;
}

} // namespace

QString toString(TextEncoding encoding)
{
    switch (encoding) {
    case TextEncoding::Utf8: return QStringLiteral("UTF-8");
    case TextEncoding::Utf8WithRepairs: return QStringLiteral("UTF-8 (with stray Windows-1252 bytes)");
    case TextEncoding::Utf16LE: return QStringLiteral("UTF-16LE");
    case TextEncoding::Utf16BE: return QStringLiteral("UTF-16BE");
    case TextEncoding::Windows1252: return QStringLiteral("Windows-1252");
    }
    return {};
}

bool looksLikeBomlessUtf16(QByteArrayView bytes, bool *littleEndian)
{
    const qsizetype n = std::min<qsizetype>(bytes.size(), 4096) & ~qsizetype(1);
    if (n < 8)
        return false;
    qsizetype evenNul = 0, oddNul = 0;
    for (qsizetype i = 0; i < n; i += 2) {
        evenNul += bytes[i] == 0;
        oddNul += bytes[i + 1] == 0;
    }
    const qsizetype pairs = n / 2;
    // Latin-script UTF-16: the high byte of nearly every unit is 0, the low byte almost never.
    if (oddNul * 10 >= pairs * 7 && evenNul * 20 <= pairs) {
        if (littleEndian)
            *littleEndian = true;
        return true;
    }
    if (evenNul * 10 >= pairs * 7 && oddNul * 20 <= pairs) {
        if (littleEndian)
            *littleEndian = false;
        return true;
    }
    return false;
}

DecodedText decodeText(const QByteArray &bytes)
{
    DecodedText result;
    QByteArrayView body(bytes);
    bool utf16 = false;
    bool le = true;
    if (body.startsWith("\xFF\xFE") || body.startsWith("\xFE\xFF")) {
        utf16 = true;
        le = body.startsWith("\xFF\xFE");
        body = body.sliced(2);
    } else if (looksLikeBomlessUtf16(body, &le)) {
        utf16 = true;
    }
    if (utf16) {
        // Qt's decoder turns an odd trailing byte or unpaired surrogate into U+FFFD.
        QStringDecoder decoder(le ? QStringConverter::Utf16LE : QStringConverter::Utf16BE,
                               QStringConverter::Flag::Stateless);
        result.text = normaliseLines(decoder.decode(body));
        result.encoding = le ? TextEncoding::Utf16LE : TextEncoding::Utf16BE;
        return result;
    }
    if (body.startsWith("\xEF\xBB\xBF"))
        body = body.sliced(3);
    {
        // Qt's decoder is the fast path; the repairing one runs only when it reports an error.
        QStringDecoder utf8(QStringConverter::Utf8, QStringConverter::Flag::Stateless);
        QString text = utf8.decode(body);
        if (!utf8.hasError()) {
            result.text = normaliseLines(std::move(text));
            return result;
        }
    }
    int valid = 0;
    int invalid = 0;
    QString text = decodeUtf8Repairing(body, &valid, &invalid);
    if (invalid == 0) {
        result.text = normaliseLines(text);
        return result;
    }
    // Mostly valid UTF-8 with a few stray bytes: keep the UTF-8. No valid multi-byte sequence,
    // or more bad bytes than good sequences: the file is Windows-1252 throughout.
    if (valid > 0 && invalid <= valid) {
        result.text = normaliseLines(text);
        result.encoding = TextEncoding::Utf8WithRepairs;
        result.invalidSequences = invalid;
        return result;
    }
    result.text = normaliseLines(decodeCp1252(body));
    result.encoding = TextEncoding::Windows1252;
    return result;
}

} // namespace mapline
