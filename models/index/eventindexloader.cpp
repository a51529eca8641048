#include "index/eventindexloader.h"

#include "extract/extractionresources.h"
#include "index/eventindexbuilder.h"
#include "index/indexlog.h"
#include "index/isoday.h"
#include "index/persistentindex.h"
#include "index/sqlitereader.h"
#include "store/eventstore.h"

#include <sqlite3.h>

#include <QElapsedTimer>
#include <QFileInfo>
#include <QHash>

#include <algorithm>
#include <limits>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>

namespace mapline {
namespace {

using IndexResult = Result<std::shared_ptr<const EventIndex>>;

// Maps the few distinct texts of a column (types, place precisions) to their values, decoding
// each text once instead of once per row.
template <typename T> class TextCache {
public:
    template <typename Decode> T value(std::string_view text, Decode &&decode)
    {
        const auto it = mValues.find(text);
        if (it != mValues.end())
            return it->second;
        const T v = decode(QString::fromUtf8(text.data(), qsizetype(text.size())));
        mValues.emplace(std::string(text), v);
        return v;
    }

private:
    struct Hash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
    };
    std::unordered_map<std::string, T, Hash, std::equal_to<>> mValues;
};

// Store actor ids to index actor ids. They are dense from 1 in practice: a vector then, a hash
// for ids beyond it.
class ActorIds {
public:
    void insert(qint64 storeId, quint32 indexId)
    {
        if (storeId >= 0 && storeId < kDenseLimit) {
            if (size_t(storeId) >= mDense.size())
                mDense.resize(size_t(storeId) + 1, kNone);
            mDense[size_t(storeId)] = indexId;
        } else {
            mSparse.insert(storeId, indexId);
        }
    }
    std::optional<quint32> find(qint64 storeId) const
    {
        if (storeId >= 0 && size_t(storeId) < mDense.size())
            return mDense[size_t(storeId)] == kNone ? std::nullopt : std::optional(mDense[size_t(storeId)]);
        const auto it = mSparse.constFind(storeId);
        return it == mSparse.constEnd() ? std::nullopt : std::optional(*it);
    }

private:
    static constexpr qint64 kDenseLimit = 1 << 20;
    static constexpr quint32 kNone = ~0u;
    std::vector<quint32> mDense;
    QHash<qint64, quint32> mSparse;
};

// A happening's sources and the columns an event's lead compares (lon, lat, date, date_end), each
// value's storage class and its number or its bytes: read in one ordered pass before the events.
// A join looked each event's happening up by a B-tree descent, most of them a page read from the
// file at the connection's 2 MB of cache (1.5 s of CPU at a million fused events, as much as the
// rest of the load; docs/PERFORMANCE.md, "Fusion, eighth round"). Read once a load, by the first
// connection in its snapshot, and shared read-only by both readers. A load of a window reads them
// all too: picking the window's happenings through its events (a row look-up each from the date
// index) took longer than this sequential pass at a million events (0.81-0.85 s against 0.62-0.66 s
// for a week's snapshot without the index copy).
class HappeningTable {
public:
    struct Columns {
        qint64 sources = 0;
        double numbers[4] = {};
        quint32 textAt[4] = {};
        quint32 textSize[4] = {};
        quint8 types[4] = {};
    };

    Status read(const SqliteReader &db)
    {
        auto q = db.prepare("SELECT id, sources, lon, lat, date, date_end FROM happenings ORDER BY id");
        if (!q)
            return Status::failure(q.error());
        SqliteReader::Statement &h = q.value();
        while (h.next()) {
            Columns c;
            c.sources = h.int64(1);
            for (int i = 0; i < 4; ++i) {
                c.types[i] = quint8(h.type(2 + i));
                if (c.types[i] == SQLITE_INTEGER || c.types[i] == SQLITE_FLOAT) {
                    c.numbers[i] = h.real(2 + i);
                } else if (c.types[i] != SQLITE_NULL) {
                    const std::string_view text = h.text(2 + i);
                    c.textAt[i] = quint32(mTexts.size());
                    c.textSize[i] = quint32(text.size());
                    mTexts.insert(mTexts.end(), text.begin(), text.end());
                }
            }
            mRows.insert(h.int64(0), quint32(mColumns.size()));
            mColumns.push_back(c);
        }
        if (h.failed())
            return Status::failure(h.error(QStringLiteral("cannot read the happenings for the map")));
        return {};
    }

