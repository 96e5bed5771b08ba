// heap.cpp: the VM's MPS arena and everything it owns: the chain, the two
// pools and their allocation points, the thread registration and its
// ambiguous stack root, exact roots, the object constructors, the symbol
// table, finalization of file ports, and the statistics behind ,gc and ,heap.
// (Hash tables are in hash_table.cpp; the format in format.cpp.)
#include "heap.hpp"

#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>

#include "errors.hpp"
#include "format.hpp"
#include "mpsavm.h"
#include "mpscamc.h"

namespace lisp {

namespace {

// Objects bigger than this are refused (heap-exhausted) before asking the
// MPS, so a silly (make-vector 1000000000000) cannot overflow size arithmetic
// or commit all of memory.
constexpr std::size_t kMaxObjectBytes = std::size_t{1} << 34;

// Poll the message queue every this many allocations (see allocate).
constexpr unsigned kPollInterval = 1024;

void check(mps_res_t res, const char* what) {
  if (res != MPS_RES_OK)
    throw std::runtime_error(std::string("mps: ") + what + " failed (result " +
                             std::to_string(res) + ")");
}

// A string hash (FNV-1a), kept within fixnum range so it can be stored.
std::intptr_t hash_bytes_fixnum(std::string_view s) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return static_cast<std::intptr_t>(h >> 2);
}

}  // namespace

// ---- set-up and tear-down ----------------------------------------------------

Heap::Heap(const HeapOptions& options, void* cold_end) {
  // The library reads MPS_STRESS once, when the arena's collector starts.
  if (options.stress) setenv("MPS_STRESS", "1", 1);
  // The library's own rule, so MPS_STRESS set by the caller counts too.
  const char* stress = std::getenv("MPS_STRESS");
  stress_ = stress != nullptr && stress[0] != '\0' && std::strcmp(stress, "0") != 0;

  mps_res_t res;
  MPS_ARGS_BEGIN(args) {
    if (options.commit_limit != 0) MPS_ARGS_ADD(args, MPS_KEY_COMMIT_LIMIT, options.commit_limit);
    res = mps_arena_create_k(&arena_, mps_arena_class_vm(), args);
  } MPS_ARGS_END(args);
  check(res, "arena creation");

  check(create_format(&format_, arena_), "format creation");

  // Two generations: a nursery sized for a runtime (most objects die young),
  // then an older generation; survivors of that go to the arena's top
  // generation.  Capacities are in kilobytes.
  mps_gen_param_s generations[] = {{8 * 1024, 0.85}, {36 * 1024, 0.45}};
  check(mps_chain_create(&chain_, arena_, 2, generations), "chain creation");

  MPS_ARGS_BEGIN(args) {
    MPS_ARGS_ADD(args, MPS_KEY_FORMAT, format_);
    MPS_ARGS_ADD(args, MPS_KEY_CHAIN, chain_);
    check(mps_pool_create_k(&amc_, arena_, mps_class_amc(), args), "AMC pool creation");
  } MPS_ARGS_END(args);
  MPS_ARGS_BEGIN(args) {
    MPS_ARGS_ADD(args, MPS_KEY_FORMAT, format_);
    MPS_ARGS_ADD(args, MPS_KEY_CHAIN, chain_);
    check(mps_pool_create_k(&amcz_, arena_, mps_class_amcz(), args), "AMCZ pool creation");
  } MPS_ARGS_END(args);
  check(mps_ap_create_k(&ap_, amc_, mps_args_none), "AMC allocation point");
  check(mps_ap_create_k(&leaf_ap_, amcz_, mps_args_none), "AMCZ allocation point");

  // The VM thread's stack and registers: an ambiguous root.  Words whose low
  // three bits are 000 look like object pointers (value.hpp), so the tagged
  // scanner with mask 7 and pattern 0 considers exactly those; fixnums and
  // immediates are skipped.  Everything they refer to is pinned.
  // The cold end must be word-aligned: round up (the caller's local, of any
  // type, stays inside the scanned range).
  cold_end = reinterpret_cast<void*>((reinterpret_cast<std::uintptr_t>(cold_end) + sizeof(Value) - 1) &
                                     ~(std::uintptr_t{sizeof(Value)} - 1));
  res = mps_thread_reg(&thread_, arena_);
  if (res == MPS_RES_OK) {
    res = mps_root_create_thread_tagged(&thread_root_, arena_, mps_rank_ambig(), 0, thread_,
                                        mps_scan_area_tagged, 0x7, 0, cold_end);
  }
  if (res == MPS_RES_UNIMPL) {
    // The library being built without thread roots yet: without them no
    // collection may run while C++ holds objects, so keep the arena clamped.
    std::fprintf(stderr,
                 "mpslisp: warning: thread roots are not available; the heap will not be collected\n");
    clamped_fallback_ = true;
    mps_arena_clamp(arena_);
  } else {
    check(res, "thread root");
  }

  symbol_table_root_ = register_root(&symbol_table_, 1);
  exhausted_root_ = register_root(&exhausted_error_, 1);
  symbol_table_ = make_hash_table(HashKind::string, 1024);
  // Made now because nothing can be allocated once the limit is reached.
  exhausted_error_ = make_error_object(
      intern("heap-exhausted"), make_string("heap exhausted: the commit limit was reached"), kNil);

  mps_message_type_enable(arena_, mps_message_type_gc());
  mps_message_type_enable(arena_, mps_message_type_finalization());
}

