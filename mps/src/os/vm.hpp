// vm.hpp -- address-space reservation and commit (the only mmap caller).
//
// Reserved memory is inaccessible and costs no RAM; committed memory is
// readable and writable and reads as zero the first time it is touched after
// commit; decommitted memory goes back to the OS (its contents are lost) but
// stays reserved.
#pragma once

#include <cstddef>

#include "base/word.hpp"

namespace mps::os {

// The OS page size, a power of two.
std::size_t page_size() noexcept;

// Reserves `size` bytes (a multiple of page_size()) aligned to `align` (a
// power of two, at least page_size()).  MPS_RES_RESOURCE if the address
// space is not available.
Res vm_reserve(Addr* base_o, std::size_t size, std::size_t align) noexcept;
void vm_release(Addr base, std::size_t size) noexcept;

// [base, base + size) must be page-aligned and inside a reservation.
// MPS_RES_MEMORY if the OS refuses.
Res vm_commit(Addr base, std::size_t size) noexcept;
void vm_decommit(Addr base, std::size_t size) noexcept;

}  // namespace mps::os
