// mps.hpp: a small C++20 convenience layer over the MPS C interface
//
// Header-only, optional, and thin: everything here is a few lines over
// the functions in mps.h.  It never throws; failures are reported as the
// mps_res_t the C function returned.
//
//   mps::arena arena;
//   mps::args a;
//   MPS_CXX_ADD(a, MPS_KEY_ARENA_SIZE, 64 << 20);
//   if (mps::create(arena, mps_arena_class_vm(), a) != MPS_RES_OK) ...
//
// Handles (mps::arena, mps::pool, mps::ap, ...) own one MPS object and
// destroy it when they go out of scope, like std::unique_ptr.  Destroy
// them in the order the MPS requires (allocation points before pools,
// pools before formats and chains, everything before the arena): with
// local variables, declaring them in creation order does that.

#ifndef mps_hpp
#define mps_hpp

#include <cstdlib>
#include <utility>

#include "mps.h"

namespace mps {

// A keyword argument list, always terminated.  Pass it where the C
// interface takes mps_arg_s[].  The called function removes the
// arguments it used, so build a fresh list for every call.
class args {
 public:
  args() noexcept { list_[0].key = MPS_KEY_ARGS_END; }
  args(const args &) = delete;
  args &operator=(const args &) = delete;

  // Append an argument with key and return it so that the caller can
  // set the value member; see MPS_CXX_ADD.  Aborts if the list is full.
  mps_arg_s &add(mps_key_t key) noexcept {
    if (count_ + 1 >= MPS_ARGS_MAX) std::abort();
    mps_arg_s &arg = list_[count_++];
    arg.key = key;
    list_[count_].key = MPS_KEY_ARGS_END;
    return arg;
  }

  mps_arg_s *get() noexcept { return list_; }
  operator mps_arg_s *() noexcept { return list_; }

 private:
  mps_arg_s list_[MPS_ARGS_MAX];
  unsigned count_ = 0;
};

// Add (key, value) to an mps::args list, storing value in the member
// named by key##_FIELD, exactly as MPS_ARGS_ADD does.
#define MPS_CXX_ADD(list, key, value) \
  ((list).add(key).val.key##_FIELD = (value))

// Owner of one MPS object of handle type H, destroyed by D::destroy.
template <class H, class D>
class handle {
 public:
  handle() noexcept = default;
  explicit handle(H h) noexcept : h_(h) {}  // adopt h
  handle(handle &&other) noexcept : h_(other.release()) {}
  handle &operator=(handle &&other) noexcept {
    if (this != &other) reset(other.release());
    return *this;
  }
  handle(const handle &) = delete;
  handle &operator=(const handle &) = delete;
  ~handle() { reset(); }

  H get() const noexcept { return h_; }
  operator H() const noexcept { return h_; }
  explicit operator bool() const noexcept { return h_ != nullptr; }

  // Give up ownership without destroying.
  H release() noexcept { return std::exchange(h_, nullptr); }

  // Destroy the object owned now, if any, and own h instead.
  void reset(H h = nullptr) noexcept {
    H old = std::exchange(h_, h);
    if (old != nullptr) D::destroy(old);
  }

 private:
  H h_ = nullptr;
};

namespace detail {
struct arena_d { static void destroy(mps_arena_t h) noexcept { mps_arena_destroy(h); } };
struct pool_d { static void destroy(mps_pool_t h) noexcept { mps_pool_destroy(h); } };
struct ap_d { static void destroy(mps_ap_t h) noexcept { mps_ap_destroy(h); } };
struct fmt_d { static void destroy(mps_fmt_t h) noexcept { mps_fmt_destroy(h); } };
struct chain_d { static void destroy(mps_chain_t h) noexcept { mps_chain_destroy(h); } };
struct root_d { static void destroy(mps_root_t h) noexcept { mps_root_destroy(h); } };
struct thread_d { static void destroy(mps_thr_t h) noexcept { mps_thread_dereg(h); } };
}  // namespace detail

using arena = handle<mps_arena_t, detail::arena_d>;
using pool = handle<mps_pool_t, detail::pool_d>;
using ap = handle<mps_ap_t, detail::ap_d>;
using fmt = handle<mps_fmt_t, detail::fmt_d>;
using chain = handle<mps_chain_t, detail::chain_d>;
using root = handle<mps_root_t, detail::root_d>;
using thread = handle<mps_thr_t, detail::thread_d>;  // registration

// Creation: on success the handle owns the new object (any object it
// owned before is destroyed); on failure the handle is unchanged.

inline mps_res_t create(arena &out, mps_arena_class_t cls,
                        mps_arg_s *list = mps_args_none) noexcept {
  mps_arena_t h;
  mps_res_t res = mps_arena_create_k(&h, cls, list);
  if (res == MPS_RES_OK) out.reset(h);
  return res;
}

inline mps_res_t create(pool &out, mps_arena_t a, mps_pool_class_t cls,
                        mps_arg_s *list = mps_args_none) noexcept {
  mps_pool_t h;
  mps_res_t res = mps_pool_create_k(&h, a, cls, list);
  if (res == MPS_RES_OK) out.reset(h);
  return res;
}

inline mps_res_t create(ap &out, mps_pool_t p,
                        mps_arg_s *list = mps_args_none) noexcept {
  mps_ap_t h;
  mps_res_t res = mps_ap_create_k(&h, p, list);
  if (res == MPS_RES_OK) out.reset(h);
  return res;
}

inline mps_res_t create(fmt &out, mps_arena_t a, mps_arg_s *list) noexcept {
  mps_fmt_t h;
  mps_res_t res = mps_fmt_create_k(&h, a, list);
  if (res == MPS_RES_OK) out.reset(h);
  return res;
}

inline mps_res_t create(chain &out, mps_arena_t a, size_t gen_count,
                        mps_gen_param_s *gens) noexcept {
  mps_chain_t h;
  mps_res_t res = mps_chain_create(&h, a, gen_count, gens);
  if (res == MPS_RES_OK) out.reset(h);
  return res;
}

// Register the calling thread with the arena.
inline mps_res_t register_thread(thread &out, mps_arena_t a) noexcept {
  mps_thr_t h;
  mps_res_t res = mps_thread_reg(&h, a);
  if (res == MPS_RES_OK) out.reset(h);
  return res;
}

// Allocate size bytes on an allocation point with the reserve/commit
// protocol, calling init(p) to initialize the block (possibly more than
// once, so it must be repeatable).  On success *p_o is the new object.
template <class Init>
mps_res_t allocate(mps_addr_t *p_o, mps_ap_t point, size_t size,
                   Init &&init) noexcept {
  mps_addr_t p;
  do {
    mps_res_t res = mps_reserve(&p, point, size);
    if (res != MPS_RES_OK) return res;
    init(p);
  } while (!mps_commit(point, p, size));
  *p_o = p;
  return MPS_RES_OK;
}

// Keep an arena parked for the life of this object, then release it.
class parked {
 public:
  explicit parked(mps_arena_t a) noexcept : arena_(a) { mps_arena_park(a); }
  parked(const parked &) = delete;
  parked &operator=(const parked &) = delete;
  ~parked() { mps_arena_release(arena_); }

 private:
  mps_arena_t arena_;
};

}  // namespace mps

#endif  // mps_hpp
