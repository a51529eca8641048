#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringView>

namespace mapline {

// File names are bytes on Linux, not text. Qt 6 decodes them as UTF-8 and turns each byte that is
// not UTF-8 into U+FFFD (QFile::decodeName too), so a file named "caf\xE9.txt" by a Latin-1 system
// cannot be opened again through QFile. These two make the round trip lossless: each byte that is
// not part of valid UTF-8 becomes the lone low surrogate U+DC00 + byte (U+DC80..U+DCFF), which no
// valid UTF-8 decodes to (Python's "surrogateescape"), and back. A name holding such a surrogate
// must be opened with encodeFileName() and the POSIX calls (InputFile, FolderScan do), never with
// QFile or QFileInfo.
QString decodeFileName(QByteArrayView bytes);
QByteArray encodeFileName(QStringView name);

// True when `name` holds bytes that are not UTF-8 (escaped by decodeFileName()).
bool hasEscapedBytes(QStringView name);

// `name` made absolute against the current folder and cleaned, by string alone (QFileInfo would
// not keep the escaped bytes).
QString absoluteFileName(const QString &name);

// `name` as text to store or show in a widget: escaped bytes become U+FFFD, as Qt shows them.
QString fileNameAsText(const QString &name);

} // namespace mapline
