// EventStore's side of dataset imports: one file (GDELT, ACLED, a Mapline export) in one
// transaction. The rows are streamed from a DatasetRowSource; nothing but the lookup caches of
// places and actors grows with the file, and SQLite spills its cache to disk, so memory stays
// bounded whatever the size.
#include "store/eventstore.h"

#include "fusion/happeningfuser.h"
#include "index/eventindex.h"
#include "interop/dataset.h"
#include "store/fusionsync.h"
#include "store/eventcolumns.h"
#include "store/rawquery.h"
#include "store/rawstatement.h"
#include "store/sharedtexts.h"
#include "store/sqlutil.h"
#include "store/writecache.h"
#include "store/datasetkey.h"
#include "store/writescope.h"

#include <QDateTime>
#include <QFileInfo>
#include <QSet>
#include <QSqlQuery>
#include <QUuid>

#include <memory>
#include <optional>
#include <thread>

#include <sqlite3.h>

namespace mapline {
namespace {

// datasetkey.h: what both stores write for a row's identity and a dataset's title.
QString datasetTitle(const QString &kind)
{
    return datasetkey::title(kind);
}

QString datasetKey(const QString &kind, const DatasetRow &row)
{
    return datasetkey::of(kind, row);
}

// The dataset keys of the rows an analyst discarded. A discarded event's row is deleted, but its
// correction keeps the row as the machine wrote it (`corrections.machine`, dataset_key included),
// so that undoing brings it back. A later file that repeats the row (an ACLED export of a longer
// period, GDELT files that overlap) leaves it out, as it leaves out a row already stored: without
// this the discarded row would come back as a new event of the later file, which its correction
// (keyed by the first file's content) does not name. Few rows: read into memory once a file.
Result<QSet<QString>> discardedDatasetKeys(const QSqlDatabase &db, const QString &path)
{
    using R = Result<QSet<QString>>;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT json_extract(machine, '$.event.dataset_key') FROM corrections "
                             "WHERE discarded = 1 AND json_valid(machine) "
                             "AND json_extract(machine, '$.event.dataset_key') IS NOT NULL"));
    if (Status s = sql::exec(q, QStringLiteral("%1: reading the discarded rows' keys").arg(path)); !s)
        return R::failure(s.error());
    QSet<QString> keys;
    while (q.next())
        keys.insert(q.value(0).toString());
    return keys;
}

// The statements that write a dataset's rows, through SQLite's C API: a dataset is up to millions
// of rows, and QSqlQuery's QVariant binding cost more than the inserts themselves.
struct DatasetStatements {
    Status prepareAll(sqlite3 *db)
    {
        if (Status s = insertSentence.prepare(db, "INSERT INTO sentences (article_id, idx, start_offset, end_offset, "
                                                  "text) VALUES (?, ?, 0, 0, ?)");
            !s)
            return s;
        const QByteArray event = QStringLiteral("INSERT INTO events (article_id, dataset_id, sentence_id, %1, "
                                                "cameo_code, source, external_id, fatalities, dataset_key, happening_id) "
                                                "VALUES (%2)")
                                     .arg(QLatin1String(eventcolumns::kCommon),
                                          eventcolumns::placeholders(eventcolumns::kCommonCount + 9))
                                     .toUtf8();
        if (Status s = insertEvent.prepare(db, event.constData()); !s)
            return s;
        if (Status s = findKey.prepare(db, "SELECT 1 FROM events WHERE dataset_key = ?"); !s)
            return s;
        return insertEventActor.prepare(db, eventcolumns::kInsertActor);
    }

    RawStatement insertSentence, insertEvent, insertEventActor, findKey;
};

// The rows of one import and the ids they resolve to. Each row is fused as it comes (the file's
// rows among themselves), so that its event is written with its happening; the file's happenings
// meet the stored ones once it is read through (finishFusion).
class DatasetWriter {
public:
    DatasetWriter(DatasetStatements &st, EntityIds &ids, QString kind, qint64 articleId, qint64 datasetId,
                  FusionSync &sync, FusionReports &reports, HappeningFuser &fuser, qint64 lastEvent)
        : mSt(st)
        , mIds(ids)
        , mKind(std::move(kind))
        , mArticleId(articleId)
        , mDatasetId(datasetId)
        , mSync(sync)
        , mReports(reports)
        , mFuser(fuser)
        , mLastEvent(lastEvent)
    {
    }

