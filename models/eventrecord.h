#pragma once

#include <QtGlobal>

#include <span>
#include <string_view>

namespace mapline {

// One event's values of the command-line contract (eventFieldNames()) as UTF-8 views, for
// writing millions of rows as text without building an Event, a QVariant or a QString each:
// the views point into the reader's row (SQLite's buffers) and stay valid only while the sink
// that receives the record runs. Every text is valid UTF-8, already as Event would give it
// (dates as "YYYY-MM-DD" or empty when unknown, precisions by their canonical names).
struct EventRecord {
    qint64 id = 0;
    qint64 articleId = 0;
    std::string_view date;     // empty: unknown (null)
    std::string_view dateEnd;  // empty: unknown (null)
    std::string_view datePrecision;
    std::string_view place;
    std::string_view placeText;
    bool located = false;      // lat and lon hold a valid coordinate; else both are null
    double lat = 0.0;
    double lon = 0.0;
    std::string_view geoPrecision;
    std::string_view admin1;
    std::string_view country;
    std::string_view type;
    std::string_view acledEventType;
    std::string_view acledSubEventType;
    std::string_view cameoRoot;
    std::span<const std::string_view> actors; // each name once, in the order they are named
    std::string_view sentence;
    double confidence = 0.0;
    qint64 happeningId = 0;    // 0: none (null)
    qint64 sources = 0;
    std::string_view externalId; // empty: none (null), an event read from an article
};

} // namespace mapline
