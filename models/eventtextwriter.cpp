#include "eventtextwriter.h"

#include "event.h"
#include "eventfields.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <array>
#include <charconv>
#include <cmath>
#include <cstring>

namespace mapline {
namespace {

constexpr size_t kFlushBytes = 1 << 20;

// Writes into room made beforehand at the end of the text (a record's largest possible size),
// without a capacity check for every byte. The string keeps its largest size (its bytes past
// `length` are scratch), so that making room costs nothing once it has grown: no zeroing.
class Room {
public:
    Room(std::string &s, size_t &length, size_t bytes)
        : mString(s)
        , mLength(length)
    {
        if (s.size() < length + bytes)
            s.resize(length + bytes);
        mAt = s.data() + length;
    }
    ~Room() { mLength = size_t(mAt - mString.data()); }
    Room(const Room &) = delete;
    Room &operator=(const Room &) = delete;

    Room &operator+=(char c)
    {
        *mAt++ = c;
        return *this;
    }
    Room &operator+=(std::string_view s)
    {
        append(s.data(), s.size());
        return *this;
    }
    void append(const char *data, size_t n)
    {
        if (n > 0) // an empty text's pointer may be null, which memcpy must not be given
            std::memcpy(mAt, data, n);
        mAt += n;
    }
    void append(std::string_view s) { *this += s; }

private:
    std::string &mString;
    size_t &mLength;
    char *mAt;
};

template <typename Out> void appendInt(Out &out, qint64 value)
{
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, value);
    out.append(buf, size_t(r.ptr - buf));
}

// A JSON string as QJsonDocument writes one: quotes, backslashes and control characters escaped
// (\b \f \n \r \t by name, the others as \u00xx), everything else as it is.
// Whether any byte of the 8 in `w` is `b` (the classic test for a zero byte, of w ^ b...b).
constexpr quint64 kOnes = 0x0101010101010101ull;
constexpr quint64 kHighs = 0x8080808080808080ull;
inline bool hasByte(quint64 w, unsigned char b)
{
    const quint64 x = w ^ (kOnes * b);
    return ((x - kOnes) & ~x & kHighs) != 0;
}
inline bool hasByteBelow(quint64 w, unsigned char b) // b <= 128
{
    return ((w - kOnes * b) & ~w & kHighs) != 0;
}

// The length of the prefix of `s` in which no byte needs escaping, eight bytes at a time; the
// rest is looked at byte by byte.
size_t plainJsonPrefix(std::string_view s)
{
    size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
        quint64 w;
        std::memcpy(&w, s.data() + i, 8);
        if (hasByteBelow(w, 0x20) || hasByte(w, '"') || hasByte(w, '\\'))
            break;
    }
    return i;
}

template <typename Out> void appendJsonString(Out &out, std::string_view s)
{
    static constexpr char kHex[] = "0123456789abcdef";
    out += '"';
    size_t plain = 0;
    for (size_t i = plainJsonPrefix(s); i < s.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        out.append(s.data() + plain, i - plain);
        plain = i + 1;
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default: {
            const char escaped[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xf]};
            out.append(escaped, sizeof escaped);
        }
        }
    }
    out.append(s.data() + plain, s.size() - plain);
    out += '"';
}

// csvQuote(): quoted, with its quotes doubled, when it holds a comma, a quote or a line end.
template <typename Out> void appendCsvField(Out &out, std::string_view s)
{
    // A byte that makes the field quoted: a comma, a quote, a line end.
    static constexpr auto kQuoted = [] {
        std::array<bool, 256> t{};
        t[','] = t['"'] = t['\n'] = t['\r'] = true;
        return t;
    }();
    bool needs = false;
    for (const char c : s)
        needs |= kQuoted[static_cast<unsigned char>(c)];
    if (!needs) {
        out.append(s);
        return;
    }
    out += '"';
    size_t plain = 0;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '"')
            continue;
        out.append(s.data() + plain, i + 1 - plain);
        out += '"';
        plain = i + 1;
    }
    out.append(s.data() + plain, s.size() - plain);
    out += '"';
}

void appendUtf8(std::string &out, const QString &s)
{
    const QByteArray utf8 = s.toUtf8();
    out.append(utf8.constData(), size_t(utf8.size()));
}

} // namespace