namespace {

// Heap walker callback for the destructor: closes every open file port that
// is not a standard stream (those are flushed only).
mps_res_t close_ports_area(mps_ss_t, void* base, void* limit, void*) {
  for (char* p = static_cast<char*>(base); p < static_cast<char*>(limit);
       p = static_cast<char*>(format_skip(p))) {
    Type type;
    if (!object_type(p, &type) || type != Type::port) continue;
    auto* port = reinterpret_cast<Port*>(p);
    auto* file = reinterpret_cast<std::FILE*>(port->file);
    if (port->open != kTrue || file == nullptr) continue;
    if (file == stdin || file == stdout || file == stderr) {
      std::fflush(file);
      continue;
    }
    std::fclose(file);
    port->file = 0;
    port->open = kFalse;
  }
  return MPS_RES_OK;
}

}  // namespace

Heap::~Heap() {
  // Nothing is finalized by mps_arena_destroy: close the files of ports the
  // program forgot, so their output reaches the disk.
  mps_arena_park(arena_);
  (void)mps_pool_walk(amc_, close_ports_area, nullptr);

  mps_ap_destroy(ap_);
  mps_ap_destroy(leaf_ap_);
  mps_pool_destroy(amc_);
  mps_pool_destroy(amcz_);
  mps_root_destroy(exhausted_root_);
  mps_root_destroy(symbol_table_root_);
  if (thread_root_ != nullptr) mps_root_destroy(thread_root_);
  if (thread_ != nullptr) mps_thread_dereg(thread_);
  mps_fmt_destroy(format_);
  mps_chain_destroy(chain_);
  mps_arena_destroy(arena_);
}

// ---- roots ---------------------------------------------------------------------

mps_root_t Heap::register_root(Value* base, std::size_t count) {
  if (count == 0) return nullptr;
  // Exact, but only words with the pointer tag (low bits 000) are fixed:
  // fixnums and immediates in the area are left alone.
  mps_root_t root;
  check(mps_root_create_area_tagged(&root, arena_, mps_rank_exact(), 0, base, base + count,
                                    mps_scan_area_tagged, 0x7, 0),
        "root registration");
  return root;
}

void Heap::unregister_root(mps_root_t root) {
  if (root != nullptr) mps_root_destroy(root);
}

// ---- allocation ----------------------------------------------------------------

// The reserve / initialise / commit protocol.  `init` must make the block a
// valid object (header and every Value field) before commit, and must do
// nothing that cannot be repeated: if a collection flips between reserve and
// commit, commit fails and we go round again.
template <class Init>
Value Heap::allocate(mps_ap_t ap, std::size_t words, Init&& init) {
  const std::size_t bytes = words * sizeof(Value);
  if (words > kMaxObjectBytes / sizeof(Value)) allocation_failed(MPS_RES_COMMIT_LIMIT, bytes);
  mps_addr_t p;
  bool retried = false;
  for (;;) {
    mps_res_t res = mps_reserve(&p, ap, bytes);
    if (res != MPS_RES_OK) {
      // Against a commit limit a full collection may free enough: try once.
      if (retried || clamped_fallback_) allocation_failed(res, bytes);
      retried = true;
      mps_arena_collect(arena_);
      mps_arena_release(arena_);
      continue;
    }
    init(static_cast<Raw*>(p));
    if (mps_commit(ap, p, bytes)) break;
  }
  if (--poll_countdown_ == 0) {
    poll_countdown_ = kPollInterval;
    poll_messages();
  }
  return as_value(p);
}

