#include "interop/readahead.h"

namespace mapline {

ReadAheadSource::ReadAheadSource(EventFileReader &reader, const DatasetImporter::Progress &progress,
                                 DatasetImporter::FileResult &result)
    : mReader(reader)
    , mProgress(progress)
    , mResult(result)
    , mProgressTotal(reader.progressTotal())
{
}

void ReadAheadSource::start()
{
    mStarted = true;
    mThread = std::thread([this] { read(); });
}

bool ReadAheadSource::setRowHook(RowHook hook)
{
    if (mStarted)
        return false;
    mHook = std::move(hook);
    start();
    return true;
}

ReadAheadSource::~ReadAheadSource()
{
    stop();
}

void ReadAheadSource::stop()
{
    {
        std::lock_guard lock(mMutex);
        mStop = true;
    }
    mChanged.notify_all();
    if (mThread.joinable())
        mThread.join();
}

void ReadAheadSource::read()
{
    bool ended = false;
    std::vector<Chunk> spent;
    while (!ended) {
        {
            std::lock_guard lock(mMutex);
            spent.swap(mSpent);
        }
        Chunk chunk;
        if (!spent.empty()) {
            chunk = std::move(spent.back());
            chunk.rows.clear();
        }
        spent.clear();
        chunk.rows.reserve(kChunkRows);
        for (int reads = 0; reads < kChunkReads && int(chunk.rows.size()) < kChunkRows; ++reads) {
            DatasetRow row;
            QString problem;
            const EventFileReader::Next next = mReader.next(row, problem);
            if (next == EventFileReader::Next::End || next == EventFileReader::Next::Failed) {
                if (next == EventFileReader::Next::Failed)
                    mReadFailure = mReader.error();
                ended = true;
                break;
            }
            ++mCounts.rows;
            if (next == EventFileReader::Next::Row) {
                if (mHook)
                    mHook(row);
                chunk.rows.push_back(std::move(row));
            } else if (next == EventFileReader::Next::Outside) {
                ++mCounts.outside;
            } else {
                ++mCounts.skipped;
                if (mCounts.issues.size() < DatasetImporter::kMaxIssues)
                    mCounts.issues.append({row.line, problem});
            }
        }
        chunk.progressDone = mReader.progressDone();
        chunk.last = ended;
        std::unique_lock lock(mMutex);
        mChanged.wait(lock, [this] { return mStop || int(mQueue.size()) < kDepth; });
        if (mStop)
            return;
        mQueue.push_back(std::move(chunk));
        lock.unlock();
        mChanged.notify_all();
    }
}

bool ReadAheadSource::takeChunk()
{
    {
        std::unique_lock lock(mMutex);
        mChanged.wait(lock, [this] { return !mQueue.empty() || mStop; });
        if (mQueue.empty()) {
            mCancelled = true; // stopped (endRowHook()): nothing more comes
            return false;
        }
        if (!mCurrent.rows.empty())
            mSpent.push_back(std::move(mCurrent));
        mCurrent = std::move(mQueue.front());
        mQueue.pop_front();
    }
    mChanged.notify_all();
    mNext = 0;
    if (mCurrent.last) {
        // The reader has ended: what it counted is complete, and it is safe to read now.
        mThread.join();
        mResult.rows += mCounts.rows;
        mResult.skipped += mCounts.skipped;
        mResult.outside += mCounts.outside;
        for (const DatasetImporter::Issue &issue : std::as_const(mCounts.issues))
            if (mResult.issues.size() < DatasetImporter::kMaxIssues)
                mResult.issues.append(issue);
        mFailure = mReadFailure;
    }
    if (mProgress && !mProgress(mCurrent.progressDone, mProgressTotal)) {
        mCancelled = true;
        return false;
    }
    return true;
}

bool ReadAheadSource::next(DatasetRow &row)
{
    if (!mStarted)
        start();
    for (;;) {
        if (mCancelled)
            return false;
        if (mNext < mCurrent.rows.size()) {
            row = std::move(mCurrent.rows[mNext++]);
            return true;
        }
        if (mCurrent.last)
            return false; // the reader has ended and its last chunk is used up
        if (!takeChunk())
            return false;
    }
}

} // namespace mapline
