#include "fusion/fusionhash.h"

namespace mapline {

void FusionHash::insert(quint64 key, int happening)
{
    if ((mSlotsUsed + 1) * 2 > mSlots.size()) {
        const size_t size = std::max<size_t>(1024, mSlots.size() * 2);
        HugeVector<Slot> grown(size);
        for (const Slot &slot : mSlots) {
            if (!slot.key)
                continue;
            size_t j = slotOf(slot.key, size);
            while (grown[j].key)
                j = (j + 1) & (size - 1);
            grown[j] = slot;
        }
        mSlots.swap(grown);
    }
    const size_t mask = mSlots.size() - 1;
    size_t j = slotOf(key, mSlots.size());
    while (mSlots[j].key && mSlots[j].key != key)
        j = (j + 1) & mask;
    Slot &slot = mSlots[j];
    if (!slot.key) {
        slot.key = key;
        slot.head = -1;
        slot.count = 0;
        ++mSlotsUsed;
    }
    if (slot.count < kSlotEntries) {
        slot.happenings[slot.count++] = happening;
        return;
    }
    if (slot.head < 0 || mBlocks[size_t(slot.head)].count == kBlockEntries) {
        Block block;
        block.next = slot.head;
        mBlocks.push_back(block);
        slot.head = qint32(mBlocks.size()) - 1;
    }
    Block &block = mBlocks[size_t(slot.head)];
    block.happenings[block.count++] = happening;
}

} // namespace mapline
