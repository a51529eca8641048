#pragma once

#include <QByteArray>
#include <QString>

namespace mapline {

// Which encoding decodeText() settled on, for messages and tests.
// Utf8WithRepairs: UTF-8 with a few invalid bytes (a Windows-1252 quote pasted into a UTF-8
// file, a truncated sequence); those bytes were read as Windows-1252, the rest as UTF-8.
enum class TextEncoding { Utf8, Utf8WithRepairs, Utf16LE, Utf16BE, Windows1252 };

QString toString(TextEncoding encoding);

struct DecodedText {
    QString text;
    TextEncoding encoding = TextEncoding::Utf8;
    int invalidSequences = 0; // UTF-8 byte sequences that had to be read as Windows-1252
};

// Decodes article bytes: UTF-16 with a byte-order mark (or without one when every other byte is
// NUL), UTF-8 (with or without BOM), and Windows-1252 when the bytes are not UTF-8. A file that
// is UTF-8 but for a few stray bytes keeps its UTF-8 and reads only those bytes as
// Windows-1252, so one bad quote does not turn every accented letter into mojibake.
// Never fails: every byte maps to a character. Line endings (\r\n, \r, U+2028, U+2029) are
// normalised to \n, and NUL and other C0 controls except \t and \n are dropped.
DecodedText decodeText(const QByteArray &bytes);

// True when `bytes` look like UTF-16 without a byte-order mark (ASCII-heavy text with NUL
// in every other byte); `littleEndian` tells which.
bool looksLikeBomlessUtf16(QByteArrayView bytes, bool *littleEndian = nullptr);

} // namespace mapline