    const Columns *find(qint64 happening) const
    {
        const auto row = mRows.find(happening);
        return row ? &mColumns[*row] : nullptr;
    }
    std::string_view text(const Columns &c, int which) const { return {mTexts.data() + c.textAt[which], c.textSize[which]}; }

private:
    ActorIds mRows; // happening id -> its place in mColumns (dense-or-hashed)
    std::vector<Columns> mColumns;
    std::vector<char> mTexts; // their texts, one after the other
};

// The events of one connection's snapshot with ids in [fromId, toId]: the actors table (for
// the names), then the events by ascending id and event_actors by (event, actor) (the table's
// primary key order), one ordered pass each, merged on the event id. The statements of one
// connection share its read transaction, so they see the same snapshot.
class PartReader {
public:
    PartReader(std::unique_ptr<SqliteReader> db, const IndexLoadOptions &options)
        : mDb(std::move(db))
        , mOptions(options)
    {
    }

    const SqliteReader &db() const { return *mDb; }
    bool hasHappenings() const { return mHappenings; }
    // The happenings' columns, read once for the load and shared by its readers (read-only).
    void setHappenings(const HappeningTable *table) { mHappeningTable = table; }
    // Whether bestKnownPosition was asked (the index then depends on the gazetteer).
    bool askedPositions() const { return !mKnown.empty(); }
    EventIndexBuilder &builder() { return mBuilder; }

    // Whether the store has happenings (schema 5 on): read once, before readEvents().
    Status readSchema()
    {
        auto q = mDb->prepare("SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'happenings')");
        if (!q)
            return Status::failure(q.error());
        if (!q.value().next())
            return Status::failure(q.value().error(QStringLiteral("cannot read the schema")));
        mHappenings = q.value().int64(0) != 0;
        return {};
    }

    // By id, not in whatever order SQLite's plan gives (a covering index on the name): the
    // index's actor and place ids are then the same from a PostgreSQL copy (pg::loadEventIndex).
    Status readActors()
    {
        auto actors = mDb->prepare("SELECT id, name FROM actors ORDER BY id");
        if (!actors)
            return Status::failure(actors.error());
        SqliteReader::Statement &a = actors.value();
        while (a.next()) {
            const std::string_view name = a.text(1);
            mActorIds.insert(a.int64(0), mBuilder.actorId(QString::fromUtf8(name.data(), qsizetype(name.size()))));
        }
        if (a.failed())
            return Status::failure(a.error(QStringLiteral("cannot read the actors for the map")));
        return {};
    }

    // The place names, interned by store place id (dense from 1 in practice, like actors).
    Status readPlaces()
    {
        auto places = mDb->prepare("SELECT id, name FROM places ORDER BY id");
        if (!places)
            return Status::failure(places.error());
        SqliteReader::Statement &p = places.value();
        while (p.next()) {
            const std::string_view name = p.text(1);
            mPlaceNames.insert(p.int64(0), mBuilder.placeNameId(QString::fromUtf8(name.data(), qsizetype(name.size()))));
        }
        if (p.failed())
            return Status::failure(p.error(QStringLiteral("cannot read the place names for the map")));
        return {};
    }

    // Ids are dense in practice: as many events as ids, up to a bound.
    void reserve(qint64 fromId, qint64 toId)
    {
        const quint64 ids = toId >= fromId ? quint64(toId) - quint64(fromId) + 1 : 0;
        mBuilder.reserve(qsizetype(std::min<quint64>(ids, quint64(1) << 24)));
    }

