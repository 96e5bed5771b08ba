// format.hpp: the MPS object format for the Lisp heap (the layouts are in
// value.hpp).  This header and format.cpp are the part of the VM a runtime
// author copies: the five methods the collector calls to read, move and fill
// the heap (scan, skip, forward, is-forwarded, pad), the class method the heap
// walker uses, and the one place that says which words of each object are
// references.
//
// The whole design rests on one rule: every object, including the forwarding
// and padding objects the collector asks us to make, starts with a header word
// (size in words << 8) | type.  So skip never needs a per-type case, and a
// type switch is needed only to find an object's references.
#pragma once

#include <cstddef>

#include "mps.h"
#include "value.hpp"

namespace lisp {

// Every object is aligned to (and a multiple of) one word.  The pools take the
// format's alignment, so every allocation request is a whole number of words.
constexpr std::size_t kAlign = sizeof(Value);

// Creates the format in `arena`: MPS_KEY_FMT_ALIGN kAlign and the methods
// below.  One format serves both pools: AMC (objects with references) and
// AMCZ (leaf objects: strings, flonums, bytevectors; AMCZ never calls scan).
mps_res_t create_format(mps_fmt_t* format_o, mps_arena_t arena);

// The words of an object that hold Values, as a half-open range of word
// indexes [first, end).  Word 0 is always the header.  Leaf, forwarding and
// padding objects have no Values (first == end).  Used by scan and by anything
// else that must visit an object's references (e.g. a heap checker).
struct ValueSlots {
  std::size_t first;
  std::size_t end;
};
ValueSlots value_slots(const Object* object);

// The format methods themselves, exposed so tests can call them directly.
mps_res_t format_scan(mps_ss_t ss, mps_addr_t base, mps_addr_t limit);
mps_addr_t format_skip(mps_addr_t addr);
void format_forward(mps_addr_t old_addr, mps_addr_t new_addr);
mps_addr_t format_is_forwarded(mps_addr_t addr);
void format_pad(mps_addr_t addr, std::size_t size);
// The class method: an address that identifies the object's type (the Type
// number itself, as an address), or NULL for forwarding and padding objects.
mps_addr_t format_class(mps_addr_t addr);

// The object's type as format_class reports it, in a usable form: false for
// forwarding and padding objects.
bool object_type(mps_addr_t addr, Type* type_o);

// Bytes occupied by the object at `addr` (any object, forwarding and padding
// included).
inline std::size_t object_bytes(const void* addr) {
  return header_words(static_cast<const Object*>(addr)->header) * sizeof(Value);
}

}  // namespace lisp
