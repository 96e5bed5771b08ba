// heap.hpp: the VM's use of the MPS.  One arena; an AMC pool for objects
// with references and an AMCZ pool for leaf objects, both with the format in
// format.hpp; an allocation point on each for the VM thread; the VM thread
// registered, its stack and registers an ambiguous root; exact roots for the
// value stack and for the few C++ globals that hold Values; finalization of
// ports.
//
// Every constructor may trigger a collection.  Values held in C++ locals are
// safe (ambiguous root, pinned); Values held in other C++ memory must be in a
// registered root.  Constructors report exhaustion (the commit limit) by
// throwing LispError with kind heap-exhausted: see errors.hpp.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string_view>

#include "mps.h"
#include "value.hpp"

namespace lisp {

struct HeapOptions {
  std::size_t commit_limit = 0;  // bytes; 0 means no limit
  bool stress = false;           // MPS stress mode: a collection at every refill
};

// Per-type live counts, for ,heap and --heap-stats.
struct TypeStats {
  std::size_t objects[kTypeCount] = {};
  std::size_t bytes[kTypeCount] = {};
};

class Heap {
 public:
  // `cold_end` is an address in the VM thread's outermost stack frame (the
  // cold end of the ambiguous thread root).
  Heap(const HeapOptions& options, void* cold_end);
  ~Heap();
  Heap(const Heap&) = delete;
  Heap& operator=(const Heap&) = delete;

  mps_arena_t arena() const { return arena_; }
  // Added by A: false while the library lacks thread roots and the arena is
  // kept clamped (see heap.cpp); tests use it to know whether they may
  // unclamp after forcing a collection.
  bool collections_enabled() const { return !clamped_fallback_; }
  // True when the collector runs in stress mode (--stress, or MPS_STRESS in
  // the environment): a full collection at every allocation-point refill.
  bool stress_mode() const { return stress_; }

  // ---- constructors (each may collect) ----
  Value cons(Value car, Value cdr);
  Value make_vector(std::size_t length, Value fill);
  Value make_values(std::size_t count);                   // items set to kUnspecified
  Value make_string(std::string_view bytes);
  Value make_string(std::size_t length, char fill);
  Value make_flonum(double d);
  Value make_bytevector(std::size_t length, std::uint8_t fill);
  Value intern(std::string_view name);                    // the symbol with this name
  Value make_uninterned_symbol(std::string_view name);
  Value make_code();                                      // fields #f / 0; the compiler fills them
  Value make_closure(Value code, std::size_t free_count); // free slots set to kUnspecified
  Value make_primitive(std::size_t index, Value name, int min_args, int max_args);
  Value make_box(Value v);
  Value make_record_type(Value name, Value field_names);
  Value make_record(Value type);                          // fields set to kUnspecified
  Value make_hash_table(HashKind kind, std::size_t capacity = 8);
  Value make_error_object(Value kind, Value message, Value irritants);
  Value make_continuation(std::intptr_t id);
  // `file` is owned by the port; file ports are registered for finalization.
  Value make_port(PortKind kind, Value name, std::FILE* file, Value buffer);

  // ---- hash tables (hash_table.cpp) ----
  // Returns the value, or `missing` when the key is absent.
  Value hash_ref(Value table, Value key, Value missing);
  void hash_set(Value table, Value key, Value value);
  bool hash_delete(Value table, Value key);
  // Calls fn(key, value) for every entry.  fn must not change the table.
  template <class Fn> void hash_for_each(Value table, Fn&& fn);
  // A fresh list of the table's entry pairs (key . value) (the pairs are the
  // table's own: set-cdr! on one changes the table).
  Value hash_entries(Value table);
  void hash_clear(Value table);

  // ---- roots ----
  // Register `count` Values at `base` as an exact root until unregister_root.
  // Used for C++ globals that hold Values.  (The interpreter's value stack is
  // a root of its own: interpreter.cpp.)
  mps_root_t register_root(Value* base, std::size_t count);
  void unregister_root(mps_root_t root);

  // ---- collection ----
  void collect_full();                    // mps_arena_collect + release, then drain messages
  // Processes pending finalization messages (closes dropped file ports) and
  // records gc messages for report_last_gc.  Call at safe points.
  void poll_messages();
  // Prints the sizes from the most recent gc message (for ,gc).
  void report_last_gc(std::FILE* out);
  // Walks the heap; fills per-type counts (for ,heap).
  TypeStats walk_stats();
  // Pools, committed memory, collections so far (for ,heap and --heap-stats).
  void print_summary(std::FILE* out);

 private:
  mps_arena_t arena_ = nullptr;
  mps_fmt_t format_ = nullptr;
  mps_chain_t chain_ = nullptr;
  mps_pool_t amc_ = nullptr;
  mps_pool_t amcz_ = nullptr;
  mps_ap_t ap_ = nullptr;       // AMC
  mps_ap_t leaf_ap_ = nullptr;  // AMCZ
  mps_thr_t thread_ = nullptr;
  mps_root_t thread_root_ = nullptr;
  mps_root_t symbol_table_root_ = nullptr;
  Value symbol_table_ = 0;      // HashTable (string kind) of name -> Symbol
  std::size_t collections_ = 0;
  std::size_t last_condemned_ = 0, last_live_ = 0, last_not_condemned_ = 0;

  // Added by A: the error object thrown when the commit limit is reached
  // (made at start-up, since nothing can be allocated at that point), its
  // root, and whether the thread root is missing (then the arena is kept
  // clamped: see heap.cpp).
  Value exhausted_error_ = 0;
  mps_root_t exhausted_root_ = nullptr;
  bool clamped_fallback_ = false;
  bool stress_ = false;
  unsigned poll_countdown_ = 1024;  // allocations until the next poll_messages

  // Reserve-initialise-commit, retried until commit succeeds.
  template <class Init> Value allocate(mps_ap_t ap, std::size_t words, Init&& init);
  [[noreturn]] void allocation_failed(mps_res_t res, std::size_t bytes);
  void close_port_file(Value port);
  // hash_table.cpp helpers.
  void hash_rehash(Value table, std::size_t bucket_count);
  void rehash_in_place(Value table, HashKind kind);
  Value hash_find(Value table, Value key);  // the entry pair, or 0
  Value find_symbol(std::string_view name);  // 0 if not interned
};

// hash_for_each works on a snapshot (a fresh list of the table's (key . value)
// entry pairs), so fn may allocate (hash-table-walk calls Lisp) and may even
// look the table up (which can rehash it) without disturbing the walk.  The
// local `link` pins the rest of the snapshot while fn runs.
template <class Fn> void Heap::hash_for_each(Value table, Fn&& fn) {
  for (Value link = hash_entries(table); is_pair(link); link = cdr(link)) {
    const Value entry = car(link);
    fn(car(entry), cdr(entry));
  }
}

// Equivalence predicates (hash_table.cpp), shared by the tables and by the
// eqv? / equal? builtins.  equal? recurses through pairs, vectors, strings and
// bytevectors (depth bounded: beyond it, structures compare by eqv?).
bool values_eqv(Value a, Value b);
bool values_equal(Value a, Value b);
// A hash of `v` consistent with equal? that never depends on addresses (for
// the `hash` builtin): objects compared by identity hash by type only.
std::uint64_t stable_hash(Value v);

}  // namespace lisp
