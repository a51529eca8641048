// EventStore's read side for the command line's listings: events as EventRecords, read through
// SQLite's C API (no QVariant, no QString a field), and only the rows of a time window.
#include "store/eventstore.h"

#include "eventtextwriter.h"
#include "index/eventindexloader.h"
#include "index/persistentindex.h"
#include "index/sqlitereader.h"
#include "store/eventselection.h"
#include "store/rawstatement.h"
#include "store/recordsorter.h"

#include <QDate>
#include <QFileInfo>
#include <QGeoCoordinate>
#include <QLoggingCategory>

#include <algorithm>
#include <cstring>
#include <limits>
#include <list>
#include <optional>

#include <sqlite3.h>

namespace mapline {
namespace {

// Which rows a listing reads ("mapline.store.listing.info=true" in QT_LOGGING_RULES shows it).
Q_LOGGING_CATEGORY(lcListing, "mapline.store.listing", QtWarningMsg)

// Whether `s` is UTF-8 that SQLite and Qt both read as it is (well formed: no overlong form, no
// surrogate, nothing past U+10FFFF). Anything else goes through Qt, as the Event reader did.
bool wellFormedUtf8(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        // Eight ASCII bytes at a time.
        if (i + 8 <= n) {
            quint64 word;
            std::memcpy(&word, s + i, 8);
            if ((word & 0x8080808080808080ull) == 0) {
                i += 8;
                continue;
            }
        }
        const unsigned char c = s[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        const auto cont = [&](size_t k) { return i + k < n && (s[i + k] & 0xC0) == 0x80; };
        if (c >= 0xC2 && c <= 0xDF) {
            if (!cont(1))
                return false;
            i += 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            if (!cont(1) || !cont(2))
                return false;
            const unsigned char c1 = s[i + 1];
            if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0))
                return false; // overlong, or a surrogate
            i += 3;
        } else if (c >= 0xF0 && c <= 0xF4) {
            if (!cont(1) || !cont(2) || !cont(3))
                return false;
            const unsigned char c1 = s[i + 1];
            if ((c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 >= 0x90))
                return false;
            i += 4;
        } else {
            return false;
        }
    }
    return true;
}