    // Stores the row, unless a row with its key is already in the database (then `*present`).
    Status write(const DatasetRow &row, bool *present)
    {
        const QString key = datasetKey(mKind, row);
        if (!key.isEmpty()) {
            mSt.findKey.bindText(1, key);
            const Result<bool> found = mSt.findKey.hasRow("dataset key");
            if (!found)
                return Status::failure(found.error());
            const bool discarded = !*found && mDiscarded.contains(key);
            mDiscardedRows += discarded ? 1 : 0;
            if ((*present = *found || discarded)) {
                // Fused on the reading thread, but not written: the fusion is made again without it.
                if (mAhead)
                    mAheadBroken = true;
                return {}; // already stored, and fused then
            }
        }
        int report = -1, happening = -1;
        qint64 happeningId = 0;
        if (mAhead) {
            report = row.fusionReport;
            happeningId = row.happeningId;
        } else if (!fusionOffForBenchmark()) {
            // Rows after one another mostly name the same source (GDELT 1.0: none).
            if (!mPublishersRead || row.source != mLastSource) {
                mPublishers = mSync.publishers(mArticleId, row.source);
                mLastSource = row.source;
                mPublishersRead = true;
            }
            report = mReports.add(row.event, mPublishers, 0, row.cameoCode);
            happening = mFuser.add(report);
            // A happening's id is its first report's (FusionSync::write()): this row's, when it
            // starts one. Its event id is the table's largest plus one (an INTEGER PRIMARY KEY),
            // checked below; a wrong guess only costs write() a move.
            if (!mFuser.storedId(happening))
                mFuser.setStoredId(happening, mLastEvent + 1);
            happeningId = mFuser.storedId(happening);
        }
        const Event &e = row.event;
        qint64 place = 0;
        if (!e.place.name.isEmpty() || !e.place.admin1.isEmpty() || !e.place.country.isEmpty()) {
            const Result<qint64> id = mIds.place(e.place);
            if (!id)
                return Status::failure(id.error());
            place = *id;
        }
        // Rows of the file with the same text share one sentence row (its idx the first such row's
        // line): one full-text entry for a description repeated over thousands of rows.
        qint64 sentence = 0;
        if (!e.sentence.isEmpty()) {
            if (const std::optional<qint64> shared = mTexts.find(e.sentence)) {
                sentence = *shared;
            } else {
                RawStatement &q = mSt.insertSentence;
                q.bind(1, mArticleId);
                q.bind(2, row.line);
                q.bindText(3, e.sentence);
                if (Status s = q.run("text"); !s)
                    return s;
                sentence = q.lastInsertId();
                mTexts.remember(e.sentence, sentence);
            }
        }
        RawStatement &q = mSt.insertEvent;
        int i = 1;
        q.bind(i++, mArticleId);
        q.bind(i++, mDatasetId);
        sentence ? q.bind(i++, sentence) : q.bindNull(i++);
        i = eventcolumns::bind(q, i, e, place);
        q.bindText(i++, row.cameoCode);
        q.bindText(i++, row.source);
        q.bindText(i++, row.externalId);
        row.fatalities >= 0 ? q.bind(i++, qint64(row.fatalities)) : q.bindNull(i++);
        key.isEmpty() ? q.bindNull(i++) : q.bindText(i++, key);
        report >= 0 ? q.bind(i++, happeningId) : q.bindNull(i++);
        if (Status s = q.run("event"); !s)
            return s;
        const qint64 eventId = q.lastInsertId();
        mLastEvent = std::max(mLastEvent, eventId);
        if (mAhead) {
            // The reading thread took the report's event id to be the first one's plus its number
            // (no row present, ids from the table's largest plus one): checked here.
            if (eventId != mFirstEvent + report)
                mAheadBroken = true;
            if (mAheadBroken)
                mLateIds.push_back({report, eventId});
            mReportsWritten.push_back(report);
        } else if (report >= 0) {
            mReports[report].eventId = eventId;
            mReports[report].storedHappening = mFuser.storedId(happening);
            mReportsWritten.push_back(report);
        }
        return eventcolumns::insertActors(mSt.insertEventActor, mIds, eventId, e.actors);
    }

    const std::vector<int> &reports() const { return mReportsWritten; }
    void releaseReports()
    {
        std::vector<int>().swap(mReportsWritten);
        std::vector<LateId>().swap(mLateIds);
    }

