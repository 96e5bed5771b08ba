// value.hpp: how a Lisp value is represented, and the layout of every heap
// object.  This is the contract between the object format (format.cpp), the
// heap (heap.cpp), the builtins, the compiler and the interpreter.
//
// A Value is one machine word, tagged in its low bits:
//
//   ...xxxxxxx1   fixnum: a 63-bit signed integer, value = word >> 1 (arithmetic)
//   ...xxxxx000   pointer to a heap object (8-byte aligned); never 0
//   ...kkkkkk10   immediate: kind k in bits 2..7, payload in bits 8 and up
//                 (the empty list, #t, #f, characters, eof, ...)
//
// Every heap object is a whole number of words, at least two, and starts with
// a header word: (size in words << 8) | type.  The size counts the header.
// The format reads the header to skip, scan, forward and pad objects; see
// format.hpp.  Fields declared as Value are scanned exactly; fields declared
// as Raw are not references and are never fixed, so they may hold anything.
//
// C++ code may keep Values in local variables: the VM thread's stack and
// registers are an ambiguous root, so an object referenced from a local is
// pinned (never moved) by any collection that happens meanwhile.  Values kept
// anywhere else outside the heap (a global, a std::vector) must be registered
// as a root with the Heap.
#pragma once

#include <cstddef>
#include <cstdint>

