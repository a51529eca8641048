#pragma once

#include "extract/articleparser.h"
#include "store/eventstore.h"

#include <QElapsedTimer>
#include <QString>

namespace mapline {

// Parses article files and stores them, each article whole or not at all, so one bad file never
// stops or spoils the others. After an article is stored, the analyst's corrections kept for it
// are applied again (a deleted and re-imported article gets them back). Used by `mapline import`
// and by the viewer's import worker.
//
// Two ways to use it: importFile() stores one file in its own transaction; add() stores files in
// batches (one transaction, a savepoint per article; see EventStore::beginBatch), committed every
// Limits::articles files or Limits::milliseconds, and by flush(). A file's result is final, and
// reported, only once its batch is committed: a crash before that loses the batch, never part of
// an article, and nothing that was reported as imported.
class ArticleImporter {
public:
    struct FileResult {
        // Redated: the article was already stored without a publication date, and this import
        // supplied one (sidecar or --date): the date was set and its events re-resolved.
        enum class Status { Imported, Duplicate, Redated, Failed };
        QString path;
        Status status = Status::Failed;
        qint64 articleId = 0;
        int sentences = 0;
        int events = 0;
        int outsideArea = 0;
        int reResolved = 0;  // for Redated: events whose time was resolved again
        int corrections = 0; // for Imported: the analyst's corrections applied again
        QString error;       // for Failed: names the file and the reason
        QStringList warnings;
    };

    struct Summary {
        int imported = 0;
        int duplicates = 0;
        int redated = 0;
        int failed = 0;
        int events = 0;
        int outsideArea = 0;
        int corrections = 0;
        void add(const FileResult &r);
    };

    struct Limits {
        // Commit after this many files, or when the batch has taken this much work (the
        // importing thread's CPU time), or when it is this old by the clock, whichever comes
        // first. Measured (bench_extract): 64 is as fast as 500; 16 is 20 % slower. The work,
        // not the clock, keeps batches whole on a loaded machine, where a clock of 250 ms made
        // them a few articles each and every article dearer (docs/PERFORMANCE.md, "Fourth
        // round"); the clock still bounds how long progress lines wait and the write lock is held.
        int articles = 64;
        int milliseconds = 250;      // CPU time (PgArticleImporter: the clock)
        int wallMilliseconds = 2000; // the clock
    };

    ArticleImporter(EventStore &store, ParseOptions options);
    ~ArticleImporter(); // rolls back an unflushed batch
    ArticleImporter(const ArticleImporter &) = delete;
    ArticleImporter &operator=(const ArticleImporter &) = delete;

    // One file, committed before it returns (an open batch is committed first; its results come
    // with the next add() or flush()).
    FileResult importFile(const QString &path);

    // Batched: stores the file in the open batch (opening one) and returns the results that
    // became final with this call: empty until the batch is committed, then the whole batch.
    QList<FileResult> add(const QString &path);
    // The same for a file opened already (a pipe named on the command line: read once).
    QList<FileResult> add(InputFile &file);
    // The same for an article parsed elsewhere (benchmarks); `path` names it in messages.
    QList<FileResult> add(const ParsedArticle &parsed, const QString &path);
    // Commits the open batch; its results. Call it at the end and on cancel: done stays done.
    QList<FileResult> flush();
    bool pending() const { return !mPending.isEmpty(); }

    void setLimits(Limits limits) { mLimits = limits; }
    const ParseOptions &options() const { return mOptions; }

private:
    FileResult store(const ParsedArticle &parsed, const QString &path);
    QList<FileResult> staged(FileResult result);

    EventStore &mStore;
    ParseOptions mOptions;
    ArticleParser mParser;
    Limits mLimits;
    QList<FileResult> mPending;   // stored in the open batch, not committed yet
    QList<FileResult> mCommitted; // committed by importFile(), not handed out yet
    QElapsedTimer mBatchAge;
    qint64 mBatchCpuStart = 0; // the thread's CPU time when the batch began, in nanoseconds
};

} // namespace mapline