void Heap::allocation_failed(mps_res_t, std::size_t) {
  throw LispError{exhausted_error_};
}

Value Heap::cons(Value car, Value cdr) {
  return allocate(ap_, 3, [&](Raw* w) {
    w[0] = make_header(Type::pair, 3);
    w[1] = car;
    w[2] = cdr;
  });
}

namespace {
// A Vector-layout object (vectors and multiple values) of `length` items.
template <class Alloc>
Value vector_like(Alloc&& alloc, Type type, std::size_t length, Value fill) {
  const std::size_t words = 2 + length;
  return alloc(words, [&](Raw* w) {
    w[0] = make_header(type, words);
    w[1] = make_fixnum(static_cast<std::intptr_t>(length));
    for (std::size_t i = 0; i < length; ++i) w[2 + i] = fill;
  });
}
}  // namespace

Value Heap::make_vector(std::size_t length, Value fill) {
  return vector_like([&](std::size_t words, auto&& init) { return allocate(ap_, words, init); },
                     Type::vector, length, fill);
}

Value Heap::make_values(std::size_t count) {
  return vector_like([&](std::size_t words, auto&& init) { return allocate(ap_, words, init); },
                     Type::values, count, kUnspecified);
}

// Strings keep a NUL after the last byte, so the payload is length + 1.
Value Heap::make_string(std::string_view bytes) {
  const std::size_t words = object_words(sizeof(String), bytes.size() + 1);
  return allocate(leaf_ap_, words, [&](Raw* w) {
    w[words - 1] = 0;  // the tail word is only partly covered by the bytes
    auto* s = reinterpret_cast<String*>(w);
    s->header = make_header(Type::string, words);
    s->length = bytes.size();
    std::memcpy(s->bytes, bytes.data(), bytes.size());
    s->bytes[bytes.size()] = '\0';
  });
}

Value Heap::make_string(std::size_t length, char fill) {
  const std::size_t words = object_words(sizeof(String), length + 1);
  return allocate(leaf_ap_, words, [&](Raw* w) {
    w[words - 1] = 0;
    auto* s = reinterpret_cast<String*>(w);
    s->header = make_header(Type::string, words);
    s->length = length;
    std::memset(s->bytes, fill, length);
    s->bytes[length] = '\0';
  });
}

Value Heap::make_flonum(double d) {
  return allocate(leaf_ap_, 2, [&](Raw* w) {
    auto* f = reinterpret_cast<Flonum*>(w);
    f->header = make_header(Type::flonum, 2);
    f->value = d;
  });
}

Value Heap::make_bytevector(std::size_t length, std::uint8_t fill) {
  const std::size_t words = object_words(sizeof(Bytevector), length);
  return allocate(leaf_ap_, words < 2 ? 2 : words, [&](Raw* w) {
    const std::size_t n = words < 2 ? 2 : words;
    w[n - 1] = 0;
    auto* b = reinterpret_cast<Bytevector*>(w);
    b->header = make_header(Type::bytevector, n);
    b->length = length;
    std::memset(b->bytes, fill, length);
  });
}

Value Heap::make_uninterned_symbol(std::string_view name) {
  Value str = make_string(name);
  const std::intptr_t hash = hash_bytes_fixnum(name);
  return allocate(ap_, 4, [&](Raw* w) {
    w[0] = make_header(Type::symbol, 4);
    w[1] = str;
    w[2] = kUnbound;
    w[3] = make_fixnum(hash);
  });
}

Value Heap::intern(std::string_view name) {
  Value found = find_symbol(name);
  if (found != 0) return found;
  Value symbol = make_uninterned_symbol(name);
  hash_set(symbol_table_, as<Symbol>(symbol)->name, symbol);
  return symbol;
}

