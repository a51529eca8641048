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
#include <memory>
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
    Part(EventSelection selection, QString orderBy, QString from, QString sliceFromDay)
        : sel(std::move(selection))
        , order(std::move(orderBy))
        , table(std::move(from))
        , sliceFrom(std::move(sliceFromDay))
    {
    }
    EventSelection sel;
    QString order;
    // "events e", or with NOT INDEXED for a list of ids (their rowids, not the date index).
    QString table = QStringLiteral("events e");
    // The part of a window from this day on (ISO), which may be read in slices
    // (forEachRecordInSlices); empty for the others.
    QString sliceFrom;
    // The window's events that start before it, which may be read by these ids (sorted) with
    // `sliceSel` (the selection without the list of ids).
    std::shared_ptr<const std::vector<qint64>> sliceIds;
    EventSelection sliceSel;
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
    Part whole{base, order, QStringLiteral("events e"), {}};
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
    // Only the window's part of the copy (its blocks checked as they are read), not the whole
    // copy mapped: the same rows from w.begin on and the same long rows reaching into the window.
    const PersistentIndex::DayRange days{
        query.from.isValid() ? EventIndex::dayNumber(query.from) : std::numeric_limits<qint32>::min(),
        query.to.isValid() ? EventIndex::dayNumber(query.to) : std::numeric_limits<qint32>::max()};
    const auto copy = PersistentIndex::open(PersistentIndex::pathFor(path), *stamp,
                                            IndexLoadOptions::withGazetteer().positionsFingerprint, days);
    if (!copy) {
        qCInfo(lcListing).noquote() << "every dated event up to the window's end is read:" << copy.error();
        return {whole};
    }
    const EventIndex &index = *copy.value();
    const EventIndex::Window w = index.window(query.from, query.to);
    constexpr size_t kMostLongIds = 100000;
    constexpr size_t kMostEarlierIds = 1000000;
    const auto byIds = [](const std::vector<qint64> &list) {
        QString ids;
        ids.reserve(qsizetype(list.size()) * 8);
        for (const qint64 id : list) {
            if (!ids.isEmpty())
                ids += QLatin1Char(',');
            ids += QString::number(id);
        }
        return ids;
    };
    // The events that start before the window's first day and reach into it (the long ones and
    // the shorter ones that start at most a month before), by id, then every event from that day
    // on: the date index's range holds no event that does not reach into the window, which a
    // window read in slices would pass over one by one (a month of them for a week).
    std::vector<qint64> earlier;
    index.forEach(w, nullptr, [&](qsizetype row) {
        if (index.startDay(row) < w.fromDay)
            earlier.push_back(index.id(row));
    });
    if (earlier.size() <= kMostEarlierIds && query.from.year() >= 1 && query.from.year() <= 9999) {
        const QString fromText = query.from.toString(Qt::ISODate);
        QList<Part> parts;
        if (!earlier.empty()) {
            std::sort(earlier.begin(), earlier.end());
            Part before{base, order, QStringLiteral("events e NOT INDEXED"), {}};
            before.sel.add(QStringLiteral("e.id IN (%1) AND e.date < ?").arg(byIds(earlier)), {fromText});
            before.sliceSel = base;
            before.sliceSel.add(QStringLiteral("e.date < ?"), {fromText});
            before.sliceIds = std::make_shared<const std::vector<qint64>>(std::move(earlier));
            parts.append(std::move(before));
        }
        Part from{base, order, QStringLiteral("events e"), fromText};
        from.sel.add(QStringLiteral("e.date >= ?"), {fromText});
        from.sliceSel = from.sel;
        parts.append(std::move(from));
        qCInfo(lcListing).noquote() << "events from" << fromText << "on, and"
                                    << (parts.size() > 1 ? parts.front().sliceIds->size() : 0) << "earlier ones by id";
        return parts;
    }
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
        std::vector<qint64> longIds;
        longIds.reserve(w.longRows.size());
        for (const quint32 row : w.longRows)
            longIds.push_back(index.id(row));
        Part longer{base, order, QStringLiteral("events e NOT INDEXED"), {}};
        longer.sel.add(QStringLiteral("e.id IN (%1) AND e.date < ?").arg(byIds(longIds)), {bound.toString(Qt::ISODate)});
        parts.append(std::move(longer));
    }
    Part from{base, order, QStringLiteral("events e"), bound.toString(Qt::ISODate)};
    from.sel.add(QStringLiteral("e.date >= ?"), {bound.toString(Qt::ISODate)});
    from.sliceSel = from.sel;
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