void EventTextWriter::appendJsonDouble(std::string &out, double value)
{
    // Qt prints a double with no fraction as an integer and otherwise the shortest text that
    // reads back as the same double, in decimal form unless exponent form is shorter. For the
    // values events hold (coordinates, confidences) that is the shortest decimal, which
    // std::to_chars gives; anything else (integral, very large or small, not finite) goes
    // through Qt itself.
    const double magnitude = std::fabs(value);
    if (magnitude >= 0.1 && magnitude < 1e15 && value != std::trunc(value)) {
        char buf[40];
        const auto r = std::to_chars(buf, buf + sizeof buf, value);
        if (r.ec == std::errc() && !std::memchr(buf, 'e', size_t(r.ptr - buf))) {
            out.append(buf, size_t(r.ptr - buf));
            return;
        }
    }
    QJsonArray array;
    array.append(value);
    const QByteArray text = QJsonDocument(array).toJson(QJsonDocument::Compact); // "[value]"
    out.append(text.constData() + 1, size_t(text.size() - 2));
}

void EventTextWriter::appendFixed6(std::string &out, double value)
{
    // Both round the exact binary value to six decimals; they may differ only on an exact tie
    // (a value of exactly seven decimals, the last a 5: an odd multiple of 1/128) and near zero
    // (Qt writes no "-0"): those go through Qt.
    const double magnitude = std::fabs(value);
    const double eighths = value * 128.0; // exact: a power of two
    const bool tie = eighths == std::trunc(eighths) && std::fmod(eighths, 2.0) != 0.0;
    if (magnitude >= 0.001 && magnitude < 1e9 && !tie) {
        // value * 1e6 is rounded once (1e6 is exact), by at most half an ulp (< y * 2^-53): when y
        // is not within a few ulps of a half, the exact value rounds to the same integer as y.
        const double y = magnitude * 1e6;
        const double whole = std::floor(y);
        const double fraction = y - whole;
        if (std::fabs(fraction - 0.5) > y * 0x1p-50) {
            const auto n = quint64(fraction > 0.5 ? whole + 1.0 : whole);
            char buf[32];
            char *p = buf;
            if (value < 0)
                *p++ = '-';
            p = std::to_chars(p, buf + sizeof buf, n / 1000000).ptr;
            *p++ = '.';
            quint64 decimals = n % 1000000;
            for (int i = 5; i >= 0; --i) {
                p[i] = char('0' + decimals % 10);
                decimals /= 10;
            }
            out.append(buf, size_t(p + 6 - buf));
            return;
        }
    }
    if (magnitude >= 0.001 && magnitude < 1e15 && !tie) {
        char buf[48];
        const auto r = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed, 6);
        if (r.ec == std::errc()) {
            out.append(buf, size_t(r.ptr - buf));
            return;
        }
    }
    const QByteArray text = QString::number(value, 'f', 6).toLatin1();
    out.append(text.constData(), size_t(text.size()));
}

EventTextWriter::EventTextWriter(Format format, Output out)
    : mFormat(format)
    , mOut(std::move(out))
{
    mBuffer.resize(kFlushBytes + (64 << 10));
}

void EventTextWriter::begin()
{
    if (mBegun)
        return;
    mBegun = true;
    if (mFormat == Format::Json) {
        append("[\n");
    } else {
        const QByteArray header = csvHeader().toUtf8();
        append({header.constData(), size_t(header.size())});
        append("\r\n");
    }
}

void EventTextWriter::append(std::string_view bytes)
{
    Room(mBuffer, mLength, bytes.size()) += bytes;
}

bool EventTextWriter::maybeFlush()
{
    if (mLength >= kFlushBytes)
        return flush();
    return !mFailed;
}

bool EventTextWriter::flush()
{
    if (mFailed)
        return false;
    if (mLength > 0 && !mOut(std::string_view(mBuffer.data(), mLength)))
        mFailed = true;
    mLength = 0;
    return !mFailed;
}

bool EventTextWriter::write(const EventRecord &record)
{
    if (mFailed)
        return false;
    begin();
    if (mFormat == Format::Json)
        writeJson(record);
    else
        writeCsv(record);
    ++mWritten;
    return maybeFlush();
}

bool EventTextWriter::write(const Event &event)
{
    return write(recordOf(event, mHolder));
}

bool EventTextWriter::finish()
{
    begin();
    if (mFormat == Format::Json)
        append(mWritten > 0 ? "\n]\n" : "]\n");
    return flush();
}