    // The rows come fused by the reading thread (AheadFusion): their report and happening id.
    void fusedAhead() { mAhead = true; }
    // The keys of the rows an analyst discarded (discardedDatasetKeys()): left out as if stored.
    void setDiscarded(QSet<QString> keys) { mDiscarded = std::move(keys); }
    qint64 discardedRows() const { return mDiscardedRows; }
    // Once the reading thread has ended: whether its fusion stands (every row it fused was
    // written, under the event id it took). If not, the fusion is made again here, as the
    // rows would have been fused one by one as they were written; the events keep the ids they
    // were written with, which write() moves as it does any guess that changed.
    void refuseIfBroken(FusionReports &reports, std::unique_ptr<HappeningFuser> &fuser)
    {
        if (!mAhead || !mAheadBroken)
            return;
        // The rows left out keep no event id (the one taken is another row's).
        std::vector<char> written(size_t(reports.size()), 0);
        for (int report : mReportsWritten)
            written[size_t(report)] = 1;
        for (int report = 0; report < reports.size(); ++report) {
            if (!written[size_t(report)])
                reports[report].eventId = reports[report].storedHappening = 0;
        }
        for (const auto &[report, eventId] : mLateIds)
            reports[report].eventId = eventId;
        fuser = std::make_unique<HappeningFuser>(reports);
        for (int report : mReportsWritten) {
            const int happening = fuser->add(report);
            if (!fuser->storedId(happening))
                fuser->setStoredId(happening, reports[report].eventId);
        }
    }

private:
    DatasetStatements &mSt;
    EntityIds &mIds;
    QString mKind;
    qint64 mArticleId;
    qint64 mDatasetId;
    FusionSync &mSync;
    FusionReports &mReports;
    HappeningFuser &mFuser;
    qint64 mLastEvent; // the largest event id so far
    std::vector<int> mReportsWritten;
    QString mLastSource; // the last row's source and its publishers
    QStringList mPublishers;
    bool mPublishersRead = false;
    SharedTexts<qint64> mTexts; // the file's texts stored so far, and their sentence rows
    QSet<QString> mDiscarded;
    qint64 mDiscardedRows = 0; // rows left out as discarded
    bool mAhead = false;
    bool mAheadBroken = false;
    qint64 mFirstEvent = mLastEvent + 1;
    struct LateId {
        int report;
        qint64 eventId;
    };
    std::vector<LateId> mLateIds; // rows written once the reading thread's guess was found wrong
};

// A dataset's rows fused on the thread that reads the file (DatasetRowSource::setRowHook), as
// DatasetWriter::write() fuses them otherwise: a row's report, its happening, and the happening's
// id, its first report's event id, taken to be the first event id of the import plus the report's
// number (the writer checks it). Nothing here touches the database: the document's publishers
// are read before the hook is set. The FusionSync, FusionReports and HappeningFuser are the
// reading thread's until it has ended (DatasetRowSource::endRowHook()); the writer touches none
// of them meanwhile.
class AheadFusion {
public:
    AheadFusion(FusionSync &sync, FusionReports &reports, HappeningFuser &fuser, qint64 articleId, qint64 firstEvent)
        : mSync(sync)
        , mReports(reports)
        , mFuser(fuser)
        , mArticleId(articleId)
        , mFirstEvent(firstEvent)
    {
    }

    void operator()(DatasetRow &row)
    {
        if (!mPublishersRead || row.source != mLastSource) {
            mPublishers = mSync.publishers(mArticleId, row.source);
            mLastSource = row.source;
            mPublishersRead = true;
        }
        const int report = mReports.add(row.event, mPublishers, 0, row.cameoCode);
        const int happening = mFuser.add(report);
        if (!mFuser.storedId(happening))
            mFuser.setStoredId(happening, mFirstEvent + report);
        FusionReport &r = mReports[report];
        r.eventId = mFirstEvent + report;
        r.storedHappening = mFuser.storedId(happening);
        row.fusionReport = report;
        row.happeningId = r.storedHappening;
    }

private:
    FusionSync &mSync;
    FusionReports &mReports;
    HappeningFuser &mFuser;
    qint64 mArticleId;
    qint64 mFirstEvent;
    QString mLastSource;
    QStringList mPublishers;
    bool mPublishersRead = false;
};

// Ends the row hook (the reading thread's use of the fusion) before what it uses goes, whatever
// way importDataset() returns.
class RowHookScope {
public:
    explicit RowHookScope(DatasetRowSource &rows)
        : mRows(rows)
    {
    }
    ~RowHookScope() { mRows.endRowHook(); }
    RowHookScope(const RowHookScope &) = delete;
    RowHookScope &operator=(const RowHookScope &) = delete;

private:
    DatasetRowSource &mRows;
};

