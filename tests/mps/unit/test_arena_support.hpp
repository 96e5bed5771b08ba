// test_arena_support.hpp -- helpers shared by the arena unit tests.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "arena/arena.hpp"
#include "mpsacl.h"
#include "os/vm.hpp"
#include "pool/pool.hpp"

namespace arena_test {

// A keyword list built up in a test: add() then args().
class Keys {
 public:
  Keys() { list_.push_back(end()); }
  Keys& size(mps_key_t key, std::size_t v) { return add(key, [&](mps_arg_s& a) { a.val.size = v; }); }
  Keys& d(mps_key_t key, double v) { return add(key, [&](mps_arg_s& a) { a.val.d = v; }); }
  Keys& b(mps_key_t key, bool v) { return add(key, [&](mps_arg_s& a) { a.val.b = v; }); }
  Keys& addr(mps_key_t key, void* v) { return add(key, [&](mps_arg_s& a) { a.val.addr = v; }); }
  Keys& fun(mps_key_t key, mps_fun_t v) { return add(key, [&](mps_arg_s& a) { a.val.fun = v; }); }
  mps::ArgList args() { return mps::ArgList(list_.data()); }
  mps_arg_s* raw() { return list_.data(); }

 private:
  static mps_arg_s end() {
    mps_arg_s a{};
    a.key = MPS_KEY_ARGS_END;
    return a;
  }
  template <typename F>
  Keys& add(mps_key_t key, F set) {
    mps_arg_s a{};
    a.key = key;
    set(a);
    list_.back() = a;
    list_.push_back(end());
    return *this;
  }
  std::vector<mps_arg_s> list_;
};

inline mps::Arena* make_vm_arena(Keys keys = Keys()) {
  mps::Arena* arena = nullptr;
  const mps::Res res = mps::arena_create(&arena, &mps::kVMArenaClass, keys.args());
  return res == MPS_RES_OK ? arena : nullptr;
}

// Stand-ins for pools: the arena only records and compares the pointers.
struct FakePools {
  mps::Pool a{};
  mps::Pool b{};
  mps::Pool c{};
};

// Writes and checks a pattern derived from the block's address and a tag,
// so a block overwritten by another allocation is noticed.
inline void fill(void* base, std::size_t size, unsigned tag) {
  auto* w = static_cast<std::uintptr_t*>(base);
  for (std::size_t i = 0; i < size / sizeof *w; ++i) w[i] = reinterpret_cast<std::uintptr_t>(w + i) ^ tag;
}
inline bool intact(const void* base, std::size_t size, unsigned tag) {
  const auto* w = static_cast<const std::uintptr_t*>(base);
  for (std::size_t i = 0; i < size / sizeof *w; ++i) {
    if (w[i] != (reinterpret_cast<std::uintptr_t>(w + i) ^ tag)) return false;
  }
  return true;
}

}  // namespace arena_test
