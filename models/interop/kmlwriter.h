#pragma once

#include "event.h"

#include <QByteArray>
#include <QIODevice>
#include <QList>
#include <QString>

namespace mapline {

// Writes events as KML 2.2 (Google Earth, QGIS), one placemark at a time: memory stays flat and
// 100,000 events take seconds, where GDAL's LIBKML driver, which builds the whole document
// first, grew about as n^2.5 (3,178 events in 58 s). The document is the one LIBKML wrote, so
// readers see no change: a shared style per event type (an icon in the type's colour), a schema
// of the contract's fields, and for each placemark its name, an HTML description, a TimeStamp
// (one day) or TimeSpan (longer) for Google Earth's time slider, the style, the fields as
// SchemaData, and the point.
//
// The text is XML 1.0 whatever an event holds: a character XML does not allow (a control
// character from a dataset, a lone surrogate) becomes U+FFFD, so the file always parses and
// Mapline reads its own export back. Not thread-safe; one writer per file.
class KmlWriter {
public:
    // Writes to `device` in chunks of about a megabyte: each placemark is composed as text and
    // encoded once (QXmlStreamWriter, writing piece by piece, took twice as long).
    explicit KmlWriter(QIODevice &device);

    // The document's start and a style for each type among `events`.
    void begin(const QStringList &types); // a style for each event type the file holds
    // One placemark; an event without a position is not written (KML cannot show it): false.
    bool write(const Event &event);
    // The document's end, and what is still in memory written out.
    void end();
    // Whether a write to the device failed (a full disk, a file-size limit).
    bool hasError() const { return mFailed; }

    // `text` with every character XML 1.0 does not allow replaced by U+FFFD.
    static QString xmlSafe(const QString &text);
    // The KML colour (aabbggrr) of "#RRGGBB", opaque.
    static QString kmlColour(const QString &rgb);
    // The id of a type's style: letters, digits, '_' and '-' only.
    static QString styleId(const QString &type);

private:
    // Appends `text` to `out` as XML character data (xmlSafe, then & < > " escaped).
    static void appendEscaped(QString &out, const QString &text);
    // <name>text</name> on a line of its own, indented by `depth`.
    static void appendElement(QString &out, int depth, QLatin1StringView name, const QString &text);
    void put(const QString &text);
    void flush();

    QIODevice &mDevice;
    QByteArray mPending; // UTF-8 not yet written to mDevice
    int mNumber = 0;
    bool mFailed = false;
};

} // namespace mapline