Value Heap::make_code() {
  constexpr std::size_t words = sizeof(Code) / sizeof(Value);
  return allocate(ap_, words, [&](Raw* w) {
    auto* c = reinterpret_cast<Code*>(w);
    c->header = make_header(Type::code, words);
    c->bytecode = kFalse;
    c->constants = kFalse;
    c->name = kFalse;
    c->arity = make_fixnum(0);
    c->rest = kFalse;
    c->frame_size = make_fixnum(0);
    c->source = kFalse;
    c->line_table = kFalse;
  });
}

Value Heap::make_closure(Value code, std::size_t free_count) {
  const std::size_t words = 2 + free_count;
  return allocate(ap_, words, [&](Raw* w) {
    w[0] = make_header(Type::closure, words);
    w[1] = code;
    for (std::size_t i = 0; i < free_count; ++i) w[2 + i] = kUnspecified;
  });
}

Value Heap::make_primitive(std::size_t index, Value name, int min_args, int max_args) {
  return allocate(ap_, 5, [&](Raw* w) {
    w[0] = make_header(Type::primitive, 5);
    w[1] = make_fixnum(static_cast<std::intptr_t>(index));
    w[2] = name;
    w[3] = make_fixnum(min_args);
    w[4] = make_fixnum(max_args);
  });
}

Value Heap::make_box(Value v) {
  return allocate(ap_, 2, [&](Raw* w) {
    w[0] = make_header(Type::box, 2);
    w[1] = v;
  });
}

Value Heap::make_record_type(Value name, Value field_names) {
  return allocate(ap_, 3, [&](Raw* w) {
    w[0] = make_header(Type::record_type, 3);
    w[1] = name;
    w[2] = field_names;
  });
}

Value Heap::make_record(Value type) {
  const std::size_t fields =
      static_cast<std::size_t>(fixnum_value(as<Vector>(as<RecordType>(type)->field_names)->length));
  const std::size_t words = 2 + fields;
  return allocate(ap_, words, [&](Raw* w) {
    w[0] = make_header(Type::record, words);
    w[1] = type;
    for (std::size_t i = 0; i < fields; ++i) w[2 + i] = kUnspecified;
  });
}

Value Heap::make_hash_table(HashKind kind, std::size_t capacity) {
  std::size_t buckets_count = 8;
  while (buckets_count < capacity) buckets_count *= 2;
  Value buckets = make_vector(buckets_count, kNil);
  constexpr std::size_t words = sizeof(HashTable) / sizeof(Value);
  Value table = allocate(ap_, words, [&](Raw* w) {
    auto* t = reinterpret_cast<HashTable*>(w);
    t->header = make_header(Type::hash_table, words);
    t->kind = make_fixnum(static_cast<std::intptr_t>(kind));
    t->count = make_fixnum(0);
    t->buckets = buckets;
    t->ld[0] = t->ld[1] = 0;
  });
  // The location dependency must be reset before use (zeros are not valid).
  mps_ld_reset(reinterpret_cast<mps_ld_t>(as<HashTable>(table)->ld), arena_);
  return table;
}

Value Heap::make_error_object(Value kind, Value message, Value irritants) {
  constexpr std::size_t words = sizeof(ErrorObject) / sizeof(Value);
  return allocate(ap_, words, [&](Raw* w) {
    w[0] = make_header(Type::error_object, words);
    w[1] = message;
    w[2] = irritants;
    w[3] = kind;
    w[4] = kFalse;
  });
}

Value Heap::make_continuation(std::intptr_t id) {
  return allocate(ap_, 3, [&](Raw* w) {
    w[0] = make_header(Type::continuation, 3);
    w[1] = make_fixnum(id);
    w[2] = kTrue;
  });
}

Value Heap::make_port(PortKind kind, Value name, std::FILE* file, Value buffer) {
  constexpr std::size_t words = sizeof(Port) / sizeof(Value);
  Value port = allocate(ap_, words, [&](Raw* w) {
    auto* p = reinterpret_cast<Port*>(w);
    p->header = make_header(Type::port, words);
    p->kind = make_fixnum(static_cast<std::intptr_t>(kind));
    p->name = name;
    p->buffer = buffer;
    p->position = make_fixnum(0);
    p->line = make_fixnum(1);
    p->column = make_fixnum(0);
    p->open = kTrue;
    p->file = reinterpret_cast<Raw>(file);
  });
  if (file != nullptr) {
    // If the program drops the port without closing it, a finalization
    // message arrives once it is unreachable and poll_messages closes the file.
    mps_addr_t ref = reinterpret_cast<mps_addr_t>(port);
    (void)mps_finalize(arena_, &ref);  // on failure the port still works, unfinalized
  }
  return port;
}

