#pragma once

// A bounded external sort of EventRecords for the command line's listings (eventstore_readrecords.cpp):
// records come in any order with their listing key (the stored date as SQLite orders it, then the
// id), are copied into a chunk of at most `chunkBytes`, each full chunk is sorted and written as a
// run to a temporary file that has no name (removed by the system however the process ends), and
// the runs are merged, each read through a small buffer. Memory stays within about twice
// `chunkBytes` whatever the number of records; a listing that fits in one chunk never touches the
// disk. Internal to models/store.
#include "eventrecord.h"
#include "result.h"

#include <QString>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace mapline {

class RecordSorter {
public:
    // How SQLite orders a column's values (ORDER BY with the BINARY collation): NULL first, then
    // numbers, then texts and blobs by their bytes. A listing puts its undated events last (by
    // id), so Undated sorts after everything here.
    enum class KeyClass : quint8 { Number = 0, Text = 1, Blob = 2, Undated = 3 };
    struct Key {
        KeyClass keyClass = KeyClass::Undated;
        double number = 0.0;    // Number
        std::string_view bytes; // Text, Blob
        qint64 id = 0;
    };

    // `folder`: where the runs' file goes (the database's folder; the system's temporary folder
    // when that cannot be written).
    explicit RecordSorter(QString folder, size_t chunkBytes = size_t(16) << 20);
    // The chunk the listings sort in: 16 MB; tests make it small to sort in many runs.
    static size_t chunkBytesForListings();
    static void setChunkBytesForListings(size_t bytes);
    // The rows of a window listing's slice (eventstore_readrecords.cpp: the window's ids taken from
    // the date index this many at a time, each slice read in id order and handed on in the
    // listing's): 32,768, which fit the chunk; tests make it small to cut days and ties.
    static size_t sliceRowsForListings();
    static void setSliceRowsForListings(size_t rows);
    ~RecordSorter();
    RecordSorter(const RecordSorter &) = delete;
    RecordSorter &operator=(const RecordSorter &) = delete;

    Status add(const Key &key, const EventRecord &record);
    // Hands every record on in key order; stops early (and succeeds) when `sink` returns false.
    Status drain(const std::function<bool(const EventRecord &)> &sink);

    qint64 count() const { return mCount; }
    int runs() const { return int(mRuns.size()); }

    // The order of two keys (for tests): negative, zero, positive.
    static int compare(const Key &a, const Key &b);

private:
    struct Slot;
    struct Run {
        qint64 begin = 0;
        qint64 end = 0;
    };
    Status spill();
    Status openFile();
    void sortChunk();

    QString mFolder;
    size_t mChunkBytes;
    std::string mChunk;         // the entries, one after the other
    std::vector<Slot> mSlots;   // one per entry of the chunk, sorted before a spill
    std::vector<Run> mRuns;
    int mFd = -1;
    qint64 mFileSize = 0;
    qint64 mCount = 0;
    bool mAllFast = true; // every key of the chunk has a fastKeyOf
};

} // namespace mapline
