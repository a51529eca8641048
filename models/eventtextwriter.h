#pragma once

#include "eventrecord.h"

#include <QtGlobal>

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace mapline {

struct Event;

// `mapline events` output: one JSON array or a CSV file of EventRecords, composed as bytes into
// a buffer handed to `out` about a megabyte at a time, so a million rows cost neither a
// QJsonObject nor a QString each. The bytes are exactly those of the earlier writers: the JSON
// QJsonDocument writes for the whole array of eventToJson() objects, indented (keys sorted,
// strings escaped as Qt escapes them, numbers as Qt prints them), and the CSV of csvHeader()
// and eventToCsvRecord() with CRLF line ends (tst_eventtextwriter compares both on awkward
// values, tst_cli on whole databases).
class EventTextWriter {
public:
    enum class Format { Json, Csv };
    // `out` receives the bytes in order; returning false (a write error) stops the writer.
    using Output = std::function<bool(std::string_view bytes)>;

    EventTextWriter(Format format, Output out);

    // Writes the opening (JSON "[", CSV header) before the first record.
    bool write(const EventRecord &record);
    bool write(const Event &event); // through recordOf
    // The closing (the opening first when no record came), and everything still buffered.
    bool finish();
    // What was composed so far, without closing: after a failure midway the JSON stays unclosed,
    // so that no reader takes the part for the whole.
    bool flush();
    bool failed() const { return mFailed; }
    qint64 written() const { return mWritten; }

    // An Event's record: the texts it points to are kept in `holder` (reused row after row).
    struct Holder {
        std::vector<std::string> texts;
        std::vector<std::string> actorTexts;
        std::vector<std::string_view> actors;
    };
    static EventRecord recordOf(const Event &event, Holder &holder);

    // The number formats, exposed for their tests: JSON numbers as QJsonDocument prints a double,
    // CSV coordinates as QString::number(v, 'f', 6).
    static void appendJsonDouble(std::string &out, double value);
    static void appendFixed6(std::string &out, double value);

private:
    void begin();
    void writeJson(const EventRecord &r);
    void writeCsv(const EventRecord &r);
    const std::string &confidenceText(double value); // valid until the next call
    bool maybeFlush();
    void append(std::string_view bytes);

    Format mFormat;
    Output mOut;
    std::string mBuffer; // the text is its first mLength bytes
    size_t mLength = 0;
    bool mBegun = false;
    bool mFailed = false;
    qint64 mWritten = 0;
    Holder mHolder;
    // Confidences take few distinct values: each formatted once, by its bits.
    std::unordered_map<quint64, std::string> mConfidence;
    std::string mLat, mLon; // the record's coordinates as text
};

} // namespace mapline
