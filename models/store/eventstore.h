#pragma once

#include "article.h"
#include "event.h"
#include "extract/parsedarticle.h"
#include "happening.h"
#include "result.h"
#include "store/eventquery.h"

#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

namespace mapline {

struct EventRecord;
// Dataset files (GDELT, ACLED, Mapline exports): declared in interop/dataset.h.
struct DatasetInfo;
struct DatasetRecord;
struct DatasetImportOutcome;
class DatasetRowSource;
// Analysts' corrections: declared in corrections/correction.h.
struct Correction;
struct EventKey;
struct HappeningCorrection;
struct HistoryEntry;
struct CorrectionStamp;
struct CorrectionConflict;
// The analyst's corrections of territorial control: declared in control/controlcorrection.h.
struct ControlCorrection;
class FusionSync;
// `mapline check`'s findings: declared in store/storecheck.h.
struct CheckItem;

// The event store: one SQLite file (WAL, foreign keys, schema version in PRAGMA user_version).
// An EventStore owns one connection and must be used from the thread that opened it; open one
// store per thread on the same file. Every write is one transaction, or one savepoint of a batch
// (beginBatch): it lands whole or not at all.
class EventStore {
public:
    enum class Mode { ReadWrite, ReadOnly };

    struct ImportOutcome {
        qint64 articleId = 0;
        bool duplicate = false; // the same story was already stored: nothing was written
        QDate published;        // a duplicate's: the stored article's publication date (invalid: none)
        int events = 0;
    };

    struct Stats {
        qint64 articles = 0;
        qint64 sentences = 0;
        qint64 events = 0;
        QDate firstDate;
        QDate lastDate;
    };

    // Opens `path`, creating it in ReadWrite mode when missing, and migrates it forward.
    // Refuses, leaving the file untouched: a file that is not SQLite, a SQLite file that is not
    // Mapline's, a schema newer than this program knows.
    static Result<std::unique_ptr<EventStore>> open(const QString &path, Mode mode = Mode::ReadWrite);
    ~EventStore();
    EventStore(const EventStore &) = delete;
    EventStore &operator=(const EventStore &) = delete;

    const QString &path() const { return mPath; }
    // What the user should know about the file that did not stop it from opening (a -wal that
    // is not SQLite's, read without it; an index restored): "PATH: what", one per line.
    const QStringList &warnings() const { return mWarnings; }
    bool isReadOnly() const { return mMode == Mode::ReadOnly; }
    int schemaVersion() const;

    Result<ImportOutcome> importArticle(const ParsedArticle &parsed);
    // Whether an article with this content hash is stored (importArticle's duplicate check).
    Result<bool> hasArticleContent(const QString &contentHash);
    // Sets (a null date clears) an article's publication date and, in the same transaction,
    // re-resolves the times of its events from their time_rule (see resolveTimeRule); events
    // with no time of their own (flag InheritedTime, rule empty or "inherit") take the new date
    // as a day. Absolute times are left alone. `reResolved` (optional) receives how many events
    // were re-resolved. Defined in eventstore_redate.cpp.
    Status setPublishedDate(qint64 articleId, QDate date, int *reResolved = nullptr);
    // One dataset file, pulled row by row from `rows`, in one transaction (eventstore_dataset.cpp).
    // `info` gives kind, format, path and bytes. A row whose dataset id (events.dataset_key) is
    // stored already is left out and counted (alreadyPresent). Nothing is written when the source
    // fails or is cancelled, when a file with the same content hash is already stored, or when
    // every row is (duplicate).
    Result<DatasetImportOutcome> importDataset(const DatasetInfo &info, DatasetRowSource &rows);
    Result<QList<DatasetInfo>> datasets() const; // the imported dataset files, oldest first
    // The dataset row event `eventId` came from (eventstore_datasetrecord.cpp); nullopt for an
    // event extracted from an article, a failure when there is no such event.
    Result<std::optional<DatasetRecord>> datasetRecord(qint64 eventId) const;

