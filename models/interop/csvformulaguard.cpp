#include "interop/csvformulaguard.h"

namespace mapline {
namespace {

bool isTrigger(QChar c)
{
    return c == u'=' || c == u'+' || c == u'-' || c == u'@' || c == u'\t' || c == u'\r';
}

// Whether `text` is quotes (at least `minQuotes`) followed by a character that starts a formula.
bool quotesThenTrigger(const QString &text, int minQuotes)
{
    qsizetype i = 0;
    while (i < text.size() && text[i] == u'\'')
        ++i;
    return i >= minQuotes && i < text.size() && isTrigger(text[i]);
}

} // namespace

bool CsvFormulaGuard::startsFormula(const QString &text)
{
    return !text.isEmpty() && isTrigger(text[0]);
}

QString CsvFormulaGuard::encode(const QString &text)
{
    return quotesThenTrigger(text, 0) ? QLatin1Char('\'') + text : text;
}

QString CsvFormulaGuard::decode(const QString &text)
{
    return quotesThenTrigger(text, 1) ? text.mid(1) : text;
}

} // namespace mapline