    Status readEvents(qint64 fromId, qint64 toId)
    {
        // The happening and its sources, where the store has them (an older file opened read-only
        // has not: each event is then a happening of its own). Events without a position are read
        // too: the table lists them and they can be corrected.
        // The happenings' columns come from the HappeningTable read once for the whole load
        // (setHappenings), not from a join per event.
        auto events = mDb->prepare(
            "SELECT id, date, date_end, lon, lat, geo_precision, type, flags, place_id, happening_id FROM events "
            "WHERE id BETWEEN ?1 AND ?2 AND date IS NOT NULL AND date <= ?3 AND COALESCE(date_end, date) >= ?4 "
            "ORDER BY id");
        if (!events)
            return Status::failure(events.error());
        auto links = mDb->prepare("SELECT event_id, actor_id FROM event_actors WHERE event_id BETWEEN ?1 AND ?2 "
                                  "ORDER BY event_id, actor_id");
        if (!links)
            return Status::failure(links.error());
        SqliteReader::Statement &e = events.value();
        SqliteReader::Statement &ea = links.value();
        for (SqliteReader::Statement *statement : {&e, &ea}) {
            statement->bind(1, fromId);
            statement->bind(2, toId);
        }
        // Dates are ISO text: an open end is a bound every date passes.
        e.bind(3, mOptions.to.isValid() ? mOptions.to.toString(Qt::ISODate) : QStringLiteral("9999-12-31"));
        e.bind(4, mOptions.from.isValid() ? mOptions.from.toString(Qt::ISODate) : QStringLiteral("0000-01-01"));
        TextCache<quint8> types;
        TextCache<GeoPrecision> precisions;
        std::vector<quint32> eventActors;
        bool linkRow = ea.next();
        while (e.next()) {
            const qint64 id = e.int64(0);
            // The happening and its sources, and how well the report stands for it (its lead):
            // the fused place, then the date (SQL's IS, as the join compared them; no happening:
            // its columns NULL). Without the happenings table: each event a happening of its own.
            qint64 happening = 0, sources = 0, lead = 0;
            if (mHappeningTable) {
                happening = e.int64(9);
                const HappeningTable::Columns *h = e.isNull(9) ? nullptr : mHappeningTable->find(happening);
                if (h)
                    sources = h->sources;
                const auto is = [&](int column, int which) {
                    if (!h)
                        return e.isNull(column);
                    return sameValue(e, column, h->types[which], h->numbers[which], mHappeningTable->text(*h, which));
                };
                lead = qint64(is(3, 0) && is(4, 1)) * 2 + qint64(is(1, 2) && is(2, 3));
            }
            eventActors.clear();
            while (linkRow && ea.int64(0) < id)
                linkRow = ea.next();
            for (; linkRow && ea.int64(0) == id; linkRow = ea.next())
                if (const auto actor = mActorIds.find(ea.int64(1)))
                    eventActors.push_back(*actor);
            const auto start = isoDayNumber(e.text(1));
            if (!start)
                continue;
            const qint32 end = isoDayNumber(e.text(2)).value_or(*start); // NULL or not a date: a day
            const quint8 type = types.value(e.text(6), [this](const QString &t) { return mBuilder.typeId(t); });
            GeoPrecision precision = precisions.value(e.text(5), geoPrecisionFromString);
            const qint64 placeId = e.isNull(8) ? -1 : e.int64(8);
            const quint32 placeName = mPlaceNames.find(placeId).value_or(EventIndex::kNoPlaceName);
            if (e.isNull(3) || e.isNull(4)) {
                // No coordinate of its own: indexed all the same (the table lists it, it can be
                // corrected), at its place's best known position when there is one.
                const double nan = std::numeric_limits<double>::quiet_NaN();
                const std::optional<Place> known = bestKnown(placeId);
                if (known)
                    precision = known->precision;
                mBuilder.add(id, *start, end, known ? known->coordinate.longitude() : nan,
                             known ? known->coordinate.latitude() : nan, type, precision, quint32(e.int64(7)),
                             eventActors, happening, int(sources), placeName, false, quint8(lead));
                continue;
            }
            mBuilder.add(id, *start, end, e.real(3), e.real(4), type, precision, quint32(e.int64(7)), eventActors,
                         happening, int(sources), placeName, true, quint8(lead));
        }
        if (e.failed() || ea.failed())
            return Status::failure(e.error(QStringLiteral("cannot read the events for the map")));
        return {};
    }

private:
    // `a IS b` of an event's column and a happening's value: both NULL, or numbers of equal value,
    // or texts (or blobs) of equal bytes.
    static bool sameValue(const SqliteReader::Statement &e, int column, int type, double number,
                          std::string_view text)
    {
        const int t = e.type(column);
        const bool numeric = t == SQLITE_INTEGER || t == SQLITE_FLOAT;
        if (numeric || type == SQLITE_INTEGER || type == SQLITE_FLOAT)
            return numeric && (type == SQLITE_INTEGER || type == SQLITE_FLOAT) && e.real(column) == number;
        return t == type && (t == SQLITE_NULL || e.text(column) == text);
    }

