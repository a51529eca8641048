#pragma once

// Reading a dataset file on a thread of its own while the store writes: the reader (parsing,
// SHA-256, the area filter) runs ahead by a few chunks of rows, so an import takes as long as the
// slower of reading and writing instead of their sum. Memory stays bounded: at most kDepth
// chunks of kChunkRows rows wait. Internal to DatasetImporter.
#include "interop/dataset.h"
#include "interop/datasetimporter.h"
#include "interop/eventfilereader.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

namespace mapline {

class ReadAheadSource : public DatasetRowSource {
public:
    static constexpr int kChunkRows = 512;      // rows handed over at a time
    static constexpr int kChunkReads = 8192;    // ... or after this many rows read (the filtered case)
    static constexpr int kDepth = 8;            // chunks waiting at most

    // Starts reading at the first next() or setRowHook(). `progress` is called on the caller's
    // thread (the one calling next()), once a chunk; `result` gets the counts and the bad rows
    // once reading has ended.
    ReadAheadSource(EventFileReader &reader, const DatasetImporter::Progress &progress,
                    DatasetImporter::FileResult &result);
    ~ReadAheadSource() override; // stops and joins the reader
    ReadAheadSource(const ReadAheadSource &) = delete;
    ReadAheadSource &operator=(const ReadAheadSource &) = delete;

    bool next(DatasetRow &row) override;
    // The hook runs on the reading thread, on each row as it is put in a chunk.
    bool setRowHook(RowHook hook) override;
    void endRowHook() override { stop(); }
    QString failure() const override { return mFailure; }
    bool cancelled() const override { return mCancelled; }
    QString contentHash() const override { return mReader.contentHash(); }
    qint64 rowsRead() const override { return mResult.rows; }
    qint64 rowsSkipped() const override { return mResult.skipped; }
    qint64 rowsOutside() const override { return mResult.outside; }

private:
    struct Chunk {
        std::vector<DatasetRow> rows;
        qint64 progressDone = 0;
        bool last = false; // the reader has ended (at the end, or failed) after this chunk
    };

    void start();
    void read(); // the reader thread
    void stop();
    bool takeChunk();

    EventFileReader &mReader;
    const DatasetImporter::Progress &mProgress;
    DatasetImporter::FileResult &mResult;
    const qint64 mProgressTotal;

    std::mutex mMutex;
    std::condition_variable mChanged;
    std::deque<Chunk> mQueue; // guarded by mMutex
    // Chunks the consumer is done with, freed (and their buffers reused) on the reader's thread:
    // memory is then allocated and freed on one thread, and malloc's arenas do not contend.
    std::vector<Chunk> mSpent; // guarded by mMutex
    bool mStop = false;       // guarded by mMutex: the consumer gives up
    std::thread mThread;
    bool mStarted = false;
    RowHook mHook; // set before the thread starts, then the thread's

    // The consumer's side.
    Chunk mCurrent;
    size_t mNext = 0;
    bool mCancelled = false;
    QString mFailure;
    // The reader's side, handed over when the reader has ended (joined).
    DatasetImporter::FileResult mCounts;
    QString mReadFailure;
};

} // namespace mapline
