// vm_posix.cpp -- address space on POSIX systems, with mmap.
//
// Reservation maps PROT_NONE with MAP_NORESERVE so the kernel neither counts
// nor backs it.  Commit remaps the range read-write in place (MAP_FIXED);
// decommit remaps it PROT_NONE, which drops the pages.
#include <sys/mman.h>
#include <unistd.h>

#include "base/check.hpp"
#include "os/vm.hpp"

namespace mps::os {

namespace {
constexpr int kReserveFlags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE;
}

std::size_t page_size() noexcept {
  static const std::size_t size = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  return size;
}

Res vm_reserve(Addr* base_o, std::size_t size, std::size_t align) noexcept {
  MPS_ASSERT(size > 0 && is_aligned(size, page_size()));
  MPS_ASSERT(is_pow2(align) && align >= page_size());
  // Over-reserve by the alignment, then trim both ends.
  const std::size_t padded = size + align - page_size();
  if (padded < size) return MPS_RES_RESOURCE;
  void* raw = mmap(nullptr, padded, PROT_NONE, kReserveFlags, -1, 0);
  if (raw == MAP_FAILED) return MPS_RES_RESOURCE;
  Addr base = addr_align_up(addr_of(raw), align);
  const std::size_t head = addr_offset(raw, base);
  const std::size_t tail = padded - head - size;
  if (head > 0) munmap(raw, head);
  if (tail > 0) munmap(base + size, tail);
  *base_o = base;
  return MPS_RES_OK;
}

void vm_release(Addr base, std::size_t size) noexcept {
  [[maybe_unused]] int rc = munmap(base, size);
  MPS_ASSERT(rc == 0);
}

Res vm_commit(Addr base, std::size_t size) noexcept {
  MPS_ASSERT(addr_is_aligned(base, page_size()) && is_aligned(size, page_size()));
  void* p = mmap(base, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  if (p == MAP_FAILED) return MPS_RES_MEMORY;
  MPS_ASSERT(p == base);
  return MPS_RES_OK;
}

void vm_decommit(Addr base, std::size_t size) noexcept {
  MPS_ASSERT(addr_is_aligned(base, page_size()) && is_aligned(size, page_size()));
  [[maybe_unused]] void* p = mmap(base, size, PROT_NONE, kReserveFlags | MAP_FIXED, -1, 0);
  MPS_ASSERT(p == base);
}

}  // namespace mps::os
