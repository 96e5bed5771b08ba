// shield.hpp -- the one door through which the collector reaches client
// memory (architecture.md, seg layer).
//
// Every collector access to objects (scanning, copying, walking, reclaiming)
// happens between shield_enter and shield_leave.  Today the shield only
// records that the collector is inside and asserts it is not entered twice
// (a format method or scanner calling back into the MPS would do that);
// when barriers arrive it will lower and raise page protection and suspend
// threads here.
#pragma once

#include "arena/arena.hpp"

namespace mps {

void shield_enter(Arena* arena) noexcept;
void shield_leave(Arena* arena) noexcept;
bool shield_inside(Arena* arena) noexcept;

// Enters for the lifetime of the guard.
class ShieldGuard {
 public:
  explicit ShieldGuard(Arena* arena) : arena_(arena) { shield_enter(arena_); }
  ~ShieldGuard() { shield_leave(arena_); }
  ShieldGuard(const ShieldGuard&) = delete;
  ShieldGuard& operator=(const ShieldGuard&) = delete;

 private:
  Arena* arena_;
};

}  // namespace mps
