// format.cpp: the object format's methods, called by the collector in the
// middle of a collection.  See format.hpp for the header-word rule that keeps
// them short.
//
// Rules for every function here (the MPS calls them with the world stopped,
// possibly in a signal handler, in any registered thread):
//   - touch only the object(s) you were given;
//   - do not allocate, lock, print, throw or call the MPS (apart from the
//     MPS_SCAN_BEGIN / MPS_FIX1 / MPS_FIX2 / MPS_SCAN_END macros);
//   - be quick: scan is the collector's inner loop.
#include "format.hpp"

namespace lisp {

// ---- which words are references --------------------------------------------

ValueSlots value_slots(const Object* object) {
  const std::size_t words = header_words(object->header);
  switch (header_type(object->header)) {
    // Objects made only of Values after the header.  Fixnum fields (vector
    // lengths, primitive indexes, ...) are Values too: scan looks at the tag
    // and skips them, so they need no special case.
    case Type::pair:
    case Type::vector:
    case Type::values:
    case Type::symbol:
    case Type::closure:
    case Type::code:
    case Type::primitive:
    case Type::box:
    case Type::record:
    case Type::record_type:
    case Type::error_object:
    case Type::continuation:
      return {1, words};
    // Objects ending with Raw words, which are not references and must never
    // be fixed: a hash table's location dependency (two words) and a port's
    // FILE*.  Keeping Raw words last makes the range contiguous.
    case Type::hash_table:
      return {1, words - 2};
    case Type::port:
      return {1, words - 1};
    // Leaf objects hold no references (they live in the AMCZ pool, which is
    // never scanned; the cases are here so the answer is right anywhere).
    case Type::string:
    case Type::flonum:
    case Type::bytevector:
    // The collector's own objects.  A forwarding object's second word is an
    // address, but it must not be fixed: it is the object's new copy.
    case Type::forward:
    case Type::pad1:
    case Type::pad:
      break;
  }
  return {1, 1};
}

// ---- scan --------------------------------------------------------------------

// scan: fix every reference of every object in [base, limit).
//
// A Value is a reference when its low three bits are 000 and it is not zero
// (value.hpp).  MPS_FIX1 is the cheap inline test "might this point into the
// part of the heap being collected?"; only then does MPS_FIX2 do the real
// work: keep the target alive and, if it has moved, give us its new address,
// which we store back.  A failure from MPS_FIX2 must be returned at once.
mps_res_t format_scan(mps_ss_t ss, mps_addr_t base, mps_addr_t limit) {
  MPS_SCAN_BEGIN(ss) {
    auto* p = static_cast<Value*>(base);
    while (p < static_cast<Value*>(limit)) {
      const auto* object = reinterpret_cast<const Object*>(p);
      const ValueSlots slots = value_slots(object);
      for (std::size_t i = slots.first; i < slots.end; ++i) {
        Value v = p[i];
        if (!is_pointer(v)) continue;  // fixnum, character, #t, '() ...
        mps_addr_t ref = reinterpret_cast<mps_addr_t>(v);
        if (MPS_FIX1(ss, ref)) {
          mps_res_t res = MPS_FIX2(ss, &ref);
          if (res != MPS_RES_OK) return res;
          p[i] = reinterpret_cast<Value>(ref);  // pointers carry no tag bits
        }
      }
      p += header_words(object->header);  // = format_skip, inlined
    }
  } MPS_SCAN_END(ss);
  return MPS_RES_OK;
}

// ---- skip --------------------------------------------------------------------

// skip: the address just past the object.  The size is in every header, pads
// and forwarding objects included, so there is nothing else to know.
mps_addr_t format_skip(mps_addr_t addr) {
  return static_cast<char*>(addr) + object_bytes(addr);
}

// ---- forward / is-forwarded ----------------------------------------------------

// Layout of a forwarding object.  It must occupy exactly the bytes of the
// object it replaces: the header keeps the old size, so skip still works, and
// the object's second word (every object has at least two) holds the address
// of the copy.
struct Forward {
  Raw header;          // make_header(Type::forward, size of the old object)
  mps_addr_t new_addr;
};

// fwd: the collector has copied the object at old_addr to new_addr; leave a
// forwarding object behind.
void format_forward(mps_addr_t old_addr, mps_addr_t new_addr) {
  auto* fwd = static_cast<Forward*>(old_addr);
  const std::size_t words = header_words(fwd->header);  // read before overwriting
  fwd->header = make_header(Type::forward, words);
  fwd->new_addr = new_addr;
}

// isfwd: the address given to format_forward if this is a forwarding object,
// else NULL.  Called for every object the collector meets, so keep it cheap.
mps_addr_t format_is_forwarded(mps_addr_t addr) {
  const auto* fwd = static_cast<const Forward*>(addr);
  return header_type(fwd->header) == Type::forward ? fwd->new_addr : nullptr;
}

// ---- pad -----------------------------------------------------------------------

// pad: make a padding object of exactly `size` bytes (a multiple of kAlign,
// possibly a single word, possibly very large).  A one-word pad has room for
// nothing but its header, which is why pad1 is a type of its own; with the
// size in the header both look alike to skip.
void format_pad(mps_addr_t addr, std::size_t size) {
  const std::size_t words = size / kAlign;
  static_cast<Object*>(addr)->header = make_header(words == 1 ? Type::pad1 : Type::pad, words);
}

// ---- class ---------------------------------------------------------------------

bool object_type(mps_addr_t addr, Type* type_o) {
  const Type type = header_type(static_cast<const Object*>(addr)->header);
  if (type == Type::forward || type == Type::pad1 || type == Type::pad) return false;
  *type_o = type;
  return true;
}

// class: something address-sized that identifies the type.  The Type number
// is enough (it is never dereferenced); NULL for the collector's objects.
mps_addr_t format_class(mps_addr_t addr) {
  Type type;
  if (!object_type(addr, &type)) return nullptr;
  return reinterpret_cast<mps_addr_t>(static_cast<std::uintptr_t>(type));
}

// ---- the format ----------------------------------------------------------------

mps_res_t create_format(mps_fmt_t* format_o, mps_arena_t arena) {
  mps_res_t res;
  MPS_ARGS_BEGIN(args) {
    MPS_ARGS_ADD(args, MPS_KEY_FMT_ALIGN, kAlign);
    MPS_ARGS_ADD(args, MPS_KEY_FMT_SCAN, format_scan);
    MPS_ARGS_ADD(args, MPS_KEY_FMT_SKIP, format_skip);
    MPS_ARGS_ADD(args, MPS_KEY_FMT_FWD, format_forward);
    MPS_ARGS_ADD(args, MPS_KEY_FMT_ISFWD, format_is_forwarded);
    MPS_ARGS_ADD(args, MPS_KEY_FMT_PAD, format_pad);
    MPS_ARGS_ADD(args, MPS_KEY_FMT_CLASS, format_class);
    res = mps_fmt_create_k(format_o, arena, args);
  } MPS_ARGS_END(args);
  return res;
}

}  // namespace lisp