// The secondary indexes of the tables a dataset fills (events, sentences, event_actors), taken
// out of the schema in the import's transaction once the file has brought many rows against what
// the tables held, and made again from the tables once its rows are in: CREATE INDEX sorts the
// entries and writes each page once, where a row's insert into each index is a B-tree descent
// to a random place (events_date) and pages written to the WAL again and again. SQLite's DDL is
// transactional: until the commit no other connection sees the schema without them, and a
// rollback or a crash puts them back with the rest (tests/tst_crashsafety.cpp). Kept in place:
// the unique indexes (a constraint, and events_dataset_key is the lookup of rows already
// stored), automatic indexes (constraints of the tables) and events_happening (the fusion's own,
// FusionSync).
class DeferredDatasetIndexes {
public:
    // Rows of one file after which its indexes are taken out: at least this many, and at least a
    // quarter of the events the table held before (then a CREATE INDEX over the whole table
    // costs less than the inserts it saves).
    static constexpr qint64 kMinRows = 20000;
    static qint64 threshold(qint64 eventsBefore) { return std::max(kMinRows, eventsBefore / 4); }

    explicit DeferredDatasetIndexes(sqlite3 *db)
        : mDb(db)
    {
    }

    bool dropped() const { return mDropped; }

    Status drop()
    {
        {
            RawQuery list;
            if (Status s = list.prepare(mDb, QStringLiteral(
                                                 "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                                                 "AND tbl_name IN ('events', 'sentences', 'event_actors') AND "
                                                 "name <> 'events_happening' AND sql NOT LIKE 'CREATE UNIQUE%' ORDER BY name"));
                !s)
                return s;
            while (list.next())
                mIndexes.push_back({list.string(0), list.string(1)});
            if (list.failed())
                return Status::failure(QStringLiteral("secondary indexes: %1").arg(list.error()));
        }
        mDropped = true; // from here restore() makes what was dropped again
        for (const auto &[name, sql] : mIndexes) {
            QString quoted = name;
            quoted.replace(QLatin1Char('"'), QLatin1String("\"\""));
            // [reviewed] an index name read from sqlite_master, quoted as an identifier
            if (Status s = run(QStringLiteral("DROP INDEX \"") + quoted + QLatin1Char('"')); !s)
                return Status::failure(QStringLiteral("dropping %1 for the file's rows: %2").arg(name, s.error()));
            ++mGone;
        }
        return {};
    }

    // Makes the indexes dropped again, with their own definitions (the schema as it was).
    // With temp_store=MEMORY (EventStore::open) SQLite's sorter never spills: CREATE INDEX held
    // every entry of the table in memory (800 MB more at ten million rows). With temporary files
    // it sorts runs of the cache's size (64 MB) and merges them from files. The setting can change
    // inside the transaction as long as no temporary table was made; if it cannot, the sort
    // stays in memory.
    Status restore()
    {
        if (mGone > 0)
            (void)run(QStringLiteral("PRAGMA temp_store=FILE"));
        for (size_t i = 0; i < mGone; ++i)
            if (Status s = run(mIndexes[i].second); !s)
                return Status::failure(QStringLiteral("indexing the file's rows (%1): %2").arg(mIndexes[i].first, s.error()));
        if (mGone > 0)
            (void)run(QStringLiteral("PRAGMA temp_store=MEMORY"));
        mGone = 0;
        return {};
    }

private:
    Status run(const QString &statement)
    {
        RawQuery q;
        if (Status s = q.prepare(mDb, statement); !s)
            return s;
        while (q.next()) {
        }
        return q.failed() ? Status::failure(q.error()) : Status();
    }

    sqlite3 *mDb;
    std::vector<std::pair<QString, QString>> mIndexes; // name, CREATE INDEX statement
    size_t mGone = 0; // how many of them are out of the schema
    bool mDropped = false;
};

// A large file into a new or small database: its one transaction goes through SQLite's rollback
// journal instead of the WAL. In WAL mode every page the transaction writes waits in the -wal
// until the commit (a checkpoint copies only committed frames), and the checkpoint then copies it
// into the database: at ten million GDELT rows a 6 GB WAL and a disk peak of twice the database.
// A rollback journal holds only the original content of pages that existed before the
// transaction; pages appended to the file are written once, straight into it. So into a new
// database the journal stays a few pages, and into a small one it is at most the database's size
// before the import. The file still lands whole or not at all: a kill leaves a hot journal that
// the next connection plays back (DatabaseProbe does it before anything else reads the file),
// which truncates the database to its size before the import.
// The price: from the first page the transaction writes into the file (SQLite's cache spills) it
// holds an exclusive lock, and no other connection can read the database until the commit;
// DatabaseProbe refuses to open a database whose journal is live, saying why. So it is used only
// when no other connection has the database open (SQLite cannot leave WAL mode otherwise: the
// import then goes through the WAL as before) and when the file is large against the database
// (at least kMinBytes, and at least the database's size: a viewer of a large database is not
// kept out for the length of a small import). The database goes back to WAL mode after the
// commit or the rollback; if the process dies before, the next connection that writes does it
// (EventStore::open). docs/ARCHITECTURE.md, "Large dataset files".
class RollbackJournal {
public:
    static constexpr qint64 kMinBytes = 64 * 1024 * 1024;
    // MAPLINE_ROLLBACK_JOURNAL_BYTES replaces kMinBytes (tests: a small file in this mode).
    static qint64 minBytes()
    {
        bool ok = false;
        const qint64 v = qEnvironmentVariable("MAPLINE_ROLLBACK_JOURNAL_BYTES").toLongLong(&ok);
        return ok && v > 0 ? v : kMinBytes;
    }

