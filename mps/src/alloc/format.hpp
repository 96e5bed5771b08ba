// format.hpp -- object formats: the client's description of its objects
// (mps-interface.md 4).
//
// A Format holds the client's methods (scan, skip, fwd, isfwd, pad, class),
// its alignment and in-band header size.  Every method slot is filled: a
// method the client did not give is a function that reports "format has no
// X method" through the assertion handler, so a pool that calls an absent
// method is caught at the call.  Formats live in control memory and are
// linked on arena_format_ring; pools count their users so that destroying a
// format in use is reported.  See docs/design/format.md.
#pragma once

#include <cstddef>

#include "arena/arena.hpp"
#include "base/args.hpp"
#include "base/ring.hpp"
#include "base/word.hpp"
#include "mps.h"

namespace mps {

inline constexpr Sig kFormatSig = 0x519F0A77;

struct Format {
  Sig sig;
  Arena* arena;
  Ring arena_link;           // on arena_format_ring
  std::size_t align;         // of every object; a power of two
  std::size_t header_size;   // in-band header: client pointers are this far into blocks
  mps_fmt_scan_t scan;
  mps_fmt_skip_t skip;
  mps_fmt_fwd_t fwd;
  mps_fmt_isfwd_t isfwd;
  mps_fmt_pad_t pad;
  mps_fmt_class_t klass;
  std::size_t pool_count;    // pools using this format (destroy asserts zero)
  std::size_t fixed_size;    // non-zero for mps_fmt_create_fixed: every object's size
};

// The methods as given at creation; null where absent.  Used by the
// deprecated create forms and by the keyword decoder.
struct FormatMethods {
  std::size_t align = sizeof(Word);
  std::size_t header_size = 0;
  mps_fmt_scan_t scan = nullptr;
  mps_fmt_skip_t skip = nullptr;
  mps_fmt_fwd_t fwd = nullptr;
  mps_fmt_isfwd_t isfwd = nullptr;
  mps_fmt_pad_t pad = nullptr;
  mps_fmt_class_t klass = nullptr;
  std::size_t fixed_size = 0;
};

bool format_check(const Format* format) noexcept;

// Decodes the FMT_* keys into *methods (leaving defaults for absent keys).
void format_methods_from_args(FormatMethods* methods, ArgList args) noexcept;

// Creates a format in control memory.  Asserts that the alignment is a
// power of two.  MPS_RES_MEMORY etc. from the control allocator.
Res format_create(Format** format_o, Arena* arena, const FormatMethods& methods) noexcept;
// Asserts that no pool uses the format.
void format_destroy(Format* format) noexcept;

// True if `skip` etc. were given by the client (not the asserting defaults).
bool format_has_scan(const Format* format) noexcept;

// The next object's client pointer.  Formats of mps_fmt_create_fixed have
// no skip method: every object is `fixed_size` bytes.
inline mps_addr_t format_skip(const Format* format, mps_addr_t addr) {
  if (format->fixed_size != 0) return addr_of(addr) + format->fixed_size;
  return format->skip(addr);
}

}  // namespace mps