const std::string &EventTextWriter::confidenceText(double value)
{
    quint64 bits;
    std::memcpy(&bits, &value, sizeof bits);
    auto it = mConfidence.find(bits);
    if (it == mConfidence.end()) {
        std::string text;
        if (mFormat == Format::Json)
            appendJsonDouble(text, value);
        else
            text = QString::number(value, 'g', 3).toStdString();
        if (mConfidence.size() > 4096) // not a handful of values after all: keep the cache small
            mConfidence.clear();
        it = mConfidence.emplace(bits, std::move(text)).first;
    }
    return it->second;
}

// The keys in the order QJsonObject keeps them (sorted), each object one level inside the array.
void EventTextWriter::writeJson(const EventRecord &r)
{
    // The largest text the record can take: every byte escaped as \u00xx, the keys, the numbers.
    const std::string &confidence = confidenceText(r.confidence);
    mLat.clear();
    mLon.clear();
    if (r.located) {
        appendJsonDouble(mLat, r.lat);
        appendJsonDouble(mLon, r.lon);
    }
    size_t room = 2048 + confidence.size() + mLat.size() + mLon.size();
    for (std::string_view t : {r.acledEventType, r.acledSubEventType, r.admin1, r.cameoRoot, r.country, r.date,
                               r.dateEnd, r.datePrecision, r.externalId, r.geoPrecision, r.place, r.placeText,
                               r.sentence, r.type})
        room += 6 * t.size();
    for (std::string_view a : r.actors)
        room += 6 * a.size() + 24;
    Room o(mBuffer, mLength, room);
    if (mWritten > 0)
        o += ",\n";
    const auto text = [&o](std::string_view key, std::string_view value) {
        o += key;
        appendJsonString(o, value);
        o += ",\n";
    };
    // A date, or the external id: null when empty.
    const auto orNull = [&o](std::string_view key, std::string_view value) {
        o += key;
        if (value.empty())
            o += "null";
        else
            appendJsonString(o, value);
        o += ",\n";
    };
    o += "    {\n";
    text("        \"acled_event_type\": ", r.acledEventType);
    text("        \"acled_sub_event_type\": ", r.acledSubEventType);
    o += "        \"actors\": [\n";
    for (size_t i = 0; i < r.actors.size(); ++i) {
        o += "            ";
        appendJsonString(o, r.actors[i]);
        o += i + 1 < r.actors.size() ? ",\n" : "\n";
    }
    o += "        ],\n";
    text("        \"admin1\": ", r.admin1);
    o += "        \"article_id\": ";
    appendInt(o, r.articleId);
    o += ",\n";
    text("        \"cameo_root\": ", r.cameoRoot);
    o += "        \"confidence\": ";
    o += confidence;
    o += ",\n";
    text("        \"country\": ", r.country);
    orNull("        \"date\": ", r.date);
    orNull("        \"date_end\": ", r.dateEnd);
    text("        \"date_precision\": ", r.datePrecision);
    orNull("        \"external_id\": ", r.externalId);
    text("        \"geo_precision\": ", r.geoPrecision);
    o += "        \"happening_id\": ";
    if (r.happeningId > 0)
        appendInt(o, r.happeningId);
    else
        o += "null";
    o += ",\n        \"id\": ";
    appendInt(o, r.id);
    o += ",\n        \"lat\": ";
    if (r.located)
        o += mLat;
    else
        o += "null";
    o += ",\n        \"lon\": ";
    if (r.located)
        o += mLon;
    else
        o += "null";
    o += ",\n";
    text("        \"place\": ", r.place);
    text("        \"place_text\": ", r.placeText);
    text("        \"sentence\": ", r.sentence);
    o += "        \"sources\": ";
    appendInt(o, r.sources);
    o += ",\n        \"type\": ";
    appendJsonString(o, r.type);
    o += "\n    }";
}

