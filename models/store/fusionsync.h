#pragma once

// The store's side of the fusion (docs/FUSION.md): reads reports and stored happenings into a
// HappeningFuser, and writes back what the fuser changed (events.happening_id, the happenings
// rows), inside the caller's transaction. Used by EventStore (eventstore_fusion.cpp) for the
// fusion that every write runs before its commit, for a whole-database re-fusion, and for dataset
// imports. Internal to models/store.
#include "fusion/fusionreports.h"
#include "fusion/fusionwriteplan.h"
#include "fusion/happeningfuser.h"
#include "result.h"
#include "store/rawquery.h"
#include "store/rawstatement.h"

#include <QHash>
#include <QSet>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct sqlite3;

namespace mapline {

// Whether the environment variable MAPLINE_BENCHMARK_NO_FUSION is set: for measuring what the
// fusion adds to an import (docs/PERFORMANCE.md, "Fusion"), writes then leave their events without
// happenings. Never for real use: such a database is fused only by a re-fusion.
bool fusionOffForBenchmark();

// From how many events moved, or happenings written, a write takes the paths made for large ones:
// `events_happening` built again rather than kept up to date (and only when a quarter of the table
// moves), the stored rows read and compared in chunks rather than upserted one by one. Tests make
// them small to run those paths on a few events; the results are the same either way.
struct FusionWriteThresholds {
    size_t rebuildIndexMoves = 50000;
    size_t compareRows = 1024;
    // Rows written, moved and deleted from which the change counter's triggers are taken out
    // during the write (FusionSync::write) and the counter moved once.
    size_t suspendCountingRows = 1024;
    // New happenings' rows inserted by one statement (FusionSync::insertRows); the rest of a
    // write's new rows one at a time.
    size_t rowsPerInsert = 16;
};
FusionWriteThresholds &fusionWriteThresholds();

// The event rows an article import's fusion read (FusionSync's loaders), kept by the store from
// one batch to the next (EventStore::WriteCache) with the members of each happening they make up,
// so that a batch whose reports join large stored happenings (every copy of a story joins the same
// ones) does not read all their members again from SQLite. The rows are exactly what the loaders'
// query returns (texts as UTF-8, pooled); the fusion makes its reports from them in the order the
// query would have given, so what it decides and stores is the same (docs/PERFORMANCE.md, "The
// command itself", sixth round). Valid only while nothing but the store's own batches writes:
// the store checks that between its batches (EventStore::beginBatch) and clears it otherwise.
class FusionRowCache {
public:
    struct Actor {
        quint32 name = 0; // texts: text()
        quint32 affiliation = 0;
        bool role = false;
    };
    struct Row {
        qint64 id = 0;
        qint64 happening = 0; // events.happening_id (0: none)
        qint64 articleId = 0;
        double lon = 0;
        double lat = 0;
        double confidence = 0;
        quint32 flags = 0;
        quint32 date = 0, dateEnd = 0, datePrecision = 0, place = 0, geoPrecision = 0, admin1 = 0, country = 0,
                type = 0, acled = 0, source = 0, cameo = 0;
        bool dateEndNull = false;
        bool positioned = false;
        std::vector<Actor> actors; // in the order of event_actors' key
    };

    // Pooled; 0 is the empty text (and NULL). A view is valid until the next text is pooled.
    quint32 text(std::string_view utf8) { return mTexts.intern(utf8); }
    std::string_view text(quint32 id) const { return mTexts.bytes(id); }
    // Stored (replacing a row of the same id); the pointer stays valid until the row is replaced
    // or the cache cleared.
    Row *put(Row &&row);
    Row *row(qint64 id);
    // A happening's members (sorted event ids) when every one of them is known here; else null.
    const std::vector<qint64> *members(qint64 happening) const;
    void setMembers(qint64 happening, std::vector<qint64> events);
    void forgetMembers(qint64 happening) { mMembers.erase(happening); }
    // FusionSync::publishers() of a document and row source (key: as publisherIds() makes it).
    const QStringList *publishers(const std::string &key) const;
    void setPublishers(const std::string &key, const QStringList &names);
    void clear();
    size_t size() const { return mRows.size(); }

private:
    FusionVocabulary mTexts;
    std::unordered_map<qint64, Row> mRows;
    std::unordered_map<qint64, std::vector<qint64>> mMembers;
    std::unordered_map<std::string, QStringList> mPublishers;
};

class FusionSync {
public:
    FusionSync(const QSqlDatabase &db, const QString &path, FusionReports &reports);

    // The publishers of the reports of an article or dataset file (its `articles` row), cached:
    // an article's source ("CNN"), else its address's host; a dataset row's own sources (ACLED's
    // source field, GDELT's SOURCEURL) or, when it names none, the dataset ("GDELT", "ACLED", the
    // Mapline export's file). `rowSource` is events.source.
    QStringList publishers(qint64 articleId, const QString &rowSource);

