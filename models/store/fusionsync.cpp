#include "store/fusionsync.h"

#include "event.h"
#include "fusion/fusionarea.h"
#include "fusion/fusionprobes.h"
#include "fusion/fusionrules.h"
#include "index/eventindex.h"
#include "store/rawquery.h"

#include <QFileInfo>

#include <algorithm>

namespace mapline {
namespace {

constexpr int kChunk = 500;
// The largest place or actor id a re-fusion reads into a table by id (far more than any database
// holds: a place per town of the world is a few million).
constexpr qint64 kMaxDenseId = 100'000'000;

QString idList(const std::vector<qint64> &ids, size_t from, size_t to)
{
    QString out;
    for (size_t i = from; i < to; ++i) {
        if (i > from)
            out += QLatin1Char(',');
        out += QString::number(ids[i]);
    }
    return out;
}

// `column IN (ids[from..to))`, or, when those ids are every integer from the first to the last
// (sorted, no gaps: a batch's new events), the same rows as `column BETWEEN first AND last`,
// which SQLite parses at once instead of a few thousand instructions per number.
QString idCondition(const char *column, const std::vector<qint64> &ids, size_t from, size_t to)
{
    if (to > from && ids[to - 1] - ids[from] == qint64(to - from - 1) && std::is_sorted(ids.begin() + qint64(from), ids.begin() + qint64(to)))
        return QStringLiteral("%1 BETWEEN %2 AND %3").arg(QLatin1String(column)).arg(ids[from]).arg(ids[to - 1]);
    return QStringLiteral("%1 IN (%2)").arg(QLatin1String(column), idList(ids, from, to));
}

// "YYYY-MM-DD" without building a QDate per row; invalid on anything else.
QDate isoDate(std::string_view t)
{
    if (t.size() < 10 || t[4] != '-' || t[7] != '-')
        return {};
    const auto num = [&t](size_t from, size_t n) {
        int v = 0;
        for (size_t i = from; i < from + n; ++i) {
            if (t[i] < '0' || t[i] > '9')
                return -1;
            v = v * 10 + (t[i] - '0');
        }
        return v;
    };
    return QDate(num(0, 4), num(5, 2), num(8, 2));
}

QString fromUtf8(std::string_view t)
{
    return QString::fromUtf8(t.data(), qsizetype(t.size()));
}

// A whole table read in one pass (a re-fusion reads every event and actor) through a memory
// mapping of the file rather than a pread() and a copy per page, then no mapping again: the
// mapping is for this read only (docs/PERFORMANCE.md, "Fusion, fourth round"). A connection
// that maps already (not Mapline's) is left as it is. SQLite caps the size at its build's limit
// (2 GB by default); pages past it are read as usual. Constant statements: no SQL is built.
class MappedReadScope {
public:
    explicit MappedReadScope(sqlite3 *db)
        : mDb(db)
    {
        RawQuery q;
        mSet = q.prepare(mDb, QStringLiteral("PRAGMA mmap_size")) && q.next() && q.int64(0) == 0
            && run("PRAGMA mmap_size=1099511627776");
    }
    ~MappedReadScope()
    {
        if (mSet)
            static_cast<void>(run("PRAGMA mmap_size=0"));
    }
    MappedReadScope(const MappedReadScope &) = delete;
    MappedReadScope &operator=(const MappedReadScope &) = delete;

private:
    // A failure only leaves the reads as they were: nothing to report.
    bool run(const char *pragma)
    {
        RawQuery q;
        return q.prepare(mDb, QString::fromLatin1(pragma)) && (q.next() || !q.failed());
    }
    sqlite3 *mDb;
    bool mSet = false;
};

} // namespace

FusionWriteThresholds &fusionWriteThresholds()
{
    static FusionWriteThresholds thresholds;
    return thresholds;
}

bool fusionOffForBenchmark()
{
    static const bool off = qEnvironmentVariableIsSet("MAPLINE_BENCHMARK_NO_FUSION");
    return off;
}

FusionSync::FusionSync(const QSqlDatabase &db, const QString &path, FusionReports &reports)
    : mDb(db)
    , mHandle(sqliteHandle(db))
    , mPath(path)
    , mReports(reports)
{
}

QStringList FusionSync::publishers(qint64 articleId, const QString &rowSource)
{
    auto it = mDocuments.find(articleId);
    if (it == mDocuments.end()) {
        Document d;
        // Prepared once per FusionSync (a prepare per document was 5 % of an article import).
        RawQuery &q = mDocumentQuery;
        if (!mDocumentQueryReady)
            mDocumentQueryReady = bool(q.prepare(mHandle, QStringLiteral("SELECT a.source, a.url, d.kind, d.path FROM articles a "
                                                                         "LEFT JOIN datasets d ON d.article_id = a.id WHERE a.id = ?")));
        if (mDocumentQueryReady) {
            q.bind(1, articleId);
            if (q.next()) {
                d.dataset = q.string(2);
                const FusionRules &rules = mReports.rules();
                if (d.dataset.isEmpty()) {
                    d.source = rules.publisher(q.string(0));
                    if (d.source.isEmpty())
                        d.source = rules.publisher(q.string(1));
                    if (d.source.isEmpty())
                        d.source = QStringLiteral("article %1").arg(articleId);
                } else if (d.dataset == u"acled") {
                    d.fallback = QStringLiteral("ACLED");
                } else if (d.dataset.startsWith(u"gdelt")) {
                    d.fallback = QStringLiteral("GDELT");
                } else {
                    d.fallback = QStringLiteral("Mapline export: ") + QFileInfo(q.string(3)).fileName();
                }
            }
            q.reset(); // no statement left running between calls
        }
        it = mDocuments.insert(articleId, d);
    }
    const Document &d = *it;
    if (d.dataset.isEmpty())
        return {d.source};
    if (d.dataset == u"mapline" || rowSource.trimmed().isEmpty())
        return {d.fallback};
    const QStringList named = d.dataset == u"acled" ? mReports.rules().publishers(rowSource)
                                                    : QStringList{mReports.rules().publisher(rowSource)};
    return named.isEmpty() ? QStringList{d.fallback} : named;
}

std::span<const quint32> FusionSync::publisherIds(qint64 articleId, std::string_view rowSource)
{
    // Rows come by id: a dataset's rows after one another, most with the same source.
    if (mLastPublishers && articleId == mLastArticle && rowSource == mLastSource)
        return *mLastPublishers;
    std::string key(reinterpret_cast<const char *>(&articleId), sizeof articleId);
    key.append(rowSource);
    auto it = mPublisherIds.find(key);
    if (it != mPublisherIds.end()) {
        mLastArticle = articleId;
        mLastSource.assign(rowSource);
        mLastPublishers = &it->second;
        return it->second;
    }
    // The names, as the row cache kept them from an earlier batch (a document's row does not
    // change under it), else from the document's row.
    const QStringList *names = mRowCache ? mRowCache->publishers(key) : nullptr;
    QStringList read;
    if (!names) {
        read = publishers(articleId, fromUtf8(rowSource));
        if (mRowCache)
            mRowCache->setPublishers(key, read);
        names = &read;
    }
    std::vector<quint32> ids;
    for (const QString &name : *names)
        ids.push_back(mReports.vocabulary().intern(name));
    // A GDELT 2.0 row names its own article: not worth remembering past a point.
    if (mPublisherIds.size() >= 100000) {
        mScratchIds = std::move(ids);
        return mScratchIds;
    }
    mLastArticle = articleId;
    mLastSource.assign(rowSource);
    mLastPublishers = &mPublisherIds.emplace(std::move(key), std::move(ids)).first->second;
    return *mLastPublishers;
}

Status FusionSync::readReports(const QString &where, std::vector<int> &out)
{
    // A few events (a write's fusion): their rows, then reports made of them in their order.
    if (where != u"1" || !mReportOf.isEmpty() || !mSortedIds.empty()) {
        std::vector<FusionRowCache::Row *> read;
        if (Status s = readRows(where, rows(), read); !s)
            return s;
        addRows(read, rows(), out);
        return {};
    }
    // The whole table, read first (a re-fusion): ids come once each, in order, into a sorted list
    // (a hash of a million ids costs more than the rest of the read), and the places and actors
    // are read once rather than joined to every row.
    struct PlaceTexts {
        std::string name, admin1, country;
        bool interned = false;
        quint32 nameId = 0, admin1Id = 0, countryId = 0;
    };
    struct ActorTexts {
        std::string name;
        QString affiliation;
        bool role = false;
        bool interned = false;
        quint32 nameId = 0;
    };
    // By id (the tables' row ids, dense from 1; an id past the end or never read: none).
    std::vector<PlaceTexts> places;
    std::vector<ActorTexts> actorTexts;
    std::vector<bool> placeRead, actorRead;
    const MappedReadScope mapped(mHandle); // outlives the queries below (declared before them)
    RawQuery events, actors;
    {
        // Room for every event at once (the largest id is one look at the table's key): the reports
        // of a million events are not copied as they grow.
        RawQuery q;
        if (Status s = q.prepare(mHandle, QStringLiteral("SELECT coalesce(max(id), 0) FROM events")); !s)
            return Status::failure(QStringLiteral("%1: %2").arg(mPath, s.error()));
        if (q.next())
            mReports.reserve(size_t(std::min<qint64>(q.int64(0), 50'000'000)));
    }
    {
        RawQuery q;
        if (Status s = q.prepare(mHandle, QStringLiteral("SELECT id, name, admin1, country FROM places")); !s)
            return Status::failure(QStringLiteral("%1: %2").arg(mPath, s.error()));
        while (q.next()) {
            const qint64 id = q.int64(0);
            if (id < 0 || id > kMaxDenseId)
                return Status::failure(QStringLiteral("%1: a place id out of range (%2)").arg(mPath).arg(id));
            if (size_t(id) >= places.size()) {
                places.resize(size_t(id) + 1);
                placeRead.resize(size_t(id) + 1, false);
            }
            places[size_t(id)] = PlaceTexts{std::string(q.text(1)), std::string(q.text(2)), std::string(q.text(3))};
            placeRead[size_t(id)] = true;
        }
        if (q.failed())
            return Status::failure(QStringLiteral("%1: cannot read the places: %2").arg(mPath, q.error()));
        RawQuery a;
        if (Status s = a.prepare(mHandle, QStringLiteral("SELECT id, name, affiliation, kind FROM actors")); !s)
            return Status::failure(QStringLiteral("%1: %2").arg(mPath, s.error()));
        while (a.next()) {
            const qint64 id = a.int64(0);
            if (id < 0 || id > kMaxDenseId)
                return Status::failure(QStringLiteral("%1: an actor id out of range (%2)").arg(mPath).arg(id));
            if (size_t(id) >= actorTexts.size()) {
                actorTexts.resize(size_t(id) + 1);
                actorRead.resize(size_t(id) + 1, false);
            }
            actorTexts[size_t(id)] = ActorTexts{std::string(a.text(1)), a.text(2).empty() ? QString() : fromUtf8(a.text(2)),
                                                a.text(3) == "role"};
            actorRead[size_t(id)] = true;
        }
        if (a.failed())
            return Status::failure(QStringLiteral("%1: cannot read the actors: %2").arg(mPath, a.error()));
    }
    if (Status s = events.prepare(mHandle,
            QStringLiteral("SELECT e.id, e.happening_id, e.date, e.date_end, e.date_precision, e.flags, e.place_id, "
                           "e.geo_precision, e.lon, e.lat, NULL, NULL, e.type, e.acled_event_type, e.confidence, "
                           "e.article_id, e.source, e.cameo_code FROM events e ORDER BY e.id"));
        !s)
        return Status::failure(QStringLiteral("%1: %2").arg(mPath, s.error()));
    // In the order of the table's key (event, actor), as the join read them.
    if (Status s = actors.prepare(mHandle, QStringLiteral("SELECT ea.event_id, ea.actor_id FROM event_actors ea "
                                                          "ORDER BY ea.event_id, ea.actor_id"));
        !s)
        return Status::failure(QStringLiteral("%1: %2").arg(mPath, s.error()));
    bool moreActors = actors.next();
    // The texts go straight from SQLite's UTF-8 into the vocabulary, in the order
    // FusionReports::Interned names; only the few distinct precisions and codes become QStrings.
    FusionVocabulary &words = mReports.vocabulary();
    FusionReports::Interned in;
    std::vector<FusionReports::Interned::Actor> rowActors;
    QHash<QByteArray, QString> texts;
    const auto cached = [&texts](std::string_view t) {
        const QByteArray key = QByteArray::fromRawData(t.data(), qsizetype(t.size()));
        auto it = texts.constFind(key);
        if (it == texts.constEnd())
            it = texts.insert(QByteArray(t.data(), qsizetype(t.size())), fromUtf8(t));
        return *it;
    };
    // Consecutive rows mostly repeat a column's text (a dataset's rows come one after the other):
    // the last text of each such column and what it became, compared before anything is hashed.
    struct Last {
        std::string text;
        bool valid = false;
        bool is(std::string_view t) const { return valid && t == text; }
        void set(std::string_view t)
        {
            text.assign(t);
            valid = true;
        }
    };
    Last lastPrecision, lastGeo, lastType, lastAcled, lastCameo;
    DatePrecision precision = DatePrecision::Unknown;
    GeoPrecision geo = GeoPrecision::Unknown;
    quint32 type = 0, acled = 0;
    QString cameo;
    while (events.next()) {
        const qint64 id = events.int64(0);
        in = FusionReports::Interned();
        in.eventId = id;
        in.storedHappening = events.int64(1);
        const QDate start = isoDate(events.text(2));
        const QDate end = events.isNull(3) ? start : isoDate(events.text(3));
        if (start.isValid() && end.isValid() && start <= end) {
            if (const std::string_view t = events.text(4); !lastPrecision.is(t)) {
                precision = datePrecisionFromString(cached(t));
                lastPrecision.set(t);
            }
            in.time = {start, end, precision};
        }
        const quint32 flags = quint32(events.int64(5));
        in.inheritedTime = flags & Event::InheritedTime;
        in.inheritedPlace = flags & Event::InheritedPlace;
        const qint64 placeId = events.isNull(6) ? -1 : events.int64(6);
        if (placeId >= 0 && placeId < qint64(places.size()) && placeRead[size_t(placeId)]) {
            PlaceTexts &p = places[size_t(placeId)];
            if (!p.interned) {
                p.nameId = words.intern(p.name);
                p.admin1Id = words.intern(p.admin1);
                p.countryId = words.intern(p.country);
                p.interned = true;
            }
            in.place = p.nameId;
            in.admin1 = p.admin1Id;
            in.country = p.countryId;
        }
        if (const std::string_view t = events.text(7); !lastGeo.is(t)) {
            geo = geoPrecisionFromString(cached(t));
            lastGeo.set(t);
        }
        in.geo = geo;
        in.positioned = !events.isNull(8) && !events.isNull(9);
        in.lon = events.real(8);
        in.lat = events.real(9);
        in.admin1Key = mReports.admin1Key(in.country, in.admin1);
        if (const std::string_view t = events.text(12); !lastType.is(t)) {
            type = words.intern(t);
            lastType.set(t);
        }
        in.type = type;
        if (const std::string_view t = events.text(13); !lastAcled.is(t)) {
            acled = words.intern(t);
            lastAcled.set(t);
        }
        in.acledEventType = acled;
        in.confidence = events.real(14);
        if (const std::string_view t = events.text(17); !lastCameo.is(t)) {
            cameo = cached(t);
            lastCameo.set(t);
        }
        in.cameoCode = cameo;
        rowActors.clear();
        while (moreActors && actors.int64(0) < id)
            moreActors = actors.next();
        while (moreActors && actors.int64(0) == id) {
            const qint64 actorId = actors.int64(1);
            if (actorId >= 0 && actorId < qint64(actorTexts.size()) && actorRead[size_t(actorId)]) {
                ActorTexts &a = actorTexts[size_t(actorId)];
                if (!a.interned) {
                    a.nameId = words.intern(a.name);
                    a.interned = true;
                }
                rowActors.push_back({a.nameId, a.affiliation, a.role});
            }
            moreActors = actors.next();
        }
        in.actors = rowActors;
        in.publishers = publisherIds(events.int64(15), events.text(16));
        in.pinned = mCorrections.pinned.contains(id);
        const int index = mReports.add(in);
        mSortedIds.emplace_back(id, index);
        out.push_back(index);
    }
    if (events.failed() || actors.failed())
        return Status::failure(QStringLiteral("%1: cannot read the events to fuse: %2")
                                   .arg(mPath, events.failed() ? events.error() : actors.error()));
    return {};
}

FusionRowCache::Row *FusionRowCache::put(Row &&row)
{
    Row &slot = mRows[row.id]; // a node of its own: the address stays while the map grows
    slot = std::move(row);
    return &slot;
}

FusionRowCache::Row *FusionRowCache::row(qint64 id)
{
    const auto it = mRows.find(id);
    return it == mRows.end() ? nullptr : &it->second;
}

const std::vector<qint64> *FusionRowCache::members(qint64 happening) const
{
    const auto it = mMembers.find(happening);
    return it == mMembers.end() ? nullptr : &it->second;
}

void FusionRowCache::setMembers(qint64 happening, std::vector<qint64> events)
{
    mMembers[happening] = std::move(events);
}

const QStringList *FusionRowCache::publishers(const std::string &key) const
{
    const auto it = mPublishers.find(key);
    return it == mPublishers.end() ? nullptr : &it->second;
}

void FusionRowCache::setPublishers(const std::string &key, const QStringList &names)
{
    if (mPublishers.size() < 100000) // a GDELT 2.0 file's rows name their own articles
        mPublishers.emplace(key, names);
}

void FusionRowCache::clear()
{
    mPublishers.clear();
    mTexts = FusionVocabulary();
    mRows.clear();
    mMembers.clear();
}

Status FusionSync::readRows(const QString &where, FusionRowCache &cache, std::vector<FusionRowCache::Row *> &rows)
{
    RawQuery events, actors;
    if (Status s = events.prepare(mHandle, QStringLiteral(
            "SELECT e.id, e.happening_id, e.date, e.date_end, e.date_precision, e.flags, p.name, e.geo_precision, "
            "e.lon, e.lat, p.admin1, p.country, e.type, e.acled_event_type, e.confidence, e.article_id, e.source, "
            "e.cameo_code "
            "FROM events e LEFT JOIN places p ON p.id = e.place_id WHERE %1 ORDER BY e.id").arg(where));
        !s)
        return Status::failure(QStringLiteral("%1: %2").arg(mPath, s.error()));
    // In the order of the table's key (event, actor), as the join reads them.
    if (Status s = actors.prepare(mHandle, QStringLiteral(
            "SELECT ea.event_id, a.name, a.affiliation, a.kind FROM event_actors ea JOIN actors a ON a.id = ea.actor_id "
            "WHERE ea.event_id IN (SELECT e.id FROM events e WHERE %1) ORDER BY ea.event_id").arg(where));
        !s)
        return Status::failure(QStringLiteral("%1: %2").arg(mPath, s.error()));
    bool moreActors = actors.next();
    while (events.next()) {
        FusionRowCache::Row r;
        r.id = events.int64(0);
        r.happening = events.int64(1);
        r.date = cache.text(events.text(2));
        r.dateEndNull = events.isNull(3);
        r.dateEnd = cache.text(events.text(3));
        r.datePrecision = cache.text(events.text(4));
        r.flags = quint32(events.int64(5));
        r.place = cache.text(events.text(6));
        r.geoPrecision = cache.text(events.text(7));
        r.positioned = !events.isNull(8) && !events.isNull(9);
        r.lon = events.real(8);
        r.lat = events.real(9);
        r.admin1 = cache.text(events.text(10));
        r.country = cache.text(events.text(11));
        r.type = cache.text(events.text(12));
        r.acled = cache.text(events.text(13));
        r.confidence = events.real(14);
        r.articleId = events.int64(15);
        r.source = cache.text(events.text(16));
        r.cameo = cache.text(events.text(17));
        while (moreActors && actors.int64(0) < r.id)
            moreActors = actors.next();
        while (moreActors && actors.int64(0) == r.id) {
            r.actors.push_back({cache.text(actors.text(1)), cache.text(actors.text(2)), actors.text(3) == "role"});
            moreActors = actors.next();
        }
        rows.push_back(cache.put(std::move(r)));
    }
    if (events.failed() || actors.failed())
        return Status::failure(QStringLiteral("%1: cannot read the events to fuse: %2")
                                   .arg(mPath, events.failed() ? events.error() : actors.error()));
    return {};
}

void FusionSync::addRows(std::span<FusionRowCache::Row *const> rows, const FusionRowCache &cache, std::vector<int> &out)
{
    // The texts go into the vocabulary in the order FusionReports::Interned names them, row by
    // row in the order given (the vocabulary's ids name the type bits the fuser compares: the
    // same rows in the same order make the same ids); only the few distinct precisions and codes
    // become QStrings, once each.
    FusionVocabulary &words = mReports.vocabulary();
    FusionReports::Interned in;
    std::vector<FusionReports::Interned::Actor> rowActors;
    std::unordered_map<quint32, DatePrecision> precisions;
    std::unordered_map<quint32, GeoPrecision> geos;
    std::unordered_map<quint32, QString> codes;
    for (const FusionRowCache::Row *r : rows) {
        const qint64 id = r->id;
        if (reportOf(id) >= 0)
            continue; // read already (a member of two lists)
        in = FusionReports::Interned();
        in.eventId = id;
        in.storedHappening = r->happening;
        const QDate start = isoDate(cache.text(r->date));
        const QDate end = r->dateEndNull ? start : isoDate(cache.text(r->dateEnd));
        if (start.isValid() && end.isValid() && start <= end) {
            auto p = precisions.find(r->datePrecision);
            if (p == precisions.end())
                p = precisions.emplace(r->datePrecision, datePrecisionFromString(fromUtf8(cache.text(r->datePrecision)))).first;
            in.time = {start, end, p->second};
        }
        in.inheritedTime = r->flags & Event::InheritedTime;
        in.inheritedPlace = r->flags & Event::InheritedPlace;
        in.place = words.intern(cache.text(r->place));
        auto g = geos.find(r->geoPrecision);
        if (g == geos.end())
            g = geos.emplace(r->geoPrecision, geoPrecisionFromString(fromUtf8(cache.text(r->geoPrecision)))).first;
        in.geo = g->second;
        in.positioned = r->positioned;
        in.lon = r->lon;
        in.lat = r->lat;
        in.admin1 = words.intern(cache.text(r->admin1));
        in.country = words.intern(cache.text(r->country));
        in.admin1Key = mReports.admin1Key(in.country, in.admin1);
        in.type = words.intern(cache.text(r->type));
        in.acledEventType = words.intern(cache.text(r->acled));
        in.confidence = r->confidence;
        auto c = codes.find(r->cameo);
        if (c == codes.end())
            c = codes.emplace(r->cameo, fromUtf8(cache.text(r->cameo))).first;
        in.cameoCode = c->second;
        rowActors.clear();
        for (const FusionRowCache::Actor &a : r->actors) {
            const std::string_view affiliation = cache.text(a.affiliation);
            rowActors.push_back({words.intern(cache.text(a.name)), affiliation.empty() ? QString() : fromUtf8(affiliation), a.role});
        }
        in.actors = rowActors;
        in.publishers = publisherIds(r->articleId, cache.text(r->source));
        in.pinned = mCorrections.pinned.contains(id);
        const int index = mReports.add(in);
        mReportOf.insert(id, index);
        out.push_back(index);
    }
}

void FusionSync::rememberWritten(const QSet<qint64> &dissolved)
{
    if (!mRowCache)
        return;
    // Every report this fusion read is in the fuser, and every happening it wrote has all its
    // members among them (those of a stored happening are read whole): their members now.
    std::vector<qint64> before;
    std::unordered_map<qint64, std::vector<qint64>> now;
    for (auto it = mReportOf.cbegin(); it != mReportOf.cend(); ++it) {
        FusionRowCache::Row *r = mRowCache->row(it.key());
        if (!r) {
            mRowCache->clear(); // cannot happen: every row read is kept
            return;
        }
        before.push_back(r->happening);
        r->happening = mReports[it.value()].storedHappening;
        now[r->happening].push_back(it.key());
    }
    for (qint64 h : before)
        mRowCache->forgetMembers(h);
    for (qint64 h : dissolved)
        mRowCache->forgetMembers(h);
    for (auto &[h, events] : now) {
        if (h == 0)
            continue;
        std::sort(events.begin(), events.end());
        mRowCache->setMembers(h, std::move(events));
    }
}

int FusionSync::reportOf(qint64 eventId) const
{
    const auto it = std::lower_bound(mSortedIds.begin(), mSortedIds.end(), std::pair<qint64, int>(eventId, std::numeric_limits<int>::min()));
    if (it != mSortedIds.end() && it->first == eventId)
        return it->second;
    return mReportOf.value(eventId, -1);
}

Status FusionSync::loadReports(const QString &where, std::vector<int> &out)
{
    return readReports(where, out);
}

Status FusionSync::loadReportsById(const std::vector<qint64> &ids, std::vector<int> &out)
{
    for (size_t from = 0; from < ids.size(); from += kChunk) {
        const size_t to = std::min(ids.size(), from + kChunk);
        if (Status s = readReports(idCondition("e.id", ids, from, to), out); !s)
            return s;
    }
    return {};
}

Status FusionSync::loadMembers(const QSet<qint64> &happenings, std::vector<int> &out, bool cached)
{
    std::vector<qint64> ids(happenings.begin(), happenings.end());
    std::sort(ids.begin(), ids.end());
    std::vector<qint64> unknown;
    std::vector<FusionRowCache::Row *> read;
    for (size_t from = 0; from < ids.size(); from += kChunk) {
        const size_t to = std::min(ids.size(), from + kChunk);
        if (!cached || !mRowCache) {
            if (Status s = readReports(QStringLiteral("e.happening_id IN (%1)").arg(idList(ids, from, to)), out); !s)
                return s;
            continue;
        }
        // The rows the query below would return, in its order (by event id): those of the
        // happenings the cache holds whole from it, the others' from SQLite.
        unknown.clear();
        read.clear();
        for (size_t i = from; i < to; ++i) {
            const std::vector<qint64> *members = mRowCache->members(ids[i]);
            const size_t mark = read.size();
            bool whole = members != nullptr;
            for (size_t m = 0; whole && m < members->size(); ++m) {
                FusionRowCache::Row *r = mRowCache->row((*members)[m]);
                whole = r && r->happening == ids[i];
                read.push_back(r);
            }
            if (!whole) {
                read.resize(mark);
                unknown.push_back(ids[i]);
            }
        }
        if (!unknown.empty()) {
            if (Status s = readRows(QStringLiteral("e.happening_id IN (%1)").arg(idList(unknown, 0, unknown.size())), *mRowCache, read); !s)
                return s;
        }
        std::sort(read.begin(), read.end(), [](const FusionRowCache::Row *a, const FusionRowCache::Row *b) { return a->id < b->id; });
        addRows(read, *mRowCache, out);
    }
    return {};
}

Result<QSet<qint64>> FusionSync::happeningsOf(const std::vector<qint64> &events, bool withStale)
{
    using R = Result<QSet<qint64>>;
    QSet<qint64> out;
    for (size_t from = 0; from < events.size(); from += kChunk) {
        const size_t to = std::min(events.size(), from + kChunk);
        RawQuery q;
        if (Status s = q.prepare(mHandle, QStringLiteral("SELECT DISTINCT happening_id FROM events WHERE %1 "
                                                         "AND happening_id IS NOT NULL").arg(idCondition("id", events, from, to)));
            !s)
            return R::failure(QStringLiteral("%1: %2").arg(mPath, s.error()));
        while (q.next())
            out.insert(q.int64(0));
        if (q.failed())
            return R::failure(QStringLiteral("%1: %2").arg(mPath, q.error()));
    }
    if (withStale) {
        RawQuery q;
        if (Status s = q.prepare(mHandle, QStringLiteral("SELECT id FROM happenings WHERE stale <> 0")); !s)
            return R::failure(QStringLiteral("%1: %2").arg(mPath, s.error()));
        while (q.next())
            out.insert(q.int64(0));
        if (q.failed())
            return R::failure(QStringLiteral("%1: %2").arg(mPath, q.error()));
    }
    return out;
}

Status FusionSync::loadNeighbours(const std::vector<int> &reports, const QSet<qint64> &exclude, HappeningFuser &fuser)
{
    const Result<QSet<qint64>> found = neighbours(reports, exclude);
    if (!found)
        return Status::failure(found.error());
    return loadStored(*found, fuser);
}

Result<QSet<qint64>> FusionSync::neighbours(const std::vector<int> &reports, const QSet<qint64> &exclude)
{
    using R = Result<QSet<qint64>>;
    // Per family, the areas the reports look in and the days they span (fusion/fusionprobes.h).
    const QHash<QString, FusionProbe> probes = fusionProbes(mReports, reports);
    QSet<qint64> found;
    for (auto it = probes.cbegin(); it != probes.cend(); ++it) {
        std::vector<qint64> list(it->areas.begin(), it->areas.end());
        std::sort(list.begin(), list.end());
        for (size_t from = 0; from < list.size(); from += kChunk) {
            const size_t to = std::min(list.size(), from + kChunk);
            // A happening with an area spans fewer than FusionRules::kMaxSpanDays (rowOf() in
            // fusionsync_write.cpp writes none for a longer one), so one that ends on or after
            // `from` began at most that many days before it: the index (family, area, date) is
            // then bounded on both sides instead of scanning every older happening of the area.
            // Dates outside four-digit years (ISO text that does not sort as dates) keep the
            // one-sided query.
            const QDate first = EventIndex::dateOf(it->from);
            const QDate earliest = first.addDays(-FusionRules::kMaxSpanDays);
            const bool bounded = earliest.isValid() && earliest.year() >= 1000 && first.year() <= 9999;
            RawQuery q;
            if (Status s = q.prepare(mHandle, QStringLiteral("SELECT id FROM happenings WHERE family = ? AND area IN (%1) "
                                                             "AND area IS NOT NULL AND date <= ? AND date_end >= ?%2")
                                                  .arg(idList(list, from, to), bounded ? QStringLiteral(" AND date >= ?")
                                                                                       : QString()));
                !s)
                return R::failure(QStringLiteral("%1: %2").arg(mPath, s.error()));
            q.bindText(1, it.key());
            q.bindText(2, EventIndex::dateOf(it->to).toString(Qt::ISODate));
            q.bindText(3, first.toString(Qt::ISODate));
            if (bounded)
                q.bindText(4, earliest.toString(Qt::ISODate));
            while (q.next())
                if (!exclude.contains(q.int64(0)))
                    found.insert(q.int64(0));
            if (q.failed())
                return R::failure(QStringLiteral("%1: %2").arg(mPath, q.error()));
        }
    }
    return found;
}

Status FusionSync::loadStored(const QSet<qint64> &found, HappeningFuser &fuser)
{
    if (found.isEmpty())
        return {};
    // Their members, grouped as stored.
    std::vector<int> members;
    if (Status s = loadMembers(found, members, true); !s)
        return s;
    QHash<qint64, std::vector<int>> byHappening;
    for (int i : members)
        byHappening[mReports[i].storedHappening].push_back(i);
    QSet<qint64> corrected;
    std::vector<qint64> ids(found.begin(), found.end());
    for (size_t from = 0; from < ids.size(); from += kChunk) {
        const size_t to = std::min(ids.size(), from + kChunk);
        RawQuery q;
        if (Status s = q.prepare(mHandle, QStringLiteral("SELECT id FROM happenings WHERE corrected <> 0 AND id IN (%1)")
                                              .arg(idList(ids, from, to)));
            !s)
            return Status::failure(QStringLiteral("%1: %2").arg(mPath, s.error()));
        while (q.next())
            corrected.insert(q.int64(0));
        if (q.failed())
            return Status::failure(QStringLiteral("%1: %2").arg(mPath, q.error()));
    }
    for (auto it = byHappening.cbegin(); it != byHappening.cend(); ++it)
        fuser.addStored(it.key(), *it, corrected.contains(it.key()));
    return {};
}

void FusionSync::pin(std::span<const int> reports)
{
    if (mCorrections.pinned.isEmpty())
        return;
    for (int i : reports)
        if (mCorrections.pinned.contains(mReports[i].eventId))
            mReports[i].flags |= FusionReport::Pinned;
}

void FusionSync::applyMerges(HappeningFuser &fuser)
{
    for (const auto &[a, b] : mCorrections.merged) {
        const int ra = reportOf(a);
        const int rb = reportOf(b);
        if (ra >= 0 && rb >= 0)
            fuser.merge(ra, rb);
    }
}

Result<qint64> FusionSync::maxEventId()
{
    RawQuery q;
    if (Status s = q.prepare(mHandle, QStringLiteral("SELECT coalesce(max(id), 0) FROM events")); !s)
        return Result<qint64>::failure(QStringLiteral("%1: %2").arg(mPath, s.error()));
    if (!q.next())
        return Result<qint64>::failure(QStringLiteral("%1: %2").arg(mPath, q.error()));
    return q.int64(0);
}

} // namespace mapline
