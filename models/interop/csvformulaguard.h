#pragma once

#include <QString>

namespace mapline {

// Keeps a spreadsheet from running a CSV cell as a formula (CSV injection): as OWASP advises, a
// text that begins with = + - @, a tab or a carriage return is written with a leading single
// quote, which Excel and LibreOffice show as text. To keep Mapline's own round trip lossless, a
// text that begins with quotes followed by one of those gets one quote more, and reading takes
// exactly one off (encode, then decode, gives the text back, whatever it was). Only texts:
// numbers and dates are written as they are (-12.5 is a number, not a formula).
class CsvFormulaGuard {
public:
    static QString encode(const QString &text);
    // The inverse of encode(); a text encode() cannot have made is returned unchanged.
    static QString decode(const QString &text);
    // Whether a spreadsheet would take `text` as a formula.
    static bool startsFormula(const QString &text);
};

} // namespace mapline