// An event's record from its own row read in id order (the columns below, without joins) and the
// rows of the other tables it names: sentences, places, happenings and actors' names by id through
// RowsById, its actors from the event_actors rows the reader gives it (addMention). Shared by the
// listing of every row and the window read in slices.
class IdOrderRows {
public:
    enum Column { Id, ArticleId, SentenceId, Type, AcledType, AcledSubType, CameoRoot, Date, DateEnd, DatePrecision,
                  PlaceId, GeoPrecision, Lon, Lat, PlaceText, Confidence, HappeningId, ExternalId, ColumnCount };
    // The SELECT list of Column, of `events` (an older database opened read-only has no
    // happening_id: NULL in its place; or no external_id, schema 1: '').
    static QString columns(bool happenings, bool externalIds)
    {
        return QStringLiteral("id, article_id, sentence_id, type, acled_event_type, acled_sub_event_type, cameo_root, "
                              "date, date_end, date_precision, place_id, geo_precision, lon, lat, place_text, "
                              "confidence, %1, %2")
            .arg(happenings ? QStringLiteral("happening_id") : QStringLiteral("NULL"),
                 externalIds ? QStringLiteral("external_id") : QStringLiteral("''"));
    }

    explicit IdOrderRows(bool happenings)
        : mHappenings(happenings)
        , mDatePrecision(&canonicalDatePrecision)
        , mGeoPrecision(&canonicalGeoPrecision)
        , mScratch(ColumnCount + 2)
    {
    }
    bool prepare(sqlite3 *db)
    {
        return mSentences.prepare(db, QStringLiteral("SELECT id, text FROM sentences WHERE id >= ? ORDER BY id")) &&
               mPlaces.prepare(db, QStringLiteral("SELECT id, name, admin1, country FROM places WHERE id >= ? ORDER BY id")) &&
               mActorNames.prepare(db, QStringLiteral("SELECT id, name FROM actors WHERE id >= ? ORDER BY id")) &&
               (!mHappenings ||
                mSources.prepare(db, QStringLiteral("SELECT id, sources FROM happenings WHERE id >= ? ORDER BY id")));
    }

    // The event's actors: the rows (event_id, actor_id, span_start) of one event, in any order.
    void clearMentions() { mMentions.clear(); }
    void addMention(sqlite3_stmt *a)
    {
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
        mMentions.push_back(std::move(m));
    }

    // The listing's key of a row, from the stored date as SQLite compares it: to be taken before
    // fill(), whose textOf may convert the column.
    RecordSorter::Key keyOf(sqlite3_value **c)
    {
        RecordSorter::Key k;
        k.id = sqlite3_value_int64(c[Id]);
        sqlite3_value *date = c[Date];
        switch (sqlite3_value_type(date)) {
        case SQLITE_NULL: k.keyClass = RecordSorter::KeyClass::Undated; break;
        case SQLITE_INTEGER:
        case SQLITE_FLOAT:
            k.keyClass = RecordSorter::KeyClass::Number;
            k.number = sqlite3_value_double(date);
            break;
        case SQLITE_TEXT:
            k.keyClass = RecordSorter::KeyClass::Text;
            mKey.assign(reinterpret_cast<const char *>(sqlite3_value_text(date)), size_t(sqlite3_value_bytes(date)));
            k.bytes = mKey;
            break;
        default:
            k.keyClass = RecordSorter::KeyClass::Blob;
            mKey.assign(static_cast<const char *>(sqlite3_value_blob(date)), size_t(sqlite3_value_bytes(date)));
            k.bytes = mKey;
        }
        return k;
    }