    // The best known position of a place without a coordinate, once a place (IndexLoadOptions).
    std::optional<Place> bestKnown(qint64 placeId)
    {
        if (placeId < 0 || !mOptions.bestKnownPosition)
            return std::nullopt;
        if (const auto it = mKnown.find(placeId); it != mKnown.end())
            return it->second;
        std::optional<Place> known;
        if (!mPlaceQuery) {
            auto q = mDb->prepare("SELECT name, admin1, country FROM places WHERE id = ?1");
            if (q)
                mPlaceQuery.emplace(std::move(q).value());
        }
        if (mPlaceQuery && mPlaceQuery->reset() && (mPlaceQuery->bind(1, placeId), mPlaceQuery->next())) {
            const auto text = [this](int column) {
                const std::string_view v = mPlaceQuery->text(column);
                return QString::fromUtf8(v.data(), qsizetype(v.size()));
            };
            known = mOptions.bestKnownPosition(text(0), text(1), text(2));
            if (known && !known->coordinate.isValid())
                known.reset();
        }
        mKnown.emplace(placeId, known);
        return known;
    }

    std::unique_ptr<SqliteReader> mDb;
    const IndexLoadOptions &mOptions;
    EventIndexBuilder mBuilder;
    ActorIds mActorIds;
    bool mHappenings = false;
    const HappeningTable *mHappeningTable = nullptr; // set when the store has happenings
    ActorIds mPlaceNames; // store place id -> interned name (the same dense-or-hashed map)
    std::optional<SqliteReader::Statement> mPlaceQuery;
    std::unordered_map<qint64, std::optional<Place>> mKnown;
};

Result<qint64> single(const SqliteReader &db, const char *sql)
{
    auto q = db.prepare(sql);
    if (!q)
        return Result<qint64>::failure(q.error());
    if (!q.value().next())
        return Result<qint64>::failure(q.value().error(QString::fromUtf8(sql)));
    return q.value().int64(0);
}

// What readEvents() read: every event (or the window's) in one builder, and the stamp of the
// snapshot it was read in (a whole load with `persistent` only).
struct ReadEvents {
    EventIndexBuilder builder;
    std::optional<IndexStamp> stamp;
    bool askedPositions = false;
};

// Two connections read the lower and the upper half of the ids on two threads (SQLite's
// stepping is most of the load). They must read the same snapshot: the second connection
// starts its read transaction between two readings of the first's data_version, which differ
// when anything was committed in between; then the first reads everything alone.
// `spillFolder` not empty: the builders spill their rows there (EventIndexBuilder::spillTo), for
// a copy written in bounded memory (writeIndexCopy).
Status readEvents(const QString &path, const IndexLoadOptions &options, const QString &spillFolder, ReadEvents &read)
{
    auto first = SqliteReader::open(path);
    if (!first)
        return Status::failure(first.error());
    PartReader lower(std::move(first).value(), options);
    const Result<qint64> before = single(lower.db(), "PRAGMA data_version");
    const Result<qint64> minId = single(lower.db(), "SELECT ifnull(min(id), 0) FROM events");
    const Result<qint64> maxId = single(lower.db(), "SELECT ifnull(max(id), -1) FROM events");
    for (const Result<qint64> *r : {&before, &minId, &maxId})
        if (!*r)
            return Status::failure(r->error());

    // Unsigned: the span of any two ids fits, where their signed difference may overflow.
    const quint64 span = *maxId >= *minId ? quint64(*maxId) - quint64(*minId) : 0;
    std::unique_ptr<PartReader> upper;
    if (*maxId >= *minId && span >= quint64(std::max<qint64>(options.parallelFromIds, 0))) {
        auto second = SqliteReader::open(path);
        if (second) {
            upper = std::make_unique<PartReader>(std::move(second).value(), options);
            if (!upper->db().exec("BEGIN") || !upper->readSchema() || !upper->readActors() || !upper->readPlaces())
                upper.reset();
        }
    }
    if (Status s = lower.db().exec("BEGIN"); !s)
        return s;
    if (Status s = lower.readSchema(); !s)
        return s;
    if (Status s = lower.readActors(); !s)
        return s;
    if (Status s = lower.readPlaces(); !s)
        return s;
    HappeningTable happenings;
    if (lower.hasHappenings()) {
        if (Status s = happenings.read(lower.db()); !s)
            return s;
        lower.setHappenings(&happenings);
        if (upper)
            upper->setHappenings(&happenings);
    }
    // What the events below show, read in their snapshot, for the persistent copy.
    const bool whole = !options.from.isValid() && !options.to.isValid();
    if (options.persistent && whole) {
        // A stamp that cannot be read (the counter's table dropped by hand) only means no copy.
        Result<IndexStamp> s = PersistentIndex::stamp(lower.db());
        if (s)
            read.stamp = std::move(s).value();
        else
            qCWarning(lcIndex).noquote() << s.error() << "; no index copy is kept";
    }
    const Result<qint64> after = single(lower.db(), "PRAGMA data_version");
    if (!after)
        return Status::failure(after.error());
    if (*after != *before)
        upper.reset(); // a commit between the snapshots: read alone
    if (!spillFolder.isEmpty()) {
        for (PartReader *part : {&lower, upper.get()})
            if (part)
                if (Status s = part->builder().spillTo(spillFolder, options.persistChunkRows); !s)
                    return s;
    }

    // The ids were read before the snapshot: the outer ends stay open.
    constexpr qint64 kFirst = std::numeric_limits<qint64>::min(), kLast = std::numeric_limits<qint64>::max();
    const qint64 split = upper ? qint64(quint64(*minId) + span / 2) : kLast;
    lower.reserve(*minId, *maxId); // room for the upper half too, appended below
    Status upperStatus;
    std::thread worker;
    if (upper) {
        upper->reserve(split + 1, *maxId);
        worker = std::thread([&] { upperStatus = upper->readEvents(split + 1, kLast); });
    }
    const Status lowerStatus = lower.readEvents(kFirst, split);
    if (worker.joinable())
        worker.join();
    if (!lowerStatus || !upperStatus)
        return lowerStatus ? upperStatus : lowerStatus;
    read.askedPositions = lower.askedPositions() || (upper && upper->askedPositions());
    if (upper)
        lower.builder().append(std::move(upper->builder()));
    read.builder = std::move(lower.builder());
    return {};
}

// What the copy's header says positions without a coordinate came from (0: none was looked up).
quint64 positionsFingerprintOf(const ReadEvents &read, const IndexLoadOptions &options)
{
    if (!read.askedPositions)
        return 0;
    return options.positionsFingerprint ? std::max<quint64>(options.positionsFingerprint(), 1) : 1;
}

IndexResult readIndex(const QString &path, const IndexLoadOptions &options)
{
    ReadEvents read;
    if (Status s = readEvents(path, options, QString(), read); !s)
        return IndexResult::failure(s.error());
    const bool whole = !options.from.isValid() && !options.to.isValid();
    auto index = std::make_shared<const EventIndex>(read.builder.build());
    qCInfo(lcIndex).noquote() << path << "read from the database:" << index->size()
                              << (whole ? QStringLiteral("events")
                                        : QStringLiteral("events (those reaching into %1 to %2)")
                                              .arg(options.from.isValid() ? options.from.toString(Qt::ISODate) : QStringLiteral("the first"),
                                                   options.to.isValid() ? options.to.toString(Qt::ISODate) : QStringLiteral("the last")));
    const std::optional<IndexStamp> &stamp = read.stamp;
    if (stamp && index->size() >= options.persistFromEvents) {
        const QString copy = PersistentIndex::pathFor(path);
        if (!stamp->usable()) {
            qCInfo(lcIndex).noquote() << copy << "not written:" << stamp->unusable;
        } else {
            QElapsedTimer timer;
            timer.start();
            const quint64 fingerprint = positionsFingerprintOf(read, options);
            if (Status s = PersistentIndex::write(*index, *stamp, fingerprint, copy, options.persistBlockBytes); !s)
                qCWarning(lcIndex).noquote() << s.error() << "; the next open reads the events from the database again";
            else
                qCInfo(lcIndex).noquote() << copy << "written:" << index->size() << "events in" << timer.elapsed() << "ms";
        }
    }
    return index;
}

// The persistent copy when it describes the database as it is; nullptr (and why, in the log)
// when it does not.
std::shared_ptr<const EventIndex> mappedCopy(const QString &path, const IndexLoadOptions &options)
{
    QElapsedTimer timer;
    timer.start();
    const QString copy = PersistentIndex::pathFor(path);
    auto db = SqliteReader::open(path);
    if (!db)
        return nullptr;
    Result<IndexStamp> stamp = Result<IndexStamp>::failure(QString());
    if (db.value()->exec("BEGIN")) {
        stamp = PersistentIndex::stamp(*db.value());
        db.value()->exec("COMMIT");
    }
    if (!stamp)
        return nullptr; // the load from SQLite says why
    std::optional<PersistentIndex::DayRange> window;
    if (options.from.isValid() || options.to.isValid())
        window = PersistentIndex::DayRange{
            options.from.isValid() ? EventIndex::dayNumber(options.from) : std::numeric_limits<qint32>::min(),
            options.to.isValid() ? EventIndex::dayNumber(options.to) : std::numeric_limits<qint32>::max()};
    auto index = PersistentIndex::open(copy, *stamp, options.positionsFingerprint, window);
    if (!index) {
        // Missing or stale is the normal course of things; anything else is worth a warning.
        const QString &why = index.error();
        if (why.contains(QLatin1String("damaged")) || why.contains(QLatin1String("format")) ||
            why.contains(QLatin1String("cannot")))
            qCWarning(lcIndex).noquote() << why << "; reading the events from the database instead";
        else
            qCInfo(lcIndex).noquote() << why << "; reading the events from the database";
        return nullptr;
    }
    qCInfo(lcIndex).noquote() << copy << (window ? "window read:" : "mapped:") << index.value()->size() << "events in"
                              << timer.elapsed() << "ms";
    return std::move(index).value();
}

} // namespace