    explicit RollbackJournal(sqlite3 *db)
        : mDb(db)
    {
    }
    ~RollbackJournal() { leave(); }
    RollbackJournal(const RollbackJournal &) = delete;
    RollbackJournal &operator=(const RollbackJournal &) = delete;

    bool active() const { return mActive; }

    // Leaves WAL mode when the file of `fileBytes` is worth it and no other connection holds the
    // database; false when the transaction goes through the WAL.
    bool enter(qint64 fileBytes)
    {
        if (!mDb || !sqlite3_get_autocommit(mDb) || fileBytes < minBytes())
            return false;
        const qint64 databaseBytes = pragma("PRAGMA page_count") * pragma("PRAGMA page_size");
        if (databaseBytes < 0 || databaseBytes > fileBytes)
            return false;
        // SQLite checkpoints the WAL into the file and deletes it; it fails at once ("database is
        // locked", no busy wait) when another connection has the database open.
        if (text("PRAGMA journal_mode=DELETE") != "delete")
            return false;
        mActive = true;
        // In rollback mode synchronous=NORMAL may, on a power cut at the wrong moment, damage the
        // file; FULL syncs the journal before the database is written (a few syncs a spill).
        pragma("PRAGMA synchronous=FULL");
        return true;
    }

    // Back to WAL mode (and its synchronous=NORMAL, EventStore::open). Waits for readers that
    // came in after the commit (busy timeout); a failure leaves the data as it is, in rollback
    // mode until the next connection that writes.
    Status leave()
    {
        if (!mActive)
            return {};
        mActive = false;
        if (text("PRAGMA journal_mode=WAL") != "wal")
            return Status::failure(QStringLiteral("the database stays in rollback-journal mode until it is next opened "
                                                  "for writing: %1")
                                       .arg(QString::fromUtf8(sqlite3_errmsg(mDb))));
        pragma("PRAGMA synchronous=NORMAL");
        return {};
    }

private:
    QByteArray text(const char *sql) const
    {
        sqlite3_stmt *stmt = nullptr;
        QByteArray value;
        if (sqlite3_prepare_v2(mDb, sql, -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW)
            value = QByteArray(reinterpret_cast<const char *>(sqlite3_column_text(stmt, 0))).toLower();
        sqlite3_finalize(stmt);
        return value;
    }
    qint64 pragma(const char *sql) const
    {
        sqlite3_stmt *stmt = nullptr;
        qint64 value = -1;
        if (sqlite3_prepare_v2(mDb, sql, -1, &stmt, nullptr) == SQLITE_OK) {
            const int rc = sqlite3_step(stmt);
            if (rc == SQLITE_ROW)
                value = sqlite3_column_int64(stmt, 0);
            else if (rc == SQLITE_DONE)
                value = 0;
        }
        sqlite3_finalize(stmt);
        return value;
    }

    sqlite3 *mDb;
    bool mActive = false;
};

// Whether stored happenings share the days of the file's reports (then the file's happenings
// meet them: FusionSync::loadNeighbours, HappeningFuser::stitch).
Result<bool> storedOverlap(const QSqlDatabase &db, const QString &path, FusionReports &reports,
                           const std::vector<int> &written)
{
    qint32 first = std::numeric_limits<qint32>::max(), last = std::numeric_limits<qint32>::min();
    for (int r : written) {
        if (reports[r].dated() && reports[r].span() <= FusionRules::kMaxSpanDays) {
            first = std::min(first, reports[r].start);
            last = std::max(last, reports[r].end);
        }
    }
    if (first > last)
        return false;
    QSqlQuery overlap(db);
    overlap.prepare(QStringLiteral("SELECT EXISTS (SELECT 1 FROM happenings WHERE date <= ? AND date_end >= ?)"));
    overlap.addBindValue(EventIndex::dateOf(last + 1).toString(Qt::ISODate));
    overlap.addBindValue(EventIndex::dateOf(first - 1).toString(Qt::ISODate));
    if (Status s = sql::exec(overlap, path); !s)
        return Result<bool>::failure(s.error());
    return overlap.next() && overlap.value(0).toBool();
}

// A file's fusion finished without the database, when no stored happening shares its days (a
// file into a new database): the date pass over its happenings (stitch() with nothing stored),
// the plan of the write and the rows' bytes (FusionSync::prepareWrite), on a thread of its own
// while the importing thread builds the file's indexes and checks the file (SQLite's work, which
// the fusion does not touch). The sync, the reports and the fuser are the thread's until wait().
class FinishingFusion {
public:
    FinishingFusion(FusionSync &sync, HappeningFuser &fuser)
    {
        mThread = std::thread([&sync, &fuser, this] {
            fuser.stitch(fuser.roots());
            sync.prepareWrite(fuser, {}, mPrepared);
        });
    }
    ~FinishingFusion() { wait(); }
    FinishingFusion(const FinishingFusion &) = delete;
    FinishingFusion &operator=(const FinishingFusion &) = delete;

