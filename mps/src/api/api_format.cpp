// api_format.cpp -- object formats through the C interface
// (mps-interface.md 4): mps_fmt_create_k, the deprecated create forms,
// mps_fmt_destroy, mps_addr_fmt.
#include "alloc/format.hpp"
#include "api/api_internal.hpp"

using namespace mps;
using namespace mps::api;

namespace {

Format* format_of(mps_fmt_t handle) { return reinterpret_cast<Format*>(handle); }

mps_res_t create(mps_fmt_t* fmt_o, Arena* arena, const FormatMethods& methods) {
  Format* format = nullptr;
  Res res;
  {
    os::LockGuard guard(arena_lock(arena));
    res = format_create(&format, arena, methods);
  }
  if (res != MPS_RES_OK) return res;
  *fmt_o = reinterpret_cast<mps_fmt_t>(format);
  return MPS_RES_OK;
}

// The deprecated descriptions (mps_fmt_A_s, _B_s, _auto_header_s, _fixed_s)
// as keyword arguments: every field the description has becomes its
// MPS_KEY_FMT_* argument (A's and B's `copy` is ignored), then the methods
// are decoded as for mps_fmt_create_k.  `fixed_size` has no keyword: it is
// the object size of mps_fmt_create_fixed, or 0.  The caller has checked
// its arguments under its own name.
template <class Desc>
mps_res_t create_deprecated(mps_fmt_t* fmt_o, mps_arena_t arena, const Desc& fmt, std::size_t fixed_size = 0) {
  mps_arg_s args[MPS_ARGS_MAX];
  unsigned n = 0;
  args[n++] = {MPS_KEY_FMT_ALIGN, {.align = fmt.align}};
  args[n++] = {MPS_KEY_FMT_SCAN, {.fmt_scan = fmt.scan}};
  if constexpr (requires { fmt.skip; }) args[n++] = {MPS_KEY_FMT_SKIP, {.fmt_skip = fmt.skip}};
  args[n++] = {MPS_KEY_FMT_FWD, {.fmt_fwd = fmt.fwd}};
  args[n++] = {MPS_KEY_FMT_ISFWD, {.fmt_isfwd = fmt.isfwd}};
  args[n++] = {MPS_KEY_FMT_PAD, {.fmt_pad = fmt.pad}};
  if constexpr (requires { fmt.mps_class; }) args[n++] = {MPS_KEY_FMT_CLASS, {.fmt_class = fmt.mps_class}};
  if constexpr (requires { fmt.mps_headerSize; }) {
    args[n++] = {MPS_KEY_FMT_HEADER_SIZE, {.size = fmt.mps_headerSize}};
  }
  args[n] = {MPS_KEY_ARGS_END, {}};
  FormatMethods methods;
  format_methods_from_args(&methods, ArgList(args));
  methods.fixed_size = fixed_size;
  return create(fmt_o, arena_of(arena), methods);
}

}  // namespace

extern "C" MPS_EXPORT mps_res_t mps_fmt_create_k(mps_fmt_t* fmt_o, mps_arena_t arena, mps_arg_s args[]) {
  API_CHECK_NOT_NULL("mps_fmt_create_k", fmt_o);
  API_CHECK_ARENA("mps_fmt_create_k", arena_of(arena));
  ArgList list(args);
  list.check();
  FormatMethods methods;
  format_methods_from_args(&methods, list);
  API_ASSERT(is_pow2(methods.align), "mps_fmt_create_k: MPS_KEY_FMT_ALIGN is not a power of two");
  return create(fmt_o, arena_of(arena), methods);
}

// The deprecated create forms (mps-interface.md 4).  Each checks its own
// arguments, naming itself, then create_deprecated turns the description's
// fields into keyword arguments and takes the path of mps_fmt_create_k.