IndexLoadOptions IndexLoadOptions::withGazetteer()
{
    IndexLoadOptions options;
    options.bestKnownPosition = [](const QString &name, const QString &admin1, const QString &country) {
        return ExtractionResources::shared()->gazetteer.bestKnown(name, admin1, country);
    };
    options.persistent = true;
    options.positionsFingerprint = [] {
        // Every entry's names and position: a gazetteer that places anything differently differs.
        static const quint64 fingerprint = [] {
            const Gazetteer &g = ExtractionResources::shared()->gazetteer;
            quint64 h = 1469598103934665603ull;
            const auto mix = [&h](const QByteArray &bytes) {
                for (const char c : bytes)
                    h = (h ^ quint8(c)) * 1099511628211ull;
                h = (h ^ 0xff) * 1099511628211ull;
            };
            for (int i = 0; i < g.size(); ++i) {
                const Place &p = g.place(i);
                mix(p.name.toUtf8());
                mix(p.admin1.toUtf8());
                mix(p.country.toUtf8());
                mix(QByteArray::number(p.coordinate.longitude(), 'g', 9) + ' ' +
                    QByteArray::number(p.coordinate.latitude(), 'g', 9) + ' ' + QByteArray::number(int(p.precision)));
            }
            return h;
        }();
        return fingerprint;
    };
    return options;
}