    FusionSync::PreparedWrite &wait()
    {
        if (mThread.joinable())
            mThread.join();
        return mPrepared;
    }

private:
    FusionSync::PreparedWrite mPrepared;
    std::thread mThread;
};

// The file's happenings, fused among themselves as the rows came, meet the stored ones (when any
// overlap the file's days), the dates are reconciled, and the happenings are written. `finishing`:
// all but the writes done already, no stored happening sharing the file's days.
Status finishFusion(const QSqlDatabase &db, const QString &path, FusionSync &sync, FusionReports &reports,
                    HappeningFuser &fuser, const std::vector<int> &written, FinishingFusion *finishing)
{
    if (finishing) {
        if (Status s = sync.write(fuser, finishing->wait()); !s)
            return s;
    } else {
        std::vector<int> fresh = fuser.roots();
        const Result<bool> overlap = storedOverlap(db, path, reports, written);
        if (!overlap)
            return Status::failure(overlap.error());
        if (*overlap) {
            // The stored happenings' members are read by happening_id.
            if (sync.happeningIndexDropped()) {
                if (Status s = sync.createHappeningIndex(); !s)
                    return s;
            }
            if (Status s = sync.loadNeighbours(written, {}, fuser); !s)
                return s;
        }
        fuser.stitch(fresh);
        if (Status s = sync.write(fuser, {}); !s)
            return s;
    }
    // An index taken out for the file's rows comes back once they have moved to their final
    // happenings (the stitching and bridging above move some): it is built once, not kept up to
    // date move by move.
    if (sync.happeningIndexDropped())
        return sync.createHappeningIndex();
    return {};
}

} // namespace

