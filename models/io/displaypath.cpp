#include "io/displaypath.h"

#include <QList>

namespace mapline {
namespace {

bool isUnsafe(char32_t c)
{
    // C0 controls, DEL, C1 controls; the bidirectional embeddings, overrides and isolates.
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

QString escaped(char32_t c)
{
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

} // namespace

bool needsQuoting(const QString &path)
{
    for (const char32_t c : path.toUcs4())
        if (isUnsafe(c))
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
    for (const char32_t c : path.toUcs4()) {
        if (isUnsafe(c)) {
            flush();
            out += QStringLiteral("$'") + escaped(c) + QLatin1Char('\'');
        } else {
            run += QString::fromUcs4(&c, 1);
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
    for (const char32_t c : line.toUcs4()) {
        if (!isUnsafe(c))
            out += QString::fromUcs4(&c, 1);
        else if (c == '\n')
            out += QStringLiteral("\\n");
        else if (c == '\t')
            out += QStringLiteral("\\t");
        else if (c < 0x100)
            out += QStringLiteral("\\x%1").arg(uint(c), 2, 16, QLatin1Char('0'));
        else
            out += QStringLiteral("\\u%1").arg(uint(c), 4, 16, QLatin1Char('0'));
    }
    return out;
}

} // namespace mapline