IndexResult loadEventIndex(const EventStore &store, const IndexLoadOptions &options)
{
    // Connections of our own: SQLite's C API reads a million rows several times faster than
    // QSqlQuery, and the store's connection stays untouched.
    if (options.persistent)
        if (auto mapped = mappedCopy(store.path(), options))
            return mapped;
    return readIndex(store.path(), options);
}

Status writeIndexCopy(const QString &databasePath, const IndexLoadOptions &options)
{
    IndexLoadOptions whole = options;
    whole.persistent = true;
    whole.from = whole.to = QDate();
    const QString copy = PersistentIndex::pathFor(databasePath);
    if (QFileInfo::exists(copy) && mappedCopy(databasePath, whole))
        return {}; // current already
    QElapsedTimer timer;
    timer.start();
    ReadEvents read;
    if (Status s = readEvents(databasePath, whole, QFileInfo(copy).absolutePath(), read); !s)
        return s;
    const qsizetype events = read.builder.size();
    if (!read.stamp || events < whole.persistFromEvents)
        return {};
    if (!read.stamp->usable()) {
        qCInfo(lcIndex).noquote() << copy << "not written:" << read.stamp->unusable;
        return {};
    }
    const qint64 readMs = timer.elapsed();
    if (Status s = read.builder.writeCopy(*read.stamp, positionsFingerprintOf(read, whole), copy,
                                          whole.persistBlockBytes, whole.persistBucketRows);
        !s) {
        qCWarning(lcIndex).noquote() << s.error() << "; the next open reads the events from the database again";
        return s;
    }
    qCInfo(lcIndex).noquote() << copy << "written in streamed passes:" << events << "events in" << timer.elapsed()
                              << "ms (" << readMs << "ms reading the database)";
    return {};
}

IndexResult loadEventIndex(const QString &databasePath, const IndexLoadOptions &options)
{
    // EventStore::open checks the file is a Mapline database no newer than this program.
    auto store = EventStore::open(databasePath, EventStore::Mode::ReadOnly);
    if (!store)
        return IndexResult::failure(store.error());
    return loadEventIndex(*store.value(), options);
}

} // namespace mapline
