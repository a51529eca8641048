#pragma once

#include <QString>
#include <QStringView>

#include <cstddef>

namespace mapline {

// `word == u"after"` on a QString decays the literal to a pointer: Qt then measures it
// (qustrlen) and compares out of line for every token, a tenth of the parser's time in the
// clause and anaphor rules. This compares the sizes first, inline, with the literal's size
// known at compile time; most words of a sentence are rejected by that alone.
template <std::size_t N>
inline bool wordIs(QStringView word, const char16_t (&literal)[N]) noexcept
{
    return word.size() == qsizetype(N - 1) && word == QStringView(literal, qsizetype(N - 1));
}

} // namespace mapline