    Result<QList<Event>> events(const EventQuery &query = {}) const;
    // The same events, in the same order (by date, undated last), handed to `sink` one by one as
    // they are read: memory does not grow with their number (`events`, `export` and the data
    // export stream through it). `sink` returns false to stop early, which is not a failure.
    Status forEachEvent(const EventQuery &query, const std::function<bool(Event &&)> &sink) const;
    // The same events in the same order as EventRecords (the command line's text listings):
    // read through SQLite's C API, with a time window read from its first day on when the
    // persistent index copy is current (eventstore_readrecords.cpp). The record's views are valid
    // while `sink` runs. All statements read one snapshot.
    Status forEachRecord(const EventQuery &query, const std::function<bool(const EventRecord &)> &sink) const;
    // The distinct types of the events `query` selects (a KML export's styles come first).
    Result<QStringList> eventTypes(const EventQuery &query = {}) const;
    // How many events `query` selects, for a progress bar: `near` counted by its bounding box.
    Result<qint64> eventCount(const EventQuery &query = {}) const;
    // Whether `search` is a valid full-text (FTS5) query; the message says how to fix it. Checks
    // the query alone: a damaged index is not the query's fault (searchFailure()).
    Status validateSearch(const QString &search) const;
    // The message for a search that failed in the database (its full-text index damaged or
    // missing): names the database and says how to check and repair it.
    QString searchFailure(const QString &why) const;
    Result<Article> article(qint64 id) const; // with its sentences
    Result<Stats> stats() const;
    // Looks a place up by name among the places events were placed at (case-insensitive).
    std::optional<Place> findPlace(const QString &name) const;

    // Corrections (eventstore_corrections.cpp): stored beside the machine's values, written into
    // `events` too, and applied again when the article is re-imported (applyCorrections()).
    Result<EventKey> eventKey(qint64 eventId) const;
    Result<std::optional<Correction>> correction(const EventKey &key) const;
    // Sets (or with nullopt removes) the correction of `key` in one transaction and writes the
    // result into `events`; returns the id of the event that now carries it (0: discarded, or
    // its article is not in the database).
    // Who writes (issue 19): every correction this connection saves carries the name, and every change
    // is kept in `correction_history` (store/correctionlog.h). `seenRevision` is
    // correctionRevision() of the subject when the analyst read it (-1: not checked): changes
    // others made since are replaced all the same (the later write wins) and listed in `conflict`.
    Result<qint64> setCorrection(const EventKey &key, const std::optional<Correction> &correction,
                                 qint64 seenRevision = -1, CorrectionConflict *conflict = nullptr);
    Result<qint64> eventIdOf(const EventKey &key) const; // 0 when absent or discarded
    // Applies stored corrections to machine events that lack them: after an article is
    // (re-)imported (articleId) or for the whole database (0). Returns how many were applied.
    Result<int> applyCorrections(qint64 articleId = 0);
    Result<int> correctionCount() const;
    // The analyst the corrections written on this connection are attributed to ('' : unknown).
    void setAnalyst(const QString &name) { mAnalyst = name; }
    const QString &analyst() const { return mAnalyst; }
    bool hasCorrectionHistory() const { return mHasHistory; } // false: older than schema 8, read-only
    // Who made the correction of `key` in force and when (nullopt: none).
    Result<std::optional<CorrectionStamp>> correctionStamp(const EventKey &key) const;
    // The last change to any of `subjects` (history::subject()), 0 when none: what a writer saw.
    Result<qint64> correctionRevision(const QStringList &subjects) const;
    // Every change to `subjects` after revision `after`, oldest first.
    Result<QList<HistoryEntry>> correctionHistory(const QStringList &subjects, qint64 after = 0) const;

