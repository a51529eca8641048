#include "store/recordsorter.h"

#include <QDir>
#include <QFile>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

namespace mapline {
namespace {

// An entry, in the chunk and in the runs alike (native byte order: the file is this process's own):
//   u32 size of the whole entry, u8 key class, f64 number, i64 id, u32 n + n key bytes,
//   i64 article id, f64 lat, f64 lon, f64 confidence, i64 happening id, i64 sources,
//   u8 located, u32 actor count, then the texts (u32 n + n bytes each) in kTexts' order and the
//   actors' names.
constexpr int kTexts = 13;

template <typename T> void put(std::string &out, T value)
{
    char bytes[sizeof(T)];
    std::memcpy(bytes, &value, sizeof(T));
    out.append(bytes, sizeof(T));
}

void putText(std::string &out, std::string_view s)
{
    put<quint32>(out, quint32(s.size()));
    out.append(s);
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
    const quint32 n = get<quint32>(at);
    const std::string_view s(at, n);
    at += n;
    return s;
}

RecordSorter::Key keyOf(const char *entry)
{
    const char *at = entry + sizeof(quint32);
    RecordSorter::Key k;
    k.keyClass = RecordSorter::KeyClass(get<quint8>(at));
    k.number = get<double>(at);
    k.id = get<qint64>(at);
    k.bytes = getText(at);
    return k;
}

// The record of an entry: its views point into the entry; the actors' views into `actors`.
EventRecord recordOf(const char *entry, std::vector<std::string_view> &actors)
{
    const char *at = entry + sizeof(quint32);
    get<quint8>(at);
    get<double>(at);
    EventRecord r;
    r.id = get<qint64>(at);
    getText(at);
    r.articleId = get<qint64>(at);
    r.lat = get<double>(at);
    r.lon = get<double>(at);
    r.confidence = get<double>(at);
    r.happeningId = get<qint64>(at);
    r.sources = get<qint64>(at);
    r.located = get<quint8>(at) != 0;
    const quint32 actorCount = get<quint32>(at);
    std::string_view *texts[kTexts] = {&r.date, &r.dateEnd, &r.datePrecision, &r.place, &r.placeText,
                                       &r.geoPrecision, &r.admin1, &r.country, &r.type, &r.acledEventType,
                                       &r.acledSubEventType, &r.cameoRoot, &r.sentence};
    for (std::string_view *t : texts)
        *t = getText(at);
    actors.clear();
    for (quint32 i = 0; i < actorCount; ++i)
        actors.push_back(getText(at));
    r.actors = actors;
    return r;
}

// Big-endian words of a key's first 16 bytes (zero-padded): comparing them compares the bytes.
quint64 wordAt(std::string_view s, size_t from)
{
    quint64 w = 0;
    for (size_t i = 0; i < 8; ++i)
        w = (w << 8) | (from + i < s.size() ? quint64(static_cast<unsigned char>(s[from + i])) : 0);
    return w;
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

// An entry of the chunk with its key's first bytes, so that most comparisons read no entry.
struct RecordSorter::Slot {
    quint64 hi;
    quint64 lo;
    qint64 id;
    double number;
    quint32 offset;
    quint32 keySize;
    quint8 keyClass;
};

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
    const size_t start = mChunk.size(); // below mChunkBytes (at most 1 GB): a 32-bit offset
    put<quint32>(mChunk, 0); // the size, below
    put<quint8>(mChunk, quint8(key.keyClass));
    put<double>(mChunk, key.number);
    put<qint64>(mChunk, key.id);
    putText(mChunk, key.bytes);
    put<qint64>(mChunk, r.articleId);
    put<double>(mChunk, r.lat);
    put<double>(mChunk, r.lon);
    put<double>(mChunk, r.confidence);
    put<qint64>(mChunk, r.happeningId);
    put<qint64>(mChunk, r.sources);
    put<quint8>(mChunk, r.located ? 1 : 0);
    put<quint32>(mChunk, quint32(r.actors.size()));
    for (std::string_view t : {r.date, r.dateEnd, r.datePrecision, r.place, r.placeText, r.geoPrecision, r.admin1,
                               r.country, r.type, r.acledEventType, r.acledSubEventType, r.cameoRoot, r.sentence})
        putText(mChunk, t);
    for (std::string_view a : r.actors)
        putText(mChunk, a);
    const quint32 size = quint32(mChunk.size() - start);
    std::memcpy(mChunk.data() + start, &size, sizeof size);
    Slot slot;
    slot.keyClass = quint8(key.keyClass);
    slot.number = key.number;
    slot.id = key.id;
    slot.offset = quint32(start);
    slot.keySize = quint32(key.bytes.size());
    slot.hi = wordAt(key.bytes, 0);
    slot.lo = wordAt(key.bytes, 8);
    mSlots.push_back(slot);
    ++mCount;
    return {};
}

void RecordSorter::sortChunk()
{
    const char *chunk = mChunk.data();
    const auto less = [chunk](const Slot &a, const Slot &b) {
        if (a.keyClass != b.keyClass)
            return a.keyClass < b.keyClass;
        if (a.keyClass == quint8(KeyClass::Number)) {
            if (a.number != b.number)
                return a.number < b.number;
        } else if (a.keyClass != quint8(KeyClass::Undated)) {
            if (a.hi != b.hi)
                return a.hi < b.hi;
            if (a.lo != b.lo)
                return a.lo < b.lo;
            if (a.keySize > 16 || b.keySize > 16) {
                if (const int c = compareBytes(keyOf(chunk + a.offset).bytes, keyOf(chunk + b.offset).bytes); c != 0)
                    return c < 0;
            } else if (a.keySize != b.keySize) {
                return a.keySize < b.keySize;
            }
        }
        return a.id < b.id;
    };
    // Rows that come in order (a listing whose ids mostly follow its dates) cost one pass.
    if (!std::is_sorted(mSlots.begin(), mSlots.end(), less))
        std::sort(mSlots.begin(), mSlots.end(), less);
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
        const char *entry;
        size_t reader;
    };
    std::vector<Head> heap;
    const auto later = [](const Head &a, const Head &b) { return compare(a.key, b.key) > 0; };
    const auto readFailure = [] {
        return Status::failure(QStringLiteral("cannot read the listing's sort file back: %1")
                                   .arg(QString::fromLocal8Bit(std::strerror(errno))));
    };
    for (const Run &run : mRuns) {
        readers.emplace_back(mFd, run.begin, run.end, bufferBytes);
        if (const char *entry = readers.back().next())
            heap.push_back({keyOf(entry), entry, readers.size() - 1});
        else if (readers.back().failed())
            return readFailure();
    }
    std::make_heap(heap.begin(), heap.end(), later);
    while (!heap.empty()) {
        std::pop_heap(heap.begin(), heap.end(), later);
        Head &head = heap.back();
        if (!sink(recordOf(head.entry, actors)))
            return {};
        RunReader &reader = readers[head.reader];
        if (const char *entry = reader.next()) {
            head.key = keyOf(entry);
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
