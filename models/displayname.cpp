#include "displayname.h"

#include "localpath.h"

namespace mapline {
namespace {

bool isEscapedByte(QStringView s, qsizetype i)
{
    const char16_t c = s[i].unicode();
    return c >= 0xDC80 && c <= 0xDCFF && !(i > 0 && s[i - 1].isHighSurrogate());
}

// Characters that do not show as themselves, or would break the line.
bool needsEscape(QStringView s, qsizetype i)
{
    const QChar c = s[i];
    if (c.unicode() < 0x20 || c.unicode() == 0x7F || (c.unicode() >= 0x80 && c.unicode() < 0xA0))
        return true;
    if (c.isSurrogate())
        return isEscapedByte(s, i) || (c.isHighSurrogate() && (i + 1 >= s.size() || !s[i + 1].isLowSurrogate())) ||
               (c.isLowSurrogate() && !(i > 0 && s[i - 1].isHighSurrogate()));
    switch (c.category()) {
    case QChar::Other_Format:        // U+200E..U+202E, U+2066..U+2069, U+FEFF...
    case QChar::Separator_Line:      // U+2028
    case QChar::Separator_Paragraph: // U+2029
        return true;
    default: return false;
    }
}

// $'\ooo...' for the characters of s[from, to): their bytes in octal (\n, \t as such).
QString escaped(QStringView s, qsizetype from, qsizetype to)
{
    QString out = QStringLiteral("$'");
    const QByteArray bytes = encodeFileName(s.sliced(from, to - from));
    for (const char ch : bytes) {
        const auto b = static_cast<unsigned char>(ch);
        if (b == '\n')
            out += QStringLiteral("\\n");
        else if (b == '\t')
            out += QStringLiteral("\\t");
        else
            out += QStringLiteral("\\%1").arg(uint(b), 3, 8, QLatin1Char('0'));
    }
    out += QLatin1Char('\'');
    return out;
}

} // namespace

QString displayName(const QString &name)
{
    bool plain = true;
    for (qsizetype i = 0; i < name.size() && plain; ++i)
        plain = !needsEscape(name, i);
    if (plain)
        return name;
    // 'printable run'$'\ooo'... : runs of printable characters in single quotes (a quote inside
    // as '\''), the others as $'...' between them, as `ls --quoting-style=shell-escape` does.
    QString out;
    bool open = false; // inside '...'
    for (qsizetype i = 0; i < name.size();) {
        if (needsEscape(name, i)) {
            qsizetype end = i + 1;
            while (end < name.size() && needsEscape(name, end))
                ++end;
            if (open)
                out += QLatin1Char('\'');
            open = false;
            out += escaped(name, i, end);
            i = end;
            continue;
        }
        if (name[i] == QLatin1Char('\'')) {
            if (open)
                out += QLatin1Char('\'');
            open = false;
            out += QStringLiteral("\\'");
            ++i;
            continue;
        }
        if (!open)
            out += QLatin1Char('\'');
        open = true;
        out += name[i];
        ++i;
    }
    if (open)
        out += QLatin1Char('\'');
    return out;
}

QString displayMessage(const QString &message, const QString &name)
{
    QString out = message;
    if (!name.isEmpty()) {
        const QString shown = displayName(name);
        if (shown != name)
            out.replace(name, shown);
    }
    for (qsizetype i = 0; i < out.size(); ++i)
        if (needsEscape(out, i))
            out[i] = QLatin1Char('?');
    return out;
}

} // namespace mapline
