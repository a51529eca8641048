#pragma once

#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>

#include <utility>

class QImage;

namespace mapline {

class MapSettings;
struct FilterState;

// Where a map snapshot came from, written inside the file so a picture in a briefing can be
// traced back: the time window, the filters, the database, how many events it shows, the
// program and when it was made. SnapshotWriter puts it into PNG text chunks, the SVG title and
// description, the PDF document information and XMP, and the GeoTIFF's metadata; an animation
// (AnimationExporter) into a GIF comment, MP4 tags or each PNG frame's text chunks, with its own
// facts (step, window, frames) in `more`.
struct SnapshotProvenance {
    QString title;     // the map's title, may be empty
    QDate from;        // the time window; invalid ends are open
    QDate to;
    QString filters;   // the active filters in words; empty: none
    QString database;  // the database file the events come from
    qint64 events = 0; // events shown: in the window and through the filters
    // Further (label, value) items of what the picture belongs to, listed after Events: an
    // animation's step, window, frame count and frame rate. Empty for a map snapshot.
    QList<std::pair<QString, QString>> more;
    QDateTime created = QDateTime::currentDateTimeUtc();

    // The provenance of the frame `settings` draws: its title, time window and the number of
    // events its window and mask let through.
    static SnapshotProvenance of(const MapSettings &settings, const QString &database, const QString &filters = {});
    // The viewer's filters in words, for `filters`: the hidden types by name (the filter panel's
    // chip only counts them), then the others as the panel says them; empty when none apply.
    static QString describeFilters(const FilterState &filters);

    static QString program(); // "Mapline 0.6.0"
    QString timeWindowText() const; // "2001-11-01 to 2001-11-30", "from 2001-11-01", "all dates"
    // (label, value) in a fixed order: Title (when set), Time window, Filters, Database, Events,
    // then `more`, Software, Creation time (ISO 8601, UTC).
    QList<std::pair<QString, QString>> items() const;
    // The items as "Label: value" lines, for description fields.
    QString text() const;
    // A label as a metadata key: "Time window" -> "TimeWindow". No spaces: QImageReader takes a
    // PNG key with a space for free text.
    static QString key(const QString &label);
    // The items as `image`'s text, which a PNG keeps as text chunks: each under its key, and
    // all of them in "Description".
    void addTo(QImage &image) const;
};

} // namespace mapline
