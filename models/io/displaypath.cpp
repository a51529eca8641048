#include "io/displaypath.h"

#include <QList>

namespace mapline {
namespace {

// One character of a name: a code point, or a byte that is not UTF-8 (io/localpath.h), which
// decodeFileName() keeps as a lone surrogate U+DC80..U+DCFF.
struct Unit {
    char32_t code = 0;
    bool rawByte = false;
};

// The units of `text` in order. A surrogate that is not half of a pair stays what it is (the
// byte it escapes, or itself), never U+FFFD as QString::toUcs4() would make it.
QList<Unit> unitsOf(QStringView text)
{
    QList<Unit> units;
    units.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text[i].unicode();
        if (QChar::isHighSurrogate(c) && i + 1 < text.size() && QChar::isLowSurrogate(text[i + 1].unicode())) {
            units.append({QChar::surrogateToUcs4(c, text[i + 1].unicode()), false});
            ++i;
        } else if (c >= 0xDC80 && c <= 0xDCFF) {
            units.append({char32_t(c - 0xDC00), true});
        } else {
            units.append({c, false});
        }
    }
    return units;
}

bool isUnsafe(Unit u)
{
    const char32_t c = u.code;
    // A byte that is not UTF-8; C0 controls, DEL, C1 controls; the bidirectional marks,
    // embeddings, overrides and isolates; line and paragraph separators; the byte order mark;
    // a lone surrogate.
    return u.rawByte || c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x61c || c == 0x200e || c == 0x200f ||
           (c >= 0x2028 && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0xfeff ||
           (c >= 0xd800 && c <= 0xdfff);
}

QString escaped(Unit u)
{
    const char32_t c = u.code;
    if (u.rawByte)
        return QStringLiteral("\\%1").arg(uint(c), 3, 8, QLatin1Char('0'));
    switch (c) {
    case '\n': return QStringLiteral("\\n");
    case '\t': return QStringLiteral("\\t");
    case '\r': return QStringLiteral("\\r");
    case 0x1b: return QStringLiteral("\\E");
    default: break;
    }
    if (c < 0x100)
        return QStringLiteral("\\%1").arg(uint(c), 3, 8, QLatin1Char('0'));
    return QStringLiteral("\\u%1").arg(uint(c), 4, 16, QLatin1Char('0'));
}

QString textOf(Unit u)
{
    return QString::fromUcs4(&u.code, 1);
}

} // namespace

bool needsQuoting(const QString &path)
{
    for (const Unit u : unitsOf(path))
        if (isUnsafe(u))
            return true;
    return false;
}

QString displayPath(const QString &path)
{
    if (!needsQuoting(path))
        return path;
    // Runs of safe characters in '...', each unsafe one as $'\n'; a ' in a run as '\''.
    QString out;
    QString run;
    const auto flush = [&] {
        if (run.isEmpty())
            return;
        out += QLatin1Char('\'') + run.replace(QLatin1Char('\''), QStringLiteral("'\\''")) + QLatin1Char('\'');
        run.clear();
    };
    for (const Unit u : unitsOf(path)) {
        if (isUnsafe(u)) {
            flush();
            out += QStringLiteral("$'") + escaped(u) + QLatin1Char('\'');
        } else {
            run += textOf(u);
        }
    }
    flush();
    return out;
}

QString messageLine(const QString &message, const QStringList &paths)
{
    QString line = message;
    for (const QString &path : paths)
        if (!path.isEmpty() && needsQuoting(path))
            line.replace(path, displayPath(path));
    if (!needsQuoting(line))
        return line;
    QString out;
    for (const Unit u : unitsOf(line)) {
        if (!isUnsafe(u))
            out += textOf(u);
        else if (u.rawByte)
            out += QStringLiteral("\\x%1").arg(uint(u.code), 2, 16, QLatin1Char('0'));
        else if (u.code == '\n')
            out += QStringLiteral("\\n");
        else if (u.code == '\t')
            out += QStringLiteral("\\t");
        else if (u.code < 0x100)
            out += QStringLiteral("\\x%1").arg(uint(u.code), 2, 16, QLatin1Char('0'));
        else
            out += QStringLiteral("\\u%1").arg(uint(u.code), 4, 16, QLatin1Char('0'));
    }
    return out;
}

} // namespace mapline
