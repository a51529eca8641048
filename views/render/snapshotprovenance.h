#pragma once

#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>

#include <utility>

namespace mapline {

class MapSettings;

// Where a map snapshot came from, written inside the file so a picture in a briefing can be
// traced back: the time window, the filters, the database, how many events it shows, the
// program and when it was made. SnapshotWriter puts it into PNG text chunks, the SVG title and
// description, the PDF document information and XMP, and the GeoTIFF's metadata.
struct SnapshotProvenance {
    QString title;     // the map's title, may be empty
    QDate from;        // the time window; invalid ends are open
    QDate to;
    QString filters;   // the active filters in words; empty: none
    QString database;  // the database file the events come from
    qint64 events = 0; // events shown: in the window and through the filters
    QDateTime created = QDateTime::currentDateTimeUtc();

    // The provenance of the frame `settings` draws: its title, time window and the number of
    // events its window and mask let through.
    static SnapshotProvenance of(const MapSettings &settings, const QString &database, const QString &filters = {});

    static QString program(); // "Mapline 0.6.0"
    QString timeWindowText() const; // "2001-11-01 to 2001-11-30", "from 2001-11-01", "all dates"
    // (label, value) in a fixed order: Title (when set), Time window, Filters, Database, Events,
    // Software, Creation time (ISO 8601, UTC).
    QList<std::pair<QString, QString>> items() const;
    // The items as "Label: value" lines, for description fields.
    QString text() const;
};

} // namespace mapline