// eventFieldNames() order, CRLF line ends.
void EventTextWriter::writeCsv(const EventRecord &r)
{
    // The largest text the record can take: every field quoted with every byte a quote.
    const std::string &confidence = confidenceText(r.confidence);
    mLat.clear();
    mLon.clear();
    if (r.located) {
        appendFixed6(mLat, r.lat);
        appendFixed6(mLon, r.lon);
    }
    size_t room = 256 + confidence.size() + mLat.size() + mLon.size();
    for (std::string_view t : {r.date, r.dateEnd, r.datePrecision, r.place, r.placeText, r.geoPrecision, r.admin1,
                               r.country, r.type, r.acledEventType, r.acledSubEventType, r.cameoRoot, r.sentence,
                               r.externalId})
        room += 2 * t.size();
    for (std::string_view a : r.actors)
        room += 2 * a.size() + 4;
    Room o(mBuffer, mLength, room);
    appendInt(o, r.id);
    o += ',';
    appendInt(o, r.articleId);
    o += ',';
    o += r.date;
    o += ',';
    o += r.dateEnd;
    o += ',';
    appendCsvField(o, r.datePrecision);
    o += ',';
    appendCsvField(o, r.place);
    o += ',';
    appendCsvField(o, r.placeText);
    o += ',';
    o += mLat;
    o += ',';
    o += mLon;
    o += ',';
    appendCsvField(o, r.geoPrecision);
    o += ',';
    appendCsvField(o, r.admin1);
    o += ',';
    appendCsvField(o, r.country);
    o += ',';
    appendCsvField(o, r.type);
    o += ',';
    appendCsvField(o, r.acledEventType);
    o += ',';
    appendCsvField(o, r.acledSubEventType);
    o += ',';
    appendCsvField(o, r.cameoRoot);
    o += ',';
    if (r.actors.size() == 1) {
        appendCsvField(o, r.actors[0]);
    } else if (!r.actors.empty()) {
        std::string joined;
        for (size_t i = 0; i < r.actors.size(); ++i) {
            if (i > 0)
                joined += "; ";
            joined += r.actors[i];
        }
        appendCsvField(o, joined);
    }
    o += ',';
    appendCsvField(o, r.sentence);
    o += ',';
    o += confidence;
    o += ',';
    if (r.happeningId > 0)
        appendInt(o, r.happeningId);
    o += ',';
    appendInt(o, r.sources);
    o += ',';
    appendCsvField(o, r.externalId);
    o += "\r\n";
}

EventRecord EventTextWriter::recordOf(const Event &e, Holder &holder)
{
    enum Text { Date, DateEnd, DatePrecision, Place, PlaceText, GeoPrecision, Admin1, Country, Type, AcledType,
                AcledSubType, CameoRoot, Sentence, ExternalId, TextCount };
    holder.texts.resize(TextCount);
    const auto set = [&holder](Text which, const QString &value) -> std::string_view {
        std::string &s = holder.texts[size_t(which)];
        s.clear();
        appendUtf8(s, value);
        return s;
    };
    EventRecord r;
    r.id = e.id;
    r.articleId = e.articleId;
    r.date = set(Date, e.time.start.isValid() ? e.time.start.toString(Qt::ISODate) : QString());
    r.dateEnd = set(DateEnd, e.time.end.isValid() ? e.time.end.toString(Qt::ISODate) : QString());
    r.datePrecision = set(DatePrecision, toString(e.time.precision));
    r.place = set(Place, e.place.name);
    r.placeText = set(PlaceText, e.placeText);
    r.located = e.place.coordinate.isValid();
    if (r.located) {
        r.lat = e.place.coordinate.latitude();
        r.lon = e.place.coordinate.longitude();
    }
    r.geoPrecision = set(GeoPrecision, toString(e.place.precision));
    r.admin1 = set(Admin1, e.place.admin1);
    r.country = set(Country, e.place.country);
    r.type = set(Type, e.type);
    r.acledEventType = set(AcledType, e.acledEventType);
    r.acledSubEventType = set(AcledSubType, e.acledSubEventType);
    r.cameoRoot = set(CameoRoot, e.cameoRoot);
    const QStringList names = eventActorNames(e);
    holder.actorTexts.resize(size_t(names.size()));
    holder.actors.clear();
    for (qsizetype i = 0; i < names.size(); ++i) {
        std::string &s = holder.actorTexts[size_t(i)];
        s.clear();
        appendUtf8(s, names[i]);
        holder.actors.push_back(s);
    }
    r.actors = holder.actors;
    r.sentence = set(Sentence, e.sentence);
    r.confidence = e.confidence;
    r.happeningId = e.happeningId;
    r.sources = e.sources;
    r.externalId = set(ExternalId, e.externalId);
    return r;
}

} // namespace mapline