    // Happenings (docs/FUSION.md; eventstore_fusion.cpp, eventstore_happenings.cpp). Every write
    // fuses what it changed before it commits, so the happenings are always those of the events.
    bool hasHappenings() const { return mHasHappenings; } // false: an older database opened read-only
    // The happenings whose fused values pass `query` (time, types, near, min sources; actors and
    // search by any of their reports), with their reports' event and article ids, by date.
    Result<QList<Happening>> happenings(const EventQuery &query = {}) const;
    Result<std::optional<Happening>> happening(qint64 id) const;
    // Fuses the whole database again in the canonical order (one transaction); the analyst's
    // corrections are applied again. `count`: the happenings there are afterwards.
    Status refuse(qint64 *count = nullptr);
    Result<QList<HappeningCorrection>> happeningCorrections() const;
    // Adds and removes the analyst's corrections of the fusion in one transaction, fusing again the
    // happenings they touch (undo is the same call with the lists swapped).
    // `seenRevision` and `conflict` as for setCorrection(), over the subjects of the reports named.
    Status changeHappeningCorrections(const QList<HappeningCorrection> &add, const QList<HappeningCorrection> &remove,
                                      qint64 seenRevision = -1, CorrectionConflict *conflict = nullptr);

    // The analyst's corrections of territorial control (eventstore_control.cpp, schema 7): none in
    // an older database opened read-only. changeControlCorrections adds (replacing one of the same
    // place and day) and removes (by place and day) in one transaction; undo is the same call with
    // the lists swapped.
    Result<QList<ControlCorrection>> controlCorrections() const;
    Status changeControlCorrections(const QList<ControlCorrection> &add, const QList<ControlCorrection> &remove,
                                    qint64 seenRevision = -1, CorrectionConflict *conflict = nullptr);

    Result<QString> setting(const QString &key) const;
    Status setSetting(const QString &key, const QString &value);

    // PRAGMA integrity_check and foreign_key_check; for tests.
    Status checkConsistency() const;
    // `mapline check`: integrity_check, foreign_key_check, the FTS5 integrity-check of both
    // full-text indexes, rtreecheck and the spatial index against the events, the index
    // triggers; on a connection of its own, writing nothing (store/storecheck.h).
    Result<QList<CheckItem>> check() const;
    // `mapline repair`: rebuilds the full-text and spatial indexes from their tables and restores
    // their triggers, in one transaction. An index whose pages cannot be read is replaced by a new
    // one; VACUUM then rewrites the file without the old pages (`rewritten` is set).
    Status repairIndexes(bool *rewritten = nullptr);

    QSqlDatabase database() const { return QSqlDatabase::database(mConnection, false); }

    // Batched writes (eventstore_batch.cpp). Between beginBatch() and commitBatch() every write
    // (importArticle, setPublishedDate, applyCorrections, setCorrection, importDataset) runs in a
    // SAVEPOINT of one open transaction: a write that fails rolls back to its savepoint and the
    // others of the batch stay; nothing reaches the file before commitBatch(). A crash loses the
    // uncommitted batch, whole. When SQLite itself aborts the transaction (a full disk) the batch
    // is gone: inBatch() turns false and batchLoss() says why. The destructor rolls back.
    // The batch's rows enter the full-text and spatial indexes at commitBatch(), in one statement
    // per index: searches on this connection do not see them before.
    Status beginBatch();
    Status commitBatch();
    void rollbackBatch();
    bool inBatch() const { return mBatch; }
    const QString &batchLoss() const { return mBatchLoss; }

private:
    friend class WriteScope;
    struct WriteCache; // statements prepared once per connection (store/writecache.h)
    WriteCache &writeCache();

    EventStore(QString path, QString connection, Mode mode);
    Status migrate();
    // Fusion (eventstore_fusion.cpp). Writes register the events they insert or change; the
    // transaction fuses them just before it commits (WriteScope::commit, commitBatch).
    void fuseLater(qint64 eventId);
    Status fusePending();
    Status fuseEverything(qint64 *count); // inside the caller's transaction
    // On opening for writing: fuses again a database fused by other rules, and the happenings whose
    // events someone else deleted.
    Status updateFusion();
    Status resolveHappeningCorrections(FusionSync &sync) const;
    // On open: the index tables and triggers are all there; a writing open restores what is
    // missing (with a warning), a read-only one warns.
    Status checkIndexesOnOpen();

    QString mPath;
    QString mConnection;
    Mode mMode;
    std::unique_ptr<WriteCache> mWriteCache;
    bool mBatch = false;
    QString mBatchLoss;
    bool mHasHappenings = false;
    bool mHasHistory = false; // schema 8: corrected_by and correction_history
    QString mAnalyst;
    QStringList mWarnings;
};

} // namespace mapline