extern "C" MPS_EXPORT mps_res_t mps_fmt_create_A(mps_fmt_t* fmt_o, mps_arena_t arena, mps_fmt_A_s* fmt) {
  API_CHECK_NOT_NULL("mps_fmt_create_A", fmt_o);
  API_CHECK_ARENA("mps_fmt_create_A", arena_of(arena));
  API_CHECK_NOT_NULL("mps_fmt_create_A", fmt);
  API_ASSERT(is_pow2(fmt->align), "mps_fmt_create_A: align is not a power of two");
  return create_deprecated(fmt_o, arena, *fmt);
}

extern "C" MPS_EXPORT mps_res_t mps_fmt_create_B(mps_fmt_t* fmt_o, mps_arena_t arena, mps_fmt_B_s* fmt) {
  API_CHECK_NOT_NULL("mps_fmt_create_B", fmt_o);
  API_CHECK_ARENA("mps_fmt_create_B", arena_of(arena));
  API_CHECK_NOT_NULL("mps_fmt_create_B", fmt);
  API_ASSERT(is_pow2(fmt->align), "mps_fmt_create_B: align is not a power of two");
  return create_deprecated(fmt_o, arena, *fmt);
}

extern "C" MPS_EXPORT mps_res_t mps_fmt_create_auto_header(mps_fmt_t* fmt_o, mps_arena_t arena,
                                                           mps_fmt_auto_header_s* fmt) {
  API_CHECK_NOT_NULL("mps_fmt_create_auto_header", fmt_o);
  API_CHECK_ARENA("mps_fmt_create_auto_header", arena_of(arena));
  API_CHECK_NOT_NULL("mps_fmt_create_auto_header", fmt);
  API_ASSERT(is_pow2(fmt->align), "mps_fmt_create_auto_header: align is not a power of two");
  return create_deprecated(fmt_o, arena, *fmt);
}

// Every object of a fixed format is `align` bytes (there is no skip method).
extern "C" MPS_EXPORT mps_res_t mps_fmt_create_fixed(mps_fmt_t* fmt_o, mps_arena_t arena, mps_fmt_fixed_s* fmt) {
  API_CHECK_NOT_NULL("mps_fmt_create_fixed", fmt_o);
  API_CHECK_ARENA("mps_fmt_create_fixed", arena_of(arena));
  API_CHECK_NOT_NULL("mps_fmt_create_fixed", fmt);
  API_ASSERT(is_pow2(fmt->align), "mps_fmt_create_fixed: align is not a power of two");
  return create_deprecated(fmt_o, arena, *fmt, fmt->align);
}

extern "C" MPS_EXPORT void mps_fmt_destroy(mps_fmt_t handle) {
  Format* format = format_of(handle);
  API_ASSERT(format != nullptr && format_check(format),
             "mps_fmt_destroy: fmt is not a valid format (null, destroyed, or not a format)");
  Arena* arena = format->arena;
  os::LockGuard guard(arena_lock(arena));
  format_destroy(format);
}

// True and the format if `addr` is in a formatted pool's memory; callable
// from walk callbacks (which run with the lock held).
extern "C" MPS_EXPORT mps_bool_t mps_addr_fmt(mps_fmt_t* fmt_o, mps_arena_t handle, mps_addr_t addr) {
  Arena* arena = arena_of(handle);
  API_CHECK_NOT_NULL("mps_addr_fmt", fmt_o);
  API_CHECK_ARENA("mps_addr_fmt", arena);
  if (!arena_has_addr(arena, addr)) return 0;
  auto find = [&]() -> void* {
    Pool* pool = arena_addr_pool(arena, addr);
    if (pool == nullptr) return nullptr;
    Ring* head = arena_pool_ring(arena);  // only client pools are named
    for (Ring* node = head->next; node != head; node = node->next) {
      if (pool_of_link(node) == pool) return pool->format;
    }
    return nullptr;
  };
  void* format;
  if (arena_lock(arena).held_by_me()) {
    format = find();
  } else {
    os::LockGuard guard(arena_lock(arena));
    format = find();
  }
  if (format == nullptr) return 0;
  *fmt_o = reinterpret_cast<mps_fmt_t>(format);
  return 1;
}
