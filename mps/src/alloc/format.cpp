// format.cpp -- object formats; see format.hpp and docs/design/format.md.
#include "alloc/format.hpp"

#include "base/check.hpp"

namespace mps {

namespace {

// The stand-ins for absent methods.  A correct pool never calls them
// (mps-interface.md 3.2 lists what each class needs); if one is called the
// client gave a format that does not suit its pool.
mps_res_t absent_scan(mps_ss_t, mps_addr_t, mps_addr_t) {
  report_assertion(__FILE__, __LINE__, "format has no scan method (the pool needs one)");
  return MPS_RES_FAIL;
}
mps_addr_t absent_skip(mps_addr_t addr) {
  report_assertion(__FILE__, __LINE__, "format has no skip method (the pool needs one)");
  return addr;
}
void absent_fwd(mps_addr_t, mps_addr_t) {
  report_assertion(__FILE__, __LINE__, "format has no fwd method (the pool needs one)");
}
mps_addr_t absent_isfwd(mps_addr_t) {
  report_assertion(__FILE__, __LINE__, "format has no isfwd method (the pool needs one)");
  return nullptr;
}
void absent_pad(mps_addr_t, size_t) {
  report_assertion(__FILE__, __LINE__, "format has no pad method (the pool needs one)");
}
// The class method's default: the object's first word, as the reference says.
mps_addr_t default_class(mps_addr_t addr) { return *static_cast<mps_addr_t*>(addr); }

}  // namespace

bool format_check(const Format* format) noexcept {
  return format != nullptr && format->sig == kFormatSig && format->arena != nullptr &&
         is_pow2(format->align);
}

bool format_has_scan(const Format* format) noexcept { return format->scan != absent_scan; }

void format_methods_from_args(FormatMethods* methods, ArgList args) noexcept {
  mps_arg_s arg;
  if (args.take(MPS_KEY_FMT_ALIGN, &arg)) methods->align = arg.val.align;
  if (args.take(MPS_KEY_FMT_HEADER_SIZE, &arg)) methods->header_size = arg.val.size;
  if (args.take(MPS_KEY_FMT_SCAN, &arg)) methods->scan = arg.val.fmt_scan;
  if (args.take(MPS_KEY_FMT_SKIP, &arg)) methods->skip = arg.val.fmt_skip;
  if (args.take(MPS_KEY_FMT_FWD, &arg)) methods->fwd = arg.val.fmt_fwd;
  if (args.take(MPS_KEY_FMT_ISFWD, &arg)) methods->isfwd = arg.val.fmt_isfwd;
  if (args.take(MPS_KEY_FMT_PAD, &arg)) methods->pad = arg.val.fmt_pad;
  if (args.take(MPS_KEY_FMT_CLASS, &arg)) methods->klass = arg.val.fmt_class;
}

Res format_create(Format** format_o, Arena* arena, const FormatMethods& m) noexcept {
  MPS_ASSERT_MSG(is_pow2(m.align), "mps_fmt_create: the alignment is not a power of two");
  void* mem;
  Res res = arena_control_alloc(&mem, arena, sizeof(Format));
  if (res != MPS_RES_OK) return res;
  auto* format = static_cast<Format*>(mem);
  format->arena = arena;
  format->align = m.align < sizeof(Word) ? sizeof(Word) : m.align;
  format->header_size = m.header_size;
  format->scan = m.scan != nullptr ? m.scan : absent_scan;
  format->skip = m.skip != nullptr ? m.skip : absent_skip;
  format->fwd = m.fwd != nullptr ? m.fwd : absent_fwd;
  format->isfwd = m.isfwd != nullptr ? m.isfwd : absent_isfwd;
  format->pad = m.pad != nullptr ? m.pad : absent_pad;
  format->klass = m.klass != nullptr ? m.klass : default_class;
  format->fixed_size = m.fixed_size;
  format->arena_link.init();
  format->sig = kFormatSig;
  arena_format_ring(arena)->append(&format->arena_link);
  *format_o = format;
  return MPS_RES_OK;
}

void format_destroy(Format* format) noexcept {
  MPS_ASSERT_MSG(format->pool_count == 0,
                 "mps_fmt_destroy: a pool still uses the format (destroy the pools first)");
  format->arena_link.remove();
  format->sig = kSigInvalid;
  arena_control_free(format->arena, format, sizeof(Format));
}

}  // namespace mps
