#pragma once

#include <QByteArray>
#include <QString>

namespace mapline {

// Which encoding decodeText() settled on, for messages and tests.
enum class TextEncoding { Utf8, Utf16LE, Utf16BE, Windows1252 };

struct DecodedText {
    QString text;
    TextEncoding encoding = TextEncoding::Utf8;
};

// Decodes article bytes: UTF-16 with a byte-order mark, UTF-8 (with or without BOM),
// and Windows-1252 when the bytes are not valid UTF-8. Never fails: every byte maps to a
// character. Line endings are normalised to \n and NUL characters are dropped.
DecodedText decodeText(const QByteArray &bytes);

} // namespace mapline
