#include "io/localpath.h"

#include <QDir>

#include <climits>
#include <unistd.h>

namespace mapline {
namespace {

constexpr char16_t kEscapeBase = 0xDC00; // + a byte of 0x80..0xFF

bool isEscape(char16_t c)
{
    return c >= kEscapeBase + 0x80 && c <= kEscapeBase + 0xFF;
}

// The length of the valid UTF-8 sequence at data[i] (1..4), or 0 when the bytes there are not
// one: overlong forms, surrogates and code points past U+10FFFF are not valid (RFC 3629).
int sequenceLength(const unsigned char *data, qsizetype i, qsizetype size, char32_t &code)
{
    const unsigned char b = data[i];
    int length = 0;
    char32_t min = 0;
    if (b >= 0xC2 && b <= 0xDF) {
        length = 2, code = b & 0x1F, min = 0x80;
    } else if (b >= 0xE0 && b <= 0xEF) {
        length = 3, code = b & 0x0F, min = 0x800;
    } else if (b >= 0xF0 && b <= 0xF4) {
        length = 4, code = b & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (i + length > size)
        return 0;
    for (int k = 1; k < length; ++k) {
        const unsigned char c = data[i + k];
        if ((c & 0xC0) != 0x80)
            return 0;
        code = (code << 6) | (c & 0x3F);
    }
    if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
        return 0;
    return length;
}

} // namespace

QString decodeFileName(QByteArrayView bytes)
{
    if (bytes.isValidUtf8())
        return QString::fromUtf8(bytes);
    const auto *data = reinterpret_cast<const unsigned char *>(bytes.data());
    const qsizetype size = bytes.size();
    QString out;
    out.reserve(size);
    for (qsizetype i = 0; i < size;) {
        const unsigned char b = data[i];
        if (b < 0x80) {
            out.append(QChar(b));
            ++i;
            continue;
        }
        char32_t code = 0;
        const int length = sequenceLength(data, i, size, code);
        if (length == 0) {
            out.append(QChar(char16_t(kEscapeBase + b)));
            ++i;
            continue;
        }
        if (code >= 0x10000) {
            out.append(QChar(char16_t(0xD800 + ((code - 0x10000) >> 10))));
            out.append(QChar(char16_t(0xDC00 + ((code - 0x10000) & 0x3FF))));
        } else {
            out.append(QChar(char16_t(code)));
        }
        i += length;
    }
    return out;
}

QByteArray encodeFileName(QStringView name)
{
    if (!hasEscapedBytes(name))
        return name.toUtf8();
    QByteArray out;
    out.reserve(name.size() * 2);
    qsizetype run = 0; // start of the text not yet written
    for (qsizetype i = 0; i < name.size(); ++i) {
        const char16_t c = name[i].unicode();
        // A low surrogate that follows a high one is half of a character, not an escape.
        const bool paired = i > 0 && QChar::isHighSurrogate(name[i - 1].unicode());
        if (isEscape(c) && !paired) {
            out += name.sliced(run, i - run).toUtf8();
            out += char(c - kEscapeBase);
            run = i + 1;
        }
    }
    out += name.sliced(run).toUtf8();
    return out;
}

bool hasEscapedBytes(QStringView name)
{
    for (qsizetype i = 0; i < name.size(); ++i)
        if (isEscape(name[i].unicode()) && !(i > 0 && QChar::isHighSurrogate(name[i - 1].unicode())))
            return true;
    return false;
}

QString absoluteFileName(const QString &name)
{
    if (QDir::isAbsolutePath(name))
        return QDir::cleanPath(name);
    char folder[PATH_MAX];
    const QString current = ::getcwd(folder, sizeof folder) ? decodeFileName(folder) : QDir::currentPath();
    return QDir::cleanPath(current + QLatin1Char('/') + name);
}

QString fileNameAsText(const QString &name)
{
    if (!hasEscapedBytes(name))
        return name;
    QString out = name;
    for (qsizetype i = 0; i < out.size(); ++i)
        if (isEscape(out[i].unicode()) && !(i > 0 && out[i - 1].isHighSurrogate()))
            out[i] = QChar::ReplacementCharacter;
    return out;
}

} // namespace mapline