// "YYYY-MM-DD" that QDate reads as that same day (and writes back unchanged).
bool plainIsoDate(std::string_view t)
{
    if (t.size() != 10 || t[4] != '-' || t[7] != '-')
        return false;
    int v[3] = {0, 0, 0};
    const int from[3] = {0, 5, 8}, len[3] = {4, 2, 2};
    for (int k = 0; k < 3; ++k)
        for (int i = from[k]; i < from[k] + len[k]; ++i) {
            const char c = t[size_t(i)];
            if (c < '0' || c > '9')
                return false;
            v[k] = v[k] * 10 + (c - '0');
        }
    const int y = v[0], m = v[1], d = v[2];
    if (y < 1 || m < 1 || m > 12 || d < 1)
        return false;
    static constexpr int kDays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (d > kDays[m - 1])
        return false;
    return m != 2 || d < 29 || (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
}

// A prepared statement on the store's connection, finalized when it goes.
class Statement {
public:
    Statement() = default;
    ~Statement() { sqlite3_finalize(mStmt); }
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;

    bool prepare(sqlite3 *db, const QString &sql, const QVariantList &params)
    {
        const QByteArray text = sql.toUtf8();
        if (sqlite3_prepare_v3(db, text.constData(), int(text.size()), 0, &mStmt, nullptr) != SQLITE_OK)
            return false;
        int i = 1;
        for (const QVariant &v : params) {
            int rc = SQLITE_OK;
            switch (v.typeId()) {
            case QMetaType::Double: rc = sqlite3_bind_double(mStmt, i, v.toDouble()); break;
            case QMetaType::Int:
            case QMetaType::LongLong:
            case QMetaType::UInt:
            case QMetaType::ULongLong: rc = sqlite3_bind_int64(mStmt, i, v.toLongLong()); break;
            default: {
                const QByteArray utf8 = v.toString().toUtf8();
                rc = sqlite3_bind_text(mStmt, i, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
            }
            }
            if (rc != SQLITE_OK)
                return false;
            ++i;
        }
        return true;
    }
    // SQLITE_ROW, SQLITE_DONE or an error code.
    int step() { return sqlite3_step(mStmt); }
    sqlite3_stmt *get() const { return mStmt; }

private:
    sqlite3_stmt *mStmt = nullptr;
};

// The read transaction every statement of one listing shares (one snapshot), when the caller has
// none open.
class ReadTransaction {
public:
    explicit ReadTransaction(sqlite3 *db)
        : mDb(db)
    {
        if (sqlite3_get_autocommit(db))
            mOpen = sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) == SQLITE_OK;
    }
    ~ReadTransaction()
    {
        if (mOpen)
            sqlite3_exec(mDb, "COMMIT", nullptr, nullptr, nullptr);
    }
    ReadTransaction(const ReadTransaction &) = delete;
    ReadTransaction &operator=(const ReadTransaction &) = delete;

private:
    sqlite3 *mDb;
    bool mOpen = false;
};

// A column's text as QSqlQuery::value(column).toString() gave it, as UTF-8: SQLite's own bytes
// when they are well formed, else through Qt the way the QSQLITE driver reads them. `v` is the
// column's value (sqlite3_column_value): read with the sqlite3_value_* calls, which do what the
// sqlite3_column_* ones do without their locking and checks each time (the connection is Qt's,
// used by this thread alone).
std::string_view textOf(sqlite3_value *v, std::string &scratch)
{
    switch (sqlite3_value_type(v)) {
    case SQLITE_NULL: return {};
    case SQLITE_FLOAT:
        scratch = QString::number(sqlite3_value_double(v), 'g', QLocale::FloatingPointShortest).toStdString();
        return scratch;
    case SQLITE_BLOB: {
        const auto *bytes = static_cast<const char *>(sqlite3_value_blob(v));
        const QByteArray utf8 = QString::fromUtf8(bytes, sqlite3_value_bytes(v)).toUtf8();
        scratch.assign(utf8.constData(), size_t(utf8.size()));
        return scratch;
    }
    default: {
        const unsigned char *bytes = sqlite3_value_text(v);
        const int n = sqlite3_value_bytes(v);
        if (wellFormedUtf8(bytes, size_t(n)))
            return {reinterpret_cast<const char *>(bytes), size_t(n)};
        // The driver reads text as UTF-16 (SQLite's own conversion of what is not UTF-8).
        const auto *utf16 = static_cast<const QChar *>(sqlite3_value_text16(v));
        const QByteArray utf8 = QString(utf16, sqlite3_value_bytes16(v) / qsizetype(sizeof(QChar))).toUtf8();
        scratch.assign(utf8.constData(), size_t(utf8.size()));
        return scratch;
    }
    }
}

std::string_view textOf(sqlite3_stmt *stmt, int column, std::string &scratch)
{
    return textOf(sqlite3_column_value(stmt, column), scratch);
}

// QVariant::toDouble() of the column as the driver gave it (NULL: 0).
double doubleOf(sqlite3_value *v)
{
    switch (sqlite3_value_type(v)) {
    case SQLITE_NULL: return 0.0;
    case SQLITE_INTEGER:
    case SQLITE_FLOAT: return sqlite3_value_double(v);
    default: {
        std::string scratch;
        const std::string_view t = textOf(v, scratch);
        return QString::fromUtf8(t.data(), qsizetype(t.size())).toDouble();
    }
    }
}

double doubleOf(sqlite3_stmt *stmt, int column)
{
    return doubleOf(sqlite3_column_value(stmt, column));
}

qint64 int64Of(sqlite3_value *v)
{
    switch (sqlite3_value_type(v)) {
    case SQLITE_NULL: return 0;
    case SQLITE_INTEGER: return sqlite3_value_int64(v);
    case SQLITE_FLOAT: return qint64(sqlite3_value_double(v));
    default: {
        std::string scratch;
        const std::string_view t = textOf(v, scratch);
        return QString::fromUtf8(t.data(), qsizetype(t.size())).toLongLong();
    }
    }
}

qint64 int64Of(sqlite3_stmt *stmt, int column)
{
    return int64Of(sqlite3_column_value(stmt, column));
}

// A stored precision's canonical name (unknown words read as "unknown", as Event does), each
// distinct stored text converted once.
class PrecisionNames {
public:
    explicit PrecisionNames(QString (*canonical)(QStringView))
        : mCanonical(canonical)
    {
    }
    std::string_view operator()(std::string_view stored)
    {
        for (const auto &[from, to] : mNames)
            if (from == stored)
                return to;
        const QString name = mCanonical(QString::fromUtf8(stored.data(), qsizetype(stored.size())));
        mNames.emplace_back(std::string(stored), name.toStdString());
        return mNames.back().second;
    }

private:
    QString (*mCanonical)(QStringView);
    std::list<std::pair<std::string, std::string>> mNames; // a list: views stay valid
};

QString canonicalDatePrecision(QStringView s) { return toString(datePrecisionFromString(s)); }
QString canonicalGeoPrecision(QStringView s) { return toString(geoPrecisionFromString(s)); }

// The date as QDate::fromString(text, Qt::ISODate).toString(Qt::ISODate) writes it, empty for
// none.
std::string_view dateOf(std::string_view text, std::string &scratch)
{
    if (text.empty() || plainIsoDate(text))
        return text;
    const QDate d = QDate::fromString(QString::fromUtf8(text.data(), qsizetype(text.size())), Qt::ISODate);
    scratch = d.isValid() ? d.toString(Qt::ISODate).toStdString() : std::string();
    return scratch;
}

// One part of a listing: a selection and its order; the parts come one after the other.
struct Part {
    EventSelection sel;
    QString order;
    // "events e", or with NOT INDEXED for a list of ids (their rowids, not the date index).
    QString table = QStringLiteral("events e");
};

// The dated part of a listing with a start (`--from`): without help, `e.date <= to AND
// COALESCE(e.date_end, e.date) >= from` walks the date index from the first event ever. The
// persistent index copy (when it describes the database as this snapshot shows it) knows which
// events are longer than a month and the earliest start any shorter event in the window can
// have: the part is then the long events that reach into the window (by id; they all start
// before that day) and the events from that day on, in that order, which is the order by date.
// Exact: the same selection still applies to every row. Nothing to gain, or no current copy:
// one part, as before.
QList<Part> datedParts(sqlite3 *db, const QString &path, const EventQuery &query, const EventSelection &base)
{
    const QString order = QStringLiteral(" ORDER BY e.date, e.id");
    Part whole{base, order};
    whole.sel.add(QStringLiteral("e.date IS NOT NULL"));
    if (!query.from.isValid())
        return {whole};
    // What this connection's snapshot shows of the change counter.
    QByteArray databaseId;
    qint64 generation = -1;
    {
        Statement state;
        if (!state.prepare(db, QStringLiteral("SELECT hex(database_id), generation FROM mapline_changes WHERE id = 1"), {}) || state.step() != SQLITE_ROW)
            return {whole};
        databaseId = QByteArray(reinterpret_cast<const char *>(sqlite3_column_text(state.get(), 0)),
                                sqlite3_column_bytes(state.get(), 0));
        generation = sqlite3_column_int64(state.get(), 1);
    }
    auto reader = SqliteReader::open(path);
    if (!reader || !reader.value()->exec("BEGIN"))
        return {whole};
    Result<IndexStamp> stamp = PersistentIndex::stamp(*reader.value());
    reader.value()->exec("COMMIT");
    if (!stamp || !stamp->usable() || stamp->databaseId != databaseId || stamp->generation != generation)
        return {whole};
    const auto copy = PersistentIndex::open(PersistentIndex::pathFor(path), *stamp,
                                            IndexLoadOptions::withGazetteer().positionsFingerprint);
    if (!copy) {
        qCInfo(lcListing).noquote() << "every dated event up to the window's end is read:" << copy.error();
        return {whole};
    }
    const EventIndex &index = *copy.value();
    const EventIndex::Window w = index.window(query.from, query.to);
    constexpr size_t kMostLongIds = 100000;
    if (w.longRows.size() > kMostLongIds)
        return {whole};
    // Every row from w.begin on starts on or after its start day, every row before it before.
    const qint32 boundDay = w.begin < index.size() ? index.startDay(w.begin)
                            : index.isEmpty()      ? std::numeric_limits<qint32>::min()
                                                   : index.startDay(index.size() - 1) + 1;
    if (boundDay == std::numeric_limits<qint32>::min())
        return {whole};
    const QDate bound = EventIndex::dateOf(boundDay);
    if (!bound.isValid() || bound.year() < 1 || bound.year() > 9999)
        return {whole};
    QList<Part> parts;
    if (!w.longRows.empty()) {
        QString ids;
        ids.reserve(qsizetype(w.longRows.size()) * 8);
        for (const quint32 row : w.longRows) {
            if (!ids.isEmpty())
                ids += QLatin1Char(',');
            ids += QString::number(index.id(row));
        }
        Part longer{base, order, QStringLiteral("events e NOT INDEXED")};
        longer.sel.add(QStringLiteral("e.id IN (%1) AND e.date < ?").arg(ids), {bound.toString(Qt::ISODate)});
        parts.append(std::move(longer));
    }
    Part from{base, order};
    from.sel.add(QStringLiteral("e.date >= ?"), {bound.toString(Qt::ISODate)});
    parts.append(std::move(from));
    qCInfo(lcListing).noquote() << "events from" << bound.toString(Qt::ISODate) << "on, and" << w.longRows.size()
                                << "longer ones by id";
    return parts;
}

// Rows of a table by id (sentences, places, happenings), for a reader that walks the events in
// id order: a few thousand recent rows kept (as the listing writes them), and a cursor that moves
// forward through the table while the ids asked for do, seeking only when they jump.
class RowsById {
public:
    // `columns`: the columns after the id (texts through textOf, or integers when `integers`).
    RowsById(int columns, bool integers)
        : mColumns(columns)
        , mIntegers(integers)
        , mSlots(kSlots)
    {
    }
    bool prepare(sqlite3 *db, const QString &sql) { return mStatement.prepare(db, sql, {}) && mBehind.prepare(db, sql, {}); }
    bool failed() const { return mFailed; }

    // The row's values (empty texts, zeros for a missing row or a NULL id).
    struct Row {
        qint64 id = 0;
        bool filled = false;
        bool found = false;
        std::vector<std::string> texts;
        std::vector<qint64> integers;
    };
    const Row &get(sqlite3_value *id)
    {
        if (sqlite3_value_type(id) != SQLITE_INTEGER)
            return none();
        return byId(sqlite3_value_int64(id));
    }
    const Row &byId(qint64 id)
    {
        Row &slot = mSlots[size_t(quint64(id) % kSlots)];
        if (slot.filled && slot.id == id)
            return slot;
        fill(slot, id);
        return slot;
    }

private:
    static constexpr size_t kSlots = 4096;
    static constexpr qint64 kMostSteps = 32; // further ahead: a seek

    const Row &none()
    {
        if (!mNone.filled) {
            mNone.filled = true;
            mNone.texts.assign(size_t(mColumns), std::string());
            mNone.integers.assign(size_t(mColumns), 0);
        }
        return mNone;
    }
    void fill(Row &slot, qint64 id)
    {
        if (mOnRow && mAt > id) {
            // An id behind the cursor (a dataset's rows with the same text share one sentence,
            // so their ids come back to earlier ones): looked up on its own, the cursor kept
            // where the new ids go on.
            sqlite3_stmt *b = mBehind.get();
            sqlite3_reset(b);
            sqlite3_bind_int64(b, 1, id);
            const int rc = sqlite3_step(b);
            if (rc != SQLITE_ROW && rc != SQLITE_DONE)
                mFailed = true;
            copy(slot, id, b, rc == SQLITE_ROW && sqlite3_column_int64(b, 0) == id);
            return;
        }
        sqlite3_stmt *s = mStatement.get();
        if (!mOnRow || mAt > id || quint64(id) - quint64(mAt) > quint64(kMostSteps)) {
            sqlite3_reset(s);
            sqlite3_bind_int64(s, 1, id);
            step();
        }
        while (mOnRow && mAt < id)
            step();
        copy(slot, id, s, mOnRow && mAt == id);
    }
    // The slot from the statement's row (`found`) or empty.
    void copy(Row &slot, qint64 id, sqlite3_stmt *s, bool found)
    {
        slot.id = id;
        slot.filled = true;
        slot.texts.resize(size_t(mColumns));
        slot.integers.resize(size_t(mColumns));
        slot.found = found;
        for (int c = 0; c < mColumns; ++c) {
            if (!found) {
                slot.texts[size_t(c)].clear();
                slot.integers[size_t(c)] = 0;
            } else if (mIntegers) {
                slot.integers[size_t(c)] = int64Of(s, c + 1);
            } else {
                std::string scratch;
                const std::string_view t = textOf(s, c + 1, scratch);
                slot.texts[size_t(c)].assign(t);
            }
        }
    }
    void step()
    {
        const int rc = sqlite3_step(mStatement.get());
        mOnRow = rc == SQLITE_ROW;
        if (mOnRow)
            mAt = sqlite3_column_int64(mStatement.get(), 0);
        else if (rc != SQLITE_DONE)
            mFailed = true;
    }

    int mColumns;
    bool mIntegers;
    Statement mStatement;
    Statement mBehind; // ids behind mStatement's cursor
    std::vector<Row> mSlots;
    Row mNone;
    bool mOnRow = false;
    qint64 mAt = 0;
    bool mFailed = false;
};

// Every event of the store, as a listing without filters gives them (dated events by date then
// id, then the undated by id), read with sequential cursors instead of a seek per row: the events
// in id order, their actors in event_actors' own order (event id, actor id) merged beside them,
// sentences, places, happenings and actors' names by id through RowsById. While the ids follow
// the listing's order (the date index walked alongside says which id comes next: an import of
// dated files writes them so), each dated row is handed on as it is read; from the first row that
// does not, the rest go through a bounded external sort (RecordSorter, its file in the database's
// folder), as do the undated ones (listed last, by id) all along. Returns nothing when it cannot
// start (a statement that does not prepare): the caller then lists the usual way, nothing having
// been handed on.
std::optional<Status> forEachRecordInIdOrder(sqlite3 *db, const QString &path, bool happenings, bool externalIds,
                                             const std::function<bool(const EventRecord &)> &sink)
{
    Statement events;
    // An older database opened read-only has no happening_id (NULL in its place), or no
    // external_id (schema 1: '').
    if (!events.prepare(db,
                        QStringLiteral("SELECT id, article_id, sentence_id, type, acled_event_type, "
                                       "acled_sub_event_type, cameo_root, date, date_end, date_precision, "
                                       "place_id, geo_precision, lon, lat, place_text, confidence, %1, %2 "
                                       "FROM events ORDER BY id")
                            .arg(happenings ? QStringLiteral("happening_id") : QStringLiteral("NULL"),
                                 externalIds ? QStringLiteral("external_id") : QStringLiteral("''")),
                        {}))
        return std::nullopt;
    enum Column { Id, ArticleId, SentenceId, Type, AcledType, AcledSubType, CameoRoot, Date, DateEnd, DatePrecision,
                  PlaceId, GeoPrecision, Lon, Lat, PlaceText, Confidence, HappeningId, ExternalId, ColumnCount };
    Statement actors;
    if (!actors.prepare(db, QStringLiteral("SELECT event_id, actor_id, span_start FROM event_actors ORDER BY event_id, actor_id"), {}))
        return std::nullopt;
    RowsById sentences(1, false), places(3, false), sources(1, true), actorNames(1, false);
    if (!sentences.prepare(db, QStringLiteral("SELECT id, text FROM sentences WHERE id >= ? ORDER BY id")) ||
        !places.prepare(db, QStringLiteral("SELECT id, name, admin1, country FROM places WHERE id >= ? ORDER BY id")) ||
        !actorNames.prepare(db, QStringLiteral("SELECT id, name FROM actors WHERE id >= ? ORDER BY id")) ||
        (happenings && !sources.prepare(db, QStringLiteral("SELECT id, sources FROM happenings WHERE id >= ? ORDER BY id"))))
        return std::nullopt;
    // The dated part of the listing's order, id by id, while the events come in it. Undated
    // events, listed last, go to the sort (in id order already) without ending it.
    Statement dated;
    bool inOrder = dated.prepare(db, QStringLiteral("SELECT id FROM events INDEXED BY events_date WHERE date IS NOT NULL "
                                                    "ORDER BY date, id"), {});
    qint64 expected = 0;
    const auto nextInListing = [&] {
        if (dated.step() != SQLITE_ROW)
            return false;
        expected = sqlite3_column_int64(dated.get(), 0);
        return true;
    };
    if (inOrder)
        inOrder = nextInListing();
    qint64 handed = 0;

    const QString folder = QFileInfo(path).absolutePath();
    std::optional<RecordSorter> sorter;
    PrecisionNames datePrecision(&canonicalDatePrecision), geoPrecision(&canonicalGeoPrecision);
    std::vector<std::string> scratch(ColumnCount + 2);
    struct Mention {
        int spanClass; // 0: NULL, 1: a number, 2: anything else (by its text)
        double span;
        std::string spanText;
        qint64 actor;
    };
    std::vector<Mention> mentions;
    const auto mentionBefore = [](const Mention &x, const Mention &y) {
        if (x.spanClass != y.spanClass)
            return x.spanClass < y.spanClass;
        if (x.spanClass == 1 && x.span != y.span)
            return x.span < y.span;
        if (x.spanClass == 2 && x.spanText != y.spanText)
            return x.spanText < y.spanText;
        return x.actor < y.actor;
    };
    std::vector<std::string> actorTexts; // copies: a later name may take a cached one's slot
    std::vector<std::string_view> names;
    std::string key;
    sqlite3_stmt *e = events.get();
    sqlite3_stmt *a = actors.get();
    int actorStep = actors.step();
    int step;
    while ((step = events.step()) == SQLITE_ROW) {
        sqlite3_value *c[ColumnCount];
        for (int i = 0; i < ColumnCount; ++i)
            c[i] = sqlite3_column_value(e, i);
        EventRecord r;
        r.id = sqlite3_value_int64(c[Id]);
        // The event's actors: ties (a dataset's actors have no span) by actor id, each name once.
        const auto actorEvent = [a] { return sqlite3_value_int64(sqlite3_column_value(a, 0)); };
        while (actorStep == SQLITE_ROW && actorEvent() < r.id)
            actorStep = actors.step();
        mentions.clear();
        while (actorStep == SQLITE_ROW && actorEvent() == r.id) {
            sqlite3_value *span = sqlite3_column_value(a, 2);
            Mention m{0, 0.0, {}, sqlite3_value_int64(sqlite3_column_value(a, 1))};
            switch (sqlite3_value_type(span)) {
            case SQLITE_NULL: break;
            case SQLITE_INTEGER:
            case SQLITE_FLOAT:
                m.spanClass = 1;
                m.span = sqlite3_value_double(span);
                break;
            default:
                m.spanClass = 2;
                m.spanText.assign(reinterpret_cast<const char *>(sqlite3_value_text(span)), size_t(sqlite3_value_bytes(span)));
            }
            mentions.push_back(std::move(m));
            actorStep = actors.step();
        }
        names.clear();
        if (!mentions.empty()) {
            if (mentions.size() > 1)
                // An event names a few actors: an insertion sort, without the buffer std::stable_sort
                // allocates each time.
                for (size_t i = 1; i < mentions.size(); ++i)
                    for (size_t j = i; j > 0 && mentionBefore(mentions[j], mentions[j - 1]); --j)
                        std::swap(mentions[j], mentions[j - 1]);
            size_t count = 0;
            for (const Mention &m : mentions) {
                const RowsById::Row &name = actorNames.byId(m.actor);
                if (!name.found)
                    continue; // an actor row that is gone: the join drops it
                bool seen = false;
                for (size_t i = 0; i < count && !seen; ++i)
                    seen = actorTexts[i] == name.texts[0];
                if (seen)
                    continue;
                if (actorTexts.size() <= count)
                    actorTexts.emplace_back();
                actorTexts[count++] = name.texts[0];
            }
            for (size_t i = 0; i < count; ++i)
                names.push_back(actorTexts[i]);
        }
        r.actors = names;

        const double lon = doubleOf(c[Lon]), lat = doubleOf(c[Lat]);
        r.located = sqlite3_value_type(c[Lon]) != SQLITE_NULL && sqlite3_value_type(c[Lat]) != SQLITE_NULL &&
                    lat >= -90.0 && lat <= 90.0 && lon >= -180.0 && lon <= 180.0;
        if (r.located) {
            r.lat = lat;
            r.lon = lon;
        }
        // The listing's key, from the stored date as SQLite compares it (before textOf may
        // convert the column).
        const bool handOn = inOrder && r.id == expected && sqlite3_value_type(c[Date]) != SQLITE_NULL;
        RecordSorter::Key k;
        if (!handOn) {
            k.id = r.id;
            switch (sqlite3_value_type(c[Date])) {
            case SQLITE_NULL: k.keyClass = RecordSorter::KeyClass::Undated; break;
            case SQLITE_INTEGER:
            case SQLITE_FLOAT:
                k.keyClass = RecordSorter::KeyClass::Number;
                k.number = sqlite3_value_double(c[Date]);
                break;
            case SQLITE_TEXT:
                k.keyClass = RecordSorter::KeyClass::Text;
                key.assign(reinterpret_cast<const char *>(sqlite3_value_text(c[Date])), size_t(sqlite3_value_bytes(c[Date])));
                k.bytes = key;
                break;
            default:
                k.keyClass = RecordSorter::KeyClass::Blob;
                key.assign(static_cast<const char *>(sqlite3_value_blob(c[Date])), size_t(sqlite3_value_bytes(c[Date])));
                k.bytes = key;
            }
        }
        r.articleId = int64Of(c[ArticleId]);
        r.sentence = sentences.get(c[SentenceId]).texts[0];
        r.type = textOf(c[Type], scratch[Type]);
        r.acledEventType = textOf(c[AcledType], scratch[AcledType]);
        r.acledSubEventType = textOf(c[AcledSubType], scratch[AcledSubType]);
        r.cameoRoot = textOf(c[CameoRoot], scratch[CameoRoot]);
        const std::string_view storedDate = textOf(c[Date], scratch[Date]);
        r.date = dateOf(storedDate, scratch[ColumnCount]);
        if (sqlite3_value_type(c[DateEnd]) == SQLITE_NULL) {
            r.dateEnd = r.date;
        } else {
            const std::string_view storedEnd = textOf(c[DateEnd], scratch[DateEnd]);
            r.dateEnd = storedEnd == storedDate ? r.date : dateOf(storedEnd, scratch[ColumnCount + 1]);
        }
        r.datePrecision = datePrecision(textOf(c[DatePrecision], scratch[DatePrecision]));
        const RowsById::Row &place = places.get(c[PlaceId]);
        r.place = place.texts[0];
        r.admin1 = place.texts[1];
        r.country = place.texts[2];
        r.geoPrecision = geoPrecision(textOf(c[GeoPrecision], scratch[GeoPrecision]));
        r.placeText = textOf(c[PlaceText], scratch[PlaceText]);
        r.confidence = doubleOf(c[Confidence]);
        r.externalId = textOf(c[ExternalId], scratch[ExternalId]);
        if (happenings) {
            r.happeningId = int64Of(c[HappeningId]);
            r.sources = qint64(int(sources.get(c[HappeningId]).integers[0]));
        }
        if (sentences.failed() || places.failed() || sources.failed() || actorNames.failed())
            return Status::failure(QString::fromUtf8(sqlite3_errmsg(db)));
        if (handOn) {
            ++handed;
            if (!sink(r))
                return Status();
            inOrder = nextInListing();
            continue;
        }
        if (k.keyClass != RecordSorter::KeyClass::Undated)
            inOrder = false;
        if (!sorter)
            sorter.emplace(folder, RecordSorter::chunkBytesForListings());
        if (Status s = sorter->add(k, r); !s)
            return s;
    }
    if (step != SQLITE_DONE || (actorStep != SQLITE_ROW && actorStep != SQLITE_DONE))
        return Status::failure(QString::fromUtf8(sqlite3_errmsg(db)));
    qCInfo(lcListing).noquote() << "every event in id order:" << handed << "as read," << (sorter ? sorter->count() : 0)
                                << "sorted in" << (sorter ? sorter->runs() : 0) << "runs";
    return sorter ? sorter->drain(sink) : Status();
}

} // namespace

