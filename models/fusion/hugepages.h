#pragma once

#include <cstddef>
#include <cstdlib>
#include <new>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace mapline {

// An allocator for the fuser's large tables (the happenings' states, the candidate hash, the
// marks): a block of 2 MB or more is aligned to 2 MB and given to the kernel as a candidate for
// transparent huge pages (madvise(MADV_HUGEPAGE); Debian's default is "madvise", so nothing
// happens without it). A candidate look-up reads a few random places of tables of tens of
// megabytes at a million reports, and with 4 KB pages each is a TLB miss as well as a cache miss;
// in a virtual machine a TLB miss walks two page tables (docs/PERFORMANCE.md, "Fusion, eighth
// round"). Smaller blocks, and other systems: the ordinary allocator. The memory is the same
// (rounded up to 2 MB).
template <typename T> struct HugePageAllocator {
    using value_type = T;
    static constexpr size_t kHuge = size_t(2) << 20;

    HugePageAllocator() = default;
    template <typename U> HugePageAllocator(const HugePageAllocator<U> &) noexcept {}

    T *allocate(size_t n)
    {
        const size_t bytes = n * sizeof(T);
#if defined(__linux__)
        if (bytes >= kHuge) {
            const size_t rounded = (bytes + kHuge - 1) / kHuge * kHuge;
            void *p = std::aligned_alloc(kHuge, rounded);
            if (!p)
                throw std::bad_alloc();
            (void)madvise(p, rounded, MADV_HUGEPAGE);
            return static_cast<T *>(p);
        }
#endif
        if (alignof(T) > __STDCPP_DEFAULT_NEW_ALIGNMENT__)
            return static_cast<T *>(::operator new(bytes, std::align_val_t(alignof(T))));
        return static_cast<T *>(::operator new(bytes));
    }
    void deallocate(T *p, size_t n) noexcept
    {
#if defined(__linux__)
        if (n * sizeof(T) >= kHuge) {
            std::free(p);
            return;
        }
#endif
        if (alignof(T) > __STDCPP_DEFAULT_NEW_ALIGNMENT__)
            ::operator delete(p, std::align_val_t(alignof(T)));
        else
            ::operator delete(p);
    }
    template <typename U> bool operator==(const HugePageAllocator<U> &) const noexcept { return true; }
};

template <typename T> using HugeVector = std::vector<T, HugePageAllocator<T>>;

} // namespace mapline
