#include "store/recordsorter.h"

#include <QDir>
#include <QFile>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

namespace mapline {
namespace {

// An entry, in the chunk and in the runs alike (native byte order: the file is this process's own):
//   u32 size of the whole entry, u8 flags, u8 key class, i64 id, u64 fastKeyOf(key), the key (f64 for a number; the
//   bytes for a text or blob unless they are the date's own text), i64 article id, [f64 lat, f64
//   lon when located], f64 confidence, i64 happening id, i64 sources, the texts in kTexts' order
//   (date end left out when it is the date's), the actor count and the actors' names. A length is
//   one byte below 255, else 255 and four bytes.
constexpr int kTexts = 14;
enum Flag : quint8 { Located = 1, KeyIsDate = 2, EndIsDate = 4 };

template <typename T> char *put(char *at, T value)
{
    std::memcpy(at, &value, sizeof(T));
    return at + sizeof(T);
}

char *putText(char *at, std::string_view s)
{
    if (s.size() < 255) {
        *at++ = char(quint8(s.size()));
    } else {
        *at++ = char(0xFF);
        at = put<quint32>(at, quint32(s.size()));
    }
    if (!s.empty()) // an empty view's data() may be null, which memcpy must not be given
        std::memcpy(at, s.data(), s.size());
    return at + s.size();
}

size_t textSize(std::string_view s)
{
    return (s.size() < 255 ? 1 : 5) + s.size();
}

template <typename T> T get(const char *&at)
{
    T value;
    std::memcpy(&value, at, sizeof(T));
    at += sizeof(T);
    return value;
}

std::string_view getText(const char *&at)
{
    size_t n = quint8(*at++);
    if (n == 255)
        n = get<quint32>(at);
    const std::string_view s(at, n);
    at += n;
    return s;
}

struct Parsed {
    RecordSorter::Key key;
    quint64 fast;
    const char *rest; // after the key
    quint8 flags;
};

Parsed parse(const char *entry)
{
    const char *at = entry + sizeof(quint32);
    Parsed p;
    p.flags = get<quint8>(at);
    p.key.keyClass = RecordSorter::KeyClass(get<quint8>(at));
    p.key.id = get<qint64>(at);
    p.fast = get<quint64>(at);
    if (p.key.keyClass == RecordSorter::KeyClass::Number) {
        p.key.number = get<double>(at);
    } else if (p.key.keyClass != RecordSorter::KeyClass::Undated) {
        if (p.flags & KeyIsDate) {
            // The date is the first text, after the fixed fields.
            const char *date = at + 3 * sizeof(qint64) + sizeof(double) + ((p.flags & Located) ? 2 * sizeof(double) : 0);
            p.key.bytes = getText(date);
        } else {
            p.key.bytes = getText(at);
        }
    }
    p.rest = at;
    return p;
}

RecordSorter::Key keyOf(const char *entry)
{
    return parse(entry).key;
}

// The record of an entry: its views point into the entry; the actors' views into `actors`.
EventRecord recordOf(const char *entry, std::vector<std::string_view> &actors)
{
    const Parsed p = parse(entry);
    const char *at = p.rest;
    EventRecord r;
    r.id = p.key.id;
    r.articleId = get<qint64>(at);
    r.located = (p.flags & Located) != 0;
    if (r.located) {
        r.lat = get<double>(at);
        r.lon = get<double>(at);
    }
    r.confidence = get<double>(at);
    r.happeningId = get<qint64>(at);
    r.sources = get<qint64>(at);
    r.date = getText(at);
    r.dateEnd = (p.flags & EndIsDate) ? r.date : getText(at);
    std::string_view *texts[kTexts - 2] = {&r.datePrecision, &r.place, &r.placeText, &r.geoPrecision, &r.admin1,
                                           &r.country, &r.type, &r.acledEventType, &r.acledSubEventType,
                                           &r.cameoRoot, &r.sentence, &r.externalId};
    for (std::string_view *t : texts)
        *t = getText(at);
    const quint32 actorCount = get<quint32>(at);
    actors.clear();
    for (quint32 i = 0; i < actorCount; ++i)
        actors.push_back(getText(at));
    r.actors = actors;
    return r;
}

// A key's order as one number when its text is a plain "YYYY-MM-DD" (or it has no date): for
// those, the bytes' order is the number's. Zero: none (the bytes are compared).
quint64 fastKeyOf(const RecordSorter::Key &k)
{
    if (k.keyClass == RecordSorter::KeyClass::Undated)
        return quint64(4) << 56;
    if (k.keyClass != RecordSorter::KeyClass::Text || k.bytes.size() != 10 || k.bytes[4] != '-' || k.bytes[7] != '-')
        return 0;
    quint64 n = 0;
    for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
        const char c = k.bytes[i];
        if (c < '0' || c > '9')
            return 0;
        n = n * 10 + quint64(c - '0');
    }
    return (quint64(2) << 56) | n;
}

int compareBytes(std::string_view a, std::string_view b)
{
    const int c = std::memcmp(a.data(), b.data(), std::min(a.size(), b.size()));
    if (c != 0)
        return c;
    return a.size() < b.size() ? -1 : a.size() > b.size() ? 1 : 0;
}

bool writeAll(int fd, const char *data, size_t n)
{
    while (n > 0) {
        const ssize_t w = ::write(fd, data, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        data += w;
        n -= size_t(w);
    }
    return true;
}

// A run read back in order through a buffer of its own.
class RunReader {
public:
    RunReader(int fd, qint64 begin, qint64 end, size_t bufferBytes)
        : mFd(fd)
        , mPos(begin)
        , mEnd(end)
        , mBuffer(bufferBytes)
    {
    }
    // The next entry (valid until the next call), null at the run's end or on a read error.
    const char *next()
    {
        mAt += mCurrent;
        mCurrent = 0;
        if (!ensure(sizeof(quint32)))
            return nullptr;
        quint32 size;
        std::memcpy(&size, mBuffer.data() + mAt, sizeof size);
        if (!ensure(size))
            return nullptr;
        mCurrent = size;
        return mBuffer.data() + mAt;
    }
    bool failed() const { return mFailed; }

private:
    bool ensure(size_t n)
    {
        if (mFilled - mAt >= n)
            return true;
        std::memmove(mBuffer.data(), mBuffer.data() + mAt, mFilled - mAt);
        mFilled -= mAt;
        mAt = 0;
        if (mBuffer.size() < n)
            mBuffer.resize(n);
        while (mFilled < n && mPos < mEnd) {
            const size_t want = size_t(std::min<qint64>(qint64(mBuffer.size() - mFilled), mEnd - mPos));
            const ssize_t got = ::pread(mFd, mBuffer.data() + mFilled, want, mPos);
            if (got < 0 && errno == EINTR)
                continue;
            if (got <= 0) {
                mFailed = true;
                return false;
            }
            mFilled += size_t(got);
            mPos += got;
        }
        return mFilled >= n;
    }

    int mFd;
    qint64 mPos;
    qint64 mEnd;
    std::vector<char> mBuffer;
    size_t mAt = 0;
    size_t mFilled = 0;
    size_t mCurrent = 0;
    bool mFailed = false;
};

} // namespace

// An entry of the chunk with its key as one number when it has one (most comparisons read no
// entry).
struct RecordSorter::Slot {
    quint64 fast; // fastKeyOf, 0: none
    qint64 id;
    quint32 offset;
};

namespace {
std::atomic<size_t> gListingChunkBytes{size_t(16) << 20};
std::atomic<size_t> gListingSliceRows{size_t(32768)};
}

size_t RecordSorter::chunkBytesForListings()
{
    return gListingChunkBytes.load();
}

void RecordSorter::setChunkBytesForListings(size_t bytes)
{
    gListingChunkBytes.store(bytes);
}

size_t RecordSorter::sliceRowsForListings()
{
    return gListingSliceRows.load();
}

void RecordSorter::setSliceRowsForListings(size_t rows)
{
    gListingSliceRows.store(std::max<size_t>(rows, 1));
}

RecordSorter::RecordSorter(QString folder, size_t chunkBytes)
    : mFolder(std::move(folder))
    , mChunkBytes(std::clamp<size_t>(chunkBytes, 1, size_t(1) << 30))
{
}

RecordSorter::~RecordSorter()
{
    if (mFd >= 0)
        ::close(mFd);
}

int RecordSorter::compare(const Key &a, const Key &b)
{
    if (a.keyClass != b.keyClass)
        return a.keyClass < b.keyClass ? -1 : 1;
    if (a.keyClass == KeyClass::Number && a.number != b.number)
        return a.number < b.number ? -1 : 1;
    if (a.keyClass == KeyClass::Text || a.keyClass == KeyClass::Blob) {
        if (const int c = compareBytes(a.bytes, b.bytes); c != 0)
            return c;
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

Status RecordSorter::add(const Key &key, const EventRecord &r)
{
    if (mChunk.size() >= mChunkBytes) {
        if (Status s = spill(); !s)
            return s;
    }
    if (mChunk.empty())
        mChunk.reserve(mChunkBytes + (64 << 10));
    quint8 flags = r.located ? Located : 0;
    const bool keyIsDate = (key.keyClass == KeyClass::Text || key.keyClass == KeyClass::Blob) && key.bytes == r.date;
    if (keyIsDate)
        flags |= KeyIsDate;
    if (r.dateEnd == r.date)
        flags |= EndIsDate;
    const std::string_view texts[kTexts] = {r.date, r.dateEnd, r.datePrecision, r.place, r.placeText,
                                            r.geoPrecision, r.admin1, r.country, r.type, r.acledEventType,
                                            r.acledSubEventType, r.cameoRoot, r.sentence, r.externalId};
    size_t size = sizeof(quint32) + 2 + 2 * sizeof(qint64) + 4 * sizeof(qint64) + sizeof(quint32);
    if (key.keyClass == KeyClass::Number)
        size += sizeof(double);
    else if (key.keyClass != KeyClass::Undated && !keyIsDate)
        size += textSize(key.bytes);
    if (r.located)
        size += 2 * sizeof(double);
    for (int i = 0; i < kTexts; ++i)
        if (i != 1 || !(flags & EndIsDate))
            size += textSize(texts[i]);
    for (std::string_view a : r.actors)
        size += textSize(a);
    const size_t start = mChunk.size(); // below mChunkBytes (at most 1 GB): a 32-bit offset
    mChunk.resize(start + size);
    char *at = mChunk.data() + start;
    at = put<quint32>(at, quint32(size));
    at = put<quint8>(at, flags);
    at = put<quint8>(at, quint8(key.keyClass));
    const quint64 fast = fastKeyOf(key);
    at = put<qint64>(at, key.id);
    at = put<quint64>(at, fast);
    if (key.keyClass == KeyClass::Number)
        at = put<double>(at, key.number);
    else if (key.keyClass != KeyClass::Undated && !keyIsDate)
        at = putText(at, key.bytes);
    at = put<qint64>(at, r.articleId);
    if (r.located) {
        at = put<double>(at, r.lat);
        at = put<double>(at, r.lon);
    }
    at = put<double>(at, r.confidence);
    at = put<qint64>(at, r.happeningId);
    at = put<qint64>(at, r.sources);
    for (int i = 0; i < kTexts; ++i)
        if (i != 1 || !(flags & EndIsDate))
            at = putText(at, texts[i]);
    at = put<quint32>(at, quint32(r.actors.size()));
    for (std::string_view a : r.actors)
        at = putText(at, a);
    const Slot slot{fast, key.id, quint32(start)};
    if (fast == 0)
        mAllFast = false;
    mSlots.push_back(slot);
    ++mCount;
    return {};
}

void RecordSorter::sortChunk()
{
    const char *chunk = mChunk.data();
    const auto less = [chunk](const Slot &a, const Slot &b) {
        if (a.fast != 0 && b.fast != 0)
            return a.fast != b.fast ? a.fast < b.fast : a.id < b.id;
        return compare(keyOf(chunk + a.offset), keyOf(chunk + b.offset)) < 0;
    };
    const auto fastLess = [](const Slot &a, const Slot &b) { return a.fast != b.fast ? a.fast < b.fast : a.id < b.id; };
    // Rows that come in order (a listing whose ids mostly follow its dates) cost one pass.
    if (mAllFast) {
        if (!std::is_sorted(mSlots.begin(), mSlots.end(), fastLess))
            std::sort(mSlots.begin(), mSlots.end(), fastLess);
    } else if (!std::is_sorted(mSlots.begin(), mSlots.end(), less)) {
        std::sort(mSlots.begin(), mSlots.end(), less);
    }
    mAllFast = true;
}

Status RecordSorter::openFile()
{
    const auto tryFolder = [this](const QString &folder) {
        const QByteArray path = QFile::encodeName(QDir(folder).absolutePath());
#ifdef O_TMPFILE
        mFd = ::open(path.constData(), O_TMPFILE | O_RDWR | O_EXCL | O_CLOEXEC, 0600);
        if (mFd >= 0)
            return true;
#endif
        // A file system without unnamed files: a name, removed at once (the open file stays).
        QByteArray name = path + "/.mapline-listing-XXXXXX";
        mFd = ::mkostemp(name.data(), O_CLOEXEC);
        if (mFd < 0)
            return false;
        ::unlink(name.constData());
        return true;
    };
    if (tryFolder(mFolder) || tryFolder(QDir::tempPath()))
        return {};
    return Status::failure(QStringLiteral("cannot write a temporary file to sort the listing in %1 or %2: %3")
                               .arg(QDir::toNativeSeparators(mFolder), QDir::toNativeSeparators(QDir::tempPath()),
                                    QString::fromLocal8Bit(std::strerror(errno))));
}

Status RecordSorter::spill()
{
    if (mSlots.empty())
        return {};
    if (mFd < 0) {
        if (Status s = openFile(); !s)
            return s;
    }
    sortChunk();
    Run run;
    run.begin = mFileSize;
    std::string out;
    out.reserve(1 << 20);
    for (const Slot &slot : mSlots) {
        quint32 size;
        std::memcpy(&size, mChunk.data() + slot.offset, sizeof size);
        out.append(mChunk.data() + slot.offset, size);
        if (out.size() >= (1 << 20)) {
            if (!writeAll(mFd, out.data(), out.size()))
                return Status::failure(QStringLiteral("cannot write the listing's sort file: %1")
                                           .arg(QString::fromLocal8Bit(std::strerror(errno))));
            mFileSize += qint64(out.size());
            out.clear();
        }
    }
    if (!writeAll(mFd, out.data(), out.size()))
        return Status::failure(QStringLiteral("cannot write the listing's sort file: %1")
                                   .arg(QString::fromLocal8Bit(std::strerror(errno))));
    mFileSize += qint64(out.size());
    run.end = mFileSize;
    mRuns.push_back(run);
    mChunk.clear();
    mSlots.clear();
    return {};
}

Status RecordSorter::drain(const std::function<bool(const EventRecord &)> &sink)
{
    std::vector<std::string_view> actors;
    if (mRuns.empty()) { // everything in one chunk: no file
        sortChunk();
        for (const Slot &slot : mSlots)
            if (!sink(recordOf(mChunk.data() + slot.offset, actors)))
                break;
        mChunk.clear();
        mSlots.clear();
        return {};
    }
    if (Status s = spill(); !s)
        return s;
    std::string().swap(mChunk); // the chunk's memory goes to the runs' buffers
    std::vector<Slot>().swap(mSlots);
    const size_t bufferBytes = std::max<size_t>(64 << 10, mChunkBytes / mRuns.size());
    std::vector<RunReader> readers;
    readers.reserve(mRuns.size());
    struct Head {
        Key key;
        quint64 fast;
        const char *entry;
        size_t reader;
    };
    std::vector<Head> heap;
    const auto later = [](const Head &a, const Head &b) {
        if (a.fast != 0 && b.fast != 0)
            return a.fast != b.fast ? a.fast > b.fast : a.key.id > b.key.id;
        return compare(a.key, b.key) > 0;
    };
    const auto readFailure = [] {
        return Status::failure(QStringLiteral("cannot read the listing's sort file back: %1")
                                   .arg(QString::fromLocal8Bit(std::strerror(errno))));
    };
    for (const Run &run : mRuns) {
        readers.emplace_back(mFd, run.begin, run.end, bufferBytes);
        if (const char *entry = readers.back().next()) {
            const Parsed p = parse(entry);
            heap.push_back({p.key, p.fast, entry, readers.size() - 1});
        } else if (readers.back().failed()) {
            return readFailure();
        }
    }
    std::make_heap(heap.begin(), heap.end(), later);
    while (!heap.empty()) {
        std::pop_heap(heap.begin(), heap.end(), later);
        Head &head = heap.back();
        if (!sink(recordOf(head.entry, actors)))
            return {};
        RunReader &reader = readers[head.reader];
        if (const char *entry = reader.next()) {
            const Parsed p = parse(entry);
            head.key = p.key;
            head.fast = p.fast;
            head.entry = entry;
            std::push_heap(heap.begin(), heap.end(), later);
        } else {
            if (reader.failed())
                return readFailure();
            heap.pop_back();
        }
    }
    return {};
}

} // namespace mapline