// ---- collection and messages ---------------------------------------------------

void Heap::collect_full() {
  if (clamped_fallback_) {
    std::fprintf(stderr, "mpslisp: warning: no collection without thread roots\n");
    return;
  }
  mps_arena_collect(arena_);
  mps_arena_release(arena_);
  poll_messages();
}

void Heap::close_port_file(Value port) {
  auto* p = as<Port>(port);
  auto* file = reinterpret_cast<std::FILE*>(p->file);
  if (p->open == kTrue && file != nullptr && file != stdin && file != stdout && file != stderr)
    std::fclose(file);
  p->file = 0;
  p->open = kFalse;
}

void Heap::poll_messages() {
  mps_message_t message;
  while (mps_message_get(&message, arena_, mps_message_type_finalization())) {
    mps_addr_t ref;
    mps_message_finalization_ref(&ref, arena_, message);
    Value port = as_value(ref);  // a local: pinned while we close it
    if (has_type(port, Type::port)) close_port_file(port);
    mps_message_discard(arena_, message);
  }
  while (mps_message_get(&message, arena_, mps_message_type_gc())) {
    ++collections_;
    last_condemned_ = mps_message_gc_condemned_size(arena_, message);
    last_live_ = mps_message_gc_live_size(arena_, message);
    last_not_condemned_ = mps_message_gc_not_condemned_size(arena_, message);
    mps_message_discard(arena_, message);
  }
}

void Heap::report_last_gc(std::FILE* out) {
  if (collections_ == 0) {
    std::fprintf(out, "no collection has finished yet\n");
    return;
  }
  std::fprintf(out, "collection %zu: condemned %zu bytes, %zu survived; %zu bytes not condemned\n",
               collections_, last_condemned_, last_live_, last_not_condemned_);
}

namespace {

// Heap walker callback: counts every object of the area by the format's class.
mps_res_t count_area(mps_ss_t, void* base, void* limit, void* closure) {
  auto* stats = static_cast<TypeStats*>(closure);
  for (char* p = static_cast<char*>(base); p < static_cast<char*>(limit);
       p = static_cast<char*>(format_skip(p))) {
    mps_addr_t klass = format_class(p);
    if (klass == nullptr) continue;  // padding
    const auto type = reinterpret_cast<std::uintptr_t>(klass);
    stats->objects[type] += 1;
    stats->bytes[type] += object_bytes(p);
  }
  return MPS_RES_OK;
}

}  // namespace

TypeStats Heap::walk_stats() {
  TypeStats stats;
  mps_arena_park(arena_);  // the walk needs a parked arena
  (void)mps_pool_walk(amc_, count_area, &stats);
  (void)mps_pool_walk(amcz_, count_area, &stats);
  if (!clamped_fallback_) mps_arena_release(arena_);
  return stats;
}

void Heap::print_summary(std::FILE* out) {
  poll_messages();
  const double mib = 1024.0 * 1024.0;
  std::fprintf(out, "committed memory: %.2f MiB", mps_arena_committed(arena_) / mib);
  const std::size_t limit = mps_arena_commit_limit(arena_);
  if (limit != static_cast<std::size_t>(-1) && limit != 0)
    std::fprintf(out, " (limit %.2f MiB)", limit / mib);
  std::fprintf(out, "\n");
  std::fprintf(out, "AMC pool:  %.2f MiB total, %.2f MiB free\n", mps_pool_total_size(amc_) / mib,
               mps_pool_free_size(amc_) / mib);
  std::fprintf(out, "AMCZ pool: %.2f MiB total, %.2f MiB free\n", mps_pool_total_size(amcz_) / mib,
               mps_pool_free_size(amcz_) / mib);
  std::fprintf(out, "collections: %zu\n", collections_);
}

}  // namespace lisp