    // The record of the row `c` (its values, ColumnCount of them) with the mentions added since
    // clearMentions(); valid until the next call. False when a row of another table could not be read.
    bool fill(sqlite3_value **c, EventRecord &r)
    {
        r.id = sqlite3_value_int64(c[Id]);
        mNames.clear();
        if (!mMentions.empty()) {
            if (mMentions.size() > 1)
                // An event names a few actors: an insertion sort, without the buffer std::stable_sort
                // allocates each time. Ties (a dataset's actors have no span) by actor id.
                for (size_t i = 1; i < mMentions.size(); ++i)
                    for (size_t j = i; j > 0 && mentionBefore(mMentions[j], mMentions[j - 1]); --j)
                        std::swap(mMentions[j], mMentions[j - 1]);
            size_t count = 0;
            for (const Mention &m : mMentions) {
                const RowsById::Row &name = mActorNames.byId(m.actor);
                if (!name.found)
                    continue; // an actor row that is gone: the join drops it
                bool seen = false;
                for (size_t i = 0; i < count && !seen; ++i)
                    seen = mActorTexts[i] == name.texts[0];
                if (seen)
                    continue;
                if (mActorTexts.size() <= count)
                    mActorTexts.emplace_back();
                mActorTexts[count++] = name.texts[0];
            }
            for (size_t i = 0; i < count; ++i)
                mNames.push_back(mActorTexts[i]);
        }
        r.actors = mNames;

        const double lon = doubleOf(c[Lon]), lat = doubleOf(c[Lat]);
        r.located = sqlite3_value_type(c[Lon]) != SQLITE_NULL && sqlite3_value_type(c[Lat]) != SQLITE_NULL &&
                    lat >= -90.0 && lat <= 90.0 && lon >= -180.0 && lon <= 180.0;
        if (r.located) {
            r.lat = lat;
            r.lon = lon;
        }
        r.articleId = int64Of(c[ArticleId]);
        r.sentence = mSentences.get(c[SentenceId]).texts[0];
        r.type = textOf(c[Type], mScratch[Type]);
        r.acledEventType = textOf(c[AcledType], mScratch[AcledType]);
        r.acledSubEventType = textOf(c[AcledSubType], mScratch[AcledSubType]);
        r.cameoRoot = textOf(c[CameoRoot], mScratch[CameoRoot]);
        const std::string_view storedDate = textOf(c[Date], mScratch[Date]);
        r.date = dateOf(storedDate, mScratch[ColumnCount]);
        if (sqlite3_value_type(c[DateEnd]) == SQLITE_NULL) {
            r.dateEnd = r.date;
        } else {
            const std::string_view storedEnd = textOf(c[DateEnd], mScratch[DateEnd]);
            r.dateEnd = storedEnd == storedDate ? r.date : dateOf(storedEnd, mScratch[ColumnCount + 1]);
        }
        r.datePrecision = mDatePrecision(textOf(c[DatePrecision], mScratch[DatePrecision]));
        const RowsById::Row &place = mPlaces.get(c[PlaceId]);
        r.place = place.texts[0];
        r.admin1 = place.texts[1];
        r.country = place.texts[2];
        r.geoPrecision = mGeoPrecision(textOf(c[GeoPrecision], mScratch[GeoPrecision]));
        r.placeText = textOf(c[PlaceText], mScratch[PlaceText]);
        r.confidence = doubleOf(c[Confidence]);
        r.externalId = textOf(c[ExternalId], mScratch[ExternalId]);
        if (mHappenings) {
            r.happeningId = int64Of(c[HappeningId]);
            r.sources = qint64(int(mSources.get(c[HappeningId]).integers[0]));
        }
        return !(mSentences.failed() || mPlaces.failed() || mSources.failed() || mActorNames.failed());
    }

private:
    struct Mention {
        int spanClass; // 0: NULL, 1: a number, 2: anything else (by its text)
        double span;
        std::string spanText;
        qint64 actor;
    };
    static bool mentionBefore(const Mention &x, const Mention &y)
    {
        if (x.spanClass != y.spanClass)
            return x.spanClass < y.spanClass;
        if (x.spanClass == 1 && x.span != y.span)
            return x.span < y.span;
        if (x.spanClass == 2 && x.spanText != y.spanText)
            return x.spanText < y.spanText;
        return x.actor < y.actor;
    }

