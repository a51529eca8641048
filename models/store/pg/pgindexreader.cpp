#include "store/pg/pgindexreader.h"

#include "index/isoday.h"
#include "store/pg/pgconnection.h"
#include "store/pg/pgcopy.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <charconv>
#include <limits>
#include <string>

namespace mapline::pg {
namespace {

// The columns of the events' COPY, in order.
enum CopyColumn { CId, CDate, CDateEnd, CLon, CLat, CPrecision, CType, CFlags, CPlace, CHappening, CSources, CRank, CActors,
              kCopyColumns };

} // namespace

// One line of COPY's text format cut at its tabs (a tab inside a value is always escaped, so a
// raw tab is always a separator); "\N" is NULL.
struct PgIndexReader::CopyLine {
    std::array<std::string_view, kCopyColumns> fields;

    // `columns`: how many the line holds (the first ones of CopyColumn).
    bool split(std::string_view line, int columns = kCopyColumns)
    {
        if (!line.empty() && line.back() == '\n')
            line.remove_suffix(1);
        size_t from = 0;
        for (int i = 0; i < columns; ++i) {
            const size_t tab = line.find('\t', from);
            if ((tab == std::string_view::npos) != (i == columns - 1))
                return false;
            fields[size_t(i)] = line.substr(from, tab == std::string_view::npos ? std::string_view::npos : tab - from);
            from = tab + 1;
        }
        return true;
    }
    bool isNull(CopyColumn c) const { return fields[c] == "\\N"; }
    qint64 int64(CopyColumn c) const
    {
        qint64 v = 0;
        std::from_chars(fields[c].data(), fields[c].data() + fields[c].size(), v);
        return v; // NULL ("\N") reads as 0, as SQLite's sqlite3_column_int64 does
    }
    double real(CopyColumn c) const
    {
        double v = 0;
        std::from_chars(fields[c].data(), fields[c].data() + fields[c].size(), v);
        return v;
    }
};

namespace {

// A text value of COPY's text format with its backslash escapes undone (COPY's doc, "Text Format").
QString copyText(std::string_view v)
{
    if (v.find('\\') == std::string_view::npos)
        return QString::fromUtf8(v.data(), qsizetype(v.size()));
    std::string out;
    storecopy::unescapeCopyField(v, out);
    return QString::fromUtf8(out.data(), qsizetype(out.size()));
}

} // namespace

QString PgIndexReader::eventsCopy(const QString &where, bool actorsPerEvent, const QString &with)
{
    // The query of eventindexloader.cpp's PartReader::readEvents; SQLite's `a IS b` is
    // `a IS NOT DISTINCT FROM b`. The actor ids of each event in one field, ascending, as
    // SQLite's loader merges them from event_actors' primary key: for every event, grouped
    // once and joined (half the server's time of a subquery per event, measured at 1,000,000
    // events); for a window's or a delta's, looked up per event (grouping all links would cost
    // more). COPY takes no parameters: the caller's `where` holds only what it made itself.
    return QStringLiteral(
               "COPY (%4 SELECT e.id, e.date, e.date_end, e.lon, e.lat, e.geo_precision, e.type, e.flags, e.place_id, "
               "e.happening_id, h.sources, "
               "(e.lon IS NOT DISTINCT FROM h.lon AND e.lat IS NOT DISTINCT FROM h.lat)::int * 2 + "
               "(e.date IS NOT DISTINCT FROM h.date AND e.date_end IS NOT DISTINCT FROM h.date_end)::int, "
               "%2 FROM events e LEFT JOIN happenings h ON h.id = e.happening_id %3 WHERE %1 ORDER BY e.id) TO STDOUT")
        .arg(where,
             actorsPerEvent ? QStringLiteral("(SELECT string_agg(ea.actor_id::text, ',' ORDER BY "
                                             "ea.actor_id) FROM event_actors ea WHERE ea.event_id = e.id)")
                            : QStringLiteral("a.ids"),
             actorsPerEvent ? QString()
                            : QStringLiteral("LEFT JOIN (SELECT event_id, string_agg(actor_id::text, ',' "
                                             "ORDER BY actor_id) AS ids FROM event_actors GROUP BY event_id) "
                                             "a ON a.event_id = e.id"),
             with);
}

QString PgIndexReader::eventsAloneCopy(const QString &where)
{
    return QStringLiteral("COPY (SELECT e.id, e.date, e.date_end, e.lon, e.lat, e.geo_precision, e.type, e.flags, e.place_id, "
                          "e.happening_id FROM events e WHERE %1 ORDER BY e.id) TO STDOUT")
        .arg(where);
}

Status PgIndexReader::readNames()
{
    Result<PgResult> actors = mConnection.query(QStringLiteral("SELECT id, name FROM actors ORDER BY id"),
                                                QStringLiteral("reading the actors for the map"));
    if (!actors)
        return Status::failure(actors.error());
    for (int i = 0; i < actors->rows(); ++i)
        mActorIds.emplace(actors->int64(i, 0), mBuilder.actorId(actors->string(i, 1)));
    Result<PgResult> places = mConnection.query(QStringLiteral("SELECT id, name, admin1, country FROM places ORDER BY id"),
                                                QStringLiteral("reading the place names for the map"));
    if (!places)
        return Status::failure(places.error());
    for (int i = 0; i < places->rows(); ++i) {
        const qint64 id = places->int64(i, 0);
        mPlaceNames.emplace(id, mBuilder.placeNameId(places->string(i, 1)));
        if (mOptions.bestKnownPosition)
            mPlaces.emplace(id, PlaceRow{places->string(i, 1), places->string(i, 2), places->string(i, 3)});
    }
    return {};
}

Status PgIndexReader::readEvents(const QString &copy, PgIndexLoadStats *stats, const std::function<void(qint64)> &beforeEvent)
{
    return streamEvents(copy, kCopyColumns, stats, beforeEvent, [](const CopyLine &line, std::vector<qint64> &actors) {
        if (!line.isNull(CActors)) {
            std::string_view ids = line.fields[CActors];
            while (!ids.empty()) {
                const size_t comma = ids.find(',');
                qint64 actor = 0;
                std::from_chars(ids.data(), ids.data() + (comma == std::string_view::npos ? ids.size() : comma), actor);
                actors.push_back(actor);
                ids = comma == std::string_view::npos ? std::string_view() : ids.substr(comma + 1);
            }
        }
        return Joined{line.int64(CSources), quint8(line.int64(CRank))};
    });
}

namespace {

// Two values of a double precision column, as `a IS NOT DISTINCT FROM b` compares them: both
// NULL, or equal numbers (-0 equal to 0, NaN equal to NaN, as PostgreSQL orders them).
bool sameNumber(std::string_view a, std::string_view b)
{
    const bool aNull = a == "\\N", bNull = b == "\\N";
    if (aNull || bNull)
        return aNull == bNull;
    if (a == b)
        return true;
    double x = 0, y = 0;
    std::from_chars(a.data(), a.data() + a.size(), x);
    std::from_chars(b.data(), b.data() + b.size(), y);
    return x == y || (std::isnan(x) && std::isnan(y));
}

} // namespace

PgIndexReader::LineSource PgIndexReader::copyOf(const QString &copy) const
{
    PgConnection *c = &mConnection;
    return [c, copy](const LineSink &each) { return c->copyOut(copy, QStringLiteral("reading the events for the map"), each); };
}

Status PgIndexReader::readEventsApart(const QString &where, PgIndexLoadStats *stats)
{
    return readLinesApart(copyOf(QStringLiteral("COPY (SELECT id, sources, lon, lat, date, date_end FROM happenings) TO STDOUT")),
                          copyOf(QStringLiteral("COPY (SELECT event_id, actor_id FROM event_actors) TO STDOUT")),
                          copyOf(eventsAloneCopy(where)), stats);
}

Status PgIndexReader::readLinesApart(const LineSource &happeningLines, const LineSource &linkLines,
                                     const LineSource &eventLines, PgIndexLoadStats *stats)
{
    // The happenings: what the rank compares (their place and days as the server prints them).
    struct Happening {
        qint64 sources = 0;
        std::string lon, lat, date, dateEnd;
    };
    std::unordered_map<qint64, Happening> happenings;
    qint64 bytes = 0;
    Status s = happeningLines([&](std::string_view text, QString *why) {
        bytes += qint64(text.size());
        if (!text.empty() && text.back() == '\n')
            text.remove_suffix(1);
        std::array<std::string_view, 6> f;
        for (size_t i = 0, from = 0; i < f.size(); ++i) {
            const size_t tab = text.find('\t', from);
            if ((tab == std::string_view::npos) != (i == f.size() - 1)) {
                *why = QStringLiteral("the server sent a happening row of an unexpected shape");
                return false;
            }
            f[i] = text.substr(from, tab == std::string_view::npos ? std::string_view::npos : tab - from);
            from = tab + 1;
        }
        qint64 id = 0, sources = 0;
        std::from_chars(f[0].data(), f[0].data() + f[0].size(), id);
        std::from_chars(f[1].data(), f[1].data() + f[1].size(), sources); // NULL reads as 0
        happenings[id] = Happening{sources, std::string(f[2]), std::string(f[3]), std::string(f[4]), std::string(f[5])};
        return true;
    });
    if (!s)
        return s;
    // Every actor link, ordered by event and actor here (as the joined read's string_agg orders them).
    std::vector<std::pair<qint64, qint64>> links;
    s = linkLines([&](std::string_view text, QString *why) {
        bytes += qint64(text.size());
        const size_t tab = text.find('\t');
        if (tab == std::string_view::npos) {
            *why = QStringLiteral("the server sent an actor link of an unexpected shape");
            return false;
        }
        qint64 event = 0, actor = 0;
        std::from_chars(text.data(), text.data() + tab, event);
        std::from_chars(text.data() + tab + 1, text.data() + text.size(), actor);
        links.emplace_back(event, actor);
        return true;
    });
    if (!s)
        return s;
    // The table holds them in the order the import wrote them: by event, each event's actors in
    // the row's order. Then only each event's few need sorting (a whole sort of 178,000 links cost
    // 190 million instructions, a third of the read).
    const bool byEvent = std::is_sorted(links.begin(), links.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    if (!byEvent) {
        std::sort(links.begin(), links.end());
    } else {
        for (size_t from = 0; from < links.size();) {
            size_t to = from + 1;
            while (to < links.size() && links[to].first == links[from].first)
                ++to;
            if (to - from > 1)
                std::sort(links.begin() + qsizetype(from), links.begin() + qsizetype(to));
            from = to;
        }
    }
    size_t next = 0;
    const Happening none{0, "\\N", "\\N", "\\N", "\\N"};
    s = streamEvents(eventLines, CSources, stats, {}, [&](const CopyLine &line, std::vector<qint64> &actors) {
        const qint64 id = line.int64(CId);
        while (next < links.size() && links[next].first < id)
            ++next;
        for (; next < links.size() && links[next].first == id; ++next)
            actors.push_back(links[next].second);
        const auto found = line.isNull(CHappening) ? happenings.end() : happenings.find(line.int64(CHappening));
        const Happening &h = found == happenings.end() ? none : found->second;
        const bool samePlace = sameNumber(line.fields[CLon], h.lon) && sameNumber(line.fields[CLat], h.lat);
        const bool sameDays = line.fields[CDate] == h.date && line.fields[CDateEnd] == h.dateEnd;
        return Joined{h.sources, quint8(int(samePlace) * 2 + int(sameDays))};
    });
    if (stats)
        stats->bytes += bytes;
    return s;
}

Status PgIndexReader::streamEvents(const QString &copy, int columns, PgIndexLoadStats *stats,
                                   const std::function<void(qint64)> &beforeEvent,
                                   const std::function<Joined(const CopyLine &, std::vector<qint64> &)> &join)
{
    return streamEvents(copyOf(copy), columns, stats, beforeEvent, join);
}

Status PgIndexReader::streamEvents(const LineSource &source, int columns, PgIndexLoadStats *stats,
                                   const std::function<void(qint64)> &beforeEvent,
                                   const std::function<Joined(const CopyLine &, std::vector<qint64> &)> &join)
{
    std::unordered_map<std::string, quint8> types;
    std::unordered_map<std::string, GeoPrecision> precisions;
    std::vector<qint64> storeActors;
    std::vector<quint32> eventActors;
    CopyLine line;
    qint64 rows = 0, bytes = 0;
    const Status s = source([&](std::string_view text, QString *why) {
        bytes += qint64(text.size());
        if (!line.split(text, columns)) {
            *why = QStringLiteral("the server sent an event row of an unexpected shape");
            return false;
        }
        ++rows;
        if (beforeEvent) // before any name or type is interned for this row
            beforeEvent(line.int64(CId));
        const auto start = isoDayNumber(line.fields[CDate]);
        if (!start)
            return true;
        const qint32 end = line.isNull(CDateEnd) ? *start : isoDayNumber(line.fields[CDateEnd]).value_or(*start);
        const std::string typeKey(line.fields[CType]);
        auto type = types.find(typeKey);
        if (type == types.end())
            type = types.emplace(typeKey, mBuilder.typeId(copyText(line.fields[CType]))).first;
        const std::string precisionKey(line.fields[CPrecision]);
        auto known = precisions.find(precisionKey);
        if (known == precisions.end())
            known = precisions.emplace(precisionKey, geoPrecisionFromString(copyText(line.fields[CPrecision]))).first;
        GeoPrecision precision = known->second;
        storeActors.clear();
        const Joined joined = join(line, storeActors);
        eventActors.clear();
        for (const qint64 actor : storeActors)
            if (const auto it = mActorIds.find(actor); it != mActorIds.end())
                eventActors.push_back(it->second);
        const qint64 id = line.int64(CId);
        const qint64 placeId = line.isNull(CPlace) ? -1 : line.int64(CPlace);
        const auto name = mPlaceNames.find(placeId);
        const quint32 placeName = name == mPlaceNames.end() ? EventIndex::kNoPlaceName : name->second;
        const quint32 flags = quint32(line.int64(CFlags));
        const qint64 happening = line.int64(CHappening);
        const int sources = int(joined.sources);
        const quint8 rank = joined.rank;
        if (line.isNull(CLon) || line.isNull(CLat)) {
            const double nan = std::numeric_limits<double>::quiet_NaN();
            const std::optional<Place> place = bestKnown(placeId);
            if (place)
                precision = place->precision;
            mBuilder.add(id, *start, end, place ? place->coordinate.longitude() : nan,
                         place ? place->coordinate.latitude() : nan, type->second, precision, flags, eventActors,
                         happening, sources, placeName, false, rank);
            return true;
        }
        mBuilder.add(id, *start, end, line.real(CLon), line.real(CLat), type->second, precision, flags, eventActors,
                     happening, sources, placeName, true, rank);
        return true;
    });
    if (stats) {
        stats->eventRows = rows;
        stats->bytes = bytes;
    }
    return s;
}

std::optional<Place> PgIndexReader::bestKnown(qint64 placeId)
{
    if (placeId < 0 || !mOptions.bestKnownPosition)
        return std::nullopt;
    if (const auto it = mKnown.find(placeId); it != mKnown.end())
        return it->second;
    std::optional<Place> known;
    if (const auto row = mPlaces.find(placeId); row != mPlaces.end()) {
        known = mOptions.bestKnownPosition(row->second.name, row->second.admin1, row->second.country);
        if (known && !known->coordinate.isValid())
            known.reset();
    }
    mKnown.emplace(placeId, known);
    return known;
}

} // namespace mapline::pg
