#pragma once

#include "fusion/hugepages.h"

#include <QtGlobal>

#include <algorithm>
#include <bit>
#include <cmath>
#include <vector>

namespace mapline {

// HappeningFuser's candidate index: a key (day x family x place) -> the happenings entered under
// it, most recent first. Open addressing over 64-bit keys (0 is empty), a key's first twelve
// entries in its slot (one cache line), the rest in blocks of six; entries are never removed (a merged or moved happening leaves stale ones, which the fuser checks
// away on lookup). The keys' places are 0.25-degree cells, or a province or country for a
// happening placed no closer (docs/FUSION.md, "Candidates"). One thread.
class FusionHash {
public:
    enum SpatialKind : quint64 {
        Cell = 0,            // a point happening, by the cells its radius reaches
        Province = 1,        // a happening placed only to a province, by its province
        Country = 2,         // a happening placed only to a country, by its country
        PointInProvince = 3, // a point happening, by its province (what a province-level report probes)
    };
    // The hash's own cells, finer than the store's (fusionarea, 0.5 degrees): a point is entered
    // under the cells of the box its radius reaches and looks in those of its own box
    // (HappeningFuser::index()), so the finer the cells, the fewer happenings it is compared with
    // where reports are dense (a town's happenings of every day and kind otherwise share one or
    // two cells), and the more cells it enters and looks up. A quarter of a degree (about 28 km)
    // is the largest radius.
    static constexpr double kCellDegrees = 0.25;
    static constexpr int kCellRows = int(180 / kCellDegrees);
    static constexpr int kCellColumns = int(360 / kCellDegrees);
    static constexpr int kCellBits = 11; // kCellColumns < 1 << kCellBits
    static constexpr quint32 kColumnMask = (1u << kCellBits) - 1;
    static_assert(kCellColumns <= 1 << kCellBits);

    static quint64 spatialKey(SpatialKind kind, quint32 id) { return quint64(kind) << 30 | (id & 0x3fffffffu); }
    // A cell: row << kCellBits | column.
    static quint32 cellOf(float lon, float lat)
    {
        const int cy = std::clamp(int(std::floor((lat + 90.0) / kCellDegrees)), 0, kCellRows - 1);
        const int cx = std::clamp(int(std::floor((lon + 180.0) / kCellDegrees)), 0, kCellColumns - 1);
        return quint32(cy) << kCellBits | quint32(cx);
    }
    // The cells of the box around a point that a distance of `radiusKm` reaches (its lowest and
    // highest cell), with a margin for the distance's mean latitude (fusionplaces::placesFit):
    // whichever of two points is the centre, the other lies in the box when they are that close.
    static void pointBox(float lon, float lat, double radiusKm, quint32 &low, quint32 &high)
    {
        const double reach = radiusKm * 1.02;
        const double dLat = reach / 110.57;
        const double dLon = reach / (111.32 * std::max(0.05, std::cos((std::abs(lat) + dLat) * M_PI / 180.0)));
        low = cellOf(float(lon - dLon), float(lat - dLat));
        high = cellOf(float(lon + dLon), float(lat + dLat));
    }
    // Day, family and place in one 64-bit key (never 0: the day is offset).
    static quint64 key(qint32 day, quint8 family, quint64 spatial)
    {
        return quint64(quint32(day + (1 << 23)) & 0xffffffu) << 40 | quint64(family) << 32 | spatial;
    }
    static quint64 cellKey(qint32 day, quint8 family, quint32 row, quint32 column)
    {
        return key(day, family, spatialKey(Cell, row << kCellBits | column));
    }
    static quint64 areaKey(qint32 day, quint8 family, SpatialKind kind, quint32 id)
    {
        return key(day, family, spatialKey(kind, id));
    }

    void insert(quint64 key, int happening);
    void prefetch(quint64 key) const // asks the memory for the key's slot
    {
        if (!mSlots.empty())
            __builtin_prefetch(&mSlots[slotOf(key, mSlots.size())]);
    }
    // The key's slot (-1: none), the block of its newer entries asked of the memory: a look-up
    // finds the slots of all its keys first, then walks them, so that their blocks arrive together
    // rather than one miss after the other.
    qint32 list(quint64 key) const
    {
        if (mSlots.empty())
            return -1;
        const size_t mask = mSlots.size() - 1;
        size_t j = slotOf(key, mSlots.size());
        while (mSlots[j].key && mSlots[j].key != key)
            j = (j + 1) & mask;
        if (!mSlots[j].key)
            return -1;
        if (mSlots[j].head >= 0)
            __builtin_prefetch(&mBlocks[size_t(mSlots[j].head)]);
        return qint32(j);
    }
    // Calls f(happening) for each entry under the key, the latest first.
    template <typename F> void forEach(quint64 key, F &&f) const { forEachIn(list(key), f); }
    // The same for a slot list() gave.
    template <typename F> void forEachIn(qint32 list, F &&f) const
    {
        if (list < 0)
            return;
        const Slot &slot = mSlots[size_t(list)];
        for (qint32 b = slot.head; b >= 0;) {
            const Block &block = mBlocks[size_t(b)];
            if (block.next >= 0)
                __builtin_prefetch(&mBlocks[size_t(block.next)]);
            for (qint32 i = block.count - 1; i >= 0; --i)
                f(block.happenings[i]);
            b = block.next;
        }
        for (qint32 i = slot.count - 1; i >= 0; --i)
            f(slot.happenings[i]);
    }

private:
    // Fibonacci hashing: the top bits of the product, which every bit of the key reaches (the day
    // is in the key's top bits; lower bits of the product would not see it, and the days of one
    // place would pile up in one run of slots). `size` is a power of two.
    static size_t slotOf(quint64 key, size_t size)
    {
        return size_t((key * 0x9E3779B97F4A7C15ull) >> (64 - std::countr_zero(size)));
    }

    // A key's first entries are in its slot, a cache line with the key: the one miss of a look-up's
    // key where there are few (most keys); the later ones in blocks (below).
    static constexpr int kSlotEntries = 12;
    struct alignas(64) Slot {
        quint64 key = 0;  // 0 is empty
        qint32 head = -1; // the entries after the slot's, into mBlocks
        qint32 count = 0; // in the slot
        qint32 happenings[kSlotEntries] = {};
    };
    static_assert(sizeof(Slot) == 64);
    // A key's entries past its slot's, half a cache line at a time: the newest block first, each
    // block's entries in the order they came (the latest last). Walking a list of single entries waited on the memory
    // at every entry, most of a candidate look-up's time where reports are dense.
    static constexpr int kBlockEntries = 6;
    struct alignas(32) Block {
        qint32 next = -1;
        qint32 count = 0;
        qint32 happenings[kBlockEntries] = {};
    };
    static_assert(sizeof(Block) == 32);
    HugeVector<Slot> mSlots;
    HugeVector<Block> mBlocks;
    size_t mSlotsUsed = 0;
};

} // namespace mapline