    bool mHappenings;
    RowsById mSentences{1, false}, mPlaces{3, false}, mSources{1, true}, mActorNames{1, false};
    PrecisionNames mDatePrecision, mGeoPrecision;
    std::vector<std::string> mScratch;
    std::vector<Mention> mMentions;
    std::vector<std::string> mActorTexts; // copies: a later name may take a cached one's slot
    std::vector<std::string_view> mNames;
    std::string mKey;
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
    if (!events.prepare(db, QStringLiteral("SELECT %1 FROM events ORDER BY id").arg(IdOrderRows::columns(happenings, externalIds)), {}))
        return std::nullopt;
    Statement actors;
    if (!actors.prepare(db, QStringLiteral("SELECT event_id, actor_id, span_start FROM event_actors ORDER BY event_id, actor_id"), {}))
        return std::nullopt;
    IdOrderRows rows(happenings);
    if (!rows.prepare(db))
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
    sqlite3_stmt *e = events.get();
    sqlite3_stmt *a = actors.get();
    int actorStep = actors.step();
    int step;
    while ((step = events.step()) == SQLITE_ROW) {
        sqlite3_value *c[IdOrderRows::ColumnCount];
        for (int i = 0; i < IdOrderRows::ColumnCount; ++i)
            c[i] = sqlite3_column_value(e, i);
        const qint64 id = sqlite3_value_int64(c[IdOrderRows::Id]);
        const auto actorEvent = [a] { return sqlite3_value_int64(sqlite3_column_value(a, 0)); };
        while (actorStep == SQLITE_ROW && actorEvent() < id)
            actorStep = actors.step();
        rows.clearMentions();
        while (actorStep == SQLITE_ROW && actorEvent() == id) {
            rows.addMention(a);
            actorStep = actors.step();
        }
        const bool handOn = inOrder && id == expected && sqlite3_value_type(c[IdOrderRows::Date]) != SQLITE_NULL;
        RecordSorter::Key k;
        if (!handOn)
            k = rows.keyOf(c);
        EventRecord r;
        if (!rows.fill(c, r))
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


// A cursor in id order that steps while the ids asked for are close, seeks when they jump.
struct IdCursor {
    sqlite3_stmt *stmt;
    int idParam;
    bool started = false;
    bool onRow = false;
    bool failed = false;
    qint64 at = 0;
    void step()
    {
        const int rc = sqlite3_step(stmt);
        onRow = rc == SQLITE_ROW;
        if (onRow)
            at = sqlite3_value_int64(sqlite3_column_value(stmt, 0));
        else if (rc != SQLITE_DONE)
            failed = true;
    }
    // On the first row whose id is `id` or more (ids asked for only go up).
    void seek(qint64 id)
    {
        constexpr qint64 kMostSteps = 8; // further ahead: a seek
        if (!started || (onRow && at < id && quint64(id) - quint64(at) > quint64(kMostSteps))) {
            started = true;
            sqlite3_reset(stmt);
            sqlite3_bind_int64(stmt, idParam, id);
            step();
        }
        while (onRow && at < id)
            step();
    }
};

// The part of a window listing from its first day on (datedParts' last dated part: every event
// dated on or after `bound`, up to the window's end `to` when there is one, that passes the
// part's selection, by date then id), read without a seek per row through the date index: the
// part's ids are taken from the date index (covering: no row read) a slice at a time
// (RecordSorter::sliceRowsForListings() of them, a slice's bounds anywhere, inside a day or
// between rows of the same date), each slice's ids read in id order with a cursor on the table
// that steps forward while they are close and seeks when they jump (and the same on event_actors),
// and the slice's records handed on in the listing's order: as read while the ids follow it (a
// store whose ids follow its dates never buffers), the rest of the slice through a RecordSorter
// keyed by the rank in the slice (in memory: a slice fits its chunk). The part's whole selection
// is a column of the table's cursor, so a row it leaves out is skipped as the walk would. Memory is
// one slice's, whatever the window's size. Returns nothing when it cannot start (a statement that
// does not prepare): nothing has been handed on. `stopped`: the sink asked to stop.
std::optional<Status> forEachRecordInSlices(sqlite3 *db, const QString &path, bool happenings, bool externalIds,
                                            const EventSelection &sel, const QString &bound, const QDate &to,
                                            const std::vector<qint64> *ids,
                                            const std::function<bool(const EventRecord &)> &sink, bool &stopped)
{
    const QString toText = to.isValid() ? to.toString(Qt::ISODate) : QString();
    const QString range = to.isValid() ? QStringLiteral("date >= ? AND date <= ?") : QStringLiteral("date >= ?");
    QVariantList rangeParams{bound};
    if (to.isValid())
        rangeParams << toText;
    Statement candidates;
    if (!ids && !candidates.prepare(db, QStringLiteral("SELECT id FROM events INDEXED BY events_date WHERE %1 ORDER BY date, id").arg(range),
                            rangeParams))
        return std::nullopt;
    // The selection as a column (what WHERE would keep: true, not false or NULL), the id after its
    // parameters, the window's dates so that rows of other days are passed inside SQLite.
    const QString selected = sel.where.isEmpty() ? QStringLiteral("1") : sel.where.mid(QStringLiteral(" WHERE ").size());
    QVariantList params = sel.params;
    const int idParam = int(params.size()) + 1;
    params << qint64(0);
    if (!ids)
        params += rangeParams;
    Statement events;
    if (!events.prepare(db,
                        QStringLiteral("SELECT %1, (%2) FROM events e NOT INDEXED WHERE e.id >= ?%3 ORDER BY e.id")
                            .arg(IdOrderRows::columns(happenings, externalIds), selected,
                                 ids            ? QString()
                                 : to.isValid() ? QStringLiteral(" AND e.date >= ? AND e.date <= ?")
                                                : QStringLiteral(" AND e.date >= ?")),
                        params))
        return std::nullopt;
    Statement actors;
    if (!actors.prepare(db, QStringLiteral("SELECT event_id, actor_id, span_start FROM event_actors WHERE event_id >= ? "
                                           "ORDER BY event_id, actor_id"), {qint64(0)}))
        return std::nullopt;
    IdOrderRows rows(happenings);
    if (!rows.prepare(db))
        return std::nullopt;

    IdCursor e{events.get(), idParam};
    IdCursor a{actors.get(), 1};

    const QString folder = QFileInfo(path).absolutePath();
    std::optional<RecordSorter> sorter;
    stopped = false;
    const std::function<bool(const EventRecord &)> handOn = [&](const EventRecord &r) {
        if (!sink(r))
            stopped = true;
        return !stopped;
    };
    const size_t sliceRows = RecordSorter::sliceRowsForListings();
    std::vector<std::pair<qint64, quint32>> slice; // id, rank in the listing
    std::vector<quint8> done;                       // by rank: handed on, or not selected
    qint64 asRead = 0, buffered = 0, slices = 0;
    int rc = SQLITE_ROW;
    while (rc == SQLITE_ROW && !stopped) {
        slice.clear();
        if (ids) { // the ids given, at once (their ranks unknown: sorted by their dates)
            for (const qint64 id : *ids)
                slice.emplace_back(id, 0);
            rc = SQLITE_DONE;
        }
        while (!ids && slice.size() < sliceRows && (rc = candidates.step()) == SQLITE_ROW)
            slice.emplace_back(sqlite3_column_int64(candidates.get(), 0), quint32(slice.size()));
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            return Status::failure(QString::fromUtf8(sqlite3_errmsg(db)));
        if (slice.empty())
            break;
        ++slices;
        std::sort(slice.begin(), slice.end());
        // A slice's ids may start behind the last one's end (ids not in date order).
        if (e.started && (!e.onRow || e.at > slice.front().first))
            e.started = false;
        if (a.started && (!a.onRow || a.at > slice.front().first))
            a.started = false;
        done.assign(slice.size(), 0);
        size_t next = 0; // the rank to hand on next, while nothing of the slice waits in the sorter
        bool waiting = false;
        const auto finish = [&](quint32 rank) {
            done[rank] = 1;
            while (next < done.size() && done[next])
                ++next;
        };
        for (const auto &[id, rank] : slice) {
            e.seek(id);
            sqlite3_value *c[IdOrderRows::ColumnCount + 1];
            if (e.onRow && e.at == id) {
                for (int i = 0; i <= IdOrderRows::ColumnCount; ++i)
                    c[i] = sqlite3_column_value(e.stmt, i);
            }
            if (!(e.onRow && e.at == id) || sqlite3_value_type(c[IdOrderRows::ColumnCount]) == SQLITE_NULL ||
                sqlite3_value_int64(c[IdOrderRows::ColumnCount]) == 0) {
                if (!waiting)
                    finish(rank);
                continue;
            }
            a.seek(id);
            rows.clearMentions();
            while (a.onRow && a.at == id) {
                rows.addMention(a.stmt);
                a.step();
            }
            const bool now = !ids && !waiting && rank == next;
            RecordSorter::Key k;
            if (ids) {
                k = rows.keyOf(c);
            } else if (!now) {
                k.keyClass = RecordSorter::KeyClass::Number;
                k.number = double(rank);
                k.id = id;
            }
            EventRecord r;
            if (!rows.fill(c, r))
                return Status::failure(QString::fromUtf8(sqlite3_errmsg(db)));
            if (now) {
                ++asRead;
                if (!handOn(r))
                    return Status();
                finish(rank);
                continue;
            }
            waiting = true;
            ++buffered;
            if (!sorter)
                sorter.emplace(folder, RecordSorter::chunkBytesForListings());
            if (Status s = sorter->add(k, r); !s)
                return s;
        }
        if (e.failed || a.failed)
            return Status::failure(QString::fromUtf8(sqlite3_errmsg(db)));
        if (waiting) {
            if (Status s = sorter->drain(handOn); !s)
                return s;
            if (sorter->runs() > 0) // spilled: a new sorter (and file) for the next slice
                sorter.reset();
        }
    }
    if (ids)
        qCInfo(lcListing).noquote() << "the events before the window by id:" << buffered << "through the sort";
    else
        qCInfo(lcListing).noquote() << "the window from" << bound << "in" << slices << "slices:" << asRead << "as read,"
                                    << buffered << "through the slice's sort";
    return Status();
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
        Part undated{base, QStringLiteral(" ORDER BY e.id"), QStringLiteral("events e"), {}};
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
    // A window's days read in slices in id order (no seek per row) when every filter is a column
    // of the event's own row or its actors; a limit, a place, a search or a number of sources
    // keep the walk.
    const bool slicing = query.limit < 0 && !query.near.isValid() && !searching && query.articleId <= 0 &&
                         query.minSources <= 0;
    for (const Part &part : parts) {
        if (query.limit >= 0 && handed >= query.limit)
            break;
        if (slicing && (!part.sliceFrom.isEmpty() || part.sliceIds)) {
            bool stopped = false;
            if (std::optional<Status> listed =
                    forEachRecordInSlices(db, mPath, mHasHappenings, externalIds, part.sliceSel, part.sliceFrom, query.to,
                                          part.sliceIds.get(), sink, stopped)) {
                if (!*listed)
                    return Status::failure(QStringLiteral("%1: %2").arg(mPath, listed->error()));
                if (stopped)
                    return {};
                continue;
            }
        }
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
