// FusionSync's writing side (fusionsync.h): the happenings' rows, compared with what is stored
// before they are written, and the events moved to their happenings, in the caller's transaction
// (docs/PERFORMANCE.md, "Fusion").
#include "store/fusionsync.h"

#include "fusion/fusionarea.h"
#include "fusion/fusionwriteplan.h"
#include "store/rawquery.h"
#include "store/rawstatement.h"

#include <algorithm>
#include <cstring>
#include <iterator>
#include <limits>

namespace mapline {
namespace {

// QDate::toString(Qt::ISODate) without its formatting machinery (a re-fusion writes a few
// hundred thousand rows): the same text for years 0 to 9999, Qt's beyond.
std::string isoText(const QDate &d)
{
    int y = 0, m = 0, day = 0;
    d.getDate(&y, &m, &day);
    if (y < 0 || y > 9999)
        return d.toString(Qt::ISODate).toStdString();
    char text[11] = {char('0' + y / 1000), char('0' + y / 100 % 10), char('0' + y / 10 % 10), char('0' + y % 10), '-',
                     char('0' + m / 10), char('0' + m % 10), '-', char('0' + day / 10), char('0' + day % 10), 0};
    return std::string(text, 10);
}

// A happenings row as the upsert binds it, column by column in the order of kHappeningColumns:
// a tag ('n' NULL, 'i' integer, 'r' real, 't' text) and the value (8 bytes, or a 4-byte length and
// UTF-8). The same bytes are made from a stored row, so that equal bytes are an equal row.
constexpr int kHappeningColumns = 22; // stale (the 21st) is 0 in a row written, not bound
constexpr int kStaleColumn = 20;

void putTag(std::string &row, char tag)
{
    row.push_back(tag);
}
void putInt(std::string &row, qint64 v)
{
    row.push_back('i');
    row.append(reinterpret_cast<const char *>(&v), sizeof v);
}
void putReal(std::string &row, double v)
{
    row.push_back('r');
    row.append(reinterpret_cast<const char *>(&v), sizeof v);
}
void putText(std::string &row, std::string_view t)
{
    row.push_back('t');
    const auto n = quint32(t.size());
    row.append(reinterpret_cast<const char *>(&n), sizeof n);
    row.append(t);
}
void putText(std::string &row, const QString &t)
{
    const QByteArray utf8 = t.toUtf8();
    putText(row, std::string_view(utf8.constData(), size_t(utf8.size())));
}

// The row of a fused happening.
void rowOf(const Happening &h, std::string &row)
{
    row.clear();
    putInt(row, h.id);
    for (const QDate &d : {h.time.start, h.time.end}) {
        if (d.isValid())
            putText(row, isoText(d));
        else
            putTag(row, 'n');
    }
    putText(row, toString(h.time.isValid() ? h.time.precision : DatePrecision::Unknown));
    putText(row, h.place.name);
    if (h.place.coordinate.isValid()) {
        putReal(row, h.place.coordinate.longitude());
        putReal(row, h.place.coordinate.latitude());
    } else {
        putTag(row, 'n');
        putTag(row, 'n');
    }
    putText(row, toString(h.place.precision));
    putText(row, h.place.admin1);
    putText(row, h.place.country);
    putText(row, h.type);
    putText(row, h.acledEventType);
    putText(row, h.family);
    putText(row, h.actors.join(QStringLiteral("; ")));
    putInt(row, h.reports);
    putInt(row, h.sources());
    putText(row, h.sourceNames.join(QStringLiteral("; ")));
    putReal(row, h.confidence);
    putText(row, disagreementsToJson(h.disagreements));
    putInt(row, h.corrected ? 1 : 0);
    putInt(row, 0); // stale
    const bool searchable = h.time.isValid() && h.time.start.daysTo(h.time.end) < FusionRules::kMaxSpanDays;
    const qint64 area = searchable ? fusionarea::areaOf(h.place) : fusionarea::kNoArea;
    area == fusionarea::kNoArea ? putTag(row, 'n') : putInt(row, area);
}

} // namespace

std::string_view FusionSync::utf8(quint32 id)
{
    if (id >= mUtf8.size()) {
        mUtf8.resize(mReports.vocabulary().size());
        mUtf8Made.resize(mReports.vocabulary().size(), 0);
    }
    if (!mUtf8Made[id]) {
        // As a Happening's QString would be written (rowOf(const Happening &)): through the
        // vocabulary's QString, so that bytes that are not UTF-8 come out as they did.
        mUtf8[id] = mReports.vocabulary().text(id).toUtf8().toStdString();
        mUtf8Made[id] = 1;
    }
    return mUtf8[id];
}

// The same bytes as rowOf(const Happening &) makes of fusedValues()'s Happening, straight from
// the vocabulary's ids: no QString per value (an import or re-fusion makes a hundred thousand).
void FusionSync::rowBytes(const HappeningFuser::FusedRow &f, std::string &row)
{
    row.clear();
    putInt(row, f.id);
    for (const QDate &d : {f.time.start, f.time.end}) {
        if (d.isValid())
            putText(row, isoText(d));
        else
            putTag(row, 'n');
    }
    const auto cachedText = [](std::vector<std::string> &cache, size_t index, const auto &make) -> std::string_view {
        if (index >= cache.size())
            cache.resize(index + 1);
        if (cache[index].empty())
            cache[index] = make().toUtf8().toStdString();
        return cache[index];
    };
    const DatePrecision datePrecision = f.time.isValid() ? f.time.precision : DatePrecision::Unknown;
    putText(row, cachedText(mDatePrecisionTexts, size_t(datePrecision), [&] { return toString(datePrecision); }));
    const FusionReport *p = f.place;
    const FusionShape *ps = p ? &mReports.shape(*p) : nullptr;
    putText(row, ps ? utf8(ps->place) : std::string_view());
    Place place; // what the area is computed from, as of the Happening
    if (p) {
        place.precision = GeoPrecision(p->geo);
        place.coordinate = QGeoCoordinate(p->lat, p->lon);
        if (!fusionarea::isPoint(place.precision)) {
            place.admin1 = mReports.vocabulary().text(ps->admin1);
            place.country = mReports.vocabulary().text(ps->country);
        }
    }
    if (place.coordinate.isValid()) {
        putReal(row, place.coordinate.longitude());
        putReal(row, place.coordinate.latitude());
    } else {
        putTag(row, 'n');
        putTag(row, 'n');
    }
    putText(row, cachedText(mGeoPrecisionTexts, size_t(place.precision), [&] { return toString(place.precision); }));
    putText(row, ps ? utf8(ps->admin1) : std::string_view());
    putText(row, ps ? utf8(ps->country) : std::string_view());
    putText(row, f.typed ? utf8(f.type) : std::string_view());
    putText(row, f.acled ? utf8(f.acledType) : std::string_view());
    putText(row, cachedText(mFamilyTexts, f.family, [&] { return mReports.family(f.family).name; }));
    const auto joined = [this, &row](const std::vector<quint32> &ids) {
        mJoined.clear();
        for (size_t i = 0; i < ids.size(); ++i) {
            if (i)
                mJoined.append("; ");
            mJoined.append(utf8(ids[i]));
        }
        putText(row, mJoined);
    };
    joined(f.actors);
    putInt(row, f.reports);
    putInt(row, qint64(f.sources.size()));
    joined(f.sources);
    putReal(row, f.confidence);
    if (f.disagreements.isEmpty())
        putText(row, std::string_view());
    else
        putText(row, disagreementsToJson(f.disagreements));
    putInt(row, f.corrected ? 1 : 0);
    putInt(row, 0); // stale
    const bool searchable = f.time.isValid() && f.time.start.daysTo(f.time.end) < FusionRules::kMaxSpanDays;
    const qint64 area = searchable ? fusionarea::areaOf(place) : fusionarea::kNoArea;
    area == fusionarea::kNoArea ? putTag(row, 'n') : putInt(row, area);
}

namespace {

// The same bytes from a stored row (the columns as writeHappenings() reads them).
void rowOf(const RawQuery &q, std::string &row)
{
    // Which columns are REAL (lon, lat, confidence) and INTEGER (id, reports, sources, corrected,
    // stale, area); the rest are TEXT.
    static constexpr char kKinds[kHappeningColumns + 1] = "ittttrrtttttttiitrtiii";
    row.clear();
    for (int c = 0; c < kHappeningColumns; ++c) {
        if (q.isNull(c))
            putTag(row, 'n');
        else if (kKinds[c] == 'i')
            putInt(row, q.int64(c));
        else if (kKinds[c] == 'r')
            putReal(row, q.real(c));
        else
            putText(row, q.text(c));
    }
}

} // namespace

std::string FusionSync::happeningsInsertSql(size_t rows, RowWrite how)
{
    static_assert(kBoundColumns == kHappeningColumns - 1); // all but stale
    // Numbered parameters, kBoundColumns a row in the order of rowOf()'s columns; stale, the
    // 21st column, is not bound but written 0.
    std::string sql = "INSERT INTO happenings (id, date, date_end, date_precision, place, lon, lat, geo_precision, "
                      "admin1, country, type, acled_event_type, family, actors, reports, sources, source_names, "
                      "confidence, disagreements, corrected, stale, area) VALUES ";
    for (size_t r = 0; r < rows; ++r) {
        sql += r ? ",(" : "(";
        for (int p = 1; p <= kBoundColumns; ++p) {
            sql += "?" + std::to_string(int(r) * kBoundColumns + p);
            sql += p == kBoundColumns - 1 ? ",0," : p < kBoundColumns ? "," : ")";
        }
    }
    if (how == RowWrite::Insert)
        return sql;
    return sql + " ON CONFLICT (id) DO UPDATE SET date = excluded.date, date_end = excluded.date_end, "
                 "date_precision = excluded.date_precision, place = excluded.place, lon = excluded.lon, "
                 "lat = excluded.lat, geo_precision = excluded.geo_precision, admin1 = excluded.admin1, "
                 "country = excluded.country, type = excluded.type, acled_event_type = excluded.acled_event_type, "
                 "family = excluded.family, actors = excluded.actors, reports = excluded.reports, "
                 "sources = excluded.sources, source_names = excluded.source_names, confidence = excluded.confidence, "
                 "disagreements = excluded.disagreements, corrected = excluded.corrected, stale = 0, "
                 "area = excluded.area "
                 "WHERE date IS NOT excluded.date OR date_end IS NOT excluded.date_end "
                 "OR date_precision IS NOT excluded.date_precision OR place IS NOT excluded.place "
                 "OR lon IS NOT excluded.lon OR lat IS NOT excluded.lat OR geo_precision IS NOT excluded.geo_precision "
                 "OR admin1 IS NOT excluded.admin1 OR country IS NOT excluded.country OR type IS NOT excluded.type "
                 "OR acled_event_type IS NOT excluded.acled_event_type OR family IS NOT excluded.family "
                 "OR actors IS NOT excluded.actors OR reports IS NOT excluded.reports OR sources IS NOT excluded.sources "
                 "OR source_names IS NOT excluded.source_names OR confidence IS NOT excluded.confidence "
                 "OR disagreements IS NOT excluded.disagreements OR corrected IS NOT excluded.corrected "
                 "OR stale <> 0 OR area IS NOT excluded.area";
}

Status FusionSync::bindRow(std::string_view row, RowWrite how)
{
    // Numbered parameters, in the order of rowOf()'s columns (stale, the 21st column, is not
    // bound): one binding for the three statements.
    RawStatement *q = &mUpsert;
    bool *ready = &mUpsertReady;
    // The row as INSERT OR REPLACE would leave it, but a row that is already so is not written again.
    static const std::string upsert = happeningsInsertSql(1, RowWrite::Upsert);
    static const std::string insert = happeningsInsertSql(1, RowWrite::Insert);
    const char *sql = upsert.c_str();
    if (how == RowWrite::Insert) {
        // A row known not to be stored (writeHappenings() read its id's range): a plain insert,
        // without the upsert's conflict clause. Should the row be there after all, it fails.
        q = &mInsert;
        ready = &mInsertReady;
        sql = insert.c_str();
    } else if (how == RowWrite::Update) {
        // A row known to be stored and to differ: updated in place, as the upsert's DO UPDATE does.
        q = &mUpdate;
        ready = &mUpdateReady;
        sql = "UPDATE happenings SET date = ?2, date_end = ?3, date_precision = ?4, place = ?5, lon = ?6, lat = ?7, "
              "geo_precision = ?8, admin1 = ?9, country = ?10, type = ?11, acled_event_type = ?12, family = ?13, "
              "actors = ?14, reports = ?15, sources = ?16, source_names = ?17, confidence = ?18, disagreements = ?19, "
              "corrected = ?20, stale = 0, area = ?21 WHERE id = ?1";
    }
    if (!*ready) {
        if (Status s = q->prepare(mHandle, sql); !s)
            return s;
        *ready = true;
    }
    const qint64 id = bindColumns(*q, 1, row);
    return q->run("happening", id);
}

qint64 FusionSync::bindColumns(RawStatement &statement, int parameter, std::string_view row)
{
    qint64 id = 0;
    size_t at = 0;
    for (int c = 0; c < kHappeningColumns; ++c) {
        const char tag = row[at++];
        if (c == kStaleColumn) {
            at += tag == 'n' ? 0 : 8;
            continue;
        }
        if (tag == 'n') {
            statement.bindNull(parameter++);
        } else if (tag == 'i') {
            qint64 v = 0;
            std::memcpy(&v, row.data() + at, sizeof v);
            at += sizeof v;
            if (c == 0)
                id = v;
            statement.bind(parameter++, v);
        } else if (tag == 'r') {
            double v = 0;
            std::memcpy(&v, row.data() + at, sizeof v);
            at += sizeof v;
            statement.bind(parameter++, v);
        } else {
            quint32 n = 0;
            std::memcpy(&n, row.data() + at, sizeof n);
            at += sizeof n;
            statement.bindAscii(parameter++, row.substr(at, n));
            at += n;
        }
    }
    return id;
}

Status FusionSync::insertRows(std::span<const std::string> rows)
{
    // Several rows in one statement: SQLite's own work per row is the same, but its work per
    // statement (the step, the program's start and halt, the reset) is paid once for all of them.
    const size_t many = std::max<size_t>(1, fusionWriteThresholds().rowsPerInsert);
    if (rows.size() >= many && many > 1 && mInsertManyRows != many) {
        const std::string sql = happeningsInsertSql(many, RowWrite::Insert);
        mInsertManyRows = 0;
        if (Status s = mInsertMany.prepare(mHandle, sql.c_str()); !s)
            return s;
        mInsertManyRows = many;
    }
    size_t from = 0;
    for (; many > 1 && from + many <= rows.size(); from += many) {
        qint64 first = 0;
        for (size_t r = 0; r < many; ++r) {
            const qint64 id = bindColumns(mInsertMany, int(r) * kBoundColumns + 1, rows[from + r]);
            if (r == 0)
                first = id;
        }
        if (Status s = mInsertMany.run("happening", first); !s)
            return s;
    }
    for (; from < rows.size(); ++from) {
        if (Status s = bindRow(rows[from], RowWrite::Insert); !s)
            return s;
    }
    return {};
}

Status FusionSync::writeHappening(const Happening &h)
{
    rowOf(h, mRow);
    return bindRow(mRow, RowWrite::Upsert);
}

Status FusionSync::writeHappenings(const HappeningFuser &fuser, const HappeningFuser::MemberTable &table,
                                   std::vector<std::pair<qint64, int>> &targets, const std::vector<std::string> *made)
{
    // In the order of their ids, a chunk at a time: the stored rows of a chunk are read in one
    // ordered pass and a happening whose row is already as it would be written is left alone (a
    // re-fusion by the same rules finds most of them so). Few happenings (a write's own fusion)
    // go straight to the upsert.
    std::sort(targets.begin(), targets.end());
    constexpr size_t kChunkRows = 1024;
    if (made && made->size() != targets.size())
        return Status::failure(QStringLiteral("%1: the happenings' rows were not all made").arg(mPath));
    if (made && targets.size() < fusionWriteThresholds().compareRows) {
        for (const std::string &row : *made)
            if (Status s = bindRow(row, RowWrite::Upsert); !s)
                return s;
        return {};
    }
    if (targets.size() < fusionWriteThresholds().compareRows) {
        for (const auto &[id, row] : targets)
            if (Status s = writeHappening(fuser.fusedRow(table.roots[size_t(row)], table.of(size_t(row)))); !s)
                return s;
        return {};
    }
    RawQuery stored;
    // The columns in the order of rowOf(const RawQuery &).
    if (Status s = stored.prepare(mHandle, QStringLiteral(
            "SELECT id, date, date_end, date_precision, place, lon, lat, geo_precision, admin1, country, type, "
            "acled_event_type, family, actors, reports, sources, source_names, confidence, disagreements, corrected, "
            "stale, area FROM happenings WHERE id BETWEEN ? AND ? ORDER BY id"));
        !s)
        return Status::failure(QStringLiteral("%1: %2").arg(mPath, s.error()));
    std::vector<std::pair<qint64, std::string>> rows;
    std::vector<std::string> inserts; // rows to insert, made and not yet written
    size_t pending = 0;
    for (size_t from = 0; from < targets.size(); from += kChunkRows) {
        const size_t to = std::min(targets.size(), from + kChunkRows);
        stored.reset();
        stored.bind(1, targets[from].first);
        stored.bind(2, targets[to - 1].first);
        size_t count = 0;
        while (stored.next()) {
            if (count == rows.size())
                rows.emplace_back();
            rows[count].first = stored.int64(0);
            rowOf(stored, rows[count].second);
            ++count;
        }
        if (stored.failed())
            return Status::failure(QStringLiteral("%1: cannot read the happenings: %2").arg(mPath, stored.error()));
        stored.reset();
        size_t at = 0;
        for (size_t i = from; i < to; ++i) {
            const auto &[id, index] = targets[i];
            std::string &row = inserts.size() > pending ? inserts[pending] : inserts.emplace_back();
            if (made) {
                row = (*made)[i];
            } else {
                fuser.fusedRow(table.roots[size_t(index)], table.of(size_t(index)), mFused);
                rowBytes(mFused, row);
            }
            while (at < count && rows[at].first < id)
                ++at;
            const bool known = at < count && rows[at].first == id;
            if (known && rows[at].second == row)
                continue;
            if (known) {
                if (Status s = bindRow(row, RowWrite::Update); !s)
                    return s;
                continue;
            }
            // New rows (all of them after a file of new happenings) go in several to a statement.
            if (++pending == std::max<size_t>(1, fusionWriteThresholds().rowsPerInsert)) {
                if (Status s = insertRows({inserts.data(), pending}); !s)
                    return s;
                pending = 0;
            }
        }
    }
    return insertRows({inserts.data(), pending});
}

Status FusionSync::moveEvents(std::vector<std::pair<qint64, qint64>> &moves)
{
    if (moves.empty())
        return {};
    std::sort(moves.begin(), moves.end());
    // When most events move, keeping `events_happening` up to date one entry at a time (an entry
    // out, an entry in, at random places) costs more than building it again from the table,
    // which SQLite does by one sort. The index is the schema's (schema.cpp, migration 5) and is
    // back before this returns, in the same transaction: a failure rolls both back.
    bool rebuild = false;
    if (!mHappeningIndexDropped && moves.size() >= fusionWriteThresholds().rebuildIndexMoves) {
        const Result<qint64> events = maxEventId();
        if (!events)
            return Status::failure(events.error());
        rebuild = qint64(moves.size()) * 4 >= *events;
    }
    if (rebuild) {
        if (Status s = dropHappeningIndex(); !s)
            return s;
    }
    {
        RawStatement move;
        if (Status s = move.prepare(mHandle, "UPDATE events SET happening_id = ? WHERE id = ?"); !s)
            return s;
        for (const auto &[event, happening] : moves) {
            move.bind(1, happening);
            move.bind(2, event);
            if (Status s = move.run("event", event); !s)
                return s;
        }
    }
    if (rebuild)
        return createHappeningIndex();
    return {};
}

Status FusionSync::dropHappeningIndex()
{
    RawStatement drop;
    if (Status s = drop.prepare(mHandle, "DROP INDEX events_happening"); !s)
        return s;
    if (Status s = drop.run("index events_happening"); !s)
        return s;
    mHappeningIndexDropped = true;
    return {};
}

Status FusionSync::createHappeningIndex()
{
    // As the schema has it (schema.cpp, migration 5). Sorted with temp_store=FILE, as the dataset
    // import's other indexes (DeferredDatasetIndexes): SQLite's sorter then packs its entries in
    // buffers of the cache's size (spilling runs to a file past it), where with temp_store=MEMORY
    // (EventStore::open) it allocates every entry by itself and sorts a list of a million
    // allocations: 0.2 s more of CPU at a million events (docs/PERFORMANCE.md, "Fusion, eighth
    // round"). The setting is put back after; should it not change (a temporary table open), the
    // sort stays in memory.
    const auto pragma = [this](const char *sql, int *value) {
        RawQuery q;
        if (!q.prepare(mHandle, QString::fromLatin1(sql)))
            return;
        if (q.next() && value)
            *value = int(q.int64(0));
        while (q.next()) {
        }
    };
    int before = -1;
    pragma("PRAGMA temp_store", &before);
    if (before != 1)
        pragma("PRAGMA temp_store=FILE", nullptr);
    RawStatement create;
    Status made = create.prepare(mHandle, "CREATE INDEX events_happening ON events(happening_id)");
    if (made)
        made = create.run("index events_happening");
    if (before == 0)
        pragma("PRAGMA temp_store=DEFAULT", nullptr);
    else if (before == 2)
        pragma("PRAGMA temp_store=MEMORY", nullptr);
    if (!made)
        return made;
    mHappeningIndexDropped = false;
    return {};
}

namespace {

// The change counter's triggers (store/changecounter.h) that a fusion's write fires: on the
// happenings' rows and on events.happening_id.
constexpr const char *kCountingTriggers[] = {"mapline_changes_happenings_i", "mapline_changes_happenings_u",
                                             "mapline_changes_happenings_d", "mapline_changes_events_u"};

} // namespace

Status FusionSync::suspendCounting()
{
    RawQuery q;
    if (Status s = q.prepare(mHandle, QStringLiteral("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                                                     "AND name IN ('%1', '%2', '%3', '%4')")
                                          .arg(QLatin1String(kCountingTriggers[0]), QLatin1String(kCountingTriggers[1]),
                                               QLatin1String(kCountingTriggers[2]), QLatin1String(kCountingTriggers[3])));
        !s)
        return Status::failure(QStringLiteral("%1: %2").arg(mPath, s.error()));
    std::vector<std::pair<std::string, std::string>> found;
    while (q.next())
        found.emplace_back(std::string(q.text(0)), std::string(q.text(1)));
    if (q.failed())
        return Status::failure(QStringLiteral("%1: %2").arg(mPath, q.error()));
    q.reset();
    for (const auto &[name, sql] : found) {
        RawStatement drop;
        const std::string statement = "DROP TRIGGER " + name;
        if (Status s = drop.prepare(mHandle, statement.c_str()); !s)
            return s;
        if (Status s = drop.run("trigger", QString::fromStdString(name)); !s)
            return s;
        mSuspendedTriggers.push_back({name, sql});
    }
    return {};
}

Status FusionSync::resumeCounting()
{
    if (mSuspendedTriggers.empty())
        return {};
    for (const auto &[name, sql] : mSuspendedTriggers) {
        RawStatement create;
        if (Status s = create.prepare(mHandle, sql.c_str()); !s)
            return s;
        if (Status s = create.run("trigger", QString::fromStdString(name)); !s)
            return s;
    }
    mSuspendedTriggers.clear();
    // What the triggers would have done, once: the counter moved (the persistent index copy only
    // asks whether it moved).
    RawStatement count;
    if (Status s = count.prepare(mHandle, "UPDATE mapline_changes SET generation = generation + 1"); !s)
        return s;
    return count.run("the change counter");
}

Status FusionSync::write(HappeningFuser &fuser, const QSet<qint64> &dissolved, qint64 *written)
{
    // A large write (an import's file, a re-fusion) takes the change counter's triggers out while
    // it writes and moves the counter once at its end: each fired for every row written, and a
    // trigger makes SQLite open a statement journal for every statement (a savepoint, its
    // allocations). In the caller's transaction: a failure rolls the triggers back with the rest.
    Status s = writeAll(fuser, dissolved, written);
    if (!s || mSuspendedTriggers.empty())
        return s;
    return resumeCounting();
}

Status FusionSync::writeAll(HappeningFuser &fuser, const QSet<qint64> &dissolved, qint64 *written)
{
    // The ids, the moves and the rows to write or delete: decided as on PostgreSQL
    // (fusion/fusionwriteplan.h); the events moved in the order of their ids, so the table's pages
    // are visited once each, in order, not once per happening at random (a re-fusion of a
    // database whose events have no happening yet moves every event).
    Result<FusionWritePlan> planned = planFusionWrite(fuser, mReports, dissolved);
    if (!planned)
        return Status::failure(QStringLiteral("%1: %2").arg(mPath, planned.error()));
    return writePlan(fuser, planned.value(), nullptr, written);
}

void FusionSync::prepareWrite(HappeningFuser &fuser, const QSet<qint64> &dissolved, PreparedWrite &out)
{
    out.rows.clear();
    Result<FusionWritePlan> planned = planFusionWrite(fuser, mReports, dissolved);
    if (!planned) {
        out.error = planned.error();
        return;
    }
    out.plan = std::move(planned.value());
    std::vector<std::pair<qint64, int>> &targets = out.plan.targets;
    std::sort(targets.begin(), targets.end());
    out.rowsMade = targets.size() <= kMaxPreparedRows;
    if (!out.rowsMade)
        return;
    out.rows.resize(targets.size());
    HappeningFuser::FusedRow fused;
    for (size_t i = 0; i < targets.size(); ++i) {
        const int index = targets[i].second;
        fuser.fusedRow(out.plan.table.roots[size_t(index)], out.plan.table.of(size_t(index)), fused);
        rowBytes(fused, out.rows[i]);
    }
}

Status FusionSync::write(HappeningFuser &fuser, PreparedWrite &prepared, qint64 *written)
{
    if (!prepared.error.isEmpty())
        return Status::failure(QStringLiteral("%1: %2").arg(mPath, prepared.error));
    Status s = writePlan(fuser, prepared.plan, prepared.rowsMade ? &prepared.rows : nullptr, written);
    if (!s || mSuspendedTriggers.empty())
        return s;
    return resumeCounting();
}

Status FusionSync::writePlan(HappeningFuser &fuser, FusionWritePlan &plan, const std::vector<std::string> *made,
                             qint64 *written)
{
    const qint64 count = qint64(plan.targets.size());
    const Result<qint64> storedBefore = beginPlan(plan);
    if (!storedBefore)
        return Status::failure(storedBefore.error());
    if (Status s = writeHappenings(fuser, plan.table, plan.targets, made); !s)
        return s;
    if (Status s = moveEvents(plan.moves); !s)
        return s;
    if (Status s = removeGone(plan.gone, *storedBefore); !s)
        return s;
    if (written)
        *written = count;
    return {};
}

Result<qint64> FusionSync::beginPlan(const FusionWritePlan &plan)
{
    using R = Result<qint64>;
    if (plan.targets.size() + plan.moves.size() + plan.gone.size() >= fusionWriteThresholds().suspendCountingRows) {
        if (Status s = suspendCounting(); !s)
            return R::failure(s.error());
    }
    // The largest id stored before the rows are written (plan.gone is sorted, and holds no id
    // this write gives a row).
    if (plan.gone.empty())
        return std::numeric_limits<qint64>::max();
    RawQuery q;
    if (Status s = q.prepare(mHandle, QStringLiteral("SELECT coalesce(max(id), 0) FROM happenings")); !s)
        return R::failure(QStringLiteral("%1: %2").arg(mPath, s.error()));
    if (!q.next())
        return R::failure(QStringLiteral("%1: %2").arg(mPath, q.error()));
    return q.int64(0);
}

Status FusionSync::removeGone(const std::vector<qint64> &gone, qint64 storedBefore)
{
    RawStatement remove;
    if (Status s = remove.prepare(mHandle, "DELETE FROM happenings WHERE id = ?"); !s)
        return s;
    for (qint64 id : gone) {
        // An id past the largest stored before this write was never a row: a file's happenings
        // give up the ids they had while its rows streamed in (a bridge, the stitching), which
        // were never written (thousands of look-ups for nothing).
        if (id > storedBefore)
            break;
        remove.bind(1, id);
        if (Status s = remove.run("happening", id); !s)
            return s;
    }
    return {};
}

} // namespace mapline