Result<DatasetImportOutcome> EventStore::importDataset(const DatasetInfo &info, DatasetRowSource &rows)
{
    using R = Result<DatasetImportOutcome>;
    auto fail = [&](const QString &why) {
        return R::failure(QStringLiteral("%1: not imported: %2").arg(info.path, why));
    };
    if (mMode == Mode::ReadOnly)
        return fail(QStringLiteral("the database %1 is open read-only").arg(mPath));

    QSqlDatabase db = database();
    // A large file into a new or small database: through the rollback journal, not the WAL.
    // Before the scope, so that WAL mode comes back after its commit or rollback.
    RollbackJournal journal(mBatch ? nullptr : sqliteHandle(db));
    journal.enter(info.bytes);
    // Rolls back unless committed: every early return leaves no trace of the file. A batch of
    // its own: the full-text and spatial indexes are filled once at the end.
    WriteScope scope(*this, WriteScope::Kind::Bulk);
    if (Status s = scope.begin(); !s)
        return fail(s.error());
    FusionReports reports;
    FusionSync sync(db, mPath, reports);
    // A file that brings at least as many events as the table holds (its size at 256 bytes a row,
    // fewer than any dataset's) has the happening index built again once it is read through:
    // its rows' happenings come in no order, and keeping the index up to date row by row cost
    // more than the sort (docs/PERFORMANCE.md, "Fusion").
    bool rebuildIndex = false;
    if (!fusionOffForBenchmark() && info.bytes / 256 >= qint64(fusionWriteThresholds().rebuildIndexMoves)) {
        const Result<qint64> stored = sync.maxEventId();
        if (!stored)
            return fail(stored.error());
        rebuildIndex = info.bytes / 256 >= *stored;
        if (rebuildIndex) {
            if (Status s = sync.dropHappeningIndex(); !s)
                return fail(s.error());
        }
    }
    DatasetStatements st;
    if (Status s = st.prepareAll(sqliteHandle(db)); !s)
        return fail(s.error());
    QSqlQuery insertArticle(db), insertDataset(db);
    if (Status s = sql::prepareAll({
            {&insertArticle, "INSERT INTO articles (content_hash, title, source, path, body, imported_at) "
                             "VALUES (?, ?, ?, ?, '', ?)"},
            {&insertDataset, "INSERT INTO datasets (article_id, kind, format, path, content_hash, bytes, "
                             "imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)"},
        });
        !s)
        return fail(s.error());

    // The content hash is known only once the file has been read through; a unique placeholder
    // holds its place until then.
    const QString pending = QStringLiteral("pending:") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    const QString fileName = QFileInfo(info.path).fileName();
    int i = 0;
    insertArticle.bindValue(i++, pending);
    insertArticle.bindValue(i++, QStringLiteral("%1: %2").arg(datasetTitle(info.kind), fileName));
    insertArticle.bindValue(i++, datasetTitle(info.kind));
    insertArticle.bindValue(i++, sql::text(info.path));
    insertArticle.bindValue(i++, now);
    if (Status s = sql::exec(insertArticle, QStringLiteral("article")); !s)
        return fail(s.error());
    const qint64 articleId = insertArticle.lastInsertId().toLongLong();
    i = 0;
    insertDataset.bindValue(i++, articleId);
    insertDataset.bindValue(i++, info.kind);
    insertDataset.bindValue(i++, sql::text(info.format));
    insertDataset.bindValue(i++, sql::text(info.path));
    insertDataset.bindValue(i++, pending);
    insertDataset.bindValue(i++, info.bytes);
    insertDataset.bindValue(i++, now);
    if (Status s = sql::exec(insertDataset, QStringLiteral("dataset")); !s)
        return fail(s.error());
    const qint64 datasetId = insertDataset.lastInsertId().toLongLong();

    auto fuser = std::make_unique<HappeningFuser>(reports);
    const Result<qint64> lastEvent = sync.maxEventId();
    if (!lastEvent)
        return fail(lastEvent.error());
    DatasetWriter writer(st, writeCache().ids, info.kind, articleId, datasetId, sync, reports, *fuser, *lastEvent);
    Result<QSet<QString>> discarded = discardedDatasetKeys(db, mPath);
    if (!discarded)
        return fail(discarded.error());
    writer.setDiscarded(std::move(*discarded));
    // The rows fused on the reading thread where the source has one (docs/PERFORMANCE.md, "Fusion,
    // ninth round"): the writing thread, which the import waits for, then only writes. The
    // document's publishers are read here, so that the hook never uses the connection.
    std::optional<AheadFusion> ahead;
    RowHookScope hookScope(rows);
    if (!fusionOffForBenchmark()) {
        sync.publishers(articleId, QString());
        ahead.emplace(sync, reports, *fuser, articleId, *lastEvent + 1);
        if (rows.setRowHook([&ahead](DatasetRow &r) { (*ahead)(r); }))
            writer.fusedAhead();
    }
    DatasetRow row;
    qint64 events = 0, present = 0;
    // A file large against the table has the secondary indexes made once its rows are in.
    DeferredDatasetIndexes deferred(sqliteHandle(db));
    const qint64 deferAt = DeferredDatasetIndexes::threshold(*lastEvent);
    while (rows.next(row)) {
        bool known = false;
        if (Status s = writer.write(row, &known); !s)
            return fail(QStringLiteral("line %1: %2").arg(row.line).arg(s.error()));
        known ? ++present : ++events;
        if (events >= deferAt && !deferred.dropped()) {
            if (Status s = deferred.drop(); !s)
                return fail(s.error());
        }
    }
    // The reading thread has ended (or is stopped): the fusion is this thread's again.
    rows.endRowHook();
    writer.refuseIfBroken(reports, fuser);
    // An index taken out above is made again by finishFusion() (or rolled back with the rest).
    if (!rows.failure().isEmpty())
        return R::failure(rows.failure());
    DatasetImportOutcome outcome;
    if (rows.cancelled()) {
        outcome.cancelled = true;
        return outcome; // the scope rolls everything back
    }
    // No stored happening shares the file's days: the fusion is finished on a thread of its own
    // while this one builds the file's indexes (docs/PERFORMANCE.md, "Fusion, ninth round").
    std::optional<FinishingFusion> finishing;
    if (!fusionOffForBenchmark() && !writer.reports().empty()) {
        const Result<bool> overlap = storedOverlap(db, mPath, reports, writer.reports());
        if (!overlap)
            return fail(overlap.error());
        if (!*overlap)
            finishing.emplace(sync, *fuser);
    }
    // The file's rows are all in: its indexes are made (a failure, a duplicate file: rolled back).
    if (Status s = deferred.restore(); !s)
        return fail(s.error());

    const QString hash = rows.contentHash();
    QSqlQuery existing(db);
    existing.prepare(QStringLiteral("SELECT id, article_id FROM datasets WHERE content_hash = ?"));
    existing.addBindValue(hash);
    if (Status s = sql::exec(existing, QStringLiteral("duplicate check")); !s)
        return fail(s.error());
    if (existing.next()) {
        outcome.duplicate = true;
        outcome.datasetId = existing.value(0).toLongLong();
        outcome.articleId = existing.value(1).toLongLong();
        return outcome;
    }
    existing.finish();
    outcome.alreadyPresent = present;
    outcome.discarded = writer.discardedRows();
    if (events == 0 && present > 0) {
        outcome.duplicate = true; // every row is stored already: nothing to add, no trace
        return outcome;
    }
    QSqlQuery update(db);
    update.prepare(QStringLiteral("UPDATE datasets SET content_hash = ?, rows = ?, events = ?, skipped = ?, "
                                  "outside = ?, duplicates = ? WHERE id = ?"));
    for (const QVariant &v :
         {QVariant(hash), QVariant(rows.rowsRead()), QVariant(events), QVariant(rows.rowsSkipped()),
          QVariant(rows.rowsOutside()), QVariant(present), QVariant(datasetId)})
        update.addBindValue(v);
    if (Status s = sql::exec(update, QStringLiteral("dataset")); !s)
        return fail(s.error());
    QSqlQuery article(db);
    article.prepare(QStringLiteral("UPDATE articles SET content_hash = ? WHERE id = ?"));
    article.addBindValue(QStringLiteral("dataset:") + hash);
    article.addBindValue(articleId);
    if (Status s = sql::exec(article, QStringLiteral("article")); !s)
        return fail(s.error());
    if (Status s = fusionOffForBenchmark() ? Status() : finishFusion(db, mPath, sync, reports, *fuser, writer.reports(), finishing ? &*finishing : nullptr); !s)
        return fail(QStringLiteral("fusing the rows: %1").arg(s.error()));
    // The analyst's splits and merges of this file's rows (a file imported again): fused again
    // with them before the commit.
    if (Status s = resolveHappeningCorrections(sync); !s)
        return fail(s.error());
    for (int r : writer.reports()) {
        const qint64 id = reports[r].eventId;
        bool corrected = sync.corrections().pinned.contains(id);
        for (const auto &[a, b] : sync.corrections().merged)
            corrected = corrected || a == id || b == id;
        if (corrected)
            fuseLater(id);
    }
    // The file's fusion is written: its reports, happenings and prepared rows are given back
    // before the commit builds the spatial index, the import's largest allocation, so that the
    // two do not add up (docs/PERFORMANCE.md, "Ten million rows through the rollback journal",
    // fourth round). Nothing of them is used past here; the writer's reference to the fuser is
    // not followed again.
    finishing.reset();
    fuser.reset();
    reports.release();
    writer.releaseReports();
    if (Status s = scope.commit(); !s)
        return fail(s.error());
    if (Status s = journal.leave(); !s)
        mWarnings << QStringLiteral("%1: imported; %2").arg(mPath, s.error());
    outcome.datasetId = datasetId;
    outcome.articleId = articleId;
    outcome.events = events;
    return outcome;
}