namespace lisp {

using Value = std::uintptr_t;
using Raw = std::uintptr_t;  // a word the collector never treats as a reference

// ---- fixnums ---------------------------------------------------------------

constexpr int kFixnumBits = 63;
constexpr std::intptr_t kFixnumMax = (std::intptr_t{1} << (kFixnumBits - 1)) - 1;
constexpr std::intptr_t kFixnumMin = -(std::intptr_t{1} << (kFixnumBits - 1));

constexpr bool is_fixnum(Value v) { return (v & 1) != 0; }
constexpr std::intptr_t fixnum_value(Value v) { return static_cast<std::intptr_t>(v) >> 1; }
// The caller checks the range (kFixnumMin..kFixnumMax); overflow is a Lisp error.
constexpr Value make_fixnum(std::intptr_t n) { return (static_cast<Value>(n) << 1) | 1; }
constexpr bool fixnum_fits(std::intptr_t n) { return n >= kFixnumMin && n <= kFixnumMax; }

// ---- immediates ------------------------------------------------------------

enum class Imm : unsigned {
  empty_list = 0,   // '()
  false_ = 1,       // #f
  true_ = 2,        // #t
  unspecified = 3,  // what set!, display and friends return
  eof = 4,          // the eof object
  unbound = 5,      // marks a global with no value; never visible to Lisp
  default_ = 6,     // marks an optional argument that was not given
  character = 7,    // payload = Unicode code point
};

constexpr Value make_imm(Imm kind, Value payload = 0) {
  return (payload << 8) | (static_cast<Value>(kind) << 2) | 0b10;
}
constexpr bool is_imm(Value v) { return (v & 0b11) == 0b10; }
constexpr Imm imm_kind(Value v) { return static_cast<Imm>((v >> 2) & 0x3f); }

constexpr Value kNil = make_imm(Imm::empty_list);
constexpr Value kFalse = make_imm(Imm::false_);
constexpr Value kTrue = make_imm(Imm::true_);
constexpr Value kUnspecified = make_imm(Imm::unspecified);
constexpr Value kEof = make_imm(Imm::eof);
constexpr Value kUnbound = make_imm(Imm::unbound);
constexpr Value kDefault = make_imm(Imm::default_);

constexpr Value make_bool(bool b) { return b ? kTrue : kFalse; }
constexpr bool is_true(Value v) { return v != kFalse; }  // everything but #f is true

constexpr Value make_char(std::uint32_t code) { return make_imm(Imm::character, code); }
constexpr bool is_char(Value v) { return is_imm(v) && imm_kind(v) == Imm::character; }
constexpr std::uint32_t char_value(Value v) { return static_cast<std::uint32_t>(v >> 8); }

// ---- heap objects ----------------------------------------------------------

constexpr bool is_pointer(Value v) { return (v & 0b111) == 0 && v != 0; }

enum class Type : std::uint8_t {
  // Objects in the AMC pool (they contain references):
  pair = 1,
  vector,
  symbol,
  closure,
  code,
  primitive,
  box,
  record,
  record_type,
  hash_table,
  port,
  error_object,
  continuation,
  values,         // multiple values, as returned by (values ...) with n != 1
  // Leaf objects in the AMCZ pool (no references):
  string,
  flonum,
  bytevector,
  // Only the format creates these; Lisp never sees them:
  forward,   // a moved object: the word after the header is its new address
  pad1,      // a one-word pad (its "header" is the whole object; size is 1)
  pad,       // a pad of `size` words
};

constexpr int kTypeCount = static_cast<int>(Type::pad) + 1;

constexpr Raw make_header(Type type, std::size_t words) {
  return (static_cast<Raw>(words) << 8) | static_cast<Raw>(type);
}
constexpr Type header_type(Raw h) { return static_cast<Type>(h & 0xff); }
constexpr std::size_t header_words(Raw h) { return static_cast<std::size_t>(h >> 8); }

struct Object {
  Raw header;
};

inline Object* as_object(Value v) { return reinterpret_cast<Object*>(v); }
inline Value as_value(const void* p) { return reinterpret_cast<Value>(p); }
inline Type type_of_object(Value v) { return header_type(as_object(v)->header); }
inline bool has_type(Value v, Type t) { return is_pointer(v) && type_of_object(v) == t; }

// Words needed for an object whose fixed part is `fixed_bytes` followed by
// `extra_bytes` of payload, rounded up to whole words.
constexpr std::size_t object_words(std::size_t fixed_bytes, std::size_t extra_bytes = 0) {
  return (fixed_bytes + extra_bytes + sizeof(Value) - 1) / sizeof(Value);
}

struct Pair {
  Raw header;
  Value car;
  Value cdr;
};

struct Vector {  // also the layout of Values (multiple values)
  Raw header;
  Value length;  // fixnum
  Value items[];
};

// Interned; the symbol's global binding lives in `value` (kUnbound if none),
// so a global variable access is one load.
struct Symbol {
  Raw header;
  Value name;   // String
  Value value;  // global value or kUnbound
  Value hash;   // fixnum, hash of the name (stable: symbols move)
};

// A compiled procedure body.  `bytecode` is a Bytevector of instructions (see
// bytecode.hpp), `constants` a Vector the instructions index.
struct Code {
  Raw header;
  Value bytecode;     // Bytevector
  Value constants;    // Vector
  Value name;         // Symbol or #f
  Value arity;        // fixnum: required argument count
  Value rest;         // #t if the procedure takes a rest list
  Value frame_size;   // fixnum: local slots needed, arguments included
  Value source;       // String "file:line" or #f, for backtraces
  Value line_table;   // Bytevector mapping bytecode offsets to lines, or #f
};

struct Closure {
  Raw header;
  Value code;       // Code
  Value free[];     // captured variables (a Box where the variable is assigned)
};

// A native procedure.  `index` selects an entry in the VM's primitive table
// (a fixnum, so the function pointer itself never enters the heap).
struct Primitive {
  Raw header;
  Value index;      // fixnum
  Value name;       // Symbol
  Value min_args;   // fixnum
  Value max_args;   // fixnum, -1 for any number
};

struct Box {  // a captured variable that is assigned with set!
  Raw header;
  Value value;
};

struct RecordType {
  Raw header;
  Value name;         // Symbol
  Value field_names;  // Vector of Symbols
};

struct Record {
  Raw header;
  Value type;     // RecordType
  Value fields[];
};

// Hash tables keyed by eq?, eqv? or equal?.  Keys that are heap objects hash
// by address for eq?/eqv? tables, so the table records a location dependency
// on every address it hashed; when the dependency is stale (a collection may
// have moved a key) the table rehashes before answering.  The `ld` words are
// Raw: the collector does not scan them.
enum class HashKind : int { eq = 0, eqv = 1, equal = 2, string = 3 };

struct HashTable {
  Raw header;
  Value kind;      // fixnum HashKind
  Value count;     // fixnum
  Value buckets;   // Vector of association chains: each a list of Pairs (key . value)
  Raw ld[2];       // mps_ld_s, kept in the object (mps_ld_s is two words)
};

enum class PortKind : int { input_file = 0, output_file = 1, input_string = 2, output_string = 3 };

// A port.  File ports are registered for finalization: if the program drops
// one without closing it, the finalizer closes the FILE.
struct Port {
  Raw header;
  Value kind;     // fixnum PortKind
  Value name;     // String (file name, or "string")
  Value buffer;   // input string ports: the String read from; output string ports: a String used as a growing buffer
  Value position; // fixnum: read position (input string) or fill (output string)
  Value line;     // fixnum, for reader error messages
  Value column;   // fixnum
  Value open;     // #t or #f
  Raw file;       // FILE* for file ports, else 0
};

struct ErrorObject {
  Raw header;
  Value message;    // String
  Value irritants;  // list
  Value kind;       // Symbol: error, read-error, file-error, type-error, ...
  Value backtrace;  // list of Strings, filled in by the interpreter, or #f
};

// An escape-only continuation: valid while the frame that created it is live.
struct Continuation {
  Raw header;
  Value id;       // fixnum unique to the call/cc activation
  Value live;     // #t until that activation returns
};

struct String {   // leaf (AMCZ)
  Raw header;
  Raw length;     // in bytes = characters (characters 0..255; see docs/vm.md)
  char bytes[];   // NUL-terminated for convenience; the NUL is not counted
};

struct Flonum {   // leaf (AMCZ)
  Raw header;
  double value;
};

struct Bytevector {  // leaf (AMCZ)
  Raw header;
  Raw length;
  std::uint8_t bytes[];
};

template <class T> inline T* as(Value v) { return reinterpret_cast<T*>(v); }

inline bool is_pair(Value v) { return has_type(v, Type::pair); }
inline Value car(Value v) { return as<Pair>(v)->car; }
inline Value cdr(Value v) { return as<Pair>(v)->cdr; }
inline bool is_symbol(Value v) { return has_type(v, Type::symbol); }
inline bool is_string(Value v) { return has_type(v, Type::string); }
inline bool is_vector(Value v) { return has_type(v, Type::vector); }
inline bool is_flonum(Value v) { return has_type(v, Type::flonum); }
inline bool is_number(Value v) { return is_fixnum(v) || is_flonum(v); }
inline bool is_procedure(Value v) {
  return has_type(v, Type::closure) || has_type(v, Type::primitive) ||
         has_type(v, Type::continuation);
}

}  // namespace lisp