    // Reads the events `where` selects (a condition on `events e`) as reports; their indexes in
    // `out`. `bulk`: the whole table, read in one ordered pass (a re-fusion).
    Status loadReports(const QString &where, std::vector<int> &out);
    Status loadReportsById(const std::vector<qint64> &ids, std::vector<int> &out);
    // Stored happenings that reports could join (by family, area and days), other than `exclude`,
    // with their members, into `fuser` as stored happenings.
    Status loadNeighbours(const std::vector<int> &reports, const QSet<qint64> &exclude, HappeningFuser &fuser);
    // The same in two steps: which they are, and loading them.
    Result<QSet<qint64>> neighbours(const std::vector<int> &reports, const QSet<qint64> &exclude);
    Status loadStored(const QSet<qint64> &happenings, HappeningFuser &fuser);
    // Ids of the happenings of these events and of the stale ones (rows deleted under them).
    Result<QSet<qint64>> happeningsOf(const std::vector<qint64> &events, bool withStale);
    // The members of these happenings, as reports. `cached`: members the row cache holds (of
    // happenings no event of which this write changed) are taken from it.
    Status loadMembers(const QSet<qint64> &happenings, std::vector<int> &out, bool cached = false);

    // The store's row cache (an article import's batches; null: none): the loaders keep the rows
    // they read in it, loadStored() and loadMembers(..., true) read from it, and
    // rememberWritten() brings it up to date after write().
    void setRowCache(FusionRowCache *cache) { mRowCache = cache; }
    void rememberWritten(const QSet<qint64> &dissolved);

    // Writes the fuser's happenings back: ids kept where the members had one, rows for every
    // happening that changed, events moved, rows of happenings that are gone deleted (`dissolved`:
    // stored happenings whose members were fused again; those not reused go).
    Status write(HappeningFuser &fuser, const QSet<qint64> &dissolved, qint64 *written = nullptr);
    // The same for the store's own fusion of a write (EventStore::fusePending: a few hundred rows
    // an article batch): the same plan and rows, several rows and moved events to a statement
    // instead of one each (fusionsync_batch.cpp); past the thresholds of write()'s large paths it
    // takes them.
    Status writeSmall(HappeningFuser &fuser, const QSet<qint64> &dissolved);
    // The part of write() that needs no database, done beforehand: what to write and the rows'
    // bytes. It uses neither the connection nor anything but this FusionSync, the fuser and the
    // reports, so it may run on another thread while the caller's uses the connection for other
    // things (a dataset import builds the file's indexes meanwhile), as long as nothing else
    // touches these three until it has returned. write(fuser, prepared) then writes it.
    struct PreparedWrite {
        QString error; // planFusionWrite() failed: nothing to write
        FusionWritePlan plan;
        std::vector<std::string> rows; // the rows of plan.targets, sorted by id
        bool rowsMade = false; // false: more than kMaxPreparedRows, made by write() as it goes
    };
    // Rows made ahead at most (about 300 bytes each, held until written): past it only the plan is.
    static constexpr size_t kMaxPreparedRows = 150000;
    void prepareWrite(HappeningFuser &fuser, const QSet<qint64> &dissolved, PreparedWrite &out);
    Status write(HappeningFuser &fuser, PreparedWrite &prepared, qint64 *written = nullptr);
    // `events_happening` out of the schema and back, in the caller's transaction: a write that
    // gives most of the table's events their happening builds it once at the end (one sort)
    // rather than keeping it up to date one entry at a time, at random places.
    // While it is out (dropped by this FusionSync and not made again), write() moves events
    // without keeping it up to date, and nothing may read events by happening_id.
    Status dropHappeningIndex();
    Status createHappeningIndex();
    bool happeningIndexDropped() const { return mHappeningIndexDropped; }
    // The row of one happening (insert or replace).
    Status writeHappening(const Happening &h);
    Result<qint64> maxEventId(); // about the table's size, at one look at its key

    // Which event ids the analyst split out (pins) and merged (pairs), resolved from their keys.
    struct Corrections {
        QSet<qint64> pinned;
        QList<std::pair<qint64, qint64>> merged;
        bool isEmpty() const { return pinned.isEmpty() && merged.isEmpty(); }
    };
    void setCorrections(Corrections corrections) { mCorrections = std::move(corrections); }
    const Corrections &corrections() const { return mCorrections; }
    // Marks pinned reports (before they are fused) and applies merges (after), by event id.
    void pin(std::span<const int> reports);
    void applyMerges(HappeningFuser &fuser);