Result<QList<DatasetInfo>> EventStore::datasets() const
{
    using R = Result<QList<DatasetInfo>>;
    QSqlQuery q(database());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral(
            "SELECT id, article_id, kind, format, path, content_hash, bytes, imported_at, rows, "
            "events, skipped, outside, duplicates FROM datasets ORDER BY id")))
        return R::failure(QStringLiteral("%1: %2").arg(mPath, q.lastError().text()));
    QList<DatasetInfo> list;
    while (q.next()) {
        DatasetInfo d;
        int i = 0;
        d.id = q.value(i++).toLongLong();
        d.articleId = q.value(i++).toLongLong();
        d.kind = q.value(i++).toString();
        d.format = q.value(i++).toString();
        d.path = q.value(i++).toString();
        d.contentHash = q.value(i++).toString();
        d.bytes = q.value(i++).toLongLong();
        d.importedAt = QDateTime::fromString(q.value(i++).toString(), Qt::ISODate);
        d.rows = q.value(i++).toLongLong();
        d.events = q.value(i++).toLongLong();
        d.skipped = q.value(i++).toLongLong();
        d.outside = q.value(i++).toLongLong();
        d.duplicates = q.value(i++).toLongLong();
        list.append(d);
    }
    return list;
}

} // namespace mapline