Status EventStore::forEachRecord(const EventQuery &query, const std::function<bool(const EventRecord &)> &sink) const
{
    sqlite3 *db = sqliteHandle(database());
    if (!db) { // not Qt's SQLite driver: through Events
        EventTextWriter::Holder holder;
        return forEachEvent(query, [&](Event &&e) { return sink(EventTextWriter::recordOf(e, holder)); });
    }
    if (query.minSources > 0 && !mHasHappenings)
        return Status::failure(QStringLiteral("%1: the database has no happenings yet (open it for writing once "
                                              "to fuse its events)").arg(mPath));
    const bool searching = !query.search.trimmed().isEmpty();
    if (searching) {
        if (Status s = validateSearch(query.search); !s)
            return s;
    }
    const auto failure = [&] {
        const QString why = QString::fromUtf8(sqlite3_errmsg(db));
        return Status::failure(searching ? searchFailure(why) : QStringLiteral("%1: %2").arg(mPath, why));
    };

    ReadTransaction transaction(db);
    // Schema 1 (an older database opened read-only) has no external_id: every event reads as none.
    const bool externalIds = schemaVersion() >= 2;
    const EventSelection base = EventSelection::of(query);
    // Every row: sequential cursors, not a seek per row.
    if (base.where.isEmpty() && query.limit < 0 && !query.near.isValid()) {
        if (std::optional<Status> listed = forEachRecordInIdOrder(db, mPath, mHasHappenings, externalIds, sink)) {
            if (!*listed)
                return Status::failure(QStringLiteral("%1: %2").arg(mPath, listed->error()));
            return {};
        }
    }
    QList<Part> parts = datedParts(db, mPath, query, base);
    {
        Part undated{base, QStringLiteral(" ORDER BY e.id")};
        undated.sel.add(QStringLiteral("e.date IS NULL"));
        parts.append(std::move(undated));
    }
    const QString select =
        QStringLiteral("SELECT e.id, e.article_id, s.text, e.type, e.acled_event_type, e.acled_sub_event_type, "
                       "e.cameo_root, e.date, e.date_end, e.date_precision, p.name, e.geo_precision, e.lon, e.lat, "
                       "p.admin1, p.country, e.place_text, e.confidence, %1, %2 FROM %4 "
                       "LEFT JOIN sentences s ON s.id = e.sentence_id LEFT JOIN places p ON p.id = e.place_id%3")
            .arg(mHasHappenings ? QStringLiteral("e.happening_id, h.sources") : QStringLiteral("0, 0"),
                 externalIds ? QStringLiteral("e.external_id") : QStringLiteral("''"),
                 mHasHappenings ? QStringLiteral(" LEFT JOIN happenings h ON h.id = e.happening_id") : QString());
    enum Column { Id, ArticleId, Sentence, Type, AcledType, AcledSubType, CameoRoot, Date, DateEnd, DatePrecision,
                  PlaceName, GeoPrecision, Lon, Lat, Admin1, Country, PlaceText, Confidence, HappeningId, Sources,
                  ExternalId, ColumnCount };

    PrecisionNames datePrecision(&canonicalDatePrecision), geoPrecision(&canonicalGeoPrecision);
    std::vector<std::string> scratch(ColumnCount + 2);
    std::vector<std::string> actorNames;
    std::vector<std::string_view> actorViews;
    const bool datesOnly = query.types.isEmpty() && query.actors.isEmpty() && !query.near.isValid() && !searching &&
                           query.articleId <= 0 && query.minSources <= 0;
    qint64 handed = 0;
    for (const Part &part : parts) {
        if (query.limit >= 0 && handed >= query.limit)
            break;
        QString text = select.arg(part.table) + part.sel.where + part.order;
        if (query.limit >= 0 && !query.near.isValid())
            text += QStringLiteral(" LIMIT %1").arg(query.limit - handed);
        Statement events;
        if (!events.prepare(db, text, part.sel.params))
            return failure();
        // Ties (a dataset's actors have no span) by actor id: the order of forEachEvent. A listing
        // filtered by dates alone walks the date index for its actors too (SQLite would scan
        // event_actors and sort every row), sorting only each event's few actors.
        const bool byDate = part.table == u"events e" && datesOnly && part.order.contains(u"e.date");
        const QString actorTable = byDate ? QStringLiteral("events e INDEXED BY events_date") : part.table;
        const QString actorText = QStringLiteral("SELECT ea.event_id, a.name FROM %1 JOIN event_actors ea ON "
                                                 "ea.event_id = e.id JOIN actors a ON a.id = ea.actor_id").arg(actorTable) +
                                  part.sel.where + part.order + QStringLiteral(", ea.span_start, ea.actor_id");
        Statement actors;
        if (!actors.prepare(db, actorText, part.sel.params))
            return failure();
        int actorStep = actors.step();
        sqlite3_stmt *e = events.get();
        sqlite3_stmt *a = actors.get();
        int step;
        while ((step = events.step()) == SQLITE_ROW) {
            EventRecord r;
            r.id = sqlite3_column_int64(e, Id);
            size_t names = 0;
            actorViews.clear();
            while (actorStep == SQLITE_ROW && sqlite3_column_int64(a, 0) == r.id) {
                std::string name;
                const std::string_view view = textOf(a, 1, name);
                bool seen = false;
                for (size_t i = 0; i < names && !seen; ++i)
                    seen = actorNames[i] == view;
                if (!seen) {
                    if (actorNames.size() <= names)
                        actorNames.emplace_back();
                    actorNames[names++].assign(view);
                }
                actorStep = actors.step();
            }
            for (size_t i = 0; i < names; ++i)
                actorViews.push_back(actorNames[i]);
            r.actors = actorViews;

            const double lon = doubleOf(e, Lon), lat = doubleOf(e, Lat);
            r.located = sqlite3_column_type(e, Lon) != SQLITE_NULL && sqlite3_column_type(e, Lat) != SQLITE_NULL &&
                        lat >= -90.0 && lat <= 90.0 && lon >= -180.0 && lon <= 180.0;
            if (query.near.isValid() &&
                !query.reaches(r.located ? QGeoCoordinate(lat, lon) : QGeoCoordinate()))
                continue;
            if (query.limit >= 0 && handed >= query.limit)
                return {};
            if (r.located) {
                r.lat = lat;
                r.lon = lon;
            }
            r.articleId = int64Of(e, ArticleId);
            r.sentence = textOf(e, Sentence, scratch[Sentence]);
            r.type = textOf(e, Type, scratch[Type]);
            r.acledEventType = textOf(e, AcledType, scratch[AcledType]);
            r.acledSubEventType = textOf(e, AcledSubType, scratch[AcledSubType]);
            r.cameoRoot = textOf(e, CameoRoot, scratch[CameoRoot]);
            r.date = dateOf(textOf(e, Date, scratch[Date]), scratch[ColumnCount]);
            // No end: the start's day.
            r.dateEnd = sqlite3_column_type(e, DateEnd) == SQLITE_NULL
                            ? r.date
                            : dateOf(textOf(e, DateEnd, scratch[DateEnd]), scratch[ColumnCount + 1]);
            r.datePrecision = datePrecision(textOf(e, DatePrecision, scratch[DatePrecision]));
            r.place = textOf(e, PlaceName, scratch[PlaceName]);
            r.geoPrecision = geoPrecision(textOf(e, GeoPrecision, scratch[GeoPrecision]));
            r.admin1 = textOf(e, Admin1, scratch[Admin1]);
            r.country = textOf(e, Country, scratch[Country]);
            r.placeText = textOf(e, PlaceText, scratch[PlaceText]);
            r.confidence = doubleOf(e, Confidence);
            r.happeningId = int64Of(e, HappeningId);
            r.sources = qint64(int(int64Of(e, Sources)));
            r.externalId = textOf(e, ExternalId, scratch[ExternalId]);
            ++handed;
            if (!sink(r))
                return {};
        }
        if (step != SQLITE_DONE) // a row that could not be read (a damaged page)
            return failure();
        if (actorStep != SQLITE_ROW && actorStep != SQLITE_DONE)
            return failure();
    }
    return {};
}

} // namespace mapline
