#pragma once

#include <QtGlobal>

#include <bit>
#include <vector>

namespace mapline {

// One bit per EventIndex row: the events that pass the current filters (types, actors, a text
// search's id set). Built once when the filters change (one pass over the index), then tested
// per event in every frame; immutable once built and shared across threads.
class EventMask {
public:
    explicit EventMask(qsizetype size = 0, bool value = false)
        : mWords(size_t((size + 63) / 64), value ? ~quint64(0) : 0), mSize(size)
    {
        if (value && size % 64)
            mWords.back() = (quint64(1) << (size % 64)) - 1;
    }

    qsizetype size() const { return mSize; }
    bool test(qsizetype row) const { return (mWords[size_t(row >> 6)] >> (row & 63)) & 1u; }
    void set(qsizetype row) { mWords[size_t(row >> 6)] |= quint64(1) << (row & 63); }
    void reset(qsizetype row) { mWords[size_t(row >> 6)] &= ~(quint64(1) << (row & 63)); }
    qsizetype count() const
    {
        qsizetype n = 0;
        for (quint64 w : mWords)
            n += std::popcount(w);
        return n;
    }

private:
    std::vector<quint64> mWords;
    qsizetype mSize = 0;
};

} // namespace mapline