    int reportOf(qint64 eventId) const;

private:
    // Writes the fused rows of these happenings (id, index in `table`; sorted here), skipping
    // those stored so.
    // `made`: their rows made already (prepareWrite()), in the targets' order; null: made here.
    Status writeHappenings(const HappeningFuser &fuser, const HappeningFuser::MemberTable &table,
                           std::vector<std::pair<qint64, int>> &targets,
                           const std::vector<std::string> *made = nullptr);
    // Writes a row made by rowOf(): an upsert, or, when it is known whether the row is stored
    // (and differs), an insert or an update, which cost SQLite less.
    enum class RowWrite { Upsert, Insert, Update };
    // The parameters of a happenings row (every column but stale, written 0).
    static constexpr int kBoundColumns = 21;
    // INSERT of `rows` happenings rows with numbered parameters, kBoundColumns a row in bindColumns()'s
    // order; `how` Upsert adds the conflict clause that leaves a row already so unwritten.
    static std::string happeningsInsertSql(size_t rows, RowWrite how);
    Status bindRow(std::string_view row, RowWrite how);
    // Binds a row's columns from `parameter` on (21 parameters: all but stale); returns its id.
    static qint64 bindColumns(RawStatement &statement, int parameter, std::string_view row);
    // Inserts new rows, several to a statement.
    Status insertRows(std::span<const std::string> rows);
    // writeSmall()'s: rows upserted, and events moved, several to a statement.
    Status upsertRows(std::span<const std::string> rows);
    Status moveMany(const std::vector<std::pair<qint64, qint64>> &moves);
    // A fused row's bytes (as rowOf(const Happening &) makes them), and a text's as it writes it.
    void rowBytes(const HappeningFuser::FusedRow &f, std::string &row);
    std::string_view utf8(quint32 vocabularyId);
    Status writeAll(HappeningFuser &fuser, const QSet<qint64> &dissolved, qint64 *written);
    Status writePlan(HappeningFuser &fuser, FusionWritePlan &plan, const std::vector<std::string> *made,
                     qint64 *written);
    // writePlan()'s and writeSmall()'s first step: the counting suspended for a large plan, and the
    // largest happening id stored before the plan's rows are written (the largest qint64 when the
    // plan deletes nothing); then their last: plan.gone's rows deleted, up to that id.
    Result<qint64> beginPlan(const FusionWritePlan &plan);
    Status removeGone(const std::vector<qint64> &gone, qint64 storedBefore);
    // The change counter's triggers on what a write touches, dropped (their SQL kept) and made
    // again, the counter then moved once; in the caller's transaction.
    Status suspendCounting();
    Status resumeCounting();
    // Sets the events' happening_id (event id, happening id; sorted here).
    Status moveEvents(std::vector<std::pair<qint64, qint64>> &moves);
    Status readReports(const QString &sql, std::vector<int> &out);
    // readReports() of a few events (not a whole table): their rows, from SQLite into `cache`
    // (ordered by id), then made reports in that order.
    Status readRows(const QString &where, FusionRowCache &cache, std::vector<FusionRowCache::Row *> &rows);
    void addRows(std::span<FusionRowCache::Row *const> rows, const FusionRowCache &cache, std::vector<int> &out);
    FusionRowCache &rows() { return mRowCache ? *mRowCache : mOwnRows; }
    // publishers() as vocabulary ids, remembered per document and row source.
    std::span<const quint32> publisherIds(qint64 articleId, std::string_view rowSource);

    QSqlDatabase mDb;
    sqlite3 *mHandle;
    QString mPath;
    FusionReports &mReports;
    QHash<qint64, int> mReportOf; // event id -> report index
    FusionRowCache *mRowCache = nullptr;
    FusionRowCache mOwnRows; // the rows of this fusion when the store keeps none
    std::vector<std::pair<qint64, int>> mSortedIds; // the same for a whole table read at once, by id
    struct Document {
        QString source;  // an article's publisher
        QString dataset; // a dataset's kind; empty for an article
        QString fallback;
    };
    QHash<qint64, Document> mDocuments;
    Corrections mCorrections;
    std::unordered_map<std::string, std::vector<quint32>> mPublisherIds;
    std::vector<quint32> mScratchIds;
    qint64 mLastArticle = 0; // the last publisherIds() asked, and its answer
    std::string mLastSource;
    const std::vector<quint32> *mLastPublishers = nullptr;
    RawQuery mDocumentQuery; // publishers(): an article's source and dataset
    bool mDocumentQueryReady = false;
    RawStatement mUpsert;
    RawStatement mInsert;
    RawStatement mUpdate;
    RawStatement mInsertMany;
    size_t mInsertManyRows = 0; // rows of the statement prepared in mInsertMany (0: none)
    RawStatement mUpsertMany; // writeSmall()'s
    RawStatement mMoveMany;
    bool mUpsertManyReady = false;
    bool mMoveManyReady = false;
    std::vector<std::string> mSmallRows;
    std::string mRow;
    bool mUpsertReady = false;
    bool mInsertReady = false;
    bool mUpdateReady = false;
    bool mHappeningIndexDropped = false;
    std::vector<std::pair<std::string, std::string>> mSuspendedTriggers; // name, SQL
    HappeningFuser::FusedRow mFused; // writeHappenings()'s, and the texts rowOf() writes
    std::vector<std::string> mUtf8;  // by vocabulary id
    std::vector<char> mUtf8Made;
    std::vector<std::string> mDatePrecisionTexts, mGeoPrecisionTexts, mFamilyTexts;
    std::string mJoined;
};

} // namespace mapline
